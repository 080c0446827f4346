/**
 * Lambda entry point: no business logic. Configuration and clients are built once per container;
 * each event runs the pipeline. Bad input never throws (logged and dropped); only a failure to notify
 * (or a bug) throws, so that EventBridge retries the event and then keeps it in the dead-letter queue.
 */
import type { Context } from 'aws-lambda';
import { loadConfig } from './config';
import { logger } from './log';
import { buildDeps, pipelineDeps } from './deps';
import { runPipeline, type PipelineResult } from './pipeline';

const config = loadConfig();
const built = buildDeps(config, (text) => process.stdout.write(text), undefined, logger);

export interface HandlerResult {
  status: PipelineResult['status'];
  taskArn?: string;
  incidentId?: string;
  cause?: string;
  action?: string;
  reason?: string;
}

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
  return summarize(result);
};

export function summarize(result: PipelineResult): HandlerResult {
  switch (result.status) {
    case 'ignored':
      return { status: result.status, reason: result.reason, ...(result.taskArn ? { taskArn: result.taskArn } : {}) };
    case 'duplicate':
      return { status: result.status, taskArn: result.taskArn, ...(result.incidentId ? { incidentId: result.incidentId } : {}) };
    case 'suppressed':
      return { status: result.status, taskArn: result.taskArn, incidentId: result.incidentId };
    case 'notified':
      return {
        status: result.status,
        taskArn: result.taskArn,
        incidentId: result.incidentId,
        cause: result.diagnosis.cause,
        action: result.outcome.kind,
      };
  }
}
