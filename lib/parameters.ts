/**
 * CloudFormation parameters and the conditions derived from them.
 *
 * Configuration flows one way: a parameter becomes a CfnCondition (which decides whether a write policy
 * exists at all) and an environment variable (which decides behaviour; lambda/config.ts parses it).
 * Every opt-in defaults to "false"; the description says so, because the console shows it.
 */
import { CfnCondition, CfnParameter, Fn, type Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DEFAULT_MAX_DIAGNOSES_PER_MINUTE, MAX_DIAGNOSES_PER_MINUTE_LIMIT } from '../lambda/config';

/** Logical ids, used by the stack, the README and the tests (a rename is a breaking change for users). */
export const PARAMETER = {
  notificationEmail: 'NotificationEmail',
  autoFixExecutionRolePolicy: 'AutoFixExecutionRolePolicy',
  autoFixVpcEndpoints: 'AutoFixVpcEndpoints',
  forceNewDeploymentAfterFix: 'ForceNewDeploymentAfterFix',
  endpointPolicy: 'EndpointPolicy',
  autoFixRolePath: 'AutoFixRolePath',
  autoFixRoleRequireTag: 'AutoFixRoleRequireTag',
  reservedConcurrency: 'ReservedConcurrency',
  maxDiagnosesPerMinute: 'MaxDiagnosesPerMinute',
  notificationLanguage: 'NotificationLanguage',
  notificationWindowMinutes: 'NotificationWindowMinutes',
} as const;

export const CONDITION = {
  hasNotificationEmail: 'HasNotificationEmail',
  autoFixExecutionRolePolicyEnabled: 'AutoFixExecutionRolePolicyEnabled',
  autoFixVpcEndpointsEnabled: 'AutoFixVpcEndpointsEnabled',
  forceNewDeploymentEnabled: 'ForceNewDeploymentEnabled',
  autoFixRoleRequireTagEnabled: 'AutoFixRoleRequireTagEnabled',
  hasReservedConcurrency: 'HasReservedConcurrency',
} as const;

export interface PullDoctorParameters {
  readonly notificationEmail: CfnParameter;
  readonly autoFixExecutionRolePolicy: CfnParameter;
  readonly autoFixVpcEndpoints: CfnParameter;
  readonly forceNewDeploymentAfterFix: CfnParameter;
  readonly endpointPolicy: CfnParameter;
  readonly autoFixRolePath: CfnParameter;
  readonly autoFixRoleRequireTag: CfnParameter;
  readonly reservedConcurrency: CfnParameter;
  readonly maxDiagnosesPerMinute: CfnParameter;
  readonly notificationLanguage: CfnParameter;
  readonly notificationWindowMinutes: CfnParameter;
  readonly conditions: {
    readonly hasNotificationEmail: CfnCondition;
    readonly autoFixExecutionRolePolicyEnabled: CfnCondition;
    readonly autoFixVpcEndpointsEnabled: CfnCondition;
    readonly forceNewDeploymentEnabled: CfnCondition;
    readonly autoFixRoleRequireTagEnabled: CfnCondition;
    readonly hasReservedConcurrency: CfnCondition;
  };
}

function flag(scope: Construct, id: string, description: string): CfnParameter {
  return new CfnParameter(scope, id, {
    type: 'String',
    allowedValues: ['true', 'false'],
    default: 'false',
    description,
  });
}

function isTrue(scope: Construct, id: string, parameter: CfnParameter): CfnCondition {
  return new CfnCondition(scope, id, { expression: Fn.conditionEquals(parameter.valueAsString, 'true') });
}

