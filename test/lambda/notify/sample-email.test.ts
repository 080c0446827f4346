/**
 * The sample e-mail in README.md and docs/sample-email.md is the real output of the pipeline for the
 * network-no-route scenario (test/helpers/scenarios.ts), with the auto-fix off. This test fails when the
 * code's output and the documents drift apart; `UPDATE_SAMPLE=1 npx jest sample-email` rewrites both.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../lambda/config';
import { createClients } from '../../../lambda/aws/clients';
import { noStormControl } from '../../../lambda/dedupe/types';
import { runPipeline } from '../../../lambda/pipeline';
import type { RenderedNotification } from '../../../lambda/notify/types';
import type { Log } from '../../../lambda/log';
import { SCENARIOS } from '../../helpers/scenarios';

const ROOT = join(__dirname, '..', '..', '..');
const BEGIN = '<!-- sample-email:begin -->';
const END = '<!-- sample-email:end -->';
const silent: Log = { debug() {}, info() {}, warn() {}, error() {} };

async function renderSample(): Promise<string> {
  const s = SCENARIOS['network-no-route'];
  s.mock();
  let sent: RenderedNotification | undefined;
  const store = {
    ...noStormControl,
    admit: async () => ({ kind: 'first' as const, incidentId: 'inc-3f9a2c1b7d4e', firstSeenAt: '2026-11-25T03:14:07.123Z', count: 1 }),
  };
  await runPipeline(s.event, {
    config: loadConfig({ AWS_REGION: s.region }),
    clients: createClients(s.region),
    store,
    log: silent,
    publish: async (n) => {
      sent = n;
      return { ok: true, value: { messageId: 'sample' } };
    },
  });
  return `Subject: ${sent!.subject}\n\n${sent!.body}`.trimEnd();
}

function block(sample: string): string {
  return `${BEGIN}\n\`\`\`text\n${sample}\n\`\`\`\n${END}`;
}

function replaceBlock(doc: string, sample: string): string {
  const i = doc.indexOf(BEGIN);
  const j = doc.indexOf(END);
  if (i < 0 || j < 0) throw new Error(`markers ${BEGIN} … ${END} not found`);
  return doc.slice(0, i) + block(sample) + doc.slice(j + END.length);
}

describe('sample e-mail in the documentation', () => {
  it.each(['README.md', 'docs/sample-email.md'])('%s shows what the code sends for network-no-route', async (file) => {
    const sample = await renderSample();
    const path = join(ROOT, file);
    const doc = readFileSync(path, 'utf8');
    if (process.env.UPDATE_SAMPLE === '1') writeFileSync(path, replaceBlock(doc, sample));
    expect(readFileSync(path, 'utf8')).toContain(block(sample));
    expect(sample).toMatch(/^Subject: ECS image pull failed: no route to ECR/);
  });
});
