/**
 * Execution-role permissions. Preferred: one iam:SimulatePrincipalPolicy for every needed action on its
 * resource (ECR actions, secrets, kms:Decrypt), which accounts for boundaries and SCPs. When it is
 * unavailable (AccessDenied by SCP, throttled, …): read the role's own policies (attached managed:
 * ListAttachedRolePolicies → GetPolicy → GetPolicyVersion, well-known AWS managed ones from a table;
 * inline: ListRolePolicies → GetRolePolicy) and evaluate them with policy-eval.
 */
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
} from '@aws-sdk/client-iam';
import type { Clients } from '../../aws/clients';
import type { Fact } from '../../aws/call';
import { evaluatePolicies, knownManagedPolicy, parsePolicyDocument, type PolicyDocument } from '../policy-eval';
import type { EvalDecision, IamFacts, PermissionCheck } from '../types';
import { SLOT } from '../call-plan';
import type { CallBudget } from './budget';

export type ActionResource = [action: string, resource: string];

export function roleNameOf(roleArn: string): string {
  return roleArn.replace(/^.*:role\//, '').split('/').pop() ?? roleArn;
}

function decisionOf(d: string | undefined): EvalDecision {
  return d === 'allowed' ? 'allowed' : d === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny';
}

/** Reads SimulatePrincipalPolicy results for the (action, resource) pairs asked. */
export function readSimulation(results: EvaluationResult[], wanted: ActionResource[]): PermissionCheck[] {
  const out: PermissionCheck[] = [];
  for (const [action, resource] of wanted) {
    const r = results.find((x) => x.EvalActionName?.toLowerCase() === action.toLowerCase());
    if (!r) continue;
    const specific = r.ResourceSpecificResults?.find((x) => x.EvalResourceName === resource);
    let decision: EvalDecision | undefined;
    if (specific) decision = decisionOf(specific.EvalResourceDecision);
    else if (!r.ResourceSpecificResults?.length && (r.EvalResourceName === resource || r.EvalResourceName === undefined)) decision = decisionOf(r.EvalDecision);
    else if (r.EvalResourceName === resource) decision = decisionOf(r.EvalDecision);
    if (!decision) continue;
    const c: PermissionCheck = { action, resource, decision };
    if (decision !== 'allowed') {
      if (r.OrganizationsDecisionDetail?.AllowedByOrganizations === false) c.deniedBy = 'organizations';
      else if (r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === false) c.deniedBy = 'permissions-boundary';
      else c.deniedBy = 'identity';
    }
    out.push(c);
  }
  return out;
}

/**
 * The fallback's verdicts: each (action, resource) evaluated against the role's own documents. A
 * conditional allow is not proof of allow; nor is it a deny: it counts as implicit.
 */
export function evaluateDocuments(docs: readonly PolicyDocument[], wanted: readonly ActionResource[]): PermissionCheck[] {
  return wanted.map(([action, resource]) => {
    const decision = decisionOf(evaluatePolicies(docs, action, resource).decision);
    return decision === 'allowed' ? { action, resource, decision } : { action, resource, decision, deniedBy: 'identity' };
  });
}

export async function simulate(clients: Clients, budget: CallBudget, roleArn: string, wanted: ActionResource[], slot: string = SLOT.simulation): Promise<Fact<PermissionCheck[]>> {
  const input = {
    PolicySourceArn: roleArn,
    ActionNames: [...new Set(wanted.map((w) => w[0]))],
    ResourceArns: [...new Set(wanted.map((w) => w[1]))],
  };
  const r = await budget.call('iam:SimulatePrincipalPolicy', input, (abortSignal) => clients.iam.send(new SimulatePrincipalPolicyCommand(input), { abortSignal }), undefined, slot);
  if (!r.ok) return r;
  return { ok: true, value: readSimulation(r.value.EvaluationResults ?? [], wanted) };
}

/**
 * Simulation first; the attached-policy list runs alongside when `listAttached` (it feeds
 * FixInputs.attachedPolicyArns and the fallback). Fallback: the role's own policy documents, read in two
 * synchronized steps (lists and GetPolicy, then the documents), so the calls asked of the budget are the
 * same, in the same order, whatever answers first — and the slowest path stays within two more waves.
 */
export async function probeIam(clients: Clients, budget: CallBudget, roleArn: string, wanted: ActionResource[], opts: { listAttached: boolean }): Promise<Fact<IamFacts>> {
  const roleName = roleNameOf(roleArn);
  const attachedIn = { RoleName: roleName };
  const listAttached = () =>
    budget.call('iam:ListAttachedRolePolicies', attachedIn, (abortSignal) => clients.iam.send(new ListAttachedRolePoliciesCommand(attachedIn), { abortSignal }));
  const [sim, attachedEarly] = await Promise.all([simulate(clients, budget, roleArn, wanted), opts.listAttached ? listAttached() : undefined]);
  const attachedArns = (f: Awaited<ReturnType<typeof listAttached>> | undefined) => (f?.ok ? (f.value.AttachedPolicies ?? []).map((p) => p.PolicyArn!).filter(Boolean) : undefined);
  if (sim.ok) {
    const facts: IamFacts = { roleArn, method: 'simulation', checks: sim.value };
    const arns = attachedArns(attachedEarly);
    if (arns) facts.attachedPolicyArns = arns;
    return { ok: true, value: facts };
  }

  const docs: PolicyDocument[] = [];
  const unread: NonNullable<IamFacts['unreadPolicies']> = [];
  const listInline = () => {
    const inlineIn = { RoleName: roleName };
    return budget.call('iam:ListRolePolicies', inlineIn, (abortSignal) => clients.iam.send(new ListRolePoliciesCommand(inlineIn), { abortSignal }));
  };
  const getPolicy = (arn: string) => {
    const pIn = { PolicyArn: arn };
    return budget.call('iam:GetPolicy', pIn, (abortSignal) => clients.iam.send(new GetPolicyCommand(pIn), { abortSignal }));
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
    return budget.call('iam:GetPolicyVersion', vIn, (abortSignal) => clients.iam.send(new GetPolicyVersionCommand(vIn), { abortSignal }));
  });
  const names = inline.ok ? (inline.value.PolicyNames ?? []) : [];
  const inlineDocs = names.map((name) => {
    const input = { RoleName: roleName, PolicyName: name };
    return budget.call('iam:GetRolePolicy', input, (abortSignal) => clients.iam.send(new GetRolePolicyCommand(input), { abortSignal }));
  });
  const [versionResults, inlineResults] = await Promise.all([Promise.all(versions), Promise.all(inlineDocs)]);
  versionResults.forEach((v, i) => {
    if (!v) return;
    const doc = v.ok ? parsePolicyDocument(v.value.PolicyVersion?.Document) : undefined;
    if (doc) docs.push(doc);
    else unread.push({ policy: custom[i]!, api: 'iam:GetPolicyVersion', reason: v.ok ? 'document could not be parsed' : v.reason });
  });
  inlineResults.forEach((r, i) => {
    const doc = r.ok ? parsePolicyDocument(r.value.PolicyDocument) : undefined;
    if (doc) docs.push(doc);
    else unread.push({ policy: `inline ${names[i]}`, api: 'iam:GetRolePolicy', reason: r.ok ? 'document could not be parsed' : r.reason });
  });

  if (!attached.ok && !inline.ok) return { ...sim, reason: `${sim.reason}; fallback failed too: ${unread.map((u) => u.reason).join('; ')}` };
  const checks = evaluateDocuments(docs, wanted);
  const facts: IamFacts = { roleArn, method: 'policy-documents', checks, attachedPolicyArns: arns, documents: docs, simulationFailure: { api: sim.api, reason: sim.reason } };
  if (unread.length) facts.unreadPolicies = unread;
  return { ok: true, value: facts };
}
