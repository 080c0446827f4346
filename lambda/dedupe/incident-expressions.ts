/**
 * The DynamoDB requests of the incident store, as pure builders of their inputs (expressions, conditions and
 * values; the store adds table and key). The header of ./incident-store.ts explains each condition.
 */
import type { AttributeValue, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { UpdateInput } from './conditional-write';
import type { IncidentItem } from './incident-item';
import { CHANGE_RECORD_TTL_SECONDS, deliveryHash, incidentIdOf, windowFrom } from './incident-keys';
import type { ChangeRecord, Claim, IncidentKey, IncidentResult } from './types';

/** A PutItem input without the table name. */
export type PutInput = Omit<ConstructorParameters<typeof PutItemCommand>[0], 'TableName'>;

/**
 * Counts the event, creating the incident item if there is none (the creation fields are written by the
 * first writer only). Fails its condition on a duplicate, an expired or released window, or a stale item.
 */
export function upsertEventUpdate(
  key: IncidentKey,
  d: string,
  claim: Claim,
  now: Date,
  windowMinutes: number,
): UpdateInput {
  const nowMs = now.getTime();
  const firstSeenAt = now.toISOString();
  const { windowEndsAt, expiresAt } = windowFrom(nowMs, windowMinutes);
  return {
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
  };
}

/** Starts the delivery set over with this delivery, if it still holds at least `cap` of them. */
export function rotateDeliveriesUpdate(d: string, cap: number): UpdateInput {
  return {
    UpdateExpression: 'SET recentDeliveries = :justThis',
    ConditionExpression: 'size(recentDeliveries) >= :cap',
    ExpressionAttributeValues: { ':justThis': { SS: [d] }, ':cap': { N: String(cap) } },
  };
}

/** A new incident item replacing one past its TTL (conditioned on the stale item's expiresAt). */
export function replaceStaleItemPut(
  key: IncidentKey,
  pk: string,
  d: string,
  claim: Claim,
  opened: { incidentId: string; firstSeenAt: string; windowEndsAt: number; expiresAt: number },
  staleExpiresAt: number,
): PutInput {
  return {
    Item: {
      pk: { S: pk },
      incidentId: { S: opened.incidentId },
      account: { S: key.account },
      region: { S: key.region },
      cluster: { S: key.cluster },
      scope: { S: key.scope },
      hint: { S: key.hint },
      firstSeenAt: { S: opened.firstSeenAt },
      lastSeenAt: { S: opened.firstSeenAt },
      windowEndsAt: { N: String(opened.windowEndsAt) },
      expiresAt: { N: String(opened.expiresAt) },
      status: { S: 'handling' },
      eventCount: { N: '1' },
      notices: { N: '0' },
      recentDeliveries: { SS: [d] },
      holder: { S: claim.holder },
      ...(claim.leaseUntil !== undefined ? { leaseUntil: { N: String(claim.leaseUntil) } } : {}),
    },
    ConditionExpression: 'expiresAt = :old',
    ExpressionAttributeValues: { ':old': { N: String(staleExpiresAt) } },
  };
}

/** A new window on an expired or released incident, conditioned on the window end read. */
export function renewWindowUpdate(
  d: string,
  claim: Claim,
  item: IncidentItem,
  nowMs: number,
  windowMinutes: number,
): UpdateInput {
  const { windowEndsAt, expiresAt } = windowFrom(nowMs, windowMinutes);
  return {
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
  };
}

/** Takes over a claim whose lease ran out: conditioned on the holder and lease read, and on no notification. */
export function takeOverUpdate(
  d: string,
  claim: Claim,
  item: IncidentItem,
  nowMs: number,
  redelivery: boolean,
): UpdateInput {
  return {
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
  };
}

/** Longest stored what-changed record (JSON); a longer one is not stored (looked up again). */
export const WHAT_CHANGED_MAX = 4_000;

/** Settles this window's claim with its result (a notice is counted unless the event was summarized). */
export function completeUpdate(incidentId: string, result: IncidentResult, at: string): UpdateInput {
  const values: Record<string, AttributeValue> = {
    ':id': { S: incidentId },
    ':cause': { S: result.cause },
    ':action': { S: result.action },
    ':status': { S: result.action === 'summarized' ? result.action : 'notified' },
    ':at': { S: at },
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
  // What changed, once known (found or none) and for which cause, so that a reminder of the same cause does not ask
  // event history again; anything else (not looked up, not known yet) removes what an earlier window stored.
  const known = result.change?.status === 'found' || result.change?.status === 'none';
  const json = known ? JSON.stringify(result.change) : '';
  let remove = '';
  if (known && json.length <= WHAT_CHANGED_MAX) {
    set += ', whatChanged = :wc, whatChangedCause = :cause';
    values[':wc'] = { S: json };
  } else remove = ' REMOVE whatChanged, whatChangedCause';
  // A summarized event sends no message of its own: the claim is settled without
  // counting a notice, so the incident's next window is its 'first' (a full diagnosis), not a reminder.
  const notice = result.action !== 'summarized';
  if (notice) values[':one'] = { N: '1' };
  return {
    UpdateExpression: `${set}${remove}${notice ? ' ADD notices :one' : ''}`,
    ConditionExpression: 'incidentId = :id',
    ExpressionAttributeNames: { '#cause': 'cause', '#action': 'action', '#status': 'status' },
    ExpressionAttributeValues: values,
  };
}

/** Ends the window of an owner that gives up (and forgets its delivery, so its retry is not a duplicate). */
export function releaseUpdate(incidentId: string, deliveryId?: string): UpdateInput {
  // windowEndsAt = 0: the next event's update fails its window condition and takes over the incident.
  // The released delivery is forgotten too, so its own retry (EventBridge/Lambda) is not a 'duplicate'.
  const forget = deliveryId ? ' DELETE recentDeliveries :dset' : '';
  return {
    UpdateExpression: `SET windowEndsAt = :zero, #status = :released${forget}`,
    ConditionExpression: 'incidentId = :id',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':id': { S: incidentId },
      ':zero': { N: '0' },
      ':released': { S: 'released' },
      ...(deliveryId ? { ':dset': { SS: [deliveryHash(deliveryId)] } } : {}),
    },
  };
}

/** The change record on the incident item (only by the claim's holder, when one is named), not yet reported. */
export function recordChangeUpdate(incidentId: string, json: string, holder?: string): UpdateInput {
  return {
    UpdateExpression: 'SET changeRecord = :rec, changeReported = :no',
    ConditionExpression: holder ? 'incidentId = :id AND holder = :holder' : 'incidentId = :id',
    ExpressionAttributeValues: {
      ':rec': { S: json },
      ':no': { BOOL: false },
      ':id': { S: incidentId },
      ...(holder ? { ':holder': { S: holder } } : {}),
    },
  };
}

/** The long-lived audit copy of a change record (CHANGE_RECORD_TTL_SECONDS), an item of its own. */
export function changeAuditPut(pk: string, incidentId: string, change: ChangeRecord, json: string): PutInput {
  return {
    Item: {
      pk: { S: `change#${incidentId}#${change.startedAt}` },
      incidentId: { S: incidentId },
      incidentPk: { S: pk },
      changeRecord: { S: json },
      expiresAt: { N: String(Math.floor(Date.parse(change.startedAt) / 1000) + CHANGE_RECORD_TTL_SECONDS) },
    },
  };
}
