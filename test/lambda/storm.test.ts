/**
 * Storm control through the whole pipeline, with a REAL DynamoDB (dynalite on loopback, the store's real
 * conditional writes) and the scenarios' strict mocks for everything else (issue 5, "Done when"):
 *
 *   1. 40 failed tasks of one service arriving at once, auto-fix opted in → ONE notification and ONE fix
 *      (exactly the writes of a single run), the other 39 counted as suppressed;
 *   2. duplicate deliveries (same task ARN + detail.version) are dropped before any AWS call but DynamoDB;
 *   3. when the window expires, one reminder that states how many tasks failed since the first message;
 *   4. 1,000 events of one incident in sequence → one diagnosis, one notification, ≤ 1,020 AWS calls.
 *
 * Each Lambda invocation gets its own DynamoIncidentStore (as separate containers would), all on one table.
 */
import { PublishCommand, type PublishCommandInput } from '@aws-sdk/client-sns';
import { DynamoIncidentStore } from '../../lambda/dedupe/incident-store';
import type { CauseId } from '../../lambda/domain/diagnosis';
import { runPipeline } from '../../lambda/pipeline';
import type { PipelineResult } from '../../lambda/pipeline-contract';
import { mocks, receivedCommands, writeCommands } from '../helpers/aws-mocks';
import { startDynalite, type DynaliteHandle } from '../helpers/dynalite';
import { emailOf, harnessDeps, recordingLog, type RecordingLog } from '../helpers/pipeline-harness';
import { clearCallHistory, SCENARIOS, type Scenario } from '../helpers/scenarios';
import { bypassMocks, type CountedClient } from '../helpers/unmocked';

let ddb: DynaliteHandle;
let dynamo: CountedClient<DynaliteHandle['client']>;

beforeAll(async () => {
  ddb = await startDynalite();
  dynamo = bypassMocks(ddb.client);
});
afterAll(async () => {
  await ddb.stop();
});

const T0 = new Date('2026-11-25T03:14:07.123Z');
const at = (ms: number) => () => new Date(T0.getTime() + ms);

/** The scenario's event for task number `n` (its own task ARN) and, optionally, another detail.version. */
function taskEvent(s: Scenario, n: number, version?: number): any {
  const e = s.event as any;
  const arn = String(e.detail.taskArn).replace(/[0-9a-f]{32}$/, n.toString(16).padStart(32, '0'));
  e.detail.taskArn = arn;
  e.resources = [arn];
  for (const c of e.detail.containers ?? []) if (c.taskArn) c.taskArn = arn;
  if (version !== undefined) e.detail.version = version;
  return e;
}

interface Invocation {
  event: unknown;
  now?: () => Date;
  log?: RecordingLog;
}

/** One Lambda invocation: a fresh store (container) on the shared table, flags as given. */
function invoke(
  s: Scenario,
  table: string,
  inv: Invocation,
  flags: { autoFix?: boolean } = {},
): Promise<PipelineResult> {
  const log = inv.log ?? recordingLog();
  const store = new DynamoIncidentStore(dynamo.client, table, undefined, { log });
  return runPipeline(
    inv.event,
    harnessDeps({
      store,
      log,
      ...(inv.now ? { now: inv.now } : {}),
      config: {
        region: s.region,
        notificationWindowMinutes: 60,
        autoFixExecutionRolePolicy: flags.autoFix === true && s.autoFix === 'AutoFixExecutionRolePolicy',
        autoFixVpcEndpoints: flags.autoFix === true && s.autoFix === 'AutoFixVpcEndpoints',
      },
    }),
  );
}

const statuses = (rs: PipelineResult[]) =>
  rs.reduce<Record<string, number>>((acc, r) => {
    acc[r.status] = (acc[r.status] ?? 0) + 1;
    return acc;
  }, {});
const published = (): PublishCommandInput[] => mocks.sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
/** Commands to every AWS service but DynamoDB (DynamoDB is real here and counted separately). */
const nonDynamoCommands = () => receivedCommands().filter((c) => !c.startsWith('dynamodb:'));

