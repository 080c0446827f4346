/**
 * Simulated AWS latency for the bench: every mocked SDK call answers after `ms` milliseconds.
 *
 * aws-sdk-client-mock replaces `Client.prototype.send` of each client class with a sinon stub (that is
 * what `mocks.*` in test/helpers/aws-mocks.ts configure). Here that prototype property is replaced once
 * more, by a function that waits and then calls the stub: the stub's behaviours (scenario.mock(),
 * resetMocks()) and its call history keep working, and every client instance created by the code under
 * test (createClients) goes through the delay, whatever command it sends.
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
import { STSClient } from '@aws-sdk/client-sts';
import { mocks, type MockName } from '../helpers/aws-mocks';

import { SIMULATED_LATENCY_MS } from './latency-ms';

export { SIMULATED_LATENCY_MS };

const CLASSES: Record<MockName, { prototype: { send: unknown } }> = {
  ecs: ECSClient,
  ec2: EC2Client,
  ecr: ECRClient,
  iam: IAMClient,
  route53: Route53Client,
  secretsManager: SecretsManagerClient,
  ssm: SSMClient,
  sns: SNSClient,
  dynamodb: DynamoDBClient,
  cloudtrail: CloudTrailClient,
  sts: STSClient,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delays every call of the given mocked clients by `ms`. Call after test/helpers/aws-mocks.ts created its
 * stubs; returns a function that puts the bare stubs back.
 */
export function addLatency(
  ms: number = SIMULATED_LATENCY_MS,
  names: readonly MockName[] = Object.keys(CLASSES) as MockName[],
): () => void {
  const undo: Array<() => void> = [];
  for (const name of names) {
    const proto = CLASSES[name].prototype;
    const stub = proto.send as (...args: unknown[]) => unknown;
    if (stub !== (mocks[name] as unknown as { send: unknown }).send) {
      throw new Error(
        `${name}: the client's send is not the aws-sdk-client-mock stub; was it mocked or wrapped elsewhere?`,
      );
    }
    proto.send = function delayedSend(this: unknown, ...args: unknown[]) {
      return sleep(ms).then(() => stub.apply(this, args));
    };
    undo.push(() => {
      proto.send = stub;
    });
  }
  return () => {
    for (const f of undo) f();
  };
}
