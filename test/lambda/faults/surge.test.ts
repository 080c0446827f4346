/**
 * Bounded blast radius (issue 14): an account-wide outage fails 200 services within a minute with the same
 * text. Through the whole pipeline with a REAL DynamoDB (dynalite: incident store and diagnosis cap on one
 * table), the scenarios' strict mocks for everything else, and an IAM that throttles once the tool has
 * used the share of the account's IAM request rate it may take in a minute (deploy pipelines use the
 * rest): at most MaxDiagnosesPerMinute full diagnoses, ONE summary message, no throttled IAM call. The
 * control run without a cap that fits (cap 100) shows the same IAM does throttle.
 */
import { PublishCommand, type PublishCommandInput } from '@aws-sdk/client-sns';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { Clients } from '../../../lambda/aws/clients';
import { DynamoIncidentStore } from '../../../lambda/dedupe/incident-store';
import { DynamoDiagnosisRate } from '../../../lambda/dedupe/diagnosis-rate';
import { runPipeline } from '../../../lambda/pipeline';
import type { PipelineResult } from '../../../lambda/pipeline-contract';
import { awsError, mocks } from '../../helpers/aws-mocks';
import { startDynalite, type DynaliteHandle } from '../../helpers/dynalite';
import { harnessDeps, recordingLog, testClients, type RecordingLog } from '../../helpers/pipeline-harness';
import { SCENARIOS } from '../../helpers/scenarios';
import { bypassMocks, type CountedClient } from '../../helpers/unmocked';

let ddb: DynaliteHandle;
let dynamo: CountedClient<DynaliteHandle['client']>;

beforeAll(async () => {
  ddb = await startDynalite();
  dynamo = bypassMocks(ddb.client);
});
afterAll(async () => {
  await ddb.stop();
});

const SERVICES = 200;
/** IAM calls the tool may make in the minute before IAM throttles it (the rest of the rate is the pipelines'). */
const IAM_BUDGET = 60;
const T0 = Date.parse('2026-11-25T03:14:05.000Z');

const s = SCENARIOS['execution-role-ecr-permissions'];

/** The scenario's event for service number n: its own service and task ARN, the same stop reason. */
function serviceEvent(n: number): any {
  const e = s.event as any;
  const arn = String(e.detail.taskArn).replace(/[0-9a-f]{32}$/, n.toString(16).padStart(32, '0'));
  e.detail.taskArn = arn;
  e.resources = [arn];
  e.detail.group = `service:svc-${String(n).padStart(3, '0')}`;
  for (const c of e.detail.containers ?? []) if (c.taskArn) c.taskArn = arn;
  return e;
}

/** The shared clients, with an IAM client that answers Throttling once IAM_BUDGET calls were made. */
function throttlingIam(): { clients: Clients; iamCalls: () => number } {
  const base = testClients(s.region);
  let calls = 0;
  const iam = new Proxy(base.iam, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: unknown, ...rest: unknown[]) => {
        calls++;
        if (calls > IAM_BUDGET) return Promise.reject(awsError('Throttling', 400, 'Rate exceeded'));
        return (target.send as (...a: unknown[]) => Promise<unknown>).call(target, command, ...rest);
      };
    },
  }) as IAMClient;
  const clients = Object.create(base, { iam: { get: () => iam } }) as Clients;
  return { clients, iamCalls: () => calls };
}

