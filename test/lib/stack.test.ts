/**
 * What the synthesized template promises: parameters and conditions, encryption and TLS, the rule and
 * its retries, the function's configuration, alarms, outputs. IAM has its own file (iam.test.ts).
 * One unbundled synthesis is shared by all tests here (test/helpers/stack.ts).
 */
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { CONFIG_ENV_VARS } from '../../lambda/config';
import {
  HEALTH_EVENT_PATTERN,
  PULL_FAILURE_EVENT_PATTERN,
  SERVICE_SIGNAL_EVENT_PATTERN,
} from '../../lib/event-pattern';
import { METRIC, METRICS_NAMESPACE } from '../../lambda/domain/metric-names';
import { CONDITION, PARAMETER } from '../../lib/parameters';
import { sharedPullDoctor } from '../helpers/stack';

let template: Template;
beforeAll(() => {
  template = sharedPullDoctor().template;
});

/** The logical id of the only resource of a type (looked up, never pinned). */
function onlyLogicalId(type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

const getAtt = (type: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [onlyLogicalId(type), attribute] });

/** The logical id of the one resource of a type whose id starts with `prefix` (the two rules). */
function logicalIdOf(type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}
const RULES = ['PullFailureRule', 'ServiceSignalRule', 'HealthEventRule'] as const;
const ruleArn = (prefix: string) => ({ 'Fn::GetAtt': [logicalIdOf('AWS::Events::Rule', prefix), 'Arn'] });
const ref = (type: string) => ({ Ref: onlyLogicalId(type) });

describe('parameters', () => {
  it('declares the parameters of lib/parameters.ts (plus the synthesizer’s BootstrapVersion)', () => {
    const names = Object.keys(template.findParameters('*'));
    expect(names.sort()).toEqual([...Object.values(PARAMETER), 'BootstrapVersion'].sort());
  });

  it('defaults every auto-fix to "false", allowing only true/false', () => {
    for (const name of [
      PARAMETER.autoFixExecutionRolePolicy,
      PARAMETER.autoFixVpcEndpoints,
      PARAMETER.forceNewDeploymentAfterFix,
    ]) {
      template.hasParameter(name, {
        Type: 'String',
        Default: 'false',
        AllowedValues: ['true', 'false'],
        Description: Match.stringLikeRegexp('false \\(default\\)'),
      });
    }
  });

  it('makes the email optional: empty by default, and says that empty means no subscription', () => {
    template.hasParameter(PARAMETER.notificationEmail, {
      Type: 'String',
      Default: '',
      Description: Match.stringLikeRegexp('Empty \\(default\\) = no subscription'),
    });
    const pattern = new RegExp(template.toJSON().Parameters[PARAMETER.notificationEmail].AllowedPattern);
    expect(pattern.test('')).toBe(true);
    expect(pattern.test('ops@example.com')).toBe(true);
    expect(pattern.test('ops at example')).toBe(false);
  });

  it('offers en/ja (default en) and a window of 1–1440 minutes (default 60)', () => {
    template.hasParameter(PARAMETER.notificationLanguage, {
      Type: 'String',
      Default: 'en',
      AllowedValues: ['en', 'ja'],
    });
    template.hasParameter(PARAMETER.notificationWindowMinutes, {
      Type: 'Number',
      Default: 60,
      MinValue: 1,
      MaxValue: 1440,
    });
  });
});

describe('conditions', () => {
  it('subscribes the email only when one is given', () => {
    template.hasCondition(CONDITION.hasNotificationEmail, {
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: PARAMETER.notificationEmail }, ''] }],
    });
    template.hasResource('AWS::SNS::Subscription', {
      Condition: CONDITION.hasNotificationEmail,
      Properties: {
        Protocol: 'email',
        Endpoint: { Ref: PARAMETER.notificationEmail },
        TopicArn: ref('AWS::SNS::Topic'),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 1);
  });

  it.each([
    [CONDITION.autoFixExecutionRolePolicyEnabled, PARAMETER.autoFixExecutionRolePolicy],
    [CONDITION.autoFixVpcEndpointsEnabled, PARAMETER.autoFixVpcEndpoints],
    [CONDITION.forceNewDeploymentEnabled, PARAMETER.forceNewDeploymentAfterFix],
  ])('%s is true only when %s is "true"', (condition, parameter) => {
    template.hasCondition(condition, { 'Fn::Equals': [{ Ref: parameter }, 'true'] });
  });
});

