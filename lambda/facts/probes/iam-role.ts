/** The execution role itself (iam:GetRole): its name, whom it trusts, its path, boundary and tags. */
import { GetRoleCommand, type Role } from '@aws-sdk/client-iam';
import type { Clients } from '../../aws/clients';
import type { Fact } from '../../aws/call';
import { parsePolicyDocument, type PolicyDocument, type PolicyStatement } from '../policy-eval/document';
import { wildcardMatch } from '../policy-eval/wildcard';
import type { RoleFacts } from '../types';
import { roleNameOf as roleNameFromArn } from '../../domain/arn';
import { SLOT } from '../slots';
import type { CallBudget } from './budget';

/** The role name IAM's role APIs take: from the ARN, else the last path segment of what the task definition says. */
export function roleNameOf(roleArn: string): string {
  return roleNameFromArn(roleArn) ?? roleArn.split('/').pop() ?? roleArn;
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
