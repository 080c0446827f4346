/**
 * ecs-pull-doctor CLI (built into dist/ by `npm run build`; bin/ecs-pull-doctor.js runs it).
 *
 *   ecs-pull-doctor diagnose --event FILE [--offline] [--json] [--lang en|ja] [--region REGION]
 *   ecs-pull-doctor diagnose --cluster NAME --task ID [--json] [--lang en|ja] [--region REGION]
 *   ecs-pull-doctor handle --event FILE [--region REGION]
 *
 * `diagnose` never changes anything. `handle` runs the Lambda's pipeline on an event, configured by the
 * stack's environment variables, so an operator can replay a dead-letter event. This module holds only what
 * an offline diagnosis needs: everything that talks to AWS is in ./cli-online and loaded on first use, so
 * `--offline` loads no SDK client (and the CLI starts in a fraction of the online time).
 */
import { readFileSync } from 'node:fs';
import { loadConfig, ConfigError, type Language } from './config';
import { EXPECTED_INPUT, recogniseInput } from './event/describe-tasks';
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
});

declare const __ECS_PULL_DOCTOR_VERSION__: string | undefined;
/** Set by the build (scripts/build-cli.mjs) from package.json. */
export const VERSION = typeof __ECS_PULL_DOCTOR_VERSION__ === 'string' ? __ECS_PULL_DOCTOR_VERSION__ : 'development';

export const USAGE = `Usage:
  ecs-pull-doctor diagnose --event FILE [--offline] [--json] [--lang en|ja] [--region REGION]
  ecs-pull-doctor diagnose --cluster NAME --task ID [--json] [--lang en|ja] [--region REGION]
  ecs-pull-doctor handle --event FILE [--region REGION]
  ecs-pull-doctor --help | --version

  diagnose  print the cause of an image-pull failure and the proposed fix (changes nothing)
            --event FILE  ${EXPECTED_INPUT}
                          ("-" reads standard input)
            --cluster NAME --task ID
                          look the stopped task up with ecs:DescribeTasks (visible about an hour)
            --offline     text-only: no AWS call, no credentials needed
            --json        print the diagnosis as JSON
            --lang        language of the text output (default: NOTIFICATION_LANGUAGE, else en)
  handle    run the Lambda's pipeline on an event, configured by the stack's environment variables
            (TOPIC_ARN, INCIDENT_TABLE_NAME, AUTO_FIX_*, NOTIFICATION_LANGUAGE, ...). With auto-fix
            variables set it changes the account like the function. Without TOPIC_ARN the notification
            is printed on standard error. Standard output is only the result JSON.
  --region  the region to examine (default: AWS_REGION, else the event's region)

AWS settings: the default credential chain, AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL.
Exit codes: 0 diagnosed or handled; 1 not an image-pull failure (or task not found); 2 usage error
or unreadable input; 3 unexpected failure; 4 AWS unreachable or credentials/region missing.`;

/** A usage mistake: the message, then a pointer to --help. */
class UsageError extends Error {}
/** Input that cannot be read as one of the accepted kinds (exit 2, no usage text). */
class InputError extends Error {}

interface Args {
  command: 'diagnose' | 'handle' | 'help' | 'version';
  event?: string;
  cluster?: string;
  task?: string;
  region?: string;
  offline: boolean;
  json: boolean;
  lang?: Language;
}

const HELP = new Set(['--help', '-h', 'help']);
const VERSION_FLAGS = new Set(['--version', '-V', 'version']);

