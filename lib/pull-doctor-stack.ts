/**
 * ecs-pull-doctor: an ECS task stops because its image could not be pulled → EventBridge rule → Lambda
 * gathers evidence, diagnoses, optionally fixes → SNS notification. Reads top to bottom in that order.
 */
import * as path from 'node:path';
import { Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack, Token, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { HEALTH_EVENT_PATTERN, PULL_FAILURE_EVENT_PATTERN, SERVICE_SIGNAL_EVENT_PATTERN } from './event-pattern';
import { addFailureAlarms, failureAlarmNames } from './failure-alarms';
import { addDashboard } from './dashboard';
import { addOrganizationMode } from './organization';
import { createNotificationTopic } from './notification-topic';
import { definePullDoctorParameters } from './parameters';
import { ownResourceStatements, readStatement } from './permissions';
import { functionBundling } from './function-bundling';
import { addWritePolicies } from './write-policies';

/** Evidence gathering stops waiting after this long (PIPELINE_DEADLINE_MS); the timeout leaves room for a fix. */
export const PIPELINE_DEADLINE_MS = 30_000;
export const FUNCTION_TIMEOUT = Duration.seconds(90);

export interface PullDoctorStackProps extends StackProps {
  /** Organization mode (issue 18, lib/organization.ts): `cdk deploy -c mode=organization`. */
  organization?: boolean;
}

export class PullDoctorStack extends Stack {
  constructor(scope: Construct, id: string, props: PullDoctorStackProps = {}) {
    const { organization: _organization, ...stackProps } = props;
    super(scope, id, {
      description: 'ecs-pull-doctor: diagnoses Amazon ECS image-pull failures and notifies (optionally fixes)',
      ...stackProps,
    });

    // Parameters and the conditions that switch each auto-fix's write policy on.
    const params = definePullDoctorParameters(this);

    // Notification topic, encrypted with a customer managed key that CloudWatch alarms may use too
    // (lib/notification-topic.ts); the alarms are named here, from the stack, so the key policy can name them.
    const alarmNames = failureAlarmNames(this);
    const { topicKey, topic } = createNotificationTopic(this, params, alarmNames);

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
      bundling: functionBundling(),
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
        // The pipeline's file is compiled in the init phase, which has a full vCPU (lambda/config.ts).
        PIPELINE_LOAD: 'init',
        MAX_DIAGNOSES_PER_MINUTE: params.maxDiagnosesPerMinute.valueAsString,
        // Organization mode sets it (lib/organization.ts); empty: this account and Region only.
        ORGANIZATION_ID: '',
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

    // Rule: the service signals of open incidents — recovery, and services that cannot start tasks (issue 17).
    new events.Rule(this, 'ServiceSignalRule', {
      description: 'ECS services running again or unable to start tasks → ecs-pull-doctor',
      eventPattern: {
        account: [Aws.ACCOUNT_ID],
        source: [...SERVICE_SIGNAL_EVENT_PATTERN.source],
        detailType: [...SERVICE_SIGNAL_EVENT_PATTERN['detail-type']],
        detail: { eventName: [...SERVICE_SIGNAL_EVENT_PATTERN.detail.eventName] },
      },
      targets: [
        new targets.LambdaFunction(fn, {
          retryAttempts: 4,
          maxEventAge: Duration.hours(2),
          deadLetterQueue,
        }),
      ],
    });

    // Rule: open AWS Health events of ECR, ECS and Fargate, named in the Region's messages (issue 20).
    new events.Rule(this, 'HealthEventRule', {
      description: 'AWS Health events of ECR, ECS and Fargate → ecs-pull-doctor',
      eventPattern: {
        source: [...HEALTH_EVENT_PATTERN.source],
        detailType: [...HEALTH_EVENT_PATTERN['detail-type']],
        detail: { service: [...HEALTH_EVENT_PATTERN.detail.service] },
      },
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 4, maxEventAge: Duration.hours(2), deadLetterQueue })],
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

    // Write policies: each exists only when its parameter is "true" (CloudFormation condition; lib/write-policies.ts).
    addWritePolicies(this, role, params);

    // Alarms: anything in the DLQ, or any function error, is published to the same topic (lib/failure-alarms.ts).
    addFailureAlarms(this, { names: alarmNames, deadLetterQueue, fn, topic });
    addDashboard(this, fn, deadLetterQueue);

    // Organization mode: the central bus, the member roles' assumption and the member StackSet.
    if (props.organization) addOrganizationMode(this, { fn, role, deadLetterQueue });

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
