/**
 * IAM statements for the function, built from the action lists in lambda/permissions.ts.
 *
 * The actions the code calls are declared once, next to the code (lambda/permissions.ts). This module
 * only decides *where* and *under which condition* each declared action is allowed. A declared write
 * action without a scoped statement here is an error at synth time (fail closed), so adding an action
 * to the list cannot silently grant it on "*".
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  CREATED_BY_TAG,
  CREATED_BY_VALUE,
  WRITE_ACTIONS,
  allReadActions,
  executionRoleManagedPolicyArn,
} from '../lambda/permissions';

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

const ec2Arn = (resource: string): string =>
  `arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;

/**
 * Every probe's read action, on "*". EC2 Describe*, ecs:DescribeTaskDefinition, ssm:DescribeParameters
 * and iam:SimulatePrincipalPolicy's evaluation scope cannot be narrowed by resource; the rest read the
 * role, repository, secret or service that the failing task names, which can be any in the account (or
 * another account's ECR repository) and is only known from the event.
 */
export function readStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid: 'DiagnoseReadOnly', actions: allReadActions(), resources: ['*'] });
}

/** AutoFixExecutionRolePolicy: attach exactly one AWS managed policy, to roles of this account. */
export function executionRolePolicyStatements(): iam.PolicyStatement[] {
  return scoped('executionRolePolicy', (a) => [
    new iam.PolicyStatement({
      sid: 'AttachOnlyTaskExecutionRolePolicy',
      actions: [a('iam:AttachRolePolicy')],
      resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/*`],
      conditions: { ArnEquals: { 'iam:PolicyARN': executionRoleManagedPolicyArn(Aws.PARTITION) } },
    }),
  ]);
}

/**
 * AutoFixVpcEndpoints: create endpoints and one security group, only tagged as ours; change only
 * security groups we created; tag only while creating.
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
      // The hosted zone is the AWS-managed private zone of the endpoint service; the VPC is the task's.
      resources: [`arn:${Aws.PARTITION}:route53:::hostedzone/*`, ec2Arn('vpc/*')],
    }),
    new iam.PolicyStatement({
      sid: 'TagOnlyWhileCreating',
      actions: [a('ec2:CreateTags')],
      resources: [ec2Arn('vpc-endpoint/*'), ec2Arn('security-group/*')],
      conditions: { StringEquals: { 'ec2:CreateAction': ['CreateVpcEndpoint', 'CreateSecurityGroup'] } },
    }),
  ]);
}

/** ForceNewDeploymentAfterFix: update services of this account and region. */
export function forceNewDeploymentStatements(): iam.PolicyStatement[] {
  return scoped('forceNewDeployment', (a) => [
    new iam.PolicyStatement({
      sid: 'ForceNewDeployment',
      actions: [a('ecs:UpdateService')],
      resources: [`arn:${Aws.PARTITION}:ecs:${Aws.REGION}:${Aws.ACCOUNT_ID}:service/*`],
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
