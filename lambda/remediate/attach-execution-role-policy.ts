/**
 * Auto-fix for execution-role-ecr-permissions: attach AmazonECSTaskExecutionRolePolicy to the task's
 * execution role. Re-reads the attached policies first (no call when already attached), attaches, then
 * reads them again to verify the attachment, and simulates the ECR pull again to report whether the grant
 * now holds (IAM is eventually consistent: a "still denied" seconds after the change is not a failure).
 * Validation is separate (validateAttachStep) so apply can check the whole plan before the first write.
 */
import {
  AttachRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { callAws, type CallContext, type Fact } from '../aws/call';
import type { Diagnosis } from '../domain/diagnosis';
import { readSimulation, type ActionResource } from '../facts/probes/iam-checks';
import { executionRoleManagedPolicyArn } from '../permissions';
import type { PlanOptions } from './plan-options';
import { ECR_PULL_ACTIONS, roleHasAutoFixTag, rolePathInScope } from './role-scope';
import { accountOfArn, partitionOfArn, roleNameOf } from '../domain/arn';
import { describeFailure, type StepRun } from './step-run';
import type { AppliedStep, PlanStep } from './types';

const MAX_PAGES = 10;

export async function listAttachedPolicyArns(
  iam: IAMClient,
  ctx: CallContext,
  roleName: string,
): Promise<Fact<string[]>> {
  const arns: string[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await callAws(ctx, 'iam:ListAttachedRolePolicies', (abortSignal) =>
      iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) }), {
        abortSignal,
      }),
    );
    if (!res.ok) return res;
    for (const p of res.value.AttachedPolicies ?? []) if (p.PolicyArn) arns.push(p.PolicyArn);
    if (!res.value.IsTruncated || !res.value.Marker) return { ok: true, value: arns };
    marker = res.value.Marker;
  }
  return { ok: true, value: arns };
}

/**
 * Problems that forbid applying the step (empty = valid). Mirrors the IAM condition (only the one managed
 * policy, roles under the scope's path, the tag when required) and repeats the planner's refusals: only an
 * implicit deny of an ECS role (trusts ecs-tasks.amazonaws.com) in the deployment's role scope.
 */
export function validateAttachStep(
  step: PlanStep,
  diagnosis: Diagnosis,
  roleScope: PlanOptions['roleScope'],
): string[] {
  const problems: string[] = [];
  const roleArn = diagnosis.resources.executionRoleArn;
  const partition = partitionOfArn(roleArn) ?? partitionOfArn(diagnosis.resources.taskArn) ?? 'aws';
  if (step.action !== 'iam:AttachRolePolicy')
    problems.push(`step ${step.id}: action ${step.action} is not iam:AttachRolePolicy`);
  if (step.params.PolicyArn !== executionRoleManagedPolicyArn(partition))
    problems.push(`step ${step.id}: only ${executionRoleManagedPolicyArn(partition)} may be attached`);
  if (!roleArn || step.params.RoleName !== roleNameOf(roleArn))
    problems.push(`step ${step.id}: role name does not match the execution role ${roleArn ?? '(unknown)'}`);
  if (
    diagnosis.fixInputs.roleInSameAccount !== true ||
    !diagnosis.resources.account ||
    accountOfArn(roleArn) !== diagnosis.resources.account
  ) {
    problems.push(
      `step ${step.id}: the execution role is not confirmed to be in account ` +
        `${diagnosis.resources.account || '(unknown)'}`,
    );
  }
  const fi = diagnosis.fixInputs;
  if (fi.denyKind !== 'implicit')
    problems.push(
      `step ${step.id}: the deny is not known to be implicit${fi.denyKind ? ` (it is ${fi.denyKind})` : ''}`,
    );
  if (fi.missingContextKeys?.length)
    problems.push(`step ${step.id}: IAM could not decide without ${fi.missingContextKeys.join(', ')}`);
  const role = fi.executionRole;
  if (!role)
    problems.push(
      `step ${step.id}: the trust policy, path and tags of ${roleArn ?? 'the execution role'} were not read`,
    );
  else {
    if (!role.trustsEcsTasks) problems.push(`step ${step.id}: ${roleArn} does not trust ecs-tasks.amazonaws.com`);
    if (!rolePathInScope(role.path, roleScope.path))
      problems.push(`step ${step.id}: the role path ${role.path} is outside ${roleScope.path}`);
    if (roleScope.requireTag && !roleHasAutoFixTag(role.tags))
      problems.push(`step ${step.id}: the role lacks the auto-fix tag`);
  }
  return problems;
}

