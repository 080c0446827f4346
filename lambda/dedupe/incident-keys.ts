/** Keys, ids and lifetimes of the items in the incident table: pure, shared by the store and its expressions. */
import { createHash } from 'node:crypto';
import type { IncidentKey } from './types';

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
export function windowFrom(nowMs: number, windowMinutes: number): { windowEndsAt: number; expiresAt: number } {
  const windowEndsAt = nowMs + windowMinutes * 60_000;
  return { windowEndsAt, expiresAt: Math.floor(windowEndsAt / 1000) + TTL_AFTER_WINDOW_SECONDS };
}
