/**
 * `ecs-pull-doctor preflight` (issue 19): a task definition checked before its deploy, read-only, by the diagnosis's
 * probes and cause checks (lambda/preflight/). Loaded by lambda/cli.ts on first use (it talks to AWS). Reads the task
 * definition (a file, or a registered revision), the account (sts:GetCallerIdentity), the service when named, then
 * prints each container's findings and exits 0 / 5 / 6 (preflight/report.ts), or 2 / 4 like the other commands.
 */
import { existsSync } from 'node:fs';
import { allUnreachable, CallContext, type Fact } from './aws/call';
import { callerAccount } from './aws/caller';
import { createClients } from './aws/clients';
import { InputError, printable, readInput, type Args, type InputKind } from './cli-input';
import type { Language } from './config';
import { CallBudget } from './facts/probes/budget';
import { probeService, probeTaskDefinition } from './facts/probes/task';
import type { ServiceFacts, TaskDefinitionFacts } from './facts/types';
import { readTaskDefinitionInput } from './preflight/input';
import type { PreflightTarget } from './preflight/plan';
import { renderPreflight } from './preflight/render';
import { preflightExitCode, preflightJson, PREFLIGHT_EXIT } from './preflight/report';
import { runPreflight } from './preflight/run';
import type { PlanOptions } from './remediate/plan-options';

/** How long preflight waits for AWS: every container's checks, one after the other. */
export const PREFLIGHT_DEADLINE_MS = 60_000;

const REGISTERED = /^(arn:aws[a-z-]*:ecs:([a-z0-9-]+):\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}(:\d+)?$/;

/** ECS refuses a task definition over 64 KiB; a file 16 times that is not one. */
const TASK_DEFINITION_INPUT: InputKind = {
  expected: 'the JSON of `aws ecs register-task-definition --cli-input-json` (or of describe-task-definition)',
  maxBytes: 1024 * 1024,
};

export interface PreflightEnv {
  region: string;
  language: Language;
  planOptions: PlanOptions;
  out: (text: string) => void;
  err: (text: string) => void;
  stdin?: () => Buffer;
  /** Prints why AWS could not be reached and returns exit 4. */
  unreachable: (reason: string) => number;
}

/**
 * A call that failed before any check: exit 4 when AWS could not be asked at all, else 6 (could not be checked) with
 * the reason — on stderr, and with --json as the report's shape, so that a script reading standard output gets one.
 */
function failed(args: Args, env: PreflightEnv, what: string, r: Extract<Fact<unknown>, { ok: false }>): number {
  if (r.unreachable) return env.unreachable(r.unreachable);
  const reason = `${what} could not be read: ${printable(r.reason, 300)}`;
  env.err(`ecs-pull-doctor: ${reason} (${r.api}). Nothing was checked.`);
  if (args.json) {
    const unchecked = [{ container: '', check: 'preflight', api: r.api, reason }];
    env.out(JSON.stringify({ region: env.region, findings: [], unchecked, exitCode: PREFLIGHT_EXIT.unknown }, null, 2));
  }
  return PREFLIGHT_EXIT.unknown;
}

async function taskDefinitionOf(
  args: Args,
  env: PreflightEnv,
  budget: CallBudget,
  clients: ReturnType<typeof createClients>,
): Promise<TaskDefinitionFacts | number> {
  const given = args.taskDefinition!;
  if (given === '-' || existsSync(given) || !REGISTERED.test(given)) {
    const read = readTaskDefinitionInput(readInput(given, env, TASK_DEFINITION_INPUT));
    if (!read.ok) throw new InputError(`${given === '-' ? 'standard input' : printable(given, 200)}: ${read.reason}`);
    return read.taskDefinition;
  }
  const arnRegion = REGISTERED.exec(given)?.[2];
  if (arnRegion && arnRegion !== env.region)
    throw new InputError(
      `task definition ${printable(given, 300)} is in ${arnRegion}, but the Region examined is ${env.region}: ` +
        `pass --region ${arnRegion}`,
    );
  const r = await probeTaskDefinition(clients, budget, given);
  if (r.ok) return r.value;
  if (r.kind === 'not-found' || r.errorName === 'ClientException' || r.errorName === 'InvalidParameterException')
    throw new InputError(`task definition ${printable(given, 300)} not found (${printable(r.reason, 200)})`);
  return failed(args, env, `task definition ${printable(given, 300)}`, r);
}

/** A cluster given by ARN is named by its last part (the checks build its ARN themselves). */
const clusterName = (c: string) => /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/(.+)$/.exec(c)?.[1] ?? c;

/** Where the task would run: the flags first, then the service, then the task definition's own compatibilities. */
function targetOf(
  args: Args,
  region: string,
  account: string,
  td: TaskDefinitionFacts,
  svc?: ServiceFacts,
): PreflightTarget {
  const compat = td.requiresCompatibilities;
  const fromService = svc?.launchType === 'EC2' || svc?.launchType === 'FARGATE' ? svc.launchType : undefined;
  const launchType =
    args.launchType ?? fromService ?? (compat.includes('EC2') && !compat.includes('FARGATE') ? 'EC2' : 'FARGATE');
  const subnetIds = args.subnets ?? svc?.subnets ?? [];
  // ECS's default for an awsvpc task is no public IP: subnets given without the flag get none.
  const assignPublicIp = args.assignPublicIp ?? svc?.assignPublicIp ?? (subnetIds.length ? 'DISABLED' : undefined);
  return {
    account,
    region,
    cluster: clusterName(args.cluster ?? 'default'),
    ...(args.service ? { service: args.service } : {}),
    launchType,
    subnetIds,
    securityGroupIds: args.securityGroups ?? svc?.securityGroups ?? [],
    ...(assignPublicIp ? { assignPublicIp } : {}),
  };
}

export async function runPreflightCommand(args: Args, env: PreflightEnv): Promise<number> {
  const ctx = new CallContext(Date.now() + PREFLIGHT_DEADLINE_MS);
  const clients = createClients(env.region);
  const budget = new CallBudget(ctx, [], 4);
  const td = await taskDefinitionOf(args, env, budget, clients);
  if (typeof td === 'number') return td;
  const account = await callerAccount(env.region, ctx);
  if (!account.ok) return failed(args, env, 'the account of the credentials', account);
  let svc: ServiceFacts | undefined;
  if (args.service) {
    const cluster = args.cluster!;
    const r = await probeService(clients, budget, cluster, args.service);
    if (!r.ok) return failed(args, env, `service ${printable(args.service)} (cluster ${printable(cluster)})`, r);
    if (!r.value) throw new InputError(`service ${printable(args.service)} not found in cluster ${printable(cluster)}`);
    svc = r.value;
  }
  const target = targetOf(args, env.region, account.value, td, svc);
  const report = await runPreflight(td, target, clients, ctx, env.planOptions);
  const unreachable = allUnreachable(ctx.calls);
  if (unreachable) return env.unreachable(unreachable);
  env.out(args.json ? JSON.stringify(preflightJson(report), null, 2) : renderPreflight(report, env.language));
  return preflightExitCode(report);
}
