/**
 * Auto-fix for execution-role-ecr-permissions: attach AmazonECSTaskExecutionRolePolicy to the task's
 * execution role. Re-reads the attached policies first (no call when already attached), attaches, then
 * reads them again to verify. Validation is separate (validateAttachStep) so apply can check the
 * whole plan before the first write.
 */
import { AttachRolePolicyCommand, ListAttachedRolePoliciesCommand, type IAMClient } from '@aws-sdk/client-iam';
import { callAws, type CallContext, type Fact } from '../aws/call';
import type { Diagnosis } from '../diagnose/types';
import { executionRoleManagedPolicyArn } from '../permissions';
import { accountOfArn, partitionOfArn, roleNameOf } from './plans/shared';
import { describeFailure, type StepRun } from './step-run';
import type { PlanStep } from './types';

const MAX_PAGES = 10;

export async function listAttachedPolicyArns(iam: IAMClient, ctx: CallContext, roleName: string): Promise<Fact<string[]>> {
  const arns: string[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await callAws(ctx, 'iam:ListAttachedRolePolicies', (abortSignal) =>
      iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) }), { abortSignal }),
    );
    if (!res.ok) return res;
    for (const p of res.value.AttachedPolicies ?? []) if (p.PolicyArn) arns.push(p.PolicyArn);
    if (!res.value.IsTruncated || !res.value.Marker) return { ok: true, value: arns };
    marker = res.value.Marker;
  }
  return { ok: true, value: arns };
}

/** Problems that forbid applying the step (empty = valid). Mirrors the IAM condition: only the one managed policy. */
export function validateAttachStep(step: PlanStep, diagnosis: Diagnosis): string[] {
  const problems: string[] = [];
  const roleArn = diagnosis.resources.executionRoleArn;
  const partition = partitionOfArn(roleArn) ?? partitionOfArn(diagnosis.resources.taskArn) ?? 'aws';
  if (step.action !== 'iam:AttachRolePolicy') problems.push(`step ${step.id}: action ${step.action} is not iam:AttachRolePolicy`);
  if (step.params.PolicyArn !== executionRoleManagedPolicyArn(partition)) problems.push(`step ${step.id}: only ${executionRoleManagedPolicyArn(partition)} may be attached`);
  if (!roleArn || step.params.RoleName !== roleNameOf(roleArn)) problems.push(`step ${step.id}: role name does not match the execution role ${roleArn ?? '(unknown)'}`);
  if (diagnosis.fixInputs.roleInSameAccount !== true || !diagnosis.resources.account || accountOfArn(roleArn) !== diagnosis.resources.account) {
    problems.push(`step ${step.id}: the execution role is not confirmed to be in account ${diagnosis.resources.account || '(unknown)'}`);
  }
  if (diagnosis.fixInputs.denyKind !== 'implicit') problems.push(`step ${step.id}: the deny is not known to be implicit`);
  return problems;
}

export async function applyAttachExecutionRolePolicy(step: PlanStep, env: { iam: IAMClient; ctx: CallContext }): Promise<StepRun> {
  const roleName = String(step.params.RoleName);
  const policyArn = String(step.params.PolicyArn);
  const before = await listAttachedPolicyArns(env.iam, env.ctx, roleName);
  if (!before.ok) return { applied: [], verified: false, failure: { stepId: step.id, error: `could not re-check the attached policies: ${describeFailure(before)}` } };
  if (before.value.includes(policyArn)) {
    return {
      applied: [{ stepId: step.id, action: step.action, resourceId: step.resource, result: 'already-present', detail: `${policyArn} is already attached to ${roleName}; no AttachRolePolicy call was made` }],
      verified: true,
    };
  }
  const attached = await callAws(env.ctx, 'iam:AttachRolePolicy', (abortSignal) => env.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }), { abortSignal }));
  if (!attached.ok) return { applied: [], verified: false, failure: { stepId: step.id, error: describeFailure(attached) } };
  const applied = [{ stepId: step.id, action: step.action, resourceId: step.resource, result: 'changed' as const, detail: `attached ${policyArn} to ${roleName}` }];
  const after = await listAttachedPolicyArns(env.iam, env.ctx, roleName);
  return { applied, verified: after.ok && after.value.includes(policyArn) };
}
