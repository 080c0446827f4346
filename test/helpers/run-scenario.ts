/**
 * A scenario account (scenarios.ts) run through runPipeline as the function runs it: strict SDK mocks, no storm
 * control, a quiet log, a fixed clock, publishing recorded. Fails unless the run notified.
 */
import { createClients } from '../../lambda/aws/clients';
import { loadConfig } from '../../lambda/config';
import { noStormControl } from '../../lambda/dedupe/types';
import type { Log } from '../../lambda/log';
import type { RenderedNotification } from '../../lambda/notify/types';
import { runPipeline } from '../../lambda/pipeline';
import type { Scenario } from './scenarios';

const quiet: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export async function runScenario(s: Scenario, env: Record<string, string> = {}, inject?: () => void) {
  s.mock();
  inject?.();
  const published: RenderedNotification[] = [];
  const result = await runPipeline(s.event, {
    config: loadConfig({ AWS_REGION: s.region, TOPIC_ARN: `arn:aws:sns:${s.region}:123456789012:t`, ...env }),
    clients: createClients(s.region),
    store: noStormControl,
    log: quiet,
    now: () => new Date('2026-11-25T06:05:00Z'),
    publish: async (n) => {
      published.push(n);
      return { ok: true as const, value: { messageId: `m-${published.length}` } };
    },
  });
  if (result.status !== 'notified') throw new Error(`expected a notification: ${JSON.stringify(result)}`);
  return { result, published };
}
