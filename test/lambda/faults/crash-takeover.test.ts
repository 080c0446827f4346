/**
 * Issue 14: no incident lost, no change unreported. An invocation is killed (timeout, out of memory) after
 * it claimed the incident — its publish never returns and nothing after it runs: simulated by a publish
 * promise that never settles and is abandoned. The store is REAL (dynalite: conditional writes, leases);
 * AWS is the scenario's strict mocks (the auto-fix's writes change their state, so a re-read sees them).
 *
 *   - the redelivery after the lease, or the next event of the incident, sends exactly one notification,
 *     which names the change the killed attempt made; no second fix;
 *   - killed between the fix's writes and recording them: the change is reported, not re-applied;
 *   - a fix that would eat the time reserve for notifying is not started, and the message says so.
 */
import { PublishCommand, type PublishCommandInput } from '@aws-sdk/client-sns';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoIncidentStore } from '../../../lambda/dedupe/incident-store';
import { runPipeline } from '../../../lambda/pipeline';
import { RESERVE_AFTER_APPLY_MS, type PipelineDeps } from '../../../lambda/pipeline-contract';
import { AttachRolePolicyCommand } from '@aws-sdk/client-iam';
import { awsError, mocks, writeCommands } from '../../helpers/aws-mocks';
import { startDynalite, type DynaliteHandle } from '../../helpers/dynalite';
import { emailOf, harnessDeps, recordingLog } from '../../helpers/pipeline-harness';
import { clearCallHistory, SCENARIOS, type Scenario } from '../../helpers/scenarios';
import { bypassMocks, type CountedClient } from '../../helpers/unmocked';

let ddb: DynaliteHandle;
let dynamo: CountedClient<DynaliteHandle['client']>;
beforeAll(async () => {
  ddb = await startDynalite();
  dynamo = bypassMocks(ddb.client);
});
afterAll(async () => {
  await ddb.stop();
});

const T0 = new Date('2026-11-25T10:02:00.000Z');
const at = (ms: number) => () => new Date(T0.getTime() + ms);
/** After the claim's lease (90 s when the time left is unknown, the stack's FUNCTION_TIMEOUT). */
const AFTER_LEASE = 91_000;
const s = SCENARIOS['execution-role-ecr-permissions'];

/** The scenario's event for task number `n` (its own task ARN). */
function taskEvent(sc: Scenario, n: number): any {
  const e = sc.event as any;
  const arn = String(e.detail.taskArn).replace(/[0-9a-f]{32}$/, n.toString(16).padStart(32, '0'));
  e.detail.taskArn = arn;
  e.resources = [arn];
  for (const c of e.detail.containers ?? []) if (c.taskArn) c.taskArn = arn;
  return e;
}

const published = (): PublishCommandInput[] => mocks.sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

/** One invocation (a fresh store, as a separate container) on the shared table; auto-fix on unless `autoFix: false`. */
function deps(
  table: string,
  now: () => Date,
  extra: Partial<PipelineDeps> = {},
  client: DynamoDBClient = dynamo.client,
  autoFix = true,
): PipelineDeps {
  const log = recordingLog();
  return {
    ...harnessDeps({
      store: new DynamoIncidentStore(client, table, undefined, { log }),
      log,
      now,
      config: { region: s.region, autoFixExecutionRolePolicy: autoFix },
    }),
    ...extra,
  };
}

/** Runs an invocation that is killed when it publishes: the promise is abandoned, nothing after the publish runs. */
async function killedAtPublish(table: string, event: unknown, autoFix = true): Promise<void> {
  let reached!: () => void;
  const publishing = new Promise<void>((resolve) => (reached = resolve));
  void runPipeline(
    event,
    deps(
      table,
      at(0),
      {
        publish: () => {
          reached();
          return new Promise(() => undefined);
        },
      },
      dynamo.client,
      autoFix,
    ),
  );
  await publishing;
}

