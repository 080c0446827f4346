/**
 * What the pipeline takes and gives: its injected dependencies, its result (and the handler's summary of it),
 * and the time reserves every stage keeps for the ones after it.
 */
import type { Config } from './config';
import type { Clients } from './aws/clients';
import type { Fact } from './aws/call';
import type { Log } from './log';
import type { Diagnosis } from './domain/diagnosis';
import type { Outcome } from './remediate/types';
import type { RenderedNotification } from './notify/types';
import type { DiagnosisRate, IncidentStore } from './dedupe/types';
import type { HealthStore } from './dedupe/health-store';
import type { RecoveryStore } from './dedupe/recovery-store';
import type { AccountClients } from './aws/member-clients';

export interface PipelineDeps {
  config: Config;
  clients: Clients;
  store: IncidentStore;
  /** The per-account cap on full diagnoses (absent: no cap — CLI, local replay). */
  rate?: DiagnosisRate;
  /** Open incidents per service, for the resolved message (absent: no recovery follow-up — CLI, local replay). */
  recovery?: RecoveryStore;
  /** Open AWS Health events per Region, named in messages (absent: not recorded — CLI without a table). */
  health?: HealthStore;
  /**
   * Organization mode (issue 18): the clients of an account and Region of the organization, through its member roles.
   * Absent: single-account mode (`clients` only, for this account and Region).
   */
  accountClients?: AccountClients;
  /** Waits (the surge summarizer gathers the surge's first incidents); tests pass their own. */
  sleep?: (ms: number) => Promise<void>;
  log: Log;
  /** Account the function runs in (from the invocation context); events of other accounts are not probed. */
  ownAccount?: string;
  /** Time a fix needs beyond the reserve to be started (default MIN_FIX_MS). */
  minFixMs?: number;
  /** Milliseconds left in this invocation (Lambda context); bounds the evidence deadline. */
  remainingMs?: () => number;
  /** Sends the notification: SNS in Lambda, print in a local replay without a topic (lambda/deps.ts builds both). */
  publish: (n: RenderedNotification) => Promise<Fact<{ messageId: string }>>;
  now?: () => Date;
}

export type PipelineResult =
  | { status: 'ignored'; reason: string; taskArn?: string }
  | { status: 'duplicate'; taskArn: string; incidentId?: string }
  | { status: 'suppressed'; taskArn: string; incidentId: string; count: number }
  /** An AWS Health event of ECR, ECS or Fargate, recorded (open) or removed (closed) for the Region's messages. */
  | { status: 'recorded'; eventArn: string; healthStatus: 'open' | 'closed' | 'upcoming' }
  /** Over the per-account diagnosis cap: counted in a surge; `notification` only on the event that sent its summary. */
  | {
      status: 'summarized';
      taskArn: string;
      incidentId: string;
      surgeId: string;
      notification?: RenderedNotification;
      messageId?: string;
    }
  /** A service of open incidents runs its tasks again: one resolved message per incident (issue 17). */
  | {
      status: 'resolved';
      /** "cluster/service". */
      service: string;
      incidentIds: string[];
      /** When each incident was first seen (ISO), and when the service ran again: the time to recovery. */
      firstSeenAt: string[];
      recoveredAt: string;
      notifications: RenderedNotification[];
      messageIds: string[];
    }
  | {
      status: 'notified';
      taskArn: string;
      incidentId: string;
      role: 'first' | 'reminder';
      diagnosis: Diagnosis;
      outcome: Outcome;
      notification: RenderedNotification;
      messageId?: string;
      apiCalls: number;
      /** When the task stopped (ISO, the event's), for the time to diagnose. */
      stoppedAt?: string;
      /** Set when every evidence call failed because AWS could not be asked (no credentials, region or connection). */
      unreachable?: string;
    };

/** What the handler returns (and the CLI's `handle` prints): the outcome in a few stable fields. */
export interface HandlerResult {
  status: PipelineResult['status'];
  taskArn?: string;
  /** "cluster/service" of a service signal's result. */
  service?: string;
  incidentId?: string;
  cause?: string;
  action?: string;
  reason?: string;
}

export function summarize(result: PipelineResult): HandlerResult {
  switch (result.status) {
    case 'ignored':
      return { status: result.status, reason: result.reason, ...(result.taskArn ? { taskArn: result.taskArn } : {}) };
    case 'duplicate':
      return {
        status: result.status,
        taskArn: result.taskArn,
        ...(result.incidentId ? { incidentId: result.incidentId } : {}),
      };
    case 'recorded':
      return { status: result.status, action: `health-event-${result.healthStatus}`, reason: result.eventArn };
    case 'suppressed':
    case 'summarized':
      return { status: result.status, taskArn: result.taskArn, incidentId: result.incidentId };
    case 'resolved':
      return {
        status: result.status,
        service: result.service,
        ...(result.incidentIds[0] ? { incidentId: result.incidentIds[0] } : {}),
        action: 'resolved',
      };
    case 'notified':
      return {
        status: result.status,
        taskArn: result.taskArn,
        incidentId: result.incidentId,
        cause: result.diagnosis.cause,
        action: result.outcome.kind,
      };
  }
}

/**
 * Raised when even the notification cannot be sent: the invocation fails so EventBridge retries, then the DLQ keeps the
 * event.
 */
export class NotificationFailedError extends Error {
  override readonly name = 'NotificationFailedError';
  constructor(
    message: string,
    /** Why AWS could not be asked, when that is why the publish failed (the CLI exits 4 then). */
    readonly unreachable?: string,
  ) {
    super(message);
  }
}

/** Time kept back from the Lambda timeout for planning, applying, rendering and publishing. */
export const RESERVE_AFTER_EVIDENCE_MS = 15_000;
/**
 * Time kept back from the Lambda timeout after an auto-fix, for rendering, publishing (PUBLISH_DEADLINE_MS,
 * lambda/notify/publish.ts) and recording the outcome. A fix is not started when the time left would eat it.
 */
export const RESERVE_AFTER_APPLY_MS = 5_000;
/**
 * A fix is started only with at least this much time beyond the reserve: less would likely cut it mid-way
 * (a half-applied fix is reported, but better not started). A fix's describe → create → verify takes a few
 * seconds against AWS. PipelineDeps.minFixMs overrides it (tests that compress time).
 */
export const MIN_FIX_MS = 10_000;
/**
 * Lease of an incident claim when the invocation's time left is unknown (CLI, tests): the stack's
 * FUNCTION_TIMEOUT (lib/pull-doctor-stack.ts). In Lambda the lease is the time left at the claim, so it has
 * run out by the time Lambda retries an invocation that was killed (timeout, out of memory).
 */
export const DEFAULT_LEASE_MS = 90_000;

/**
 * How long the one invocation that starts a surge waits before it reads the surge back and sends the
 * summary, so that the summary names the services failing at the same moment (an outage fails them within
 * seconds), not only the first one over the cap. Bounded by the invocation's time left minus the reserve.
 */
export const SURGE_GATHER_MS = 20_000;

/**
 * Why `what` (in `account` and `region`) cannot be examined by this deployment, if so: it checks only its own account
 * (from the invocation context) and its configured region.
 */
export function notThisDeployment(
  what: string,
  account: string,
  region: string,
  deps: Pick<PipelineDeps, 'ownAccount' | 'config'>,
): string | undefined {
  if (deps.ownAccount && account !== deps.ownAccount)
    return `${what} runs in account ${account}; this deployment can only check its own account ${deps.ownAccount}`;
  if (deps.config.region && region !== deps.config.region)
    return `${what} runs in region ${region}; this deployment checks region ${deps.config.region}`;
  return undefined;
}