describe('notification topic', () => {
  it('is encrypted with a customer managed key that rotates', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAtt('AWS::KMS::Key') });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('lets CloudWatch use the key only for this stack’s two alarms, so they can publish to the encrypted topic', () => {
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0]!;
    const grants = (key.Properties.KeyPolicy.Statement as Array<Record<string, any>>).filter(
      (st) => st.Principal?.Service === 'cloudwatch.amazonaws.com',
    );
    expect(grants).toHaveLength(1);
    expect(grants[0]!.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
    expect(grants[0]!.Condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    const names = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map((a) => a.Properties.AlarmName as string)
      .sort();
    expect(names).toEqual(['EcsPullDoctor-dead-letter-queue', 'EcsPullDoctor-function-errors']);
    const arns = (grants[0]!.Condition.ArnLike['aws:SourceArn'] as Array<{ 'Fn::Join': [string, unknown[]] }>).map(
      (j) => JSON.stringify(j),
    );
    expect(arns).toHaveLength(2);
    for (const [i, name] of names.entries()) expect(arns[i]).toContain(`:alarm:${name}`);
  });

  it('refuses publishing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref('AWS::SNS::Topic')],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('allows publishing by this stack’s alarms only', () => {
    const sourceArns = new Capture();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              ArnLike: { 'aws:SourceArn': sourceArns },
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          }),
        ]),
      },
    });
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).sort();
    expect(
      sourceArns
        .asArray()
        .map((arn: { 'Fn::GetAtt': [string] }) => arn['Fn::GetAtt'][0])
        .sort(),
    ).toEqual(alarmIds);
  });
});

describe('incident table', () => {
  it('is keyed by pk only, on demand, with TTL on expiresAt and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('is deleted with the stack (transient state only)', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });
});

describe('dead-letter queue', () => {
  it('is encrypted at rest (SSE-SQS) and keeps messages 14 days', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('refuses access without TLS and accepts messages from its rules only', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref('AWS::SQS::Queue')],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ...RULES.map((rule) =>
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Condition: { ArnEquals: { 'aws:SourceArn': ruleArn(rule) } },
            }),
          ),
        ]),
      },
    });
    expect(Object.keys(template.findResources('AWS::Events::Rule'))).toHaveLength(RULES.length);
  });
});

describe('rule', () => {
  it('uses exactly the pattern of lib/event-pattern.ts, for this account only, on the default bus', () => {
    const rule = template.findResources('AWS::Events::Rule')[logicalIdOf('AWS::Events::Rule', 'PullFailureRule')]!;
    const { account, ...pattern } = rule.Properties.EventPattern;
    expect(pattern).toEqual(JSON.parse(JSON.stringify(PULL_FAILURE_EVENT_PATTERN)));
    // Events another account forwards to this bus never reach the function (it can only examine its own account).
    expect(account).toEqual([{ Ref: 'AWS::AccountId' }]);
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.State).toBe('ENABLED');
  });

  it('service signals: recovery and services that cannot start tasks, never a RUNNING task event (issue 17)', () => {
    const rule = template.findResources('AWS::Events::Rule')[logicalIdOf('AWS::Events::Rule', 'ServiceSignalRule')]!;
    const { account, ...pattern } = rule.Properties.EventPattern;
    expect(pattern).toEqual(JSON.parse(JSON.stringify(SERVICE_SIGNAL_EVENT_PATTERN)));
    expect(pattern['detail-type']).not.toContain('ECS Task State Change');
    expect(account).toEqual([{ Ref: 'AWS::AccountId' }]);
  });

  it('AWS Health events: of ECR, ECS and Fargate only (issue 20)', () => {
    const rule = template.findResources('AWS::Events::Rule')[logicalIdOf('AWS::Events::Rule', 'HealthEventRule')]!;
    expect(rule.Properties.EventPattern).toEqual(JSON.parse(JSON.stringify(HEALTH_EVENT_PATTERN)));
    expect(rule.Properties.EventPattern.detail.service).toEqual(['ECR', 'ECS', 'FARGATE']);
  });

  it.each(RULES)('%s targets the function with 4 retries for 2 hours, then the DLQ', (prefix) => {
    const rule = template.findResources('AWS::Events::Rule')[logicalIdOf('AWS::Events::Rule', prefix)]!;
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: getAtt('AWS::Lambda::Function'),
        RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: { Arn: getAtt('AWS::SQS::Queue') },
      }),
    ]);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: getAtt('AWS::Lambda::Function'),
      SourceArn: ruleArn(prefix),
    });
  });
});

