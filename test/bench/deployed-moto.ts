/**
 * `coldFirstDiagnosisDeployedMs`: the first diagnosis of the function exactly as the stack deploys it, in a fresh
 * `node` process per run — index.js (which loads handler-core.js in its init, PIPELINE_LOAD=init as the template
 * sets it), then the handler with a pull failure, up to the notification published — against moto, a real AWS
 * emulator, behind a loopback proxy that holds every request 50 ms before moto answers it (the bench's simulated
 * latency, test/bench/latency-ms.ts; moto's own time comes on top; CloudTrail LookupEvents, which moto lacks, is
 * answered by the proxy: no recorded event). No mocks and no bench code in the measured process: the SDK signs, serialises and parses real
 * HTTP, and storm control claims and records the incident in a DynamoDB table (a fresh one per run, so every run is
 * a first event), as in the deployed function.
 *
 * The account is test/helpers/moto-seed.ts's: a private subnet without NAT or endpoints (network-no-route, proven
 * from the account; the CLI's emulator test asserts the same diagnosis). Each run must end `notified` with that
 * cause, or the bench stops: a figure of a run that diagnosed something else would not be this one.
 *
 * One run before the measured ones is not counted: moto loads each service's backend on its first request.
 *
 * moto_server missing: the figure is null, with the reason (the mock-based `coldFirstDiagnosisMs` still runs).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { criticalPathRounds } from '../../lambda/aws/call';
import {
  createFunctionResources,
  DEPLOYED_HANDLER_SCRIPT,
  deployedResultOf,
  noTrailEvents,
} from '../helpers/deployed-asset';
import { motoAvailable, motoClients, startMoto } from '../helpers/moto';
import { startMotoProxy } from '../helpers/moto-proxy';
import { SEED_REGION, seedAccount } from '../helpers/moto-seed';
import { SIMULATED_LATENCY_MS } from './latency-ms';

export interface DeployedRuns {
  /** Wall time of each fresh process (ms), or empty with `skipped`. */
  ms: number[];
  skipped?: string;
  cause?: string;
  /** The AWS calls of the last run as the proxy saw them: "ec2:DescribeSubnets 0-52" (ms from its first call). */
  calls: string[];
  /** Sequential round trips of the last run up to its sns:Publish (criticalPathRounds over the proxy's timeline). */
  roundsToPublish?: number;
}

type Spawn = (args: string[], env: NodeJS.ProcessEnv) => Promise<{ ms: number; stderr: string }>;

export async function measureDeployedFirstDiagnosis(opts: {
  bundlePath: string;
  /** The function's environment from the template (functionEnv): endpoint, topic and table are replaced here. */
  env: Record<string, string>;
  runs: number;
  /** Node flags for each run (e.g. --cpu-prof). */
  nodeArgs?: string[];
  spawn: Spawn;
  progress: (s: string) => void;
}): Promise<DeployedRuns> {
  if (!motoAvailable()) return { ms: [], calls: [], skipped: 'moto_server is not on PATH (pip install moto[server])' };
  let dir: string | undefined;
  let moto: Awaited<ReturnType<typeof startMoto>> | undefined;
  let seed: ReturnType<typeof motoClients> | undefined;
  let proxy: Awaited<ReturnType<typeof startMotoProxy>> | undefined;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-deployed-'));
    moto = await startMoto({ loadAwsManagedPolicies: true });
    seed = motoClients(moto.url, SEED_REGION);
    const account = await seedAccount(seed, dir, 'bench');
    // One more run first, not counted: moto loads each service's backend on its first request.
    const { topicArn, tables } = await createFunctionResources(moto.url, SEED_REGION, opts.runs + 1);
    proxy = await startMotoProxy(moto.url, noTrailEvents, { delayMs: SIMULATED_LATENCY_MS });
    opts.progress(`${opts.runs} × the deployed files against moto (${SIMULATED_LATENCY_MS} ms per call)…`);
    const ms: number[] = [];
    let calls: string[] = [];
    let roundsToPublish = 0;
    for (let i = 0; i <= opts.runs; i++) {
      const before = proxy.timeline.length;
      const args = [
        ...(opts.nodeArgs ?? []),
        '-e',
        DEPLOYED_HANDLER_SCRIPT,
        opts.bundlePath,
        account.eventFile,
        SEED_REGION,
      ];
      const run = await opts.spawn(args, {
        ...opts.env,
        AWS_REGION: SEED_REGION,
        AWS_DEFAULT_REGION: SEED_REGION,
        AWS_ENDPOINT_URL: proxy.endpoint,
        TOPIC_ARN: topicArn,
        INCIDENT_TABLE_NAME: tables[i]!,
      });
      const result = deployedResultOf(run.stderr);
      if (result?.status !== 'notified' || result.cause !== 'network-no-route')
        throw new Error(`the deployed run did not notify network-no-route: ${JSON.stringify(result) ?? run.stderr}`);
      // A request the client gave up on never got its answer time: not a round trip.
      const seen = proxy.timeline.slice(before).filter((c) => c.endMs >= 0);
      if (!seen.some((c) => c.api === 'sns:Publish'))
        throw new Error(`the deployed run published nothing: ${seen.map((c) => c.api).join(', ')}`);
      const t0 = Math.min(...seen.map((c) => c.startMs));
      calls = seen.map((c) => `${c.api} ${c.startMs - t0}-${c.endMs - t0}`);
      const published = seen.find((c) => c.api === 'sns:Publish')!;
      roundsToPublish = criticalPathRounds(
        seen.filter((c) => c.startMs <= published.startMs).map((c) => ({ ...c, ok: true })),
      );
      if (i > 0) ms.push(run.ms);
    }
    return { ms, cause: 'network-no-route', calls, roundsToPublish };
  } finally {
    await proxy?.stop();
    seed?.destroy();
    await moto?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
