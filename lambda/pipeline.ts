/**
 * The pipeline, in event order: parse → is it a pull failure → storm control → gather facts →
 * diagnose (pure) → plan (pure) → decide (pure) → apply or propose → render (pure) → publish.
 * Every dependency is injected, so the Lambda handler, the CLI and the tests run exactly this code.
 */
import type { Config } from './config';
import type { Clients } from './aws/clients';
import { CallContext, allUnreachable, type Fact } from './aws/call';
import type { Log } from './log';
import { parseTaskStateChange, type StoppedTask } from './event/schema';
import { findPullFailure, type PullFailure } from './event/pull-failure';
import { safeText } from './domain/redact';
import { classifyText } from './causes/classify';
import type { Diagnosis } from './domain/diagnosis';
import { diagnoseEvent } from './diagnose-event';
import { planRemediation } from './causes/plan';
import { planOptionsOf } from './remediate/plan-options';
import { decide } from './remediate/decide';
import { applyPlan } from './remediate/apply';
import type { Outcome } from './remediate/types';
import { render } from './notify/render';
import type { RenderedNotification } from './notify/types';
import type { Admission, ChangeRecord, DiagnosisRate, IncidentKey, IncidentStore } from './dedupe/types';
import { rateEntryOf } from './dedupe/rate-entry';
import { renderSurgeSummary } from './notify/surge-summary';

export interface PipelineDeps {
  config: Config;
  clients: Clients;
  store: IncidentStore;
  /** The per-account cap on full diagnoses (absent: no cap — CLI, local replay). */
  rate?: DiagnosisRate;
  /** Waits (the surge summarizer gathers the surge's first incidents); tests pass their own. */
  sleep?: (ms: number) => Promise<void>;
  log: Log;
  /** Account the function runs in (from the invocation context); events of other accounts are not probed. */
  ownAccount?: string;
  /** Time a fix needs beyond the reserve to be started (default MIN_FIX_MS). */
  minFixMs?: number;
  /** Milliseconds left in this invocation (Lambda context); bounds the evidence deadline. */
  remainingMs?: () => number;
  /** Sends the notification: SNS in Lambda, print in a local replay without a topic (lambda/deps.ts builds both). */
  publish: (n: RenderedNotification) => Promise<Fact<{ messageId: string }>>;
  now?: () => Date;
}

export type PipelineResult =
  | { status: 'ignored'; reason: string; taskArn?: string }
  | { status: 'duplicate'; taskArn: string; incidentId?: string }
  | { status: 'suppressed'; taskArn: string; incidentId: string; count: number }
  /** Over the per-account diagnosis cap: counted in a surge; `notification` only on the event that sent its summary. */
  | {
      status: 'summarized';
      taskArn: string;
      incidentId: string;
      surgeId: string;
      notification?: RenderedNotification;
      messageId?: string;
    }
  | {
      status: 'notified';
      taskArn: string;
      incidentId: string;
      role: 'first' | 'reminder';
      diagnosis: Diagnosis;
      outcome: Outcome;
      notification: RenderedNotification;
      messageId?: string;
      apiCalls: number;
      /** Set when every evidence call failed because AWS could not be asked (no credentials, region or connection). */
      unreachable?: string;
    };

/** What the handler returns (and the CLI's `handle` prints): the outcome in a few stable fields. */
export interface HandlerResult {
  status: PipelineResult['status'];
  taskArn?: string;
  incidentId?: string;
  cause?: string;
  action?: string;
  reason?: string;
}

export function summarize(result: PipelineResult): HandlerResult {
  switch (result.status) {
    case 'ignored':
      return { status: result.status, reason: result.reason, ...(result.taskArn ? { taskArn: result.taskArn } : {}) };
    case 'duplicate':
      return {
        status: result.status,
        taskArn: result.taskArn,
        ...(result.incidentId ? { incidentId: result.incidentId } : {}),
      };
    case 'suppressed':
    case 'summarized':
      return { status: result.status, taskArn: result.taskArn, incidentId: result.incidentId };
    case 'notified':
      return {
        status: result.status,
        taskArn: result.taskArn,
        incidentId: result.incidentId,
        cause: result.diagnosis.cause,
        action: result.outcome.kind,
      };
  }
}

