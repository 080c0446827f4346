/**
 * Builds the pipeline's dependencies from a Config, once per process (Lambda cold start or CLI run).
 * The Lambda handler and the CLI's `handle` command share this, so a local replay runs the same code.
 */
import type { Config } from './config';
import { createClients, type Clients } from './aws/clients';
import { CallContext, type Fact } from './aws/call';
import type { Log } from './log';
import { noRateLimit, noStormControl, type DiagnosisRate, type IncidentStore } from './dedupe/types';
import { DynamoIncidentStore } from './dedupe/incident-store';
import { DynamoDiagnosisRate } from './dedupe/diagnosis-rate';
import { DynamoRecoveryStore, noRecovery, type RecoveryStore } from './dedupe/recovery-store';
import { DynamoHealthStore, noHealth, type HealthStore } from './dedupe/health-store';
import { publishContext, publishNotification } from './notify/publish';
import type { RenderedNotification } from './notify/types';
import type { PipelineDeps } from './pipeline-contract';
import { memberClients, type AccountClients } from './aws/member-clients';

/**
 * Longest wait for one incident-store operation (admit, complete or release, all its DynamoDB calls
 * together; never more than PIPELINE_DEADLINE_MS). Past it, admit() fails open (the event is handled,
 * the log says degraded): without it, a DynamoDB that accepts connections but does not answer would hold
 * each call for the SDK's 3 attempts × request timeout, ≈ 25 s, three times for a first event.
 */
export const STORE_DEADLINE_MS = 5_000;

export interface BuiltDeps {
  clients: Clients;
  store: IncidentStore;
  rate: DiagnosisRate;
  recovery: RecoveryStore;
  health: HealthStore;
  /** Organization mode: the member clients resolver (with its credential cache), made once per process. */
  accountClients?: AccountClients;
  publish: (n: RenderedNotification) => Promise<Fact<{ messageId: string }>>;
}

/**
 * Without a topic (local replay), the notification is written to `print` instead of SNS.
 * `log` receives the store's warnings (DynamoDB unavailable → `degraded: true`, failed complete/release).
 */
export function buildDeps(
  config: Config,
  print: (text: string) => void,
  clients: Clients = createClients(config.region || undefined),
  log?: Log,
): BuiltDeps {
  const storeCtx = () => new CallContext(Date.now() + Math.min(STORE_DEADLINE_MS, config.deadlineMs));
  const store = config.incidentTableName
    ? new DynamoIncidentStore(clients.dynamodb, config.incidentTableName, storeCtx, log ? { log } : {})
    : noStormControl;
  // The cap on full diagnoses lives in the same table (one item per account and region).
  const rate = config.incidentTableName
    ? new DynamoDiagnosisRate(clients.dynamodb, config.incidentTableName, storeCtx, log)
    : noRateLimit;
  // Open incidents per service (the resolved message) live in the same table.
  const recovery = config.incidentTableName
    ? new DynamoRecoveryStore(clients.dynamodb, config.incidentTableName, storeCtx, log)
    : noRecovery;
  const health = config.incidentTableName
    ? new DynamoHealthStore(clients.dynamodb, config.incidentTableName, storeCtx, log)
    : noHealth;
  const publish = config.topicArn
    ? (n: RenderedNotification) => publishNotification(clients.sns, publishContext(), config.topicArn, n)
    : async (n: RenderedNotification): Promise<Fact<{ messageId: string }>> => {
        print(`Subject: ${n.subject}\n\n${n.body}\n`);
        return { ok: true, value: { messageId: 'printed-not-published' } };
      };
  return { clients, store, rate, recovery, health, publish };
}

export function pipelineDeps(
  config: Config,
  built: BuiltDeps,
  log: Log,
  extra: Partial<PipelineDeps> = {},
): PipelineDeps {
  // Organization mode: the organization's accounts and Regions through their member roles (this account and Region
  // with its own clients).
  if (config.organizationId && !built.accountClients)
    built.accountClients = memberClients({ account: extra.ownAccount, region: config.region, clients: built.clients });
  return {
    config,
    clients: built.clients,
    ...(built.accountClients ? { accountClients: built.accountClients } : {}),
    store: built.store,
    rate: built.rate,
    recovery: built.recovery,
    health: built.health,
    publish: built.publish,
    log,
    ...extra,
  };
}
