/**
 * Gives every stubbed AWS answer a few milliseconds of latency, so that calls made together overlap as they
 * do against AWS and `criticalPathRounds` counts waves, not the microtask order of instant mocks. Install it
 * after the stubs (a scenario's mock() resets them); call the returned function to restore.
 */
import { ECSClient } from '@aws-sdk/client-ecs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';

const CLASSES = [
  ECSClient,
  EC2Client,
  ECRClient,
  IAMClient,
  Route53Client,
  SecretsManagerClient,
  SSMClient,
] as unknown as Array<{ prototype: { send: (...a: unknown[]) => Promise<unknown> } }>;

export function withLatency(ms = 25): () => void {
  const originals = CLASSES.map((Cls) => {
    const stub = Cls.prototype.send;
    Cls.prototype.send = function (this: unknown, ...a: unknown[]) {
      return new Promise((r) => setTimeout(r, ms)).then(() => stub.apply(this, a));
    };
    return stub;
  });
  return () => {
    for (const [i, Cls] of CLASSES.entries()) Cls.prototype.send = originals[i]!;
  };
}
