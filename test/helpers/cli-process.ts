/**
 * Runs the CLI as users do: `npx ecs-pull-doctor` resolves package.json's bin, bin/ecs-pull-doctor.js, which
 * runs the build in dist/ (jest's globalSetup builds it first, as `npm ci` does through `prepare`). The child
 * gets a minimal environment: PATH, a scratch HOME (no ~/.aws), fake credentials, no instance metadata, and
 * `endpoint` as AWS_ENDPOINT_URL (a closed loopback port by default, or moto's server).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const pkg = require('../../package.json') as { version: string; bin: Record<string, string> };
export const BIN = join(ROOT, pkg.bin['ecs-pull-doctor']!);
export const PACKAGE_VERSION = pkg.version;
/** Nothing listens here: any AWS call fails at once with ECONNREFUSED. */
export const CLOSED_ENDPOINT = 'http://127.0.0.1:9';

const home = mkdtempSync(join(tmpdir(), 'cli-home-'));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Variables to set, or to remove (undefined), on top of the minimal environment. */
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  endpoint?: string;
}

function childEnv(opts: CliOptions): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_ENDPOINT_URL: opts.endpoint ?? CLOSED_ENDPOINT,
    AWS_MAX_ATTEMPTS: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: string[], opts: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: childEnv(opts),
    encoding: 'utf8',
    timeout: 60_000,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, without blocking the test's event loop: for a test that serves the CLI's AWS calls itself (a loopback
 * proxy or fake in this process would never answer a spawnSync'd child).
 */
export function runCliAsync(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(opts), timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}
