/**
 * What the handler does with an event that needs work (a pull failure, a service signal, an AWS Health event):
 * the pipeline with its clients, stores and publisher, built on the first such event of the container and kept.
 * handler.ts imports this module only then (issue 21), so an ignored event never evaluates the SDK clients, the
 * causes or their catalogues.
 */
import type { Context } from 'aws-lambda';
import type { Config } from './config';
import { buildDeps, pipelineDeps } from './deps';
import { logger } from './log';
import { runPipeline } from './pipeline';
import type { PipelineResult } from './pipeline-contract';

let built: ReturnType<typeof buildDeps> | undefined;

export function handleEvent(event: unknown, config: Config, context?: Context): Promise<PipelineResult> {
  built ??= buildDeps(config, (text) => process.stdout.write(text), undefined, logger);
  const ownAccount = context?.invokedFunctionArn?.split(':')[4];
  return runPipeline(
    event,
    pipelineDeps(config, built, logger, {
      ...(ownAccount ? { ownAccount } : {}),
      ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
    }),
  );
}
