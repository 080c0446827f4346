/**
 * The one factory for AWS SDK v3 clients. Retry settings are explicit (and tested): standard retry mode,
 * three attempts, a connection timeout and a per-request timeout, so one slow API cannot eat the
 * Lambda's timeout. Clients are created lazily (only the ones a diagnosis needs) and at most once.
 * Standard SDK settings (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL) apply as usual.
 */
import { ECSClient } from '@aws-sdk/client-ecs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';

export const RETRY_SETTINGS = Object.freeze({
  retryMode: 'standard' as const,
  maxAttempts: 3,
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 8_000,
});

export interface Clients {
  readonly ecs: ECSClient;
  readonly ec2: EC2Client;
  readonly ecr: ECRClient;
  readonly iam: IAMClient;
  readonly route53: Route53Client;
  readonly secretsManager: SecretsManagerClient;
  readonly ssm: SSMClient;
  readonly sns: SNSClient;
  readonly dynamodb: DynamoDBClient;
  /** Event history (what changed): read after the diagnosis, never on its critical path. */
  readonly cloudtrail: CloudTrailClient;
  /** Event history of the partition's global Region, where IAM's events are (us-east-1, cn-north-1, us-gov-west-1). */
  readonly cloudtrailGlobal: CloudTrailClient;
  /** The same credentials in another Region (a registry in another Region of the same account). */
  forRegion(region: string): Clients;
}

/**
 * The Region whose CloudTrail event history holds a partition's global-service events (IAM, STS): CloudTrail User
 * Guide, "Understanding global service events".
 */
export function globalEventsRegion(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'cn-north-1';
  if (region?.startsWith('us-gov-')) return 'us-gov-west-1';
  return 'us-east-1';
}

export function clientConfig(region?: string) {
  return {
    ...(region ? { region } : {}),
    retryMode: RETRY_SETTINGS.retryMode,
    maxAttempts: RETRY_SETTINGS.maxAttempts,
    requestHandler: {
      connectionTimeout: RETRY_SETTINGS.connectionTimeoutMs,
      requestTimeout: RETRY_SETTINGS.requestTimeoutMs,
      // Without this, @smithy/node-http-handler only logs a warning when requestTimeout passes and keeps
      // waiting: a server that accepts the connection but never answers would hang the call (SNS Publish
      // and DynamoDB calls have no pipeline deadline) until the Lambda itself times out.
      throwOnRequestTimeout: true,
    },
  };
}

/** Temporary credentials of an assumed role (organization mode: a member account's diagnosis or fix role). */
export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: Date;
}

/**
 * Lazily creates each client on first use; `region` empty means the SDK's default chain. `credentials`: every client
 * signs with them (an assumed member role) instead of the default chain.
 */
export function createClients(region?: string, credentials?: RoleCredentials): Clients {
  const cfg = { ...clientConfig(region), ...(credentials ? { credentials } : {}) };
  const cache = new Map<string, unknown>();
  const regions = new Map<string, Clients>();
  const lazy = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  const self: Clients = {
    forRegion(other: string): Clients {
      if (!other || other === region) return self;
      if (!regions.has(other)) regions.set(other, createClients(other, credentials));
      return regions.get(other)!;
    },
    get ecs() {
      return lazy('ecs', () => new ECSClient(cfg));
    },
    get ec2() {
      return lazy('ec2', () => new EC2Client(cfg));
    },
    get ecr() {
      return lazy('ecr', () => new ECRClient(cfg));
    },
    // IAM is a global service; the SDK picks its endpoint from the region.
    get iam() {
      return lazy('iam', () => new IAMClient(cfg));
    },
    // Route 53 is global too: every Region of a partition resolves to that partition's one endpoint
    // (route53.amazonaws.com signed for us-east-1 in the commercial partition), so the task's Region is right.
    get route53() {
      return lazy('route53', () => new Route53Client(cfg));
    },
    get secretsManager() {
      return lazy('sm', () => new SecretsManagerClient(cfg));
    },
    get ssm() {
      return lazy('ssm', () => new SSMClient(cfg));
    },
    get sns() {
      return lazy('sns', () => new SNSClient(cfg));
    },
    get dynamodb() {
      return lazy('ddb', () => new DynamoDBClient(cfg));
    },
    get cloudtrail() {
      return lazy('cloudtrail', () => new CloudTrailClient(cfg));
    },
    get cloudtrailGlobal() {
      const home = region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
      return lazy('cloudtrail-global', () => new CloudTrailClient({ ...cfg, region: globalEventsRegion(home) }));
    },
  };
  return self;
}
