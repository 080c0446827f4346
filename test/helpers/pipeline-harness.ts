/**
 * Runs runPipeline the way the Lambda does (real clients — stubbed by test/helpers/aws-mocks.ts when the
 * test imports it — the SNS publisher, an incident store), with a recording logger whose lines tests can
 * assert on as data (STYLE.md §10).
 *
 *   const log = recordingLog();
 *   const result = await runPipeline(event, harnessDeps({ log, config: { autoFixVpcEndpoints: true } }));
 *   expect(log.find('warn', { degraded: true })).toBeDefined();
 */
import { PublishCommand, type PublishCommandInput } from '@aws-sdk/client-sns';
import { loadConfig, type Config } from '../../lambda/config';
import { createClients, type Clients } from '../../lambda/aws/clients';
import type { Log } from '../../lambda/log';
import { noStormControl, type DiagnosisRate, type IncidentStore } from '../../lambda/dedupe/types';
import type { PipelineDeps, PipelineResult } from '../../lambda/pipeline-contract';
import { buildDeps } from '../../lambda/deps';

export const TEST_TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:123456789012:ecs-pull-doctor';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  data: Record<string, unknown>;
}

export interface RecordingLog extends Log {
  lines: LogLine[];
  /** The first line at `level` whose data contains every key/value of `match`. */
  find(level: LogLine['level'], match?: Record<string, unknown>): LogLine | undefined;
}

export function recordingLog(): RecordingLog {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string, ...extra: Array<Record<string, unknown>>) => {
      lines.push({ level, message, data: Object.assign({}, ...extra) });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    find(level, match = {}) {
      return lines.find(
        (l) =>
          l.level === level && Object.entries(match).every(([k, v]) => JSON.stringify(l.data[k]) === JSON.stringify(v)),
      );
    },
  };
}

/** The stack's configuration (loadConfig from the stack's variables), with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ TOPIC_ARN: TEST_TOPIC_ARN, AWS_REGION: 'ap-northeast-1', PIPELINE_DEADLINE_MS: '5000' });
  return Object.freeze({ ...base, ...overrides });
}

/** One set of clients per Region and test file, as one Lambda container has (aws-mocks stubs their prototypes). */
const sharedClients = new Map<string, Clients>();
export function testClients(region = 'ap-northeast-1'): Clients {
  if (!sharedClients.has(region)) sharedClients.set(region, createClients(region));
  return sharedClients.get(region)!;
}

export interface HarnessOptions {
  config?: Partial<Config>;
  store?: IncidentStore;
  /** The per-account diagnosis cap (absent: none, as the CLI). */
  rate?: DiagnosisRate;
  /** PipelineDeps.sleep (the surge summarizer's wait). */
  sleep?: (ms: number) => Promise<void>;
  /** Clients to use instead of the shared mocked ones (e.g. wrapped to throttle). */
  clients?: Clients;
  log?: Log;
  now?: () => Date;
  remainingMs?: () => number;
  ownAccount?: string;
  /** PipelineDeps.minFixMs: tests of hanging writes compress the time a fix gets. */
  minFixMs?: number;
}

/** PipelineDeps as the handler builds them (the real SNS publisher of lambda/deps.ts). */
export function harnessDeps(options: HarnessOptions = {}): PipelineDeps {
  const config = testConfig(options.config);
  const clients = options.clients ?? testClients(config.region);
  return {
    config,
    clients,
    publish: buildDeps(config, () => undefined, clients).publish,
    store: options.store ?? noStormControl,
    ...(options.rate ? { rate: options.rate } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    log: options.log ?? recordingLog(),
    ...(options.now ? { now: options.now } : {}),
    ...(options.remainingMs ? { remainingMs: options.remainingMs } : {}),
    ...(options.ownAccount ? { ownAccount: options.ownAccount } : {}),
    ...(options.minFixMs !== undefined ? { minFixMs: options.minFixMs } : {}),
  };
}

/** Narrows a result to 'notified' or fails the test with what it was. */
export function expectNotified(r: PipelineResult): Extract<PipelineResult, { status: 'notified' }> {
  if (r.status !== 'notified') throw new Error(`expected a notification, got ${JSON.stringify(r).slice(0, 500)}`);
  return r;
}

/** The e-mail text of a PublishCommand input (MessageStructure json → the "email" member). */
export function emailOf(input: PublishCommandInput): string {
  const parsed = JSON.parse(input.Message ?? '{}') as { email?: string };
  return `${input.Subject ?? ''}\n${parsed.email ?? ''}`;
}

export { PublishCommand };
