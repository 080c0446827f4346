/**
 * The CLI's AWS side, loaded by lambda/cli.ts only when a command needs AWS (so an offline diagnosis
 * loads no SDK): the task lookup, the evidence and what changed for `diagnose`, and the whole pipeline for
 * `handle`, built by the same lambda/deps.ts as the Lambda handler so that a replay runs the function's code.
 */
import type { Config } from './config';
import { createClients, type Clients } from './aws/clients';
import { CallContext, allUnreachable } from './aws/call';
import type { PullFailure } from './event/pull-failure';
import type { StoppedTask } from './event/schema';
import { diagnoseEvent } from './diagnose-event';
import { TRAIL_DEADLINE_MS, whatChangedFor } from './what-changed';
import type { Diagnosis } from './domain/diagnosis';
import { loadStoppedTask } from './facts/probes/task';
import { buildDeps, pipelineDeps } from './deps';
import { runPipeline } from './pipeline';
import { summarize, type HandlerResult } from './pipeline-contract';
import type { Log } from './log';

/** How long the CLI waits for AWS (the task lookup, then the evidence), as the stack's PIPELINE_DEADLINE_MS. */
export const CLI_DEADLINE_MS = 30_000;

/** One set of clients per region and run: a task lookup and the evidence after it share them. */
const clientsByRegion = new Map<string, Clients>();
function clientsFor(region: string): Clients {
  let c = clientsByRegion.get(region);
  if (!c) {
    c = createClients(region || undefined);
    clientsByRegion.set(region, c);
  }
  return c;
}

export async function lookUpTask(
  region: string,
  cluster: string,
  taskId: string,
): Promise<{ ok: true; task: StoppedTask } | { ok: false; reason: string; unreachable?: string }> {
  const ctx = new CallContext(Date.now() + CLI_DEADLINE_MS);
  const loaded = await loadStoppedTask(clientsFor(region), ctx, cluster, taskId);
  if (loaded.ok) return loaded;
  const unreachable = allUnreachable(ctx.calls);
  return { ...loaded, ...(unreachable ? { unreachable } : {}) };
}

/** The diagnosis with evidence from the task's region, within the CLI's deadline (diagnose-event.ts). */
export async function diagnoseOnline(
  failure: PullFailure,
  region: string,
  log: Log,
): Promise<{ diagnosis: Diagnosis; unreachable?: string }> {
  const ctx = new CallContext(Date.now() + CLI_DEADLINE_MS);
  const diagnosis = await diagnoseEvent(failure, { clients: clientsFor(region), ctx, log });
  const unreachable = allUnreachable(ctx.calls);
  // What changed, as the Lambda says it (not when AWS could not be asked at all: that is said once, as exit 4).
  const firstFailureAt = failure.task.stoppedAt ?? failure.task.time ?? new Date().toISOString();
  const change = unreachable
    ? undefined
    : await whatChangedFor(
        diagnosis,
        clientsFor(region),
        new CallContext(Date.now() + TRAIL_DEADLINE_MS),
        firstFailureAt,
      );
  return { diagnosis: change ? { ...diagnosis, change } : diagnosis, ...(unreachable ? { unreachable } : {}) };
}

/**
 * Runs the pipeline on one event. `print` receives the notification when no topic is configured. A publish
 * that failed because AWS could not be asked throws NotificationFailedError with `unreachable` set, which
 * the CLI turns into exit 4 like any other unreachable AWS.
 */
export async function handleEvent(
  event: unknown,
  config: Config,
  log: Log,
  print: (text: string) => void,
): Promise<{ result: HandlerResult; unreachable?: string }> {
  const built = buildDeps(config, print, clientsFor(config.region), log);
  const result = await runPipeline(event, pipelineDeps(config, built, log));
  return {
    result: summarize(result),
    ...(result.status === 'notified' && result.unreachable ? { unreachable: result.unreachable } : {}),
  };
}
