/**
 * The notification topic, encrypted with a customer managed key that CloudWatch alarms may use too, and its
 * e-mail subscription (only when NotificationEmail is set). Created in the stack's own scope (logical ids
 * TopicKey, NotificationTopic, EmailSubscription).
 */
import { Aws, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { FailureAlarmNames } from './failure-alarms';
import type { PullDoctorParameters } from './parameters';

export interface NotificationTopic {
  topicKey: kms.Key;
  topic: sns.Topic;
}

export function createNotificationTopic(
  stack: Stack,
  params: PullDoctorParameters,
  alarmNames: FailureAlarmNames,
): NotificationTopic {
  const topicKey = new kms.Key(stack, 'TopicKey', {
    description: 'ecs-pull-doctor notification topic encryption',
    enableKeyRotation: true,
    // The key only protects messages in flight through the topic, which is deleted with the stack.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // CloudWatch cannot publish to a topic encrypted with the AWS managed aws/sns key; with our own key
  // the key policy lets the alarms (lib/failure-alarms.ts) publish.
  // Only this stack's two alarms (confused-deputy protection): named from the stack, so their ARNs are known
  // here without a reference to the alarms (which depend on the topic, which depends on this key).
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
  const topic = new sns.Topic(stack, 'NotificationTopic', {
    displayName: 'ECS pull doctor',
    masterKey: topicKey,
    enforceSSL: true,
  });
  const emailSubscription = new sns.CfnSubscription(stack, 'EmailSubscription', {
    topicArn: topic.topicArn,
    protocol: 'email',
    endpoint: params.notificationEmail.valueAsString,
  });
  emailSubscription.cfnOptions.condition = params.conditions.hasNotificationEmail;
  return { topicKey, topic };
}
