/**
 * Bench-only entry for the in-process figures, bundled by test/bench/bench.ts with the stack's esbuild
 * options and run in its own `node` process with the function's environment (so its memory is the
 * function's code plus the mocks, not the CDK or tsx of the bench driver):
 *
 *   - per cause of SCENARIOS: the evidence waves of one gatherFacts run (own CallContext, same inputs as
 *     the pipeline), then its share of the diagnoses (runPipeline, storm control off, publish stubbed,
 *     propose-only configuration), BENCH_CONCURRENCY at once (8 by default: see CONCURRENCY in bench.ts),
 *     each timed on its own;
 *   - the storm: BENCH_STORM_EVENTS events of one incident through runPipeline with a
 *     DynamoIncidentStore on the dynalite table(s) the driver started on loopback, auto-fix opted in.
 *
 * Every mocked AWS call answers after 50 ms (test/bench/latency.ts); DynamoDB (dynalite) is not delayed.
 * After each cause's batch the mocks' state is dropped (dropMockState): what stays in the heap from one
 * batch to the next is the function's own.
 *
 * BENCH_STORM=0: the diagnoses only (no storm, no dynalite needed). BENCH_GC_AFTER_BATCH=1 (with
 * `node --expose-gc`): a full GC before the first diagnosis and after each cause's batch, with the heap and
 * RSS recorded after it (`afterGc`): the live memory, batch after batch. The driver runs the diagnoses
 * three times: as measured (timings, maxRssMb, storms), with the GCs, and with a Lambda-like V8 heap limit.
 *
 * The result is written as JSON to BENCH_OUT; stdout carries the function's own log lines.
 */
import { callPlanFor } from '../../lambda/causes/call-plan';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
// The sinon that aws-sdk-client-mock makes its stubs with (its default sandbox): see dropMockState().
import sinon from 'sinon';
import { PublishCommand } from '@aws-sdk/client-sns';
import { loadConfig, type Config } from '../../lambda/config';
import { clientConfig, createClients, type Clients } from '../../lambda/aws/clients';
import { CallContext, criticalPathRounds } from '../../lambda/aws/call';
import { logger } from '../../lambda/log';
import { buildDeps } from '../../lambda/deps';
import { runPipeline } from '../../lambda/pipeline';
import type { PipelineDeps, PipelineResult } from '../../lambda/pipeline-contract';
import { parseTaskStateChange } from '../../lambda/event/schema';
import { findPullFailure } from '../../lambda/event/pull-failure';
import { classifyText } from '../../lambda/causes/classify';
import { gatherFacts } from '../../lambda/facts/gather';
import { noStormControl, type IncidentStore } from '../../lambda/dedupe/types';
import { DynamoIncidentStore } from '../../lambda/dedupe/incident-store';
import type { CauseId } from '../../lambda/domain/diagnosis';
import { mocks, receivedCommands, writeCommands, type MockName } from '../helpers/aws-mocks';
import { EC2_SCENARIOS, SCENARIOS, type Scenario } from '../helpers/scenarios';
import { addLatency, SIMULATED_LATENCY_MS } from './latency';
import { percentile, pool, round1 } from './stats';
import { measureSignals, type SignalResult } from './signals';

export interface CauseResult {
  /** The cause id of a SCENARIOS entry, or "ec2/<name>" for an EC2_SCENARIOS one (issue 16). */
  cause: CauseId | `ec2/${string}`;
  region: string;
  diagnoses: number;
  p50: number;
  p95: number;
  /** Gather + apply calls of one diagnosis (PipelineResult.apiCalls less trailCalls; the same for every run). */
  apiCalls: number;
  /** CloudTrail LookupEvents asked after the diagnosis, for what changed (issue 17), per diagnosis. */
  trailCalls: number;
  /** Longest chain of sequential calls while gathering evidence (criticalPathRounds in lambda/aws/call.ts). */
  rounds: number;
  /** The gather run's calls, relative to its start: [api, startMs, endMs]. */
  gatherCalls: Array<[string, number, number]>;
  /** Runs whose diagnosis was another cause, or that did not notify. */
  mismatches: Array<{ status: string; cause?: string }>;
  /** Writes observed (test/helpers/aws-mocks writeCommands) during this cause's propose-only runs. */
  writes: string[];
}

