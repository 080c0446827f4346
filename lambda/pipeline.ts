/**
 * The pipeline, in event order: parse → is it a pull failure → storm control → gather facts →
 * diagnose (pure) → plan (pure) → decide (pure) → apply or propose → render (pure) → publish.
 * Every dependency is injected, so the Lambda handler, the CLI and the tests run exactly this code.
 */
import { taskLogFields, type StoppedTask } from './event/schema';
import { handleServiceSignal } from './service-signals';
import type { PullFailure } from './event/pull-failure';
import { logIgnored, triage, type Triage } from './triage';
import { classifyText } from './causes/classify';
import type { Admission, IncidentKey } from './dedupe/types';
import { rateEntryOf } from './dedupe/rate-entry';
import { renderSurgeSummary } from './notify/surge-summary';

import { handleIncident } from './incident';
import {
  DEFAULT_LEASE_MS,
  NotificationFailedError,
  RESERVE_AFTER_APPLY_MS,
  SURGE_GATHER_MS,
  type PipelineDeps,
  type PipelineResult,
} from './pipeline-contract';

export function incidentKeyOf(failure: PullFailure, hintFamily: string): IncidentKey {
  const t = failure.task;
  const scope = t.serviceName ? `service:${t.serviceName}` : t.family ? `family:${t.family}` : `task:${t.taskId}`;
  // A container that failed while the task ran on (a sidecar, or not yet known) is its own incident: a sidecar
  // finding never absorbs the stop-cause failure of an essential container in the same window.
  const hint =
    failure.taskStoppedForOtherReason && failure.container
      ? `${hintFamily}:container:${failure.container.name}`
      : hintFamily;
  return { account: t.account, region: t.region, cluster: t.clusterName, scope, hint };
}

function deliveryIdOf(task: StoppedTask): string {
  return `${task.taskArn}#${task.version ?? task.eventId ?? 'no-version'}`;
}

/** The pipeline for a raw event: the CLI's and the tests' entry (the handler triages first, then runTriaged). */
export function runPipeline(input: unknown, deps: PipelineDeps): Promise<PipelineResult> {
  return runTriaged(triage(input), deps);
}

/**
 * The pipeline from what the event is (triage.ts): a service signal (issue 17: the service runs again, or cannot
 * start tasks), an AWS Health event of ECR, ECS or Fargate (issue 20: recorded for the Region's messages), a pull
 * failure, or ignored with its reason (malformed, foreign, or a task that stopped for another reason).
 */
export async function runTriaged(t: Triage, deps: PipelineDeps): Promise<PipelineResult> {
  const { log, config } = deps;
  const now = deps.now ?? (() => new Date());
  if (t.kind === 'ignored') return logIgnored(t, log);
  if (t.kind === 'signal') return handleServiceSignal(t.signal, deps, (event) => runPipeline(event, deps));
  if (t.kind === 'health') {
    const n = t.notice;
    await deps.health?.note(n, now());
    log.info('AWS Health event recorded', { outcome: 'recorded', eventArn: n.eventArn, healthStatus: n.status });
    return { status: 'recorded', eventArn: n.eventArn, healthStatus: n.status };
  }
  const { task, failure } = t;
  const base = taskLogFields(task);
  const hint = classifyText(failure.reason, failure.image, task.launchType);

  // 3. Storm control: duplicates and later events of a handled incident cost one DynamoDB call.
  const key = incidentKeyOf(failure, hint.family);
  const leaseMs = deps.remainingMs ? Math.max(0, deps.remainingMs()) : DEFAULT_LEASE_MS;
  const admission: Admission = await deps.store.admit(
    key,
    deliveryIdOf(task),
    now(),
    config.notificationWindowMinutes,
    { leaseMs },
  );
  if (admission.kind === 'duplicate') {
    log.info('duplicate delivery dropped', { ...base, outcome: 'duplicate', incidentId: admission.incidentId ?? null });
    return {
      status: 'duplicate',
      taskArn: task.taskArn,
      ...(admission.incidentId ? { incidentId: admission.incidentId } : {}),
    };
  }
  if (admission.kind === 'suppressed') {
    log.info('incident already handled; counted', {
      ...base,
      outcome: 'suppressed',
      incidentId: admission.incidentId,
      count: admission.count,
    });
    return { status: 'suppressed', taskArn: task.taskArn, incidentId: admission.incidentId, count: admission.count };
  }

  // This invocation owns the incident from here on. Anything unexpected releases it, so that the
  // retry (or the next event) can take over instead of being suppressed.
  try {
    // 3b. The per-account cap on full diagnoses. A takeover always reports (an earlier attempt may have changed
    // something).
    if (deps.rate && !admission.takeover) {
      const limited = await limitDiagnoses(failure, key, admission, leaseMs, deps);
      if (limited) return limited;
    }
    return await handleIncident(failure, key, admission, deps);
  } catch (err) {
    await deps.store.release(key, admission.incidentId, deliveryIdOf(task));
    throw err;
  }
}

