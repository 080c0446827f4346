/**
 * The resolved message in README.md is the real output of the pipeline: the network-no-route scenario fails (its
 * first message names the endpoint someone deleted), then someone creates the ecr.dkr endpoint again, the service
 * runs its tasks again and ECS sends SERVICE_STEADY_STATE. The stores are in memory with fixed times, so the text is
 * stable; `UPDATE_SAMPLE=1 npx jest sample-resolved` rewrites the README block.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClients } from '../../../lambda/aws/clients';
import { loadConfig } from '../../../lambda/config';
import type { ClaimedIncident, RecoveryStore } from '../../../lambda/dedupe/recovery-store';
import { noStormControl, type IncidentResult, type IncidentStore } from '../../../lambda/dedupe/types';
import type { Log } from '../../../lambda/log';
import type { RenderedNotification } from '../../../lambda/notify/types';
import { runPipeline } from '../../../lambda/pipeline';
import { loadExample } from '../../helpers/events';
import { SCENARIOS, type AccountModel } from '../../helpers/scenarios';
import { recorded, retarget } from '../../helpers/trail';

const ROOT = join(__dirname, '..', '..', '..');
const BEGIN = '<!-- sample-resolved:begin -->';
const END = '<!-- sample-resolved:end -->';
const FIRST_FAILURE = '2026-11-25T03:14:07.123Z';
const silent: Log = { debug() {}, info() {}, warn() {}, error() {} };

async function renderSample(): Promise<string> {
  const s = SCENARIOS['network-no-route'];
  let model!: AccountModel;
  s.mock([], (a) => {
    a.trail.push(recorded('e-create-vpce-dkr'), recorded('e-delete-vpce-dkr', { before: FIRST_FAILURE, minutes: 3 }));
    model = a;
  });
  // One incident, in memory: what complete() and opened() store is what claim() gives back.
  let settled: IncidentResult | undefined;
  let open: Omit<ClaimedIncident, 'cause' | 'whatChanged'> | undefined;
  const store: IncidentStore = {
    ...noStormControl,
    admit: async () => ({ kind: 'first', incidentId: 'inc-3f9a2c1b7d4e', firstSeenAt: FIRST_FAILURE, count: 1 }),
    complete: async (_k, _id, result) => {
      settled = result;
    },
  };
  const recovery: RecoveryStore = {
    opened: async (_k, incidentId, extra) => {
      open = { entry: `incident#1|${incidentId}`, incidentId, firstSeenAt: FIRST_FAILURE, count: 23, ...extra };
    },
    openOn: async () => (open ? [open.entry] : []),
    claim: async () =>
      open && settled
        ? {
            kind: 'claimed',
            incident: {
              ...open,
              cause: settled.cause,
              ...(settled.change ? { whatChanged: settled.change } : {}),
            },
          }
        : { kind: 'gone' },
    resolved: async () => {
      open = undefined;
    },
    release: async () => {},
  };
  const sent: RenderedNotification[] = [];
  const deps = {
    config: loadConfig({ AWS_REGION: s.region }),
    clients: createClients(s.region),
    store,
    recovery,
    log: silent,
    publish: async (n: RenderedNotification) => {
      sent.push(n);
      return { ok: true as const, value: { messageId: 'sample' } };
    },
  };
  await runPipeline(s.event, deps);
  // Later: an ecr.dkr endpoint is created again (a new id), and the service runs its 2 tasks.
  const again = recorded('e-create-vpce-dkr', { before: '2026-11-25T03:55:12Z', minutes: 6 });
  model.trail.push(
    retarget(
      retarget(again, 'vpce-0d1d2d3d4d5d6d7d8', 'vpce-0f9e8d7c6b5a49382'),
      'e-create-vpce-dkr',
      'e-recreate-dkr',
    ),
  );
  model.services[0]!.recovered = true;
  await runPipeline(loadExample('service-steady-state' as never), deps);
  const resolved = sent[1]!;
  return `Subject: ${resolved.subject}\n\n${resolved.body}`.trimEnd();
}

const block = (sample: string) => `${BEGIN}\n\`\`\`text\n${sample}\n\`\`\`\n${END}`;

describe('sample resolved message in the README', () => {
  it('README.md shows what the code sends when the service runs again', async () => {
    const sample = await renderSample();
    const path = join(ROOT, 'README.md');
    const doc = readFileSync(path, 'utf8');
    if (process.env.UPDATE_SAMPLE === '1') {
      const i = doc.indexOf(BEGIN);
      const j = doc.indexOf(END);
      if (i < 0 || j < 0) throw new Error(`markers ${BEGIN} … ${END} not found`);
      writeFileSync(path, doc.slice(0, i) + block(sample) + doc.slice(j + END.length));
    }
    expect(readFileSync(path, 'utf8')).toContain(block(sample));
    expect(sample).toMatch(/^Subject: \[resolved\] ECS image pull works again - svc api \(prod, ap-northeast-1\)/);
    expect(sample).toContain('A change outside this tool: vpce-0f9e8d7c6b5a49382 (ecr.dkr): CreateVpcEndpoint by ');
    expect(sample).toContain('--- What had changed ---\nvpce-0d1d2d3d4d5d6d7d8 (ecr.dkr): DeleteVpcEndpoints by ');
  });
});
