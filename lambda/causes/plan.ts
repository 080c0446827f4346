/**
 * planRemediation: pure, one planner per cause (each cause module's `plan`). The plan is the same data whether it is
 * proposed or applied; steps are automatic only for a proven cause with an auto-fix and no refusal
 * (decide() still has the last word). Every textKey used here is in notify/messages/plan-en.ts / plan-ja.ts.
 */
import type { Diagnosis } from '../domain/diagnosis';
import type { Plan } from '../remediate/types';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions } from '../remediate/plan-options';
import { plannerOf } from './registry';
import { partitionOfArn } from '../remediate/plans/shared';

/**
 * Plans the remediation of the diagnosed cause. `partition` defaults to the one in the task ARN
 * ("aws" when unknown). Pure: no I/O, never throws for a well-typed diagnosis.
 */
export function planRemediation(
  diagnosis: Diagnosis,
  partition?: string,
  options: PlanOptions = DEFAULT_PLAN_OPTIONS,
): Plan {
  const p = partition ?? partitionOfArn(diagnosis.resources.taskArn) ?? 'aws';
  const planned = plannerOf(diagnosis.cause)(diagnosis, p, options);
  // A fix only follows a task the account itself describes (diagnose/confirm-task.ts): a forged, expired or
  // altered event is diagnosed and proposed, never fixed. This refusal comes first: it is the most fundamental.
  const confirmed = diagnosis.fixInputs.taskConfirmation?.confirmed === true;
  const plan: Plan =
    planned.autoFix && diagnosis.mode === 'evidence' && !confirmed
      ? {
          ...planned,
          refusal: {
            textKey: 'plan.refusal.task-not-confirmed',
            textArgs: { task: diagnosis.resources.taskArn, cluster: diagnosis.resources.cluster },
          },
        }
      : planned;
  // Belt and braces: nothing is automatic for an unproven cause, a refused plan or a plan without an auto-fix.
  if (diagnosis.confidence !== 'proven' || plan.refusal || !plan.autoFix) {
    return { ...plan, steps: plan.steps.map((s) => (s.automatic ? { ...s, automatic: false } : s)) };
  }
  return plan;
}
