/** An incident item as read from DynamoDB, and what it means for the event that read it: pure. */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { WhatChanged } from '../domain/change';
import type { Admission, ChangeRecord, Claim, Takeover } from './types';

export interface IncidentItem {
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
  /** What changed, as the last message said it (found or none). */
  whatChanged?: WhatChanged;
}

function parseWhatChanged(json: string | undefined): WhatChanged | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as WhatChanged;
    return v && (v.status === 'found' || v.status === 'none') ? v : undefined;
  } catch {
    return undefined;
  }
}

function parseChange(json: string | undefined): ChangeRecord | undefined {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as ChangeRecord;
  } catch {
    return undefined;
  }
}

export function parseItem(item: Record<string, AttributeValue> | undefined): IncidentItem | undefined {
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
    // What changed is reused only for the cause it was found for (the cause notified last).
    ...(parseWhatChanged(s('whatChanged')) && s('whatChangedCause') === cause
      ? { whatChanged: parseWhatChanged(s('whatChanged'))! }
      : {}),
  };
}

/** A change an earlier holder made or started and no message has reported yet, as a takeover to report. */
export function unreported(item: IncidentItem, nowMs: number): Takeover | undefined {
  if (item.notified || !item.change || item.changeReported) return undefined;
  return { leaseEndedAt: new Date(item.leaseUntil ?? nowMs).toISOString(), change: item.change };
}

/**
 * The admission of an event that renewed or took over an incident (`before` read, `after` written): still
 * its 'first' when no notice went out yet, else a 'reminder' naming the cause notified before.
 */
export function admissionAfterClaim(
  before: IncidentItem,
  after: IncidentItem,
  claim: Claim,
  takeover: Takeover | undefined,
): Admission {
  const base = {
    incidentId: after.incidentId,
    firstSeenAt: after.firstSeenAt,
    count: after.eventCount,
    claim,
    ...(takeover ? { takeover } : {}),
  };
  if (after.notices === 0) return { kind: 'first', ...base };
  return {
    kind: 'reminder',
    ...base,
    ...(before.cause ? { previousCause: before.cause } : {}),
    ...(before.whatChanged ? { previousChange: before.whatChanged } : {}),
  };
}