describe('an invocation killed after it claimed the incident', () => {
  it('without a fix: the redelivery after the lease sends the one notification (during the lease it is a duplicate)', async () => {
    s.mock();
    const table = await ddb.createTable();
    await killedAtPublish(table, s.event, false);

    const early = await runPipeline(s.event, deps(table, at(30_000), {}, dynamo.client, false));
    const retry = await runPipeline(s.event, deps(table, at(AFTER_LEASE), {}, dynamo.client, false));
    const later = await runPipeline(taskEvent(s, 7), deps(table, at(AFTER_LEASE + 1_000), {}, dynamo.client, false));

    expect(early.status).toBe('duplicate');
    expect(retry).toMatchObject({ status: 'notified', role: 'first' });
    expect(later.status).toBe('suppressed');
    expect(published()).toHaveLength(1);
    expect(emailOf(published()[0]!)).toContain('An earlier attempt of this incident stopped before it could notify');
  });

  it('after its fix: the redelivery reports the change as the earlier attempt’s and applies nothing again', async () => {
    s.mock();
    const table = await ddb.createTable();
    await killedAtPublish(table, s.event);
    expect(writeCommands()).toEqual(['iam:AttachRolePolicy']);
    clearCallHistory();

    const retry = await runPipeline(s.event, deps(table, at(AFTER_LEASE)));

    expect(retry).toMatchObject({ status: 'notified', role: 'first' });
    expect(writeCommands()).toEqual([]);
    expect(published()).toHaveLength(1);
    const text = emailOf(published()[0]!);
    expect(text).toContain('(iam:AttachRolePolicy) at 10:02 UTC, by an earlier attempt of this incident');
    expect(text).toContain('An earlier attempt of this incident changed your account at 10:02 UTC');
  });

  it('after its fix: of 5 next events arriving at once after the lease, one notifies, naming the change; no second fix', async () => {
    const others = Array.from({ length: 5 }, (_, i) => taskEvent(s, 20 + i));
    s.mock(others);
    const table = await ddb.createTable();
    await killedAtPublish(table, s.event);
    clearCallHistory();

    const results = await Promise.all(others.map((e) => runPipeline(e, deps(table, at(AFTER_LEASE)))));

    expect(results.map((r) => r.status).sort()).toEqual([
      'notified',
      'suppressed',
      'suppressed',
      'suppressed',
      'suppressed',
    ]);
    expect(writeCommands()).toEqual([]);
    expect(published()).toHaveLength(1);
    expect(emailOf(published()[0]!)).toContain('by an earlier attempt of this incident');
  });

  it('between the fix’s writes and recording them: the next attempt reports the intended change and re-applies nothing', async () => {
    s.mock();
    const table = await ddb.createTable();
    // The kill lands right after the writes: the record of what was done never reaches the table.
    const killedAfterWrites = {
      send: (
        command: { input: { UpdateExpression?: string; ExpressionAttributeValues?: Record<string, { S?: string }> } },
        options?: unknown,
      ) =>
        command.input.UpdateExpression?.startsWith('SET changeRecord') &&
        command.input.ExpressionAttributeValues?.[':rec']?.S?.includes('"done"')
          ? new Promise(() => undefined)
          : (dynamo.client.send as (c: unknown, o?: unknown) => Promise<unknown>).call(dynamo.client, command, options),
    } as unknown as DynamoDBClient;
    let fixed!: () => void;
    const wrote = new Promise<void>((resolve) => (fixed = resolve));
    const poll = setInterval(() => writeCommands().length > 0 && fixed(), 5);
    void runPipeline(s.event, deps(table, at(0), {}, killedAfterWrites));
    await wrote;
    clearInterval(poll);
    await new Promise((r) => setTimeout(r, 50));
    expect(published()).toHaveLength(0);
    clearCallHistory();

    const retry = await runPipeline(s.event, deps(table, at(AFTER_LEASE)));

    expect(retry).toMatchObject({ status: 'notified', role: 'first' });
    expect(writeCommands()).toEqual([]);
    expect(published()).toHaveLength(1);
    const text = emailOf(published()[0]!);
    expect(text).toContain(
      'An earlier attempt of this incident started the automatic fix at 10:02 UTC and stopped before recording what it did',
    );
    expect(text).toContain('iam:AttachRolePolicy on ');
  });
});

describe('an invocation killed after its fix failed', () => {
  it('the redelivery says the earlier fix failed (not "already applied") and does not start it again', async () => {
    s.mock();
    mocks.iam
      .on(AttachRolePolicyCommand)
      .rejects(awsError('AccessDenied', 403, 'not authorized to perform: iam:AttachRolePolicy'));
    const table = await ddb.createTable();
    await killedAtPublish(table, s.event);
    expect(writeCommands()).toEqual(['iam:AttachRolePolicy']);
    clearCallHistory();

    const retry = await runPipeline(s.event, deps(table, at(AFTER_LEASE)));

    expect(retry).toMatchObject({
      status: 'notified',
      role: 'first',
      outcome: { kind: 'proposed', reason: 'failed-in-earlier-attempt' },
    });
    expect(writeCommands()).toEqual([]);
    const text = emailOf(published()[0]!);
    expect(text).toContain(
      'An earlier attempt of this incident started the automatic fix at 10:02 UTC; it failed before changing anything',
    );
    expect(text).toContain('it is not started again without a person looking');
    expect(text).not.toContain('already applied');
  });
});

describe('the time reserve', () => {
  it('does not start a fix that would eat the reserve for notifying; the message says so', async () => {
    s.mock();
    const invokedAt = Date.now();
    const result = await runPipeline(
      s.event,
      harnessDeps({
        config: { region: s.region, autoFixExecutionRolePolicy: true },
        remainingMs: () => RESERVE_AFTER_APPLY_MS + 100 - (Date.now() - invokedAt),
      }),
    );

    expect(result).toMatchObject({ status: 'notified', outcome: { kind: 'proposed', reason: 'no-time' } });
    expect(writeCommands()).toEqual([]);
    expect(emailOf(published()[0]!)).toContain('The automatic fix was not started for lack of time');
  });
});
