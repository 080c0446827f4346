/**
 * Execution-role permissions. Preferred: one iam:SimulatePrincipalPolicy for every needed action on its
 * resource (ECR actions, secrets, kms:Decrypt), which accounts for boundaries and SCPs. When it is
 * unavailable (AccessDenied by SCP, throttled, …): read the role's own policies (attached managed:
 * ListAttachedRolePolicies → GetPolicy → GetPolicyVersion, well-known AWS managed ones from a table;
 * inline: ListRolePolicies → GetRolePolicy) and evaluate them with policy-eval.
 * The checks from either source: iam-checks.ts; the role itself (iam:GetRole): iam-role.ts.
 */
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import type { Clients } from '../../aws/clients';
import type { Fact } from '../../aws/call';
import { parsePolicyDocument, type PolicyDocument } from '../policy-eval/document';
import { knownManagedPolicy } from '../policy-eval/managed-policies';
import type { IamFacts } from '../types';
import type { CallBudget } from './budget';
import { evaluateDocuments, simulate, type ActionResource } from './iam-checks';
import { readRole, roleNameOf } from './iam-role';

/**
 * Simulation first; the attached-policy list runs alongside when `listAttached` (it feeds
 * FixInputs.attachedPolicyArns and the fallback), and iam:GetRole when `readRole` (trust, path, tags: the
 * attach auto-fix's scope; it does not decide a permission, so its failure only leaves `role` unknown). Fallback: the
 * role's own policy documents, read in two
 * synchronized steps (lists and GetPolicy, then the documents), so the calls asked of the budget are the
 * same, in the same order, whatever answers first — and the slowest path stays within two more waves.
 */
export async function probeIam(
  clients: Clients,
  budget: CallBudget,
  roleArn: string,
  wanted: ActionResource[],
  opts: { listAttached: boolean; readRole?: boolean; fallback?: boolean },
): Promise<Fact<IamFacts>> {
  const roleName = roleNameOf(roleArn);
  const attachedIn = { RoleName: roleName };
  const listAttached = () =>
    budget.call('iam:ListAttachedRolePolicies', attachedIn, (abortSignal) =>
      clients.iam.send(new ListAttachedRolePoliciesCommand(attachedIn), { abortSignal }),
    );
  const [sim, attachedEarly, role] = await Promise.all([
    simulate(clients, budget, roleArn, wanted),
    opts.listAttached ? listAttached() : undefined,
    opts.readRole ? readRole(clients, budget, roleArn) : undefined,
  ]);
  const attachedArns = (f: Awaited<ReturnType<typeof listAttached>> | undefined) =>
    f?.ok ? (f.value.AttachedPolicies ?? []).map((p) => p.PolicyArn!).filter(Boolean) : undefined;
  if (sim.ok) {
    const facts: IamFacts = { roleArn, method: 'simulation', checks: sim.value };
    const arns = attachedArns(attachedEarly);
    if (arns) facts.attachedPolicyArns = arns;
    if (role) facts.role = role;
    return { ok: true, value: facts };
  }
  if (opts.fallback === false) return sim;

  const docs: PolicyDocument[] = [];
  const unread: NonNullable<IamFacts['unreadPolicies']> = [];
  const listInline = () => {
    const inlineIn = { RoleName: roleName };
    return budget.call('iam:ListRolePolicies', inlineIn, (abortSignal) =>
      clients.iam.send(new ListRolePoliciesCommand(inlineIn), { abortSignal }),
    );
  };
  const getPolicy = (arn: string) => {
    const pIn = { PolicyArn: arn };
    return budget.call('iam:GetPolicy', pIn, (abortSignal) =>
      clients.iam.send(new GetPolicyCommand(pIn), { abortSignal }),
    );
  };
  const customOf = (arns: string[]) => {
    const custom: string[] = [];
    for (const arn of arns) {
      const k = knownManagedPolicy(arn);
      if (k) docs.push(k);
      else custom.push(arn);
    }
    return custom;
  };

  // Step 1: the lists, and GetPolicy for the customer managed policies already listed.
  let attached = attachedEarly;
  let inline: Awaited<ReturnType<typeof listInline>>;
  let custom: string[] = [];
  let policies: Array<Awaited<ReturnType<typeof getPolicy>>>;
  if (attached) {
    custom = customOf(attachedArns(attached) ?? []);
    [inline, ...policies] = await Promise.all([listInline(), ...custom.map(getPolicy)]);
  } else {
    [attached, inline] = await Promise.all([listAttached(), listInline()]);
    custom = customOf(attachedArns(attached) ?? []);
    policies = await Promise.all(custom.map(getPolicy));
  }
  if (!attached.ok) unread.push({ policy: 'attached managed policies', api: attached.api, reason: attached.reason });
  if (!inline.ok) unread.push({ policy: 'inline policies', api: inline.api, reason: inline.reason });
  const arns = attachedArns(attached) ?? [];

  // Step 2: the documents (managed versions first, then inline policies).
  const versions = custom.map((arn, i) => {
    const p = policies[i]!;
    const version = p.ok ? p.value.Policy?.DefaultVersionId : undefined;
    if (!version) {
      unread.push({ policy: arn, api: 'iam:GetPolicy', reason: p.ok ? 'no default version' : p.reason });
      return undefined;
    }
    const vIn = { PolicyArn: arn, VersionId: version };
    return budget.call('iam:GetPolicyVersion', vIn, (abortSignal) =>
      clients.iam.send(new GetPolicyVersionCommand(vIn), { abortSignal }),
    );
  });
  const names = inline.ok ? (inline.value.PolicyNames ?? []) : [];
  const inlineDocs = names.map((name) => {
    const input = { RoleName: roleName, PolicyName: name };
    return budget.call('iam:GetRolePolicy', input, (abortSignal) =>
      clients.iam.send(new GetRolePolicyCommand(input), { abortSignal }),
    );
  });
  const [versionResults, inlineResults] = await Promise.all([Promise.all(versions), Promise.all(inlineDocs)]);
  versionResults.forEach((v, i) => {
    if (!v) return;
    const doc = v.ok ? parsePolicyDocument(v.value.PolicyVersion?.Document) : undefined;
    if (doc) docs.push(doc);
    else
      unread.push({
        policy: custom[i]!,
        api: 'iam:GetPolicyVersion',
        reason: v.ok ? 'document could not be parsed' : v.reason,
      });
  });
  inlineResults.forEach((r, i) => {
    const doc = r.ok ? parsePolicyDocument(r.value.PolicyDocument) : undefined;
    if (doc) docs.push(doc);
    else
      unread.push({
        policy: `inline ${names[i]}`,
        api: 'iam:GetRolePolicy',
        reason: r.ok ? 'document could not be parsed' : r.reason,
      });
  });

  if (!attached.ok && !inline.ok)
    return { ...sim, reason: `${sim.reason}; fallback failed too: ${unread.map((u) => u.reason).join('; ')}` };
  const checks = evaluateDocuments(docs, wanted, roleArn);
  const facts: IamFacts = {
    roleArn,
    method: 'policy-documents',
    checks,
    attachedPolicyArns: arns,
    documents: docs,
    simulationFailure: { api: sim.api, reason: sim.reason },
  };
  if (unread.length) facts.unreadPolicies = unread;
  if (role) facts.role = role;
  return { ok: true, value: facts };
}
