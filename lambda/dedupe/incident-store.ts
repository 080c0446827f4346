/**
 * Storm control backed by DynamoDB (design: docs/design-storm-control.md).
 *
 * One item per incident, pk = "incident#<account>#<region>#<cluster>#<scope>#<hint>". A service whose
 * tasks cannot pull its image emits hundreds of STOPPED events an hour, often dozens at the same moment;
 * each of them — the first one and every racer included — costs ONE DynamoDB call, an upsert:
 *
 *   UpdateItem SET incidentId = if_not_exists(incidentId, :id), firstSeenAt, windowEndsAt, expiresAt,
 *                  status 'handling', notices 0, account/region/cluster/scope/hint   (all if_not_exists)
 *                  lastSeenAt = :now
 *              ADD eventCount 1, recentDeliveries {h(deliveryId)}
 *   IF attribute_not_exists(pk) OR (windowEndsAt > :now AND NOT contains(recentDeliveries, :d))
 *   ReturnValues ALL_NEW → eventCount = 1: this call created the item → 'first'; else → 'suppressed'.
 *
 * ADD is atomic per item, so among concurrent racers exactly one sees eventCount = 1; the creation fields
 * are written by the first writer only (its time gives firstSeenAt and the deterministic incidentId).
 *
 * Only when the condition fails (duplicate delivery, window expired, released owner, item past its TTL
 * that DynamoDB has not deleted yet — all rare) does the store read the item (consistent GetItem):
 *   - the delivery is already recorded → 'duplicate' (EventBridge delivers at least once). 2 calls.
 *   - the window expired, or the owner released it → UpdateItem resetting the window, conditioned on
 *     windowEndsAt = the value read, so exactly one racer wins → 'reminder' (or 'first' again when the
 *     released owner never notified). 3 calls. The losers re-run the upsert → 'suppressed'.
 *   - the item is past its TTL → PutItem replacing it (condition expiresAt = the stale value) → 'first'
 *     of a new incident. 3 calls.
 *   - no item any more (deleted between the upsert and the read) → the upsert runs again.
 *
 * Delivery set rotation: the upsert has no size condition. The one invocation whose ALL_NEW shows the set
 * reaching the cap (size = cap, or a later multiple of it if that rotation was lost) replaces the set with
 * its own delivery — one more UpdateItem, conditioned on size(recentDeliveries) >= cap, so ≈ 1 extra call
 * per `cap` events, however many events run at once. Sizes move by one per event (the condition keeps a
 * delivery from being added twice), so exactly one invocation sees each value and a burst of concurrent
 * events does not become a burst of rotations. Deliveries added between the crossing and the rotation are
 * forgotten with the rest: duplicate detection remembers the last ≈ `cap` deliveries of a window, so a very
 * late redelivery is counted twice (harmless for a count). A failed rotation is logged; the event stays
 * counted.
 *
 * Calls per admit(): first event 1; storm event 1 (+1 per `cap` events for the rotation); duplicate 2;
 * reminder 3 (a racer that loses the reminder: 4); released incident taken over 3; failure: fail open.
 *
 * Deliveries are stored as 16-hex-char hashes, not raw task ARNs (an ARN with a 255-char cluster name is
 * ≈ 330 bytes): with the default cap of 500 the item stays under ≈ 10 KB, and an on-demand write costs one
 * write unit per KB of item, so the steady-state event costs ≈ 10 WRU at most.
 *
 * Failures: admit() never throws. On a DynamoDB error (throttled, AccessDenied, timeout) it fails OPEN
 * for that event — 'first', so the failure is still diagnosed and notified — and logs a warning with
 * `degraded: true`. To keep a DynamoDB outage from turning back into a notification storm, a warm Lambda
 * container remembers the incidents it admitted that way (in memory, per window) and suppresses their
 * later events; different containers may still each notify once. complete()/release() never throw.
 *
 * Files: ./incident-keys.ts (keys, ids, lifetimes), ./incident-item.ts (the item read back),
 * ./incident-expressions.ts (every request's expressions), ./incident-admission.ts (the admit path above).
 */
import { randomUUID } from 'node:crypto';
import { PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CallContext, callAws } from '../aws/call';
import type { Log } from '../log';
import { CONDITION_FAILED, CONDITIONAL, type UpdateInput } from './conditional-write';
import { IncidentAdmitter, reasonOf } from './incident-admission';
import { changeAuditPut, completeUpdate, recordChangeUpdate, releaseUpdate } from './incident-expressions';
import { deliveryHash, incidentIdOf, incidentPk, windowFrom } from './incident-keys';
import type { AdmitOptions, Admission, ChangeRecord, Claim, IncidentKey, IncidentResult, IncidentStore } from './types';

/** Default number of delivery hashes remembered per window (see the header for the size reasoning). */
export const DEFAULT_DELIVERY_CAP = 500;

export interface IncidentStoreOptions {
  log?: Log;
  /** Delivery hashes remembered per window (default 500). */
  deliveryCap?: number;
}