describe('function', () => {
  it('runs Node.js 24 on arm64 with 256 MB for 90 s', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 90,
      Handler: 'index.handler',
    });
  });

  it('reserves concurrency only when ReservedConcurrency is above 0 (default 0: none, which accounts limited to 10 need)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: {
        'Fn::If': [CONDITION.hasReservedConcurrency, { Ref: PARAMETER.reservedConcurrency }, { Ref: 'AWS::NoValue' }],
      },
    });
    template.hasParameter(PARAMETER.reservedConcurrency, { Type: 'Number', Default: 0, MinValue: 0 });
    expect(template.toJSON().Conditions[CONDITION.hasReservedConcurrency]).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: PARAMETER.reservedConcurrency }, '0'] }],
    });
  });

  it('caps full diagnoses per minute with MaxDiagnosesPerMinute (default 10, 1–100), passed to the function', () => {
    template.hasParameter(PARAMETER.maxDiagnosesPerMinute, { Type: 'Number', Default: 10, MinValue: 1, MaxValue: 100 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ MAX_DIAGNOSES_PER_MINUTE: { Ref: PARAMETER.maxDiagnosesPerMinute } }),
      },
    });
  });

  it('sets every variable lambda/config.ts reads, from the parameters', () => {
    const variables = new Capture();
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: variables } });
    const env = variables.asObject();
    expect(Object.keys(env)).toEqual(expect.arrayContaining([...CONFIG_ENV_VARS]));
    expect(env).toMatchObject({
      TOPIC_ARN: ref('AWS::SNS::Topic'),
      INCIDENT_TABLE_NAME: ref('AWS::DynamoDB::Table'),
      AUTO_FIX_EXECUTION_ROLE_POLICY: { Ref: PARAMETER.autoFixExecutionRolePolicy },
      AUTO_FIX_VPC_ENDPOINTS: { Ref: PARAMETER.autoFixVpcEndpoints },
      FORCE_NEW_DEPLOYMENT_AFTER_FIX: { Ref: PARAMETER.forceNewDeploymentAfterFix },
      NOTIFICATION_LANGUAGE: { Ref: PARAMETER.notificationLanguage },
      NOTIFICATION_WINDOW_MINUTES: { Ref: PARAMETER.notificationWindowMinutes },
      PIPELINE_DEADLINE_MS: '30000',
      // The pipeline's file is compiled in the init phase (lambda/config.ts, docs/benchmarks.md).
      PIPELINE_LOAD: 'init',
      POWERTOOLS_SERVICE_NAME: 'ecs-pull-doctor',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('keeps the evidence deadline well inside the timeout', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0]!;
    expect(Number(fn.Properties.Environment.Variables.PIPELINE_DEADLINE_MS)).toBeLessThan(
      (fn.Properties.Timeout * 1000) / 2,
    );
  });

  it('logs to its own log group, kept one month', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: ref('AWS::Logs::LogGroup') },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('sends events it failed on (after 2 retries) to the same DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: { TargetArn: getAtt('AWS::SQS::Queue') },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: ref('AWS::Lambda::Function'),
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 7200,
    });
  });
});

describe('alarms', () => {
  it('alarm on any message in the DLQ, to the topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt('AWS::SQS::Queue', 'QueueName') }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [ref('AWS::SNS::Topic')],
    });
  });

  it('alarm on any function error within 5 minutes, to the topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref('AWS::Lambda::Function') }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [ref('AWS::SNS::Topic')],
    });
  });
});

describe('outputs', () => {
  it('exports what an operator needs', () => {
    template.hasOutput('TopicArn', { Value: ref('AWS::SNS::Topic') });
    template.hasOutput('DeadLetterQueueUrl', { Value: ref('AWS::SQS::Queue') });
    template.hasOutput('FunctionName', { Value: ref('AWS::Lambda::Function') });
    template.hasOutput('IncidentTableName', { Value: ref('AWS::DynamoDB::Table') });
  });
});

describe('dashboard (issue 17)', () => {
  it('shows every metric the function writes, by cause, beside the function and the dead-letter queue', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    // The body is a Fn::Join of JSON text and references: joined with the references as placeholders, it parses.
    const parts = dashboards[0]!.Properties.DashboardBody['Fn::Join'][1] as unknown[];
    const body = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'REF')).join('')) as {
      widgets: Array<{ properties: { metrics: unknown[][] } }>;
    };
    const metrics = body.widgets.flatMap((w) => w.properties.metrics);
    const expressions = metrics.flatMap((m) => m.flatMap((x) => (x as { expression?: string }).expression ?? []));
    for (const name of Object.values(METRIC))
      expect(expressions).toContainEqual(
        expect.stringContaining(`SEARCH('{${METRICS_NAMESPACE},Cause,service} MetricName="${name}"'`),
      );
    expect(metrics.map((m) => m[0])).toEqual(expect.arrayContaining(['AWS/Lambda', 'AWS/SQS']));
  });
});
