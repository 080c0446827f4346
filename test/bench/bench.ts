/**
 * `npm run bench`: performance figures of the function, measured in one run on this machine, printed as
 * ONE JSON object on stdout (progress and warnings go to stderr). Offline: fake credentials, a closed
 * loopback endpoint for anything un-mocked, dynalite on 127.0.0.1. docs/benchmarks.md explains the keys.
 *
 *   1. Synthesize the stack with real bundling and measure the function asset (bundleBytes); capture the
 *      esbuild command the CDK ran and rebuild with it: the handler with a metafile (top contributors),
 *      and the bench entries cold-entry.ts and load-entry.ts.
 *   2. load-entry in its own node process, with the function's environment: 1,000 diagnoses spread over
 *      the causes of SCENARIOS, 8 at once (handlerMs, apiCallsPerCause, criticalPathRounds,
 *      writesInProposeOnly, maxRssMb) and the storm against dynalite (started here, on loopback), 50
 *      events at once and then one at a time. Then the same 1,000 diagnoses twice more, in fresh
 *      processes: with a full GC after each cause's batch (the live heap, details.rss.afterGc) and with
 *      the V8 heap limits the Lambda runtime sets for 256 MB (details.rss.lambdaHeapLimit).
 *   3. 20 rounds of fresh processes, interleaved: `node -e 0`, `node -e "require(<asset>/index.js)"`,
 *      `node cold-entry.js` (nodeBaselineMs, coldInitMs, coldFirstDiagnosisMs).
 *   4. With moto_server on PATH: 10 fresh processes of the deployed files themselves, each a first diagnosis
 *      against moto 50 ms away, up to the published notification (coldFirstDiagnosisDeployedMs,
 *      roundsToNotificationDeployed: test/bench/deployed-moto.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { contributors, describeFlags, rebuild, synthesizeStackBundle, type StackBundle } from './bundle';
import { median, round1 } from './stats';
import { json11Error, startLoopbackAws } from '../helpers/loopback-aws';
import { measureDeployedFirstDiagnosis } from './deployed-moto';
import { SIMULATED_LATENCY_MS } from './latency-ms';
import { SEED_REGION } from '../helpers/moto-seed';
import { DEPLOYED_HANDLER_SCRIPT, deployedResultOf, resolveFunctionEnv } from '../helpers/deployed-asset';
import type { LoadResult } from './load-entry';
import { MAX_CALLS_PER_DIAGNOSIS } from '../../lambda/facts/probes/budget';
import { MAX_TRAIL_LOOKUPS } from '../../lambda/changes/queries';
import { CAUSES } from '../../lambda/domain/diagnosis';

const GOALS = {
  bundleBytes: 1_200_000,
  /**
   * Cold start as ratios to the `node -e 0` of the same run (issue 21): absolute times differ about 2× between
   * machines, the ratio much less. Init: requiring the asset's index.js with the stack's environment (which loads
   * the pipeline's file too: PIPELINE_LOAD=init); first diagnosis: cold-entry.ts (one file: the handler module,
   * the pipeline, the SDK mocks and scenarios, all loaded at start) and one diagnosis.
   */
  coldInitRatio: 2,
  coldFirstDiagnosisRatio: 6,
  handlerP95Ms: 400,
  criticalPathRounds: 4,
  apiCallsPerCause: MAX_CALLS_PER_DIAGNOSIS,
  /** What changed (issue 17): LookupEvents per diagnosis, after it. */
  trailCallsPerCause: MAX_TRAIL_LOOKUPS,
  writesInProposeOnly: 0,
  maxRssMb: 150,
  /** The CLI's offline diagnosis over `node -e 0` (bin/ → dist/, as `npx ecs-pull-doctor` runs it). */
  cliOfflineMs: 250,
  storm: { diagnoses: 1, notifications: 1, fixes: 1, apiCalls: 1_020 },
} as const;

const COLD_RUNS = 20;
/** Fresh processes per cause family for coldFirstDiagnosisByFamilyMs. */
const FAMILY_RUNS = 5;
/** Fresh processes of the deployed files against moto (coldFirstDiagnosisDeployedMs; one more, uncounted, first). */
const DEPLOYED_RUNS = 10;
const DIAGNOSES = 1_000;
/**
 * Diagnoses in flight at once in the load process. A Lambda container handles ONE event at a time; with 50
 * in flight in one process, each diagnosis's time was mostly waiting for the CPU work of the 49 others
 * (p50 of the one-call causes 93–139 ms where the call itself takes 50 ms). 8 keeps the run short (≈ 15 s
 * for 1,000 diagnoses at 50 ms per AWS call; one at a time ≈ 100 s) while a time stays close to
 * the diagnosis's own. (maxRssMb hardly depends on it: 210 MB at 50, ≈ 200 MB at 8.)
 */
