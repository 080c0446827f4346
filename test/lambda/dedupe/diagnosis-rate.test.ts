import { recordingCalls } from '../../helpers/dynalite';
/**
 * The per-account cap on full diagnoses against a real DynamoDB implementation (dynalite on loopback):
 * real conditional writes, real races between concurrent admit() calls, minute and surge boundaries,
 * the summary's lease and its takeover, the calls each kind of incident costs.
 */
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Log } from '../../../lambda/log';
import { DynamoDiagnosisRate, LISTED_MAX, SURGE_MS } from '../../../lambda/dedupe/diagnosis-rate';
import { entryKey, ratePk } from '../../../lambda/dedupe/rate-item';
import type { RateAdmission, RateEntry } from '../../../lambda/dedupe/types';
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

const REGION = 'ap-northeast-1';
/** An account unique to each test, so tests share the table without seeing each other's items. */
const nextAccount = () => String(100_000_000_000 + ++seq);
/** 10:00:07 UTC: a minute starts at 10:00:00. */
const T0 = Date.parse('2026-11-25T10:00:07.000Z');
const at = (ms: number) => new Date(T0 + ms);
const entry = (i: number, text = 'CannotPullContainerError: dial tcp <ip>: i/o timeout'): RateEntry => ({
  where: `prod/svc-${i}`,
  text,
});
const LEASE = 60_000;

/** Which request a DynamoDB command of the rate store is, from its expressions (rate-expressions.ts). */
function requestOf(input: { UpdateExpression?: string }, name: string): string {
  const u = input.UpdateExpression ?? '';
  if (name === 'GetItemCommand') return 'read';
  if (u.startsWith('SET rateMinute')) return 'reset';
  if (u.includes('ADD admitted')) return 'under-cap';
  if (u.startsWith('ADD countedTotal')) return 'count';
  if (u.includes('surgeId = :sid')) return 'start-surge';
  return u || name;
}

function recordingRate() {
  const { log, warnings, contexts, newContext } = recordingCalls();
  // The same client, recording which request each call was (the CallContext records only the API's name).
  const requests: string[] = [];
  const spy = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: { input: { UpdateExpression?: string }; constructor: { name: string } }, ...rest: unknown[]) => {
        requests.push(requestOf(command.input, command.constructor.name));
        return (target.send as (...a: unknown[]) => unknown)(command, ...rest);
      };
    },
  });
  const rate = new DynamoDiagnosisRate(spy, ddb.tableName, newContext, log);
  return {
    rate,
    warnings,
    lastCalls: () => contexts[contexts.length - 1]!.calls.map((c) => c.api),
    /** The requests since the previous call of takeRequests(). */
    takeRequests: () => requests.splice(0),
  };
}

const kinds = (rs: RateAdmission[]) =>
  rs.reduce<Record<string, number>>((acc, r) => {
    acc[r.kind] = (acc[r.kind] ?? 0) + 1;
    return acc;
  }, {});

async function readItem(account: string) {
  const out = await client.send(
    new GetItemCommand({ TableName: ddb.tableName, Key: { pk: { S: ratePk(account, REGION) } }, ConsistentRead: true }),
  );
  return out.Item!;
}

