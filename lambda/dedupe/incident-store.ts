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
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CallContext, callAws, type Fact } from '../aws/call';
import type { Log } from '../log';
import type {
  AdmitOptions,
  Admission,
  ChangeRecord,
  Claim,
  IncidentKey,
  IncidentResult,
  IncidentStore,
  Takeover,
} from './types';

/** Default number of delivery hashes remembered per window (see the header for the size reasoning). */
export const DEFAULT_DELIVERY_CAP = 500;
/**
 * The TTL attribute (epoch seconds) outlives the window by this much, so a recurring incident is a reminder, not a new
 * one.
 */
export const TTL_AFTER_WINDOW_SECONDS = 86_400;
/**
 * Lifetime of the audit copy of a change record (item `change#<incidentId>#<startedAt>`): the incident item
 * itself expires a day after its window, but what the tool changed in an account is kept for 400 days.
 */
export const CHANGE_RECORD_TTL_SECONDS = 400 * 86_400;
/** Bounded retries of the update → read → write loop (each retry means another racer just changed the item). */
const MAX_ROUNDS = 4;

const CONDITION_FAILED = Symbol('condition-failed');
type Conditional<T> = T | typeof CONDITION_FAILED;
const CONDITIONAL = {
  names: ['ConditionalCheckFailedException'] as const,
  value: (): typeof CONDITION_FAILED => CONDITION_FAILED,
};

export interface IncidentStoreOptions {
  log?: Log;
  /** Delivery hashes remembered per window (default 500). */
  deliveryCap?: number;
}

/** The item's partition key for an incident key. */
export function incidentPk(key: IncidentKey): string {
  return `incident#${key.account}#${key.region}#${key.cluster}#${key.scope}#${key.hint}`;
}