const CONCURRENCY = 8;
/**
 * V8 heap flags for the Lambda-like run. The Lambda Node.js runtime's bootstrap sets --max-semi-space-size
 * and --max-old-space-size from AWS_LAMBDA_FUNCTION_MEMORY_SIZE unless NODE_OPTIONS sets one of them (ours
 * only sets --enable-source-maps); lambci's reproduction of that bootstrap uses 5 % and 90 % of the memory
 * size: 12 and 230 MB for 256 MB. Without them, V8 sizes the heap from this machine's memory (a 4 GB
 * limit here) and lets garbage build up long before it collects.
 */
const LAMBDA_MEMORY_MB = 256;
const LAMBDA_HEAP_FLAGS = [
  `--max-semi-space-size=${Math.floor((LAMBDA_MEMORY_MB * 5) / 100)}`,
  `--max-old-space-size=${Math.floor((LAMBDA_MEMORY_MB * 90) / 100)}`,
];
const STORM_EVENTS = 1_000;
/** Storm events in flight at once: many containers take a burst of events together (the racers). */
const STORM_CONCURRENCY = 50;
const FAKE_ACCOUNT = '111122223333';

const ROOT = path.join(__dirname, '..', '..');
const progress = (s: string) => process.stderr.write(`[bench] ${s}\n`);

