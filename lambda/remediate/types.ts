/**
 * A remediation is data first: a typed plan of steps with the real resource ids. The same plan is
 * rendered as a proposal (commands/JSON a human can paste) and executed by the auto-fix.
 */
import type { CauseId } from '../domain/diagnosis';

/** Stack parameters that opt into an auto-fix. */
export type AutoFixParameter = 'AutoFixExecutionRolePolicy' | 'AutoFixVpcEndpoints';

export interface PlanStep {
  /** Stable id within the plan, e.g. "create-endpoint-ecr.dkr". */
  id: string;
  /** The AWS API action the step performs (e.g. "ec2:CreateVpcEndpoint"), or "manual" for advice. */
  action: string;
  /** The resource it acts on (ARN or id). */
  resource: string;
  /** Exact API parameters (used by apply and rendered into the command). */
  params: Record<string, unknown>;
  /** The AWS CLI command a human would run (real ids filled in). */
  command?: string;
  /** A JSON document to apply (IAM/repository policy…), when the step needs one. */
  document?: unknown;
  /** True when the auto-fix may execute this step. */
  automatic: boolean;
  /** Catalogue key for the localized one-line explanation of the step (notify/messages). */
  textKey: string;
  /** Values to interpolate into that text. */
  textArgs?: Record<string, string | number>;
}

export interface Plan {
  cause: CauseId;
  /** The auto-fix that could apply this plan, if any. */
  autoFix?: AutoFixParameter;
  /** Why the auto-fix must not run even when opted in (explicit deny, DNS off, other account …). */
  refusal?: { textKey: string; textArgs?: Record<string, string | number> };
  steps: PlanStep[];
  /** Catalogue keys for cost and risk notes, with args. */
  cost?: { textKey: string; textArgs?: Record<string, string | number> };
  risk?: { textKey: string; textArgs?: Record<string, string | number> };
}

export interface AppliedStep {
  stepId: string;
  action: string;
  /** Id of the resource created or changed, or the existing one found. */
  resourceId?: string;
  result: 'created' | 'already-present' | 'changed' | 'skipped';
  detail: string;
  /**
   * After an IAM change: whether iam:SimulatePrincipalPolicy now allows what the fix was for ('still-denied'
   * right after a change may only be IAM propagation, which takes a few seconds).
   */
  permissionCheck?: 'allowed' | 'still-denied' | 'could-not-check';
}

/** Why a plan was proposed rather than applied: every reason for not acting is named (ASR). */
export type ProposeReason =
  | 'sidecar' // the failed container is a non-essential sidecar: its failure is not why the task stopped, never fixed
  | 'not-opted-in' // the matching parameter is off
  | 'not-proven' // the cause is only likely/possible
  | 'no-auto-fix-for-cause' // no auto-fix exists for this cause
  | 'refused' // opted in and proven, but unsafe (plan.refusal says why)
  | 'duplicate-fix' // a reminder of an incident: the fix is attempted only with its first message
  | 'no-time' // the invocation's time left would eat the reserve for notifying and recording: not started
  | 'not-recorded' // the intended change could not be recorded on the incident before the first write (fail closed)
  | 'member-not-opted-in' // organization mode: the member account has no role for this auto-fix in this Region
  | 'fixed-by-earlier-attempt' // an earlier attempt of this incident applied a fix (recorded): never applied twice
  | 'failed-in-earlier-attempt'; // an earlier attempt's fix failed part-way (recorded): reported, not retried blindly

export type Outcome =
  | {
      kind: 'fixed';
      plan: Plan;
      applied: AppliedStep[];
      verified: boolean;
      followUp?: AppliedStep[];
      /** ISO time an earlier attempt of this incident applied it (recorded; this attempt re-applied nothing). */
      byEarlierAttempt?: string;
    }
  | { kind: 'proposed'; plan: Plan; reason: ProposeReason }
  | {
      kind: 'failed';
      plan: Plan;
      applied: AppliedStep[];
      failedStepId: string;
      error: string;
      /** Steps not executed because of the failure. */
      notDone: string[];
    };
