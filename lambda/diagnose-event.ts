/**
 * The one orchestration of a diagnosis, shared by the Lambda pipeline and the CLI: the stop reason's hint, the
 * call plan derived from it, the facts read within the caller's deadline, and the pure diagnosis. No facts are
 * read when there are no clients (the offline CLI) or when the caller cannot check the task's account or region
 * (`notChecked` says why, and the diagnosis lists it as not checked).
 */
import type { CallContext } from './aws/call';
import type { Clients } from './aws/clients';
import { callPlanFor } from './causes/call-plan';
import { classifyText } from './causes/classify';
import { diagnose } from './diagnose/diagnose';
import type { Diagnosis } from './domain/diagnosis';
import type { PullFailure } from './event/pull-failure';
import { gatherFacts } from './facts/gather';
import type { Log } from './log';

export interface DiagnoseEnv {
  /** The clients of the task's account and region; none: the text alone is read (offline). */
  clients?: Clients;
  /** The deadline and call record of the evidence calls. */
  ctx: CallContext;
  log?: Log;
  /** Why the task's account or region cannot be checked from here (no call is made then). */
  notChecked?: string;
}

export async function diagnoseEvent(failure: PullFailure, env: DiagnoseEnv): Promise<Diagnosis> {
  const hint = classifyText(failure.reason, failure.image, failure.task.launchType);
  const facts =
    env.clients && !env.notChecked
      ? await gatherFacts(failure, callPlanFor(hint, failure), {
          clients: env.clients,
          ctx: env.ctx,
          ...(env.log ? { log: env.log } : {}),
        })
      : undefined;
  const diagnosis = diagnose(failure, facts);
  if (!env.notChecked) return diagnosis;
  return {
    ...diagnosis,
    unchecked: [...diagnosis.unchecked, { check: 'account-and-region', api: '-', reason: env.notChecked }],
  };
}
