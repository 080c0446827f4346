/**
 * ecs-pull-doctor CLI.
 *
 *   ecs-pull-doctor diagnose --event FILE [--offline] [--json] [--lang en|ja]
 *   ecs-pull-doctor diagnose --cluster NAME --task ID [--json] [--lang en|ja]
 *   ecs-pull-doctor handle --event FILE
 *
 * `diagnose` never changes anything: it prints the diagnosis and the proposal. `--offline` makes no AWS
 * call (text-only). `handle` runs the Lambda handler itself on an event file, configured by the same
 * environment variables the stack sets (see README), so an operator can replay an event locally.
 * Exit codes: 0 diagnosis printed (or event handled); 1 the event is not an image-pull failure or is
 * malformed (reason printed); 2 usage error or unreadable file; 3 unexpected failure.
 */
import { readFileSync } from 'node:fs';
import { loadConfig, type Language } from './config';
import { createClients, type Clients } from './aws/clients';
import { CallContext } from './aws/call';
import { parseTaskStateChange, type StoppedTask } from './event/schema';
import { findPullFailure } from './event/pull-failure';
import { classifyText } from './diagnose/message-text';
import { diagnose } from './diagnose/diagnose';
import type { Diagnosis } from './diagnose/types';
import { gatherFacts } from './facts/gather';
import { loadStoppedTask } from './facts/probes/task';
import { planRemediation } from './remediate/plan';
import { decide } from './remediate/decide';
import type { Outcome } from './remediate/types';
import { render } from './notify/render';
import type { Log } from './log';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
}

const USAGE = `Usage:
  ecs-pull-doctor diagnose --event FILE [--offline] [--json] [--lang en|ja]
  ecs-pull-doctor diagnose --cluster NAME --task ID [--json] [--lang en|ja]
  ecs-pull-doctor handle --event FILE

  diagnose  print the cause of an image-pull failure and the proposed fix (changes nothing)
            --offline  text-only: no AWS call (no credentials needed)
            --json     print the Diagnosis as JSON
  handle    run the Lambda handler on an event file with the stack's environment variables
            (TOPIC_ARN, INCIDENT_TABLE_NAME, AUTO_FIX_*, NOTIFICATION_LANGUAGE, …); without
            TOPIC_ARN the notification is printed instead of published.
AWS settings: the default credential chain, AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL.`;

class UsageError extends Error {}

/** How long the CLI waits for AWS (the task lookup, then the evidence), as the stack's PIPELINE_DEADLINE_MS. */
const CLI_DEADLINE_MS = 30_000;

interface Args {
  command: string;
  event?: string;
  cluster?: string;
  task?: string;
  offline: boolean;
  json: boolean;
  lang?: Language;
}

export function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') throw new UsageError('');
  if (command !== 'diagnose' && command !== 'handle') throw new UsageError(`unknown command "${command}"`);
  const args: Args = { command, offline: false, json: false };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const take = () => inline ?? value();
    switch (name) {
      case '--event': args.event = take(); break;
      case '--cluster': args.cluster = take(); break;
      case '--task': args.task = take(); break;
      case '--offline': args.offline = true; break;
      case '--json': args.json = true; break;
      case '--lang': {
        const l = take();
        if (l !== 'en' && l !== 'ja') throw new UsageError('--lang must be en or ja');
        args.lang = l;
        break;
      }
      default: throw new UsageError(`unknown option "${flag}"`);
    }
  }
  if (command === 'handle' && !args.event) throw new UsageError('handle needs --event FILE');
  if (command === 'diagnose') {
    if (args.event && (args.cluster || args.task)) throw new UsageError('use either --event FILE or --cluster NAME --task ID');
    if (!args.event && !(args.cluster && args.task)) throw new UsageError('diagnose needs --event FILE, or --cluster NAME --task ID');
    if (args.offline && !args.event) throw new UsageError('--offline needs --event FILE (a task lookup calls AWS)');
  }
  return args;
}

function readEvent(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
  }
}