describe('DynamoDiagnosisRate.admit', () => {
  it('admits the cap in a minute with one call each (the first of the minute too), then starts ONE surge', async () => {
    const { rate, lastCalls } = recordingRate();
    const account = nextAccount();
    const results: RateAdmission[] = [];
    const calls: string[][] = [];
    for (let i = 0; i < 5; i++) {
      results.push(await rate.admit(account, REGION, entry(i), at(i * 1000), 3, LEASE));
      calls.push(lastCalls());
    }
    expect(results.map((r) => r.kind)).toEqual(['full', 'full', 'full', 'summarize', 'counted']);
    // The first of the minute resets it at once (before issue 21: a failed under-cap write and a read first).
    expect(calls[0]).toEqual(['dynamodb:UpdateItem']);
    expect(calls[1]).toEqual(['dynamodb:UpdateItem']);
    expect(calls[3]).toEqual(['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem']);
    const surge = results[3] as Extract<RateAdmission, { kind: 'summarize' }>;
    expect(surge.surgeUntil).toBe(T0 + 3000 + SURGE_MS);
    expect(results[4]).toEqual({ kind: 'counted', surgeId: surge.surgeId, surgeUntil: surge.surgeUntil });
  });

  it('under 50 concurrent new incidents: exactly the cap is diagnosed and exactly one invocation summarizes', async () => {
    const { rate } = recordingRate();
    const account = nextAccount();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => rate.admit(account, REGION, entry(i), at(i * 10), 10, LEASE)),
    );
    expect(kinds(results)).toEqual({ full: 10, summarize: 1, counted: 39 });
    const ids = new Set(results.filter((r) => r.kind !== 'full').map((r) => (r as { surgeId: string }).surgeId));
    expect(ids.size).toBe(1);
    const snapshot = await rate.snapshot(account, REGION, [...ids][0]!);
    expect(snapshot!.diagnosed).toHaveLength(10);
    expect(snapshot!.countedTotal).toBe(40);
    expect(snapshot!.counted).toHaveLength(40);
    // Every incident is listed once, as diagnosed or as counted.
    const listed = [...snapshot!.diagnosed, ...snapshot!.counted].map((e) => e.where).sort();
    expect(new Set(listed).size).toBe(50);
  });

  it('tries the reset first only for a minute this container has not seen: a second container pays one call more, once', async () => {
    const account = nextAccount();
    const a = recordingRate();
    const b = recordingRate(); // another warm container of the function, with its own memory
    expect((await a.rate.admit(account, REGION, entry(0), at(0), 5, LEASE)).kind).toBe('full');
    expect(a.lastCalls()).toEqual(['dynamodb:UpdateItem']);
    expect(a.takeRequests()).toEqual(['reset']);
    // B has not seen this minute: its reset fails (A started the minute), the under-cap write counts it.
    expect((await b.rate.admit(account, REGION, entry(1), at(1000), 5, LEASE)).kind).toBe('full');
    expect(b.takeRequests()).toEqual(['reset', 'under-cap']);
    expect((await b.rate.admit(account, REGION, entry(2), at(2000), 5, LEASE)).kind).toBe('full');
    expect(b.takeRequests()).toEqual(['under-cap']);
    // The next minute: A resets it in one call again; the minute counts from one.
    expect((await a.rate.admit(account, REGION, entry(3), at(60_000), 5, LEASE)).kind).toBe('full');
    expect(a.takeRequests()).toEqual(['reset']);
    const item = await readItem(account);
    expect(item.admitted).toEqual({ N: '1' });
    expect(item.seen?.SS).toEqual([expect.stringContaining('svc-3')]);
  });

  it('a reset tried first never ends a surge that is on, and is not tried again while the surge lasts', async () => {
    const account = nextAccount();
    const a = recordingRate();
    const longLease = 10 * 60_000; // the summarizer still holds the summary minutes later: no takeover
    await a.rate.admit(account, REGION, entry(0), at(0), 1, longLease);
    const started = await a.rate.admit(account, REGION, entry(1), at(1000), 1, longLease);
    expect(started.kind).toBe('summarize');
    const surgeId = (started as Extract<RateAdmission, { kind: 'summarize' }>).surgeId;
    // A fresh container in a later minute tries the reset (its condition, no surge on, fails), the under-cap write
    // (fails), reads the surge and is counted in it.
    const b = recordingRate();
    const counted = await b.rate.admit(account, REGION, entry(2), at(2 * 60_000), 1, longLease);
    expect(counted).toMatchObject({ kind: 'counted', surgeId });
    expect(b.takeRequests()).toEqual(['reset', 'under-cap', 'read', 'count']);
    // The surge keeps its first minute on the item; B remembers the surge, not only that minute: no reset again.
    expect(await b.rate.admit(account, REGION, entry(3), at(3 * 60_000), 1, longLease)).toMatchObject({
      kind: 'counted',
      surgeId,
    });
    expect(b.takeRequests()).toEqual(['under-cap', 'read', 'count']);
    // A, which started the surge, never tries the reset during it either.
    a.takeRequests(); // (its requests up to the surge's start)
    expect(await a.rate.admit(account, REGION, entry(4), at(4 * 60_000), 1, longLease)).toMatchObject({
      kind: 'counted',
      surgeId,
    });
    expect(a.takeRequests()).toEqual(['under-cap', 'read', 'count']);
    // After the surge, a new minute is reset in one call again.
    expect((await b.rate.admit(account, REGION, entry(5), at(SURGE_MS + 2 * 60_000), 1, longLease)).kind).toBe('full');
    expect(b.takeRequests()).toEqual(['reset']);
  });

  it('a new minute without a surge admits the cap again', async () => {
    const { rate } = recordingRate();
    const account = nextAccount();
    for (let i = 0; i < 2; i++)
      expect((await rate.admit(account, REGION, entry(i), at(0), 2, LEASE)).kind).toBe('full');
    expect((await rate.admit(account, REGION, entry(2), at(60_000), 2, LEASE)).kind).toBe('full');
    expect((await rate.admit(account, REGION, entry(3), at(61_000), 2, LEASE)).kind).toBe('full');
    expect((await rate.admit(account, REGION, entry(4), at(62_000), 2, LEASE)).kind).toBe('summarize');
  });

  it('a surge spans minutes: a new minute during it diagnoses nothing; after it, incidents are diagnosed again and the next summary says what the last surge counted', async () => {
    const { rate } = recordingRate();
    const account = nextAccount();
    await rate.admit(account, REGION, entry(0), at(0), 1, LEASE);
    const first = await rate.admit(account, REGION, entry(1), at(1000), 1, LEASE);
    expect(first.kind).toBe('summarize');
    await rate.summaryDone(
      account,
      REGION,
      (first as { surgeId: string }).surgeId,
      (first as { holder: string }).holder,
      'msg-1',
    );
    expect((await rate.admit(account, REGION, entry(2), at(5 * 60_000), 1, LEASE)).kind).toBe('counted');
    expect((await rate.admit(account, REGION, entry(3), at(SURGE_MS + 2000), 1, LEASE)).kind).toBe('full');
    const next = await rate.admit(account, REGION, entry(4), at(SURGE_MS + 3000), 1, LEASE);
    expect(next).toMatchObject({ kind: 'summarize', previous: { startedAt: at(1000).toISOString(), counted: 2 } });
    expect((next as { surgeId: string }).surgeId).not.toBe((first as { surgeId: string }).surgeId);
  });

  it('a summarizer that never finished (killed) is taken over by the next counted incident after its lease; a sent summary is not', async () => {
    const { rate, warnings } = recordingRate();
    const account = nextAccount();
    await rate.admit(account, REGION, entry(0), at(0), 1, LEASE);
    const started = await rate.admit(account, REGION, entry(1), at(1000), 1, LEASE);
    expect(started.kind).toBe('summarize');
    // Within its lease: counted.
    expect((await rate.admit(account, REGION, entry(2), at(30_000), 1, LEASE)).kind).toBe('counted');
    // Lease over, no summary recorded: exactly one of two racers takes it over.
    const racers = await Promise.all(
      [3, 4].map((i) => rate.admit(account, REGION, entry(i), at(LEASE + 2000), 1, LEASE)),
    );
    expect(kinds(racers)).toEqual({ summarize: 1, counted: 1 });
    expect(warnings.some((w) => /took over a surge summary/.test(String(w.message)))).toBe(true);
    const taker = racers.find((r) => r.kind === 'summarize') as Extract<RateAdmission, { kind: 'summarize' }>;
    expect(taker.surgeId).toBe((started as { surgeId: string }).surgeId);
    // The old holder's late "sent" does not count; the taker's does, and nobody takes over after it.
    await rate.summaryDone(account, REGION, taker.surgeId, (started as { holder: string }).holder, 'late');
    expect((await readItem(account)).summarySentAt).toBeUndefined();
    await rate.summaryDone(account, REGION, taker.surgeId, taker.holder, 'msg-2');
    expect((await readItem(account)).summaryMessageId).toEqual({ S: 'msg-2' });
    expect((await rate.admit(account, REGION, entry(5), at(3 * LEASE), 1, LEASE)).kind).toBe('counted');
  });

  it('a summary that failed to publish is handed to the next counted incident at once', async () => {
    const { rate } = recordingRate();
    const account = nextAccount();
    await rate.admit(account, REGION, entry(0), at(0), 1, LEASE);
    const started = (await rate.admit(account, REGION, entry(1), at(1000), 1, LEASE)) as Extract<
      RateAdmission,
      { kind: 'summarize' }
    >;
    await rate.summaryDone(account, REGION, started.surgeId, started.holder, undefined);
    expect((await rate.admit(account, REGION, entry(2), at(2000), 1, LEASE)).kind).toBe('summarize');
  });

  it(`lists at most ${LISTED_MAX} counted incidents and counts the rest`, async () => {
    const { rate } = recordingRate();
    const account = nextAccount();
    await rate.admit(account, REGION, entry(0), at(0), 1, LEASE);
    const started = (await rate.admit(account, REGION, entry(1), at(1), 1, LEASE)) as Extract<
      RateAdmission,
      { kind: 'summarize' }
    >;
    for (let i = 2; i < LISTED_MAX + 20; i++) await rate.admit(account, REGION, entry(i), at(i), 1, LEASE);
    const snapshot = await rate.snapshot(account, REGION, started.surgeId);
    expect(snapshot!.counted).toHaveLength(LISTED_MAX);
    expect(snapshot!.countedTotal).toBe(LISTED_MAX + 19);
    expect(snapshot!.diagnosed.map((e) => e.where)).toEqual(['prod/svc-0']);
  });

  it('stores entries with tabs and very long texts without mixing up where and text', () => {
    expect(entryKey({ where: 'a\tb', text: 'x\ty' })).toBe('a b\tx y');
    expect(entryKey({ where: 'c/s', text: 'z'.repeat(1000) }).length).toBeLessThan(300);
  });

  it('fails open when DynamoDB cannot be reached: diagnose, and say so in the log', async () => {
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const dead = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:9',
      region: REGION,
      credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const warnings: Array<Record<string, unknown>> = [];
    const log: Log = {
      debug() {},
      info() {},
      error() {},
      warn: (message, ...extra) => warnings.push(Object.assign({ message }, ...extra)),
    };
    const rate = new DynamoDiagnosisRate(dead, 'incidents', undefined, log);
    expect(await rate.admit(nextAccount(), REGION, entry(0), at(0), 1, LEASE)).toEqual({ kind: 'full' });
    expect(warnings[0]).toMatchObject({ degraded: true });
    expect(await rate.snapshot('1', REGION, 'surge-x')).toBeUndefined();
    await expect(rate.summaryDone('1', REGION, 'surge-x', 'h', 'm')).resolves.toBeUndefined();
    dead.destroy();
  });
});
