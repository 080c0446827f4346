/**
 * What a service signal needs from the account (issue 17): whether the service really runs its tasks again
 * (ecs:DescribeServices), and the latest of its stopped tasks that failed to pull (ecs:ListTasks with
 * desiredStatus STOPPED, then ecs:DescribeTasks), so that a service that stopped retrying is still diagnosed. A
 * signal is never trusted for either: both are read back from the account.
 */
import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import type { Clients } from '../../aws/clients';
import { callAws, type CallContext, type Fact } from '../../aws/call';
import { taskToEvent } from '../../event/describe-tasks';
import { findPullFailure } from '../../event/pull-failure';
import { parseTaskStateChange } from '../../event/schema';

export interface ServiceHealth {
  status: string;
  desired: number;
  running: number;
  /** The task definition of the primary deployment (what runs now). */
  taskDefinition?: string;
  /** Deployments still listed (one when nothing rolls out). */
  deployments: number;
  rolloutState?: string;
  /** ACTIVE, at least one task wanted, all of them running, and no rollout in progress or failed. */
  healthy: boolean;
}

/** The service as ECS reports it now; null when the account does not return it (deleted, or never there). */
export async function readServiceHealth(
  clients: Clients,
  ctx: CallContext,
  cluster: string,
  service: string,
): Promise<Fact<ServiceHealth | null>> {
  const r = await callAws(ctx, 'ecs:DescribeServices', (abortSignal) =>
    clients.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }), { abortSignal }),
  );
  if (!r.ok) return r;
  const s = r.value.services?.find((x) => x.serviceName === service) ?? r.value.services?.[0];
  if (!s) return { ok: true, value: null };
  const deployments = s.deployments ?? [];
  const primary = deployments.find((d) => d.status === 'PRIMARY') ?? deployments[0];
  const desired = s.desiredCount ?? 0;
  const running = s.runningCount ?? 0;
  const rolloutState = primary?.rolloutState;
  const settled = deployments.length <= 1 && rolloutState !== 'FAILED' && rolloutState !== 'IN_PROGRESS';
  return {
    ok: true,
    value: {
      status: s.status ?? 'UNKNOWN',
      desired,
      running,
      deployments: deployments.length,
      ...((primary?.taskDefinition ?? s.taskDefinition)
        ? { taskDefinition: (primary?.taskDefinition ?? s.taskDefinition)! }
        : {}),
      ...(rolloutState ? { rolloutState } : {}),
      healthy: s.status === 'ACTIVE' && desired > 0 && running >= desired && settled,
    },
  };
}

/** Stopped tasks of the service read per signal: one page, which DescribeTasks takes in one call (at most 100). */
export const STOPPED_TASKS_READ = 100;

/**
 * The newest stopped task of the service, as an ECS Task State Change event built from the account's own record
 * (DescribeTasks) — when it failed to pull and stopped at or after `notBefore`; else null: the service's latest
 * failure is not an image pull (ListTasks' order is not documented: the newest is found by stoppedAt).
 */
export async function latestPullFailureEvent(
  clients: Clients,
  ctx: CallContext,
  cluster: string,
  service: string,
  account: string,
  region: string,
  notBefore: number,
): Promise<Fact<Record<string, unknown> | null>> {
  const listed = await callAws(ctx, 'ecs:ListTasks', (abortSignal) =>
    clients.ecs.send(
      new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'STOPPED', maxResults: STOPPED_TASKS_READ }),
      { abortSignal },
    ),
  );
  if (!listed.ok) return listed;
  const arns = (listed.value.taskArns ?? []).slice(0, STOPPED_TASKS_READ);
  if (arns.length === 0) return { ok: true, value: null };
  const described = await callAws(ctx, 'ecs:DescribeTasks', (abortSignal) =>
    clients.ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }), { abortSignal }),
  );
  if (!described.ok) return described;
  // A Date from the SDK; an ISO string from JSON of `aws ecs describe-tasks`.
  const stoppedAt = (t: { stoppedAt?: unknown }) =>
    t.stoppedAt instanceof Date ? t.stoppedAt.getTime() : Date.parse(String(t.stoppedAt ?? '')) || 0;
  const tasks = [...(described.value.tasks ?? [])].sort((a, b) => stoppedAt(b) - stoppedAt(a));
  // ListTasks filtered by the service already (an emulator may not): only this service's stopped tasks count.
  const newest = tasks.find((t) => t.lastStatus === 'STOPPED' && t.group === `service:${service}`);
  // A task without stoppedAt (ECS always sets it; moto 5.2.1 does not) is of unknown age: ECS keeps a stopped task
  // for about an hour, so it is taken as recent.
  if (!newest || (stoppedAt(newest) > 0 && stoppedAt(newest) < notBefore)) return { ok: true, value: null };
  const event = { ...(taskToEvent(newest) as Record<string, unknown>), account, region };
  const parsed = parseTaskStateChange(event);
  return { ok: true, value: parsed.ok && findPullFailure(parsed.task).ok ? event : null };
}
