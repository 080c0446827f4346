/**
 * Configuration flows one way: CloudFormation parameter → Lambda environment variable → this module,
 * parsed once at cold start into a frozen object that is passed as an argument everywhere else.
 * No other module reads process.env.
 */
import { ORGANIZATION_ID_PATTERN } from './domain/member-roles';

export type Language = 'en' | 'ja';

/**
 * Policy of the endpoints the auto-fix creates: `account` (default) = only principals of this account
 * (aws:PrincipalAccount); `ecr-only` = as `account`, and the S3 gateway only reaches the regional ECR layer
 * bucket (other S3 traffic from those route tables then fails); `full` = the AWS default full-access policy.
 */
export type EndpointPolicyMode = 'account' | 'ecr-only' | 'full';
export const ENDPOINT_POLICY_MODES: readonly EndpointPolicyMode[] = ['account', 'ecr-only', 'full'];

/** Tag a role must carry when AUTO_FIX_ROLE_REQUIRE_TAG=true (the IAM condition requires the same). */
export const AUTO_FIX_ROLE_TAG_KEY = 'ecs-pull-doctor:auto-fix';
export const AUTO_FIX_ROLE_TAG_VALUE = 'allowed';

export interface Config {
  /** SNS topic the notifications go to (TOPIC_ARN). Empty: print instead of publish (CLI). */
  readonly topicArn: string;
  /** DynamoDB table for incidents and duplicate deliveries (INCIDENT_TABLE_NAME). Empty: no storm control. */
  readonly incidentTableName: string;
  /** AUTO_FIX_EXECUTION_ROLE_POLICY=true: attach AmazonECSTaskExecutionRolePolicy when proven. */
  readonly autoFixExecutionRolePolicy: boolean;
  /** AUTO_FIX_VPC_ENDPOINTS=true: create the missing ECR/S3 (and logs/secrets/ssm) endpoints when proven. */
  readonly autoFixVpcEndpoints: boolean;
  /** ENDPOINT_POLICY: the policy put on endpoints the auto-fix creates. */
  readonly endpointPolicy: EndpointPolicyMode;
  /** AUTO_FIX_ROLE_PATH: the attach auto-fix only touches roles under this IAM path ("/" = any path). */
  readonly autoFixRolePath: string;
  /** AUTO_FIX_ROLE_REQUIRE_TAG=true: the attach auto-fix only touches roles tagged ecs-pull-doctor:auto-fix=allowed. */
  readonly autoFixRoleRequireTag: boolean;
  /** FORCE_NEW_DEPLOYMENT_AFTER_FIX=true: nudge the service after a successful fix. */
  readonly forceNewDeploymentAfterFix: boolean;
  /** NOTIFICATION_LANGUAGE: en | ja. */
  readonly language: Language;
  /** NOTIFICATION_WINDOW_MINUTES: later events of one incident within the window only count. */
  readonly notificationWindowMinutes: number;
  /**
   * MAX_DIAGNOSES_PER_MINUTE: new incidents diagnosed in full per minute and account/region; beyond: one surge summary.
   */
  readonly maxDiagnosesPerMinute: number;
  /** PIPELINE_DEADLINE_MS: the evidence gathering stops waiting after this long (kept below the Lambda timeout). */
  readonly deadlineMs: number;
  /** AWS_REGION the function runs in. */
  readonly region: string;
  /**
   * ORGANIZATION_ID (organization mode, issue 18): events of the organization's accounts and Regions are examined
   * through each member's own roles. Empty: single-account mode (this account and Region only).
   */
  readonly organizationId: string;
  /**
   * PIPELINE_LOAD (issue 21): when the handler loads the pipeline's file. `init` (the stack): during the init
   * phase, which Lambda runs with a full vCPU, so the first invocation does not compile it at a 256 MB function's
   * share of one; `first-event` (default elsewhere): on the first event that needs it, so an ignored event loads
   * nothing more.
   */
  readonly pipelineLoad: 'init' | 'first-event';
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

/** Default MAX_DIAGNOSES_PER_MINUTE: ≤ 150 IAM/EC2/ECR reads a minute at 15 calls per diagnosis. */
export const DEFAULT_MAX_DIAGNOSES_PER_MINUTE = 10;
/** Highest MAX_DIAGNOSES_PER_MINUTE (the surge item lists at most this many incidents per minute). */
export const MAX_DIAGNOSES_PER_MINUTE_LIMIT = 100;

function parseCap(env: Record<string, string | undefined>): number {
  const n = parsePositiveInt(env, 'MAX_DIAGNOSES_PER_MINUTE', DEFAULT_MAX_DIAGNOSES_PER_MINUTE);
  if (n > MAX_DIAGNOSES_PER_MINUTE_LIMIT)
    throw new ConfigError(`MAX_DIAGNOSES_PER_MINUTE must be at most ${MAX_DIAGNOSES_PER_MINUTE_LIMIT}, got "${n}"`);
  return n;
}

function parseOrganizationId(env: Record<string, string | undefined>): string {
  const raw = (env.ORGANIZATION_ID ?? '').trim();
  if (raw && !new RegExp(ORGANIZATION_ID_PATTERN).test(raw))
    throw new ConfigError(`ORGANIZATION_ID must be an organization id such as o-a1b2c3d4e5, got "${raw}"`);
  return raw;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const lang = parseChoice(env, 'NOTIFICATION_LANGUAGE', ['en', 'ja'] as const, 'en');
  const endpointPolicy = parseChoice(env, 'ENDPOINT_POLICY', ENDPOINT_POLICY_MODES, 'account');
  const rolePath = (env.AUTO_FIX_ROLE_PATH ?? '').trim() || '/';
  if (!/^\/(?:[\w+=,.@-]+\/)*$/.test(rolePath))
    throw new ConfigError(`AUTO_FIX_ROLE_PATH must be an IAM path such as "/" or "/ecs/", got "${rolePath}"`);
  return Object.freeze({
    topicArn: (env.TOPIC_ARN ?? '').trim(),
    incidentTableName: (env.INCIDENT_TABLE_NAME ?? '').trim(),
    autoFixExecutionRolePolicy: parseBool(env, 'AUTO_FIX_EXECUTION_ROLE_POLICY'),
    autoFixVpcEndpoints: parseBool(env, 'AUTO_FIX_VPC_ENDPOINTS'),
    endpointPolicy,
    autoFixRolePath: rolePath,
    autoFixRoleRequireTag: parseBool(env, 'AUTO_FIX_ROLE_REQUIRE_TAG'),
    forceNewDeploymentAfterFix: parseBool(env, 'FORCE_NEW_DEPLOYMENT_AFTER_FIX'),
    language: lang,
    notificationWindowMinutes: parsePositiveInt(env, 'NOTIFICATION_WINDOW_MINUTES', 60),
    deadlineMs: parsePositiveInt(env, 'PIPELINE_DEADLINE_MS', 30_000),
    maxDiagnosesPerMinute: parseCap(env),
    region: (env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '').trim(),
    organizationId: parseOrganizationId(env),
    pipelineLoad: parseChoice(env, 'PIPELINE_LOAD', ['init', 'first-event'] as const, 'first-event'),
  });
}

/** One of `choices` (unset or blank: `fallback`), or a ConfigError naming them. */
function parseChoice<T extends string>(
  env: Record<string, string | undefined>,
  key: string,
  choices: readonly T[],
  fallback: T,
): T {
  const v = (env[key] ?? '').trim() || fallback;
  if ((choices as readonly string[]).includes(v)) return v as T;
  const allowed = choices.length === 2 ? `"${choices[0]}" or "${choices[1]}"` : `one of ${choices.join(', ')}`;
  throw new ConfigError(`${key} must be ${allowed}, got "${v}"`);
}

/** The environment variables the stack sets, documented in the README; the CLI's `handle` reads the same. */
export const CONFIG_ENV_VARS = [
  'TOPIC_ARN',
  'INCIDENT_TABLE_NAME',
  'AUTO_FIX_EXECUTION_ROLE_POLICY',
  'AUTO_FIX_VPC_ENDPOINTS',
  'FORCE_NEW_DEPLOYMENT_AFTER_FIX',
  'ENDPOINT_POLICY',
  'AUTO_FIX_ROLE_PATH',
  'AUTO_FIX_ROLE_REQUIRE_TAG',
  'NOTIFICATION_LANGUAGE',
  'NOTIFICATION_WINDOW_MINUTES',
  'PIPELINE_DEADLINE_MS',
  'MAX_DIAGNOSES_PER_MINUTE',
  'ORGANIZATION_ID',
  'PIPELINE_LOAD',
] as const;
