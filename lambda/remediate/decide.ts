/**
 * decide: the ONLY place that can allow an auto-fix (STYLE.md §1). Pure. Every reason for not acting is
 * named, checked in a fixed order so the most fundamental one is reported:
 *   no-auto-fix-for-cause → not-proven → not-opted-in → refused.
 */
import type { Config } from '../config';
import type { Diagnosis } from '../domain/diagnosis';
import type { AutoFixParameter, Plan, ProposeReason } from './types';

export type Decision = { apply: true } | { apply: false; reason: ProposeReason };

const FLAG_OF: Record<AutoFixParameter, 'autoFixExecutionRolePolicy' | 'autoFixVpcEndpoints'> = {
  AutoFixExecutionRolePolicy: 'autoFixExecutionRolePolicy',
  AutoFixVpcEndpoints: 'autoFixVpcEndpoints',
};

export function decide(
  diagnosis: Diagnosis,
  plan: Plan,
  config: Pick<Config, 'autoFixExecutionRolePolicy' | 'autoFixVpcEndpoints'>,
): Decision {
  if (!plan.autoFix || !(plan.autoFix in FLAG_OF) || plan.cause !== diagnosis.cause)
    return { apply: false, reason: 'no-auto-fix-for-cause' };
  // Only evidence proves: a text-only diagnosis or an ignored container never counts (fail closed).
  if (diagnosis.confidence !== 'proven' || diagnosis.mode !== 'evidence' || diagnosis.ignoredReason)
    return { apply: false, reason: 'not-proven' };
  if (config[FLAG_OF[plan.autoFix]] !== true) return { apply: false, reason: 'not-opted-in' };
  if (plan.refusal) return { apply: false, reason: 'refused' };
  // A plan with nothing automatic has nothing to apply: treat it as refused, never as "fixed".
  if (!plan.steps.some((s) => s.automatic)) return { apply: false, reason: 'refused' };
  return { apply: true };
}
