/**
 * One admitted incident, from evidence to message: diagnose (diagnose-event.ts), plan, decide, apply or propose
 * (recording the intended change before the first write), render, publish, and settle the incident.
 */
import { taskLogFields } from './event/schema';
import { CallContext, allUnreachable, type Fact } from './aws/call';
import type { Clients } from './aws/clients';
import type { MemberPurpose } from './aws/member-clients';
import { ASSUME_DEADLINE_MS, fixClients, readScope } from './account-scope';
import { readAccountAlias } from './facts/probes/account-alias';
import type { PullFailure } from './event/pull-failure';
import { safeText } from './domain/redact';
import { diagnoseEvent } from './diagnose-event';
import { whatChangedForIncident } from './what-changed';
import { fixQueryFor, trailQueryFor } from './changes/queries';
import { planRemediation } from './causes/plan';
import { planOptionsOf } from './remediate/plan-options';
import { decide } from './remediate/decide';
import { applyPlan } from './remediate/apply';
import type { Outcome } from './remediate/types';
import { render } from './notify/render';
import type { Admission, ChangeRecord, IncidentKey } from './dedupe/types';

import {
  MIN_FIX_MS,
  NotificationFailedError,
  RESERVE_AFTER_APPLY_MS,
  RESERVE_AFTER_EVIDENCE_MS,
  type PipelineDeps,
  type PipelineResult,
} from './pipeline-contract';

