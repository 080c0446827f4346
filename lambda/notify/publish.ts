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
import { CallContext, callAws, type Fact } from '../aws/call';
import type { RenderedNotification } from './types';

/**
 * The publish's own deadline and retry policy: the SNS client's standard retry mode (3 attempts with
 * exponential back-off and jitter, lambda/aws/clients.ts) runs inside this deadline, after which the
 * publish is abandoned (aborted) and reported failed — the invocation then throws for EventBridge's retry
 * and the DLQ, after releasing the incident. It fits in the pipeline's RESERVE_AFTER_APPLY_MS (5 s), which
 * also leaves about a second for recording the outcome, so a slow fix plus a slow publish cannot run into
 * the function's timeout (a Lambda killed there would notify nobody until its claim's lease runs out).
 */
export const PUBLISH_DEADLINE_MS = 4_000;

/** The CallContext of one publish: its own deadline, PUBLISH_DEADLINE_MS from now. */
export function publishContext(nowMs: number = Date.now()): CallContext {
  return new CallContext(nowMs + PUBLISH_DEADLINE_MS);
}

/** The PublishCommand input for a rendered notification (exported for tests and the CLI). */
export function publishInput(topicArn: string, n: RenderedNotification) {
  const chat = JSON.stringify(n.chat);
  const message = JSON.stringify({ default: chat, https: chat, email: n.body, sms: n.subject });
  const attributes = Object.fromEntries(
    Object.entries(n.attributes)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
  );
  return {
    TopicArn: topicArn,
    Subject: n.subject,
    Message: message,
    MessageStructure: 'json',
    MessageAttributes: attributes,
  };
}

export async function publishNotification(
  sns: SNSClient,
  ctx: CallContext,
  topicArn: string,
  n: RenderedNotification,
): Promise<Fact<{ messageId: string }>> {
  const input = publishInput(topicArn, n);
  return callAws(ctx, 'sns:Publish', async (abortSignal) => {
    const out = await sns.send(new PublishCommand(input), { abortSignal });
    return { messageId: out.MessageId ?? '' };
  });
}
