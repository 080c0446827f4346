/**
 * The per-account cap on full diagnoses, backed by the incident table (one item per account and region,
 * pk = "rate#<account>#<region>"). Contract and reasons: DiagnosisRate in ./types.ts.
 *
 * The item holds the current minute (`rateMinute`, epoch minutes), how many full diagnoses it admitted
 * (`admitted`) and which (`seen`, up to LISTED_MAX entries), and the surge, when one is on: `surgeId`,
 * `surgeStartedAt`, `surgeUntil` (epoch ms), the incidents counted without diagnosis (`counted`, listed up
 * to LISTED_MAX; `countedTotal`), the entries diagnosed in the minute it started (`surgeSeen`), and the
 * summary's claim (`summaryHolder`, `summaryLeaseUntil`, `summarySentAt`) — a lease like an incident's,
 * so a summarizer killed before it published is taken over by the next counted event.
 *
 * Calls per new incident (never per storm event: suppressed events never get here). Which write is tried first
 * depends on what this container last read of the item (`lastRead`: its minute, and a surge's end):
 *   a minute it has not seen and no surge it knows of (a cold start, or the first incident after a quiet minute —
 *     most incidents: pull failures come alone or as one incident's storm): 1 conditional UpdateItem resetting the
 *     minute — `the item is missing, or its minute is older AND no surge on`; when that fails (another container
 *     started the minute, or a surge is on), the path below, once: what the read shows is remembered;
 *   a minute it has seen, or during a surge it knows of: 1 conditional UpdateItem (ADD admitted, seen) —
 *     `rateMinute = this minute AND admitted < cap AND no surge on`;
 *   over the cap: + GetItem + UpdateItem counting it in the surge, or starting the surge (3; 4 when the
 *     list is full or a racer started the surge first).
 * A surge keeps the minute it started in (`rateMinute` does not move during it), so without remembering its end
 * every counted incident would try the reset again (docs/design-storm-control.md).
 * A surge lasts SURGE_MS; the first new incident after it is diagnosed again (up to the cap per minute).
 *
 * Failures: admit() fails OPEN ('full', logged): a DynamoDB outage must not silence diagnoses. The other
 * operations never throw.
 *
 * Files: ./rate-item.ts (the item and its entries), ./rate-expressions.ts (every request's expressions).
 */
import { randomUUID } from 'node:crypto';
import { GetItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CallContext, callAws } from '../aws/call';
import type { Log } from '../log';
import { CONDITION_FAILED, CONDITIONAL, type UpdateInput } from './conditional-write';
import {
  admitUnderCapUpdate,
  countInSurgeUpdate,
  minuteValues,
  resetMinuteUpdate,
  startSurgeUpdate,
  summaryDoneUpdate,
  takeOverSummaryUpdate,
  type MinuteValues,
} from './rate-expressions';
import { entryKey, entryOf, parseRateItem, ratePk, type RateItem } from './rate-item';
import { LISTED_MAX, type DiagnosisRate, type RateAdmission, type RateEntry, type SurgeSnapshot } from './types';

export { LISTED_MAX };

/** How long a surge lasts once the cap is exceeded: new incidents in it are counted, not diagnosed. */
export const SURGE_MS = 15 * 60_000;
/** The rate item outlives its last write by a day (TTL attribute expiresAt, epoch seconds). */
const TTL_SECONDS = 86_400;
const MAX_ROUNDS = 4;

