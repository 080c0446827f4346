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
 * FixInputs.attachedPolicyArns and the fallback). Fallback: two more waves at most.
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
  // Fallback: the role's own policy documents. Managed and inline chains run side by side so the
  // slowest path stays within two more waves (GetPolicy → GetPolicyVersion; ListRolePolicies → GetRolePolicy).
  const inlineIn = { RoleName: roleName };
  const docs: PolicyDocument[] = [];
  const unread: Array<{ policy: string; reason: string }> = [];
  let arns: string[] = [];
  const managedChain = (attachedEarly ? Promise.resolve(attachedEarly) : listAttached()).then(async (attached) => {
    if (!attached.ok) {
      unread.push({ policy: 'attached managed policies', reason: attached.reason });
      return false;
    }
    arns = attachedArns(attached) ?? [];
    const custom: string[] = [];
    for (const arn of arns) {
      const k = knownManagedPolicy(arn);
      if (k) docs.push(k);
      else custom.push(arn);
    }
    await Promise.all(
      custom.map(async (arn) => {
        const pIn = { PolicyArn: arn };
        const p = await budget.call('iam:GetPolicy', pIn, (abortSignal) => clients.iam.send(new GetPolicyCommand(pIn), { abortSignal }));
        const version = p.ok ? p.value.Policy?.DefaultVersionId : undefined;
        if (!version) {
          unread.push({ policy: arn, reason: p.ok ? 'no default version' : p.reason });
          return;
        }
        const vIn = { PolicyArn: arn, VersionId: version };
        const v = await budget.call('iam:GetPolicyVersion', vIn, (abortSignal) => clients.iam.send(new GetPolicyVersionCommand(vIn), { abortSignal }));
        const doc = v.ok ? parsePolicyDocument(v.value.PolicyVersion?.Document) : undefined;
        if (doc) docs.push(doc);
        else unread.push({ policy: arn, reason: v.ok ? 'document could not be parsed' : v.reason });
      }),
    );
    return true;
  });
  const inlineChain = budget
    .call('iam:ListRolePolicies', inlineIn, (abortSignal) => clients.iam.send(new ListRolePoliciesCommand(inlineIn), { abortSignal }))
    .then(async (inline) => {
      if (!inline.ok) {
        unread.push({ policy: 'inline policies', reason: inline.reason });
        return false;
      }
      await Promise.all(
        (inline.value.PolicyNames ?? []).map(async (name) => {
          const input = { RoleName: roleName, PolicyName: name };
          const r = await budget.call('iam:GetRolePolicy', input, (abortSignal) => clients.iam.send(new GetRolePolicyCommand(input), { abortSignal }));
          const doc = r.ok ? parsePolicyDocument(r.value.PolicyDocument) : undefined;
          if (doc) docs.push(doc);
          else unread.push({ policy: `inline ${name}`, reason: r.ok ? 'document could not be parsed' : r.reason });
        }),
      );
      return true;
    });
  const [managedOk, inlineOk] = await Promise.all([managedChain, inlineChain]);
  if (!managedOk && !inlineOk) return { ...sim, reason: `${sim.reason}; fallback failed too: ${unread.map((u) => u.reason).join('; ')}` };
  const checks: PermissionCheck[] = wanted.map(([action, resource]) => {
    const e = evaluatePolicies(docs, action, resource);
    // A conditional allow is not proof of allow; nor is it a deny: count it as implicit unless nothing else.
    const decision: EvalDecision = e.decision === 'allowed' ? 'allowed' : e.decision === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny';
    return { action, resource, decision, deniedBy: decision === 'allowed' ? undefined : 'identity' } as PermissionCheck;
  }).map((c) => {
    if (c.deniedBy === undefined) delete c.deniedBy;
    return c;
  });
  const facts: IamFacts = { roleArn, method: 'policy-documents', checks, attachedPolicyArns: arns, documents: docs };
  if (unread.length) facts.unreadPolicies = unread;
  return { ok: true, value: facts };
}
