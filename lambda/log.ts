/** The one Powertools Logger: structured JSON lines with stable keys (taskArn, service, causes, outcome, apiCalls). */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'ecs-pull-doctor' });

/** The subset of the logger the pipeline uses; tests pass a recording fake. */
export interface Log {
  debug(message: string, ...extra: Array<Record<string, unknown>>): void;
  info(message: string, ...extra: Array<Record<string, unknown>>): void;
  warn(message: string, ...extra: Array<Record<string, unknown>>): void;
  error(message: string, ...extra: Array<Record<string, unknown>>): void;
}
