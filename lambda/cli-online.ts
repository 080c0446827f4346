/**
 * The CLI's AWS side, loaded by lambda/cli.ts only when a command needs AWS (so an offline diagnosis loads
 * no SDK): the task lookup, the evidence for `diagnose`, and the whole pipeline for `handle`, built by the
 * same lambda/deps.ts as the Lambda handler so that a replay runs the function's code.
 */
import type { Config } from './config';
import { createClients } from './aws/clients';
import { CallContext, allUnreachable } from './aws/call';
import type { PullFailure } from './event/pull-failure';
import type { StoppedTask } from './event/schema';
import type { TextHint } from './diagnose/message-text';
import type { Facts } from './facts/types';
import { gatherFacts } from './facts/gather';
import { loadStoppedTask } from './facts/probes/task';
import { buildDeps, pipelineDeps } from './deps';
import { NotificationFailedError, runPipeline, summarize, type HandlerResult } from './pipeline';
import type { Log } from './log';
import { unreachableReason } from './aws/errors';

/** How long the CLI waits for AWS (the task lookup, then the evidence), as the stack's PIPELINE_DEADLINE_MS. */
export const CLI_DEADLINE_MS = 30_000;

export async function lookUpTask(
  region: string,
  cluster: string,
  taskId: string,
): Promise<{ ok: true; task: StoppedTask } | { ok: false; reason: string; unreachable?: string }> {
  const ctx = new CallContext(Date.now() + CLI_DEADLINE_MS);
  const loaded = await loadStoppedTask(createClients(region), ctx, cluster, taskId);
  if (loaded.ok) return loaded;
  const unreachable = allUnreachable(ctx.calls);
  return { ...loaded, ...(unreachable ? { unreachable } : {}) };
}

export async function gatherEvidence(failure: PullFailure, hint: TextHint, region: string, log: Log): Promise<{ facts: Facts; unreachable?: string }> {
  const ctx = new CallContext(Date.now() + CLI_DEADLINE_MS);
  const facts = await gatherFacts(failure, hint, { clients: createClients(region), ctx, log });
  const unreachable = allUnreachable(ctx.calls);
  return { facts, ...(unreachable ? { unreachable } : {}) };
}

/**
 * Runs the pipeline on one event. `print` receives the notification when no topic is configured. A
 * notification that cannot be published because AWS is unreachable is reported as such (the caller exits 4).
 */
export async function handleEvent(event: unknown, config: Config, log: Log, print: (text: string) => void): Promise<{ result: HandlerResult; unreachable?: string }> {
  const clients = createClients(config.region || undefined);
  const built = buildDeps(config, print, clients, log);
  try {
    const result = await runPipeline(event, pipelineDeps(config, built, log));
    return { result: summarize(result), ...(result.status === 'notified' && result.unreachable ? { unreachable: result.unreachable } : {}) };
  } catch (err) {
    const unreachable = err instanceof NotificationFailedError ? unreachableReason(new Error(err.message)) : undefined;
    if (unreachable) throw Object.assign(err as Error, { unreachable: `the notification could not be published (${unreachable})` });
    throw err;
  }
}
