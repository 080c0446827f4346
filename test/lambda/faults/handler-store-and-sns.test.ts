/**
 * The Lambda handler as deployed (storm control ON: INCIDENT_TABLE_NAME set) when DynamoDB or SNS fail.
 *
 * - DynamoDB failing (UpdateItem, GetItem or PutItem × throttled / denied / timeout / 500): the event is
 *   still diagnosed and notified (fail open), and the Lambda's own logger says `degraded: true`.
 * - SNS Publish failing: the handler throws NotificationFailedError (EventBridge retries, then the DLQ
 *   keeps the event), after releasing the incident AND forgetting the delivery, so the retry is handled.
 */
import { GetItemCommand, PutItemCommand, UpdateItemCommand, type UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { awsError, mocks, resetMocks, writeCommands } from '../../helpers/aws-mocks';
import { exampleWith } from '../../helpers/events';
import { BOUNDED_FAULTS, errorNameOf, faultBehaviour, FAULTS, type Fault } from '../../helpers/faults';
import { deliveryHash } from '../../../lambda/dedupe/incident-store';

process.env.TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:123456789012:ecs-pull-doctor';
process.env.INCIDENT_TABLE_NAME = 'ecs-pull-doctor-incidents';
process.env.AWS_REGION = 'ap-northeast-1';
// Every read answers at once here; the deadline also bounds each incident-store operation (deps.ts).
process.env.PIPELINE_DEADLINE_MS = '300';
// Loaded after the variables, as Lambda loads it; the same module registry as the mocks (see handler.test.ts).
const { handler } = require('../../../lambda/handler') as typeof import('../../../lambda/handler');
const { logger } = require('../../../lambda/log') as typeof import('../../../lambda/log');

let seq = 0;
/** A new service per test: the handler's store remembers degraded incidents for the container's life. */
function freshEvent() {
  const n = ++seq;
  return exampleWith('fargate-private-subnet-timeout', {
    group: `service:api-${n}`,
    taskArn: `arn:aws:ecs:ap-northeast-1:123456789012:task/prod/${String(n).padStart(32, 'a')}`,
  });
}

const isCount = (i: UpdateItemCommandInput) => (i.ConditionExpression ?? '').startsWith('attribute_exists(pk)');
const isRelease = (i: UpdateItemCommandInput) => (i.UpdateExpression ?? '').includes('windowEndsAt = :zero');
const isComplete = (i: UpdateItemCommandInput) => (i.UpdateExpression ?? '').includes('completedAt');
const updates = () => mocks.dynamodb.commandCalls(UpdateItemCommand).map((c) => c.args[0].input);

/** A table without the incident: count fails its condition, read finds nothing, claim succeeds; complete/release succeed. */
function healthyTable() {
  mocks.dynamodb.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) =>
    isCount(input) ? Promise.reject(awsError('ConditionalCheckFailedException', 400, 'The conditional request failed')) : Promise.resolve({}),
  );
  mocks.dynamodb.on(GetItemCommand).resolves({});
  mocks.dynamodb.on(PutItemCommand).resolves({});
}

let warn: jest.SpyInstance;
beforeEach(() => {
  resetMocks();
  for (const name of ['ecs', 'ec2', 'ecr', 'iam', 'secretsManager', 'ssm'] as const) mocks[name].rejects(awsError('AccessDeniedException', 400));
  mocks.sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
  healthyTable();
  warn = jest.spyOn(logger, 'warn');
});
afterEach(() => warn.mockRestore());
afterAll(() => {
  for (const k of ['TOPIC_ARN', 'INCIDENT_TABLE_NAME', 'PIPELINE_DEADLINE_MS']) delete process.env[k];
});

function degradedWarnings(): Array<Record<string, unknown>> {
  return warn.mock.calls.map((args) => Object.assign({}, ...args.slice(1)) as Record<string, unknown>).filter((d) => d.degraded === true);
}

describe('handler with a healthy table (control)', () => {
  it('claims the incident, notifies once, records the outcome, logs nothing degraded', async () => {
    const result = await handler(freshEvent());

    expect(result.status).toBe('notified');
    expect(mocks.dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 1);
    expect(updates().filter(isComplete)).toHaveLength(1);
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(degradedWarnings()).toEqual([]);
  });
});

