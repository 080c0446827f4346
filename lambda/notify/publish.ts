/**
 * The only I/O of notify/: one SNS Publish per notification.
 *
 * Format decision — MessageStructure "json", one message per protocol:
 *   - "email": the plain-text body (email subscribers read text, not JSON);
 *   - "default" and "https": the Amazon Q Developer in chat applications custom notification JSON.
 *     Amazon Q Developer (AWS Chatbot) subscribes to the topic over HTTPS and parses the SNS message
 *     body as a custom notification only when it is that JSON (version "1.0", source "custom");
 *     "default" also serves SQS/Lambda/email-json subscribers a machine-readable message.
 *   - "sms": the subject only (SMS is short).
 * Subject (ASCII ≤ 100) is used by email subscribers; MessageAttributes (String) carry cause, family,
 * cluster, service, action, confidence, incident so that subscriptions can filter (FilterPolicy on
 * message attributes).
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { callAws, type CallContext, type Fact } from '../aws/call';
import type { RenderedNotification } from './types';

/** The PublishCommand input for a rendered notification (exported for tests and the CLI). */
export function publishInput(topicArn: string, n: RenderedNotification) {
  const chat = JSON.stringify(n.chat);
  const message = JSON.stringify({ default: chat, https: chat, email: n.body, sms: n.subject });
  const attributes = Object.fromEntries(
    Object.entries(n.attributes)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
  );
  return { TopicArn: topicArn, Subject: n.subject, Message: message, MessageStructure: 'json', MessageAttributes: attributes };
}

export async function publishNotification(sns: SNSClient, ctx: CallContext, topicArn: string, n: RenderedNotification): Promise<Fact<{ messageId: string }>> {
  const input = publishInput(topicArn, n);
  return callAws(ctx, 'sns:Publish', async (abortSignal) => {
    const out = await sns.send(new PublishCommand(input), { abortSignal });
    return { messageId: out.MessageId ?? '' };
  });
}