export interface StormResult {
  concurrency: number;
  events: number;
  cause: CauseId;
  autoFixFlag: string;
  diagnoses: number;
  notifications: number;
  fixes: number;
  apiCalls: number;
  awsCalls: number;
  dynamoDbCalls: number;
  dynamoDbCallsByApi: Record<string, number>;
  statuses: Record<string, number>;
  /** Outcome of the notified diagnoses: "fixed", "proposed: <reason>", "failed: <error>". */
  outcomes: Record<string, number>;
  wallMs: number;
}

export interface AfterGc {
  diagnoses: number;
  heapUsedMb: number;
  heapTotalMb: number;
  rssMb: number;
}

export interface LoadResult {
  causes: CauseResult[];
  /** The service signals (issue 17); absent without the storm (no dynalite). */
  signals?: SignalResult;
  allP50: number;
  allP95: number;
  diagnoses: number;
  maxRssMb: number;
  rssSamples: number;
  /** RSS once every module is loaded, before the first diagnosis. */
  rssAfterLoadMb: number;
  /** V8 heap in use once every module is loaded, and the largest heap in use and reserved (heapUsed,
   * heapTotal) at the same samples as the RSS: how much of maxRssMb is the JS heap. */
  heapUsedAfterLoadMb: number;
  heapUsedMaxMb: number;
  heapTotalMaxMb: number;
  /** BENCH_GC_AFTER_BATCH only: after a full GC, before the first diagnosis (diagnoses 0) and after each
   * cause's batch (diagnoses so far). */
  afterGc: AfterGc[];
  writesInProposeOnly: number;
  storms: StormResult[];
}

const env = (k: string, fallback?: string): string => {
  const v = process.env[k] ?? fallback;
  if (v === undefined) throw new Error(`${k} is not set`);
  return v;
};
const progress = (s: string) => process.stderr.write(`[bench:load] ${s}\n`);
// Every mocked client answers after the simulated latency. (A fixed list here once left out Route 53, added with issue 13:
// its call answered at once, and a call that ends the moment the next wave starts made one more "round" of every
// network cause: criticalPathRounds read 5 where the waves are 4.)
const MOCKED = Object.keys(mocks) as MockName[];

const clientsByRegion = new Map<string, Clients>();
function clientsFor(region: string): Clients {
  if (!clientsByRegion.has(region)) clientsByRegion.set(region, createClients(region));
  return clientsByRegion.get(region)!;
}

/** The function's configuration for the scenario's region, with overrides (the stack passes the same variables). */
function configFor(region: string, over: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, AWS_REGION: region, ...over });
}

/** Fresh mocks with the scenario's account (mock() resets them first), delayed by the simulated latency. Returns the undo of the delay. */
function prepare(scenario: Scenario, delayed: readonly MockName[] = MOCKED): () => void {
  scenario.mock();
  return addLatency(undefined, delayed);
}

/**
 * Drops what the mocks kept of a batch, once the batch has been read. Bench artefact, not the function's
 * memory: `scenario.mock()` → `resetMocks()` → aws-sdk-client-mock's `reset()` does not clear the old stub,
 * it restores it and makes a new one with `sinon.stub()`, and sinon's default sandbox keeps every stub it
 * ever made (until `sinon.restore()`), each with
 *   - its call history: every command (input, middleware stack), its abort signal, every answer and
 *     rejection (an Error with its stack): ≈ 40 KB per diagnosis, ≈ 40 MB of live heap after 1,000;
 *   - its behaviours: the scenario's account model and one fake per mocked input, ≈ 0.5 MB per cause.
 * `resetHistory()` empties the current stubs' histories; `sinon.restore()` puts the clients' own `send`
 * back and empties the sandbox, so the next `scenario.mock()` starts from new stubs. Within one batch the
 * history is kept (the call counts of the report are read from it): at most one cause's ≈ 48 diagnoses.
 */