export async function handleIncident(
  failure: PullFailure,
  key: IncidentKey,
  admission: Extract<Admission, { kind: 'first' | 'reminder' }>,
  deps: PipelineDeps,
): Promise<PipelineResult> {
  const { log, config } = deps;
  const task = failure.task;
  const base = { ...taskLogFields(task), incidentId: admission.incidentId };

  // 4–5. Gather evidence (read-only) within a deadline that leaves time to act and notify, then diagnose (pure).
  // The clients of the task's account and Region (organization mode: its member role), or why there are none.
  const scope = await readScope('the task', task.account, task.region, admission.incidentId, deps);
  const foreign = 'notChecked' in scope ? scope.notChecked : undefined;
  const readClients = 'clients' in scope ? scope.clients : deps.clients;
  // PIPELINE_DEADLINE_MS is an upper bound; the 1 s floor only keeps a nearly spent invocation from skipping all
  // evidence.
  const lambdaLeftMs = (deps.remainingMs?.() ?? Number.POSITIVE_INFINITY) - RESERVE_AFTER_EVIDENCE_MS;
  const evidenceMs = Math.min(config.deadlineMs, Math.max(1_000, lambdaLeftMs));
  const ctx = new CallContext(Date.now() + evidenceMs);
  // No call at all for a task in an account or region this deployment cannot check.
  // Organization mode: the member account's alias, beside the evidence (its own short deadline).
  const alias =
    deps.accountClients && !foreign
      ? readAccountAlias(readClients, new CallContext(Date.now() + ASSUME_DEADLINE_MS))
      : Promise.resolve(undefined);
  const diagnosed = await diagnoseEvent(failure, {
    clients: readClients,
    ctx,
    log,
    ...(foreign ? { notChecked: foreign } : {}),
  });
  const accountAlias = await alias;
  const diagnosis = accountAlias ? { ...diagnosed, resources: { ...diagnosed.resources, accountAlias } } : diagnosed;
  log.info('diagnosed', {
    ...base,
    causes: diagnosis.candidates,
    cause: diagnosis.cause,
    confidence: diagnosis.confidence,
    unchecked: diagnosis.unchecked.map((u) => `${u.api}: ${u.reason}`),
    apiCalls: ctx.calls.length,
  });
  // 5b. What changed (CloudTrail event history), beside the fix and never past its own short deadline: the message
  // goes out without it when event history is slow (the reminder looks again). A reminder reuses what the first
  // message found.
  const changing = whatChangedForIncident(failure, admission, diagnosis, { ...deps, clients: readClients }, foreign);
  // A sidecar finding (diagnosis.sidecar) goes the same way as a stop cause: one notification per incident,
  // its own tag and words; decide() never lets it apply a fix.
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
  // The clients a fix writes with (organization mode: the member's role for this auto-fix, if it has one).
  const writer: Fact<Clients> | undefined =
    decision.apply && !('reportEarlierFix' in decision)
      ? await fixClients(plan.autoFix as MemberPurpose, task.account, task.region, admission.incidentId, deps)
      : undefined;
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
  } else if (!writer?.ok) {
    // Organization mode: the member has not opted in to this auto-fix here (its role for it is not there).
    log.warn('auto-fix not started: the account has no role for it', {
      ...base,
      reason: writer ? (writer as Extract<Fact<Clients>, { ok: false }>).reason : 'no writer',
    });
    outcome = { kind: 'proposed', plan, reason: 'member-not-opted-in' };
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
        clients: writer.value,
        ctx: writeCtx,
        incidentId: admission.incidentId,
        forceNewDeployment: config.forceNewDeploymentAfterFix,
        planOptions: planOptionsOf(config),
        log,
        // The time left now (the fix role's assume-role came after the decision).
        ...(deps.remainingMs ? { deadlineAt: Date.now() + deps.remainingMs() - RESERVE_AFTER_APPLY_MS } : {}),
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

  // 7. Render (pure) and publish one message. When the account proves no configuration fault, the Region's open
  // AWS Health events are named (one GetItem): a proven fault is fixed whatever AWS is going through.
  const askHealth = diagnosis.confidence !== 'proven' || diagnosis.family === 'transient';
  const healthP = askHealth && deps.health ? deps.health.open(task.account, task.region) : Promise.resolve([]);
  const [change, health] = await Promise.all([changing, healthP]);
  const reported = change.value ? { ...diagnosis, change: change.value } : diagnosis;
  const notification = render({
    diagnosis: reported,
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
    ...(health.length ? { health } : {}),
  });
  const published = await deps.publish(notification);
  const apiCalls = ctx.calls.length + writeCtx.calls.length + change.calls;
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
    // Settled, and open on its service until the service runs again (the resolved message; not for a sidecar
    // finding: its task ran). Side by side, so a slow table costs one store deadline, not three.
    const fixQuery = diagnosis.sidecar ? undefined : fixQueryFor(diagnosis);
    const changeQuery = diagnosis.sidecar ? undefined : trailQueryFor(diagnosis);
    await Promise.all([
      deps.store.complete(key, admission.incidentId, {
        cause: diagnosis.cause,
        action: outcome.kind,
        messageId: published.value.messageId,
        ...(change.value ? { change: change.value } : {}),
      }),
      diagnosis.sidecar
        ? undefined
        : deps.recovery?.opened(key, admission.incidentId, {
            ...(diagnosis.resources.taskDefinitionArn
              ? { taskDefinitionArn: diagnosis.resources.taskDefinitionArn }
              : {}),
            ...(fixQuery ? { fixQuery } : {}),
            ...(changeQuery ? { changeQuery } : {}),
          }),
    ]);
  }
  log.info('notified', {
    ...base,
    cause: diagnosis.cause,
    outcome: outcome.kind,
    role: admission.kind,
    messageId: published.value.messageId,
    apiCalls,
    stopReason: safeText(failure.reason, 500),
    whatChanged: change.value?.status ?? null,
    trailCalls: change.calls,
  });
  return {
    status: 'notified',
    taskArn: task.taskArn,
    incidentId: admission.incidentId,
    role: admission.kind,
    diagnosis: reported,
    outcome,
    notification,
    messageId: published.value.messageId,
    apiCalls,
    ...((task.stoppedAt ?? task.time) ? { stoppedAt: (task.stoppedAt ?? task.time)! } : {}),
    ...(unreachable ? { unreachable } : {}),
  };
}