/**
 * Raised when even the notification cannot be sent: the invocation fails so EventBridge retries, then the DLQ keeps the
 * event.
 */
export class NotificationFailedError extends Error {
  override readonly name = 'NotificationFailedError';
  constructor(
    message: string,
    /** Why AWS could not be asked, when that is why the publish failed (the CLI exits 4 then). */
    readonly unreachable?: string,
  ) {
    super(message);
  }
}

/** Time kept back from the Lambda timeout for planning, applying, rendering and publishing. */
export const RESERVE_AFTER_EVIDENCE_MS = 15_000;
/**
 * Time kept back from the Lambda timeout after an auto-fix, for rendering, publishing (PUBLISH_DEADLINE_MS,
 * lambda/notify/publish.ts) and recording the outcome. A fix is not started when the time left would eat it.
 */
export const RESERVE_AFTER_APPLY_MS = 5_000;
/**
 * A fix is started only with at least this much time beyond the reserve: less would likely cut it mid-way
 * (a half-applied fix is reported, but better not started). A fix's describe → create → verify takes a few
 * seconds against AWS. PipelineDeps.minFixMs overrides it (tests that compress time).
 */
export const MIN_FIX_MS = 10_000;
/**
 * Lease of an incident claim when the invocation's time left is unknown (CLI, tests): the stack's
 * FUNCTION_TIMEOUT (lib/pull-doctor-stack.ts). In Lambda the lease is the time left at the claim, so it has
 * run out by the time Lambda retries an invocation that was killed (timeout, out of memory).
 */
export const DEFAULT_LEASE_MS = 90_000;

/**
 * How long the one invocation that starts a surge waits before it reads the surge back and sends the
 * summary, so that the summary names the services failing at the same moment (an outage fails them within
 * seconds), not only the first one over the cap. Bounded by the invocation's time left minus the reserve.
 */
export const SURGE_GATHER_MS = 20_000;

export function incidentKeyOf(failure: PullFailure, hintFamily: string): IncidentKey {
  const t = failure.task;
  const scope = t.serviceName ? `service:${t.serviceName}` : t.family ? `family:${t.family}` : `task:${t.taskId}`;
  return { account: t.account, region: t.region, cluster: t.clusterName, scope, hint: hintFamily };
}

function deliveryIdOf(task: StoppedTask): string {
  return `${task.taskArn}#${task.version ?? task.eventId ?? 'no-version'}`;
}

/** Why the account's resources cannot be probed for this event (foreign account or region), if so. */
function foreignReason(task: StoppedTask, deps: PipelineDeps): string | undefined {
  if (deps.ownAccount && task.account !== deps.ownAccount) {
    return (
      `the task runs in account ${task.account}; this deployment can only check its own account ` + `${deps.ownAccount}`
    );
  }
  if (deps.config.region && task.region !== deps.config.region) {
    return `the task runs in region ${task.region}; this deployment checks region ${deps.config.region}`;
  }
  return undefined;
}

