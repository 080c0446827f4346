/**
 * The UpdateItem requests of the diagnosis rate, as pure builders of their expressions, conditions and
 * values (the rate adds table and key). The header of ./diagnosis-rate.ts explains when each one runs.
 */
import type { UpdateInput } from './conditional-write';
import { LISTED_MAX } from './types';

/** The values every request of one round shares: the minute counted against, now (epoch ms) and the TTL. */
export function minuteValues(bucket: number, nowMs: number, ttl: number) {
  return { ':m': { N: String(bucket) }, ':now': { N: String(nowMs) }, ':ttl': { N: String(ttl) } };
}
export type MinuteValues = ReturnType<typeof minuteValues>;

/** The common case: this minute, under the cap, no surge → admitted. (seen stays ≤ cap ≤ LISTED_MAX.) */
export function admitUnderCapUpdate(common: MinuteValues, e: string, cap: number): UpdateInput {
  return {
    UpdateExpression: 'SET expiresAt = :ttl ADD admitted :one, seen :e',
    ConditionExpression:
      'rateMinute = :m AND admitted < :cap AND (attribute_not_exists(surgeUntil) OR surgeUntil <= :now)',
    ExpressionAttributeValues: { ...common, ':one': { N: '1' }, ':cap': { N: String(cap) }, ':e': { SS: [e] } },
  };
}

/** The first new incident of a minute starts the minute over (one racer wins; the others retry). */
export function resetMinuteUpdate(common: MinuteValues, e: string): UpdateInput {
  return {
    UpdateExpression: 'SET rateMinute = :m, admitted = :one, seen = :e, expiresAt = :ttl',
    ConditionExpression:
      'attribute_not_exists(pk) OR (rateMinute < :m AND (attribute_not_exists(surgeUntil) OR ' + 'surgeUntil <= :now))',
    ExpressionAttributeValues: { ...common, ':one': { N: '1' }, ':e': { SS: [e] } },
  };
}

/** Starts a surge with this incident counted and its summary claimed (conditioned on no surge being on). */
export function startSurgeUpdate(
  common: MinuteValues,
  e: string,
  surge: { surgeId: string; startedAt: string; surgeUntil: number; holder: string; leaseUntil: number },
): UpdateInput {
  return {
    UpdateExpression:
      'SET surgeId = :sid, surgeStartedAt = :at, surgeUntil = :until, counted = :e, countedTotal ' +
      '= :one, surgeSeen = seen, ' +
      'summaryHolder = :h, summaryLeaseUntil = :lease, expiresAt = :ttl REMOVE summarySentAt, summaryMessageId',
    ConditionExpression: 'attribute_not_exists(surgeUntil) OR surgeUntil <= :now',
    ExpressionAttributeValues: {
      ':now': common[':now'],
      ':ttl': common[':ttl'],
      ':sid': { S: surge.surgeId },
      ':at': { S: surge.startedAt },
      ':until': { N: String(surge.surgeUntil) },
      ':e': { SS: [e] },
      ':one': { N: '1' },
      ':h': { S: surge.holder },
      ':lease': { N: String(surge.leaseUntil) },
    },
  };
}

/** Counts an incident in the surge that is on; `listed` also lists it, while the list has room. */
export function countInSurgeUpdate(common: MinuteValues, surgeId: string, e: string, listed: boolean): UpdateInput {
  return {
    UpdateExpression: `ADD countedTotal :one${listed ? ', counted :e' : ''}`,
    ConditionExpression: `surgeId = :sid AND surgeUntil > :now${listed ? ' AND size(counted) < :listed' : ''}`,
    ExpressionAttributeValues: {
      ':one': { N: '1' },
      ':sid': { S: surgeId },
      ':now': common[':now'],
      ...(listed ? { ':e': { SS: [e] }, ':listed': { N: String(LISTED_MAX) } } : {}),
    },
    ReturnValues: 'ALL_NEW',
  };
}

/** Takes over a surge summary whose holder let its lease run out without sending it. */
export function takeOverSummaryUpdate(
  surgeId: string,
  holder: string,
  leaseUntil: number,
  oldLeaseUntil: number,
): UpdateInput {
  return {
    UpdateExpression: 'SET summaryHolder = :h, summaryLeaseUntil = :lease',
    ConditionExpression: 'surgeId = :sid AND summaryLeaseUntil = :old AND attribute_not_exists(summarySentAt)',
    ExpressionAttributeValues: {
      ':h': { S: holder },
      ':lease': { N: String(leaseUntil) },
      ':sid': { S: surgeId },
      ':old': { N: String(oldLeaseUntil) },
    },
  };
}

/** The summary was sent (no takeover any more), or not (its lease ends now, so the next counted event sends it). */
export function summaryDoneUpdate(
  surgeId: string,
  holder: string,
  messageId: string | undefined,
  at: string,
): UpdateInput {
  const update: UpdateInput = messageId
    ? {
        UpdateExpression: 'SET summarySentAt = :at, summaryMessageId = :mid',
        ExpressionAttributeValues: {
          ':at': { S: at },
          ':mid': { S: messageId },
          ':sid': { S: surgeId },
          ':h': { S: holder },
        },
      }
    : {
        UpdateExpression: 'SET summaryLeaseUntil = :zero',
        ExpressionAttributeValues: { ':zero': { N: '0' }, ':sid': { S: surgeId }, ':h': { S: holder } },
      };
  return { ...update, ConditionExpression: 'surgeId = :sid AND summaryHolder = :h' };
}
