/**
 * Organization mode (issue 18), the central side, added to the stack when it is synthesized with
 * `-c mode=organization`: an event bus that accepts events only from the organization's accounts
 * (aws:PrincipalOrgID), the two rules on it (the same patterns, any account of the organization), the function's
 * right to assume the member roles (only roles of the organization, only ecs-pull-doctor's), and a service-managed
 * CloudFormation StackSet that deploys lib/member-stack.ts to every account of the chosen OUs and Regions, also to
 * accounts that join them later. The single-account resources stay: the central account's own events still come
 * through its default bus. Created in the stack's own scope.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  App,
  Aws,
  BootstraplessSynthesizer,
  CfnParameter,
  Duration,
  type IStackSynthesizer,
  type Stack,
  Validations,
} from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { MEMBER_ROLE_PREFIX, ORGANIZATION_ID_PATTERN } from '../lambda/domain/member-roles';
import { PULL_FAILURE_EVENT_PATTERN, SERVICE_SIGNAL_EVENT_PATTERN } from './event-pattern';
import { MEMBER_PARAMETER, PullDoctorMemberStack } from './member-stack';

export const ORGANIZATION_PARAMETER = {
  organizationId: 'OrganizationId',
  memberOus: 'MemberOrganizationalUnitIds',
  memberRegions: 'MemberRegions',
  callAs: 'StackSetCallAs',
  memberAutoFixExecutionRolePolicy: 'MemberAutoFixExecutionRolePolicy',
  memberAutoFixVpcEndpoints: 'MemberAutoFixVpcEndpoints',
  memberForceNewDeployment: 'MemberForceNewDeploymentAfterFix',
} as const;

/** The member template as CloudFormation JSON: no bootstrap version check and no CDK metadata (StackSets run it). */
export function memberTemplate(): Record<string, unknown> {
  // Its own output directory: the CDK CLI's CDK_OUTDIR is the central app's, whose manifest must list only its stack.
  const app = new App({ analyticsReporting: false, outdir: mkdtempSync(join(tmpdir(), 'ecs-pull-doctor-member-')) });
  const stack = new PullDoctorMemberStack(app, 'EcsPullDoctorMember', {
    synthesizer: new BootstraplessSynthesizer() as unknown as IStackSynthesizer,
  });
  const template = app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
  rmSync(app.outdir, { recursive: true, force: true });
  return template;
}

export interface OrganizationSources {
  fn: lambda.IFunction;
  role: iam.IRole;
  deadLetterQueue: sqs.IQueue;
}

