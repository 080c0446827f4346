/** What an apply function returns: the steps done (in order), and the failure that stopped it, if any. */
import type { Unknown } from '../aws/call';
import type { AppliedStep } from './types';

export interface StepRun {
  applied: AppliedStep[];
  /** True when a describe after the changes shows the desired state. */
  verified: boolean;
  failure?: { stepId: string; error: string };
}

/** One line for an Outcome/AppliedStep from a failed call. */
export function describeFailure(u: Unknown): string {
  return u.kind === 'deadline' ? `${u.api}: no answer before the apply deadline (${u.reason})` : u.reason;
}
