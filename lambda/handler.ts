/**
 * Lambda entry point: no business logic. Configuration is read once per container; each event is triaged
 * (triage.ts, pure) and, when it needs work, run through the pipeline (handler-core.ts), whose module graph —
 * SDK clients, causes, catalogues, writers — is evaluated on the first such event only (issue 21: an ignored
 * event costs no SDK evaluation, and the container starts faster). Bad input never throws (logged and dropped);
 * only a failure to notify (or a bug) throws, so that EventBridge retries the event and then keeps it in the
 * dead-letter queue.
 */
import type { Context } from 'aws-lambda';
import { loadConfig } from './config';
import { logger } from './log';
import { emitMetrics, metricPointsOf } from './metrics';
import { summarize, type HandlerResult } from './pipeline-contract';
import { logIgnored, triage } from './triage';

const config = loadConfig();
/**
 * The pipeline, loaded on the first event that needs it. The deployed function ships it as a file of its own
 * (handler-core.js beside index.js, lib/function-bundle.ts), so a cold start compiles only this entry; a require
 * (not an import()) so that Node resolves that file as CommonJS, and esbuild bundles it where it is not split.
 */
let core: typeof import('./handler-core') | undefined;
const loadCore = () => {
  core ??= require('./handler-core') as typeof import('./handler-core');
  return core;
};

export const handler = async (event: unknown, context?: Context): Promise<HandlerResult> => {
  if (context) logger.addContext(context);
  const t = triage(event);
  const result =
    t.kind === 'ignored' ? logIgnored(t, logger).result : await loadCore().handleEvent(event, config, logger, context);
  emitMetrics(metricPointsOf(result, new Date()));
  return summarize(result);
};