/** The writes of one fix: the role policy; the endpoints (and, with no route at all, their security group and rule). */
const ONE_FIX: Partial<Record<CauseId, string[]>> = {
  'execution-role-ecr-permissions': ['iam:AttachRolePolicy'],
  'network-no-route': [
    'ec2:CreateSecurityGroup',
    'ec2:AuthorizeSecurityGroupIngress',
    ...Array<string>(4).fill('ec2:CreateVpcEndpoint'),
  ],
  'vpc-endpoint-missing': ['ec2:CreateVpcEndpoint'],
};
const AUTO_FIX_SCENARIOS = (
  ['execution-role-ecr-permissions', 'network-no-route', 'vpc-endpoint-missing'] as CauseId[]
).map((c) => [c, SCENARIOS[c]] as const);

describe('a forged event of an incident', () => {
  it.each(AUTO_FIX_SCENARIOS)(
    '%s: does not hold the incident — the real failure that follows is the first, and is fixed',
    async (_cause, s) => {
      const genuine = taskEvent(s, 7);
      s.mock([genuine]); // task 666 never ran: ecs:DescribeTasks does not return it
      const table = await ddb.createTable();
      const forged = await invoke(s, table, { event: taskEvent(s, 666), now: at(0) }, { autoFix: true });
      expect(forged).toMatchObject({ status: 'notified', role: 'first', outcome: { kind: 'proposed' } });
      expect(writeCommands()).toEqual([]);

      const real = await invoke(s, table, { event: genuine, now: at(60_000) }, { autoFix: true });
      expect(real).toMatchObject({ status: 'notified', role: 'first', outcome: { kind: 'fixed' } });
      expect(writeCommands()).toEqual(ONE_FIX[s.cause]);
      // A retry of the forged delivery is only counted now (the real incident holds the window): no second message.
      expect((await invoke(s, table, { event: taskEvent(s, 666), now: at(120_000) }, { autoFix: true })).status).toBe(
        'suppressed',
      );
    },
  );
});

