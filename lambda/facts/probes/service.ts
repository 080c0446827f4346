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

/** Stopped tasks of the service read per signal (ListTasks returns the most recent first; at most one page). */
export const STOPPED_TASKS_READ = 10;

/**
 * The latest stopped task of the service that failed to pull, as an ECS Task State Change event built from the
 * account's own record (DescribeTasks), or null when none of its recent stopped tasks did.
 */
export async function latestPullFailureEvent(
  clients: Clients,
  ctx: CallContext,
  cluster: string,
  service: string,
  account: string,
  region: string,
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
  for (const t of tasks) {
    // ListTasks filtered by the service already (an emulator may not): only this service's stopped tasks count.
    if (t.lastStatus !== 'STOPPED' || t.group !== `service:${service}`) continue;
    const event = { ...(taskToEvent(t) as Record<string, unknown>), account, region };
    const parsed = parseTaskStateChange(event);
    if (parsed.ok && findPullFailure(parsed.task).ok) return { ok: true, value: event };
  }
  return { ok: true, value: null };
}
