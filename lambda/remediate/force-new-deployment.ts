/** Optional follow-up after a successful fix: ecs:UpdateService --force-new-deployment (service tasks only). */
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { callAws, type CallContext } from '../aws/call';
import type { Diagnosis } from '../domain/diagnosis';
import { describeFailure } from './step-run';
import type { AppliedStep } from './types';

export const FORCE_NEW_DEPLOYMENT_STEP_ID = 'force-new-deployment';

/** Never throws; a failure is reported as a skipped follow-up (the fix itself stands). */
export async function forceNewDeployment(
  diagnosis: Diagnosis,
  env: { ecs: ECSClient; ctx: CallContext },
): Promise<AppliedStep> {
  const r = diagnosis.resources;
  const base = { stepId: FORCE_NEW_DEPLOYMENT_STEP_ID, action: 'ecs:UpdateService' };
  if (!r.service) return { ...base, result: 'skipped', detail: 'the task does not belong to a service' };
  const cluster = r.clusterArn || r.cluster;
  const res = await callAws(env.ctx, 'ecs:UpdateService', (abortSignal) =>
    env.ecs.send(new UpdateServiceCommand({ cluster, service: r.service, forceNewDeployment: true }), { abortSignal }),
  );
  if (!res.ok)
    return {
      ...base,
      resourceId: r.service,
      result: 'skipped',
      detail: `new deployment not started: ${describeFailure(res)}`,
    };
  const id = res.value.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id;
  return {
    ...base,
    resourceId: r.service,
    result: 'changed',
    detail: `started a new deployment of service ${r.service}${id ? ` (${id})` : ''}`,
  };
}