export async function runPipeline(input: unknown, deps: PipelineDeps): Promise<PipelineResult> {
  const { log, config } = deps;
  const now = deps.now ?? (() => new Date());

  // 1. Parse: malformed or foreign events are logged with the reason and dropped (never retried).
  const parsed = parseTaskStateChange(input);
  if (!parsed.ok) {
    log.warn('event ignored', { outcome: 'ignored', reason: parsed.reason });
    return { status: 'ignored', reason: parsed.reason };
  }
  const task = parsed.task;
  const base = { taskArn: task.taskArn, cluster: task.clusterName, ecsService: task.serviceName ?? null };

  // 2. Is it an image-pull failure at all?
  const found = findPullFailure(task);
  if (!found.ok) {
    log.info('event ignored', { ...base, outcome: 'ignored', reason: found.reason });
    return { status: 'ignored', reason: found.reason, taskArn: task.taskArn };
  }
  const failure = found.failure;
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
  const base = {
    taskArn: task.taskArn,
    cluster: task.clusterName,
    ecsService: task.serviceName ?? null,
    incidentId: admission.incidentId,
    surgeId: admitted.surgeId,
  };
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

async function handleIncident(
  failure: PullFailure,
  key: IncidentKey,
  admission: Extract<Admission, { kind: 'first' | 'reminder' }>,
  deps: PipelineDeps,
): Promise<PipelineResult> {
  const { log, config } = deps;
  const task = failure.task;
  const base = {
    taskArn: task.taskArn,
    cluster: task.clusterName,
    ecsService: task.serviceName ?? null,
    incidentId: admission.incidentId,
  };

  // 4–5. Gather evidence (read-only) within a deadline that leaves time to act and notify, then diagnose (pure).
  const foreign = foreignReason(task, deps);
  // PIPELINE_DEADLINE_MS is an upper bound; the 1 s floor only keeps a nearly spent invocation from skipping all
  // evidence.
  const lambdaLeftMs = (deps.remainingMs?.() ?? Number.POSITIVE_INFINITY) - RESERVE_AFTER_EVIDENCE_MS;
  const evidenceMs = Math.min(config.deadlineMs, Math.max(1_000, lambdaLeftMs));
  const ctx = new CallContext(Date.now() + evidenceMs);
  // No call at all for a task in an account or region this deployment cannot check.
  const diagnosis = await diagnoseEvent(failure, {
    clients: deps.clients,
    ctx,
    log,
    ...(foreign ? { notChecked: foreign } : {}),
  });
  log.info('diagnosed', {
    ...base,
    causes: diagnosis.candidates,
    cause: diagnosis.cause,
    confidence: diagnosis.confidence,
    unchecked: diagnosis.unchecked.map((u) => `${u.api}: ${u.reason}`),
    apiCalls: ctx.calls.length,
  });
  if (diagnosis.ignoredReason) {
    // The claim is settled (not released): later events of this sidecar failure are only counted for the
    // window instead of each being diagnosed again, and no takeover follows when the lease runs out.
    await deps.store.complete(key, admission.incidentId, { cause: diagnosis.cause, action: 'ignored' });
    log.info('event ignored', { ...base, outcome: 'ignored', reason: diagnosis.ignoredReason });
    return { status: 'ignored', reason: diagnosis.ignoredReason, taskArn: task.taskArn };
  }

  // 6. Plan (pure) → decide (pure) → apply only when proven and opted in, and only at the first
  // message of an incident: a reminder reports, it never changes anything again (one fix per incident).
  // A takeover never applies a fix an earlier attempt of the incident recorded as done; the time reserve
  // for notifying and recording is never eaten by a fix; the intended change is recorded before the first write.
  const plan = planRemediation(diagnosis, undefined, planOptionsOf(config));
  const earlier = admission.takeover?.change;
  const leftMs = deps.remainingMs?.();
  const decision = decide(diagnosis, plan, config, {
    reminder: admission.kind === 'reminder',
    ...(earlier?.done ? { earlierFix: { autoFix: earlier.autoFix, outcome: earlier.done.outcome } } : {}),
    ...(leftMs !== undefined
      ? { time: { leftMs, reserveMs: RESERVE_AFTER_APPLY_MS, minFixMs: deps.minFixMs ?? MIN_FIX_MS } }
      : {}),
  });
  const writeCtx = new CallContext();
  let outcome: Outcome;
  if ('reportEarlierFix' in decision && earlier?.done) {
    const done = earlier.done;
    outcome = { kind: 'fixed', plan, applied: done.applied, verified: done.verified, byEarlierAttempt: done.at };
  } else if (!decision.apply) {
    const reason = 'reason' in decision ? decision.reason : 'fixed-by-earlier-attempt';
    if (reason === 'no-time')
      log.warn('auto-fix not started: the time left would eat the reserve for notifying', {
        ...base,
        leftMs,
        reserveMs: RESERVE_AFTER_APPLY_MS,
      });
    outcome = { kind: 'proposed', plan, reason };
  } else {
    const change: ChangeRecord = {
      autoFix: plan.autoFix ?? '-',
      startedAt: deps.now ? deps.now().toISOString() : new Date().toISOString(),
      intended: plan.steps
        .filter((s) => s.automatic)
        .map((s) => ({
          stepId: s.id,
          action: s.action,
          resource: s.resource,
          ...(typeof s.params.ClientToken === 'string' ? { clientToken: s.params.ClientToken } : {}),
        })),
    };
    if ((await deps.store.recordChange(key, admission.incidentId, change, admission.claim?.holder)) !== 'recorded') {
      log.warn('auto-fix not started: the intended change could not be recorded on the incident', { ...base });
      outcome = { kind: 'proposed', plan, reason: 'not-recorded' };
    } else {
      outcome = await applyPlan(plan, diagnosis, {
        clients: deps.clients,
        ctx: writeCtx,
        incidentId: admission.incidentId,
        forceNewDeployment: config.forceNewDeploymentAfterFix,
        planOptions: planOptionsOf(config),
        log,
        ...(leftMs !== undefined ? { deadlineAt: Date.now() + leftMs - RESERVE_AFTER_APPLY_MS } : {}),
      });
      if (outcome.kind !== 'proposed') {
        const applied = [...outcome.applied, ...(outcome.kind === 'fixed' ? (outcome.followUp ?? []) : [])];
        await deps.store.recordChange(
          key,
          admission.incidentId,
          {
            ...change,
            done: {
              outcome: outcome.kind,
              at: deps.now ? deps.now().toISOString() : new Date().toISOString(),
              applied: applied.map((a) => ({
                stepId: a.stepId,
                action: a.action,
                result: a.result,
                detail: a.detail,
                ...(a.resourceId ? { resourceId: a.resourceId } : {}),
              })),
              verified: outcome.kind === 'fixed' && outcome.verified,
            },
          },
          admission.claim?.holder,
        );
      }
    }
  }
  log.info('remediation', {
    ...base,
    cause: diagnosis.cause,
    outcome: outcome.kind,
    reason: outcome.kind === 'proposed' ? outcome.reason : null,
    writes: writeCtx.calls.map((c) => c.api),
  });

  // 7. Render (pure) and publish one message.
  const notification = render({
    diagnosis,
    outcome,
    incident: {
      id: admission.incidentId,
      role: admission.kind,
      count: admission.count,
      firstSeenAt: admission.firstSeenAt,
      windowMinutes: config.notificationWindowMinutes,
    },
    language: config.language,
    ...((task.stoppedAt ?? task.time) ? { stoppedAt: (task.stoppedAt ?? task.time)! } : {}),
    ...(admission.takeover ? { earlier: admission.takeover } : {}),
  });
  const published = await deps.publish(notification);
  const apiCalls = ctx.calls.length + writeCtx.calls.length;
  if (!published.ok) {
    log.error('notification failed; the event will be retried and then kept in the dead-letter queue', {
      ...base,
      cause: diagnosis.cause,
      outcome: outcome.kind,
      reason: published.reason,
    });
    throw new NotificationFailedError(
      `could not publish the diagnosis of ${task.taskArn}: ${published.reason}`,
      published.unreachable,
    );
  }
  const unreachable = allUnreachable(ctx.calls);
  const confirmation = diagnosis.fixInputs.taskConfirmation;
  if (confirmation?.confirmed === false && confirmation.contradicted) {
    // The account contradicts the event (a task it does not return, or not as described): such an event must
    // not hold the incident, or a forged event could keep the real failure suppressed and unfixed for the
    // window. Released (this delivery stays a duplicate), so the next real event of the incident takes over.
    await deps.store.release(key, admission.incidentId);
    log.warn('event not confirmed by the account; the incident is left to a confirmed event', {
      ...base,
      reason: safeText(confirmation.reason, 300),
    });
  } else {
    await deps.store.complete(key, admission.incidentId, {
      cause: diagnosis.cause,
      action: outcome.kind,
      messageId: published.value.messageId,
    });
  }
  log.info('notified', {
    ...base,
    cause: diagnosis.cause,
    outcome: outcome.kind,
    role: admission.kind,
    messageId: published.value.messageId,
    apiCalls,
    stopReason: safeText(failure.reason, 500),
  });
  return {
    status: 'notified',
    taskArn: task.taskArn,
    incidentId: admission.incidentId,
    role: admission.kind,
    diagnosis,
    outcome,
    notification,
    messageId: published.value.messageId,
    apiCalls,
    ...(unreachable ? { unreachable } : {}),
  };
}
