/**
 * IAM statements for the function, built from the action lists in lambda/permissions.ts.
 *
 * The actions the code calls are declared once, next to the code (lambda/permissions.ts). This module
 * only decides *where* and *under which condition* each declared action is allowed. A declared write
 * action without a scoped statement here is an error at synth time (fail closed), so adding an action
 * to the list cannot silently grant it on "*".
 */
import { Aws, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CREATED_BY_TAG, CREATED_BY_VALUE, WRITE_ACTIONS, executionRoleManagedPolicyArn } from '../lambda/permissions';
import { allReadActions } from '../lambda/causes/read-actions';
import { AUTO_FIX_ROLE_TAG_KEY, AUTO_FIX_ROLE_TAG_VALUE } from '../lambda/config';

export { CREATED_BY_VALUE };

type WriteGroup = keyof typeof WRITE_ACTIONS;
type WriteAction<G extends WriteGroup> = (typeof WRITE_ACTIONS)[G][number];

/**
 * Builds the statements of one write group and checks that every action the group declares is placed
 * in at least one statement, and no statement grants an action the group does not declare.
 */
function scoped<G extends WriteGroup>(
  group: G,
  build: (action: (name: WriteAction<G>) => WriteAction<G>) => iam.PolicyStatement[],
): iam.PolicyStatement[] {
  const declared = new Set<string>(WRITE_ACTIONS[group]);
  const statements = build((name) => name);
  const placed = new Set(statements.flatMap((s) => s.actions));
  const unplaced = [...declared].filter((a) => !placed.has(a));
  const undeclared = [...placed].filter((a) => !declared.has(a));
  if (unplaced.length > 0 || undeclared.length > 0) {
    throw new Error(
      `write group "${group}": declared but not scoped [${unplaced.join(', ')}], ` +
        `scoped but not declared [${undeclared.join(', ')}]`,
    );
  }
  return statements;
}

const ec2Arn = (resource: string): string => `arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;

/**
 * Every probe's read action, on "*". EC2 Describe*, ecs:DescribeTaskDefinition, ssm:DescribeParameters
 * and iam:SimulatePrincipalPolicy's evaluation scope cannot be narrowed by resource; the rest read the
 * role, repository, secret or service that the failing task names, which can be any in the account (or
 * another account's ECR repository) and is only known from the event.
 */
export function readStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid: 'DiagnoseReadOnly', actions: allReadActions(), resources: ['*'] });
}

/** Where the attach auto-fix may act: the role path (a stack parameter) and, optionally, the opt-in tag. */
export interface RoleScope {
  /** IAM path such as "/" or "/ecs/" (may be a CloudFormation token): the policy allows role<path>* only. */
  readonly path: string;
  /** Only roles tagged ecs-pull-doctor:auto-fix=allowed (iam:ResourceTag). */
  readonly requireTag: boolean;
}

/**
 * AutoFixExecutionRolePolicy: attach exactly one AWS managed policy (iam:PolicyARN), to roles of this
 * account under the chosen path, and — when the stack asks for it — only to roles carrying the opt-in tag.
 * That the role trusts ecs-tasks.amazonaws.com is read (iam:GetRole) and checked by the function: IAM has no
 * condition key for a role's trust policy.
 */
export function executionRolePolicyStatements(
  scope: RoleScope = { path: '/', requireTag: false },
): iam.PolicyStatement[] {
  return scoped('executionRolePolicy', (a) => [
    new iam.PolicyStatement({
      sid: scope.requireTag ? 'AttachOnlyTaskExecutionRolePolicyToTaggedRoles' : 'AttachOnlyTaskExecutionRolePolicy',
      actions: [a('iam:AttachRolePolicy')],
      resources: [Fn.join('', [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role`, scope.path, '*'])],
      conditions: {
        ArnEquals: { 'iam:PolicyARN': executionRoleManagedPolicyArn(Aws.PARTITION) },
        ...(scope.requireTag
          ? { StringEquals: { [`iam:ResourceTag/${AUTO_FIX_ROLE_TAG_KEY}`]: AUTO_FIX_ROLE_TAG_VALUE } }
          : {}),
      },
    }),
  ]);
}

/**
 * AutoFixVpcEndpoints: create endpoints and one security group, only tagged as ours; change only
 * security groups and endpoints we created (an endpoint: only extended to more subnets); tag only while creating.
 *
 * EC2 authorizes a create call once per resource it touches: the new resource (where aws:RequestTag
 * applies) and each existing resource the request references (VPC, subnets, security groups, route
 * tables), which carry no request tag. Those references need their own statement without the tag
 * condition, per action: CreateSecurityGroup must not get an untagged `security-group/*` (that would
 * let it create an untagged group), so it references only `vpc/*`.
 */
