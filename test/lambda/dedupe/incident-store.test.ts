import { recordingCalls } from '../../helpers/dynalite';
/**
 * The incident store against a real DynamoDB implementation (dynalite on loopback): real conditional
 * writes (the upsert's if_not_exists and OR condition included), real races between concurrent admit()
 * calls, and the number of DynamoDB calls each kind of event costs.
 */
import { GetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CallContext } from '../../../lambda/aws/call';
import type { Log } from '../../../lambda/log';
import { DynamoIncidentStore } from '../../../lambda/dedupe/incident-store';
import {
  CHANGE_RECORD_TTL_SECONDS,
  TTL_AFTER_WINDOW_SECONDS,
  deliveryHash,
  incidentIdOf,
  incidentPk,
} from '../../../lambda/dedupe/incident-keys';
import type { Admission, IncidentKey } from '../../../lambda/dedupe/types';
import { startDynalite, type DynaliteHandle } from '../../helpers/dynalite';

let ddb: DynaliteHandle;
let client: DynamoDBClient;
let seq = 0;

beforeAll(async () => {
  ddb = await startDynalite();
  client = ddb.client;
});
afterAll(async () => {
  await ddb.stop();
});

/** A key unique to each test, so tests share the table without seeing each other's items. */
function keyFor(overrides: Partial<IncidentKey> = {}): IncidentKey {
  return {
    account: '123456789012',
    region: 'ap-northeast-1',
    cluster: `prod-${++seq}`,
    scope: 'service:api',
    hint: 'network',
    ...overrides,
  };
}