// Anything that writes to stdout while the bench runs (a library, a log line) goes to stderr instead:
// stdout carries the JSON object and nothing else.
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
  (process.stderr.write as (...a: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stdout.write;

// ---- cleanup: temp dirs and the dynalite server, also on Ctrl-C ------------------------------------------
const cleanups: Array<() => Promise<void> | void> = [];
async function cleanup(): Promise<void> {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (err) {
      progress(`cleanup: ${String(err)}`);
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void cleanup().finally(() => process.exit(130));
  });
}
const removeDir = (dir: string) => () => fs.rmSync(dir, { recursive: true, force: true });

// ---- the function's environment ------------------------------------------------------------------------------

/**
 * The function's environment variables as the template sets them, resolved the way a deployment with the
 * parameter defaults resolves them (resource references become fake names in the fake account), plus what
 * Lambda adds (AWS_REGION, credentials — fake here) and two guards against reaching the network.
 */
function functionEnv(bundle: StackBundle, region: string): Record<string, string> {
  const fakes: Record<string, string> = {
    TOPIC_ARN: `arn:aws:sns:${region}:${FAKE_ACCOUNT}:EcsPullDoctor-NotificationTopic-bench`,
    INCIDENT_TABLE_NAME: 'EcsPullDoctor-IncidentTable-bench',
  };
  const { env: out, unresolved } = resolveFunctionEnv(bundle.environment, bundle.parameterDefaults);
  for (const key of unresolved) {
    if (fakes[key]) out[key] = fakes[key]!;
    else {
      progress(`warning: ${key} is ${JSON.stringify(bundle.environment[key])} in the template; using a placeholder`);
      out[key] = `bench-${key.toLowerCase()}`;
    }
  }
  return {
    PATH: process.env.PATH ?? '',
    HOME: os.tmpdir(),
    ...out,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: 'EcsPullDoctor-Function-bench',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_SESSION_TOKEN: 'fake-session-token',
    // Nothing un-mocked may leave the machine: the SDK's endpoint is a closed loopback port, IMDS is off.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * A bundle's `__dirname` is the directory of the output file, and the test helpers find their files
 * (examples/*.json, test/fixtures) relative to their own directory. The bench entries are therefore
 * written to <mirror>/test/helpers/, in a mirror of the repository made of symlinks, so that those
 * relative paths lead to the real files. Returns <mirror>/test/helpers.
 */
function mirrorForHelpers(mirror: string): string {
  const helpers = path.join(mirror, 'test', 'helpers');
  fs.mkdirSync(helpers, { recursive: true });
  for (const name of fs.readdirSync(ROOT)) {
    if (name === 'test' || name === '.git') continue;
    fs.symlinkSync(path.join(ROOT, name), path.join(mirror, name));
  }
  for (const name of fs.readdirSync(path.join(ROOT, 'test'))) {
    if (name !== 'helpers') fs.symlinkSync(path.join(ROOT, 'test', name), path.join(mirror, 'test', name));
  }
  for (const name of fs.readdirSync(path.join(ROOT, 'test', 'helpers'))) {
    fs.symlinkSync(path.join(ROOT, 'test', 'helpers', name), path.join(helpers, name));
  }
  return helpers;
}

// ---- fresh processes ---------------------------------------------------------------------------------------------

interface ColdRun {
  ms: number;
  stderr: string;
}

function timeProcess(args: string[], env: NodeJS.ProcessEnv, expectedStatus = 0): ColdRun {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== expectedStatus)
    throw new Error(`node ${args.join(' ').slice(0, 120)} exited with ${r.status}: ${r.stderr || r.error}`);
  return { ms, stderr: r.stderr };
}

/**
 * The second minifier pass of the function's pipeline file over a bench entry, and its source map cut down the same
 * way (scripts/function-core-build.mjs).
 */
async function secondPassInPlace(file: string): Promise<void> {
  const script = pathToFileURL(path.join(ROOT, 'scripts', 'function-core-build.mjs')).href;
  const { secondPass, ownSourcesOnly } = (await import(script)) as {
    secondPass: (code: string, map: string, name: string) => Promise<{ code: string; map?: string }>;
    ownSourcesOnly: (map: string) => string;
  };
  const out = await secondPass(
    fs.readFileSync(file, 'utf8'),
    fs.readFileSync(`${file}.map`, 'utf8'),
    path.basename(file),
  );
  fs.writeFileSync(file, out.code);
  // The map as the deployed pipeline's (with NODE_OPTIONS=--enable-source-maps, Node 20 decodes it at load).
  if (out.map) fs.writeFileSync(`${file}.map`, ownSourcesOnly(out.map));
}

/** timeProcess for a child that talks to a server in this process (spawnSync would block its event loop). */
function timeProcessAsync(args: string[], env: NodeJS.ProcessEnv, expectedStatus = 0): Promise<ColdRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // A child that hangs is killed (and the bench stops) instead of stalling the run.
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code !== expectedStatus)
        reject(new Error(`node ${args.join(' ').slice(0, 120)} exited with ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ ms, stderr });
    });
  });
}

/** What the function wrote to stderr during the load phase, grouped (e.g. Powertools warnings). */
const childStderr = new Map<string, number>();

function noteStderrLine(line: string): void {
  if (line.startsWith('[bench')) {
    process.stderr.write(`${line}\n`);
    return;
  }
  if (!line.trim()) return;
  let key = line.slice(0, 120);
  try {
    const parsed = JSON.parse(line) as { level?: string; message?: string };
    if (parsed.message) key = `${parsed.level ?? ''} ${parsed.message}`.trim();
  } catch {
    // not a JSON log line
  }
  childStderr.set(key, (childStderr.get(key) ?? 0) + 1);
}

function runChild(script: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    // stdout: the function's own log lines (Powertools, INFO), not wanted here; stderr: our progress
    // lines are forwarded, anything else is counted and summarized in the report.
    const child = spawn(process.execPath, [...nodeArgs, script], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const stop = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    };
    cleanups.push(stop);
    let rest = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      lines.forEach(noteStderrLine);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const i = cleanups.indexOf(stop);
      if (i >= 0) cleanups.splice(i, 1);
      if (rest) noteStderrLine(rest);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(script)} exited with ${code ?? signal}`));
    });
  });
}

/** The commit measured, and whether the working tree differed from it (uncommitted changes are measured too). */
function gitState(): { commit: string; uncommittedChanges: string[] } {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const changed = git(
    'status',
    '--porcelain',
    '--untracked-files=no',
    '--',
    'lambda',
    'lib',
    'test/helpers',
    'package-lock.json',
  );
  return {
    commit: git('rev-parse', '--short', 'HEAD'),
    uncommittedChanges: changed ? changed.split('\n').map((l) => l.trim()) : [],
  };
}

/**
 * The live memory batch after batch: heap in use after a full GC before the first diagnosis and after each
 * cause's batch, and the growth per diagnosis from the first batch to the last (a leak would show here;
 * the first batch is left out of the slope because it also pays the lazy initialization of the SDK
 * clients and the JIT).
 */