/** Logs go to stderr as JSON lines, so stdout stays the diagnosis (or its JSON). */
function stderrLog(io: CliIo, verbose: boolean): Log {
  const line = (level: string) => (message: string, ...extra: Array<Record<string, unknown>>) => {
    if (verbose || level === 'error') io.err(JSON.stringify(Object.assign({ level, message }, ...extra)));
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

/** The human summary: the same text the notification would carry, for a proposal (nothing applied). */
function humanSummary(d: Diagnosis, language: Language, stoppedAt?: string): string {
  const plan = planRemediation(d);
  const decision = decide(d, plan, { autoFixExecutionRolePolicy: false, autoFixVpcEndpoints: false });
  const outcome: Outcome = { kind: 'proposed', plan, reason: decision.apply ? 'not-opted-in' : decision.reason };
  const n = render({
    diagnosis: d,
    outcome,
    incident: { id: '-', role: 'first', count: 1, firstSeenAt: stoppedAt ?? new Date().toISOString(), windowMinutes: 60 },
    language,
    ...(stoppedAt ? { stoppedAt } : {}),
  });
  return `${n.subject}\n\n${n.body}\n`;
}

async function runDiagnose(args: Args, io: CliIo): Promise<number> {
  const language: Language = args.lang ?? (io.env.NOTIFICATION_LANGUAGE === 'ja' ? 'ja' : 'en');
  const log = stderrLog(io, io.env.ECS_PULL_DOCTOR_VERBOSE === 'true');
  let task: StoppedTask;
  let clients: Clients | undefined;
  const region = io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || undefined;
  if (args.event) {
    const parsed = parseTaskStateChange(readEvent(args.event));
    if (!parsed.ok) return notAPullFailure(args, io, parsed.reason);
    task = parsed.task;
  } else {
    clients = createClients(region);
    const loaded = await loadStoppedTask(clients, new CallContext(Date.now() + CLI_DEADLINE_MS), args.cluster!, args.task!);
    if (!loaded.ok) {
      io.err(`ecs-pull-doctor: ${loaded.reason}`);
      return 1;
    }
    task = loaded.task;
  }
  const found = findPullFailure(task);
  if (!found.ok) return notAPullFailure(args, io, found.reason);
  const failure = found.failure;
  let facts;
  if (!args.offline) {
    const hint = classifyText(failure.reason, failure.image, task.launchType);
    // AWS_REGION when set, else the event's region (the resources are where the task ran).
    clients ??= createClients(region ?? task.region);
    facts = await gatherFacts(failure, hint, { clients, ctx: new CallContext(Date.now() + CLI_DEADLINE_MS), log });
  }
  const diagnosis = diagnose(failure, facts);
  if (args.json) io.out(JSON.stringify(diagnosis, null, 2));
  else io.out(humanSummary(diagnosis, language, task.stoppedAt ?? task.time));
  return 0;
}

function notAPullFailure(args: Args, io: CliIo, reason: string): number {
  if (args.json) io.out(JSON.stringify({ ignored: true, reason }, null, 2));
  io.err(`ecs-pull-doctor: not diagnosed: ${reason}`);
  return 1;
}

async function runHandle(args: Args, io: CliIo): Promise<number> {
  const event = readEvent(args.event!);
  loadConfig(io.env); // fail early with a clear message on a bad variable
  // Imported here: the handler reads its configuration from the environment when it loads, as in Lambda.
  const { handler } = await import('./handler');
  const result = await handler(event);
  io.out(JSON.stringify(result, null, 2));
  return 0;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    return args.command === 'handle' ? await runHandle(args, io) : await runDiagnose(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) io.err(`ecs-pull-doctor: ${e.message}`);
      io.err(USAGE);
      return e.message ? 2 : 0;
    }
    if ((e as Error)?.name === 'ConfigError') {
      io.err(`ecs-pull-doctor: ${(e as Error).message}`);
      return 2;
    }
    io.err(`ecs-pull-doctor: failed: ${(e as Error)?.stack ?? String(e)}`);
    return 3;
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

if (require.main === module) runAsProcess();
