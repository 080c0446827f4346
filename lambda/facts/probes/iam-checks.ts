/**
 * The execution role's permission checks (PermissionCheck per action and resource), two ways: from one
 * iam:SimulatePrincipalPolicy (accounts for boundaries and SCPs), or, as the fallback, from the role's own
 * policy documents evaluated with policy-eval.
 */
import { SimulatePrincipalPolicyCommand, type EvaluationResult } from '@aws-sdk/client-iam';
import type { Clients } from '../../aws/clients';
import { accountOfArn } from '../../domain/arn';
import type { Fact } from '../../aws/call';
import { requestContext } from '../policy-eval/context';
import type { PolicyDocument } from '../policy-eval/document';
import { evaluatePolicies } from '../policy-eval/evaluate';
import type { EvalDecision, IamFacts, PermissionCheck } from '../types';
import { SLOT } from '../slots';
import type { CallBudget } from './budget';

export type ActionResource = [action: string, resource: string];

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

/** The four actions an ECR pull needs: the token (any resource) and the three repository actions. */
export function ecrPullActions(repoArn: string): ActionResource[] {
  return [
    ['ecr:GetAuthorizationToken', '*'],
    ...(['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'] as const).map(
      (a): ActionResource => [a, repoArn],
    ),
  ];
}

/**
 * The simulation allows the ECR token and denies some repository action only implicitly, by the identity
 * policies, and decidedly: whether that stops the pull then depends on the (same-account) repository policy.
 */
export function hingesOnRepositoryPolicy(checks: readonly PermissionCheck[], repoArn: string): boolean {
  const token = checks.find((c) => c.action === 'ecr:GetAuthorizationToken' && c.resource === '*');
  const repo = checks.filter((c) => c.resource === repoArn && c.action.startsWith('ecr:'));
  return (
    token?.decision === 'allowed' &&
    repo.some((c) => c.decision === 'implicitDeny') &&
    repo.every(
      (c) =>
        c.decision !== 'explicitDeny' && (c.deniedBy ?? 'identity') === 'identity' && !c.missingContextValues?.length,
    )
  );
}

/** kms:Decrypt of the secrets' keys for the role: from its documents (fallback) or one more simulation. */
export async function kmsDecryptChecks(
  clients: Clients,
  budget: CallBudget,
  iam: IamFacts,
  keys: readonly string[],
): Promise<Fact<PermissionCheck[]>> {
  const wanted: ActionResource[] = keys.map((k) => ['kms:Decrypt', k]);
  if (iam.method === 'policy-documents')
    return { ok: true, value: evaluateDocuments(iam.documents ?? [], wanted, iam.roleArn) };
  return simulate(clients, budget, iam.roleArn, wanted, SLOT.kms);
}
