/** publishNotification(): one SNS Publish, email gets text, chat gets its JSON, attributes filterable. */
import 'aws-sdk-client-mock-jest';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CallContext } from '../../../lambda/aws/call';
import { publishNotification } from '../../../lambda/notify/publish';
import { render } from '../../../lambda/notify/render';
import { awsError, mocks, resetMocks } from '../../helpers/aws-mocks';
import { inputFor } from './fixtures';

const TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:ecs-pull-doctor';

beforeEach(() => resetMocks());

describe('publishNotification', () => {
  it('publishes one message: email gets the plain body, default/https get the chat JSON', async () => {
    mocks.sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
    const n = render(inputFor('network-no-route', 'ja'));
    const ctx = new CallContext();

    const out = await publishNotification(new SNSClient({}), ctx, TOPIC, n);

    expect(out).toEqual({ ok: true, value: { messageId: 'msg-1' } });
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ TopicArn: TOPIC, Subject: n.subject, MessageStructure: 'json' });
    const message = JSON.parse(input.Message!);
    expect(message.email).toBe(n.body);
    expect(JSON.parse(message.default)).toEqual(n.chat);
    expect(JSON.parse(message.https)).toEqual(n.chat);
    expect(input.MessageAttributes).toEqual(
      Object.fromEntries(Object.entries(n.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
    );
    expect(Buffer.byteLength(input.Message!, 'utf8')).toBeLessThan(256 * 1024);
    expect(ctx.calls.map((c) => c.api)).toEqual(['sns:Publish']);
  });

  it('returns the failure as a fact instead of throwing', async () => {
    mocks.sns.on(PublishCommand).rejects(awsError('AuthorizationError', 403));

    const out = await publishNotification(
      new SNSClient({}),
      new CallContext(),
      TOPIC,
      render(inputFor('image-not-found')),
    );

    expect(out).toMatchObject({
      ok: false,
      api: 'sns:Publish',
      kind: 'access-denied',
      errorName: 'AuthorizationError',
    });
  });
});
