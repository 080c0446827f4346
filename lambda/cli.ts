/**
 * ecs-pull-doctor CLI (built into dist/ by `npm run build`; bin/ecs-pull-doctor.js runs it).
 *
 *   ecs-pull-doctor diagnose --event FILE [--offline] [--json] [--lang en|ja] [--region REGION]
 *   ecs-pull-doctor diagnose --cluster NAME --task ID [--json] [--lang en|ja] [--region REGION]
 *   ecs-pull-doctor handle --event FILE [--region REGION]
 *   ecs-pull-doctor preflight --task-definition FILE|ARN [--cluster C --service S] [--subnets … --security-groups …
 *                   --assign-public-ip …] [--launch-type FARGATE|EC2] [--json] [--lang en|ja] [--region REGION]
 *
 * `diagnose` never changes anything. `handle` runs the Lambda's pipeline on an event, configured by the
 * stack's environment variables, so an operator can replay a dead-letter event. This module holds only what
 * an offline diagnosis needs: everything that talks to AWS is in ./cli-online and loaded on first use, so
 * `--offline` loads no SDK client (and the CLI starts in a fraction of the online time).
 */
import { loadConfig, ConfigError, type Language } from './config';
import { recogniseInput } from './event/describe-tasks';
import { parseServiceSignal } from './event/service-signal';
import { parseTaskStateChange, type StoppedTask } from './event/schema';
import { findPullFailure } from './event/pull-failure';
import { safeText } from './domain/redact';
import { diagnose } from './diagnose/diagnose';
import type { Diagnosis } from './domain/diagnosis';
import { planRemediation } from './causes/plan';
import { planOptionsOf, type PlanOptions } from './remediate/plan-options';
import { decide } from './remediate/decide';
import type { Outcome } from './remediate/types';
import { renderTerminal } from './notify/terminal';
import type { Log } from './log';
import { InputError, USAGE, UsageError, parseArgs, printable, readInput, type Args } from './cli-input';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Standard input, read when FILE is "-". */
  stdin?: () => Buffer;
}

/** Exit codes (README "CLI"). */
export const EXIT = Object.freeze({
  ok: 0,
  notAPullFailure: 1,
  usage: 2,
  unexpected: 3,
  awsUnreachable: 4,
  /** preflight: a finding proves the pull will fail. */
  preflightWillFail: 5,
  /** preflight: nothing proven, but something could not be checked (or is only likely). */
  preflightUnknown: 6,
});

declare const __ECS_PULL_DOCTOR_VERSION__: string | undefined;
/** Set by the build (scripts/build-cli.mjs) from package.json. */
export const VERSION = typeof __ECS_PULL_DOCTOR_VERSION__ === 'string' ? __ECS_PULL_DOCTOR_VERSION__ : 'development';

/** Input → the EventBridge event it stands for; an unrecognised shape is an input error (exit 2). */
function eventOf(file: string, io: CliIo): unknown {
  const json = readInput(file, io);
  const r = recogniseInput(json);
  if (!r.ok) throw new InputError(`${file === '-' ? 'standard input' : printable(file, 200)}: ${r.reason}`);
  if (r.note) io.err(`ecs-pull-doctor: ${r.note}`);
  return r.event;
}

