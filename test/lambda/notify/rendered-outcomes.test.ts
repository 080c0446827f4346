/**
 * What a real run of the pipeline says, pinned by behaviour rather than by boilerplate (issue 15).
 *
 * 1. Rendered outcomes: one realistic scenario (test/helpers/scenarios.ts, strict SDK mocks, no real AWS) per
 *    kind of outcome — a proposed fix of a proven cause, an applied auto-fix, a fix refused although opted in,
 *    and an unknown cause with checks that could not run — through runPipeline, in English and Japanese. The
 *    notification actually published (subject, body, chat, attributes) is snapshotted, so a wording change
 *    in any of these shapes shows up in review. (The pipeline has no text-only mode: that is the offline CLI's.)
 * 2. Per cause: every scenario through runPipeline (English) against a literal table of its cause,
 *    confidence, decisive evidence and first plan step. The table was read once from the pipeline and
 *    written out by hand; it is not computed from the code under test.
 *
 * This replaces the former per-cause render snapshots (snapshots.test.ts), which rendered made-up plans
 * (fixtures.ts) and pinned mostly shared boilerplate, including messages production never sends.
 */
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { loadConfig, type Language } from '../../../lambda/config';
import { createClients } from '../../../lambda/aws/clients';
import { noStormControl } from '../../../lambda/dedupe/types';
import type { CauseId, Confidence, Diagnosis, Evidence } from '../../../lambda/domain/diagnosis';
import type { Log } from '../../../lambda/log';
import type { RenderedNotification } from '../../../lambda/notify/types';
import { runPipeline } from '../../../lambda/pipeline';
import type { PipelineResult } from '../../../lambda/pipeline-contract';
import { mocks } from '../../helpers/aws-mocks';
import { clearCallHistory, SCENARIOS, type Scenario } from '../../helpers/scenarios';

const quiet: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
/** A fixed clock shortly after the scenarios' stop time (2026-11-25T03:14:07Z): the snapshots do not move with the day. */
const NOW = new Date('2026-11-25T03:15:00.000Z');

const clientsByRegion = new Map<string, ReturnType<typeof createClients>>();
const clientsFor = (region: string) => {
  if (!clientsByRegion.has(region)) clientsByRegion.set(region, createClients(region));
  return clientsByRegion.get(region)!;
};

afterEach(() => clearCallHistory());

/** Runs the pipeline on the scenario's event (the scenario is already mocked); returns the result and what was published. */
async function run(s: Scenario, env: Record<string, string> = {}) {
  const published: RenderedNotification[] = [];
  const config = loadConfig({
    AWS_REGION: s.region,
    TOPIC_ARN: `arn:aws:sns:${s.region}:123456789012:ecs-pull-doctor`,
    ...env,
  });
  const result = await runPipeline(s.event, {
    config,
    clients: clientsFor(s.region),
    store: noStormControl,
    log: quiet,
    now: () => NOW,
    publish: async (n) => {
      published.push(n);
      return { ok: true as const, value: { messageId: `m-${published.length}` } };
    },
  });
  return { result: notified(result), published };
}

function notified(r: PipelineResult): Extract<PipelineResult, { status: 'notified' }> {
  if (r.status !== 'notified') throw new Error(`expected a notification, got ${JSON.stringify(r).slice(0, 400)}`);
  return r;
}

/** The account does not return the event's task: the auto-fix refuses (plan.refusal.task-not-confirmed). */
function taskNotConfirmed(s: Scenario): void {
  mocks.ecs
    .on(DescribeTasksCommand)
    .resolves({ tasks: [], failures: [{ arn: (s.event as any).detail.taskArn, reason: 'MISSING' }] });
}

interface RenderCase {
  name: string;
  cause: CauseId;
  env: Record<string, string>;
  /** A fault injected after the scenario's mock(), when the case needs one. */
  inject?: (s: Scenario) => void;
  /** What the outcome must be (checked before the snapshot, so a changed outcome fails loudly). */
  outcome: Record<string, unknown>;
}

const RENDER_CASES: RenderCase[] = [
  {
    name: 'proposed: proven cause with an auto-fix not opted in',
    cause: 'vpc-endpoint-missing',
    env: {},
    outcome: { kind: 'proposed', reason: 'not-opted-in' },
  },
  {
    name: 'fixed: the execution-role auto-fix applied and verified',
    cause: 'execution-role-ecr-permissions',
    env: { AUTO_FIX_EXECUTION_ROLE_POLICY: 'true' },
    outcome: { kind: 'fixed', verified: true },
  },
  {
    name: 'refused: opted in and proven, but the account does not confirm the task',
    cause: 'vpc-endpoint-missing',
    env: { AUTO_FIX_VPC_ENDPOINTS: 'true' },
    inject: taskNotConfirmed,
    outcome: { kind: 'proposed', reason: 'refused', plan: { refusal: { textKey: 'plan.refusal.task-not-confirmed' } } },
  },
  {
    name: 'unknown: no cause found, with checks that could not run',
    cause: 'unknown',
    env: {},
    outcome: { kind: 'proposed', reason: 'no-auto-fix-for-cause' },
  },
];

