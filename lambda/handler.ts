/**
 * Lambda entry point: no business logic. Configuration is read once per container; each event is triaged
 * (triage.ts, pure) and, when it needs work, run through the pipeline (handler-core.ts: SDK clients, causes,
 * catalogues, writers). The deployed function ships that pipeline as a second file and loads it in the init phase
 * (PIPELINE_LOAD=init); with PIPELINE_LOAD=first-event it is loaded on the first event that needs it, so an ignored
 * event loads nothing more (issue 21). Bad input never throws (logged and dropped); only a failure to notify (or a
 * bug) throws, so that EventBridge retries the event and then keeps it in the dead-letter queue.
 */
import type { Context } from 'aws-lambda';
import { loadConfig } from './config';
import { logger } from './log';
import { emitMetrics, metricPointsOf } from './metrics';
import { summarize, type HandlerResult } from './pipeline-contract';
import { logIgnored, triage } from './triage';

const config = loadConfig();
/**
 * The pipeline. The deployed function ships it as a file of its own (handler-core.js beside index.js,
 * lib/function-bundling.ts); a require (not an import()) so that Node resolves that file as CommonJS, and esbuild
 * bundles it where it is not split. Node's module cache keeps it after the first load.
 */
const loadCore = (): typeof import('./handler-core') => {
  try {
    return require('./handler-core') as typeof import('./handler-core');
  } catch (err) {
    // Only handler-core.js itself missing (a module missing inside it names itself, handler-core in its stack).
    if (!String((err as Error)?.message).startsWith("Cannot find module './handler-core'")) throw err;
    throw new Error(
      'handler-core.js is missing beside index.js: the function asset was built without its second file ' +
        '(scripts/function-core-build.mjs, which the CDK runs after bundling; lib/function-bundling.ts). ' +
        'Deploy again from the repository after `npm ci`, so that the CDK bundles with the local esbuild.',
      { cause: err },
    );
  }
};

// Lambda runs the init phase with a full vCPU, an invocation with the memory's share of one (≈ 1/7 at 256 MB):
// the stack has the pipeline compiled now (PIPELINE_LOAD=init), not in the first invocation.
if (config.pipelineLoad === 'init') loadCore();

export const handler = async (event: unknown, context?: Context): Promise<HandlerResult> => {
  if (context) logger.addContext(context);
  const t = triage(event);
  const result =
    t.kind === 'ignored' ? logIgnored(t, logger) : await loadCore().handleEvent(t, config, logger, context);
  emitMetrics(metricPointsOf(result, new Date()));
  return summarize(result);
};