/** Whether the ECR pull grant holds after the change, by iam:SimulatePrincipalPolicy. */
export type PermissionRecheck = NonNullable<AppliedStep['permissionCheck']>;

/**
 * Simulates the ECR pull again (ecr:GetAuthorizationToken on "*", the three pull actions on the
 * repository) with the write context: 'allowed', 'still-denied' (with what), or 'could-not-check' (why).
 */
export async function recheckPull(
  iam: IAMClient,
  ctx: CallContext,
  roleArn: string,
  repositoryArn: string | undefined,
): Promise<{ check: PermissionRecheck; detail: string }> {
  if (!repositoryArn)
    return { check: 'could-not-check', detail: 'could not re-simulate the pull: the repository is not known' };
  const wanted: ActionResource[] = [
    ['ecr:GetAuthorizationToken', '*'],
    ...ECR_PULL_ACTIONS.map((a): ActionResource => [a, repositoryArn]),
  ];
  const input = { PolicySourceArn: roleArn, ActionNames: wanted.map((w) => w[0]), ResourceArns: ['*', repositoryArn] };
  const r = await callAws(ctx, 'iam:SimulatePrincipalPolicy', (abortSignal) =>
    iam.send(new SimulatePrincipalPolicyCommand(input), { abortSignal }),
  );
  if (!r.ok) return { check: 'could-not-check', detail: `could not re-simulate the pull: ${describeFailure(r)}` };
  const checks = readSimulation(r.value.EvaluationResults ?? [], wanted);
  const denied = checks.filter((c) => c.decision !== 'allowed');
  const undecided = [...new Set(checks.flatMap((c) => c.missingContextValues ?? []))];
  if (denied.length)
    return {
      check: 'still-denied',
      detail:
        `re-simulated: still denied ${denied.map((c) => c.action).join(', ')} — IAM changes can ` +
        `take a few seconds to propagate`,
    };
  if (checks.length < wanted.length || undecided.length) {
    return {
      check: 'could-not-check',
      detail: `could not re-simulate the pull: ${
        checks.length < wanted.length
          ? 'the simulation did not answer for every action'
          : `IAM decided without ${undecided.join(', ')}`
      }`,
    };
  }
  return {
    check: 'allowed',
    detail: `re-simulated: ${roleArn} is now allowed ${wanted.map((w) => w[0]).join(', ')} on ${repositoryArn}`,
  };
}

/**
 * `repositoryArn`: the diagnosis's repository, for the re-simulation. `verified` stays about the attachment
 * (ListAttachedRolePolicies); whether the pull is now allowed is the step's `permissionCheck`.
 */
export async function applyAttachExecutionRolePolicy(
  step: PlanStep,
  env: { iam: IAMClient; ctx: CallContext; repositoryArn?: string | undefined },
): Promise<StepRun> {
  const roleName = String(step.params.RoleName);
  const policyArn = String(step.params.PolicyArn);
  const withRecheck = async (a: AppliedStep): Promise<AppliedStep> => {
    const r = await recheckPull(env.iam, env.ctx, step.resource, env.repositoryArn);
    return { ...a, detail: `${a.detail}; ${r.detail}`, permissionCheck: r.check };
  };
  const before = await listAttachedPolicyArns(env.iam, env.ctx, roleName);
  if (!before.ok)
    return {
      applied: [],
      verified: false,
      failure: { stepId: step.id, error: `could not re-check the attached policies: ${describeFailure(before)}` },
    };
  if (before.value.includes(policyArn)) {
    const present: AppliedStep = {
      stepId: step.id,
      action: step.action,
      resourceId: step.resource,
      result: 'already-present',
      detail: `${policyArn} is already attached to ${roleName}; no AttachRolePolicy call was made`,
    };
    return { applied: [await withRecheck(present)], verified: true };
  }
  const attached = await callAws(env.ctx, 'iam:AttachRolePolicy', (abortSignal) =>
    env.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }), { abortSignal }),
  );
  if (!attached.ok)
    return { applied: [], verified: false, failure: { stepId: step.id, error: describeFailure(attached) } };
  const changed: AppliedStep = {
    stepId: step.id,
    action: step.action,
    resourceId: step.resource,
    result: 'changed',
    detail: `attached ${policyArn} to ${roleName}`,
  };
  const after = await listAttachedPolicyArns(env.iam, env.ctx, roleName);
  return { applied: [await withRecheck(changed)], verified: after.ok && after.value.includes(policyArn) };
}