function afterGcSummary(r: LoadResult) {
  const pts = r.afterGc;
  const first = pts[1] ?? pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last) throw new Error('the GC run recorded no after-GC figures');
  const span = last.diagnoses - first.diagnoses;
  return {
    nodeFlags: ['--expose-gc'],
    beforeFirstDiagnosis: pts[0],
    afterFirstBatch: first,
    afterLastBatch: last,
    heapGrowthKbPerDiagnosis: span > 0 ? round1(((last.heapUsedMb - first.heapUsedMb) * 1024) / span) : 0,
    heapUsedMaxMb: round1(Math.max(...pts.map((p) => p.heapUsedMb))),
    rssMaxAfterGcMb: round1(Math.max(...pts.map((p) => p.rssMb))),
    maxRssMb: r.maxRssMb,
    points: pts.map((p) => [p.diagnoses, p.heapUsedMb, p.rssMb]),
    pointsFields: ['diagnoses', 'heapUsedMb', 'rssMb'],
  };
}

// ---- main ----------------------------------------------------------------------------------------------------------

async function main(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pull-doctor-bench-'));
  cleanups.push(removeDir(tmp));

  // 1. The bundle as the stack builds it.
  progress('synthesizing the stack with bundling…');
  const bundle = synthesizeStackBundle();
  cleanups.push(removeDir(bundle.outdir));
  progress(`function asset: ${bundle.bundleBytes} bytes; esbuild ${describeFlags(bundle.esbuild).join(' ')}`);

  // The pipeline's file (what a diagnosis compiles) with a metafile: its contributors as esbuild leaves them, before
  // the second minifier pass of scripts/function-core-build.mjs (which removes unused SDK schemas from them).
  const metaDir = path.join(tmp, 'handler');
  rebuild(bundle.esbuild, path.join(ROOT, 'lambda', 'handler-core.ts'), path.join(metaDir, 'handler-core.js'), [
    `--metafile=${path.join(metaDir, 'meta.json')}`,
  ]);
  const esbuildCoreBytes = fs.statSync(path.join(metaDir, 'handler-core.js')).size;
  const contrib = contributors(path.join(metaDir, 'meta.json'));
  // The stack's esbuild call passes --charset=utf8 itself (lib/function-bundling.ts): the Japanese text stays text.
  const charsetPassed = bundle.esbuild.argv.some((a) => a.startsWith('--charset'));

  const helpersDir = mirrorForHelpers(path.join(tmp, 'mirror'));
  const coldEntry = path.join(helpersDir, 'bench-cold-entry.js');
  const loadEntry = path.join(helpersDir, 'bench-load-entry.js');
  // The bench entries import the pipeline themselves (their mocks must reach its SDK clients): they run with
  // PIPELINE_LOAD=first-event, so the handler's require of the second file is never reached, and loading them
  // compiles the pipeline at start, as the stack's PIPELINE_LOAD=init does in the init phase.
  rebuild(bundle.esbuild, path.join(__dirname, 'cold-entry.ts'), coldEntry);
  // As the deployed pipeline's file: the same second minifier pass (scripts/function-core-build.mjs).
  await secondPassInPlace(coldEntry);
  rebuild(bundle.esbuild, path.join(__dirname, 'load-entry.ts'), loadEntry);
  progress(`bench entries built (${Math.round(performance.now() - t0)} ms so far)`);

  // 2. Diagnoses and storm, in their own process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startDynalite } = require('../helpers/dynalite') as typeof import('../helpers/dynalite');
  const ddb = await startDynalite();
  const stopDynalite = () => ddb.stop();
  cleanups.push(stopDynalite);
  // One fresh table per storm (auto-fixable scenarios × concurrencies; more than enough).
  const tables = [ddb.tableName];
  for (let i = 1; i < 12; i++) tables.push(await ddb.createTable());
  const signalTable = await ddb.createTable();
  const loadOut = path.join(tmp, 'load-result.json');
  progress(
    `${DIAGNOSES} diagnoses (${CONCURRENCY} at once) and the storm (${STORM_CONCURRENCY} at once, then 1), dynalite at ${ddb.endpoint}…`,
  );
  await runChild(loadEntry, {
    // The region is the scenario's, set per cause inside; this one only has to be valid.
    ...functionEnv(bundle, 'us-east-1'),
    PIPELINE_LOAD: 'first-event',
    BENCH_OUT: loadOut,
    BENCH_DIAGNOSES: String(DIAGNOSES),
    BENCH_CONCURRENCY: String(CONCURRENCY),
    BENCH_STORM_EVENTS: String(STORM_EVENTS),
    BENCH_STORM_CONCURRENCY: `${STORM_CONCURRENCY},1`,
    BENCH_DDB_ENDPOINT: ddb.endpoint,
    BENCH_DDB_TABLES: tables.join(','),
    BENCH_DDB_SIGNAL_TABLE: signalTable,
  });
  const load = JSON.parse(fs.readFileSync(loadOut, 'utf8')) as LoadResult;
  // dynalite stops before the other runs and the cold-start timings.
  cleanups.splice(cleanups.indexOf(stopDynalite), 1);
  await stopDynalite();

  // The same diagnoses (no storm) in two more fresh processes: a full GC after each cause's batch, then
  // the Lambda runtime's heap limits. Their timings are not reported.
  const diagnosesOnly = (out: string, extra: Record<string, string> = {}) => ({
    ...functionEnv(bundle, 'us-east-1'),
    PIPELINE_LOAD: 'first-event',
    BENCH_OUT: out,
    BENCH_DIAGNOSES: String(DIAGNOSES),
    BENCH_CONCURRENCY: String(CONCURRENCY),
    BENCH_STORM: '0',
    ...extra,
  });
  progress(`${DIAGNOSES} diagnoses again with a full GC after each cause's batch (node --expose-gc)…`);
  const gcOut = path.join(tmp, 'load-gc.json');
  await runChild(loadEntry, diagnosesOnly(gcOut, { BENCH_GC_AFTER_BATCH: '1' }), ['--expose-gc']);
  const withGc = JSON.parse(fs.readFileSync(gcOut, 'utf8')) as LoadResult;
  progress(
    `${DIAGNOSES} diagnoses again with the Lambda runtime's heap limits for ${LAMBDA_MEMORY_MB} MB (${LAMBDA_HEAP_FLAGS.join(' ')})…`,
  );
  const limitOut = path.join(tmp, 'load-limit.json');
  await runChild(loadEntry, diagnosesOnly(limitOut), LAMBDA_HEAP_FLAGS);
  const limited = JSON.parse(fs.readFileSync(limitOut, 'utf8')) as LoadResult;
  progress(`load phase done (${Math.round(performance.now() - t0)} ms so far)`);

  // 3. Cold starts: the slowest cause's scenario is the first diagnosis.
  const slowest = [...load.causes].sort((a, b) => b.p50 - a.p50)[0]!;
  const coldEnv: Record<string, string> = { ...functionEnv(bundle, slowest.region), BENCH_CAUSE: slowest.cause };
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: os.tmpdir() };
  const baseline: number[] = [];
  const init: number[] = [];
  const initNoMaps: number[] = [];
  const first: number[] = [];
  const coldEnvNoMaps: Record<string, string> = { ...coldEnv };
  delete coldEnvNoMaps.NODE_OPTIONS;
  let firstSummary: { rssMb?: number } = {};
  const firstRss: number[] = [];
  // An ignored event (a foreign one) answered by a fresh process: index.js alone, as the handler runs it.
  const ignoredScript =
    "require(process.argv[1]).handler({ source: 'aws.ec2' }).then((r) => { if (r.status !== 'ignored') process.exit(3); })";
  const ignored: number[] = [];
  // A pull failure through the deployed files themselves (no mocks, no scenarios): every AWS call is answered at
  // once with 403 AccessDenied by a loopback server (not retried, unlike a refused connection, which the SDK's
  // three attempts with back-off would turn into waiting), so this is loading both files plus the pipeline's own
  // work on its error paths, up to the publish that fails (NotificationFailedError is the expected end).
  const denyAll = await startLoopbackAws([json11Error('AccessDeniedException', 403, 'denied by the bench')]);
  cleanups.push(() => denyAll.stop());
  const pullEvent = path.join(ROOT, 'examples', 'fargate-private-subnet-timeout.json');
  const deniedPullEnv = {
    ...functionEnv(bundle, 'ap-northeast-1'),
    AWS_ENDPOINT_URL: denyAll.endpoint,
    INCIDENT_TABLE_NAME: '',
  };
  const deniedPull: number[] = [];
  // The same asset with the pipeline loaded on the first event that needs it (PIPELINE_LOAD=first-event).
  const lazyEnv = { ...coldEnv, PIPELINE_LOAD: 'first-event' };
  const initLazy: number[] = [];
  progress(`${COLD_RUNS} × (node -e 0, require the asset, an ignored event, cold-entry with ${slowest.cause})…`);
  for (let i = 0; i < COLD_RUNS; i++) {
    baseline.push(timeProcess(['-e', '0'], baseEnv).ms);
    ignored.push(timeProcess(['-e', ignoredScript, bundle.bundlePath], lazyEnv).ms);
    initLazy.push(timeProcess(['-e', 'require(process.argv[1])', bundle.bundlePath], lazyEnv).ms);
    const denied = await timeProcessAsync(
      ['-e', DEPLOYED_HANDLER_SCRIPT, bundle.bundlePath, pullEvent, 'ap-northeast-1'],
      deniedPullEnv,
      4, // the handler throws: the publish was denied too
    );
    const thrown = deployedResultOf(denied.stderr)?.errorName;
    if (thrown !== 'NotificationFailedError') throw new Error(`the denied pull ended with ${thrown}: ${denied.stderr}`);
    deniedPull.push(denied.ms);
    init.push(timeProcess(['-e', 'require(process.argv[1])', bundle.bundlePath], coldEnv).ms);
    initNoMaps.push(timeProcess(['-e', 'require(process.argv[1])', bundle.bundlePath], coldEnvNoMaps).ms);
    const run = timeProcess([coldEntry], lazyEnv);
    first.push(run.ms);
    const line = run.stderr.split('\n').find((l) => l.startsWith('@@bench '));
    if (!line) throw new Error(`cold-entry printed no result: ${run.stderr.slice(0, 500)}`);
    firstSummary = JSON.parse(line.slice('@@bench '.length)) as { rssMb?: number };
    if (typeof firstSummary.rssMb === 'number') firstRss.push(firstSummary.rssMb);
  }
  // The first diagnosis of each cause family's slowest scenario (fewer runs each: the headline figure is above).
  const byFamily: Record<string, { cause: string; ms: number }> = {};
  const families = new Map<string, (typeof load.causes)[number]>();
  for (const c of [...load.causes].sort((a, b) => b.p50 - a.p50)) {
    // EC2 scenarios ("ec2/<name>") count under their cause's family too: the scenario's own cause is not in the label.
    const family = CAUSES[c.cause as keyof typeof CAUSES] ?? (c.cause.startsWith('ec2/') ? 'ec2' : undefined);
    if (family && !families.has(family)) families.set(family, c);
  }
  progress(`${FAMILY_RUNS} × cold-entry for each of ${families.size} cause families…`);
  const familyRaw = new Map<string, number[]>();
  for (let i = 0; i < FAMILY_RUNS; i++)
    for (const [family, c] of families) {
      const env = { ...functionEnv(bundle, c.region), BENCH_CAUSE: c.cause, PIPELINE_LOAD: 'first-event' };
      familyRaw.set(family, [...(familyRaw.get(family) ?? []), timeProcess([coldEntry], env).ms]);
    }
  // The CLI as users start it (bin/ → dist/, built first): offline, and online up to its first AWS call's
  // answer (a closed loopback port refuses at once, so this is loading the AWS side plus one round trip; exit 4).
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs')], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the CLI failed: ${built.stderr}`);
  const bin = path.join(ROOT, 'bin', 'ecs-pull-doctor.js');
  const cliEvent = path.join(ROOT, 'examples', 'fargate-tag-not-found.json');
  const cliEnv = {
    ...baseEnv,
    AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_MAX_ATTEMPTS: '1',
  };
  const cliOffline: number[] = [];
  const cliOnline: number[] = [];
  progress(`${COLD_RUNS} × the CLI (diagnose --offline, diagnose up to its first AWS call)…`);
  for (let i = 0; i < COLD_RUNS; i++) {
    cliOffline.push(timeProcess([bin, 'diagnose', '--offline', '--event', cliEvent], cliEnv).ms);
    cliOnline.push(timeProcess([bin, 'diagnose', '--event', cliEvent], cliEnv, 4).ms);
  }
  const nodeBaselineMs = round1(median(baseline));
  const cliOfflineMs = round1(median(cliOffline) - nodeBaselineMs);
  const cliOnlineFirstCallMs = round1(median(cliOnline) - nodeBaselineMs);
  // The deployed files' first diagnosis against moto, after every other timing: moto would share the CPU with them.
  const deployedRuns = await measureDeployedFirstDiagnosis({
    bundlePath: bundle.bundlePath,
    env: functionEnv(bundle, SEED_REGION),
    // BENCH_DEPLOYED_CPU_PROF=<dir>: a V8 CPU profile of each of these runs (docs/benchmarks.md's profile).
    nodeArgs: process.env.BENCH_DEPLOYED_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_DEPLOYED_CPU_PROF)}`]
      : [],
    runs: DEPLOYED_RUNS,
    spawn: (args, env) => timeProcessAsync(args, env),
    progress,
  });
  if (deployedRuns.skipped) progress(`coldFirstDiagnosisDeployedMs not measured: ${deployedRuns.skipped}`);
  const coldFirstDiagnosisDeployedMs = deployedRuns.ms.length ? round1(median(deployedRuns.ms) - nodeBaselineMs) : null;
  const deployedWaitMs = (deployedRuns.roundsToPublish ?? 0) * SIMULATED_LATENCY_MS;
  const coldInitMs = round1(median(init) - nodeBaselineMs);
  const coldFirstDiagnosisMs = round1(median(first) - nodeBaselineMs);
  const coldIgnoredEventMs = round1(median(ignored) - nodeBaselineMs);
  const coldInitLazyMs = round1(median(initLazy) - nodeBaselineMs);
  const coldPullEventDeniedMs = round1(median(deniedPull) - nodeBaselineMs);
  const ratio = (ms: number) => Math.round((ms / nodeBaselineMs) * 100) / 100;
  for (const [family, times] of familyRaw)
    byFamily[family] = { cause: families.get(family)!.cause, ms: round1(median(times) - nodeBaselineMs) };

  // 4. The report.
  const handlerMs: Record<string, { p50: number; p95: number }> = {};
  const criticalPathRounds: Record<string, number> = {};
  const apiCallsPerCause: Record<string, number> = {};
  const trailCallsPerCause: Record<string, number> = {};
  for (const c of load.causes) {
    trailCallsPerCause[c.cause] = c.trailCalls;
    handlerMs[c.cause] = { p50: c.p50, p95: c.p95 };
    criticalPathRounds[c.cause] = c.rounds;
    apiCallsPerCause[c.cause] = c.apiCalls;
  }
  // Headline storm: the first auto-fixable scenario, 50 events at once (all storms are in details).
  const storm = load.storms[0]!;
  const mismatches = load.causes
    .filter((c) => c.mismatches.length)
    .map((c) => ({ cause: c.cause, runs: c.mismatches.length, got: c.mismatches[0] }));

  const goalsMet = {
    bundleBytes: bundle.bundleBytes <= GOALS.bundleBytes,
    coldInitRatio: ratio(coldInitMs) <= GOALS.coldInitRatio,
    coldFirstDiagnosisRatio: ratio(coldFirstDiagnosisMs) <= GOALS.coldFirstDiagnosisRatio,
    handlerMs: load.causes.every((c) => c.p95 <= GOALS.handlerP95Ms),
    criticalPathRounds: load.causes.every((c) => c.rounds <= GOALS.criticalPathRounds),
    apiCallsPerCause: load.causes.every((c) => c.apiCalls <= GOALS.apiCallsPerCause),
    writesInProposeOnly: load.writesInProposeOnly === GOALS.writesInProposeOnly,
    maxRssMb: load.maxRssMb <= GOALS.maxRssMb,
    cliOfflineMs: cliOfflineMs <= GOALS.cliOfflineMs,
    trailCallsPerCause: load.causes.every((c) => c.trailCalls <= GOALS.trailCallsPerCause),
    signals: load.signals?.invocationsPerHealthyRunningTask === 0 && load.signals.recoveryStorm.resolvedMessages === 1,
    storm:
      storm.diagnoses === GOALS.storm.diagnoses &&
      storm.notifications === GOALS.storm.notifications &&
      storm.fixes === GOALS.storm.fixes &&
      storm.apiCalls <= GOALS.storm.apiCalls,
  };

  const cpus = os.cpus();
  return {
    bundleBytes: bundle.bundleBytes,
    nodeBaselineMs,
    coldInitMs,
    coldInitRatio: ratio(coldInitMs),
    coldInitLazyMs,
    coldInitLazyRatio: ratio(coldInitLazyMs),
    coldFirstDiagnosisMs,
    coldFirstDiagnosisRatio: ratio(coldFirstDiagnosisMs),
    coldIgnoredEventMs,
    coldPullEventDeniedMs,
    coldPullEventDeniedRatio: ratio(coldPullEventDeniedMs),
    coldFirstDiagnosisDeployedMs,
    coldFirstDiagnosisDeployedRatio: coldFirstDiagnosisDeployedMs === null ? null : ratio(coldFirstDiagnosisDeployedMs),
    roundsToNotificationDeployed: deployedRuns.roundsToPublish ?? null,
    coldFirstDiagnosisByFamilyMs: byFamily,
    cliOfflineMs,
    cliOnlineFirstCallMs,
    handlerMs,
    criticalPathRounds,
    apiCallsPerCause,
    trailCallsPerCause,
    writesInProposeOnly: load.writesInProposeOnly,
    ...(load.signals ? { signals: load.signals } : {}),
    maxRssMb: load.maxRssMb,
    storm: {
      diagnoses: storm.diagnoses,
      notifications: storm.notifications,
      fixes: storm.fixes,
      apiCalls: storm.apiCalls,
    },
    machine: {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      memoryGb: round1(os.totalmem() / 1024 ** 3),
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
    },
    goalsMet,
    details: {
      goals: GOALS,
      simulatedLatencyMs: SIMULATED_LATENCY_MS,
      bundle: {
        entryBytes: bundle.entryBytes,
        coreBytes: bundle.coreBytes,
        coreBytesEsbuildOnly: esbuildCoreBytes,
        esbuildFlags: describeFlags(bundle.esbuild),
        charsetUtf8PassedToEsbuild: charsetPassed,
        groups: contrib.groups,
        top: contrib.top.slice(0, 12),
      },
      cold: {
        runs: COLD_RUNS,
        cause: slowest.cause,
        firstDiagnosis: firstSummary,
        nodeOptions: coldEnv.NODE_OPTIONS ?? null,
        spreadMs: {
          baseline: [round1(Math.min(...baseline)), round1(Math.max(...baseline))],
          init: [round1(Math.min(...init)), round1(Math.max(...init))],
          first: [round1(Math.min(...first)), round1(Math.max(...first))],
        },
        initMedianRawMs: round1(median(init)),
        initWithoutNodeOptionsMs: round1(median(initNoMaps) - nodeBaselineMs),
        firstMedianRawMs: round1(median(first)),
        deployed: deployedRuns.skipped
          ? { skipped: deployedRuns.skipped }
          : {
              runs: deployedRuns.ms.length,
              cause: deployedRuns.cause,
              spreadMs: [round1(Math.min(...deployedRuns.ms)), round1(Math.max(...deployedRuns.ms))],
              /**
               * Sequential AWS round trips up to the publish × the simulated latency: the waiting the latency alone
               * makes (a lower bound: moto's own time per call comes on top), not work.
               */
              awsWaitMs: deployedWaitMs,
              awsWaitRatio: ratio(deployedWaitMs),
              calls: deployedRuns.calls,
            },
      },
      diagnoses: {
        total: load.diagnoses,
        concurrency: CONCURRENCY,
        allP50: load.allP50,
        allP95: load.allP95,
        causeMismatches: mismatches,
      },
      gatherCalls: Object.fromEntries(
        load.causes.map((c) => [c.cause, c.gatherCalls.map(([api, s, e]) => `${api} ${s}-${e}`)]),
      ),
      rss: {
        samples: load.rssSamples,
        afterModuleLoadMb: load.rssAfterLoadMb,
        heapUsedAfterModuleLoadMb: load.heapUsedAfterLoadMb,
        heapUsedMaxMb: load.heapUsedMaxMb,
        heapTotalMaxMb: load.heapTotalMaxMb,
        coldProcessAfterFirstDiagnosisMb: round1(median(firstRss)),
        afterGc: afterGcSummary(withGc),
        lambdaHeapLimit: {
          nodeFlags: LAMBDA_HEAP_FLAGS,
          maxRssMb: limited.maxRssMb,
          heapUsedMaxMb: limited.heapUsedMaxMb,
          heapTotalMaxMb: limited.heapTotalMaxMb,
        },
      },
      functionStderr: [...childStderr.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([line, count]) => ({ count, line })),
      storms: load.storms.map(({ events, statuses, autoFixFlag, ...rest }) => ({
        ...rest,
        events,
        autoFixFlag,
        statuses,
      })),
      git: gitState(),
      wallSeconds: round1((performance.now() - t0) / 1000),
    },
  };
}

main()
  .then(async (report) => {
    await cleanup();
    writeStdout(`${JSON.stringify(report, null, 2)}\n`);
  })
  .catch(async (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
    await cleanup();
    process.exitCode = 1;
  });
