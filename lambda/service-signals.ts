/**
 * The service-level signals (issue 17), beside the task events of ./pipeline.ts:
 * - the service runs again (SERVICE_STEADY_STATE, SERVICE_DEPLOYMENT_COMPLETED): when it has open incidents and the
 *   account confirms it (ecs:DescribeServices: all desired tasks running, no rollout pending), each incident gets
 *   exactly one resolved message — how long, how many tasks, what fixed it — and is closed. A healthy service
 *   without an open incident costs one DynamoDB read.
 * - the service cannot start tasks (SERVICE_TASK_START_IMPAIRED, SERVICE_DEPLOYMENT_FAILED): its latest stopped task
 *   that failed to pull is read from the account (ListTasks + DescribeTasks) and handled as its STOPPED event would
 *   be — the same incident key, so it joins the incident its task events opened (or opens it, when those were
 *   lost or the service stopped retrying).
 */
import { randomUUID } from 'node:crypto';
import { CallContext } from './aws/call';
import type { WhatFixed } from './domain/change';
import type { ChangeRecord } from './dedupe/types';
import { noRecovery, type ClaimedIncident, type ServiceRef } from './dedupe/recovery-store';
import type { ServiceSignal } from './event/service-signal';
import { latestPullFailureEvent, readServiceHealth, type ServiceHealth } from './facts/probes/service';
import { renderResolved } from './notify/resolved';
import type { RenderedNotification } from './notify/types';
import { readScope } from './account-scope';
import { NotificationFailedError, type PipelineDeps, type PipelineResult } from './pipeline-contract';
import { findWhatChanged, findWhatFixed, TRAIL_DEADLINE_MS } from './what-changed';

/** Deadline of a signal's reads (the service, its stopped tasks). */
const SIGNAL_READ_MS = 10_000;
/** How long before an impaired signal its service's latest stopped task may have stopped to be diagnosed for it. */
const IMPAIRED_LOOKBACK_MS = 15 * 60_000;

/** What this tool's own fix did, from the change record, when it fixed the incident. */
function ourFix(change: ChangeRecord | undefined): WhatFixed | undefined {
  const done = change?.done;
  if (done?.outcome !== 'fixed') return undefined;
  const steps = done.applied
    .filter((a) => a.result !== 'skipped')
    .map((a) => `${a.action}${a.resourceId ? ` ${a.resourceId}` : ''} (${a.result})`);
  return { by: 'this-tool', at: done.at, steps };
}

export async function handleServiceSignal(
  signal: ServiceSignal,
  deps: PipelineDeps,
  handleTaskEvent: (event: unknown) => Promise<PipelineResult>,
): Promise<PipelineResult> {
  const base = { ecsService: `${signal.cluster}/${signal.service}`, signal: signal.eventName };
  // The service's account and Region (organization mode: its member's read role), or why it cannot be read.
  const scope = await readScope(`service ${signal.serviceArn}`, signal.account, signal.region, 'signal', deps);
  if ('notChecked' in scope) {
    deps.log.warn('service signal ignored', { ...base, outcome: 'ignored', reason: scope.notChecked });
    return { status: 'ignored', reason: scope.notChecked };
  }
  const scoped = { ...deps, clients: scope.clients };
  if (signal.kind === 'start-impaired' || signal.kind === 'deployment-failed')
    return impaired(signal, scoped, handleTaskEvent);
  return recovered(signal, scoped);
}

async function impaired(
  signal: ServiceSignal,
  deps: PipelineDeps,
  handleTaskEvent: (event: unknown) => Promise<PipelineResult>,
): Promise<PipelineResult> {
  const base = { ecsService: `${signal.cluster}/${signal.service}`, signal: signal.eventName };
  const ctx = new CallContext(Date.now() + Math.min(SIGNAL_READ_MS, deps.config.deadlineMs));
  // Only a failure of about the signal's time: an older one was handled (or resolved) already.
  const signalAt = signal.time ? Date.parse(signal.time) : Number.NaN;
  const notBefore = (Number.isNaN(signalAt) ? Date.now() : signalAt) - IMPAIRED_LOOKBACK_MS;
  const found = await latestPullFailureEvent(
    deps.clients,
    ctx,
    signal.cluster,
    signal.service,
    signal.account,
    signal.region,
    notBefore,
  );
  if (!found.ok) {
    deps.log.error('service signal: the stopped tasks could not be read', { ...base, reason: found.reason });
    // A passing failure is thrown, so EventBridge retries (then the dead-letter queue keeps the signal); a refusal
    // (AccessDenied) would only fail again: logged, and the task events remain the way in.
    if (found.kind !== 'access-denied' && found.kind !== 'not-found')
      throw new NotificationFailedError(
        `could not read the stopped tasks of ${base.ecsService}: ${found.reason}`,
        found.unreachable,
      );
    return { status: 'ignored', reason: `the stopped tasks could not be read: ${found.reason}` };
  }
  if (!found.value) {
    const reason =
      `the latest stopped task of service ${base.ecsService} (up to 15 minutes before the signal) ` +
      'did not fail to pull its image';
    deps.log.info('service signal: not an image-pull failure', { ...base, outcome: 'ignored', reason });
    return { status: 'ignored', reason };
  }
  deps.log.info('service signal: diagnosing its latest stopped task', base);
  return handleTaskEvent(found.value);
}