export function vpcEndpointStatements(): iam.PolicyStatement[] {
  const taggedAsOurs = { StringEquals: { [`aws:RequestTag/${CREATED_BY_TAG}`]: CREATED_BY_VALUE } };
  return scoped('vpcEndpoints', (a) => [
    new iam.PolicyStatement({
      sid: 'CreateOnlyTaggedAwsServiceEndpoints',
      actions: [a('ec2:CreateVpcEndpoint')],
      resources: [ec2Arn('vpc-endpoint/*')],
      // Endpoints to AWS services only (ecr.api, ecr.dkr, s3, logs, …), never to a third-party service.
      conditions: { StringEquals: { ...taggedAsOurs.StringEquals, 'ec2:VpceServiceOwner': 'amazon' } },
    }),
    new iam.PolicyStatement({
      sid: 'CreateOnlyTaggedSecurityGroups',
      actions: [a('ec2:CreateSecurityGroup')],
      resources: [ec2Arn('security-group/*')],
      conditions: taggedAsOurs,
    }),
    new iam.PolicyStatement({
      sid: 'EndpointMayReferenceNetworkOfThisAccount',
      actions: [a('ec2:CreateVpcEndpoint')],
      resources: [ec2Arn('vpc/*'), ec2Arn('subnet/*'), ec2Arn('security-group/*'), ec2Arn('route-table/*')],
    }),
    new iam.PolicyStatement({
      sid: 'SecurityGroupMayReferenceVpcOfThisAccount',
      actions: [a('ec2:CreateSecurityGroup')],
      resources: [ec2Arn('vpc/*')],
    }),
    new iam.PolicyStatement({
      sid: 'AuthorizeIngressOnlyOnOurSecurityGroups',
      actions: [a('ec2:AuthorizeSecurityGroupIngress')],
      resources: [ec2Arn('security-group/*')],
      conditions: { StringEquals: { [`aws:ResourceTag/${CREATED_BY_TAG}`]: CREATED_BY_VALUE } },
    }),
    new iam.PolicyStatement({
      sid: 'PrivateDnsForNewEndpoints',
      actions: [a('route53:AssociateVPCWithHostedZone')],
      // A dependent action of CreateVpcEndpoint with private DNS (Service Authorization Reference): EC2
      // associates the VPC with the endpoint service's AWS-managed private zone, whose id is not known in
      // advance. Route 53 authorizes only the hosted zone (a VPC is not a Route 53 resource type), and
      // offers no condition key that names the zone's owner; the function never calls it directly.
      resources: [`arn:${Aws.PARTITION}:route53:::hostedzone/*`],
    }),
    // Extending an interface endpoint to another AZ (ModifyVpcEndpoint AddSubnetIds): only endpoints that carry
    // our created-by tag; the subnets it is extended to are referenced resources, authorized without the tag.
    // (As AWS's own service-role policies scope it, e.g. KafkaServiceRolePolicy.) The function only ever sends
    // AddSubnetIds: no condition key limits which attributes of one of our endpoints a call changes.
    new iam.PolicyStatement({
      sid: 'ModifyOnlyOurEndpoints',
      actions: [a('ec2:ModifyVpcEndpoint')],
      resources: [ec2Arn('vpc-endpoint/*')],
      conditions: { StringEquals: { [`aws:ResourceTag/${CREATED_BY_TAG}`]: CREATED_BY_VALUE } },
    }),
    new iam.PolicyStatement({
      sid: 'ModifiedEndpointMayReferenceSubnetsOfThisAccount',
      actions: [a('ec2:ModifyVpcEndpoint')],
      resources: [ec2Arn('subnet/*')],
    }),
    // Read only, before a dual-stack endpoint is created: does the service offer IPv6 in this Region? EC2
    // Describe* actions support no resource-level permissions.
    new iam.PolicyStatement({
      sid: 'ReadEndpointServiceIpAddressTypes',
      actions: [a('ec2:DescribeVpcEndpointServices')],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'TagOnlyWhileCreating',
      actions: [a('ec2:CreateTags')],
      resources: [ec2Arn('vpc-endpoint/*'), ec2Arn('security-group/*')],
      conditions: { StringEquals: { 'ec2:CreateAction': ['CreateVpcEndpoint', 'CreateSecurityGroup'] } },
    }),
  ]);
}

/**
 * ForceNewDeploymentAfterFix: update services of this account and region, and only in a way that cannot
 * change what runs: no task definition, no capacity provider strategy (the condition keys are absent from
 * a request that does not set them) and no ECS Exec switched on. IAM has no condition keys for the desired
 * count, the network or the deployment configuration; the function only ever sends forceNewDeployment.
 */
export function forceNewDeploymentStatements(): iam.PolicyStatement[] {
  return scoped('forceNewDeployment', (a) => [
    new iam.PolicyStatement({
      sid: 'ForceNewDeploymentOnly',
      actions: [a('ecs:UpdateService')],
      resources: [`arn:${Aws.PARTITION}:ecs:${Aws.REGION}:${Aws.ACCOUNT_ID}:service/*`],
      conditions: {
        Null: { 'ecs:task-definition': 'true', 'ecs:capacity-provider': 'true' },
        BoolIfExists: { 'ecs:enable-execute-command': 'false' },
      },
    }),
  ]);
}

/** The stack's own resources the function writes to: one topic (and its key), one table. */
export interface OwnResources {
  readonly topicArn: string;
  readonly topicKeyArn: string;
  readonly incidentTableArn: string;
}

export function ownResourceStatements(own: OwnResources): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ sid: 'Notify', actions: ['sns:Publish'], resources: [own.topicArn] }),
    // SNS encrypts each message with a data key from the topic's key, on behalf of the publisher.
    new iam.PolicyStatement({
      sid: 'NotifyEncrypted',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [own.topicKeyArn],
    }),
    new iam.PolicyStatement({
      sid: 'IncidentState',
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [own.incidentTableArn],
    }),
  ];
}