export function addOrganizationMode(stack: Stack, { fn, role, deadLetterQueue }: OrganizationSources): void {
  const orgId = new CfnParameter(stack, ORGANIZATION_PARAMETER.organizationId, {
    type: 'String',
    allowedPattern: ORGANIZATION_ID_PATTERN,
    description: 'Organization mode: the AWS Organization whose accounts send their image-pull failures here',
  });
  const ous = new CfnParameter(stack, ORGANIZATION_PARAMETER.memberOus, {
    type: 'CommaDelimitedList',
    description: 'Organization mode: the OUs (ou-… or the root r-…) whose accounts get the member stack',
  });
  const regions = new CfnParameter(stack, ORGANIZATION_PARAMETER.memberRegions, {
    type: 'CommaDelimitedList',
    description: 'Organization mode: the Regions the member stack is deployed to in each account',
  });
  const callAs = new CfnParameter(stack, ORGANIZATION_PARAMETER.callAs, {
    type: 'String',
    allowedValues: ['SELF', 'DELEGATED_ADMIN'],
    default: 'SELF',
    description: 'SELF in the management account; DELEGATED_ADMIN in a delegated administrator for StackSets',
  });
  const memberFlag = (id: string, what: string) =>
    new CfnParameter(stack, id, {
      type: 'String',
      allowedValues: ['true', 'false'],
      default: 'false',
      description: `Organization mode: the default of ${what} in every member (a stack instance may override it)`,
    });
  const memberRolePolicy = memberFlag(
    ORGANIZATION_PARAMETER.memberAutoFixExecutionRolePolicy,
    'AutoFixExecutionRolePolicy',
  );
  const memberEndpoints = memberFlag(ORGANIZATION_PARAMETER.memberAutoFixVpcEndpoints, 'AutoFixVpcEndpoints');
  const memberRedeploy = memberFlag(ORGANIZATION_PARAMETER.memberForceNewDeployment, 'ForceNewDeploymentAfterFix');

  // The bus: events from the organization's accounts only.
  const bus = new events.EventBus(stack, 'OrganizationBus', { eventBusName: `${stack.stackName}-organization` });
  new events.CfnEventBusPolicy(stack, 'OrganizationBusPolicy', {
    eventBusName: bus.eventBusName,
    statementId: 'OrganizationAccountsOnly',
    statement: {
      Sid: 'OrganizationAccountsOnly',
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Resource: bus.eventBusArn,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId.valueAsString } },
    },
  });
  const target = () =>
    new targets.LambdaFunction(fn, { retryAttempts: 4, maxEventAge: Duration.hours(2), deadLetterQueue });
  new events.Rule(stack, 'OrganizationPullFailureRule', {
    description: 'Image-pull failures of the accounts of the organization -> ecs-pull-doctor',
    eventBus: bus,
    eventPattern: {
      source: [...PULL_FAILURE_EVENT_PATTERN.source],
      detailType: [...PULL_FAILURE_EVENT_PATTERN['detail-type']],
      detail: PULL_FAILURE_EVENT_PATTERN.detail,
    },
    targets: [target()],
  });
  new events.Rule(stack, 'OrganizationServiceSignalRule', {
    description: 'Service signals of the accounts of the organization -> ecs-pull-doctor',
    eventBus: bus,
    eventPattern: {
      source: [...SERVICE_SIGNAL_EVENT_PATTERN.source],
      detailType: [...SERVICE_SIGNAL_EVENT_PATTERN['detail-type']],
      detail: { eventName: [...SERVICE_SIGNAL_EVENT_PATTERN.detail.eventName] },
    },
    targets: [target()],
  });

  // The function reads (and, where a member opted in, fixes) through the member roles: only those, in the organization.
  const assume = new iam.Policy(stack, 'AssumeMemberRolesPolicy', {
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        sid: 'AssumeMemberRolesOfTheOrganization',
        actions: ['sts:AssumeRole'],
        resources: Object.values(MEMBER_ROLE_PREFIX).map((p) => `arn:${Aws.PARTITION}:iam::*:role/${p}-*`),
        conditions: { StringEquals: { 'aws:ResourceOrgID': orgId.valueAsString } },
      }),
    ],
  });
  for (const prefix of Object.values(MEMBER_ROLE_PREFIX))
    Validations.of(assume).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${prefix}-*]`,
      reason:
        `The ${prefix}-<region> role is in every member account and Region of the organization, named per Region; ` +
        'aws:ResourceOrgID limits the assumption to roles of this organization, the trust policy of each to this ' +
        "function's role.",
    });
  (fn.node.defaultChild as lambda.CfnFunction).addPropertyOverride(
    'Environment.Variables.ORGANIZATION_ID',
    orgId.valueAsString,
  );

  // The member stack in every account of the OUs and Regions, auto-deployed to accounts that join later.
  new cloudformation.CfnStackSet(stack, 'MemberStackSet', {
    stackSetName: `${stack.stackName}-member`,
    description: 'ecs-pull-doctor member: forwards image-pull failures to the central account; diagnosis roles',
    permissionModel: 'SERVICE_MANAGED',
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
    callAs: callAs.valueAsString,
    capabilities: ['CAPABILITY_NAMED_IAM'],
    managedExecution: { Active: true },
    operationPreferences: {
      failureTolerancePercentage: 10,
      maxConcurrentPercentage: 25,
      regionConcurrencyType: 'PARALLEL',
    },
    templateBody: JSON.stringify(memberTemplate()),
    parameters: [
      { parameterKey: MEMBER_PARAMETER.centralBusArn, parameterValue: bus.eventBusArn },
      { parameterKey: MEMBER_PARAMETER.centralRoleArn, parameterValue: role.roleArn },
      { parameterKey: MEMBER_PARAMETER.organizationId, parameterValue: orgId.valueAsString },
      { parameterKey: MEMBER_PARAMETER.autoFixExecutionRolePolicy, parameterValue: memberRolePolicy.valueAsString },
      { parameterKey: MEMBER_PARAMETER.autoFixVpcEndpoints, parameterValue: memberEndpoints.valueAsString },
      { parameterKey: MEMBER_PARAMETER.forceNewDeployment, parameterValue: memberRedeploy.valueAsString },
    ],
    stackInstancesGroup: [
      {
        deploymentTargets: { organizationalUnitIds: ous.valueAsList },
        regions: regions.valueAsList,
      },
    ],
  });
}