async function recovered(signal: ServiceSignal, deps: PipelineDeps): Promise<PipelineResult> {
  const ref: ServiceRef = {
    account: signal.account,
    region: signal.region,
    cluster: signal.cluster,
    service: signal.service,
  };
  const base = { ecsService: `${signal.cluster}/${signal.service}`, signal: signal.eventName };
  const store = deps.recovery ?? noRecovery;
  const open = await store.openOn(ref);
  if (open === undefined) {
    const reason = 'the incident table could not be read; a later signal of the service tries again';
    deps.log.warn('service signal: open incidents unknown', { ...base, outcome: 'ignored', reason });
    return { status: 'ignored', reason };
  }
  if (open.length === 0) {
    deps.log.info('service signal: no open incident', { ...base, outcome: 'ignored' });
    return { status: 'ignored', reason: `no open incident on service ${base.ecsService}` };
  }
  const ctx = new CallContext(Date.now() + Math.min(SIGNAL_READ_MS, deps.config.deadlineMs));
  const health = await readServiceHealth(deps.clients, ctx, signal.cluster, signal.service);
  if (!health.ok || !health.value?.healthy) {
    const reason = !health.ok
      ? `the service could not be read (${health.reason}); a later signal tries again`
      : !health.value
        ? 'the account does not return the service'
        : `not running again yet: ${health.value.running} of ${health.value.desired} running, ` +
          `${health.value.deployments} deployments (${health.value.rolloutState ?? 'no rollout state'})`;
    deps.log.info('service signal: not recovered', { ...base, outcome: 'ignored', reason });
    return { status: 'ignored', reason };
  }
  const now = (deps.now ?? (() => new Date()))();
  const sent: Array<{ id: string; firstSeenAt: string; notification: RenderedNotification; messageId: string }> = [];
  const recoveredAt = signal.time && !Number.isNaN(Date.parse(signal.time)) ? signal.time : now.toISOString();
  for (const entry of open) {
    const holder = randomUUID();
    const claimed = await store.claim(ref, entry, holder, now.getTime());
    if (claimed.kind !== 'claimed') continue;
    const notification = await resolvedMessage(claimed.incident, signal, health.value, recoveredAt, deps);
    const published = await deps.publish(notification);
    if (!published.ok) {
      await store.release(entry, holder);
      deps.log.error('resolved message failed; the signal will be retried', { ...base, reason: published.reason });
      throw new NotificationFailedError(
        `could not publish the resolved message of ${claimed.incident.incidentId}: ${published.reason}`,
        published.unreachable,
      );
    }
    await store.resolved(ref, entry, holder, published.value.messageId, now.getTime());
    deps.log.info('resolved', {
      ...base,
      outcome: 'resolved',
      incidentId: claimed.incident.incidentId,
      cause: claimed.incident.cause,
      fixedBy: notification.attributes.fixedBy ?? null,
      messageId: published.value.messageId,
    });
    sent.push({
      id: claimed.incident.incidentId,
      firstSeenAt: claimed.incident.firstSeenAt,
      notification,
      messageId: published.value.messageId,
    });
  }
  if (sent.length === 0) {
    deps.log.info('service signal: its incidents are being resolved by another invocation', base);
    return { status: 'ignored', reason: `the open incidents of ${base.ecsService} are already being resolved` };
  }
  return {
    status: 'resolved',
    service: base.ecsService,
    incidentIds: sent.map((s) => s.id),
    firstSeenAt: sent.map((s) => s.firstSeenAt),
    recoveredAt,
    notifications: sent.map((s) => s.notification),
    messageIds: sent.map((s) => s.messageId),
  };
}

async function resolvedMessage(
  incident: ClaimedIncident,
  signal: ServiceSignal,
  health: ServiceHealth,
  recoveredAt: string,
  deps: PipelineDeps,
): Promise<RenderedNotification> {
  const ctx = new CallContext(Date.now() + Math.min(TRAIL_DEADLINE_MS, deps.config.deadlineMs));
  const now = deps.now ? deps.now() : new Date();
  // Another revision runs (a circuit-breaker rollback, or a new one): nothing is credited with fixing the failing one.
  const rolledBack =
    health.taskDefinition && incident.taskDefinitionArn && health.taskDefinition !== incident.taskDefinitionArn
      ? ({ by: 'rollback', taskDefinition: health.taskDefinition, failed: incident.taskDefinitionArn } as const)
      : undefined;
  const [fixed, whatChanged] = await Promise.all([
    rolledBack ??
      ourFix(incident.change) ??
      (incident.fixQuery
        ? findWhatFixed(incident.fixQuery, deps.clients, ctx, incident.firstSeenAt, recoveredAt, now)
        : Promise.resolve<WhatFixed>({ by: 'unknown' })),
    // What changed, when the incident's messages could not say it yet (event history lags): asked once more.
    incident.whatChanged || !incident.changeQuery
      ? Promise.resolve(incident.whatChanged)
      : findWhatChanged(incident.changeQuery, deps.clients, ctx, incident.firstSeenAt, now),
  ]);
  return renderResolved({
    service: { account: signal.account, region: signal.region, cluster: signal.cluster, service: signal.service },
    incident: {
      id: incident.incidentId,
      cause: incident.cause,
      firstSeenAt: incident.firstSeenAt,
      count: incident.count,
      ...(incident.taskDefinitionArn ? { taskDefinitionArn: incident.taskDefinitionArn } : {}),
      ...(whatChanged ? { whatChanged } : {}),
    },
    recoveredAt,
    signal: signal.eventName,
    health: {
      running: health.running,
      desired: health.desired,
      ...(health.taskDefinition ? { taskDefinition: health.taskDefinition } : {}),
    },
    fixed,
    language: deps.config.language,
  });
}
