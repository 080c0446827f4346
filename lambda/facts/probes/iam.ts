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
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
  type Role,
} from '@aws-sdk/client-iam';
import type { Clients } from '../../aws/clients';
import { accountOfArn } from '../../aws/arn';
import type { Fact } from '../../aws/call';
import {
  evaluatePolicies,
  knownManagedPolicy,
  parsePolicyDocument,
  requestContext,
  wildcardMatch,
  type PolicyDocument,
  type PolicyStatement,
} from '../policy-eval';
import type { EvalDecision, IamFacts, PermissionCheck, RoleFacts } from '../types';
import { SLOT } from '../call-plan';
import type { CallBudget } from './budget';

export type ActionResource = [action: string, resource: string];

export function roleNameOf(roleArn: string): string {
  return (
    roleArn
      .replace(/^.*:role\//, '')
      .split('/')
      .pop() ?? roleArn
  );
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
    else if (
      !r.ResourceSpecificResults?.length &&
      (r.EvalResourceName === resource || r.EvalResourceName === undefined)
    )
      decision = decisionOf(r.EvalDecision);
    else if (r.EvalResourceName === resource) decision = decisionOf(r.EvalDecision);
    if (!decision) continue;
    const c: PermissionCheck = { action, resource, decision };
    if (decision !== 'allowed') {
      if (r.OrganizationsDecisionDetail?.AllowedByOrganizations === false) c.deniedBy = 'organizations';
      else if (
        (specific?.PermissionsBoundaryDecisionDetail ?? r.PermissionsBoundaryDecisionDetail)
          ?.AllowedByPermissionsBoundary === false
      )
        c.deniedBy = 'permissions-boundary';
      else c.deniedBy = 'identity';
    }
    // Keys a condition needed and the simulation did not have: the decision then proves nothing either way.
    // AWS lists them under the resource when resources were given, else on the result: read both.
    const missing = [...new Set([...(r.MissingContextValues ?? []), ...(specific?.MissingContextValues ?? [])])];
    if (missing.length) c.missingContextValues = missing;
    out.push(c);
  }
  return out;
}

/** The service principal of ECS tasks (task roles and execution roles trust it). */
export const ECS_TASKS_PRINCIPAL = 'ecs-tasks.amazonaws.com';

const listOf = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/**
 * A trust policy lets ECS tasks assume the role: a statement allows sts:AssumeRole (or a wildcard covering
 * it) to the service principal ecs-tasks.amazonaws.com (alone or in a list). Conditions on that statement
 * (aws:SourceAccount, aws:SourceArn) narrow which tasks, not which service: it still trusts ECS tasks. An
 * unconditional Deny of the same (or of everyone) cancels it. Pure.
 */
export function trustsEcsTasks(doc: PolicyDocument | undefined): boolean {
  if (!doc) return false;
  const assumes = (st: PolicyStatement) => listOf(st.Action).some((a) => wildcardMatch(a, 'sts:AssumeRole', true));
  const namesEcsTasks = (st: PolicyStatement) =>
    listOf((st.Principal as { Service?: unknown } | undefined)?.Service).includes(ECS_TASKS_PRINCIPAL);
  const effect = (st: PolicyStatement) => (st.Effect ?? '').toLowerCase();
  const allowed = doc.Statement.some((st) => effect(st) === 'allow' && assumes(st) && namesEcsTasks(st));
  const denied = doc.Statement.some(
    (st) =>
      effect(st) === 'deny' &&
      assumes(st) &&
      (st.Principal === '*' || namesEcsTasks(st)) &&
      !(st.Condition && Object.keys(st.Condition).length),
  );
  return allowed && !denied;
}

/** RoleFacts from iam:GetRole's Role (its trust policy is URL-encoded; an already-decoded one is read too). Pure. */
export function roleFactsOf(role: Role): RoleFacts {
  const out: RoleFacts = {
    arn: role.Arn ?? '',
    path: role.Path ?? '/',
    trustsEcsTasks: trustsEcsTasks(parsePolicyDocument(role.AssumeRolePolicyDocument)),
    tags: Object.fromEntries((role.Tags ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? ''])),
  };
  if (role.PermissionsBoundary?.PermissionsBoundaryArn)
    out.permissionsBoundaryArn = role.PermissionsBoundary.PermissionsBoundaryArn;
  return out;
}

/** iam:GetRole: who may assume the role, its path and tags (the attach auto-fix's scope checks). */
export async function readRole(clients: Clients, budget: CallBudget, roleArn: string): Promise<Fact<RoleFacts>> {
  const input = { RoleName: roleNameOf(roleArn) };
  return budget.call<RoleFacts>(
    'iam:GetRole',
    input,
    async (abortSignal) => {
      const r = await clients.iam.send(new GetRoleCommand(input), { abortSignal });
      if (!r.Role) throw new Error('iam:GetRole answered without a Role');
      return roleFactsOf(r.Role);
    },
    undefined,
    SLOT.role,
  );
}

/**
 * The fallback's verdicts: each (action, resource) evaluated against the role's own documents, with the
 * conditions on aws:PrincipalArn (the role) and aws:PrincipalAccount (its account) evaluated. A statement
 * whose condition needs any other key is undecided: the check is then not allowed (implicit) and lists
 * those keys in missingContextValues, as SimulatePrincipalPolicy does: not proof either way.
 */
export function evaluateDocuments(
  docs: readonly PolicyDocument[],
  wanted: readonly ActionResource[],
  roleArn: string,
): PermissionCheck[] {
  const context = requestContext({ principalArn: roleArn, principalAccount: accountOfArn(roleArn) });
  return wanted.map(([action, resource]) => {
    const r = evaluatePolicies(docs, action, resource, { context });
    const decision = decisionOf(r.decision);
    const c: PermissionCheck =
      decision === 'allowed' ? { action, resource, decision } : { action, resource, decision, deniedBy: 'identity' };
    if (r.unevaluatedKeys.length) c.missingContextValues = r.unevaluatedKeys;
    return c;
  });
}

export async function simulate(
  clients: Clients,
  budget: CallBudget,
  roleArn: string,
  wanted: ActionResource[],
  slot: string = SLOT.simulation,
): Promise<Fact<PermissionCheck[]>> {
  const input = {
    PolicySourceArn: roleArn,
    ActionNames: [...new Set(wanted.map((w) => w[0]))],
    ResourceArns: [...new Set(wanted.map((w) => w[1]))],
  };
  const r = await budget.call(
    'iam:SimulatePrincipalPolicy',
    input,
    (abortSignal) => clients.iam.send(new SimulatePrincipalPolicyCommand(input), { abortSignal }),
    undefined,
    slot,
  );
  if (!r.ok) return r;
  return { ok: true, value: readSimulation(r.value.EvaluationResults ?? [], wanted) };
}

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
  opts: { listAttached: boolean; readRole?: boolean },
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
