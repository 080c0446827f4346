/**
 * ecs-pull-doctor: an ECS task stops because its image could not be pulled → EventBridge rule → Lambda
 * gathers evidence, diagnoses, optionally fixes → SNS notification. Reads top to bottom in that order.
 */
import * as path from 'node:path';
import {
  Aws,
  CfnCondition,
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Token,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PULL_FAILURE_EVENT_PATTERN } from './event-pattern';
import { definePullDoctorParameters } from './parameters';
import {
  executionRolePolicyStatements,
  forceNewDeploymentStatements,
  ownResourceStatements,
  readStatement,
  vpcEndpointStatements,
} from './permissions';

/** Evidence gathering stops waiting after this long (PIPELINE_DEADLINE_MS); the timeout leaves room for a fix. */
export const PIPELINE_DEADLINE_MS = 30_000;
export const FUNCTION_TIMEOUT = Duration.seconds(90);

export type PullDoctorStackProps = StackProps;

export class PullDoctorStack extends Stack {
  constructor(scope: Construct, id: string, props: PullDoctorStackProps = {}) {
    super(scope, id, {
      description: 'ecs-pull-doctor: diagnoses Amazon ECS image-pull failures and notifies (optionally fixes)',
      ...props,
    });

    // Parameters and the conditions that switch each auto-fix's write policy on.
    const params = definePullDoctorParameters(this);

    // Notification topic, encrypted with a customer managed key that CloudWatch alarms may use too.
    const topicKey = new kms.Key(this, 'TopicKey', {
      description: 'ecs-pull-doctor notification topic encryption',
      enableKeyRotation: true,
      // The key only protects messages in flight through the topic, which is deleted with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch cannot publish to a topic encrypted with the AWS managed aws/sns key; with our own key
    // the key policy lets the alarms (below) publish.
    // Only this stack's two alarms (confused-deputy protection): named from the stack, so their ARNs are known
    // here without a reference to the alarms (which depend on the topic, which depends on this key).
    const alarmNames = {
      deadLetterQueue: `${this.stackName}-dead-letter-queue`,
      functionErrors: `${this.stackName}-function-errors`,
    };
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'], // in a key policy "*" means this key
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': Object.values(alarmNames).map(
              (name) => `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${name}`,
            ),
          },
        },
      }),
    );
    const topic = new sns.Topic(this, 'NotificationTopic', {
      displayName: 'ECS pull doctor',
      masterKey: topicKey,
      enforceSSL: true,
    });
    const emailSubscription = new sns.CfnSubscription(this, 'EmailSubscription', {
      topicArn: topic.topicArn,
      protocol: 'email',
      endpoint: params.notificationEmail.valueAsString,
    });
    emailSubscription.cfnOptions.condition = params.conditions.hasNotificationEmail;

    // Incident table: one item per (cluster, service, cause) so a storm of identical failures notifies once.
    const incidentTable = new dynamodb.Table(this, 'IncidentTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Transient state (open incidents and duplicate deliveries, expiring by TTL): nothing to keep
      // once the tool is removed, and a retained table would only block a redeploy.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Dead-letter queue: events EventBridge could not deliver, and invocations that failed after retries.
    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      // SSE-SQS: EventBridge and Lambda can send to it without a KMS key grant.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // (cdk-nag SQS3 recognizes it as the function's dead-letter queue below: no DLQ of its own needed.)

    // Function: gather evidence → diagnose → (fix) → notify.
    const logGroup = new logs.LogGroup(this, 'FunctionLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const role = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'ecs-pull-doctor function: read-only diagnosis; write policies exist only when opted in',
    });
    // Its own log group only (no AWSLambdaBasicExecutionRole, which allows every log group).
    logGroup.grantWrite(role);
    const fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(__dirname, '..', 'lambda', 'handler.ts'),
      handler: 'handler',
      depsLockFilePath: path.join(__dirname, '..', 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // Evidence gathering has its own 30 s deadline (PIPELINE_DEADLINE_MS); the rest is for an auto-fix
      // that creates endpoints and then verifies them.
      timeout: FUNCTION_TIMEOUT,
      // Reserved concurrency only when ReservedConcurrency > 0 (below): new accounts whose concurrency limit
      // is 10 cannot reserve any (Lambda keeps 10 unreserved), so a default would fail to deploy there.
      role,
      logGroup,
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        // Ship the SDK version the tests ran against, not whatever the runtime provides.
        bundleAwsSDK: true,
        // The SDK's ES module builds tree-shake; its CommonJS builds do not (the bundle is 2.4 MB with
        // them, 1.4 MB with these). UTF-8 output keeps the Japanese catalogue at 3 bytes a character.
        mainFields: ['module', 'main'],
        // `charset: Charset.UTF8` is not passed on to esbuild by this aws-cdk-lib version: say it directly.
        esbuildArgs: { '--charset': 'utf8' },
      },
      environment: {
        TOPIC_ARN: topic.topicArn,
        INCIDENT_TABLE_NAME: incidentTable.tableName,
        AUTO_FIX_EXECUTION_ROLE_POLICY: params.autoFixExecutionRolePolicy.valueAsString,
        AUTO_FIX_VPC_ENDPOINTS: params.autoFixVpcEndpoints.valueAsString,
        FORCE_NEW_DEPLOYMENT_AFTER_FIX: params.forceNewDeploymentAfterFix.valueAsString,
        ENDPOINT_POLICY: params.endpointPolicy.valueAsString,
        AUTO_FIX_ROLE_PATH: params.autoFixRolePath.valueAsString,
        AUTO_FIX_ROLE_REQUIRE_TAG: params.autoFixRoleRequireTag.valueAsString,
        NOTIFICATION_LANGUAGE: params.notificationLanguage.valueAsString,
        NOTIFICATION_WINDOW_MINUTES: params.notificationWindowMinutes.valueAsString,
        PIPELINE_DEADLINE_MS: String(PIPELINE_DEADLINE_MS),
        MAX_DIAGNOSES_PER_MINUTE: params.maxDiagnosesPerMinute.valueAsString,
        POWERTOOLS_SERVICE_NAME: 'ecs-pull-doctor',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // sourceMap only writes the map; Node reads it for stack traces only with this flag.
        NODE_OPTIONS: '--enable-source-maps',
      },
      // EventBridge invokes asynchronously: once Lambda accepted the event, EventBridge's own DLQ never
      // sees a failure of the function. Lambda retries a thrown error twice, then sends the original
      // event to the same DLQ, so every lost event ends up in one place with one shape.
      retryAttempts: 2,
      maxEventAge: Duration.hours(2),
      deadLetterQueue,
    });

    (fn.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = Token.asNumber(
      Fn.conditionIf(
        params.conditions.hasReservedConcurrency.logicalId,
        params.reservedConcurrency.valueAsNumber,
        Aws.NO_VALUE,
      ),
    );

    // Rule: STOPPED tasks whose task or container reason is an image-pull failure (lib/event-pattern.ts).
    new events.Rule(this, 'PullFailureRule', {
      description: 'ECS tasks stopped by an image-pull failure → ecs-pull-doctor',
      eventPattern: {
        // Only this account's events: a bus that receives other accounts' events (an organization's central
        // bus) must not steer this function, which can only examine — and fix — its own account.
        account: [Aws.ACCOUNT_ID],
        source: [...PULL_FAILURE_EVENT_PATTERN.source],
        detailType: [...PULL_FAILURE_EVENT_PATTERN['detail-type']],
        detail: PULL_FAILURE_EVENT_PATTERN.detail,
      },
      targets: [
        new targets.LambdaFunction(fn, {
          retryAttempts: 4,
          maxEventAge: Duration.hours(2),
          deadLetterQueue,
        }),
      ],
    });

    // Always-on policies: every probe's read action; publishing and incident state on this stack's own
    // topic, key and table (logs and DLQ were granted with the function above).
    const readPolicy = new iam.Policy(this, 'DiagnoseReadPolicy', {
      roles: [role],
      statements: [readStatement()],
    });
    Validations.of(readPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Read-only describe/get/simulate actions declared in lambda/permissions.ts. EC2 Describe*, ' +
        'ecs:DescribeTaskDefinition and ssm:DescribeParameters support no resource-level permissions; the ' +
        'other reads target the role, repository (possibly in another account), secret or service that ' +
        'the failed task names, which is only known from the event.',
    });
    for (const statement of ownResourceStatements({
      topicArn: topic.topicArn,
      topicKeyArn: topicKey.keyArn,
      incidentTableArn: incidentTable.tableArn,
    })) {
      role.addToPrincipalPolicy(statement);
    }
    // The first event may arrive right after deployment: create the function after its permissions.
    fn.node.addDependency(readPolicy);

    // Write policies: each exists only when its parameter is "true" (CloudFormation condition). Their
    // resources are wildcards because the targets are named by the failed task or created at run time;
    // each cdk-nag finding is acknowledged one by one, so a new wildcard is reported, not hidden.
    const nagEc2 = 'arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:';
    const referencedNetwork =
      'Existing network resources the new endpoint or security group is placed in (VPC, subnets, route ' +
      'tables, the task security groups), named by the failed task and any of this account and region; ' +
      'EC2 authorizes them separately from the created resource, which carries the tag condition.';
    const writePolicies = [
      // Two variants of the attach policy, exactly one of which exists when the auto-fix is on: any role under
      // AutoFixRolePath, or only those also tagged ecs-pull-doctor:auto-fix=allowed (AutoFixRoleRequireTag).
      ...[false, true].map((requireTag) => ({
        id: requireTag ? 'AutoFixExecutionRolePolicyTaggedRolesPolicy' : 'AutoFixExecutionRolePolicyPolicy',
        statements: executionRolePolicyStatements({ path: params.autoFixRolePath.valueAsString, requireTag }),
        condition: new CfnCondition(
          this,
          requireTag ? 'AutoFixExecutionRolePolicyTaggedRoles' : 'AutoFixExecutionRolePolicyAnyRole',
          {
            expression: Fn.conditionAnd(
              params.conditions.autoFixExecutionRolePolicyEnabled,
              requireTag
                ? params.conditions.autoFixRoleRequireTagEnabled
                : Fn.conditionNot(params.conditions.autoFixRoleRequireTagEnabled),
            ),
          },
        ),
        wildcards: {
          'arn:<AWS::Partition>:iam::<AWS::AccountId>:role<AutoFixRolePath>*':
            "The execution role to fix is read from the failed task's task definition and can be any role of this " +
            'account under AutoFixRolePath' +
            (requireTag ? ' tagged ecs-pull-doctor:auto-fix=allowed' : '') +
            '; the ' +
            'iam:PolicyARN condition allows attaching AmazonECSTaskExecutionRolePolicy and nothing ' +
            'else. Open: any such ' +
            'role, also one that does not trust ecs-tasks.amazonaws.com (IAM has no condition key for ' +
            'a trust policy; ' +
            'the function reads it with iam:GetRole and refuses), unless ' +
            'AutoFixRolePath/AutoFixRoleRequireTag narrow it.',
        },
      })),
      {
        id: 'AutoFixVpcEndpointsPolicy',
        statements: vpcEndpointStatements(),
        condition: params.conditions.autoFixVpcEndpointsEnabled,
        wildcards: {
          [`${nagEc2}vpc-endpoint/*`]:
            'Endpoints are created at run time and have no ARN before; creation requires the ' +
            'ecs-pull-doctor:created-by request tag and an AWS-owned service, tagging is allowed only ' +
            'within the create call; ec2:ModifyVpcEndpoint (extending an endpoint to another AZ) only on endpoints ' +
            'that carry that tag (aws:ResourceTag). Open: any attribute of such an endpoint (no condition key ' +
            'limits the parameters); the function only sends AddSubnetIds.',
          [`${nagEc2}security-group/*`]:
            'A new security group for the endpoints is created at run time (requires the created-by request ' +
            'tag); ingress may be added only to groups carrying that tag; as a referenced resource of ' +
            'CreateVpcEndpoint it is the task security group named by the failed task.',
          [`${nagEc2}vpc/*`]: referencedNetwork,
          [`${nagEc2}subnet/*`]:
            referencedNetwork +
            " ec2:ModifyVpcEndpoint references the subnets (one per AZ of the failed task's service) " +
            'an endpoint of ours is extended to; the endpoint itself carries the tag condition.',
          [`${nagEc2}route-table/*`]: referencedNetwork,
          'arn:<AWS::Partition>:route53:::hostedzone/*':
            'Private DNS on a new interface endpoint associates the VPC with the AWS-managed private hosted ' +
            'zone of the endpoint service, whose id is not known in advance (a dependent action of ' +
            'ec2:CreateVpcEndpoint); route53:AssociateVPCWithHostedZone is the only Route 53 action ' +
            'allowed, only with ' +
            'AutoFixVpcEndpoints=true. Open: associating a VPC of this account with any private zone the account may ' +
            'use (Route 53 has no condition key for the zone owner); the function never calls it directly.',
        },
      },
      {
        id: 'ForceNewDeploymentPolicy',
        statements: forceNewDeploymentStatements(),
        condition: params.conditions.forceNewDeploymentEnabled,
        wildcards: {
          'arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:service/*':
            'The service to redeploy is the one whose task failed, any service of this account and region; ' +
            'the policy exists only with ForceNewDeploymentAfterFix=true, and its conditions forbid ' +
            'changing the task ' +
            'definition or capacity provider and switching on ECS Exec. Open: desired count, network and deployment ' +
            'settings (IAM has no condition keys for them); the function only sends forceNewDeployment.',
        },
      },
    ];
    for (const { id, statements, condition, wildcards } of writePolicies) {
      const policy = new iam.Policy(this, id, { roles: [role], statements });
      (policy.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = condition;
      for (const [resource, reason] of Object.entries(wildcards)) {
        Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
      }
    }

    // Alarms: anything in the DLQ, or any function error, is published to the same topic.
    const alarms = [
      new cloudwatch.Alarm(this, 'DeadLetterQueueAlarm', {
        alarmName: alarmNames.deadLetterQueue,
        alarmDescription: 'ecs-pull-doctor: an event was not processed (see the dead-letter queue)',
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'FunctionErrorsAlarm', {
        alarmName: alarmNames.functionErrors,
        alarmDescription: 'ecs-pull-doctor: the function failed (see its log group)',
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
    // The topic has a resource policy (enforceSSL), so the alarms' publishing is allowed there explicitly,
    // for these alarms only (confused-deputy protection with SourceArn and SourceAccount).
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowOwnAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': alarms.map((alarm) => alarm.alarmArn) },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );

    // Outputs.
    new CfnOutput(this, 'TopicArn', { value: topic.topicArn, description: 'Subscribe here for notifications' });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: deadLetterQueue.queueUrl,
      description: 'Events that could not be processed',
    });
    new CfnOutput(this, 'FunctionName', { value: fn.functionName });
    new CfnOutput(this, 'IncidentTableName', { value: incidentTable.tableName });
  }
}