describe.each(['en', 'ja'] as const satisfies readonly Language[])('rendered outcome (%s)', (language) => {
  it.each(RENDER_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const s = SCENARIOS[c.cause];
    s.mock();
    c.inject?.(s);
    const { result, published } = await run(s, { ...c.env, NOTIFICATION_LANGUAGE: language });

    expect(result.diagnosis.cause).toBe(c.cause);
    expect(result.outcome).toMatchObject(c.outcome);
    expect(published).toHaveLength(1);
    const n = published[0]!;
    expect(n.attributes).toMatchObject({ cause: c.cause, action: result.outcome.kind });
    if (c.cause === 'unknown') expect(result.diagnosis.unchecked.length).toBeGreaterThan(0);

    expect(n.subject).toMatchSnapshot('subject');
    expect(n.body).toMatchSnapshot('body');
    expect(n.chat).toMatchSnapshot('chat');
    expect(n.attributes).toMatchSnapshot('attributes');
  });
});

/** [check, textKey] of the evidence that decides: every proven item, else the first that is not info. */
function decisiveEvidence(d: Diagnosis): Array<[string, string | undefined]> {
  const proven = d.evidence.filter((e) => e.result === 'proven');
  const decisive: Evidence[] = proven.length > 0 ? proven : d.evidence.filter((e) => e.result !== 'info').slice(0, 1);
  return decisive.map((e) => [e.check, e.textKey]);
}

interface Expected {
  confidence: Confidence;
  decisive: Array<[check: string, textKey: string]>;
  firstStep: [id: string, automatic: boolean];
}

