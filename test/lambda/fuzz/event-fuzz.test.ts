/**
 * Property-based fuzzing of the whole pipeline's input handling (issue 8): every generated event ends in a
 * logged reason or a diagnosis; no unhandled exception; no AWS write call (nothing is proven when every
 * AWS read fails). fast-check prints the seed and path of a failing run so it can be replayed with
 * FUZZ_SEED=<seed>.
 */
import fc from 'fast-check';
import { runPipeline } from '../../../lambda/pipeline';
import type { PipelineDeps } from '../../../lambda/pipeline-contract';
import { loadConfig } from '../../../lambda/config';
import { createClients } from '../../../lambda/aws/clients';
import { noStormControl } from '../../../lambda/dedupe/types';
import { mocks, resetMocks, writeCommands, awsError } from '../../helpers/aws-mocks';
import { loadExample, EXAMPLES } from '../../helpers/events';
import type { Log } from '../../../lambda/log';
import { EXAMPLE_ACCESS_KEY_ID } from '../../helpers/fake-credentials';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const reasons = [
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref',
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth',
  'The task can’t pull the image. Check that the role has the permissions to pull images from the registry. CannotPullContainerError',
  `CannotPullContainerError: Error response from daemon: toomanyrequests: password=hunter2 ${EXAMPLE_ACCESS_KEY_ID}`,
  'InternalError: failed to create container model: failed to normalize image reference "latest:latest"',
  'Essential container in task exited',
];

/** Any JSON-ish value, including arrays where objects belong. */
const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string(), { maxKeys: 3 }),
);

const reasonArb = fc.oneof(
  fc.constantFrom(...reasons),
  fc.constantFrom(...reasons).chain((r) => fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `${r}${s}`)),
  fc.constant(`CannotPullContainerError: ${'x'.repeat(256 * 1024)}`),
  junk,
);

const imageArb = fc.oneof(
  fc.constantFrom(
    'nginx',
    'redis:7',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1',
    'latest:latest',
    'UPPER/Case:tag',
    '',
    '::::',
    'a'.repeat(5000),
  ),
  fc.string({ unit: 'binary', maxLength: 80 }),
  junk,
);

const containerArb = fc.oneof(
  fc.record(
    {
      name: fc.oneof(fc.string({ maxLength: 20 }), junk),
      image: imageArb,
      reason: reasonArb,
      imageDigest: fc.oneof(fc.constant(`sha256:${'a'.repeat(64)}`), junk),
    },
    { requiredKeys: [] },
  ),
  junk,
);

const eventArb = fc
  .record({
    base: fc.constantFrom(...EXAMPLES),
    source: fc.oneof(fc.constant('aws.ecs'), fc.constant('aws.ec2'), junk),
    detailType: fc.oneof(
      fc.constant('ECS Task State Change'),
      fc.constant('ECS Container Instance State Change'),
      junk,
    ),
    account: fc.oneof({ weight: 3, arbitrary: fc.constant('123456789012') }, fc.constant('999999999999'), junk),
    // 'base': the example's own Region (its task ARN's); any other value is rejected by the parser (issue 14).
    region: fc.oneof(
      { weight: 6, arbitrary: fc.constant('base') },
      fc.constant('us-east-1'),
      fc.constant('ap-northeast-1'),
      fc.constant('eu-west-1'),
      junk,
    ),
    lastStatus: fc.oneof(fc.constant('STOPPED'), fc.constant('RUNNING'), junk),
    launchType: fc.oneof(fc.constantFrom('FARGATE', 'EC2', 'EXTERNAL', 'MANAGED_INSTANCES', 'UNKNOWN'), junk),
    stoppedReason: reasonArb,
    containers: fc.oneof(
      fc.array(containerArb, { maxLength: 4 }),
      fc.array(containerArb, { minLength: 150, maxLength: 300 }),
      junk,
    ),
    attachments: fc.oneof(fc.constant(undefined), fc.array(junk, { maxLength: 3 }), junk),
    group: fc.oneof(fc.constantFrom('service:api', 'family:batch', 'service:', ''), junk),
    version: fc.oneof(fc.integer(), junk),
    detailIsArray: fc.boolean(),
    dropDetail: fc.boolean(),
  })
  .map((g) => {
    const e = loadExample(g.base);
    e.source = g.source;
    e['detail-type'] = g.detailType;
    e.account = g.account;
    if (g.region !== 'base') e.region = g.region;
    Object.assign(e.detail, {
      lastStatus: g.lastStatus,
      launchType: g.launchType,
      stoppedReason: g.stoppedReason,
      containers: g.containers,
      attachments: g.attachments,
      group: g.group,
      version: g.version,
    });
    if (g.detailIsArray) e.detail = [e.detail];
    if (g.dropDetail) delete e.detail;
    return e;
  });

function recordingLog(): Log & { lines: Array<{ level: string; message: string; extra: Record<string, unknown> }> } {
  const lines: Array<{ level: string; message: string; extra: Record<string, unknown> }> = [];
  const rec =
    (level: string) =>
    (message: string, ...extra: Array<Record<string, unknown>>) =>
      lines.push({ level, message, extra: Object.assign({}, ...extra) });
  return { lines, debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') };
}

describe('fuzzing the event handling', () => {
  beforeAll(() => {
    resetMocks();
    // Every AWS read fails (throttled): nothing can be proven, so nothing may be written.
    for (const m of Object.values(mocks)) m.rejects(awsError('ThrottlingException', 400));
  });

  it(`handles ${RUNS} generated events: a reason or a diagnosis each, no exception, no write`, async () => {
    const config = loadConfig({
      AWS_REGION: 'us-east-1',
      AUTO_FIX_EXECUTION_ROLE_POLICY: 'true',
      AUTO_FIX_VPC_ENDPOINTS: 'true',
      PIPELINE_DEADLINE_MS: '2000',
    });
    const clients = createClients('us-east-1');
    let published = 0;
    await fc.assert(
      fc.asyncProperty(eventArb, async (event) => {
        const log = recordingLog();
        const deps: PipelineDeps = {
          config,
          clients,
          store: noStormControl,
          log,
          ownAccount: '123456789012',
          publish: async () => {
            published++;
            return { ok: true, value: { messageId: 'm' } };
          },
        };
        const result = await runPipeline(event, deps);
        if (result.status === 'ignored') {
          expect(result.reason.length).toBeGreaterThan(0);
          expect(log.lines.some((l) => l.extra.reason === result.reason)).toBe(true);
        } else if (result.status === 'notified') {
          expect(result.diagnosis.cause).toBeTruthy();
          expect(result.outcome.kind).not.toBe('fixed');
          expect(result.notification.subject.length).toBeLessThanOrEqual(100);
          expect(`${result.notification.subject}${result.notification.body}`).not.toContain(EXAMPLE_ACCESS_KEY_ID);
          expect(`${result.notification.body}`).not.toContain('hunter2');
        }
        expect(writeCommands()).toEqual([]);
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), verbose: 1 },
    );
    expect(published).toBeGreaterThan(0);
  }, 300_000);
});
