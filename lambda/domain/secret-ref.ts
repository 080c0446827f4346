/** The IAM action and resource ARN that reading a secret reference needs (pure). */
import { partitionOf } from './image-ref';

/** A secrets[] valueFrom or repositoryCredentials reference: Secrets Manager secret or SSM parameter. */
export interface SecretRefLike {
  kind: 'secretsmanager' | 'ssm';
  id: string;
  region: string;
}

/** The IAM action the execution role needs to read a reference. */
export function readActionFor(item: Pick<SecretRefLike, 'kind'>): string {
  return item.kind === 'secretsmanager' ? 'secretsmanager:GetSecretValue' : 'ssm:GetParameters';
}

/** ARN used in the IAM evaluation for a secret/parameter reference. */
export function resourceArnFor(item: SecretRefLike, account: string): string {
  if (item.kind === 'secretsmanager' || item.id.startsWith('arn:')) return item.id;
  return `arn:${partitionOf(item.region)}:ssm:${item.region}:${account}:parameter/${item.id.replace(/^\//, '')}`;
}
