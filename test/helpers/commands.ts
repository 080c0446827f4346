/**
 * From an IAM-style API name ("ec2:DescribeSubnets", as lambda/permissions.ts and receivedCommands() spell
 * it) to the strict mock and the SDK command class, so fault tests can be written over API names:
 *
 *   const { mock, command } = commandFor('ec2:DescribeSubnets');
 *   mock.on(command).callsFake(faultBehaviour('ec2', 'throttled'));
 */
import type { AwsStub } from 'aws-sdk-client-mock';
import * as ecs from '@aws-sdk/client-ecs';
import * as ec2 from '@aws-sdk/client-ec2';
import * as ecr from '@aws-sdk/client-ecr';
import * as iam from '@aws-sdk/client-iam';
import * as route53 from '@aws-sdk/client-route-53';
import * as secretsManager from '@aws-sdk/client-secrets-manager';
import * as ssm from '@aws-sdk/client-ssm';
import * as sns from '@aws-sdk/client-sns';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as sts from '@aws-sdk/client-sts';
import { mocks, type MockName } from './aws-mocks';

const MODULES: Record<string, { name: MockName; module: Record<string, unknown> }> = {
  ecs: { name: 'ecs', module: ecs },
  ec2: { name: 'ec2', module: ec2 },
  ecr: { name: 'ecr', module: ecr },
  iam: { name: 'iam', module: iam },
  route53: { name: 'route53', module: route53 },
  secretsmanager: { name: 'secretsManager', module: secretsManager },
  ssm: { name: 'ssm', module: ssm },
  sns: { name: 'sns', module: sns },
  dynamodb: { name: 'dynamodb', module: dynamodb },
  cloudtrail: { name: 'cloudtrail', module: cloudtrail },
  sts: { name: 'sts', module: sts },
};

export interface CommandRef {
  /** Key of `mocks` (and of the fault tables in faults.ts). */
  service: MockName;
  mock: AwsStub<any, any, any>;
  command: new (input: any) => any;
}

export function commandFor(api: string): CommandRef {
  const [prefix, op] = api.split(':') as [string, string];
  const m = MODULES[prefix];
  const command = m?.module[`${op}Command`] as CommandRef['command'] | undefined;
  if (!m || !command) throw new Error(`no SDK command for ${api}`);
  return { service: m.name, mock: mocks[m.name] as AwsStub<any, any, any>, command };
}