/** Logs go to stderr as JSON lines, so stdout stays the diagnosis (or its JSON). */
export function stderrLog(io: CliIo, level: 'all' | 'errors'): Log {
  const line =
    (name: string) =>
    (message: string, ...extra: Array<Record<string, unknown>>) => {
      if (level === 'all' || name === 'error')
        io.err(JSON.stringify(Object.assign({ level: name.toUpperCase(), message }, ...extra)));
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

/** The region to examine: --region, else AWS_REGION / AWS_DEFAULT_REGION, else the task's own region. */
export function regionFor(
  args: Pick<Args, 'region'>,
  env: CliIo['env'],
  task?: Pick<StoppedTask, 'region'>,
): string | undefined {
  return args.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || task?.region || undefined;
}

function unreachable(io: CliIo, reason: string, offlineHint = true): number {
  io.err(`ecs-pull-doctor: AWS could not be reached: ${reason}. Nothing was checked.`);
  if (!offlineHint) {
    io.err('  Set credentials (AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and AWS_REGION or --region.');
    return EXIT.awsUnreachable;
  }
  io.err('  Set credentials (AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and AWS_REGION or --region,');
  io.err('  or run `ecs-pull-doctor diagnose --offline --event FILE` for a diagnosis from the stop reason alone.');
  return EXIT.awsUnreachable;
}

/**
 * The proposal the CLI shows: the plan as a person would run it (the CLI never changes anything), with the
 * deployment's choices where the environment gives them (ENDPOINT_POLICY, AUTO_FIX_ROLE_*; as for `handle`).
 */
function proposalOf(d: Diagnosis, options: PlanOptions): Outcome {
  const plan = planRemediation(d, undefined, options);
  const decision = decide(d, plan, { autoFixExecutionRolePolicy: false, autoFixVpcEndpoints: false });
  return { kind: 'proposed', plan, reason: 'reason' in decision ? decision.reason : 'not-opted-in' };
}

const languageOf = (args: Args, io: CliIo): Language =>
  args.lang ?? (io.env.NOTIFICATION_LANGUAGE === 'ja' ? 'ja' : 'en');

/**
 * The deployment's choices (ENDPOINT_POLICY, AUTO_FIX_ROLE_*) for the proposals: an invalid value exits 2 before any
 * AWS call. Only these variables: diagnose and preflight never needed the others, and must not fail on them.
 */
const planOptionsFrom = (io: CliIo): PlanOptions =>
  planOptionsOf(
    loadConfig({
      ENDPOINT_POLICY: io.env.ENDPOINT_POLICY,
      AUTO_FIX_ROLE_PATH: io.env.AUTO_FIX_ROLE_PATH,
      AUTO_FIX_ROLE_REQUIRE_TAG: io.env.AUTO_FIX_ROLE_REQUIRE_TAG,
    }),
  );

async function runDiagnose(args: Args, io: CliIo): Promise<number> {
  const language = languageOf(args, io);
  const log = stderrLog(io, io.env.ECS_PULL_DOCTOR_VERBOSE === 'true' ? 'all' : 'errors');
  const planOptions = planOptionsFrom(io);
  let task: StoppedTask;
  if (args.event) {
    const parsed = parseTaskStateChange(eventOf(args.event, io));
    if (!parsed.ok) return notAPullFailure(args, io, parsed.reason);
    task = parsed.task;
  } else {
    const region = regionFor(args, io.env);
    if (!region) return unreachable(io, 'no AWS region set (AWS_REGION or --region)');
    const online = await import('./cli-online');
    const loaded = await online.lookUpTask(region, args.cluster!, args.task!);
    if (!loaded.ok) {
      if (loaded.unreachable) return unreachable(io, loaded.unreachable);
      io.err(`ecs-pull-doctor: ${loaded.reason}`);
      return EXIT.notAPullFailure;
    }
    task = loaded.task;
  }
  const found = findPullFailure(task);
  if (!found.ok) return notAPullFailure(args, io, found.reason);
  const failure = found.failure;
  let diagnosis: Diagnosis;
  // Offline: the text alone, without loading the AWS side (diagnoseEvent without clients says the same).
  if (args.offline) diagnosis = diagnose(failure);
  else {
    const online = await import('./cli-online');
    const diagnosed = await online.diagnoseOnline(failure, regionFor(args, io.env, task)!, log);
    if (diagnosed.unreachable) return unreachable(io, diagnosed.unreachable);
    diagnosis = diagnosed.diagnosis;
  }
  if (args.json) io.out(JSON.stringify(diagnosis, null, 2));
  else io.out(renderTerminal(diagnosis, proposalOf(diagnosis, planOptions), language, task.stoppedAt ?? task.time));
  if (diagnosis.sidecar) {
    io.err(
      `ecs-pull-doctor: not the reason the task stopped: ${printable(safeText(diagnosis.ignoredReason, 300), 400)}`,
    );
    return EXIT.notAPullFailure;
  }
  return EXIT.ok;
}

function notAPullFailure(args: Args, io: CliIo, reason: string): number {
  if (args.json) io.out(JSON.stringify({ ignored: true, reason }, null, 2));
  io.err(`ecs-pull-doctor: not diagnosed: ${printable(safeText(reason, 300), 400)}`);
  return EXIT.notAPullFailure;
}

async function runHandle(args: Args, io: CliIo): Promise<number> {
  const event = eventOf(args.event!, io);
  const parsed = parseTaskStateChange(event);
  const signal = parsed.ok ? undefined : parseServiceSignal(event);
  // The function runs in the event's region; a local replay examines the same region unless told otherwise.
  const region = regionFor(args, io.env, parsed.ok ? parsed.task : signal?.ok ? signal.signal : undefined);
  const config = loadConfig({ ...io.env, ...(region ? { AWS_REGION: region } : {}) });
  const online = await import('./cli-online');
  const handled = await online.handleEvent(event, config, stderrLog(io, 'all'), (text) => io.err(text));
  io.out(JSON.stringify(handled.result, null, 2));
  if (handled.unreachable) return unreachable(io, handled.unreachable);
  return handled.result.status === 'ignored' ? EXIT.notAPullFailure : EXIT.ok;
}

async function runPreflightCommand(args: Args, io: CliIo): Promise<number> {
  const planOptions = planOptionsFrom(io);
  const region = regionFor(args, io.env);
  if (!region) return unreachable(io, 'no AWS region set (AWS_REGION or --region)', false);
  const preflight = await import('./cli-preflight');
  return preflight.runPreflightCommand(args, {
    region,
    language: languageOf(args, io),
    planOptions,
    out: io.out,
    err: io.err,
    ...(io.stdin ? { stdin: io.stdin } : {}),
    unreachable: (reason) => unreachable(io, reason, false),
  });
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        io.out(USAGE);
        return EXIT.ok;
      case 'version':
        io.out(`ecs-pull-doctor ${VERSION}`);
        return EXIT.ok;
      case 'handle':
        return await runHandle(args, io);
      case 'diagnose':
        return await runDiagnose(args, io);
      case 'preflight':
        return await runPreflightCommand(args, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`ecs-pull-doctor: ${e.message}`);
      io.err(USAGE);
      return EXIT.usage;
    }
    if (e instanceof InputError || e instanceof ConfigError) {
      io.err(`ecs-pull-doctor: ${e.message}`);
      return EXIT.usage;
    }
    // Thrown by the AWS side when even the notification could not be published for want of AWS.
    const notPublished =
      (e as { name?: string; unreachable?: string } | undefined)?.name === 'NotificationFailedError'
        ? (e as { unreachable?: string }).unreachable
        : undefined;
    if (notPublished) return unreachable(io, `the notification could not be published: ${notPublished}`);
    io.err(`ecs-pull-doctor: failed unexpectedly: ${(e as Error)?.stack ?? String(e)}`);
    return EXIT.unexpected;
  }
}

/** Runs the CLI as a process: real stdout/stderr/env, exit code set when done (bin/ and `npm run diagnose`). */
export function runAsProcess(argv: string[] = process.argv.slice(2)): void {
  main(argv, {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}
