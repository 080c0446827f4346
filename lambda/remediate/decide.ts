/**
 * decide: the ONLY place that can allow an auto-fix (STYLE.md §1). Pure. Every reason for not acting is
 * named, checked in a fixed order so the most fundamental one is reported:
 *   sidecar → no-auto-fix-for-cause → not-proven → not-opted-in → refused,
 * then what this invocation's situation forbids (RunState): a reminder never fixes again (duplicate-fix); a
 * takeover reports an earlier attempt's recorded fix instead of repeating it; a fix that would eat the time
 * reserve for notifying is not started (no-time).
 */
import type { Config } from '../config';
import type { Diagnosis } from '../domain/diagnosis';
import type { AutoFixParameter, Plan, ProposeReason } from './types';

export type Decision =
  | { apply: true }
  | { apply: false; reason: ProposeReason }
  /** An earlier attempt of the incident recorded this very fix as done: report it, apply nothing. */
  | { apply: false; reportEarlierFix: true };

/** What the invocation knows besides the diagnosis: where it stands in the incident and in its time. */
export interface RunState {
  /** A later message of an incident whose fix was attempted with its first one. */
  reminder?: boolean;
  /** The change an earlier attempt of this incident recorded as done (a takeover). */
  earlierFix?: { autoFix: string; outcome: 'fixed' | 'failed' };
  /** Time left, and the least a fix needs after the reserve for notifying is kept (ms). */
  time?: { leftMs: number; reserveMs: number; minFixMs: number };
}

const FLAG_OF: Record<AutoFixParameter, 'autoFixExecutionRolePolicy' | 'autoFixVpcEndpoints'> = {
  AutoFixExecutionRolePolicy: 'autoFixExecutionRolePolicy',
  AutoFixVpcEndpoints: 'autoFixVpcEndpoints',
};

export function decide(
  diagnosis: Diagnosis,
  plan: Plan,
  config: Pick<Config, 'autoFixExecutionRolePolicy' | 'autoFixVpcEndpoints'>,
  run: RunState = {},
): Decision {
  // A sidecar's pull failure is a finding of its own, not the task's stop cause: proposed, never applied.
  if (diagnosis.sidecar) return { apply: false, reason: 'sidecar' };
  if (!plan.autoFix || !(plan.autoFix in FLAG_OF) || plan.cause !== diagnosis.cause)
    return { apply: false, reason: 'no-auto-fix-for-cause' };
  // Only evidence proves: a text-only diagnosis never counts (fail closed).
  if (diagnosis.confidence !== 'proven' || diagnosis.mode !== 'evidence') return { apply: false, reason: 'not-proven' };
  if (config[FLAG_OF[plan.autoFix]] !== true) return { apply: false, reason: 'not-opted-in' };
  if (plan.refusal) return { apply: false, reason: 'refused' };
  // A plan with nothing automatic has nothing to apply: treat it as refused, never as "fixed".
  if (!plan.steps.some((s) => s.automatic)) return { apply: false, reason: 'refused' };
  if (run.reminder) return { apply: false, reason: 'duplicate-fix' };
  if (run.earlierFix) {
    if (run.earlierFix.outcome === 'failed') return { apply: false, reason: 'failed-in-earlier-attempt' };
    if (run.earlierFix.autoFix !== plan.autoFix) return { apply: false, reason: 'fixed-by-earlier-attempt' };
    return { apply: false, reportEarlierFix: true };
  }
  if (run.time && run.time.leftMs - run.time.reserveMs < run.time.minFixMs) return { apply: false, reason: 'no-time' };
  return { apply: true };
}
