/**
 * Pure: which probes the text's candidate causes need, and the budget slot of each call.
 */
import type { CauseId } from '../diagnose/types';
import type { TextHint } from '../diagnose/message-text';
import type { PullFailure } from '../event/pull-failure';

export const NETWORK: CauseId[] = ['network-no-route', 'public-ip-disabled', 'vpc-endpoint-missing', 'vpc-dns-disabled', 'security-group-blocks', 'network-acl-blocks', 'vpc-endpoint-policy-denies'];
export const SECRETS: CauseId[] = ['registry-credentials-invalid', 'secret-or-parameter-unavailable', 'kms-decrypt-denied'];
export const ECR_IMAGE: CauseId[] = ['repository-not-found', 'image-not-found', 'stale-image-digest', 'platform-mismatch', 'execution-role-ecr-permissions', 'repository-policy-denies'];

export interface Needs {
  taskDefinition: boolean;
  network: boolean;
  service: boolean;
  /** ec2:DescribeVpcs (CIDRs, DHCP options id) + ec2:DescribeDhcpOptions: the endpoint auto-fix needs them. */
  vpc: boolean;
  networkAcls: boolean;
  securityGroups: boolean;
  ecrImage: boolean;
  ecrTags: boolean;
  repositoryPolicy: boolean;
  iamEcr: boolean;
  secrets: boolean;
  kms: boolean;
}

/** Which probes the candidates need (pure). */
export function needsFor(hint: TextHint, failure: PullFailure): Needs {
  const c = new Set<CauseId>(hint.candidates);
  const any = (list: CauseId[]) => list.some((x) => c.has(x));
  const unknown = hint.family === 'unknown';
  const network = any(NETWORK);
  return {
    taskDefinition: !!failure.task.taskDefinitionArn,
    network,
    service: network && !!failure.task.serviceName,
    vpc: network,
    networkAcls: c.has('network-acl-blocks'),
    securityGroups: c.has('security-group-blocks'),
    ecrImage: any(ECR_IMAGE) || unknown,
    ecrTags: c.has('image-not-found') || c.has('stale-image-digest'),
    repositoryPolicy: c.has('repository-policy-denies'),
    iamEcr: c.has('execution-role-ecr-permissions') || unknown,
    secrets: any(SECRETS),
    kms: c.has('kms-decrypt-denied'),
  };
}

/** Budget slots (probes pass them to CallBudget.call). */
export const SLOT = {
  taskDefinition: 'ecs:DescribeTaskDefinition',
  service: 'ecs:DescribeServices',
  subnets: 'ec2:DescribeSubnets',
  routeTables: 'ec2:DescribeRouteTables',
  endpoints: 'ec2:DescribeVpcEndpoints',
  dnsSupport: 'ec2:DescribeVpcAttribute enableDnsSupport',
  dnsHostnames: 'ec2:DescribeVpcAttribute enableDnsHostnames',
  vpcs: 'ec2:DescribeVpcs',
  dhcp: 'ec2:DescribeDhcpOptions',
  securityGroups: 'ec2:DescribeSecurityGroups',
  networkAcls: 'ec2:DescribeNetworkAcls',
  image: 'ecr:BatchGetImage',
  repositoryPolicy: 'ecr:GetRepositoryPolicy',
  simulation: 'iam:SimulatePrincipalPolicy',
  attachedPolicies: 'iam:ListAttachedRolePolicies',
  secrets: 'secrets: DescribeSecret / DescribeParameters',
  kms: 'iam:SimulatePrincipalPolicy kms:Decrypt',
  tags: 'ecr:DescribeImages',
  lifecyclePolicy: 'ecr:GetLifecyclePolicy',
} as const;

export const NETWORK_SLOTS: readonly string[] = [SLOT.subnets, SLOT.routeTables, SLOT.endpoints, SLOT.dnsSupport, SLOT.dnsHostnames, SLOT.vpcs, SLOT.dhcp, SLOT.securityGroups, SLOT.networkAcls];
export const ECR_SLOTS: readonly string[] = [SLOT.image, SLOT.repositoryPolicy, SLOT.tags, SLOT.lifecyclePolicy];
