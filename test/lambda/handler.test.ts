/**
 * The Lambda handler end to end with strict SDK mocks: one valid event → exactly one SNS message naming
 * the task, cluster, image and cause; malformed events are logged and dropped without throwing; a
 * failure to publish throws (so EventBridge retries and then dead-letters the event).
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { mocks, resetMocks, awsError, writeCommands } from '../helpers/aws-mocks';
import { exampleWith, loadExample } from '../helpers/events';

const TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:ecs-pull-doctor';

// The handler reads its configuration when it loads, as in Lambda: set the stack's variables first.
// (Loading it in an isolated module registry would give it its own SDK classes, beyond the mocks' reach.)
process.env.TOPIC_ARN = TOPIC;
process.env.INCIDENT_TABLE_NAME = '';
process.env.AWS_REGION = 'ap-northeast-1';
process.env.PIPELINE_DEADLINE_MS = '5000';
const { handler: loadedHandler } = require('../../lambda/handler') as typeof import('../../lambda/handler');

async function loadHandler() {
  return loadedHandler;
}

describe('handler', () => {
  beforeEach(() => {
    resetMocks();
    // No read succeeds: the diagnosis falls back to what the text says, and lists what it could not check.
    for (const name of ['ecs', 'ec2', 'ecr', 'iam', 'secretsManager', 'ssm'] as const)
      mocks[name].rejects(awsError('AccessDeniedException', 400));
    mocks.sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
  });

  afterAll(() => {
    delete process.env.TOPIC_ARN;
    delete process.env.PIPELINE_DEADLINE_MS;
  });

  it('publishes exactly one message naming the task, cluster, image and cause', async () => {
    const handler = await loadHandler();
    const event = loadExample('fargate-private-subnet-timeout');
    const result = await handler(event);
    expect(result).toMatchObject({ status: 'notified', taskArn: event.detail.taskArn });
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.TopicArn).toBe(TOPIC);
    const text = `${input.Subject}\n${input.Message}`;
    expect(text).toContain('0f6a8c2b9d4e4b1a8f3c5d7e9a1b2c3d');
    expect(text).toContain('prod');
    expect(text).toContain('123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:2026.11.24-3');
    expect(input.MessageAttributes?.cause?.StringValue).toBe(result.cause);
    expect(input.MessageAttributes?.cluster?.StringValue).toBe('prod');
    expect(writeCommands()).toEqual([]);
  });

  it.each([
    ['a missing detail', { ...loadExample('fargate-tag-not-found'), detail: undefined }],
    ['a wrong detail-type', { ...loadExample('fargate-tag-not-found'), 'detail-type': 'ECS Deployment State Change' }],
    ['a non-JSON body', { body: '{not json' }],
    [
      'a huge reason that is not a pull failure',
      exampleWith('fargate-tag-not-found', { stoppedReason: 'x'.repeat(300_000), containers: [] }),
    ],
    ['a RUNNING task', exampleWith('fargate-tag-not-found', { lastStatus: 'RUNNING' })],
    ['nothing at all', undefined],
  ])('drops %s without throwing or publishing', async (_label, event) => {
    const handler = await loadHandler();
    const result = await handler(event);
    expect(result.status).toBe('ignored');
    expect(result.reason).toBeTruthy();
    expect(mocks.sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('handles a huge pull-failure reason and still publishes one message within SNS limits', async () => {
    const handler = await loadHandler();
    const event = exampleWith('fargate-tag-not-found', {
      stoppedReason: `CannotPullContainerError: ${'y'.repeat(300_000)}`,
    });
    const result = await handler(event);
    expect(result.status).toBe('notified');
    const input = mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.Subject!.length).toBeLessThanOrEqual(100);
    expect(Buffer.byteLength(input.Message!, 'utf8')).toBeLessThan(256 * 1024);
  });

  it('throws when the notification cannot be published, so the event is retried and dead-lettered', async () => {
    mocks.sns.on(PublishCommand).rejects(awsError('InternalErrorException', 500));
    const handler = await loadHandler();
    await expect(handler(loadExample('fargate-private-subnet-timeout'))).rejects.toThrow(
      /could not publish the diagnosis of arn:aws:ecs/,
    );
  });
});