describe('a storm of one incident', () => {
  it.each(AUTO_FIX_SCENARIOS)(
    '%s: 40 tasks failing at once, auto-fix on → one notification, one fix, 39 suppressed',
    async (_cause, s) => {
      // Prepare: what ONE run writes — the pieces of one fix — on a table of its own.
      s.mock([taskEvent(s, 1)]);
      const solo = await invoke(s, await ddb.createTable(), { event: taskEvent(s, 1) }, { autoFix: true });
      expect(solo).toMatchObject({ status: 'notified', outcome: { kind: 'fixed' } });
      const oneFix = writeCommands();
      expect(oneFix).toEqual(ONE_FIX[s.cause]);

      s.mock(Array.from({ length: 40 }, (_, i) => taskEvent(s, 100 + i))); // the account as it was before the fix; the 40 tasks ran
      const table = await ddb.createTable();

      // Act: 40 distinct tasks of the same service and cause, all at once.
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => invoke(s, table, { event: taskEvent(s, 100 + i) }, { autoFix: true })),
      );

      // Assess
      expect(statuses(results)).toEqual({ notified: 1, suppressed: 39 });
      const owner = results.find((r) => r.status === 'notified')!;
      expect(owner).toMatchObject({ outcome: { kind: 'fixed' }, role: 'first' });
      expect(writeCommands()).toEqual(oneFix);
      expect(published()).toHaveLength(1);
      expect(published()[0]!.MessageAttributes?.action?.StringValue).toBe('fixed');
      const ids = new Set(results.map((r) => ('incidentId' in r ? r.incidentId : undefined)));
      expect(ids.size).toBe(1);
      expect(Math.max(...results.map((r) => (r.status === 'suppressed' ? r.count : 0)))).toBe(40);
    },
  );

  it('drops duplicate deliveries (same task ARN and detail.version) before any AWS call but DynamoDB', async () => {
    const s = SCENARIOS['image-not-found'];
    s.mock([taskEvent(s, 1, 3), taskEvent(s, 2, 3)]);
    const table = await ddb.createTable();
    const first = await invoke(s, table, { event: taskEvent(s, 1, 3) });
    const second = await invoke(s, table, { event: taskEvent(s, 2, 3) });
    expect([first.status, second.status]).toEqual(['notified', 'suppressed']);
    clearCallHistory();
    dynamo.resetCalls();

    // EventBridge delivers both again — sequentially, and a burst of the same redelivery at once.
    const again = [
      await invoke(s, table, { event: taskEvent(s, 1, 3) }),
      await invoke(s, table, { event: taskEvent(s, 2, 3) }),
      ...(await Promise.all(Array.from({ length: 8 }, () => invoke(s, table, { event: taskEvent(s, 1, 3) })))),
    ];

    expect(statuses(again)).toEqual({ duplicate: 10 });
    expect(nonDynamoCommands()).toEqual([]);
    for (const m of ['ecs', 'ec2', 'ecr', 'iam', 'secretsManager', 'ssm', 'sns'] as const)
      expect(mocks[m].calls()).toHaveLength(0);
    // A duplicate costs the storm update and one read: two DynamoDB calls.
    expect(dynamo.calls().length).toBeLessThanOrEqual(2 * again.length);
    // A new detail.version of the same task is a new delivery (counted, not dropped).
    expect((await invoke(s, table, { event: taskEvent(s, 1, 4) })).status).toBe('suppressed');
  });

  it('sends one reminder after the window, stating how many tasks failed since the first message', async () => {
    const s = SCENARIOS['image-not-found'];
    s.mock(Array.from({ length: 12 }, (_, i) => taskEvent(s, i + 1)));
    const table = await ddb.createTable();
    const minute = 60_000;

    const first = await invoke(s, table, { event: taskEvent(s, 1), now: at(0) });
    const during = [];
    for (let i = 2; i <= 10; i++) during.push(await invoke(s, table, { event: taskEvent(s, i), now: at(i * minute) }));
    // The window (60 min) has passed: two tasks fail at the same moment, one of them sends the reminder.
    const after = await Promise.all(
      [11, 12].map((i) => invoke(s, table, { event: taskEvent(s, i), now: at(61 * minute) })),
    );

    expect(first).toMatchObject({ status: 'notified', role: 'first' });
    expect(statuses(during)).toEqual({ suppressed: 9 });
    expect(statuses(after)).toEqual({ notified: 1, suppressed: 1 });
    const reminder = after.find((r) => r.status === 'notified')!;
    expect(reminder).toMatchObject({
      role: 'reminder',
      incidentId: first.status === 'notified' ? first.incidentId : '',
    });
    const messages = published();
    expect(messages).toHaveLength(2);
    const text = emailOf(messages[1]!);
    expect(messages[1]!.Subject).toContain('[reminder: 11 failed]');
    expect(text).toContain(
      `Reminder: the failure is still happening. 11 tasks have failed since the first message (${T0.toISOString()})`,
    );
    expect(emailOf(messages[0]!)).not.toContain('Reminder');
  });

  it('1,000 events of one incident in sequence → one diagnosis, one notification, at most 1,020 AWS calls', async () => {
    const s = SCENARIOS['vpc-endpoint-missing'];
    s.mock([taskEvent(s, 1)]); // the first is diagnosed (and read back); the 999 others are only counted
    const table = await ddb.createTable();
    dynamo.resetCalls();
    const log = recordingLog();
    const results: PipelineResult[] = [];

    for (let i = 0; i < 1_000; i++)
      results.push(await invoke(s, table, { event: taskEvent(s, 1 + i), now: at(i * 1_000), log }));

    expect(statuses(results)).toEqual({ notified: 1, suppressed: 999 });
    expect(log.lines.filter((l) => l.message === 'diagnosed')).toHaveLength(1);
    expect(published()).toHaveLength(1);
    const total = dynamo.calls().length + nonDynamoCommands().length;
    expect(total).toBeLessThanOrEqual(1_020);
    // Every event costs DynamoDB at least one call; nothing else is called after the first.
    expect(dynamo.calls().length).toBeGreaterThanOrEqual(1_000);
    expect(results[999]).toMatchObject({ status: 'suppressed', count: 1_000 });
  });
});
