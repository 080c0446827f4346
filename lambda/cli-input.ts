/**
 * The CLI's input: its arguments (parseArgs, USAGE) and the files it reads (readInput), with the errors that end
 * in exit 2 and the echo-safe form of anything the user typed.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Language } from './config';
import { EXPECTED_INPUT } from './event/describe-tasks';

export const USAGE = `Usage:
  ecs-pull-doctor diagnose --event FILE [--offline] [--json] [--lang en|ja] [--region REGION]
  ecs-pull-doctor diagnose --cluster NAME --task ID [--json] [--lang en|ja] [--region REGION]
  ecs-pull-doctor handle --event FILE [--region REGION]
  ecs-pull-doctor preflight --task-definition FILE|ARN [--cluster NAME --service NAME]
                  [--subnets ID,... --security-groups ID,... --assign-public-ip ENABLED|DISABLED]
                  [--launch-type FARGATE|EC2] [--json] [--lang en|ja] [--region REGION]
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
  preflight check a task definition before its deploy, read-only: every check a diagnosis makes, for
            each container, as if its pull started now (changes nothing)
            --task-definition FILE|ARN  the JSON of register-task-definition --cli-input-json (or of
                          describe-task-definition; "-" reads standard input), or a registered revision
            --cluster NAME --service NAME
                          the service's subnets, security groups, assignPublicIp and launch type,
                          unless given by the flags below
            --subnets, --security-groups  comma-separated ids; --assign-public-ip ENABLED|DISABLED
            --launch-type FARGATE|EC2   (default: the service's, else the task definition's)
            exit 0: nothing blocks the pull; 5: a finding proves it will fail; 6: not proven, but
            something could not be checked (or is only likely)
  --region  the region to examine (default: AWS_REGION, else the event's region)

AWS settings: the default credential chain, AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL.
Exit codes: 0 diagnosed or handled; 1 not an image-pull failure (or task not found); 2 usage error
or unreadable input; 3 unexpected failure; 4 AWS unreachable or credentials/region missing.`;

/** A usage mistake: the message, then a pointer to --help. */
export class UsageError extends Error {}
/** Input that cannot be read as one of the accepted kinds (exit 2, no usage text). */
export class InputError extends Error {}

export interface Args {
  command: 'diagnose' | 'handle' | 'preflight' | 'help' | 'version';
  event?: string;
  cluster?: string;
  task?: string;
  taskDefinition?: string;
  service?: string;
  subnets?: string[];
  securityGroups?: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  launchType?: 'FARGATE' | 'EC2';
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
  if (command !== 'diagnose' && command !== 'handle' && command !== 'preflight')
    throw new UsageError(`unknown command "${printable(command)}"`);
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
      case '--task-definition':
        args.taskDefinition = take();
        break;
      case '--service':
        args.service = take();
        break;
      case '--subnets':
        args.subnets = idList(name, take(), /^subnet-[0-9a-f]{8,17}$/, 'subnet id');
        break;
      case '--security-groups':
        args.securityGroups = idList(name, take(), /^sg-[0-9a-f]{8,17}$/, 'security group id');
        break;
      case '--assign-public-ip':
        args.assignPublicIp = oneOf(name, take(), ['ENABLED', 'DISABLED'] as const);
        break;
      case '--launch-type':
        args.launchType = oneOf(name, take(), ['FARGATE', 'EC2'] as const);
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
  checkCombination(command, args);
  return args;
}

function checkCombination(command: Args['command'], args: Args): void {
  const preflightOnly = [args.taskDefinition, args.service, args.subnets, args.securityGroups, args.assignPublicIp];
  if (command !== 'preflight' && (preflightOnly.some((v) => v !== undefined) || args.launchType))
    throw new UsageError(`--task-definition, --service, --subnets, ... are options of preflight, not ${command}`);
  if (command === 'preflight') {
    if (!args.taskDefinition) throw new UsageError('preflight needs --task-definition FILE|ARN');
    if (args.event || args.task || args.offline)
      throw new UsageError('preflight takes no --event, --task or --offline (it examines a task definition)');
    if (args.service && !args.cluster) throw new UsageError('--service needs --cluster NAME');
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
}

/** A comma-separated list of resource ids, each in its documented form. */
function idList(flag: string, value: string, pattern: RegExp, what: string): string[] {
  const ids = value.split(',').map((x) => x.trim());
  const bad = ids.find((x) => !pattern.test(x));
  if (bad !== undefined) throw new UsageError(`${flag}: "${printable(bad)}" is not a ${what}`);
  return [...new Set(ids)];
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const v = value.toUpperCase() as T;
  if (!allowed.includes(v)) throw new UsageError(`${flag} must be ${allowed.join(' or ')}`);
  return v;
}

/** Text of user input safe to echo: printable characters only, capped. */
export function printable(s: string, max = 80): string {
  const clean = s.replace(/[^\x20-\x7e\u00a0-\uffff]|[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** What a command reads: the words its errors use, and the most it reads (a device or a huge file is refused). */
export interface InputKind {
  expected: string;
  maxBytes: number;
}
const EVENT_INPUT: InputKind = { expected: EXPECTED_INPUT, maxBytes: 16 * 1024 * 1024 };

/** A regular file's bytes, or an InputError: never reads a device, a FIFO or more than `max` bytes. */
function readRegularFile(file: string, name: string, max: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`cannot read ${name}: not a regular file`);
    if (st.size > max) throw new InputError(`cannot read ${name}: ${st.size} bytes, more than ${max}`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads FILE (or standard input) as UTF-8 JSON: BOM and CRLF accepted; binary refused without echoing it. */
export function readInput(
  file: string,
  io: { stdin?: (() => Buffer) | undefined },
  kind: InputKind = EVENT_INPUT,
): unknown {
  const name = file === '-' ? 'standard input' : printable(file, 200);
  const EXPECTED_INPUT = kind.expected;
  let bytes: Buffer;
  try {
    bytes = file === '-' ? (io.stdin ?? (() => readFileSync(0)))() : readRegularFile(file, name, kind.maxBytes);
    if (bytes.length > kind.maxBytes) throw new InputError(`cannot read ${name}: more than ${kind.maxBytes} bytes`);
  } catch (e) {
    if (e instanceof InputError) throw e;
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
