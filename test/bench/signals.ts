/**
 * Bench figures of the service signals (issue 17), run inside load-entry.ts on a dynalite table of its own:
 *   - invocationsPerHealthyRunningTask: the deployed rules' patterns (lib/event-pattern.ts, with the test matcher)
 *     against RUNNING task events of healthy services — how many would wake the function (0 by design);
 *   - healthySteadyState: one SERVICE_STEADY_STATE of a service without an open incident through runPipeline —
 *     DynamoDB requests, other AWS calls, time;
 *   - recoveryStorm: a service with one open incident recovers and `events` steady-state signals arrive at once —
 *     resolved messages (1 by design), DynamoDB requests and AWS calls.
 */
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { clientConfig, type Clients } from '../../lambda/aws/clients';
import type { Config } from '../../lambda/config';
import { DynamoIncidentStore } from '../../lambda/dedupe/incident-store';
import { DynamoRecoveryStore } from '../../lambda/dedupe/recovery-store';
import type { Log } from '../../lambda/log';
import { runPipeline } from '../../lambda/pipeline';
import type { PipelineDeps } from '../../lambda/pipeline-contract';
import { PULL_FAILURE_EVENT_PATTERN, SERVICE_SIGNAL_EVENT_PATTERN } from '../../lib/event-pattern';
import { mocks, receivedCommands } from '../helpers/aws-mocks';
import { matchesPattern } from '../helpers/event-matcher';
import { SCENARIOS, type AccountModel } from '../helpers/scenarios';
import { pool } from './stats';

export interface SignalResult {
  runningTaskEvents: number;
  invocationsPerHealthyRunningTask: number;
  healthySteadyState: { dynamoDbRequests: number; awsCalls: number; ms: number; status: string };
  recoveryStorm: {
    events: number;
    resolvedMessages: number;
    dynamoDbRequests: number;
    awsCalls: number;
    wallMs: number;
    statuses: Record<string, number>;
  };
}

export interface SignalEnv {
  endpoint: string;
  tableName: string;
  config: (region: string) => Config;
  clients: (region: string) => Clients;
  publish: (config: Config, clients: Clients) => PipelineDeps['publish'];
  log: Log;
}

/** A RUNNING task event of a healthy service (the scenario's task, started and running). */
function runningEvent(i: number): unknown {
  const e = SCENARIOS['network-no-route'].event as { detail: Record<string, unknown> };
  const detail: Record<string, unknown> = {
    ...e.detail,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    group: `service:svc-${i % 50}`,
  };
  delete detail.stoppedReason;
  delete detail.stopCode;
  delete detail.stoppedAt;
  detail.containers = (detail.containers as Array<Record<string, unknown>>).map(({ reason: _r, ...c }) => ({
    ...c,
    lastStatus: 'RUNNING',
  }));
  return { ...e, detail };
}

function steadyState(cluster: string, service: string, time: string): unknown {
  return {
    version: '0',
    id: `steady-${cluster}-${service}`,
    'detail-type': 'ECS Service Action',
    source: 'aws.ecs',
    account: '123456789012',
    time,
    region: 'ap-northeast-1',
    resources: [`arn:aws:ecs:ap-northeast-1:123456789012:service/${cluster}/${service}`],
    detail: {
      eventType: 'INFO',
      eventName: 'SERVICE_STEADY_STATE',
      clusterArn: `arn:aws:ecs:ap-northeast-1:123456789012:cluster/${cluster}`,
    },
  };
}

export async function measureSignals(env: SignalEnv, events: number, concurrency: number): Promise<SignalResult> {
  // 1. Healthy RUNNING tasks against both rules.
  const running = Array.from({ length: 1_000 }, (_, i) => runningEvent(i));
  const woken = running.filter(
    (e) => matchesPattern(PULL_FAILURE_EVENT_PATTERN, e) || matchesPattern(SERVICE_SIGNAL_EVENT_PATTERN, e),
  ).length;

  const s = SCENARIOS['network-no-route'];
  const region = s.region;
  const config = env.config(region);
  const clients = env.clients(region);
  let model!: AccountModel;
  s.mock([], (a) => {
    model = a;
  });
  mocks.dynamodb.restore();
  const ddb = new DynamoDBClient({
    ...clientConfig(region),
    endpoint: env.endpoint,
    credentials: { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
  });
  let requests = 0;
  ddb.middlewareStack.add(
    (next) => async (args) => {
      requests++;
      return next(args);
    },
    { step: 'deserialize', name: 'benchCountSignalRequests' },
  );
  const deps = (): PipelineDeps => ({
    config,
    clients,
    store: new DynamoIncidentStore(ddb, env.tableName),
    recovery: new DynamoRecoveryStore(ddb, env.tableName),
    log: env.log,
    publish: env.publish(config, clients),
  });
  const aws = () => receivedCommands().filter((c) => !c.startsWith('dynamodb:') && !c.startsWith('sns:')).length;
  try {
    // 2. A healthy service's steady state, no open incident.
    model.services[0]!.recovered = true;
    for (const m of Object.values(mocks)) m.resetHistory();
    requests = 0;
    const t0 = performance.now();
    const healthy = await runPipeline(steadyState('prod', 'api', new Date().toISOString()), deps());
    const healthySteadyState = {
      dynamoDbRequests: requests,
      awsCalls: aws(),
      ms: Math.round(performance.now() - t0),
      status: healthy.status,
    };

    // 3. One open incident, then a storm of steady-state signals once the service runs again.
    model.services[0]!.recovered = false;
    await runPipeline(s.event, deps());
    model.services[0]!.recovered = true;
    for (const m of Object.values(mocks)) m.resetHistory();
    requests = 0;
    const signal = steadyState('prod', 'api', new Date(Date.now() + 60_000).toISOString());
    const t1 = performance.now();
    const results = await pool(
      Array.from({ length: events }, () => () => runPipeline(signal, deps())),
      concurrency,
    );
    const statuses: Record<string, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return {
      runningTaskEvents: running.length,
      invocationsPerHealthyRunningTask: woken / running.length,
      healthySteadyState,
      recoveryStorm: {
        events,
        resolvedMessages: mocks.sns.commandCalls(PublishCommand).length,
        dynamoDbRequests: requests,
        awsCalls: aws(),
        wallMs: Math.round(performance.now() - t1),
        statuses,
      },
    };
  } finally {
    ddb.destroy();
  }
}
