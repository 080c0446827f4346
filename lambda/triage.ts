/**
 * The first, pure step of every event (issue 21): what kind of event it is, or why it is ignored. It imports no
 * SDK client, no cause and no catalogue, so that the handler answers an ignored event (a task that stopped for
 * any other reason, a malformed or foreign event) without evaluating them; the pipeline starts from the same
 * answer, so both say and log the same thing.
 */
import type { Log } from './log';
import type { PipelineResult } from './pipeline-contract';
import { isHealthEvent, parseHealthEvent, type HealthNotice } from './event/health-event';
import { findPullFailure, type PullFailure } from './event/pull-failure';
import { parseTaskStateChange, taskLogFields, type StoppedTask } from './event/schema';
import { isServiceSignal, parseServiceSignal, type ServiceSignal } from './event/service-signal';

export type Triage =
  | { kind: 'ignored'; result: Extract<PipelineResult, { status: 'ignored' }>; fields: Record<string, unknown> }
  | { kind: 'signal'; signal: ServiceSignal }
  | { kind: 'health'; notice: HealthNotice }
  | { kind: 'failure'; task: StoppedTask; failure: PullFailure };

export function triage(input: unknown): Triage {
  // A service signal (issue 17), or an AWS Health event of ECR, ECS or Fargate (issue 20).
  if (isServiceSignal(input)) {
    const signal = parseServiceSignal(input);
    return signal.ok ? { kind: 'signal', signal: signal.signal } : ignored(signal.reason);
  }
  if (isHealthEvent(input)) {
    const health = parseHealthEvent(input);
    return health.ok ? { kind: 'health', notice: health.notice } : ignored(health.reason);
  }
  // Malformed or foreign events are logged with the reason and dropped (never retried).
  const parsed = parseTaskStateChange(input);
  if (!parsed.ok) return ignored(parsed.reason);
  const task = parsed.task;
  // Is it an image-pull failure at all?
  const found = findPullFailure(task);
  if (!found.ok)
    return {
      kind: 'ignored',
      result: { status: 'ignored', reason: found.reason, taskArn: task.taskArn },
      fields: taskLogFields(task),
    };
  return { kind: 'failure', task, failure: found.failure };
}

function ignored(reason: string): Triage {
  return { kind: 'ignored', result: { status: 'ignored', reason }, fields: {} };
}

/** Logs an ignored event as the pipeline always has (a task's own event at info, anything else at warn). */
export function logIgnored(
  t: Extract<Triage, { kind: 'ignored' }>,
  log: Log,
): Extract<PipelineResult, { status: 'ignored' }> {
  const line = { ...t.fields, outcome: 'ignored', reason: t.result.reason };
  if (t.result.taskArn) log.info('event ignored', line);
  else log.warn('event ignored', line);
  return t.result;
}