/** Read once from runPipeline (English, auto-fix flags off) and written out literally. */
const EXPECTED: Record<CauseId, Expected> = {
  'execution-role-missing': {
    confidence: 'proven',
    decisive: [['execution-role-present', 'evidence.execution-role-missing.missing']],
    firstStep: ['create-execution-role', false],
  },
  'execution-role-ecr-permissions': {
    confidence: 'proven',
    decisive: [['execution-role-permissions', 'evidence.ecr-pull.denied.simulation.implicit']],
    firstStep: ['attach-execution-role-policy', true],
  },
  'instance-role-ecr-permissions': {
    confidence: 'proven',
    decisive: [['instance-role-permissions', 'evidence.ecr-pull.denied.simulation.implicit']],
    firstStep: ['attach-instance-role-policy', false],
  },
  'repository-policy-denies': {
    confidence: 'proven',
    decisive: [['repository-policy', 'evidence.repository-policy-denies.not-allowed.role']],
    firstStep: ['read-repository-policy', false],
  },
  'pull-through-cache-rule-missing': {
    confidence: 'proven',
    decisive: [
      ['pull-through-cache-rules', 'evidence.pull-through-cache-rule-missing.no-rule'],
      ['ecr-repository', 'evidence.repository-not-found.missing'],
    ],
    firstStep: ['create-secret', false],
  },
  'pull-through-cache-upstream-auth': {
    confidence: 'proven',
    decisive: [['pull-through-cache-validation', 'evidence.pull-through-cache-upstream-auth.invalid']],
    firstStep: ['update-secret', false],
  },
  'repository-not-found': {
    confidence: 'proven',
    decisive: [['ecr-repository', 'evidence.repository-not-found.missing']],
    firstStep: ['list-repositories', false],
  },
  'image-not-found': {
    confidence: 'proven',
    decisive: [['ecr-image-tag', 'evidence.image-not-found.no-tag']],
    firstStep: ['list-recent-images', false],
  },
  'image-archived': {
    confidence: 'proven',
    decisive: [['image-status', 'evidence.image-archived.archived-at']],
    firstStep: ['restore-image', false],
  },
  'pull-timeout': {
    confidence: 'likely',
    decisive: [['stop-reason', 'evidence.pull-timeout.text']],
    firstStep: ['endpoints-instead-of-nat', false],
  },
  'stale-image-digest': {
    confidence: 'proven',
    decisive: [['pinned-digest', 'evidence.stale-image-digest.moved']],
    firstStep: ['redeploy-to-resolve-tag', false],
  },
  'platform-mismatch': {
    confidence: 'proven',
    decisive: [['image-platforms', 'evidence.platform-mismatch.mismatch']],
    firstStep: ['build-multi-arch', false],
  },
  'invalid-image-reference': {
    confidence: 'proven',
    decisive: [['image-reference', 'evidence.invalid-image-reference.unparsable']],
    firstStep: ['fix-image-reference', false],
  },
  'network-no-route': {
    confidence: 'proven',
    decisive: [
      ['default-route', 'evidence.network-no-route.no-route'],
      ['vpc-endpoints', 'evidence.network-no-route.no-endpoints'],
    ],
    firstStep: ['create-endpoint-security-group', true],
  },
  'public-ip-disabled': {
    confidence: 'proven',
    decisive: [['assign-public-ip', 'evidence.public-ip-disabled.disabled']],
    firstStep: ['enable-public-ip', false],
  },
  'vpc-endpoint-missing': {
    confidence: 'proven',
    decisive: [['vpc-endpoints', 'evidence.vpc-endpoint-missing.lacks']],
    firstStep: ['create-endpoint-s3', true],
  },
  'vpc-dns-disabled': {
    confidence: 'proven',
    decisive: [['vpc-dns-support', 'evidence.vpc-dns-disabled.support-off']],
    firstStep: ['enable-dns-support', false],
  },
  'security-group-blocks': {
    confidence: 'proven',
    decisive: [['security-group-443', 'evidence.security-group-blocks.blocked']],
    firstStep: ['find-s3-prefix-list', false],
  },
  'network-acl-blocks': {
    confidence: 'proven',
    decisive: [['network-acl-443', 'evidence.network-acl-blocks.blocked']],
    firstStep: ['allow-nacl-acl-0a3b4c5d6e7f89012', false],
  },
  'vpc-endpoint-policy-denies': {
    confidence: 'proven',
    decisive: [['endpoint-policy', 'evidence.vpc-endpoint-policy-denies.not-allowed']],
    firstStep: ['read-endpoint-policy-vpce-0a1a2a3a4a5a6a7a8', false],
  },
  'registry-credentials-invalid': {
    confidence: 'proven',
    decisive: [['repository-credentials', 'evidence.registry-credentials-invalid.problem']],
    firstStep: ['update-registry-secret', false],
  },
  'secret-or-parameter-unavailable': {
    confidence: 'proven',
    decisive: [['secret-reference', 'evidence.secret-or-parameter-unavailable.problem']],
    firstStep: ['check-arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-password-AbCdEf', false],
  },
  'kms-decrypt-denied': {
    confidence: 'proven',
    decisive: [['kms-decrypt', 'evidence.kms-decrypt-denied.denied']],
    firstStep: ['key-policy-arn:aws:kms:ap-northeast-1:123456789012:key/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b', false],
  },
  'aws-api-throttled': {
    confidence: 'likely',
    decisive: [['stop-reason', 'evidence.aws-api-throttled.text-api']],
    firstStep: ['wait-and-retry', false],
  },
  'registry-unavailable': {
    confidence: 'likely',
    decisive: [['stop-reason', 'evidence.registry-unavailable.text']],
    firstStep: ['check-registry-status', false],
  },
  'dockerhub-rate-limit': {
    confidence: 'proven',
    decisive: [
      ['stop-reason', 'evidence.dockerhub-rate-limit.rate-limited'],
      ['repository-credentials', 'evidence.dockerhub-rate-limit.anonymous'],
    ],
    firstStep: ['pull-through-cache-secret', false],
  },
  'disk-space': {
    confidence: 'proven',
    decisive: [['stop-reason', 'evidence.disk-space.instance']],
    firstStep: ['find-container-instance', false],
  },
  unknown: {
    confidence: 'possible',
    // Nothing proven: the first piece of evidence that is not info is the task confirmation that failed.
    decisive: [['task-confirmed', 'evidence.task-confirmed.failed']],
    firstStep: ['run-aws-runbook', false],
  },
};

describe('every scenario through the pipeline (English)', () => {
  it('the table covers exactly the scenarios', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(SCENARIOS).sort());
  });

  it.each(Object.entries(EXPECTED).map(([cause, e]) => [cause as CauseId, e] as const))(
    '%s: cause, confidence, decisive evidence, first step',
    async (cause, e) => {
      const s = SCENARIOS[cause];
      s.mock();
      const { result } = await run(s);
      const d = result.diagnosis;
      const first = result.outcome.plan.steps[0];
      expect({
        cause: d.cause,
        confidence: d.confidence,
        decisive: decisiveEvidence(d),
        firstStep: first ? [first.id, first.automatic] : undefined,
      }).toEqual({ cause, ...e });
    },
  );
});