export class DynamoDiagnosisRate implements DiagnosisRate {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly ctxFactory: () => CallContext = () => new CallContext(),
    private readonly log?: Log,
  ) {}

  /** Per item (pk): the latest minute this container read on it and the end of a surge it read (which write first). */
  private readonly lastRead = new Map<string, { minute: number; surgeUntil: number }>();

  async admit(
    account: string,
    region: string,
    entry: RateEntry,
    now: Date,
    cap: number,
    leaseMs: number,
  ): Promise<RateAdmission> {
    const pk = ratePk(account, region);
    const ctx = this.ctxFactory();
    try {
      return await this.admitOnce(ctx, pk, entryKey(entry), now.getTime(), cap, leaseMs);
    } catch (err) {
      this.log?.warn('diagnosis rate unavailable: diagnosing in full', {
        ratePk: pk,
        degraded: true,
        reason: err instanceof Error ? err.message : String(err),
      });
      return { kind: 'full' };
    }
  }

  async snapshot(account: string, region: string, surgeId: string): Promise<SurgeSnapshot | undefined> {
    const pk = ratePk(account, region);
    try {
      const item = await this.read(this.ctxFactory(), pk);
      if (!item || item.surgeId !== surgeId) return undefined;
      return {
        surgeId,
        startedAt: item.surgeStartedAt ?? '',
        surgeUntil: item.surgeUntil,
        diagnosed: item.surgeSeen.map(entryOf),
        counted: item.counted.map(entryOf),
        countedTotal: item.countedTotal,
      };
    } catch (err) {
      this.log?.warn('diagnosis rate: the surge could not be read for its summary', {
        ratePk: pk,
        reason: err instanceof Error ? err.message : String(err),
      });
      return undefined;
    }
  }

  async summaryDone(
    account: string,
    region: string,
    surgeId: string,
    holder: string,
    messageId: string | undefined,
  ): Promise<void> {
    const pk = ratePk(account, region);
    // Sent: no takeover any more. Not sent: the lease ends now, so the next counted event sends it.
    const update = summaryDoneUpdate(surgeId, holder, messageId, new Date().toISOString());
    try {
      const out = await this.update(this.ctxFactory(), pk, update);
      if (out === CONDITION_FAILED)
        this.log?.info('diagnosis rate: the surge summary has a newer holder', { ratePk: pk, surgeId });
    } catch (err) {
      this.log?.warn('diagnosis rate: recording the surge summary failed', {
        ratePk: pk,
        surgeId,
        reason: err instanceof Error ? err.message : String(err),
      });
    }
  }

  // ---------------------------------------------------------------------------------------------------

  /** Admitted for a full diagnosis in `bucket`: this container has seen that minute on the item. */
  private admittedIn(pk: string, bucket: number): RateAdmission {
    this.remember(pk, bucket, 0);
    return { kind: 'full' };
  }

  private remember(pk: string, minute: number, surgeUntil: number): void {
    const was = this.lastRead.get(pk);
    this.lastRead.set(pk, {
      minute: Math.max(was?.minute ?? -1, minute),
      surgeUntil: Math.max(was?.surgeUntil ?? 0, surgeUntil),
    });
  }

  /** Whether to try the reset first: a minute this container has not seen on the item, and no surge it knows is on. */
  private resetFirst(pk: string, bucket: number, nowMs: number): boolean {
    const was = this.lastRead.get(pk);
    return (was?.minute ?? -1) < bucket && (was?.surgeUntil ?? 0) <= nowMs;
  }

  private async admitOnce(
    ctx: CallContext,
    pk: string,
    e: string,
    nowMs: number,
    cap: number,
    leaseMs: number,
  ): Promise<RateAdmission> {
    // The minute counted against: this one, or a later one another function's clock already started.
    let bucket = Math.floor(nowMs / 60_000);
    const ttl = Math.floor(nowMs / 1000) + TTL_SECONDS;
    // A minute this container has not seen on the item: most likely nobody has (an incident alone in its minute).
    // (Outside the rounds below: a failed reset here is the guess, not a lost race.)
    if (this.resetFirst(pk, bucket, nowMs)) {
      const reset = await this.update(ctx, pk, resetMinuteUpdate(minuteValues(bucket, nowMs, ttl), e));
      if (reset !== CONDITION_FAILED) return this.admittedIn(pk, bucket);
    }
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const common = minuteValues(bucket, nowMs, ttl);
      // This minute, under the cap, no surge → one call. (seen stays ≤ cap ≤ LISTED_MAX.)
      const admitted = await this.update(ctx, pk, admitUnderCapUpdate(common, e, cap));
      if (admitted !== CONDITION_FAILED) return this.admittedIn(pk, bucket);
      const item = await this.read(ctx, pk);
      const surgeOn = item !== undefined && item.surgeUntil > nowMs;
      if (item) this.remember(pk, item.bucket, surgeOn ? item.surgeUntil : 0);
      if (!surgeOn && (!item || item.bucket < bucket)) {
        // No incident counted in this minute yet: start the minute over (one racer wins; the others retry).
        const reset = await this.update(ctx, pk, resetMinuteUpdate(common, e));
        if (reset !== CONDITION_FAILED) return this.admittedIn(pk, bucket);
        continue;
      }
      if (!surgeOn && item!.bucket > bucket) {
        bucket = item!.bucket; // clocks differ by a little: count against the minute already started
        continue;
      }
      if (!surgeOn && item!.admitted < cap) continue; // a racer changed it between our calls: try again
      if (surgeOn) {
        const counted = await this.countInSurge(ctx, pk, e, item!, nowMs, leaseMs, common);
        if (counted) return counted;
        continue;
      }
      // Over the cap with no surge on: start one. Exactly one racer wins (conditioned on no surge).
      const surgeId = `surge-${randomUUID().slice(0, 8)}`;
      const startedAt = new Date(nowMs).toISOString();
      const holder = randomUUID().slice(0, 12);
      const surgeUntil = nowMs + SURGE_MS;
      const started = await this.update(
        ctx,
        pk,
        startSurgeUpdate(common, e, { surgeId, startedAt, surgeUntil, holder, leaseUntil: nowMs + leaseMs }),
      );
      if (started === CONDITION_FAILED) continue; // a racer started it: be counted in it
      this.log?.warn('diagnosis cap reached: a surge starts; new incidents are counted, not diagnosed', {
        ratePk: pk,
        surgeId,
        cap,
        surgeUntil: new Date(surgeUntil).toISOString(),
      });
      const previous =
        item?.surgeId && item.surgeStartedAt
          ? { startedAt: item.surgeStartedAt, counted: item.countedTotal }
          : undefined;
      this.remember(pk, bucket, surgeUntil);
      return { kind: 'summarize', surgeId, surgeUntil, holder, startedAt, ...(previous ? { previous } : {}) };
    }
    throw new Error(`diagnosis rate ${pk}: the item kept changing in ${MAX_ROUNDS} rounds of reads and writes`);
  }

  /**
   * Counts an incident in the surge that is on (listed while the list has room) and, when the surge's
   * summarizer let its lease run out without sending, takes the summary over. False: the surge ended or
   * changed under us (the caller reads again).
   */
  private async countInSurge(
    ctx: CallContext,
    pk: string,
    e: string,
    item: RateItem,
    nowMs: number,
    leaseMs: number,
    common: MinuteValues,
  ): Promise<RateAdmission | false> {
    const listed = item.counted.length < LISTED_MAX;
    let out = await this.update(ctx, pk, countInSurgeUpdate(common, item.surgeId!, e, listed));
    if (out === CONDITION_FAILED && listed) {
      // The list filled up meanwhile: only count.
      out = await this.update(ctx, pk, countInSurgeUpdate(common, item.surgeId!, e, false));
    }
    if (out === CONDITION_FAILED) return false;
    const now = parseRateItem(out.Attributes)!;
    const surgeId = item.surgeId!;
    if (!now.summarySent && now.summaryLeaseUntil <= nowMs) {
      const holder = randomUUID().slice(0, 12);
      const taken = await this.update(
        ctx,
        pk,
        takeOverSummaryUpdate(surgeId, holder, nowMs + leaseMs, now.summaryLeaseUntil),
      );
      if (taken !== CONDITION_FAILED) {
        this.log?.warn('diagnosis rate: took over a surge summary that was not sent', { ratePk: pk, surgeId });
        return {
          kind: 'summarize',
          surgeId,
          surgeUntil: now.surgeUntil,
          holder,
          startedAt: now.surgeStartedAt ?? new Date(nowMs).toISOString(),
        };
      }
    }
    return { kind: 'counted', surgeId, surgeUntil: now.surgeUntil };
  }

  private async read(ctx: CallContext, pk: string): Promise<RateItem | undefined> {
    const fact = await callAws(ctx, 'dynamodb:GetItem', (signal) =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: pk } }, ConsistentRead: true }),
        { abortSignal: signal },
      ),
    );
    if (!fact.ok) throw new Error(fact.reason);
    return parseRateItem(fact.value.Item);
  }

  private async update(
    ctx: CallContext,
    pk: string,
    input: UpdateInput,
  ): Promise<{ Attributes?: Record<string, AttributeValue> | undefined } | typeof CONDITION_FAILED> {
    const fact = await callAws<{ Attributes?: Record<string, AttributeValue> | undefined } | typeof CONDITION_FAILED>(
      ctx,
      'dynamodb:UpdateItem',
      (signal) =>
        this.client.send(new UpdateItemCommand({ TableName: this.tableName, Key: { pk: { S: pk } }, ...input }), {
          abortSignal: signal,
        }),
      CONDITIONAL,
    );
    if (!fact.ok) throw new Error(fact.reason);
    return fact.value;
  }
}