function dropMockState(): void {
  for (const m of Object.values(mocks)) m.resetHistory();
  sinon.restore();
}

const publishStub: NonNullable<PipelineDeps['publish']> = async () => ({
  ok: true,
  value: { messageId: 'bench-not-published' },
});

async function measureCause(
  scenario: Scenario,
  n: number,
  concurrency: number,
  label: CauseResult['cause'] = scenario.cause,
): Promise<{ result: CauseResult; ms: number[] }> {
  const region = scenario.region;
  const config = configFor(region);
  const clients = clientsFor(region);
  const undo = prepare(scenario);
  try {
    // 1. Evidence waves: gatherFacts with our own CallContext, fed exactly as runPipeline feeds it.
    const parsed = parseTaskStateChange(scenario.event); // (each read of scenario.event is a fresh copy)
    if (!parsed.ok) throw new Error(`${scenario.cause}: event does not parse: ${parsed.reason}`);
    const found = findPullFailure(parsed.task);
    if (!found.ok) throw new Error(`${scenario.cause}: not a pull failure: ${found.reason}`);
    const hint = classifyText(found.failure.reason, found.failure.image, parsed.task.launchType);
    const ctx = new CallContext(Date.now() + config.deadlineMs);
    await gatherFacts(found.failure, callPlanFor(hint, found.failure), { clients, ctx, log: logger });
    const t0 = Math.min(...ctx.calls.map((c) => c.startMs));
    // A call answered faster than the simulated latency was not delayed: the rounds would be miscounted.
    const undelayed = ctx.calls.filter((c) => c.endMs - c.startMs < SIMULATED_LATENCY_MS / 2).map((c) => c.api);
    if (undelayed.length) throw new Error(`${label}: answered without the simulated latency: ${undelayed.join(', ')}`);
    const gatherCalls = ctx.calls.map((c): [string, number, number] => [c.api, c.startMs - t0, c.endMs - t0]);
    const writes = writeCommands();
    for (const m of Object.values(mocks)) m.resetHistory();

    // 2. The diagnoses, each timed on its own.
    const deps: PipelineDeps = { config, clients, store: noStormControl, log: logger, publish: publishStub };
    const events = Array.from({ length: n }, () => scenario.event);
    const runs = await pool(
      events.map((event) => async () => {
        const start = performance.now();
        const result = await runPipeline(event, deps);
        return { ms: performance.now() - start, result };
      }),
      concurrency,
    );
    writes.push(...writeCommands());
    const notified = runs
      .map((r) => r.result)
      .filter((r): r is Extract<PipelineResult, { status: 'notified' }> => r.status === 'notified');
    const mismatches = runs
      .map((r) => r.result)
      .filter((r) => r.status !== 'notified' || r.diagnosis.cause !== scenario.cause)
      .map((r) => (r.status === 'notified' ? { status: r.status, cause: r.diagnosis.cause } : { status: r.status }));
    const trailCalls = Math.round(receivedCommands().filter((c) => c.startsWith('cloudtrail:')).length / n);
    const apiCalls = Math.max(0, ...notified.map((r) => r.apiCalls)) - trailCalls;
    const distinct = new Set(notified.map((r) => r.apiCalls));
    if (distinct.size > 1) progress(`${scenario.cause}: apiCalls differ between runs: ${[...distinct].join(', ')}`);
    const observed = receivedCommands().filter((c) => !c.startsWith('sns:') && !c.startsWith('dynamodb:')).length;
    const reported = notified.reduce((s, r) => s + r.apiCalls, 0);
    if (observed !== reported)
      progress(`${scenario.cause}: mocks received ${observed} calls, the pipeline reported ${reported}`);
    const ms = runs.map((r) => r.ms);
    const result: CauseResult = {
      cause: label,
      region,
      diagnoses: n,
      p50: round1(percentile(ms, 50)),
      p95: round1(percentile(ms, 95)),
      apiCalls,
      trailCalls,
      rounds: criticalPathRounds(ctx.calls),
      gatherCalls,
      mismatches,
      writes,
    };
    return { result, ms };
  } finally {
    undo();
    dropMockState();
  }
}

