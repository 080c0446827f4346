/**
 * Least privilege as data (Cloud Custodian's idea): every probe and every remediation declares the IAM
 * actions it calls. lib/permissions.ts builds the Lambda's policies from these lists, and a pipeline test
 * fails when a scenario sends a command that is not declared here.
 */

/**
 * Read-only actions of the core probes, always granted. Keys are the probe that needs them. The probes cause
 * modules bring along declare their own (causes/read-actions.ts allReadActions() is the whole list).
 */
export const READ_ACTIONS = {
  // DescribeTasks reads the stopped task back: no fix rests on what the event claims.
  task: ['ecs:DescribeTasks', 'ecs:DescribeTaskDefinition', 'ecs:DescribeServices'],
  // A service that cannot start tasks (SERVICE_TASK_START_IMPAIRED) is diagnosed from its latest stopped task.
  service: ['ecs:ListTasks'],
  // EC2 launch type: the container instance, its EC2 instance (subnet, groups, public IP, instance profile) and
  // the profile's role, which pulls from ECR when the task definition has no execution role.
  instance: ['ecs:DescribeContainerInstances', 'ec2:DescribeInstances', 'iam:GetInstanceProfile'],
  iam: [
    'iam:SimulatePrincipalPolicy',
    'iam:ListAttachedRolePolicies',
    // The execution role's trust policy, path and tags: the attach auto-fix only changes an ECS role in scope.
    'iam:GetRole',
    'iam:ListRolePolicies',
    'iam:GetRolePolicy',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
  ],
  network: [
    'ec2:DescribeSubnets',
    'ec2:DescribeRouteTables',
    'ec2:DescribeVpcs',
    'ec2:DescribeVpcAttribute',
    'ec2:DescribeVpcEndpoints',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeNetworkAcls',
    'ec2:DescribeDhcpOptions',
    // Private hosted zones of the task's VPC: central ECR/S3 endpoints reached through Route 53 show here.
    'route53:ListHostedZonesByVPC',
  ],
  ecr: ['ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetRepositoryPolicy', 'ecr:GetLifecyclePolicy'],
  // DescribeSecret and DescribeParameters return metadata (existence, KMS key), never a value.
  secrets: ['secretsmanager:DescribeSecret', 'ssm:DescribeParameters'],
  // What changed: event history of management events (no resource-level permissions; read-only, 90 days).
  changes: ['cloudtrail:LookupEvents'],
} as const;

/** Organization mode: what a member's diagnosis role reads beyond READ_ACTIONS (its account's alias, for messages). */
export const MEMBER_READ_ACTIONS = ['iam:ListAccountAliases'] as const;

/** Write actions, each group granted only under its own CloudFormation condition. */
export const WRITE_ACTIONS = {
  /** AutoFixExecutionRolePolicy=true; limited by iam:PolicyARN to the one AWS managed policy. */
  executionRolePolicy: ['iam:AttachRolePolicy'],
  /**
   * AutoFixVpcEndpoints=true; creation limited by request tags, tagging only on create; ModifyVpcEndpoint
   * (AddSubnetIds: one more AZ) only on endpoints carrying the created-by tag.
   */
  vpcEndpoints: [
    'ec2:CreateVpcEndpoint',
    'ec2:ModifyVpcEndpoint',
    'ec2:CreateSecurityGroup',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:CreateTags',
    // Creating an interface endpoint with private DNS associates the VPC with the service's
    // AWS-managed private hosted zone, which IAM authorizes as this dependent action.
    'route53:AssociateVPCWithHostedZone',
    // Read only: whether an endpoint service offers IPv6, before a dual-stack endpoint is created (apply).
    'ec2:DescribeVpcEndpointServices',
  ],
  /** ForceNewDeploymentAfterFix=true. */
  forceNewDeployment: ['ecs:UpdateService'],
} as const;

export const EXECUTION_ROLE_MANAGED_POLICY_NAME = 'service-role/AmazonECSTaskExecutionRolePolicy';

export function executionRoleManagedPolicyArn(partition = 'aws'): string {
  return `arn:${partition}:iam::aws:policy/${EXECUTION_ROLE_MANAGED_POLICY_NAME}`;
}

/**
 * Tag put on everything the auto-fix creates, always with CREATED_BY_VALUE (the write policies require
 * exactly this key and value); the incident id goes under INCIDENT_TAG.
 */
export const CREATED_BY_TAG = 'ecs-pull-doctor:created-by';
export const CREATED_BY_VALUE = 'ecs-pull-doctor';
export const INCIDENT_TAG = 'ecs-pull-doctor:incident';

export function allWriteActions(): string[] {
  return Object.values(WRITE_ACTIONS).flat();
}