/** Declares the parameters and conditions on the stack (ids are stack-level, so they stay readable). */
export function definePullDoctorParameters(stack: Stack): PullDoctorParameters {
  const notificationEmail = new CfnParameter(stack, PARAMETER.notificationEmail, {
    type: 'String',
    default: '',
    // Empty, or something shaped like an address: a typo fails at deploy time, not silently.
    allowedPattern: '^$|^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
    constraintDescription: 'must be empty or an email address',
    description:
      'Email address subscribed to the notification topic (confirm the subscription mail). ' +
      'Empty (default) = no subscription is created; subscribe other endpoints to the TopicArn output.',
  });
  const autoFixExecutionRolePolicy = flag(
    stack,
    PARAMETER.autoFixExecutionRolePolicy,
    'true = when a missing ECR pull permission is proven, attach the AWS managed policy ' +
      'AmazonECSTaskExecutionRolePolicy (and only that policy) to the task execution role. ' +
      'false (default) = propose the fix in the notification, change nothing.',
  );
  const autoFixVpcEndpoints = flag(
    stack,
    PARAMETER.autoFixVpcEndpoints,
    'true = when a missing network path to ECR is proven, create the missing VPC endpoints (ecr.api and ' +
      'ecr.dkr interface endpoints, S3 gateway endpoint; logs/secretsmanager/ssm when the task uses them) ' +
      'and their security group, tagged ecs-pull-doctor:created-by. Interface endpoints are billed per AZ-hour. ' +
      'false (default) = propose the fix in the notification, change nothing.',
  );
  const forceNewDeploymentAfterFix = flag(
    stack,
    PARAMETER.forceNewDeploymentAfterFix,
    'true = after a successful auto-fix, call UpdateService --force-new-deployment on the affected ' +
      'service so it does not wait for its back-off. false (default) = the service retries on its own.',
  );
  const endpointPolicy = new CfnParameter(stack, PARAMETER.endpointPolicy, {
    type: 'String',
    allowedValues: ['account', 'ecr-only', 'full'],
    default: 'account',
    description:
      'Policy of the endpoints AutoFixVpcEndpoints creates. account (default) = only principals of this account ' +
      '(aws:PrincipalAccount); the S3 gateway endpoint also lets anyone read the regional ECR layer bucket, whose ' +
      'downloads ECR presigns itself. ecr-only = as account, and the S3 gateway endpoint reaches ' +
      'only the regional ECR ' +
      'layer bucket: all other S3 traffic from those route tables then fails. full = the AWS ' +
      'default full-access policy.',
  });
  const autoFixRolePath = new CfnParameter(stack, PARAMETER.autoFixRolePath, {
    type: 'String',
    default: '/',
    allowedPattern: '^/([\\w+=,.@-]+/)*$',
    constraintDescription: 'must be an IAM path such as / or /ecs/',
    description:
      'AutoFixExecutionRolePolicy attaches the policy only to execution roles under this IAM path (the IAM ' +
      'policy allows role/<path>* only). Default / = any path. Roles must always trust ecs-tasks.amazonaws.com.',
  });
  const autoFixRoleRequireTag = flag(
    stack,
    PARAMETER.autoFixRoleRequireTag,
    'true = AutoFixExecutionRolePolicy attaches the policy only to roles tagged ecs-pull-doctor:auto-fix=allowed ' +
      '(enforced by an iam:ResourceTag condition). false (default) = any role under ' +
      'AutoFixRolePath that trusts ecs-tasks.',
  );
  const reservedConcurrency = new CfnParameter(stack, PARAMETER.reservedConcurrency, {
    type: 'Number',
    default: 0,
    minValue: 0,
    maxValue: 1000,
    description:
      'Concurrent executions reserved for (and limiting) the function. 0 (default) = none reserved: accounts whose ' +
      'concurrency limit is 10 cannot reserve any. Set it (e.g. 5) in accounts with a higher limit, so that an ' +
      'account-wide outage failing every service at once cannot use up the concurrency other functions need.',
  });
  const maxDiagnosesPerMinute = new CfnParameter(stack, PARAMETER.maxDiagnosesPerMinute, {
    type: 'Number',
    default: DEFAULT_MAX_DIAGNOSES_PER_MINUTE,
    minValue: 1,
    maxValue: MAX_DIAGNOSES_PER_MINUTE_LIMIT,
    description:
      `New incidents diagnosed in full per minute in this account and region (default ` +
      `${DEFAULT_MAX_DIAGNOSES_PER_MINUTE}; each ` +
      'diagnosis makes up to 15 read calls, several to IAM). Beyond it (an outage failing many services at once) ' +
      'new incidents are counted for 15 minutes and one summary message lists them by stop reason.',
  });
  const notificationLanguage = new CfnParameter(stack, PARAMETER.notificationLanguage, {
    type: 'String',
    allowedValues: ['en', 'ja'],
    default: 'en',
    description: 'Language of the notifications: en (default) or ja.',
  });
  const notificationWindowMinutes = new CfnParameter(stack, PARAMETER.notificationWindowMinutes, {
    type: 'Number',
    default: 60,
    minValue: 1,
    maxValue: 1440,
    description:
      'Minutes during which further failures of the same service and cause are counted, not notified ' +
      'again (a failing service retries for ever). Default 60.',
  });

  const conditions = {
    hasNotificationEmail: new CfnCondition(stack, CONDITION.hasNotificationEmail, {
      expression: Fn.conditionNot(Fn.conditionEquals(notificationEmail.valueAsString, '')),
    }),
    autoFixExecutionRolePolicyEnabled: isTrue(
      stack,
      CONDITION.autoFixExecutionRolePolicyEnabled,
      autoFixExecutionRolePolicy,
    ),
    autoFixVpcEndpointsEnabled: isTrue(stack, CONDITION.autoFixVpcEndpointsEnabled, autoFixVpcEndpoints),
    forceNewDeploymentEnabled: isTrue(stack, CONDITION.forceNewDeploymentEnabled, forceNewDeploymentAfterFix),
    autoFixRoleRequireTagEnabled: isTrue(stack, CONDITION.autoFixRoleRequireTagEnabled, autoFixRoleRequireTag),
    hasReservedConcurrency: new CfnCondition(stack, CONDITION.hasReservedConcurrency, {
      expression: Fn.conditionNot(Fn.conditionEquals(reservedConcurrency.valueAsString, '0')),
    }),
  };

  // Group the parameters in the console: what you receive first, what you allow the tool to change second.
  stack.templateOptions.metadata = {
    ...stack.templateOptions.metadata,
    'AWS::CloudFormation::Interface': {
      ParameterGroups: [
        {
          Label: { default: 'Notifications' },
          Parameters: [
            PARAMETER.notificationEmail,
            PARAMETER.notificationLanguage,
            PARAMETER.notificationWindowMinutes,
          ],
        },
        {
          Label: { default: 'Capacity' },
          Parameters: [PARAMETER.reservedConcurrency, PARAMETER.maxDiagnosesPerMinute],
        },
        {
          Label: { default: 'Automatic fixes (all off by default)' },
          Parameters: [
            PARAMETER.autoFixExecutionRolePolicy,
            PARAMETER.autoFixVpcEndpoints,
            PARAMETER.forceNewDeploymentAfterFix,
            PARAMETER.endpointPolicy,
            PARAMETER.autoFixRolePath,
            PARAMETER.autoFixRoleRequireTag,
          ],
        },
      ],
    },
  };

  return {
    notificationEmail,
    autoFixExecutionRolePolicy,
    autoFixVpcEndpoints,
    forceNewDeploymentAfterFix,
    endpointPolicy,
    autoFixRolePath,
    autoFixRoleRequireTag,
    reservedConcurrency,
    maxDiagnosesPerMinute,
    notificationLanguage,
    notificationWindowMinutes,
    conditions,
  };
}