export class DynamoIncidentStore implements IncidentStore {
  private readonly log: Log | undefined;
  private readonly admitter: IncidentAdmitter;
  /** Incidents admitted while DynamoDB failed, per pk: window end (epoch ms), id and count. */
  private readonly degraded = new Map<string, { windowEndsAt: number; incidentId: string; count: number }>();

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /**
     * The CallContext each operation records its calls in (the pipeline passes its own, for deadline and call counts).
     */
    private readonly ctxFactory: () => CallContext = () => new CallContext(),
    options: IncidentStoreOptions = {},
  ) {
    this.log = options.log;
    this.admitter = new IncidentAdmitter(client, tableName, options.deliveryCap ?? DEFAULT_DELIVERY_CAP, this.log);
  }

  async admit(
    key: IncidentKey,
    deliveryId: string,
    now: Date,
    windowMinutes: number,
    options: AdmitOptions = {},
  ): Promise<Admission> {
    const ctx = this.ctxFactory();
    const pk = incidentPk(key);
    const d = deliveryHash(deliveryId);
    // The holder token names this delivery and this invocation (a redelivery of the same event is another holder).
    const claim: Claim = {
      holder: `${d}.${randomUUID().slice(0, 8)}`,
      ...(options.leaseMs !== undefined ? { leaseUntil: now.getTime() + options.leaseMs } : {}),
    };
    try {
      return await this.admitter.admit(ctx, key, pk, d, claim, now, windowMinutes);
    } catch (err) {
      return this.failOpen(key, pk, now, windowMinutes, reasonOf(err));
    }
  }

  async complete(key: IncidentKey, incidentId: string, result: IncidentResult): Promise<void> {
    await this.quietUpdate('complete', key, completeUpdate(incidentId, result, new Date().toISOString()));
  }

  async release(key: IncidentKey, incidentId: string, deliveryId?: string): Promise<void> {
    await this.quietUpdate('release', key, releaseUpdate(incidentId, deliveryId));
    this.degraded.delete(incidentPk(key));
  }

  async recordChange(
    key: IncidentKey,
    incidentId: string,
    change: ChangeRecord,
    holder?: string,
  ): Promise<'recorded' | 'unavailable'> {
    const pk = incidentPk(key);
    const json = JSON.stringify(change);
    // On the incident item: what a takeover reads (in the GetItem it makes anyway) and reports.
    const ok = await this.quietUpdate('record change', key, recordChangeUpdate(incidentId, json, holder));
    // An intent that could not be recorded starts no fix: nothing to keep. What was done is always kept.
    if (!ok && !change.done) return 'unavailable';
    // The audit copy outlives the incident item (CHANGE_RECORD_TTL_SECONDS); its failure is logged, not fatal.
    const ctx = this.ctxFactory();
    const fact = await callAws<unknown>(ctx, 'dynamodb:PutItem', (signal) =>
      this.client.send(
        new PutItemCommand({ TableName: this.tableName, ...changeAuditPut(pk, incidentId, change, json) }),
        { abortSignal: signal },
      ),
    );
    if (!fact.ok)
      this.log?.warn('incident store: the audit copy of a change record failed', {
        incidentPk: pk,
        reason: fact.reason,
      });
    return ok ? 'recorded' : 'unavailable';
  }

  // ---------------------------------------------------------------------------------------------------

  private async quietUpdate(
    op: 'complete' | 'release' | 'record change',
    key: IncidentKey,
    input: UpdateInput,
  ): Promise<boolean> {
    const ctx = this.ctxFactory();
    const fact = await callAws<unknown>(
      ctx,
      'dynamodb:UpdateItem',
      (signal) =>
        this.client.send(
          new UpdateItemCommand({ TableName: this.tableName, Key: { pk: { S: incidentPk(key) } }, ...input }),
          { abortSignal: signal },
        ),
      CONDITIONAL,
    );
    if (!fact.ok)
      this.log?.warn(`incident store: ${op} failed`, {
        incidentPk: incidentPk(key),
        reason: fact.reason,
        errorName: fact.errorName,
      });
    else if (fact.value === CONDITION_FAILED)
      this.log?.info(`incident store: ${op} skipped, the incident has a newer owner`, { incidentPk: incidentPk(key) });
    return fact.ok && fact.value !== CONDITION_FAILED;
  }

  /** DynamoDB failed: handle the event (fail open) unless this container already did so for this incident. */
  private failOpen(key: IncidentKey, pk: string, now: Date, windowMinutes: number, reason: string): Admission {
    const nowMs = now.getTime();
    const seen = this.degraded.get(pk);
    if (seen && seen.windowEndsAt > nowMs) {
      seen.count++;
      this.log?.warn('incident store unavailable: suppressed by this container’s memory', {
        incidentPk: pk,
        degraded: true,
        reason,
      });
      return { kind: 'suppressed', incidentId: seen.incidentId, count: seen.count };
    }
    const firstSeenAt = now.toISOString();
    const incidentId = incidentIdOf(key, firstSeenAt);
    if (this.degraded.size >= 1_000) {
      for (const [k, v] of this.degraded) if (v.windowEndsAt <= nowMs) this.degraded.delete(k);
    }
    this.degraded.set(pk, { windowEndsAt: windowFrom(nowMs, windowMinutes).windowEndsAt, incidentId, count: 1 });
    this.log?.warn('incident store unavailable: handling this event as the first of its incident', {
      incidentPk: pk,
      degraded: true,
      reason,
    });
    return { kind: 'first', incidentId, firstSeenAt, count: 1 };
  }
}