async function outage(cap: number) {
  s.mock(Array.from({ length: SERVICES }, (_, i) => serviceEvent(i)));
  const table = await ddb.createTable();
  const { clients, iamCalls } = throttlingIam();
  const logs: RecordingLog[] = [];
  let settled = 0;
  // The summarizer waits until every other invocation has run (in Lambda: SURGE_GATHER_MS).
  const sleep = () =>
    new Promise<void>((resolve) => {
      const check = () => (settled >= SERVICES - 1 ? resolve() : setTimeout(check, 5));
      check();
    });
  const invoke = (n: number): Promise<PipelineResult> => {
    const log = recordingLog();
    logs.push(log);
    // Each invocation is its own container: its own store and rate objects on the shared table.
    const deps = harnessDeps({
      store: new DynamoIncidentStore(dynamo.client, table, undefined, { log }),
      rate: new DynamoDiagnosisRate(dynamo.client, table, undefined, log),
      sleep,
      clients,
      log,
      now: () => new Date(T0 + n * 100), // 200 incidents within 20 s of one minute
      config: { region: s.region, maxDiagnosesPerMinute: cap },
    });
    return runPipeline(serviceEvent(n), deps).finally(() => settled++);
  };
  // Lambda runs them with limited concurrency: 20 workers, each taking the next event when it is done.
  const results: PipelineResult[] = new Array(SERVICES);
  let next = 0;
  const worker = async () => {
    while (next < SERVICES) {
      const n = next++;
      results[n] = await invoke(n);
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  const published: PublishCommandInput[] = mocks.sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
  const throttled = logs.flatMap((l) => l.lines).filter((l) => /Throttling/.test(JSON.stringify(l.data)));
  return { results, published, iamCalls: iamCalls(), throttled };
}

const count = (rs: PipelineResult[], status: PipelineResult['status']) => rs.filter((r) => r.status === status).length;

describe('200 services failing within a minute with the same text', () => {
  it('→ at most the cap of full diagnoses, ONE summary naming all 200, no throttled IAM call', async () => {
    const { results, published, iamCalls, throttled } = await outage(10);

    expect(count(results, 'notified')).toBe(10);
    expect(count(results, 'summarized')).toBe(190);
    expect(results.filter((r) => r.status === 'summarized' && r.notification)).toHaveLength(1);
    // 10 diagnoses + 1 summary.
    expect(published).toHaveLength(11);
    const summaries = published.filter((p) => p.MessageAttributes?.notice?.StringValue === 'summary');
    expect(summaries).toHaveLength(1);
    const summary = summaries[0]!;
    expect(summary.Subject).toBe('ECS image pulls failing in 200 services (123456789012, ap-northeast-1): summary');
    const email = (JSON.parse(summary.Message!) as { email: string }).email;
    expect(email).toContain('200 new image-pull incidents started in account 123456789012, region ap-northeast-1');
    expect(email).toContain(
      'Diagnosed in full: 10 (each in its own message). Counted, not diagnosed: 190, until 2026-11-25 03:29 UTC',
    );
    // One shared text (the role session, ARNs and numbers masked) for the 10 diagnosed and the 100 listed
    // counted incidents, services listed under it; the 90 beyond the list counted.
    expect(email).toMatch(
      /^110 × ResourceInitializationError: unable to pull secrets or registry auth: .* retried # time\(s\): AccessDeniedException: User: <arn> is not authorized/m,
    );
    expect(email).toContain('90 more incidents were counted without being listed (the list keeps the first 100).');
    expect(email).toContain('prod/svc-');
    // No throttling: the cap kept the tool inside its IAM budget.
    expect(iamCalls).toBeLessThanOrEqual(IAM_BUDGET);
    expect(throttled).toEqual([]);
  });

  it('control: with a cap of 100 the same outage exhausts the IAM budget (the test above can fail)', async () => {
    const { results, throttled, iamCalls } = await outage(100);
    expect(count(results, 'notified')).toBe(100);
    expect(iamCalls).toBeGreaterThan(IAM_BUDGET);
    expect(throttled.length).toBeGreaterThan(0);
  });

  it('a later event of a counted service within the window is only counted (no diagnosis, no message)', async () => {
    await outage(10);
    mocks.sns.resetHistory();
    const table = await ddb.createTable();
    const log = recordingLog();
    const store = new DynamoIncidentStore(dynamo.client, table, undefined, { log });
    const rate = new DynamoDiagnosisRate(dynamo.client, table, undefined, log);
    const deps = (n: number) =>
      harnessDeps({
        store,
        rate,
        log,
        sleep: async () => {},
        now: () => new Date(T0 + n * 100),
        config: { region: s.region, maxDiagnosesPerMinute: 1 },
      });
    expect((await runPipeline(serviceEvent(1), deps(1))).status).toBe('notified');
    expect((await runPipeline(serviceEvent(2), deps(2))).status).toBe('summarized'); // starts the surge: the summary
    expect((await runPipeline(serviceEvent(3), deps(3))).status).toBe('summarized'); // counted
    const again = {
      ...serviceEvent(3),
      detail: { ...serviceEvent(3).detail, taskArn: serviceEvent(3).detail.taskArn.replace(/.$/, 'f') },
    };
    again.resources = [again.detail.taskArn];
    expect((await runPipeline(again, deps(4))).status).toBe('suppressed');
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('a summary whose publish fails is sent by the retry of that event (the invocation fails so EventBridge retries)', async () => {
    s.mock([1, 2, 3].map(serviceEvent));
    const table = await ddb.createTable();
    const log = recordingLog();
    const store = new DynamoIncidentStore(dynamo.client, table, undefined, { log });
    const rate = new DynamoDiagnosisRate(dynamo.client, table, undefined, log);
    const deps = (n: number) =>
      harnessDeps({
        store,
        rate,
        log,
        sleep: async () => {},
        now: () => new Date(T0 + n * 100),
        config: { region: s.region, maxDiagnosesPerMinute: 1 },
      });
    expect((await runPipeline(serviceEvent(1), deps(1))).status).toBe('notified');
    mocks.sns.on(PublishCommand).rejects(awsError('AuthorizationError', 403, 'not authorized to perform SNS:Publish'));
    await expect(runPipeline(serviceEvent(2), deps(2))).rejects.toThrow(/could not publish the surge summary surge-/);
    mocks.sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    const retried = await runPipeline(serviceEvent(2), deps(3));
    expect(retried).toMatchObject({ status: 'summarized', messageId: 'm-2' });
    expect((retried as { notification?: unknown }).notification).toBeDefined();
    // Sent once: the next new incident is only counted.
    expect(await runPipeline(serviceEvent(3), deps(4))).toMatchObject({ status: 'summarized' });
    expect((await runPipeline(serviceEvent(3), deps(4))).status).toBe('duplicate');
    const summaries = mocks.sns
      .commandCalls(PublishCommand)
      .filter((c) => c.args[0].input.MessageAttributes?.notice?.StringValue === 'summary');
    expect(summaries).toHaveLength(2); // the failed attempt and the retry that got through
  });
});
