/**
 * The Lambda handler as deployed (storm control ON: INCIDENT_TABLE_NAME set) when DynamoDB or SNS fail.
 * The handler's DynamoDB client is answered by a REAL DynamoDB (dynalite) behind the strict mock, so a
 * fault can be injected on any operation without this test knowing the store's protocol.
 *
 * - DynamoDB failing (down entirely, or each operation the store uses, alone) × throttled / denied /
 *   SDK timeout / 500 / never answering: the event is still diagnosed and notified (fail open), and the
 *   Lambda's own logger says `degraded: true`, within the store's deadline.
 * - SNS Publish failing: the handler throws NotificationFailedError (EventBridge retries, then the DLQ
 *   keeps the event), after releasing the incident, so the retry of the same event is handled.
 */
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { awsError, mocks, resetMocks, writeCommands } from '../../helpers/aws-mocks';
import { startDynalite, type DynaliteHandle } from '../../helpers/dynalite';
import { exampleWith } from '../../helpers/events';
import { BOUNDED_FAULTS, errorNameOf, faultBehaviour, FAULTS, type Fault } from '../../helpers/faults';
import { bypassMocks, type CountedClient } from '../../helpers/unmocked';

const TABLE = 'ecs-pull-doctor-incidents';
/** PIPELINE_DEADLINE_MS here: every read answers at once; it also bounds each incident-store operation (deps.ts). */
const DEADLINE_MS = 300;

process.env.TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:123456789012:ecs-pull-doctor';
process.env.INCIDENT_TABLE_NAME = TABLE;
process.env.AWS_REGION = 'ap-northeast-1';
process.env.PIPELINE_DEADLINE_MS = String(DEADLINE_MS);
// Dozens of new incidents within a minute here: a cap that never bites (test/lambda/faults/surge.test.ts tests the cap).
process.env.MAX_DIAGNOSES_PER_MINUTE = '100';
// Loaded after the variables, as Lambda loads it; the same module registry as the mocks (see handler.test.ts).
const { handler } = require('../../../lambda/handler') as typeof import('../../../lambda/handler');
const { logger } = require('../../../lambda/log') as typeof import('../../../lambda/log');

const DYNAMO_COMMANDS = {
  UpdateItem: UpdateItemCommand,
  GetItem: GetItemCommand,
  PutItem: PutItemCommand,
  DeleteItem: DeleteItemCommand,
} as const;
type DynamoOp = keyof typeof DYNAMO_COMMANDS;

let ddb: DynaliteHandle;
let real: CountedClient<DynaliteHandle['client']>;
beforeAll(async () => {
  ddb = await startDynalite();
  real = bypassMocks(ddb.client); // first: the table must be created for real, not by the mock
  await ddb.createTable(TABLE);
});
afterAll(async () => {
  await ddb.stop();
  for (const k of ['TOPIC_ARN', 'INCIDENT_TABLE_NAME', 'PIPELINE_DEADLINE_MS', 'MAX_DIAGNOSES_PER_MINUTE'])
    delete process.env[k];
});

/** The handler's DynamoDB calls go to dynalite (recorded by the mock, answered for real). */
function realTableBehindTheMock(): void {
  for (const [, Command] of Object.entries(DYNAMO_COMMANDS)) {
    mocks.dynamodb.on(Command as any).callsFake((input: any) => real.client.send(new (Command as any)(input)));
  }
}

/** Every DynamoDB operation fails with `fault` (DynamoDB down). */
function dynamoDown(fault: Fault): void {
  for (const Command of Object.values(DYNAMO_COMMANDS))
    mocks.dynamodb.on(Command as any).callsFake(faultBehaviour('dynamodb', fault));
}

/** The DynamoDB operations received so far, e.g. ["UpdateItem", "GetItem"]. */
function dynamoOps(): DynamoOp[] {
  return [
    ...new Set(
      mocks.dynamodb
        .calls()
        .map(
          (c) => (c.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, '') as DynamoOp,
        ),
    ),
  ];
}

let seq = 0;
/** A new service per event: the handler's store remembers degraded incidents for the container's life. */
function freshEvent() {
  const n = ++seq;
  return exampleWith('fargate-private-subnet-timeout', {
    group: `service:api-${n}`,
    taskArn: `arn:aws:ecs:ap-northeast-1:123456789012:task/prod/${String(n).padStart(32, 'a')}`,
  });
}

let warn: jest.SpyInstance;
beforeEach(() => {
  resetMocks();
  for (const name of ['ecs', 'ec2', 'ecr', 'iam', 'secretsManager', 'ssm'] as const)
    mocks[name].rejects(awsError('AccessDeniedException', 400));
  mocks.sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
  realTableBehindTheMock();
  warn = jest.spyOn(logger, 'warn');
});
afterEach(() => warn.mockRestore());

function degradedWarnings(): Array<Record<string, unknown>> {
  return warn.mock.calls
    .map((args) => Object.assign({}, ...args.slice(1)) as Record<string, unknown>)
    .filter((d) => d.degraded === true);
}

/** The operations a first event costs, from a healthy run (the table follows the store's protocol). */
async function opsOfAFirstEvent(): Promise<DynamoOp[]> {
  await handler(freshEvent());
  const ops = dynamoOps();
  resetMocks();
  for (const name of ['ecs', 'ec2', 'ecr', 'iam', 'secretsManager', 'ssm'] as const)
    mocks[name].rejects(awsError('AccessDeniedException', 400));
  mocks.sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
  realTableBehindTheMock();
  warn.mockClear();
  return ops;
}

