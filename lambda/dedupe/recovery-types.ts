/** The recovery follow-up's contract (issue 17): open incidents per service, their resolution (recovery-store.ts). */
import type { TrailQuery, WhatChanged } from '../domain/change';
import type { ChangeRecord, IncidentKey } from './types';

/** A service whose incidents can recover. */
export interface ServiceRef {
  account: string;
  region: string;
  cluster: string;
  service: string;
}

/** What the recovery message says of one incident, read back when it is claimed. */
export interface ClaimedIncident {
  /** The service set's entry ("<pk>|<incidentId>"). */
  entry: string;
  incidentId: string;
  cause: string;
  firstSeenAt: string;
  /** Failed tasks counted in the incident. */
  count: number;
  taskDefinitionArn?: string;
  /** What this tool changed for it (done: what was applied). */
  change?: ChangeRecord;
  whatChanged?: WhatChanged;
  /** The questions of what changed and of what fixed it, as the diagnosis asked them. */
  changeQuery?: TrailQuery;
  fixQuery?: TrailQuery;
}

export type Claimed =
  | { kind: 'claimed'; incident: ClaimedIncident }
  /** Not this incident any more (resolved, expired, replaced): the entry is dropped. */
  | { kind: 'gone' }
  /** Being handled (its window's message is not out yet) or claimed by another signal: left listed. */
  | { kind: 'busy' }
  | { kind: 'unavailable' };

/** How long a claim on a resolution holds before another signal may take it over (ms). */
export const RESOLVE_LEASE_MS = 60_000;
/** The service item outlives its last opened incident by a week (the incident items live a day past their window). */
export const OPEN_TTL_SECONDS = 7 * 86_400;

export function openPk(s: ServiceRef): string {
  return `open#${s.account}#${s.region}#${s.cluster}#service:${s.service}`;
}

export const entryOf = (pk: string, incidentId: string) => `${pk}|${incidentId}`;
export function splitEntry(entry: string): { pk: string; incidentId: string } {
  const i = entry.lastIndexOf('|');
  return i < 0 ? { pk: entry, incidentId: '' } : { pk: entry.slice(0, i), incidentId: entry.slice(i + 1) };
}

export interface OpenedDetails {
  taskDefinitionArn?: string;
  changeQuery?: TrailQuery;
  fixQuery?: TrailQuery;
}

export interface RecoveryStore {
  /** Lists the incident as open on its service and stores what recovery needs on it. Never throws. */
  opened(key: IncidentKey, incidentId: string, details: OpenedDetails): Promise<void>;
  /** The entries open on the service; undefined when the table cannot be read. */
  openOn(service: ServiceRef): Promise<string[] | undefined>;
  claim(service: ServiceRef, entry: string, holder: string, nowMs: number): Promise<Claimed>;
  /** The message went out: tombstone the incident, then drop its entry. */
  resolved(service: ServiceRef, entry: string, holder: string, messageId: string, nowMs: number): Promise<void>;
  release(entry: string, holder: string): Promise<void>;
}

/** No table (CLI, local replay): nothing is open, nothing recovers. */
export const noRecovery: RecoveryStore = {
  async opened() {},
  async openOn() {
    return [];
  },
  async claim() {
    return { kind: 'gone' };
  },
  async resolved() {},
  async release() {},
};
