/**
 * The admit path of the incident store (the header of ./incident-store.ts tells the whole story): one
 * conditional upsert for the first and every storm event; a consistent read and one more write only when
 * its condition fails. Throws on a DynamoDB error: the store fails open.
 */
import { GetItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callAws, type CallContext, type Fact } from '../aws/call';
import type { Log } from '../log';
import { CONDITION_FAILED, CONDITIONAL, type Conditional, type UpdateInput } from './conditional-write';
import {
  renewWindowUpdate,
  replaceStaleItemPut,
  rotateDeliveriesUpdate,
  takeOverUpdate,
  upsertEventUpdate,
} from './incident-expressions';
import { admissionAfterClaim, parseItem, unreported, type IncidentItem } from './incident-item';
import { incidentIdOf, windowFrom } from './incident-keys';
import type { Admission, Claim, IncidentKey, Takeover } from './types';

/** Bounded retries of the update → read → write loop (each retry means another racer just changed the item). */
const MAX_ROUNDS = 4;

class StoreError extends Error {
  override readonly name = 'IncidentStoreError';
  constructor(readonly fact: Extract<Fact<unknown>, { ok: false }>) {
    super(fact.reason);
  }
}

/** The one-line reason of an error caught around a store operation. */
export function reasonOf(err: unknown): string {
  return err instanceof StoreError ? err.fact.reason : String(err);
}

