/**
 * Builds the pipeline's dependencies from a Config, once per process (Lambda cold start or CLI run).
 * The Lambda handler and the CLI's `handle` command share this, so a local replay runs the same code.
 */
import type { Config } from './config';
import { createClients, type Clients } from './aws/clients';
import { CallContext, type Fact } from './aws/call';
import type { Log } from './log';
import { noStormControl, type IncidentStore } from './dedupe/types';
import { DynamoIncidentStore } from './dedupe/incident-store';
import { publishNotification } from './notify/publish';
import type { RenderedNotification } from './notify/types';
import type { PipelineDeps } from './pipeline';

export interface BuiltDeps {
  clients: Clients;
  store: IncidentStore;
  publish: (n: RenderedNotification) => Promise<Fact<{ messageId: string }>>;
}

/**
 * Without a topic (local replay), the notification is written to `print` instead of SNS.
 * `log` receives the store's warnings (DynamoDB unavailable → `degraded: true`, failed complete/release).
 */
export function buildDeps(config: Config, print: (text: string) => void, clients: Clients = createClients(config.region || undefined), log?: Log): BuiltDeps {
  const store = config.incidentTableName ? new DynamoIncidentStore(clients.dynamodb, config.incidentTableName, undefined, log ? { log } : {}) : noStormControl;
  const publish = config.topicArn
    ? (n: RenderedNotification) => publishNotification(clients.sns, new CallContext(), config.topicArn, n)
    : async (n: RenderedNotification): Promise<Fact<{ messageId: string }>> => {
        print(`Subject: ${n.subject}\n\n${n.body}\n`);
        return { ok: true, value: { messageId: 'printed-not-published' } };
      };
  return { clients, store, publish };
}

export function pipelineDeps(config: Config, built: BuiltDeps, log: Log, extra: Partial<PipelineDeps> = {}): PipelineDeps {
  return { config, clients: built.clients, store: built.store, publish: built.publish, log, ...extra };
}
