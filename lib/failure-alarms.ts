/**
 * Alarms: anything in the dead-letter queue, or any function error, is published to the notification topic.
 * Created in the stack's own scope (logical ids DeadLetterQueueAlarm, FunctionErrorsAlarm).
 */
import { Aws, Duration, type Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

export interface FailureAlarmNames {
  deadLetterQueue: string;
  functionErrors: string;
}

/**
 * This stack's two alarm names, derived from the stack name: the topic key's policy names their ARNs
 * (confused-deputy protection) without a reference to the alarms, which depend on the topic, which depends on
 * the key.
 */
export function failureAlarmNames(stack: Stack): FailureAlarmNames {
  return {
    deadLetterQueue: `${stack.stackName}-dead-letter-queue`,
    functionErrors: `${stack.stackName}-function-errors`,
  };
}

export interface FailureAlarmSources {
  names: FailureAlarmNames;
  deadLetterQueue: sqs.IQueue;
  fn: lambda.IFunction;
  topic: sns.Topic;
}

/** The two alarms, their action (publish to the topic), and the topic policy statement that allows it. */
export function addFailureAlarms(stack: Stack, { names, deadLetterQueue, fn, topic }: FailureAlarmSources): void {
  const alarms = [
    new cloudwatch.Alarm(stack, 'DeadLetterQueueAlarm', {
      alarmName: names.deadLetterQueue,
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
    new cloudwatch.Alarm(stack, 'FunctionErrorsAlarm', {
      alarmName: names.functionErrors,
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
}
