/**
 * Lambda entry point: no business logic. Configuration and clients are built once per container;
 * each event runs the pipeline. Bad input never throws (logged and dropped); only a failure to notify
 * (or a bug) throws, so that EventBridge retries the event and then keeps it in the dead-letter queue.
 */
import type { Context } from 'aws-lambda';
import { loadConfig } from './config';
import { logger } from './log';
import { buildDeps, pipelineDeps } from './deps';
import { runPipeline } from './pipeline';
import { summarize, type HandlerResult } from './pipeline-contract';
import { emitMetrics, metricPointsOf } from './metrics';

const config = loadConfig();
const built = buildDeps(config, (text) => process.stdout.write(text), undefined, logger);

export const handler = async (event: unknown, context?: Context): Promise<HandlerResult> => {
  if (context) logger.addContext(context);
  const ownAccount = context?.invokedFunctionArn?.split(':')[4];
  const result = await runPipeline(
    event,
    pipelineDeps(config, built, logger, {
      ...(ownAccount ? { ownAccount } : {}),
      ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
    }),
  );
  emitMetrics(metricPointsOf(result, new Date()));
  return summarize(result);
};
