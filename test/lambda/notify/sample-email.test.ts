/**
 * The sample e-mail in docs/sample-email.md is the real output of the pipeline for the network-no-route
 * scenario (test/helpers/scenarios.ts), with the auto-fix off; README.md shows an excerpt of it (the opening
 * lines and the Cause section). This test fails when the code's output and the documents drift apart;
 * `UPDATE_SAMPLE=1 npx jest sample-email` rewrites both.
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
import { recorded } from '../../helpers/trail';

const ROOT = join(__dirname, '..', '..', '..');
const BEGIN = '<!-- sample-email:begin -->';
const END = '<!-- sample-email:end -->';
const EXCERPT_BEGIN = '<!-- sample-email-excerpt:begin -->';
const EXCERPT_END = '<!-- sample-email-excerpt:end -->';
const FIRST_FAILURE = '2026-11-25T03:14:07.123Z';
const silent: Log = { debug() {}, info() {}, warn() {}, error() {} };

async function renderSample(): Promise<string> {
  const s = SCENARIOS['network-no-route'];
  // What changed: the ecr.dkr interface endpoint of the VPC (created weeks ago) was deleted 3 minutes before the
  // failure, as CloudTrail event history records it (test/fixtures/cloudtrail/records.json).
  s.mock([], (account) => {
    account.trail.push(
      recorded('e-create-vpce-dkr'),
      recorded('e-delete-vpce-dkr', { before: FIRST_FAILURE, minutes: 3 }),
    );
  });
  let sent: RenderedNotification | undefined;
  const store = {
    ...noStormControl,
    admit: async () => ({
      kind: 'first' as const,
      incidentId: 'inc-3f9a2c1b7d4e',
      firstSeenAt: FIRST_FAILURE,
      count: 1,
    }),
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

/** The README's excerpt: the lines before the first section heading, then the "Cause" and "What changed" sections. */
function excerpt(sample: string): string {
  const lines = sample.split('\n');
  const isHeading = (line: string) => /^--- .+ ---$/.test(line);
  const cause = lines.indexOf('--- Cause ---');
  const changed = lines.indexOf('--- What changed ---');
  const afterCause = lines.findIndex((line, i) => i > Math.max(cause, changed) && isHeading(line));
  if (cause < 0 || afterCause < 0) throw new Error('the sample has no "--- Cause ---" section');
  return [...lines.slice(0, lines.findIndex(isHeading)), '[…]', '', ...lines.slice(cause, afterCause)]
    .join('\n')
    .trimEnd();
}

function block(sample: string, begin = BEGIN, end = END): string {
  return `${begin}\n\`\`\`text\n${sample}\n\`\`\`\n${end}`;
}

function replaceBlock(doc: string, sample: string, begin = BEGIN, end = END): string {
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`markers ${begin} … ${end} not found`);
  return doc.slice(0, i) + block(sample, begin, end) + doc.slice(j + end.length);
}

describe('sample e-mail in the documentation', () => {
  it('docs/sample-email.md shows what the code sends for network-no-route', async () => {
    const sample = await renderSample();
    const path = join(ROOT, 'docs/sample-email.md');
    const doc = readFileSync(path, 'utf8');
    if (process.env.UPDATE_SAMPLE === '1') writeFileSync(path, replaceBlock(doc, sample));
    expect(readFileSync(path, 'utf8')).toContain(block(sample));
    expect(sample).toMatch(/^Subject: ECS image pull failed: no route to ECR/);
  });

  it('README.md shows an excerpt of it: the opening lines, the Cause and What changed sections', async () => {
    const sample = await renderSample();
    const short = excerpt(sample);
    const path = join(ROOT, 'README.md');
    const doc = readFileSync(path, 'utf8');
    if (process.env.UPDATE_SAMPLE === '1') writeFileSync(path, replaceBlock(doc, short, EXCERPT_BEGIN, EXCERPT_END));
    expect(readFileSync(path, 'utf8')).toContain(block(short, EXCERPT_BEGIN, EXCERPT_END));
    expect(short).toMatch(/^Subject: ECS image pull failed: no route to ECR/);
    expect(short).toContain('--- Cause ---');
    // The change that broke it: who deleted which endpoint, when, how long before the failure.
    expect(short).toContain(
      '--- What changed ---\nvpce-0d1d2d3d4d5d6d7d8 (ecr.dkr): DeleteVpcEndpoints by ' +
        'arn:aws:sts::123456789012:assumed-role/ops-admin/alice at 2026-11-25 03:11 UTC, 3 min before the first ' +
        'failure (CloudTrail event e-delete-vpce-dkr).',
    );
  });
});