describe('handler with a healthy table (control)', () => {
  it('handles the first event, suppresses the second, drops a redelivery, logs nothing degraded', async () => {
    const first = freshEvent();
    const second = exampleWith('fargate-private-subnet-timeout', {
      group: first.detail.group,
      taskArn: `${first.detail.taskArn.slice(0, -4)}ffff`,
    });

    const results = [await handler(first), await handler(second), await handler(first)];

    expect(results.map((r) => r.status)).toEqual(['notified', 'suppressed', 'duplicate']);
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(dynamoOps()).toContain('UpdateItem');
    expect(degradedWarnings()).toEqual([]);
  });
});

describe('handler when DynamoDB fails: fail open, say degraded', () => {
  it.each(FAULTS)('DynamoDB down (%s) → the event is diagnosed and notified, the log says degraded', async (fault) => {
    dynamoDown(fault);
    const event = freshEvent();
    const started = Date.now();

    const result = await handler(event);

    expect(result).toMatchObject({ status: 'notified', taskArn: event.detail.taskArn });
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    // admit(), the AWS Health read (issue 20: the cause is not proven) and complete() each wait at most the store
    // deadline.
    if (fault === 'hang') expect(Date.now() - started).toBeLessThan(3 * DEADLINE_MS + 500);
    // One line each from the incident store, the diagnosis cap and the AWS Health read, all failing open.
    const degraded = degradedWarnings();
    expect(degraded).toHaveLength(3);
    expect(degraded.find((d) => d.healthPk)!.healthPk).toBe('health#123456789012#ap-northeast-1');
    for (const d of degraded)
      expect(String(d.reason)).toMatch(new RegExp(`dynamodb:\\w+: ${errorNameOf('dynamodb', fault)}`));
    expect(degraded.find((d) => d.incidentPk)!.incidentPk).toContain('service:api-');
    expect(degraded.find((d) => d.ratePk)!.ratePk).toBe('rate#123456789012#ap-northeast-1');
    expect(writeCommands()).toEqual([]);
  });

  it.each(FAULTS)('each operation of a first event failing alone (%s) → still notified, degraded', async (fault) => {
    const ops = await opsOfAFirstEvent();
    expect(ops.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const op of ops) {
      mocks.dynamodb.on(DYNAMO_COMMANDS[op] as any).callsFake(faultBehaviour('dynamodb', fault));
      warn.mockClear();
      mocks.sns.resetHistory();
      mocks.dynamodb.resetHistory();

      const result = await handler(freshEvent());
      // An operation this event did not need (the cap's first-of-a-minute read) cannot fail it.
      if (!dynamoOps().includes(op)) {
        realTableBehindTheMock();
        continue;
      }

      if (result.status !== 'notified') problems.push(`${op}: ${result.status}`);
      if (mocks.sns.commandCalls(PublishCommand).length !== 1)
        problems.push(`${op}: ${mocks.sns.commandCalls(PublishCommand).length} notifications`);
      const degraded = degradedWarnings();
      if (!degraded.some((d) => String(d.reason).includes(`dynamodb:${op}: ${errorNameOf('dynamodb', fault)}`)))
        problems.push(`${op}: no degraded log naming it`);
      realTableBehindTheMock();
    }
    expect(problems).toEqual([]);
  });

  it('suppresses the next event of the same incident from this container’s memory while DynamoDB stays down', async () => {
    dynamoDown('throttled');
    const first = freshEvent();
    const second = exampleWith('fargate-private-subnet-timeout', {
      group: first.detail.group,
      taskArn: `${first.detail.taskArn.slice(0, -4)}ffff`,
    });

    const a = await handler(first);
    const b = await handler(second);

    expect(a.status).toBe('notified');
    expect(b).toMatchObject({ status: 'suppressed', incidentId: a.incidentId });
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });
});

describe('handler when SNS Publish fails: throw for the DLQ, release for the retry', () => {
  it.each(BOUNDED_FAULTS)(
    'sns:Publish %s → NotificationFailedError; the retry of the same event is handled, then a redelivery is a duplicate',
    async (fault) => {
      mocks.sns.on(PublishCommand).callsFakeOnce(faultBehaviour('sns', fault)).resolves({ MessageId: 'msg-2' });
      const event = freshEvent();

      await expect(handler(event)).rejects.toMatchObject({
        name: 'NotificationFailedError',
        message: expect.stringContaining(`sns:Publish: ${errorNameOf('sns', fault)}`),
      });
      const retry = await handler(event);
      const redelivery = await handler(event);

      expect(retry).toMatchObject({ status: 'notified', taskArn: event.detail.taskArn });
      expect(redelivery.status).toBe('duplicate');
      expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    },
  );

  it('also releases the incident when the store had failed open (nothing remembered, the retry is handled)', async () => {
    dynamoDown('server-error');
    mocks.sns.on(PublishCommand).rejectsOnce(awsError('InternalError', 500)).resolves({ MessageId: 'msg-2' });
    const event = freshEvent();

    await expect(handler(event)).rejects.toMatchObject({ name: 'NotificationFailedError' });
    const retry = await handler(event);

    expect(retry.status).toBe('notified');
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  });
});