export class IncidentAdmitter {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** Delivery hashes remembered per window. */
    private readonly cap: number,
    private readonly log: Log | undefined,
  ) {}

  /** Admits one event of the incident at `pk` for the holder `claim`, `d` being its delivery hash. */
  async admit(
    ctx: CallContext,
    key: IncidentKey,
    pk: string,
    d: string,
    claim: Claim,
    now: Date,
    windowMinutes: number,
  ): Promise<Admission> {
    const nowMs = now.getTime();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      // The storm path, also the first event's: one conditional upsert.
      const counted = await this.upsertEvent(ctx, key, pk, d, claim, now, windowMinutes);
      if (counted !== CONDITION_FAILED) {
        await this.rotateIfFull(ctx, pk, d, counted.deliveries.length);
        // ADD is atomic: only the call that created the item sees eventCount = 1.
        if (counted.eventCount === 1)
          return { kind: 'first', incidentId: counted.incidentId, firstSeenAt: counted.firstSeenAt, count: 1, claim };
        return { kind: 'suppressed', incidentId: counted.incidentId, count: counted.eventCount };
      }
      // Rare: find out why the condition failed.
      const item = await this.read(ctx, pk);
      if (!item) continue; // deleted between the upsert and the read: the next upsert creates it
      if (item.expiresAt * 1000 <= nowMs) {
        const claimed = await this.replaceStale(ctx, key, pk, d, claim, now, windowMinutes, item.expiresAt);
        if (claimed) return claimed;
        continue; // another invocation replaced it first: count this event against it
      }
      // The holder's lease ran out before it notified (killed: timeout, out of memory): take the claim over —
      // also when this is a redelivery of the holder's own event, which must not be dropped as a duplicate.
      if (
        item.windowEndsAt > nowMs &&
        !item.notified &&
        item.leaseUntil !== undefined &&
        item.leaseUntil <= nowMs &&
        item.holder
      ) {
        const taken = await this.takeOver(ctx, pk, d, claim, item, nowMs);
        if (taken) return taken;
        continue; // another racer took it over first: count this event against it
      }
      if (item.deliveries.includes(d)) return { kind: 'duplicate', incidentId: item.incidentId };
      // Resolved (the service ran again, recovery-store.ts): kept until its TTL for its deliveries; a new
      // failure is a new incident.
      if (item.status === 'resolved') {
        const claimed = await this.replaceStale(ctx, key, pk, d, claim, now, windowMinutes, item.expiresAt);
        if (claimed) return claimed;
        continue;
      }
      if (item.windowEndsAt <= nowMs) {
        const renewed = await this.renewWindow(ctx, pk, d, claim, item, nowMs, windowMinutes);
        if (renewed) return renewed;
      }
      // The item changed between our upsert and our read (a racer renewed it): count again.
    }
    throw new Error(`incident ${pk}: the item kept changing under ${MAX_ROUNDS} attempts`);
  }

  // ---------------------------------------------------------------------------------------------------

  /** Counts the event (creating the item if there is none): the ALL_NEW item, or CONDITION_FAILED. */
  private async upsertEvent(
    ctx: CallContext,
    key: IncidentKey,
    pk: string,
    d: string,
    claim: Claim,
    now: Date,
    windowMinutes: number,
  ): Promise<Conditional<IncidentItem>> {
    const out = await this.update(ctx, pk, upsertEventUpdate(key, d, claim, now, windowMinutes));
    if (out === CONDITION_FAILED) return out;
    const item = parseItem(out.Attributes);
    if (!item) throw new Error('UpdateItem returned no attributes (ReturnValues ALL_NEW)');
    return item;
  }

  /**
   * The delivery set just reached the cap (size = cap, or a later multiple when an earlier rotation was
   * lost): start it over with this delivery. Sizes grow by one per event, so one invocation per crossing
   * does this, however many run at once. A failure is logged; the event is counted already.
   */
  private async rotateIfFull(ctx: CallContext, pk: string, d: string, size: number): Promise<void> {
    if (size < this.cap || size % this.cap !== 0) return;
    try {
      await this.update(ctx, pk, rotateDeliveriesUpdate(d, this.cap));
      // CONDITION_FAILED: the set was reset in the meantime (window renewed, or rotated): nothing to do.
    } catch (err) {
      this.log?.warn('incident store: rotating the delivery set failed; the next crossing of the cap retries', {
        incidentPk: pk,
        size,
        reason: reasonOf(err),
      });
    }
  }

  private async read(ctx: CallContext, pk: string): Promise<IncidentItem | undefined> {
    const out = await this.send(ctx, 'dynamodb:GetItem', (signal) =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: pk } }, ConsistentRead: true }),
        { abortSignal: signal },
      ),
    );
    if (out === CONDITION_FAILED) return undefined; // GetItem has no condition
    return parseItem(out.Item);
  }

  /**
   * Replaces an incident item past its TTL (not yet deleted by DynamoDB) with a new incident; false when another
   * invocation replaced it first.
   */
  private async replaceStale(
    ctx: CallContext,
    key: IncidentKey,
    pk: string,
    d: string,
    claim: Claim,
    now: Date,
    windowMinutes: number,
    staleExpiresAt: number,
  ): Promise<Admission | false> {
    const firstSeenAt = now.toISOString();
    const incidentId = incidentIdOf(key, firstSeenAt);
    const opened = { incidentId, firstSeenAt, ...windowFrom(now.getTime(), windowMinutes) };
    const out = await this.send(ctx, 'dynamodb:PutItem', (signal) =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          ...replaceStaleItemPut(key, pk, d, claim, opened, staleExpiresAt),
        }),
        { abortSignal: signal },
      ),
    );
    if (out === CONDITION_FAILED) return false;
    return { kind: 'first', incidentId, firstSeenAt, count: 1, claim };
  }

  /** Starts a new window on an expired or released incident; false when another racer renewed it first. */
  private async renewWindow(
    ctx: CallContext,
    pk: string,
    d: string,
    claim: Claim,
    item: IncidentItem,
    nowMs: number,
    windowMinutes: number,
  ): Promise<Admission | false> {
    const out = await this.update(ctx, pk, renewWindowUpdate(d, claim, item, nowMs, windowMinutes));
    if (out === CONDITION_FAILED) return false;
    const renewed = parseItem(out.Attributes)!;
    // A released owner (failed before notifying) may have changed something first: the new owner reports it.
    // One that never notified leaves the incident still needing its first message ('first', not 'reminder').
    return admissionAfterClaim(item, renewed, claim, unreported(item, nowMs));
  }

  /**
   * Takes over a claim whose lease ran out before its holder notified. Conditioned on the holder and lease
   * read, and on no notification since, so among racers exactly one wins; false when another did.
   */
  private async takeOver(
    ctx: CallContext,
    pk: string,
    d: string,
    claim: Claim,
    item: IncidentItem,
    nowMs: number,
  ): Promise<Admission | false> {
    const redelivery = item.deliveries.includes(d);
    const out = await this.update(ctx, pk, takeOverUpdate(d, claim, item, nowMs, redelivery));
    if (out === CONDITION_FAILED) return false;
    const taken = parseItem(out.Attributes)!;
    this.log?.warn('incident store: took over a claim whose lease ran out before it notified', {
      incidentPk: pk,
      leaseEndedAt: new Date(item.leaseUntil!).toISOString(),
      redelivery,
    });
    const takeover: Takeover = {
      leaseEndedAt: new Date(item.leaseUntil!).toISOString(),
      ...(item.change && !item.changeReported ? { change: item.change } : {}),
    };
    return admissionAfterClaim(item, taken, claim, takeover);
  }

  private update(ctx: CallContext, pk: string, input: UpdateInput) {
    return this.send(ctx, 'dynamodb:UpdateItem', (signal) =>
      this.client.send(new UpdateItemCommand({ TableName: this.tableName, Key: { pk: { S: pk } }, ...input }), {
        abortSignal: signal,
      }),
    );
  }

  private async send<T>(
    ctx: CallContext,
    api: string,
    fn: (signal: AbortSignal) => Promise<T>,
  ): Promise<Conditional<T>> {
    const fact = await callAws<Conditional<T>>(ctx, api, fn, CONDITIONAL);
    if (!fact.ok) throw new StoreError(fact);
    return fact.value;
  }
}