const T0 = new Date('2026-11-25T10:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const delivery = (i: number, version = 3) =>
  `arn:aws:ecs:ap-northeast-1:123456789012:task/prod/${String(i).padStart(32, '0')}#${version}`;

function recordingStore(options: ConstructorParameters<typeof DynamoIncidentStore>[3] = {}) {
  const { log, warnings, contexts, newContext } = recordingCalls();
  const store = new DynamoIncidentStore(client, ddb.tableName, newContext, { log, ...options });
  return { store, contexts, warnings, lastCalls: () => contexts[contexts.length - 1]!.calls.map((c) => c.api) };
}

async function readItem(key: IncidentKey) {
  const out = await client.send(
    new GetItemCommand({ TableName: ddb.tableName, Key: { pk: { S: incidentPk(key) } }, ConsistentRead: true }),
  );
  return out.Item!;
}

/** Every DynamoDB call of every admit()/complete()/release() of a recording store. */
const allCalls = (contexts: CallContext[]) => contexts.flatMap((c) => c.calls.map((call) => call.api));

const kinds = (as: Admission[]) =>
  as.reduce<Record<string, number>>((acc, a) => {
    acc[a.kind] = (acc[a.kind] ?? 0) + 1;
    return acc;
  }, {});

describe('DynamoIncidentStore.admit', () => {
  it('makes the first event of an incident the owner and stores the window, TTL and count', async () => {
    const { store } = recordingStore();
    const key = keyFor();

    const a = await store.admit(key, delivery(1), T0, 60);

    expect(a).toEqual({
      kind: 'first',
      incidentId: incidentIdOf(key, T0.toISOString()),
      firstSeenAt: T0.toISOString(),
      count: 1,
      // The claim: this delivery's hash and an invocation suffix (no lease asked for: held until complete/release).
      claim: { holder: expect.stringMatching(new RegExp(`^${deliveryHash(delivery(1))}\\.[0-9a-f]{8}$`)) },
    });
    expect(a.incidentId).toMatch(/^inc-[0-9a-f]{12}$/);
    const item = await readItem(key);
    expect(item.windowEndsAt!.N).toBe(String(T0.getTime() + 60 * 60_000));
    expect(item.expiresAt!.N).toBe(String((T0.getTime() + 60 * 60_000) / 1000 + TTL_AFTER_WINDOW_SECONDS));
    expect(item.status!.S).toBe('handling');
    expect(item.eventCount!.N).toBe('1');
    expect(item.recentDeliveries!.SS).toEqual([deliveryHash(delivery(1))]);
  });

  it('admits exactly one of 50 concurrent events of a new incident, counts all of them, in one call each', async () => {
    const { store, contexts } = recordingStore();
    const key = keyFor();

    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.admit(key, delivery(i), T0, 60)));

    expect(kinds(results)).toEqual({ first: 1, suppressed: 49 });
    const ids = new Set(results.map((r) => r.incidentId));
    expect(ids.size).toBe(1);
    expect(Math.max(...results.map((r) => ('count' in r ? r.count : 0)))).toBe(50);
    expect((await readItem(key)).eventCount!.N).toBe('50');
    // The racers that lose the creation are counted by the same upsert: no read, no retry.
    expect(allCalls(contexts)).toHaveLength(50);
    expect(new Set(allCalls(contexts))).toEqual(new Set(['dynamodb:UpdateItem']));
  });

  it('keeps the creation fields of the first writer when racers carry other times', async () => {
    const { store } = recordingStore();
    const key = keyFor();

    // 30 events of a new incident, each with its own time (1 ms apart), all at once.
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => store.admit(key, delivery(i), new Date(T0.getTime() + i), 60)),
    );

    const first = results.find((a) => a.kind === 'first') as Extract<Admission, { kind: 'first' }>;
    expect(kinds(results)).toEqual({ first: 1, suppressed: 29 });
    expect(first.incidentId).toBe(incidentIdOf(key, first.firstSeenAt));
    expect(new Set(results.map((r) => r.incidentId))).toEqual(new Set([first.incidentId]));
    const item = await readItem(key);
    expect(item.firstSeenAt!.S).toBe(first.firstSeenAt);
    expect(item.incidentId!.S).toBe(first.incidentId);
    expect(item.windowEndsAt!.N).toBe(String(new Date(first.firstSeenAt).getTime() + 60 * 60_000));
    expect(item.notices!.N).toBe('0');
    expect([item.account!.S, item.region!.S, item.cluster!.S, item.scope!.S, item.hint!.S]).toEqual([
      key.account,
      key.region,
      key.cluster,
      key.scope,
      key.hint,
    ]);
  });

  it('costs exactly one DynamoDB call per storm event once the incident exists', async () => {
    const { store, lastCalls } = recordingStore();
    const key = keyFor();
    await store.admit(key, delivery(1), T0, 60);

    for (let i = 2; i <= 20; i++) {
      const a = await store.admit(key, delivery(i), minutes(i), 60);
      expect(a).toMatchObject({ kind: 'suppressed', count: i });
      expect(lastCalls()).toEqual(['dynamodb:UpdateItem']);
    }
  });

  it('costs one call for the first event (the upsert creates the item)', async () => {
    const { store, lastCalls } = recordingStore();
    await store.admit(keyFor(), delivery(1), T0, 60);
    expect(lastCalls()).toEqual(['dynamodb:UpdateItem']);
  });

  it('costs two calls for a duplicate and three for a reminder', async () => {
    const { store, lastCalls } = recordingStore();
    const key = keyFor();
    const owner = await store.admit(key, delivery(1), T0, 60);
    await store.complete(key, owner.incidentId!, { cause: 'image-not-found', action: 'proposed' });

    expect((await store.admit(key, delivery(1), minutes(1), 60)).kind).toBe('duplicate');
    expect(lastCalls()).toEqual(['dynamodb:UpdateItem', 'dynamodb:GetItem']);
    expect((await store.admit(key, delivery(2), minutes(61), 60)).kind).toBe('reminder');
    expect(lastCalls()).toEqual(['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem']);
  });

  it('reports a redelivered event as a duplicate without counting it', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    await store.admit(key, delivery(1), T0, 60);
    await store.admit(key, delivery(2), minutes(1), 60);

    const dupOfFirst = await store.admit(key, delivery(1), minutes(2), 60);
    const dupOfSecond = await store.admit(key, delivery(2), minutes(3), 60);

    expect(dupOfFirst).toEqual({ kind: 'duplicate', incidentId: incidentIdOf(key, T0.toISOString()) });
    expect(dupOfSecond.kind).toBe('duplicate');
    expect((await readItem(key)).eventCount!.N).toBe('2');
  });

  it('treats a new detail.version of the same task as a new delivery', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    await store.admit(key, delivery(1, 3), T0, 60);
    expect((await store.admit(key, delivery(1, 4), minutes(1), 60)).kind).toBe('suppressed');
  });

  it('sends exactly one reminder among concurrent callers after the window expires, with the cumulative count', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    await store.admit(key, delivery(0), T0, 60);
    for (let i = 1; i < 10; i++) await store.admit(key, delivery(i), minutes(i), 60);
    await store.complete(key, incidentIdOf(key, T0.toISOString()), {
      cause: 'network-no-route',
      action: 'proposed',
      messageId: 'm-1',
    });

    const later = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.admit(key, delivery(100 + i), minutes(61), 60)),
    );

    expect(kinds(later)).toEqual({ reminder: 1, suppressed: 19 });
    const reminder = later.find((a) => a.kind === 'reminder')!;
    expect(reminder).toMatchObject({
      incidentId: incidentIdOf(key, T0.toISOString()),
      firstSeenAt: T0.toISOString(),
      previousCause: 'network-no-route',
    });
    expect((reminder as { count: number }).count).toBeGreaterThanOrEqual(11);
    const item = await readItem(key);
    expect(item.eventCount!.N).toBe('30');
    expect(item.windowEndsAt!.N).toBe(String(minutes(61 + 60).getTime()));
  });

  it('keeps what changed with the result, for the reminder (found or none; never a failed lookup)', async () => {
    const { store } = recordingStore();
    const key = keyFor({ scope: 'service:what-changed' });
    const change = {
      status: 'found' as const,
      eventId: 'e-delete-vpce-dkr',
      eventName: 'DeleteVpcEndpoints',
      eventTime: '2026-11-25T09:57:00.000Z',
      actor: 'arn:aws:sts::123456789012:assumed-role/ops-admin/alice',
      resource: 'vpce-0d1d2d3d4d5d6d7d8 (ecr.dkr)',
      minutesBefore: 3,
    };
    await store.admit(key, delivery(0), T0, 60);
    await store.complete(key, incidentIdOf(key, T0.toISOString()), {
      cause: 'network-no-route',
      action: 'proposed',
      change,
    });
    const reminder = await store.admit(key, delivery(1), minutes(61), 60);
    expect(reminder).toMatchObject({ kind: 'reminder', previousChange: change });

    const other = keyFor({ scope: 'service:what-changed-unchecked' });
    await store.admit(other, delivery(0), T0, 60);
    await store.complete(other, incidentIdOf(other, T0.toISOString()), {
      cause: 'network-no-route',
      action: 'proposed',
      change: { status: 'unchecked', reason: 'cloudtrail:LookupEvents: ThrottlingException' },
    });
    const again = await store.admit(other, delivery(1), minutes(61), 60);
    expect(again.kind).toBe('reminder');
    expect(again).not.toHaveProperty('previousChange');
  });

  it('separates incidents by scope, hint, cluster, region and account', async () => {
    const { store } = recordingStore();
    const base = keyFor();
    const variants: IncidentKey[] = [
      base,
      { ...base, scope: 'service:worker' },
      { ...base, scope: 'family:api' },
      { ...base, hint: 'permissions' },
      { ...base, cluster: `${base.cluster}-b` },
      { ...base, region: 'us-east-1' },
      { ...base, account: '210987654321' },
    ];

    const results = await Promise.all(variants.map((k, i) => store.admit(k, delivery(i), T0, 60)));

    expect(results.map((r) => r.kind)).toEqual(variants.map(() => 'first'));
    expect(new Set(results.map((r) => r.incidentId)).size).toBe(variants.length);
  });

  it('lets the next event become the first after the owner releases the incident before notifying', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    const owner = await store.admit(key, delivery(1), T0, 60);
    expect((await store.admit(key, delivery(2), minutes(1), 60)).kind).toBe('suppressed');

    await store.release(key, owner.incidentId!);
    const next = await Promise.all([
      store.admit(key, delivery(3), minutes(2), 60),
      store.admit(key, delivery(4), minutes(2), 60),
    ]);

    expect(kinds(next)).toEqual({ first: 1, suppressed: 1 });
    expect(next.find((a) => a.kind === 'first')).toMatchObject({
      incidentId: owner.incidentId,
      firstSeenAt: T0.toISOString(),
    });
  });

  it('lets the retry of the released delivery itself become the first (it is not a duplicate)', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    const owner = await store.admit(key, delivery(1), T0, 60);
    expect((await store.admit(key, delivery(1), minutes(1), 60)).kind).toBe('duplicate');

    await store.release(key, owner.incidentId!, delivery(1));
    const retry = await store.admit(key, delivery(1), minutes(2), 60);

    expect(retry).toMatchObject({ kind: 'first', incidentId: owner.incidentId });
  });

  it('makes the next event a reminder (not a first) when a reminder owner releases', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    const owner = await store.admit(key, delivery(1), T0, 60);
    await store.complete(key, owner.incidentId!, { cause: 'image-not-found', action: 'proposed' });
    const reminder = await store.admit(key, delivery(2), minutes(61), 60);
    expect(reminder.kind).toBe('reminder');

    await store.release(key, reminder.incidentId!);

    expect((await store.admit(key, delivery(3), minutes(62), 60)).kind).toBe('reminder');
  });

  it('starts a new incident once the item is past its TTL but not yet deleted', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    const old = await store.admit(key, delivery(1), T0, 60);

    const muchLater = new Date(T0.getTime() + (60 * 60 + TTL_AFTER_WINDOW_SECONDS + 1) * 1000);
    const again = await store.admit(key, delivery(2), muchLater, 60);

    expect(again).toMatchObject({ kind: 'first', count: 1, firstSeenAt: muchLater.toISOString() });
    expect(again.incidentId).not.toBe(old.incidentId);
  });

  it('records the outcome with complete() and ignores complete/release for an id that no longer owns the item', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    const a = await store.admit(key, delivery(1), T0, 60);

    await store.complete(key, a.incidentId!, { cause: 'network-no-route', action: 'fixed', messageId: 'msg-123' });
    await store.release(key, 'inc-000000000000');

    const item = await readItem(key);
    expect(item.cause!.S).toBe('network-no-route');
    expect(item.action!.S).toBe('fixed');
    expect(item.messageId!.S).toBe('msg-123');
    expect(item.status!.S).toBe('notified');
    expect(item.notices!.N).toBe('1');
    expect(item.windowEndsAt!.N).not.toBe('0');
  });

  it('rotates the delivery set with one more call when an event brings it to the cap', async () => {
    const { store, lastCalls } = recordingStore({ deliveryCap: 5 });
    const key = keyFor();
    for (let i = 1; i <= 4; i++) await store.admit(key, delivery(i), minutes(i), 60);

    const fifth = await store.admit(key, delivery(5), minutes(5), 60);
    expect(fifth).toMatchObject({ kind: 'suppressed', count: 5 });
    expect(lastCalls()).toEqual(['dynamodb:UpdateItem', 'dynamodb:UpdateItem']);
    expect((await readItem(key)).recentDeliveries!.SS).toEqual([deliveryHash(delivery(5))]);

    const sixth = await store.admit(key, delivery(6), minutes(6), 60);
    expect(sixth).toMatchObject({ kind: 'suppressed', count: 6 });
    expect(lastCalls()).toEqual(['dynamodb:UpdateItem']);
    expect((await store.admit(key, delivery(5), minutes(7), 60)).kind).toBe('duplicate');
    // Forgotten by the rotation: a very late redelivery is counted again (documented, harmless).
    expect(await store.admit(key, delivery(1), minutes(8), 60)).toMatchObject({ kind: 'suppressed', count: 7 });
  });

  it.each([
    ['one at a time', 1],
    ['50 at once', 50],
  ])('counts 1,200 events of one incident with cap 500 %s in at most 1,203 calls', async (_label, concurrency) => {
    const { store, contexts, warnings } = recordingStore({ deliveryCap: 500 });
    const key = keyFor();
    const results: Admission[] = [];
    let next = 0;
    const worker = async () => {
      while (next < 1_200) {
        const i = next++;
        results.push(await store.admit(key, delivery(i), new Date(T0.getTime() + i * 1_000), 60));
      }
    };

    await Promise.all(Array.from({ length: concurrency }, worker));

    expect(warnings).toEqual([]); // no call failed (a failure would fail open and make a second 'first')
    expect(kinds(results)).toEqual({ first: 1, suppressed: 1_199 });
    expect((await readItem(key)).eventCount!.N).toBe('1200');
    // 1,200 upserts + one rotation at each crossing of the cap (2 here).
    expect(allCalls(contexts).length).toBeLessThanOrEqual(1_200 + 3);
    expect(allCalls(contexts).filter((c) => c !== 'dynamodb:UpdateItem')).toEqual([]);
    expect((await readItem(key)).recentDeliveries!.SS!.length).toBeLessThan(500);
  });

  it('keeps the event counted when a rotation fails, logs it, and rotates at the next multiple of the cap', async () => {
    const warnings: Array<{ message: string } & Record<string, unknown>> = [];
    const log: Log = {
      debug() {},
      info() {},
      error() {},
      warn: (message, ...extra) => warnings.push(Object.assign({ message }, ...extra)),
    };
    let failRotations = 1;
    // The real table, except that the first rotation attempt is throttled.
    const flaky = {
      send: (command: { input: { UpdateExpression?: string } }, options?: unknown) => {
        if (command.input.UpdateExpression?.startsWith('SET recentDeliveries = :justThis') && failRotations-- > 0) {
          return Promise.reject(
            Object.assign(new Error('Rate exceeded'), {
              name: 'ThrottlingException',
              $metadata: { httpStatusCode: 400 },
            }),
          );
        }
        return (client.send as (c: unknown, o?: unknown) => Promise<unknown>).call(client, command, options);
      },
    } as unknown as DynamoDBClient;
    const store = new DynamoIncidentStore(flaky, ddb.tableName, undefined, { deliveryCap: 3, log });
    const key = keyFor();

    const results: Admission[] = [];
    for (let i = 1; i <= 6; i++) results.push(await store.admit(key, delivery(i), minutes(i), 60));

    expect(results.map((r) => r.kind)).toEqual([
      'first',
      'suppressed',
      'suppressed',
      'suppressed',
      'suppressed',
      'suppressed',
    ]);
    expect(results[2]).toMatchObject({ count: 3 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ incidentPk: incidentPk(key), size: 3 });
    expect(warnings[0]!.degraded).toBeUndefined();
    expect((await readItem(key)).recentDeliveries!.SS).toEqual([deliveryHash(delivery(6))]);
  });
});

