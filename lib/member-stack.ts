/**
 * Organization mode (issue 18), the member side: what a CloudFormation StackSet deploys into every account and Region
 * of the chosen OUs (lib/organization.ts). No function and no asset — only
 * - two EventBridge rules on the member's default bus (the central stack's patterns, this account only) that forward
 *   the pull failures and the service signals to the central event bus, through a role allowed only to put events
 *   on that bus;
 * - the diagnosis role `ecs-pull-doctor-diagnose-<region>`: the same read-only actions as the single-account
 *   function, assumable only by the central function's role, from inside the organization;
 * - one role per auto-fix (`ecs-pull-doctor-fix-role-policy-<region>`, `ecs-pull-doctor-fix-endpoints-<region>`),
 *   each existing only where the member's parameter turns it on, with the same condition-scoped statements as the
 *   single-account write policies; ForceNewDeploymentAfterFix adds ecs:UpdateService (same conditions) to both.
 * Role names carry the Region: IAM names are global, and the StackSet deploys one stack per Region.
 */
import { Aws, CfnCondition, CfnParameter, Fn, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { MEMBER_ROLE_PREFIX, ORGANIZATION_ID_PATTERN } from '../lambda/domain/member-roles';
import { MEMBER_READ_ACTIONS } from '../lambda/permissions';
import { PULL_FAILURE_EVENT_PATTERN, SERVICE_SIGNAL_EVENT_PATTERN } from './event-pattern';
import {
  executionRolePolicyStatements,
  forceNewDeploymentStatements,
  readStatement,
  vpcEndpointStatements,
} from './permissions';
import { ENDPOINT_WILDCARDS, SERVICE_WILDCARDS } from './write-policies';

/** The member template's parameters (the central stack passes the first three to every stack instance). */
export const MEMBER_PARAMETER = {
  centralBusArn: 'CentralEventBusArn',
  centralRoleArn: 'CentralFunctionRoleArn',
  organizationId: 'OrganizationId',
  autoFixExecutionRolePolicy: 'AutoFixExecutionRolePolicy',
  autoFixVpcEndpoints: 'AutoFixVpcEndpoints',
  forceNewDeployment: 'ForceNewDeploymentAfterFix',
} as const;

const flag = (stack: Stack, id: string, description: string) =>
  new CfnParameter(stack, id, { type: 'String', allowedValues: ['true', 'false'], default: 'false', description });

export class PullDoctorMemberStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, {
      description: 'ecs-pull-doctor member: forwards ECS image-pull failures to the central account, roles to diagnose',
      ...props,
    });
    const centralBusArn = new CfnParameter(this, MEMBER_PARAMETER.centralBusArn, {
      type: 'String',
      allowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._-]+$',
      description: 'The central account event bus the failures are forwarded to',
    });
    const centralRoleArn = new CfnParameter(this, MEMBER_PARAMETER.centralRoleArn, {
      type: 'String',
      allowedPattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/.+$',
      description: 'The central function role, the only principal that may assume the roles below',
    });
    const orgId = new CfnParameter(this, MEMBER_PARAMETER.organizationId, {
      type: 'String',
      allowedPattern: ORGANIZATION_ID_PATTERN,
      description: 'The organization the central function must belong to (aws:PrincipalOrgID)',
    });
    const fixRolePolicy = flag(
      this,
      MEMBER_PARAMETER.autoFixExecutionRolePolicy,
      'true: a role that attaches AmazonECSTaskExecutionRolePolicy',
    );
    const fixEndpoints = flag(
      this,
      MEMBER_PARAMETER.autoFixVpcEndpoints,
      'true: a role that creates the ECR/S3 endpoints',
    );
    const forceNew = flag(this, MEMBER_PARAMETER.forceNewDeployment, 'true: the fix roles may redeploy the service');
    const on = (id: string, p: CfnParameter) =>
      new CfnCondition(this, id, { expression: Fn.conditionEquals(p.valueAsString, 'true') });
    const rolePolicyOn = on('AutoFixExecutionRolePolicyEnabled', fixRolePolicy);
    const endpointsOn = on('AutoFixVpcEndpointsEnabled', fixEndpoints);
    const forceNewOn = on('ForceNewDeploymentEnabled', forceNew);

    // Forwarding: this account's events only, to the central bus, through a role that may only put events there.
    const centralBus = events.EventBus.fromEventBusArn(this, 'CentralBus', centralBusArn.valueAsString);
    const forwardRole = new iam.Role(this, 'ForwardRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: 'ecs-pull-doctor: puts the image-pull failures of this account on the central event bus',
    });
    forwardRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [centralBusArn.valueAsString] }),
    );
    const forward = (ruleId: string, description: string, pattern: events.EventPattern) =>
      new events.Rule(this, ruleId, {
        description,
        eventPattern: { account: [Aws.ACCOUNT_ID], ...pattern },
        targets: [new targets.EventBus(centralBus, { role: forwardRole })],
      });
    forward('PullFailureForwardRule', 'ECS tasks stopped by an image-pull failure → the central ecs-pull-doctor', {
      source: [...PULL_FAILURE_EVENT_PATTERN.source],
      detailType: [...PULL_FAILURE_EVENT_PATTERN['detail-type']],
      detail: PULL_FAILURE_EVENT_PATTERN.detail,
    });
    forward(
      'ServiceSignalForwardRule',
      'ECS services running again or unable to start tasks → the central ecs-pull-doctor',
      {
        source: [...SERVICE_SIGNAL_EVENT_PATTERN.source],
        detailType: [...SERVICE_SIGNAL_EVENT_PATTERN['detail-type']],
        detail: { eventName: [...SERVICE_SIGNAL_EVENT_PATTERN.detail.eventName] },
      },
    );

    // The roles the central function assumes: only its role, only from inside the organization.
    const central = () =>
      new iam.ArnPrincipal(centralRoleArn.valueAsString).withConditions({
        StringEquals: { 'aws:PrincipalOrgID': orgId.valueAsString },
      });
    const named = (prefix: string) => Fn.join('-', [prefix, Aws.REGION]);
    const readRole = new iam.Role(this, 'DiagnoseRole', {
      roleName: named(MEMBER_ROLE_PREFIX.read),
      assumedBy: central(),
      description: 'ecs-pull-doctor: read-only diagnosis of image-pull failures by the central function',
      inlinePolicies: {
        Diagnose: new iam.PolicyDocument({
          statements: [
            readStatement(),
            new iam.PolicyStatement({ sid: 'AccountAlias', actions: [...MEMBER_READ_ACTIONS], resources: ['*'] }),
          ],
        }),
      },
    });
    Validations.of(readRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The read-only actions of the diagnosis (Describe*/Get*/List*, LookupEvents) target resources named by the ' +
        'failed task, or support no resource-level permission; the same statement as the single-account function.',
    });

    const fixRole = (
      id: string,
      prefix: string,
      condition: CfnCondition,
      statements: iam.PolicyStatement[],
      wildcards: Readonly<Record<string, string>>,
    ) => {
      const role = new iam.Role(this, id, {
        roleName: named(prefix),
        assumedBy: central(),
        description: `ecs-pull-doctor: ${prefix} auto-fix, opted in by this account`,
        inlinePolicies: { Fix: new iam.PolicyDocument({ statements }) },
      });
      (role.node.defaultChild as iam.CfnRole).cfnOptions.condition = condition;
      const redeploy = new iam.Policy(this, `${id}Redeploy`, {
        roles: [role],
        statements: forceNewDeploymentStatements(),
      });
      (redeploy.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = new CfnCondition(this, `${id}RedeployOn`, {
        expression: Fn.conditionAnd(condition, forceNewOn),
      });
      for (const [resource, reason] of Object.entries(wildcards))
        Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
      for (const [resource, reason] of Object.entries(SERVICE_WILDCARDS))
        Validations.of(redeploy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
    };
    fixRole(
      'FixRolePolicyRole',
      MEMBER_ROLE_PREFIX.AutoFixExecutionRolePolicy,
      rolePolicyOn,
      executionRolePolicyStatements({ path: '/', requireTag: false }),
      {
        'arn:<AWS::Partition>:iam::<AWS::AccountId>:role/*':
          "The execution role to fix is read from the failed task's task definition and can be any role of this " +
          'account; the iam:PolicyARN condition allows attaching AmazonECSTaskExecutionRolePolicy and nothing else. ' +
          'The role exists only where this account opted in (AutoFixExecutionRolePolicy=true).',
      },
    );
    fixRole(
      'FixEndpointsRole',
      MEMBER_ROLE_PREFIX.AutoFixVpcEndpoints,
      endpointsOn,
      vpcEndpointStatements(),
      ENDPOINT_WILDCARDS,
    );
  }
}