export function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('no command given');
  if (HELP.has(command)) return { command: 'help', offline: false, json: false };
  if (VERSION_FLAGS.has(command)) return { command: 'version', offline: false, json: false };
  if (command !== 'diagnose' && command !== 'handle') throw new UsageError(`unknown command "${printable(command)}"`);
  if (rest.some((a) => HELP.has(a))) return { command: 'help', offline: false, json: false };
  const args: Args = { command, offline: false, json: false };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const eq = flag.indexOf('=');
    const [name, inline] =
      flag.startsWith('--') && eq > 0 ? [flag.slice(0, eq), flag.slice(eq + 1)] : [flag, undefined];
    const take = () => {
      if (inline !== undefined) return inline;
      const v = rest[++i];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--event':
        args.event = take();
        break;
      case '--cluster':
        args.cluster = take();
        break;
      case '--task':
        args.task = take();
        break;
      case '--region': {
        const r = take();
        if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r))
          throw new UsageError(`--region "${printable(r)}" is not a region name (e.g. us-east-1)`);
        args.region = r;
        break;
      }
      case '--offline':
        args.offline = true;
        break;
      case '--json':
        args.json = true;
        break;
      case '--lang': {
        const l = take();
        if (l !== 'en' && l !== 'ja') throw new UsageError('--lang must be en or ja');
        args.lang = l;
        break;
      }
      default:
        throw new UsageError(`unknown option "${printable(flag)}"`);
    }
  }
  if (command === 'handle') {
    if (!args.event) throw new UsageError('handle needs --event FILE');
    if (args.cluster || args.task || args.offline || args.json || args.lang)
      throw new UsageError('handle takes only --event FILE and --region');
  }
  if (command === 'diagnose') {
    if (args.event && (args.cluster || args.task))
      throw new UsageError('use either --event FILE or --cluster NAME --task ID');
    if (!args.event && !(args.cluster && args.task))
      throw new UsageError('diagnose needs --event FILE, or --cluster NAME --task ID');
    if (args.offline && !args.event) throw new UsageError('--offline needs --event FILE (a task lookup calls AWS)');
  }
  return args;
}

/** Text of user input safe to echo: printable characters only, capped. */
function printable(s: string, max = 80): string {
  const clean = s.replace(/[^\x20-\x7e\u00a0-\uffff]|[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Reads FILE (or standard input) as UTF-8 JSON: BOM and CRLF accepted; binary refused without echoing it. */
export function readInput(file: string, io: Pick<CliIo, 'stdin'>): unknown {
  const name = file === '-' ? 'standard input' : printable(file, 200);
  let bytes: Buffer;
  try {
    bytes = file === '-' ? (io.stdin ?? (() => readFileSync(0)))() : readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why: Record<string, string> = {
      ENOENT: 'no such file',
      EISDIR: 'it is a directory',
      EACCES: 'permission denied',
    };
    throw new InputError(`cannot read ${name}: ${why[code ?? ''] ?? printable(String((e as Error).message), 200)}`);
  }
  if (bytes.length === 0) throw new InputError(`${name} is empty; expected ${EXPECTED_INPUT}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${name} is not UTF-8 text (binary data?); expected the JSON of ${EXPECTED_INPUT}`);
  }
  if (text.includes('\u0000'))
    throw new InputError(`${name} holds binary data (NUL bytes); expected the JSON of ${EXPECTED_INPUT}`);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8's message quotes the input: say only where it broke.
    const at = /position (\d+)/.exec(String((e as Error).message));
    let where = '';
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      where = ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
    }
    throw new InputError(`${name} is not valid JSON${where}; expected ${EXPECTED_INPUT}`);
  }
}

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

function unreachable(io: CliIo, reason: string): number {
  io.err(`ecs-pull-doctor: AWS could not be reached: ${reason}. Nothing was checked.`);
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

async function runDiagnose(args: Args, io: CliIo): Promise<number> {
  const language: Language = args.lang ?? (io.env.NOTIFICATION_LANGUAGE === 'ja' ? 'ja' : 'en');
  const log = stderrLog(io, io.env.ECS_PULL_DOCTOR_VERBOSE === 'true' ? 'all' : 'errors');
  // The deployment's choices (ENDPOINT_POLICY, AUTO_FIX_ROLE_*): an invalid value exits 2 before any AWS call.
  // Only these variables: diagnose never needed the others, and must not start failing on them.
  const planOptions = planOptionsOf(
    loadConfig({
      ENDPOINT_POLICY: io.env.ENDPOINT_POLICY,
      AUTO_FIX_ROLE_PATH: io.env.AUTO_FIX_ROLE_PATH,
      AUTO_FIX_ROLE_REQUIRE_TAG: io.env.AUTO_FIX_ROLE_REQUIRE_TAG,
    }),
  );
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
  if (diagnosis.ignoredReason) {
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
  // The function runs in the event's region; a local replay examines the same region unless told otherwise.
  const region = regionFor(args, io.env, parsed.ok ? parsed.task : undefined);
  const config = loadConfig({ ...io.env, ...(region ? { AWS_REGION: region } : {}) });
  const online = await import('./cli-online');
  const handled = await online.handleEvent(event, config, stderrLog(io, 'all'), (text) => io.err(text));
  io.out(JSON.stringify(handled.result, null, 2));
  if (handled.unreachable) return unreachable(io, handled.unreachable);
  return handled.result.status === 'ignored' ? EXIT.notAPullFailure : EXIT.ok;
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
