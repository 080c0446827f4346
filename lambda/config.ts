/**
 * Configuration flows one way: CloudFormation parameter → Lambda environment variable → this module,
 * parsed once at cold start into a frozen object that is passed as an argument everywhere else.
 * No other module reads process.env.
 */

export type Language = 'en' | 'ja';

export interface Config {
  /** SNS topic the notifications go to (TOPIC_ARN). Empty: print instead of publish (CLI). */
  readonly topicArn: string;
  /** DynamoDB table for incidents and duplicate deliveries (INCIDENT_TABLE_NAME). Empty: no storm control. */
  readonly incidentTableName: string;
  /** AUTO_FIX_EXECUTION_ROLE_POLICY=true: attach AmazonECSTaskExecutionRolePolicy when proven. */
  readonly autoFixExecutionRolePolicy: boolean;
  /** AUTO_FIX_VPC_ENDPOINTS=true: create the missing ECR/S3 (and logs/secrets/ssm) endpoints when proven. */
  readonly autoFixVpcEndpoints: boolean;
  /** FORCE_NEW_DEPLOYMENT_AFTER_FIX=true: nudge the service after a successful fix. */
  readonly forceNewDeploymentAfterFix: boolean;
  /** NOTIFICATION_LANGUAGE: en | ja. */
  readonly language: Language;
  /** NOTIFICATION_WINDOW_MINUTES: later events of one incident within the window only count. */
  readonly notificationWindowMinutes: number;
  /** PIPELINE_DEADLINE_MS: the evidence gathering stops waiting after this long (kept below the Lambda timeout). */
  readonly deadlineMs: number;
  /** AWS_REGION the function runs in. */
  readonly region: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function parseBool(env: Record<string, string | undefined>, key: string): boolean {
  const raw = (env[key] ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError(`${key} must be "true" or "false", got "${env[key]}"`);
}

function parsePositiveInt(env: Record<string, string | undefined>, key: string, fallback: number): number {
  const raw = (env[key] ?? '').trim();
  if (raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${key} must be a positive integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const lang = (env.NOTIFICATION_LANGUAGE ?? '').trim() || 'en';
  if (lang !== 'en' && lang !== 'ja') {
    throw new ConfigError(`NOTIFICATION_LANGUAGE must be "en" or "ja", got "${lang}"`);
  }
  return Object.freeze({
    topicArn: (env.TOPIC_ARN ?? '').trim(),
    incidentTableName: (env.INCIDENT_TABLE_NAME ?? '').trim(),
    autoFixExecutionRolePolicy: parseBool(env, 'AUTO_FIX_EXECUTION_ROLE_POLICY'),
    autoFixVpcEndpoints: parseBool(env, 'AUTO_FIX_VPC_ENDPOINTS'),
    forceNewDeploymentAfterFix: parseBool(env, 'FORCE_NEW_DEPLOYMENT_AFTER_FIX'),
    language: lang,
    notificationWindowMinutes: parsePositiveInt(env, 'NOTIFICATION_WINDOW_MINUTES', 60),
    deadlineMs: parsePositiveInt(env, 'PIPELINE_DEADLINE_MS', 30_000),
    region: (env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '').trim(),
  });
}

/** The environment variables the stack sets, documented in the README; the CLI's `handle` reads the same. */
export const CONFIG_ENV_VARS = [
  'TOPIC_ARN',
  'INCIDENT_TABLE_NAME',
  'AUTO_FIX_EXECUTION_ROLE_POLICY',
  'AUTO_FIX_VPC_ENDPOINTS',
  'FORCE_NEW_DEPLOYMENT_AFTER_FIX',
  'NOTIFICATION_LANGUAGE',
  'NOTIFICATION_WINDOW_MINUTES',
  'PIPELINE_DEADLINE_MS',
] as const;