describe('DynamoIncidentStore when DynamoDB fails', () => {
  function failingStore() {
    const warnings: Array<Record<string, unknown>> = [];
    const log: Log = {
      debug() {},
      info() {},
      error() {},
      warn: (_m, ...extra) => warnings.push(Object.assign({}, ...extra)),
    };
    // Nothing listens on port 9: every call fails fast with a connection error.
    const client = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake' },
      maxAttempts: 1,
    });
    return { store: new DynamoIncidentStore(client, 'incidents', undefined, { log }), warnings, client };
  }

  it('fails open: the first event is handled, flagged as degraded in the log', async () => {
    const { store, warnings, client } = failingStore();
    const key = keyFor();

    const a = await store.admit(key, delivery(1), T0, 60);

    expect(a).toMatchObject({ kind: 'first', count: 1, firstSeenAt: T0.toISOString() });
    expect(warnings[0]).toMatchObject({ degraded: true, incidentPk: incidentPk(key) });
    client.destroy();
  });

  it('suppresses later events of the same incident in the same container so an outage is no storm', async () => {
    const { store, client } = failingStore();
    const key = keyFor();
    const first = await store.admit(key, delivery(1), T0, 60);

    const second = await store.admit(key, delivery(2), minutes(1), 60);
    const other = await store.admit({ ...key, hint: 'image' }, delivery(3), minutes(1), 60);
    const afterWindow = await store.admit(key, delivery(4), minutes(61), 60);

    expect(second).toEqual({ kind: 'suppressed', incidentId: first.incidentId, count: 2 });
    expect(other.kind).toBe('first');
    expect(afterWindow.kind).toBe('first');
    client.destroy();
  });

  it('never throws from complete() or release()', async () => {
    const { store, warnings, client } = failingStore();
    const key = keyFor();
    await expect(store.complete(key, 'inc-1', { cause: 'unknown', action: 'proposed' })).resolves.toBeUndefined();
    await expect(store.release(key, 'inc-1')).resolves.toBeUndefined();
    expect(warnings).toHaveLength(2);
    client.destroy();
  });
});

