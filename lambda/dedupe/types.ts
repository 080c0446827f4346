/**
 * Storm control contract. One incident = (account, region, cluster, service or task-definition family,
 * cause family known from the text). The first event of an incident is handled; later ones only count.
 */
import type { WhatChanged } from '../domain/change';

export interface IncidentKey {
  account: string;
  region: string;
  cluster: string;
  /** "service:NAME" or "family:NAME" (or "task:ID" when neither is known). */
  scope: string;
  /** Cause family derived from the stop reason text before any AWS call (the evidence cause is recorded later). */
  hint: string;
}

/** One step of an auto-fix as recorded before its first write: what, where, with which client token. */
export interface IntendedStep {
  stepId: string;
  action: string;
  resource: string;
  clientToken?: string;
}

/** A step as recorded after the fix ran: what was done (the AppliedStep fields a message needs). */
export interface DoneStep {
  stepId: string;
  action: string;
  resourceId?: string;
  result: 'created' | 'already-present' | 'changed' | 'skipped';
  detail: string;
}

/**
 * What one attempt of an incident changed, recorded on the incident item (and copied to a long-lived
 * audit item): the intent before the fix's first write, the result after it.
 */
export interface ChangeRecord {
  /** The auto-fix (stack parameter) the steps belong to. */
  autoFix: string;
  /** ISO time the intent was recorded (just before the first write). */
  startedAt: string;
  intended: IntendedStep[];
  /** Set once the fix has run: 'fixed' or 'failed', what was done, whether it was verified, when. */
  done?: { outcome: 'fixed' | 'failed'; at: string; applied: DoneStep[]; verified: boolean };
}

/** The claim an invocation holds on an incident: its holder token and lease end (epoch ms). */
export interface Claim {
  holder: string;
  /** Epoch ms; absent = no lease (held until complete/release, the pre-lease contract). */
  leaseUntil?: number;
}

/** Set when this invocation took over a claim whose holder's lease ran out before it notified. */
export interface Takeover {
  /** ISO time the earlier holder's lease ended. */
  leaseEndedAt: string;
  /** What the earlier attempt changed or started to change, if anything (not yet reported). */
  change?: ChangeRecord;
}

export type Admission =
  /** Same task ARN and detail.version seen before: drop before any AWS call. */
  | { kind: 'duplicate'; incidentId?: string }
  /** Within the window of a handled incident: counted, not handled. */
  | { kind: 'suppressed'; incidentId: string; count: number }
  /** This invocation owns the incident: diagnose, act, notify. */
  | { kind: 'first'; incidentId: string; firstSeenAt: string; count: number; claim?: Claim; takeover?: Takeover }
  /** The window expired and the incident still recurs: notify once more (no new fix). */
  | {
      kind: 'reminder';
      incidentId: string;
      firstSeenAt: string;
      count: number;
      previousCause?: string;
      /** What the earlier message of the incident said changed (found or none): not looked up again. */
      previousChange?: WhatChanged;
      claim?: Claim;
      takeover?: Takeover;
    };

export interface IncidentResult {
  cause: string;
  /** What changed, as the message said it (stored when found or none, and given to the reminder). */
  change?: WhatChanged;
  /**
   * 'summarized': over the per-account diagnosis cap, reported in a surge summary instead of its own message.
   */
  action: 'fixed' | 'proposed' | 'failed' | 'summarized';
  messageId?: string;
}

/** Options of one admit(). */
export interface AdmitOptions {
  /**
   * How long the claim is held if this event becomes the owner (ms). The pipeline passes the invocation's
   * time left (≤ the function timeout), so the lease has run out before Lambda retries a killed invocation.
   * Without it the claim is held until complete()/release() (no takeover).
   */
  leaseMs?: number;
}

