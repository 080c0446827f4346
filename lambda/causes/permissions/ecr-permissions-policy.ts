/**
 * How execution-role-ecr-permissions reads its answers: the permission checks as evidence, and what the
 * (same-account) repository policy grants or denies the execution role.
 */
import { requestContext } from '../../facts/policy-eval/context';
import { evaluatePolicies, principalMatcher } from '../../facts/policy-eval/evaluate';
import type { PermissionCheck } from '../../facts/types';
import { listArgs, type CheckContext } from '../context';
import { ECR_PERMISSIONS_TEXTS } from './ecr-permissions-texts';
import { CHECKED_PULL_ACTIONS } from './shared';

/** The permission checks as list {checks}. */
export function checkArgs(checks: PermissionCheck[]) {
  return listArgs(
    'checks',
    checks.map((c) => {
      const args = { action: c.action, resource: c.resource, decision: c.decision };
      return c.deniedBy && c.deniedBy !== 'identity'
        ? ECR_PERMISSIONS_TEXTS.t('evidence.part.permission.by', { ...args, deniedBy: c.deniedBy })
        : ECR_PERMISSIONS_TEXTS.t('evidence.part.permission', args);
    }),
    'semicolon',
  );
}

/** Condition keys the evaluation of these checks lacked (sorted, once each). */
export function missingKeys(checks: PermissionCheck[]): string[] {
  return [...new Set(checks.flatMap((c) => c.missingContextValues ?? []))].sort();
}

export type RepositoryGrant =
  | { kind: 'none' }
  | { kind: 'not-read' }
  | { kind: 'unread'; reason: string }
  | { kind: 'grants' | 'conditional'; actions: string[] };

/**
 * Whether the (same-account) repository policy grants the execution role these actions by itself. Only a
 * statement naming the role (or everyone) does: one naming the account delegates to the account's identity
 * policies. `none`: no policy, or it grants at least one of them to nobody that matches (that action then
 * needs an identity grant: the implicit deny stands as proof).
 */
export function repositoryGrant(
  ctx: CheckContext,
  roleArn: string,
  repoArn: string,
  actions: string[],
): RepositoryGrant {
  const fact = ctx.facts.ecr?.repositoryPolicy;
  if (!fact) return { kind: 'not-read' };
  if (!fact.ok) return { kind: 'unread', reason: fact.reason };
  if (fact.value === null) return { kind: 'none' };
  const match = principalMatcher(roleArn, undefined);
  // Conditions on what is known of the pull (the role, the account) are evaluated; any other stays undecided.
  const context = requestContext({ principalArn: roleArn, principalAccount: ctx.account });
  // (A Deny that applies or may apply was handled before: repositoryDenies.)
  const decisions = actions.map((a) => ({
    a,
    d: evaluatePolicies([fact.value!], a, repoArn, { principalMatches: match, context }).decision,
  }));
  if (decisions.some((x) => x.d === 'implicitDeny' || x.d === 'explicitDeny')) return { kind: 'none' };
  const conditional = decisions.filter((x) => x.d === 'conditional').map((x) => x.a);
  return conditional.length ? { kind: 'conditional', actions: conditional } : { kind: 'grants', actions };
}

/** Whether the (same-account) repository policy denies the role a pull action, or may (undecided Deny). */
export function repositoryDenies(
  ctx: CheckContext,
  roleArn: string,
  repoArn: string,
): { certain: boolean; actions: string[]; statements: string[] } | undefined {
  const fact = ctx.facts.ecr?.repositoryPolicy;
  if (!fact?.ok || fact.value === null) return undefined;
  const match = principalMatcher(roleArn, ctx.account);
  const context = requestContext({ principalArn: roleArn, principalAccount: ctx.account });
  const results = CHECKED_PULL_ACTIONS.map((a) => ({
    a,
    r: evaluatePolicies([fact.value!], a, repoArn, { principalMatches: match, context }),
  }));
  const hits = results.filter((x) => x.r.decision === 'explicitDeny');
  const maybe = results.filter((x) => x.r.decision === 'conditional' && x.r.undecided === 'deny');
  const chosen = hits.length ? hits : maybe;
  if (!chosen.length) return undefined;
  return {
    certain: hits.length > 0,
    actions: chosen.map((x) => x.a),
    statements: [...new Set(chosen.flatMap((x) => x.r.statements))],
  };
}