describe('handler when DynamoDB fails: fail open, say degraded', () => {
  const cases: Array<[string, Fault, () => void]> = [];
  // 'hang': DynamoDB accepts the call and never answers; the store stops waiting after the store deadline.
  for (const fault of FAULTS) {
    cases.push(['UpdateItem', fault, () => mocks.dynamodb.on(UpdateItemCommand).callsFake(faultBehaviour('dynamodb', fault))]);
    cases.push(['GetItem', fault, () => mocks.dynamodb.on(GetItemCommand).callsFake(faultBehaviour('dynamodb', fault))]);
    cases.push(['PutItem', fault, () => mocks.dynamodb.on(PutItemCommand).callsFake(faultBehaviour('dynamodb', fault))]);
  }

  it.each(cases)('dynamodb:%s %s → the event is still diagnosed and notified, and the log says degraded', async (op, fault, inject) => {
    inject();
    const event = freshEvent();
    const started = Date.now();

    const result = await handler(event);

    expect(result).toMatchObject({ status: 'notified', taskArn: event.detail.taskArn });
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    // admit() and complete() each wait at most the store deadline (300 ms here).
    if (fault === 'hang') expect(Date.now() - started).toBeLessThan(2 * 300 + 500);
    const degraded = degradedWarnings();
    expect(degraded).toHaveLength(1);
    expect(String(degraded[0]!.reason)).toContain(`dynamodb:${op}: ${errorNameOf('dynamodb', fault)}`);
    expect(degraded[0]!.incidentPk).toContain('service:api-');
    expect(writeCommands()).toEqual([]);
  });

  it('suppresses the next event of the same incident from this container’s memory while DynamoDB stays down', async () => {
    mocks.dynamodb.on(UpdateItemCommand).callsFake(faultBehaviour('dynamodb', 'throttled'));
    const first = freshEvent();
    const second = exampleWith('fargate-private-subnet-timeout', { group: first.detail.group, taskArn: `${first.detail.taskArn.slice(0, -4)}ffff` });

    const a = await handler(first);
    const b = await handler(second);

    expect(a.status).toBe('notified');
    expect(b).toMatchObject({ status: 'suppressed', incidentId: a.incidentId });
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });
});

describe('handler when SNS Publish fails: throw for the DLQ, release for the retry', () => {
  it.each(BOUNDED_FAULTS)('sns:Publish %s → NotificationFailedError, incident released with its delivery, nothing completed', async (fault) => {
    mocks.sns.on(PublishCommand).callsFake(faultBehaviour('sns', fault));
    const event = freshEvent();

    await expect(handler(event)).rejects.toMatchObject({
      name: 'NotificationFailedError',
      message: expect.stringContaining(`sns:Publish: ${errorNameOf('sns', fault)}`),
    });

    const release = updates().filter(isRelease);
    expect(release).toHaveLength(1);
    // The released delivery is forgotten, so EventBridge's retry of this very event is handled, not dropped.
    expect(release[0]!.ExpressionAttributeValues?.[':dset']).toEqual({ SS: [deliveryHash(`${event.detail.taskArn}#${event.detail.version}`)] });
    expect(release[0]!.ExpressionAttributeValues?.[':id']?.S).toMatch(/^inc-[0-9a-f]{12}$/);
    expect(updates().filter(isComplete)).toEqual([]);
  });

  it('also releases the incident when the store had failed open (nothing remembered, the retry is handled)', async () => {
    mocks.dynamodb.on(UpdateItemCommand).callsFake(faultBehaviour('dynamodb', 'server-error'));
    mocks.sns.on(PublishCommand).rejectsOnce(awsError('InternalError', 500)).resolves({ MessageId: 'msg-2' });
    const event = freshEvent();

    await expect(handler(event)).rejects.toMatchObject({ name: 'NotificationFailedError' });
    const retry = await handler(event);

    expect(retry.status).toBe('notified');
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  });
});
