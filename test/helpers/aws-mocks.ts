/**
 * Strict AWS SDK mocks (STYLE.md §13): aws-sdk-client-mock resolves an un-mocked command to
 * `undefined`, which hides missing mocks. `strictMocks()` makes every client reject any command that a
 * test did not mock, so a forgotten mock fails loudly. Call `resetMocks()` in beforeEach.
 */
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
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

export const mocks = {
  ecs: mockClient(ECSClient),
  ec2: mockClient(EC2Client),
  ecr: mockClient(ECRClient),
  iam: mockClient(IAMClient),
  route53: mockClient(Route53Client),
  secretsManager: mockClient(SecretsManagerClient),
  ssm: mockClient(SSMClient),
  sns: mockClient(SNSClient),
  dynamodb: mockClient(DynamoDBClient),
  cloudtrail: mockClient(CloudTrailClient),
  sts: mockClient(STSClient),
};

export type MockName = keyof typeof mocks;

/** Resets every mock and makes un-mocked commands reject with a named error. */
export function resetMocks(): void {
  for (const [name, m] of Object.entries(mocks) as Array<[string, AwsStub<any, any, any>]>) {
    m.reset();
    m.callsFake((input: unknown) => {
      const err = new Error(`un-mocked ${name} command called with ${JSON.stringify(input).slice(0, 200)}`);
      err.name = 'UnmockedCommandError';
      return Promise.reject(err);
    });
  }
}

/** An SDK-shaped service error (name + $metadata.httpStatusCode), as the SDK throws them. */
export function awsError(name: string, httpStatusCode = 400, message = name): Error {
  const err = new Error(message) as Error & { $metadata: { httpStatusCode: number }; $fault: string };
  err.name = name;
  err.$metadata = { httpStatusCode };
  err.$fault = httpStatusCode >= 500 ? 'server' : 'client';
  return err;
}

/** Every command any mocked client received, as "service:CommandName" (e.g. "ec2:CreateVpcEndpoint"). */
export function receivedCommands(): string[] {
  const prefix: Record<MockName, string> = {
    ecs: 'ecs',
    ec2: 'ec2',
    ecr: 'ecr',
    iam: 'iam',
    route53: 'route53',
    secretsManager: 'secretsmanager',
    ssm: 'ssm',
    sns: 'sns',
    dynamodb: 'dynamodb',
    cloudtrail: 'cloudtrail',
    sts: 'sts',
  };
  const out: string[] = [];
  for (const [name, m] of Object.entries(mocks) as Array<[MockName, AwsStub<any, any, any>]>) {
    for (const call of m.calls()) {
      const cmd = (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, '');
      out.push(`${prefix[name]}:${cmd}`);
    }
  }
  return out;
}

const WRITE_PREFIX =
  /^(Create|Delete|Put|Update|Attach|Detach|Authorize|Revoke|Modify|Set|Register|Deregister|Tag|Untag|Replace|Associate|Disassociate|Publish)/;

/** The commands received that change something (excluding SNS Publish and DynamoDB, listed separately). */
export function writeCommands(): string[] {
  return receivedCommands().filter((c) => {
    const [svc, op] = c.split(':') as [string, string];
    return svc !== 'sns' && svc !== 'dynamodb' && WRITE_PREFIX.test(op);
  });
}