/** Short stable id of one incident (key + first-seen time): shown in messages and tagged on resources. */
export function incidentIdOf(key: IncidentKey, firstSeenAt: string): string {
  return `inc-${createHash('sha256')
    .update(`${incidentPk(key)}#${firstSeenAt}`)
    .digest('hex')
    .slice(0, 12)}`;
}

/** What is stored per delivery (task ARN + "#" + detail.version): a 64-bit hash. */
export function deliveryHash(deliveryId: string): string {
  return createHash('sha256').update(deliveryId).digest('hex').slice(0, 16);
}

/** A window opened at `nowMs`: its end (epoch ms) and the item's TTL (epoch s, TTL_AFTER_WINDOW_SECONDS later). */
function windowFrom(nowMs: number, windowMinutes: number): { windowEndsAt: number; expiresAt: number } {
  const windowEndsAt = nowMs + windowMinutes * 60_000;
  return { windowEndsAt, expiresAt: Math.floor(windowEndsAt / 1000) + TTL_AFTER_WINDOW_SECONDS };
}

interface IncidentItem {
  incidentId: string;
  firstSeenAt: string;
  windowEndsAt: number;
  expiresAt: number;
  eventCount: number;
  notices: number;
  status: string;
  deliveries: string[];
  cause?: string;
  /** The claim's holder token and lease end (epoch ms; absent on items written without a lease). */
  holder?: string;
  leaseUntil?: number;
  /** complete() ran in this window (the notification went out, or the event was settled as ignored). */
  notified: boolean;
  /** What a fix of this incident changed or set out to change, and whether a message has reported it. */
  change?: ChangeRecord;
  changeReported: boolean;
}

function parseChange(json: string | undefined): ChangeRecord | undefined {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as ChangeRecord;
  } catch {
    return undefined;
  }
}

function parseItem(item: Record<string, AttributeValue> | undefined): IncidentItem | undefined {
  if (!item) return undefined;
  const n = (k: string): number => Number(item[k]?.N ?? '0');
  const s = (k: string): string | undefined => item[k]?.S;
  const cause = s('cause');
  return {
    incidentId: s('incidentId') ?? '',
    firstSeenAt: s('firstSeenAt') ?? '',
    windowEndsAt: n('windowEndsAt'),
    expiresAt: n('expiresAt'),
    eventCount: n('eventCount'),
    notices: n('notices'),
    status: s('status') ?? '',
    deliveries: item.recentDeliveries?.SS ?? [],
    ...(cause ? { cause } : {}),
    ...(s('holder') ? { holder: s('holder')! } : {}),
    ...(item.leaseUntil?.N !== undefined ? { leaseUntil: Number(item.leaseUntil.N) } : {}),
    notified: item.notified?.BOOL === true,
    ...(parseChange(s('changeRecord')) ? { change: parseChange(s('changeRecord'))! } : {}),
    changeReported: item.changeReported?.BOOL === true,
  };
}

class StoreError extends Error {
  override readonly name = 'IncidentStoreError';
  constructor(readonly fact: Extract<Fact<unknown>, { ok: false }>) {
    super(fact.reason);
  }
}

/** The one-line reason of an error caught around a store operation. */
function reasonOf(err: unknown): string {
  return err instanceof StoreError ? err.fact.reason : String(err);
}

export class DynamoIncidentStore implements IncidentStore {
  private readonly cap: number;
  private readonly log: Log | undefined;
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
    this.cap = options.deliveryCap ?? DEFAULT_DELIVERY_CAP;
    this.log = options.log;
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
      return await this.admitOnce(ctx, key, pk, d, claim, now, windowMinutes);
    } catch (err) {
      return this.failOpen(key, pk, now, windowMinutes, reasonOf(err));
    }
  }

  async complete(key: IncidentKey, incidentId: string, result: IncidentResult): Promise<void> {
    const values: Record<string, AttributeValue> = {
      ':id': { S: incidentId },
      ':cause': { S: result.cause },
      ':action': { S: result.action },
      ':status': { S: result.action === 'ignored' || result.action === 'summarized' ? result.action : 'notified' },
      ':at': { S: new Date().toISOString() },
      ':yes': { BOOL: true },
    };
    // notified: this window's claim is done (no takeover any more); changeReported: the message named the change.
    let set =
      'SET #cause = :cause, #action = :action, #status = :status, completedAt = :at, notified = ' +
      ':yes, changeReported = :yes';
    if (result.messageId) {
      set += ', messageId = :mid';
      values[':mid'] = { S: result.messageId };
    }
    // An ignored event sends no message, a summarized one none of its own: the claim is settled without
    // counting a notice, so the incident's next window is its 'first' (a full diagnosis), not a reminder.
    const notice = result.action !== 'ignored' && result.action !== 'summarized';
    if (notice) values[':one'] = { N: '1' };
    await this.quietUpdate('complete', key, {
      UpdateExpression: notice ? `${set} ADD notices :one` : set,
      ConditionExpression: 'incidentId = :id',
      ExpressionAttributeNames: { '#cause': 'cause', '#action': 'action', '#status': 'status' },
      ExpressionAttributeValues: values,
    });
  }

  async release(key: IncidentKey, incidentId: string, deliveryId?: string): Promise<void> {
    // windowEndsAt = 0: the next event's update fails its window condition and takes over the incident.
    // The released delivery is forgotten too, so its own retry (EventBridge/Lambda) is not a 'duplicate'.
    const forget = deliveryId ? ' DELETE recentDeliveries :dset' : '';
    await this.quietUpdate('release', key, {
      UpdateExpression: `SET windowEndsAt = :zero, #status = :released${forget}`,
      ConditionExpression: 'incidentId = :id',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':id': { S: incidentId },
        ':zero': { N: '0' },
        ':released': { S: 'released' },
        ...(deliveryId ? { ':dset': { SS: [deliveryHash(deliveryId)] } } : {}),
      },
    });
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
    const ok = await this.quietUpdate('record change', key, {
      UpdateExpression: 'SET changeRecord = :rec, changeReported = :no',
      ConditionExpression: holder ? 'incidentId = :id AND holder = :holder' : 'incidentId = :id',
      ExpressionAttributeValues: {
        ':rec': { S: json },
        ':no': { BOOL: false },
        ':id': { S: incidentId },
        ...(holder ? { ':holder': { S: holder } } : {}),
      },
    });
    // An intent that could not be recorded starts no fix: nothing to keep. What was done is always kept.
    if (!ok && !change.done) return 'unavailable';
    // The audit copy outlives the incident item (CHANGE_RECORD_TTL_SECONDS); its failure is logged, not fatal.
    const ctx = this.ctxFactory();
    const fact = await callAws<unknown>(ctx, 'dynamodb:PutItem', (signal) =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: `change#${incidentId}#${change.startedAt}` },
            incidentId: { S: incidentId },
            incidentPk: { S: pk },
            changeRecord: { S: json },
            expiresAt: { N: String(Math.floor(Date.parse(change.startedAt) / 1000) + CHANGE_RECORD_TTL_SECONDS) },
          },
        }),
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

  private async admitOnce(
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
        const claimed = await this.claim(ctx, key, pk, d, claim, now, windowMinutes, item.expiresAt);
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
      if (item.windowEndsAt <= nowMs) {
        const renewed = await this.renewWindow(ctx, pk, d, claim, item, nowMs, windowMinutes);
        if (renewed) return renewed;
      }
      // The item changed between our upsert and our read (a racer renewed it): count again.
    }
    throw new Error(`incident ${pk}: the item kept changing under ${MAX_ROUNDS} attempts`);
  }

  /**
   * Counts the event, creating the incident item if there is none (the creation fields are written by the
   * first writer only). Fails its condition on a duplicate, an expired or released window, or a stale item.
   */
  private async upsertEvent(
    ctx: CallContext,
    key: IncidentKey,
    pk: string,
    d: string,
    claim: Claim,
    now: Date,
    windowMinutes: number,
  ): Promise<Conditional<IncidentItem>> {
    const nowMs = now.getTime();
    const firstSeenAt = now.toISOString();
    const { windowEndsAt, expiresAt } = windowFrom(nowMs, windowMinutes);
    const out = await this.send(ctx, 'dynamodb:UpdateItem', (signal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: pk } },
          UpdateExpression:
            'SET incidentId = if_not_exists(incidentId, :id), firstSeenAt = if_not_exists(firstSeenAt, :nowIso), ' +
            'windowEndsAt = if_not_exists(windowEndsAt, :end), expiresAt = if_not_exists(expiresAt, :exp), ' +
            '#status = if_not_exists(#status, :handling), notices = if_not_exists(notices, :zero), ' +
            '#account = if_not_exists(#account, :account), #region = if_not_exists(#region, :region), ' +
            '#cluster = if_not_exists(#cluster, :cluster), #scope = if_not_exists(#scope, :scope), ' +
            '#hint = if_not_exists(#hint, :hint), ' +
            'holder = if_not_exists(holder, :holder), ' +
            (claim.leaseUntil !== undefined ? 'leaseUntil = if_not_exists(leaseUntil, :lease), ' : '') +
            'lastSeenAt = :nowIso ' +
            'ADD eventCount :one, recentDeliveries :dset',
          // A live claim (notified, or its lease still running; items without a lease are held until released)
          // counts the event; an abandoned one fails the condition, so the read below can take it over.
          ConditionExpression:
            'attribute_not_exists(pk) OR (windowEndsAt > :now AND NOT contains(recentDeliveries, :d) AND ' +
            '(notified = :yes OR attribute_not_exists(leaseUntil) OR leaseUntil > :now))',
          // Several of these names are DynamoDB reserved words (status, region, cluster, scope).
          ExpressionAttributeNames: {
            '#status': 'status',
            '#account': 'account',
            '#region': 'region',
            '#cluster': 'cluster',
            '#scope': 'scope',
            '#hint': 'hint',
          },
          ExpressionAttributeValues: {
            ':id': { S: incidentIdOf(key, firstSeenAt) },
            ':nowIso': { S: firstSeenAt },
            ':end': { N: String(windowEndsAt) },
            ':exp': { N: String(expiresAt) },
            ':handling': { S: 'handling' },
            ':zero': { N: '0' },
            ':account': { S: key.account },
            ':region': { S: key.region },
            ':cluster': { S: key.cluster },
            ':scope': { S: key.scope },
            ':hint': { S: key.hint },
            ':one': { N: '1' },
            ':dset': { SS: [d] },
            ':d': { S: d },
            ':now': { N: String(nowMs) },
            ':holder': { S: claim.holder },
            ':yes': { BOOL: true },
            ...(claim.leaseUntil !== undefined ? { ':lease': { N: String(claim.leaseUntil) } } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
        { abortSignal: signal },
      ),
    );
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
      await this.send(ctx, 'dynamodb:UpdateItem', (signal) =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: { S: pk } },
            UpdateExpression: 'SET recentDeliveries = :justThis',
            ConditionExpression: 'size(recentDeliveries) >= :cap',
            ExpressionAttributeValues: { ':justThis': { SS: [d] }, ':cap': { N: String(this.cap) } },
          }),
          { abortSignal: signal },
        ),
      );
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
  private async claim(
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
    const { windowEndsAt, expiresAt } = windowFrom(now.getTime(), windowMinutes);
    const out = await this.send(ctx, 'dynamodb:PutItem', (signal) =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: pk },
            incidentId: { S: incidentId },
            account: { S: key.account },
            region: { S: key.region },
            cluster: { S: key.cluster },
            scope: { S: key.scope },
            hint: { S: key.hint },
            firstSeenAt: { S: firstSeenAt },
            lastSeenAt: { S: firstSeenAt },
            windowEndsAt: { N: String(windowEndsAt) },
            expiresAt: { N: String(expiresAt) },
            status: { S: 'handling' },
            eventCount: { N: '1' },
            notices: { N: '0' },
            recentDeliveries: { SS: [d] },
            holder: { S: claim.holder },
            ...(claim.leaseUntil !== undefined ? { leaseUntil: { N: String(claim.leaseUntil) } } : {}),
          },
          ConditionExpression: 'expiresAt = :old',
          ExpressionAttributeValues: { ':old': { N: String(staleExpiresAt) } },
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
    const { windowEndsAt, expiresAt } = windowFrom(nowMs, windowMinutes);
    const out = await this.send(ctx, 'dynamodb:UpdateItem', (signal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: pk } },
          UpdateExpression:
            'SET windowEndsAt = :end, expiresAt = :exp, recentDeliveries = :dset, lastSeenAt = ' +
            ':nowIso, #status = :handling, ' +
            `holder = :holder, notified = ` +
            `:no${claim.leaseUntil !== undefined ? ', leaseUntil = :lease' : ' REMOVE leaseUntil'} ADD ` +
            `eventCount :one`,
          ConditionExpression: 'windowEndsAt = :oldEnd',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':end': { N: String(windowEndsAt) },
            ':exp': { N: String(expiresAt) },
            ':dset': { SS: [d] },
            ':nowIso': { S: new Date(nowMs).toISOString() },
            ':handling': { S: 'handling' },
            ':one': { N: '1' },
            ':oldEnd': { N: String(item.windowEndsAt) },
            ':holder': { S: claim.holder },
            ':no': { BOOL: false },
            ...(claim.leaseUntil !== undefined ? { ':lease': { N: String(claim.leaseUntil) } } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
        { abortSignal: signal },
      ),
    );
    if (out === CONDITION_FAILED) return false;
    const renewed = parseItem(out.Attributes)!;
    // A released owner (failed before notifying) may have changed something first: the new owner reports it.
    const takeover = unreported(item, nowMs);
    const base = {
      incidentId: renewed.incidentId,
      firstSeenAt: renewed.firstSeenAt,
      count: renewed.eventCount,
      claim,
      ...(takeover ? { takeover } : {}),
    };
    // A released owner that never notified: the incident still needs its first message.
    if (renewed.notices === 0) return { kind: 'first', ...base };
    return { kind: 'reminder', ...base, ...(item.cause ? { previousCause: item.cause } : {}) };
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
    const out = await this.send(ctx, 'dynamodb:UpdateItem', (signal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: pk } },
          UpdateExpression:
            `SET holder = :holder, lastSeenAt = :nowIso, #status = ` +
            `:handling${claim.leaseUntil !== undefined ? ', leaseUntil = :lease' : ' REMOVE leaseUntil'} ` +
            'ADD takeovers :one, eventCount :count, recentDeliveries :dset',
          ConditionExpression: 'holder = :oldHolder AND leaseUntil = :oldLease AND NOT (notified = :yes)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':holder': { S: claim.holder },
            ':nowIso': { S: new Date(nowMs).toISOString() },
            ':handling': { S: 'handling' },
            ':one': { N: '1' },
            // A redelivery of an event already counted is not counted twice.
            ':count': { N: redelivery ? '0' : '1' },
            ':dset': { SS: [d] },
            ':oldHolder': { S: item.holder! },
            ':oldLease': { N: String(item.leaseUntil!) },
            ':yes': { BOOL: true },
            ...(claim.leaseUntil !== undefined ? { ':lease': { N: String(claim.leaseUntil) } } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
        { abortSignal: signal },
      ),
    );
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
    const base = {
      incidentId: taken.incidentId,
      firstSeenAt: taken.firstSeenAt,
      count: taken.eventCount,
      claim,
      takeover,
    };
    if (taken.notices === 0) return { kind: 'first', ...base };
    return { kind: 'reminder', ...base, ...(item.cause ? { previousCause: item.cause } : {}) };
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

  private async quietUpdate(
    op: 'complete' | 'release' | 'record change',
    key: IncidentKey,
    input: Omit<ConstructorParameters<typeof UpdateItemCommand>[0], 'TableName' | 'Key'>,
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

/** A change an earlier holder made or started and no message has reported yet, as a takeover to report. */
function unreported(item: IncidentItem, nowMs: number): Takeover | undefined {
  if (item.notified || !item.change || item.changeReported) return undefined;
  return { leaseEndedAt: new Date(item.leaseUntil ?? nowMs).toISOString(), change: item.change };
}
