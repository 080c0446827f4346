/**
 * moto server (a real AWS emulator, TOOLCHAIN.md §12) for process-level tests: started on a free loopback
 * port, reset between tests, killed (with its children) when done. Point the CLI at it with
 * AWS_ENDPOINT_URL=moto.url and fake credentials; seed and assert with motoClients().
 *
 *   const moto = await startMoto();    // beforeAll (after requireMotoOrSkip)
 *   await moto.reset();                // beforeEach: an empty account
 *   const { ec2 } = motoClients(moto.url, 'us-east-1');
 *   await moto.stop();                 // afterAll
 *
 * moto is installed with `pip install 'moto[server]'` (it provides `moto_server`). Where it is missing,
 * `requireMoto()` tells the test file to skip with a warning, or, when CI is set, makes its beforeAll throw,
 * so a CI run never passes by skipping the only tests that talk to an AWS implementation.
 *
 * Traps (TOOLCHAIN.md §12): an unimplemented API answers HTTP 500 with an HTML body (the SDK reports an
 * "XML parse error" or "Unexpected token '<'"): iam:SimulatePrincipalPolicy is one; ClientToken is not
 * honoured by CreateVpcEndpoint; endpoints are `available` at once.
 */
import { createClients, type Clients } from '../../lambda/aws/clients';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';

/** moto's default account: every ARN it makes is in this account. */
export const MOTO_ACCOUNT = '123456789012';
/** Fake credentials: moto accepts any; they never reach AWS because the endpoint is the emulator. */
export const MOTO_CREDENTIALS = Object.freeze({ accessKeyId: 'testing', secretAccessKey: 'testing' });

const HEALTH_TIMEOUT_MS = 20_000;
const INSTALL_HINT = "pip install 'moto[server]'  (provides the moto_server command; TOOLCHAIN.md §12)";

export interface MotoHandle {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Forgets every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Kills the server and its children; idempotent. */
  stop(): Promise<void>;
}

/** Whether `moto_server` can be run from PATH. */
export function motoAvailable(): boolean {
  const r = spawnSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 20_000 });
  return !r.error && r.status === 0;
}

export interface MotoGate {
  /** moto_server is missing and CI is not set: skip the tests (a warning has been printed). */
  skip: boolean;
  /** Call first in beforeAll: throws the install hint when moto_server is missing (so with CI set the tests fail). */
  check(): void;
}

/**
 * Whether a test file that needs moto runs. moto on PATH: run. Missing without CI: `skip` is true and a
 * warning says how to install it. Missing with CI set: `skip` is false and `check()` (in beforeAll) throws,
 * so every test of the file fails with the install hint instead of passing by being skipped.
 *
 *   const gate = requireMoto('the emulator test of handle');
 *   (gate.skip ? describe.skip : describe)('…', () => { beforeAll(async () => { gate.check(); … }); … });
 */
export function requireMoto(what = 'this test'): MotoGate {
  const available = motoAvailable();
  const message = `moto_server is not on PATH, so ${what} cannot run. Install it: ${INSTALL_HINT}`;
  const skip = !available && !process.env.CI;
  if (skip) console.warn(`SKIPPED: ${message}`);
  return {
    skip,
    check() {
      if (!available) throw new Error(message);
    },
  };
}

/** A free loopback TCP port (listen on 0, read the port, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One HTTP request without keep-alive (a pooled socket would keep jest from exiting); resolves to the status. */
function httpStatus(url: string, method: 'GET' | 'POST', timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await httpStatus(`${url}/moto-api/data.json`, 'GET', 2_000)) === 200;
  } catch {
    return false;
  }
}

/** Kills the process group (moto_server may be a pyenv shim that starts python as a child). */
function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

export interface MotoOptions {
  /**
   * Load AWS managed IAM policies (MOTO_IAM_LOAD_MANAGED_POLICIES=true), so that e.g.
   * arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy exists and can be attached.
   * Without it moto knows no AWS managed policy (GetPolicy answers NoSuchEntity).
   */
  loadAwsManagedPolicies?: boolean;
}

export async function startMoto(options: MotoOptions = {}): Promise<MotoHandle> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // detached: its own process group, so stop() reaches the python process behind a shim as well.
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      ...(options.loadAwsManagedPolicies ? { MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' } : {}),
    },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    stderr = (stderr + d).slice(-4_000);
  });
  let spawnError: Error | undefined;
  child.once('error', (e) => {
    spawnError = e;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A detached server outlives its parent: if the test process exits without stop(), kill it then.
  const onParentExit = () => killTree(child, 'SIGKILL');
  process.once('exit', onParentExit);

  /** Whether the process exited within `ms` (the timer is cleared either way: no open handle left for jest). */
  const exitWithin = async (ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([exited.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      killTree(child, 'SIGTERM');
      if (!(await exitWithin(5_000))) {
        killTree(child, 'SIGKILL');
        await exitWithin(2_000);
      }
    }
    child.stderr?.destroy();
    process.removeListener('exit', onParentExit);
  };

  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (!(await healthy(url))) {
    if (spawnError || child.exitCode !== null || Date.now() > deadline) {
      await stop();
      const why = spawnError
        ? spawnError.message
        : child.exitCode !== null
          ? `exited with code ${child.exitCode}`
          : `not healthy after ${HEALTH_TIMEOUT_MS / 1000} s`;
      throw new Error(
        `moto_server on ${url} did not start (${why}). Its stderr:\n${stderr}\nInstall hint: ${INSTALL_HINT}`,
      );
    }
    await sleep(200);
  }

  return {
    url,
    async reset() {
      const status = await httpStatus(`${url}/moto-api/reset`, 'POST', 10_000);
      if (status !== 200) throw new Error(`moto reset failed: HTTP ${status}`);
    },
    stop,
  };
}

export interface MotoClients {
  ec2: EC2Client;
  ecs: ECSClient;
  iam: IAMClient;
  ecr: ECRClient;
  /** Closes the clients' sockets. */
  destroy(): void;
}

/** SDK clients pointed at moto with fake credentials, for seeding and for assertions. */
export function motoClients(url: string, region = 'us-east-1'): MotoClients {
  const config = { endpoint: url, region, credentials: { ...MOTO_CREDENTIALS }, maxAttempts: 1 };
  const c = {
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    iam: new IAMClient(config),
    ecr: new ECRClient(config),
  };
  return {
    ...c,
    destroy: () => {
      for (const x of Object.values(c)) x.destroy();
    },
  };
}

/**
 * For a test file that runs the tool's own clients (createClients) against moto: one server for the file,
 * AWS_ENDPOINT_URL pointed at it (restored after), a reset account and fresh clients for every test.
 * `seed` are clients for arranging the account. Call it inside the describe block the gate guards.
 */
export function useMotoAccount(
  gate: MotoGate,
  region: string,
): { readonly moto: MotoHandle; readonly seed: MotoClients; readonly clients: Clients } {
  const state = {} as { moto: MotoHandle; seed: MotoClients; clients: Clients };
  const saved = process.env.AWS_ENDPOINT_URL;
  beforeAll(async () => {
    gate.check(); // moto_server missing with CI set: fail here, with the install hint
    state.moto = await startMoto();
    state.seed = motoClients(state.moto.url, region);
    process.env.AWS_ENDPOINT_URL = state.moto.url;
  }, 30_000);
  afterAll(async () => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
    state.seed?.destroy();
    await state.moto?.stop();
  });
  beforeEach(async () => {
    await state.moto.reset();
    state.clients = createClients(region);
  });
  afterEach(() => {
    state.clients?.ec2.destroy();
    state.clients?.route53.destroy();
  });
  return state;
}
