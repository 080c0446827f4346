/**
 * What the handler does with an event that needs work (a pull failure, a service signal, an AWS Health event):
 * the pipeline with its clients, stores and publisher, built on the first such event of the container and kept.
 * handler.ts requires this module in the init phase (PIPELINE_LOAD=init, the stack) or on that first event
 * (first-event: an ignored event then never evaluates the SDK clients, the causes or their catalogues). The
 * pipeline starts from the handler's triage (runTriaged); the CLI and the tests enter through runPipeline, which
 * triages the same way.
 */
import type { Context } from 'aws-lambda';
import type { Config } from './config';
import { buildDeps, pipelineDeps } from './deps';
import type { Log } from './log';
import { runTriaged } from './pipeline';
import type { PipelineResult } from './pipeline-contract';
import type { Triage } from './triage';

let built: ReturnType<typeof buildDeps> | undefined;

/**
 * `log` is the handler's logger: in the deployed function this module is a file of its own with its own copy of
 * lambda/log.ts, whose logger would not carry the Lambda context the handler adds.
 */
export function handleEvent(event: Triage, config: Config, log: Log, context?: Context): Promise<PipelineResult> {
  built ??= buildDeps(config, (text) => process.stdout.write(text), undefined, log);
  const ownAccount = context?.invokedFunctionArn?.split(':')[4];
  return runTriaged(
    event,
    pipelineDeps(config, built, log, {
      ...(ownAccount ? { ownAccount } : {}),
      ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
    }),
  );
}
