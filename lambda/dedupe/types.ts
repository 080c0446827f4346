/**
 * Storm control contract. One incident = (account, region, cluster, service or task-definition family,
 * cause family known from the text). The first event of an incident is handled; later ones only count.
 */
export interface IncidentKey {
  account: string;
  region: string;
  cluster: string;
  /** "service:NAME" or "family:NAME" (or "task:ID" when neither is known). */
  scope: string;
  /** Cause family derived from the stop reason text before any AWS call (the evidence cause is recorded later). */
  hint: string;
}

export type Admission =
  /** Same task ARN and detail.version seen before: drop before any AWS call. */
  | { kind: 'duplicate'; incidentId?: string }
  /** Within the window of a handled incident: counted, not handled. */
  | { kind: 'suppressed'; incidentId: string; count: number }
  /** This invocation owns the incident: diagnose, act, notify. */
  | { kind: 'first'; incidentId: string; firstSeenAt: string; count: number }
  /** The window expired and the incident still recurs: notify once more (no new fix). */
  | { kind: 'reminder'; incidentId: string; firstSeenAt: string; count: number; previousCause?: string };

export interface IncidentResult {
  cause: string;
  action: 'fixed' | 'proposed' | 'failed';
  messageId?: string;
}

export interface IncidentStore {
  /**
   * Decides, with one conditional write in the common (storm) case, what this delivery is.
   * `deliveryId` = taskArn + "#" + detail.version.
   */
  admit(key: IncidentKey, deliveryId: string, now: Date, windowMinutes: number): Promise<Admission>;
  /** Records the outcome on the incident (shown in reminders); never throws. */
  complete(key: IncidentKey, incidentId: string, result: IncidentResult): Promise<void>;
  /**
   * Gives up ownership after a failure before notifying, so a later event — or the retry of this very
   * delivery, when `deliveryId` is given — takes over; never throws.
   */
  release(key: IncidentKey, incidentId: string, deliveryId?: string): Promise<void>;
}

/** No table configured (CLI, local replay): every delivery is the first of its incident. */
export const noStormControl: IncidentStore = {
  async admit(key, deliveryId, now) {
    return { kind: 'first', incidentId: `local-${key.scope}-${deliveryId.slice(-8)}`.replace(/[^A-Za-z0-9:._-]/g, '-'), firstSeenAt: now.toISOString(), count: 1 };
  },
  async complete() {},
  async release() {},
};