describe('DynamoIncidentStore leases (issue 14): a claim is held until its lease runs out, not forever', () => {
  const LEASE = { leaseMs: 90_000 };
  const seconds = (n: number) => new Date(T0.getTime() + n * 1_000);
  const change = {
    autoFix: 'AutoFixVpcEndpoints',
    startedAt: seconds(5).toISOString(),
    intended: [
      {
        stepId: 'create-endpoint-s3',
        action: 'ec2:CreateVpcEndpoint',
        resource: 'vpc-0b5e3f4a1c2d3e4f5',
        clientToken: 'tok-1',
      },
    ],
  };

  it('records the holder and lease on the claim; a redelivery during the lease is a duplicate, after it a takeover', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    const owner = await store.admit(key, delivery(1), T0, 60, LEASE);
    const item = await readItem(key);
    expect(item.holder!.S).toBe((owner as { claim: { holder: string } }).claim.holder);
    expect(item.leaseUntil!.N).toBe(String(T0.getTime() + 90_000));

    expect((await store.admit(key, delivery(1), seconds(30), 60, LEASE)).kind).toBe('duplicate');
    expect((await store.admit(key, delivery(2), seconds(60), 60, LEASE)).kind).toBe('suppressed');
    const retry = await store.admit(key, delivery(1), seconds(91), 60, LEASE);

    expect(retry).toMatchObject({
      kind: 'first',
      incidentId: owner.incidentId,
      takeover: { leaseEndedAt: seconds(90).toISOString() },
    });
    const after = await readItem(key);
    expect(after.holder!.S).not.toBe(item.holder!.S);
    expect(after.leaseUntil!.N).toBe(String(seconds(91).getTime() + 90_000));
    expect(after.eventCount!.N).toBe('2'); // the redelivery is not counted again
  });

  it('lets exactly one of 5 concurrent events take over an abandoned claim, with the earlier attempt’s change', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    const owner = await store.admit(key, delivery(1), T0, 60, LEASE);
    expect(await store.recordChange(key, owner.incidentId!, change)).toBe('recorded');

    const racers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => store.admit(key, delivery(10 + i), seconds(120), 60, LEASE)),
    );

    expect(kinds(racers)).toEqual({ first: 1, suppressed: 4 });
    expect(racers.find((a) => a.kind === 'first')).toMatchObject({
      incidentId: owner.incidentId,
      takeover: { change },
    });
    expect((await readItem(key)).takeovers!.N).toBe('1');
  });

  it('never takes over a notified claim, and reports a change only until a message has named it', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    const owner = await store.admit(key, delivery(1), T0, 60, LEASE);
    await store.recordChange(key, owner.incidentId!, change);
    await store.complete(key, owner.incidentId!, { cause: 'vpc-endpoint-missing', action: 'fixed', messageId: 'm-1' });

    expect((await store.admit(key, delivery(2), seconds(200), 60, LEASE)).kind).toBe('suppressed');
    expect((await store.admit(key, delivery(1), seconds(201), 60, LEASE)).kind).toBe('duplicate');
    // The reminder's holder is killed too: its takeover has nothing unreported to tell.
    const reminder = await store.admit(key, delivery(3), minutes(61), 60, LEASE);
    expect(reminder).toMatchObject({ kind: 'reminder' });
    const taken = await store.admit(key, delivery(4), new Date(minutes(61).getTime() + 91_000), 60, LEASE);
    expect(taken).toMatchObject({ kind: 'reminder', takeover: {} });
    expect((taken as { takeover?: { change?: unknown } }).takeover!.change).toBeUndefined();
  });

  it('records an intent only for the invocation that holds the claim (one that lost it starts no fix, and leaves no audit copy)', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    const owner = await store.admit(key, delivery(1), T0, 60, LEASE);
    const taker = await store.admit(key, delivery(2), seconds(120), 60, LEASE);
    expect(taker).toMatchObject({ kind: 'first', takeover: {} });
    const oldHolder = (owner as { claim: { holder: string } }).claim.holder;
    const lateIntent = { ...change, startedAt: '2026-11-25T10:05:00.000Z' };

    expect(await store.recordChange(key, owner.incidentId!, lateIntent, oldHolder)).toBe('unavailable');
    expect(
      await store.recordChange(key, owner.incidentId!, change, (taker as { claim: { holder: string } }).claim.holder),
    ).toBe('recorded');
    const audit = await client.send(
      new GetItemCommand({
        TableName: ddb.tableName,
        Key: { pk: { S: `change#${owner.incidentId}#${lateIntent.startedAt}` } },
        ConsistentRead: true,
      }),
    );
    expect(audit.Item).toBeUndefined();
  });

  it('keeps an audit copy of each change record with a long TTL', async () => {
    const { store } = recordingStore();
    const key = keyFor();
    const owner = await store.admit(key, delivery(1), T0, 60, LEASE);
    await store.recordChange(key, owner.incidentId!, change);

    const out = await client.send(
      new GetItemCommand({
        TableName: ddb.tableName,
        Key: { pk: { S: `change#${owner.incidentId}#${change.startedAt}` } },
        ConsistentRead: true,
      }),
    );
    expect(JSON.parse(out.Item!.changeRecord!.S!)).toEqual(change);
    expect(Number(out.Item!.expiresAt!.N)).toBe(
      Math.floor(Date.parse(change.startedAt) / 1000) + CHANGE_RECORD_TTL_SECONDS,
    );
  });
});
