/**
 * What the endpoint planner and the endpoint writer must agree on: the security group's name and step id, and
 * the policy document of an endpoint the auto-fix creates.
 */
import type { EndpointPolicyMode } from '../../config';
import type { EndpointService } from '../../domain/diagnosis';

export const ENDPOINT_SG_NAME = 'ecs-pull-doctor-endpoints';
export const ENDPOINT_SG_DESCRIPTION = 'HTTPS from the VPC to the interface endpoints created by ecs-pull-doctor';
export const SG_STEP_ID = 'create-endpoint-security-group';

/**
 * The objects of ECR's regional layer bucket. Image layers are downloaded from it through the S3 gateway
 * with URLs that ECR presigns with its own credentials (AWS ECR guide, "Minimum Amazon S3 bucket permissions
 * for Amazon ECR"): a request there carries no principal of the task's account, so it is never scoped by account.
 */
export function ecrLayerObjectsArn(partition: string, region: string): string {
  return `arn:${partition}:s3:::prod-${region}-starport-layer-bucket/*`;
}

/**
 * The policy document (a JSON string) of an endpoint the auto-fix creates, by the stack's EndpointPolicy:
 * - account: interface endpoints allow any action on any resource to principals of this account only
 *   (aws:PrincipalAccount; what a pull sends through ecr.api, ecr.dkr, logs, secretsmanager and ssm is signed
 *   by the task's execution role). The S3 gateway allows the same and, for anyone, s3:GetObject on ECR's
 *   layer bucket: without that exception the account condition would deny the layer downloads (403).
 * - ecr-only: interface endpoints as account; the S3 gateway allows nothing but s3:GetObject on the layer
 *   bucket, so every other S3 request from those route tables fails.
 * - full: no document (the AWS default, full access).
 */
export function endpointPolicyDocument(
  mode: EndpointPolicyMode,
  service: EndpointService,
  account: string,
  partition: string,
  region: string,
): string | undefined {
  if (mode === 'full') return undefined;
  const thisAccount = {
    Sid: 'OnlyPrincipalsOfThisAccount',
    Effect: 'Allow',
    Principal: '*',
    Action: '*',
    Resource: '*',
    Condition: { StringEquals: { 'aws:PrincipalAccount': account } },
  };
  const layers = {
    Sid: 'EcrImageLayers',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: ecrLayerObjectsArn(partition, region),
  };
  const statements = service !== 's3' ? [thisAccount] : mode === 'account' ? [thisAccount, layers] : [layers];
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