export interface IncidentStore {
  /**
   * Decides, with one conditional write in the common (storm) case, what this delivery is.
   * `deliveryId` = taskArn + "#" + detail.version.
   */
  admit(
    key: IncidentKey,
    deliveryId: string,
    now: Date,
    windowMinutes: number,
    options?: AdmitOptions,
  ): Promise<Admission>;
  /**
   * Records what a fix is about to change (before its first write) or, with `done`, what it changed.
   * With `holder`, only while that invocation still holds the claim (a holder that lost it to a takeover
   * records nothing, and so starts no fix). 'recorded', or 'unavailable' (DynamoDB failed, or the claim is
   * another's: logged; the caller decides). Never throws.
   */
  recordChange(
    key: IncidentKey,
    incidentId: string,
    change: ChangeRecord,
    holder?: string,
  ): Promise<'recorded' | 'unavailable'>;
  /** Records the outcome on the incident (shown in reminders) and marks this window notified; never throws. */
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
    return {
      kind: 'first',
      incidentId: `local-${key.scope}-${deliveryId.slice(-8)}`.replace(/[^A-Za-z0-9:._-]/g, '-'),
      firstSeenAt: now.toISOString(),
      count: 1,
    };
  },
  async recordChange() {
    return 'recorded';
  },
  async complete() {},
  async release() {},
};

/**
 * Per-account cap on full diagnoses (issue 14, "bounded blast radius"). A regional ECR or network outage
 * fails every service at once; each new incident would cost a full diagnosis (up to 15 AWS calls, several
 * of them IAM, whose request rate the account's deploy pipelines share) and one message. Beyond the cap
 * per minute the tool enters a *surge*: new incidents are counted, not diagnosed, and ONE summary message
 * says how many services fail and with which texts.
 */
/** Entries listed per minute and per surge (the rest only counted): keeps the rate item far below DynamoDB's 400 KB. */
export const LISTED_MAX = 100;
/** Longest entry text stored (characters). */
export const ENTRY_TEXT_MAX = 240;

export interface RateEntry {
  /** "cluster/service" (or the task definition family / task id) of the incident. */
  where: string;
  /** The stop reason with the image, ids and addresses masked (services failing "with the same text" share it). */
  text: string;
}

export type RateAdmission =
  /** Under the cap and no surge: diagnose in full. */
  | { kind: 'full' }
  /** Over the cap (or a surge is on): counted in the surge; this invocation sends nothing. */
  | { kind: 'counted'; surgeId: string; surgeUntil: number }
  /** Over the cap: this invocation started the surge (or took over its unsent summary) and sends the summary. */
  | {
      kind: 'summarize';
      surgeId: string;
      surgeUntil: number;
      holder: string;
      startedAt: string;
      previous?: { startedAt: string; counted: number };
    };

/** What the summary of a surge says, read back from the store when the summary is sent. */
export interface SurgeSnapshot {
  surgeId: string;
  /** ISO start and end (epoch ms) of the surge. */
  startedAt: string;
  surgeUntil: number;
  /** Incidents diagnosed in full in the minute the surge started (each has its own message). */
  diagnosed: RateEntry[];
  /** Incidents counted without a diagnosis: listed (up to a cap), and in total. */
  counted: RateEntry[];
  countedTotal: number;
}

export interface DiagnosisRate {
  /** Whether this new incident gets a full diagnosis; fails open ('full') when the store fails. Never throws. */
  admit(
    account: string,
    region: string,
    entry: RateEntry,
    now: Date,
    cap: number,
    leaseMs: number,
  ): Promise<RateAdmission>;
  /** The surge as stored now (for the summary), or undefined when it cannot be read. Never throws. */
  snapshot(account: string, region: string, surgeId: string): Promise<SurgeSnapshot | undefined>;
  /** The summary went out (no takeover any more), or failed (the next counted event takes it over). Never throws. */
  summaryDone(
    account: string,
    region: string,
    surgeId: string,
    holder: string,
    messageId: string | undefined,
  ): Promise<void>;
}

/** No table configured (CLI, local replay): no cap. */
export const noRateLimit: DiagnosisRate = {
  async admit() {
    return { kind: 'full' };
  },
  async snapshot() {
    return undefined;
  },
  async summaryDone() {},
};