/**
 * Over the per-account cap (or during a surge): the incident is counted, not diagnosed — settled as
 * 'summarized', so its later events are only counted for the window and its next window is a full
 * diagnosis. The one invocation that started the surge (or took over its unsent summary) sends the summary.
 * undefined: under the cap, diagnose in full.
 */
async function limitDiagnoses(
  failure: PullFailure,
  key: IncidentKey,
  admission: Extract<Admission, { kind: 'first' | 'reminder' }>,
  leaseMs: number,
  deps: PipelineDeps,
): Promise<PipelineResult | undefined> {
  const { log, config } = deps;
  const task = failure.task;
  const now = deps.now ?? (() => new Date());
  const entry = rateEntryOf(failure);
  const rate = deps.rate!;
  const admitted = await rate.admit(task.account, task.region, entry, now(), config.maxDiagnosesPerMinute, leaseMs);
  if (admitted.kind === 'full') return undefined;
  const base = { ...taskLogFields(task), incidentId: admission.incidentId, surgeId: admitted.surgeId };
  if (admitted.kind === 'counted') {
    await deps.store.complete(key, admission.incidentId, { cause: 'unknown', action: 'summarized' });
    log.info('over the diagnosis cap: counted in the surge, not diagnosed', { ...base, outcome: 'summarized' });
    return { status: 'summarized', taskArn: task.taskArn, incidentId: admission.incidentId, surgeId: admitted.surgeId };
  }
  // The summarizer: wait for the surge's first incidents (within the time left), read it back, send one summary.
  const leftMs = deps.remainingMs?.();
  const waitMs = Math.max(
    0,
    Math.min(SURGE_GATHER_MS, leftMs === undefined ? SURGE_GATHER_MS : leftMs - RESERVE_AFTER_APPLY_MS - 2_000),
  );
  await (deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(waitMs);
  const snapshot = await rate.snapshot(task.account, task.region, admitted.surgeId);
  const notification = renderSurgeSummary({
    account: task.account,
    region: task.region,
    cap: config.maxDiagnosesPerMinute,
    surgeId: admitted.surgeId,
    surgeUntil: admitted.surgeUntil,
    self: entry,
    language: config.language,
    ...(snapshot ? { snapshot } : {}),
    ...(admitted.previous ? { previous: admitted.previous } : {}),
  });
  const published = await deps.publish(notification);
  if (!published.ok) {
    await rate.summaryDone(task.account, task.region, admitted.surgeId, admitted.holder, undefined);
    log.error('surge summary failed; the event will be retried and the next counted incident sends it', {
      ...base,
      reason: published.reason,
    });
    throw new NotificationFailedError(
      `could not publish the surge summary ${admitted.surgeId}: ${published.reason}`,
      published.unreachable,
    );
  }
  await rate.summaryDone(task.account, task.region, admitted.surgeId, admitted.holder, published.value.messageId);
  await deps.store.complete(key, admission.incidentId, {
    cause: 'unknown',
    action: 'summarized',
    messageId: published.value.messageId,
  });
  log.warn('surge summary sent', {
    ...base,
    outcome: 'summarized',
    messageId: published.value.messageId,
    services: notification.attributes.services ?? null,
  });
  return {
    status: 'summarized',
    taskArn: task.taskArn,
    incidentId: admission.incidentId,
    surgeId: admitted.surgeId,
    notification,
    messageId: published.value.messageId,
  };
}