/** A copy of the event for another task of the same service: new task id (and event id) everywhere. */
function otherTask(event: unknown, i: number): unknown {
  const taskArn = (event as { detail?: { taskArn?: string } }).detail?.taskArn;
  const eventId = (event as { id?: string }).id;
  if (!taskArn) throw new Error('scenario event has no detail.taskArn');
  const taskId = taskArn.split('/').pop()!;
  // Hex ids of the same shape: 32 hex digits for the task, a UUID for the EventBridge event.
  const newId = `bec${i.toString(16).padStart(taskId.length - 3, '0')}`;
  let json = JSON.stringify(event).split(taskId).join(newId);
  if (eventId) json = json.split(eventId).join(`00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
  return JSON.parse(json);
}

const AUTO_FIX_ENV: Record<string, string> = {
  AutoFixExecutionRolePolicy: 'AUTO_FIX_EXECUTION_ROLE_POLICY',
  AutoFixVpcEndpoints: 'AUTO_FIX_VPC_ENDPOINTS',
};

async function storm(scenario: Scenario, tableName: string, events: number, concurrency: number): Promise<StormResult> {
  const region = scenario.region;
  const flag = scenario.autoFix && AUTO_FIX_ENV[scenario.autoFix];
  if (!flag) throw new Error(`${scenario.cause}: no auto-fix flag for ${scenario.autoFix}`);
  const config = configFor(region, { [flag]: 'true', INCIDENT_TABLE_NAME: tableName });
  const inputs = Array.from({ length: events }, (_, i) => otherTask(scenario.event, i));
  // Resets the mocks; its account answers the reads (every storm task really ran: DescribeTasks returns it),
  // the fix's writes and SNS Publish.
  scenario.mock(inputs);
  // DynamoDB is dynalite on loopback: the real client, not a mock.
  mocks.dynamodb.restore();
  const undo = addLatency(
    undefined,
    MOCKED.filter((m) => m !== 'dynamodb'),
  );
  const ddb = new DynamoDBClient({
    ...clientConfig(region),
    endpoint: env('BENCH_DDB_ENDPOINT'),
    credentials: { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
  });
  const byApi: Record<string, number> = {};
  // Counts every HTTP request the client sends (each retry attempt too).
  ddb.middlewareStack.add(
    (next, context) => async (args) => {
      const api = String((context as { commandName?: string }).commandName ?? '?').replace(/Command$/, '');
      byApi[api] = (byApi[api] ?? 0) + 1;
      return next(args);
    },
    { step: 'deserialize', name: 'benchCountRequests' },
  );
  const inner = new DynamoIncidentStore(ddb, tableName, () => new CallContext(), { log: logger });
  let owners = 0;
  const store: IncidentStore = {
    async admit(...args) {
      const a = await inner.admit(...args);
      if (a.kind === 'first' || a.kind === 'reminder') owners++;
      return a;
    },
    recordChange: (...args) => inner.recordChange(...args),
    complete: (...args) => inner.complete(...args),
    release: (...args) => inner.release(...args),
  };
  const clients = clientsFor(region);
  // The handler's own SNS publisher (lambda/deps.ts), answered by the scenario's mocked Publish.
  const deps: PipelineDeps = {
    config,
    clients,
    store,
    log: logger,
    publish: buildDeps(config, () => undefined, clients).publish,
  };
  try {
    const start = performance.now();
    const results = await pool(
      inputs.map(
        (e) => () =>
          runPipeline(e, deps).catch(
            (err: unknown) => ({ status: `error: ${String((err as Error)?.message ?? err).slice(0, 120)}` }) as const,
          ),
      ),
      concurrency,
    );
    const wallMs = performance.now() - start;
    const statuses: Record<string, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const notified = results.filter(
      (r): r is Extract<PipelineResult, { status: 'notified' }> => r.status === 'notified',
    );
    const fixes = notified.filter((r) => r.outcome.kind === 'fixed').length;
    const outcomes: Record<string, number> = {};
    for (const { outcome: o } of notified) {
      const k =
        o.kind === 'proposed'
          ? `proposed: ${o.reason}`
          : o.kind === 'failed'
            ? `failed: ${o.failedStepId}: ${o.error.slice(0, 160)}`
            : o.kind;
      outcomes[k] = (outcomes[k] ?? 0) + 1;
    }
    const awsCalls = receivedCommands().filter((c) => !c.startsWith('dynamodb:')).length;
    const dynamoDbCalls = Object.values(byApi).reduce((s, n) => s + n, 0);
    return {
      concurrency,
      events,
      cause: scenario.cause,
      autoFixFlag: flag,
      diagnoses: owners,
      notifications: mocks.sns.commandCalls(PublishCommand).length,
      fixes,
      apiCalls: awsCalls + dynamoDbCalls,
      awsCalls,
      dynamoDbCalls,
      dynamoDbCallsByApi: byApi,
      statuses,
      outcomes,
      wallMs: Math.round(wallMs),
    };
  } finally {
    undo();
    ddb.destroy();
    dropMockState();
  }
}

async function main(): Promise<void> {
  const total = Number(env('BENCH_DIAGNOSES', '1000'));
  const concurrency = Number(env('BENCH_CONCURRENCY', '8'));
  const stormEvents = Number(env('BENCH_STORM_EVENTS', '1000'));
  const stormTables = env('BENCH_DDB_TABLES', '').split(',');
  const stormConcurrency = env('BENCH_STORM_CONCURRENCY', '50,1').split(',').map(Number);
  const runStorm = env('BENCH_STORM', '1') !== '0';
  const gcAfterBatch = env('BENCH_GC_AFTER_BATCH', '0') === '1';
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gcAfterBatch && !gc) throw new Error('BENCH_GC_AFTER_BATCH=1 needs node --expose-gc');
  const afterGc: AfterGc[] = [];
  const collect = (diagnoses: number) => {
    if (!gcAfterBatch) return;
    gc!();
    const m = process.memoryUsage();
    afterGc.push({
      diagnoses,
      heapUsedMb: round1(m.heapUsed / 1024 / 1024),
      heapTotalMb: round1(m.heapTotal / 1024 / 1024),
      rssMb: round1(m.rss / 1024 / 1024),
    });
  };
  // Every cause's scenario, then the EC2 launch type's (instance network, instance role, EC2 wordings: issue 16).
  const scenarios: Array<{ label: CauseResult['cause']; scenario: Scenario }> = [
    ...(Object.keys(SCENARIOS) as CauseId[]).sort().map((c) => ({ label: c, scenario: SCENARIOS[c]! })),
    ...Object.entries(EC2_SCENARIOS).map(([name, scenario]) => ({ label: `ec2/${name}` as const, scenario })),
  ];
  if (!scenarios.length) throw new Error('SCENARIOS is empty');

  const { rss: rssAfterLoad, heapUsed: heapAfterLoad } = process.memoryUsage();
  let maxRss = rssAfterLoad;
  let maxHeapUsed = 0;
  let maxHeapTotal = 0;
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    maxRss = Math.max(maxRss, m.rss);
    maxHeapUsed = Math.max(maxHeapUsed, m.heapUsed);
    maxHeapTotal = Math.max(maxHeapTotal, m.heapTotal);
    samples++;
  };
  sample();
  collect(0);
  const sampler = setInterval(sample, 20);
  const causes: CauseResult[] = [];
  const allMs: number[] = [];
  try {
    for (let i = 0; i < scenarios.length; i++) {
      const { label, scenario: s } = scenarios[i]!;
      const n = Math.floor(total / scenarios.length) + (i < total % scenarios.length ? 1 : 0);
      const { result: r, ms } = await measureCause(s, n, concurrency, label);
      causes.push(r);
      allMs.push(...ms);
      collect(allMs.length);
      progress(
        `${r.cause}: p50 ${r.p50} ms, p95 ${r.p95} ms, ${r.apiCalls} calls, ${r.rounds} rounds${r.mismatches.length ? `, ${r.mismatches.length} MISMATCHES` : ''}`,
      );
    }
  } finally {
    clearInterval(sampler);
  }
  sample();

  // Storms: every auto-fixable scenario, in SCENARIOS order (the first one is the headline figure), at
  // each concurrency; each storm on its own fresh table.
  const fixable = runStorm ? (Object.values(SCENARIOS) as Scenario[]).filter((s) => s.autoFix) : [];
  if (runStorm && !fixable.length) throw new Error('no scenario with an auto-fix for the storm');
  const storms: StormResult[] = [];
  let k = 0;
  for (const s of fixable) {
    for (const c of stormConcurrency) {
      const table = stormTables[k++];
      if (!table) throw new Error(`no dynalite table for storm #${k}`);
      const r = await storm(s, table, stormEvents, c);
      storms.push(r);
      progress(
        `storm ${r.cause} (${r.concurrency} at once): ${r.diagnoses} diagnoses, ${r.notifications} notifications, ${r.fixes} fixes, ${r.apiCalls} calls (${r.dynamoDbCalls} DynamoDB) in ${r.wallMs} ms`,
      );
    }
  }

  // The service signals (issue 17), on a table of their own.
  const signalTable = env('BENCH_DDB_SIGNAL_TABLE', '');
  let signals: SignalResult | undefined;
  if (runStorm && signalTable) {
    signals = await measureSignals(
      {
        endpoint: env('BENCH_DDB_ENDPOINT'),
        tableName: signalTable,
        config: (region) => configFor(region, { INCIDENT_TABLE_NAME: signalTable }),
        clients: clientsFor,
        publish: (config, clients) => buildDeps(config, () => undefined, clients).publish,
        log: logger,
      },
      50,
      concurrency,
    );
    dropMockState();
    progress(
      `signals: ${signals.invocationsPerHealthyRunningTask} invocations per healthy RUNNING task; ` +
        `healthy steady state ${signals.healthySteadyState.dynamoDbRequests} DynamoDB requests; ` +
        `${signals.recoveryStorm.events} signals → ${signals.recoveryStorm.resolvedMessages} resolved messages`,
    );
  }

  const result: LoadResult = {
    causes,
    allP50: round1(percentile(allMs, 50)),
    allP95: round1(percentile(allMs, 95)),
    diagnoses: causes.reduce((s, c) => s + c.diagnoses, 0),
    maxRssMb: round1(maxRss / 1024 / 1024),
    rssSamples: samples,
    rssAfterLoadMb: round1(rssAfterLoad / 1024 / 1024),
    heapUsedAfterLoadMb: round1(heapAfterLoad / 1024 / 1024),
    heapUsedMaxMb: round1(maxHeapUsed / 1024 / 1024),
    heapTotalMaxMb: round1(maxHeapTotal / 1024 / 1024),
    afterGc,
    writesInProposeOnly: causes.reduce((s, c) => s + c.writes.length, 0),
    storms,
    ...(signals ? { signals } : {}),
  };
  writeFileSync(env('BENCH_OUT'), JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`load-entry failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
