/**
 * Every scenario end to end through runPipeline (test/helpers/scenarios.ts: one realistic account per
 * cause on the strict SDK mocks): the cause and its confidence, the outcome, the notification, the write
 * calls made (none with the auto-fix flags off) and not made, the declared IAM actions, and the call budget.
 * With the flags on, the two auto-fixes run twice: the second run finds everything in place and creates nothing.
 */
import { loadConfig } from '../../lambda/config';
import { createClients } from '../../lambda/aws/clients';
import { noStormControl } from '../../lambda/dedupe/types';
import { CAUSE_IDS } from '../../lambda/domain/diagnosis';
import type { Log } from '../../lambda/log';
import { catalogue } from '../../lambda/notify/catalogue-text';
import type { RenderedNotification } from '../../lambda/notify/types';
import { allReadActions } from '../../lambda/causes/read-actions';
import { allWriteActions } from '../../lambda/permissions';
import { runPipeline } from '../../lambda/pipeline';
import type { PipelineResult } from '../../lambda/pipeline-contract';
import { MAX_CALLS_PER_DIAGNOSIS } from '../../lambda/facts/probes/budget';
import { MAX_TRAIL_LOOKUPS } from '../../lambda/changes/queries';
import type { Outcome } from '../../lambda/remediate/types';
import { receivedCommands, writeCommands } from '../helpers/aws-mocks';
import { clearCallHistory, SCENARIOS, type Scenario } from '../helpers/scenarios';

interface Line {
  level: string;
  message: string;
  data: Record<string, unknown>;
}

function recorders() {
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (message: string, ...extra: Array<Record<string, unknown>>) =>
      lines.push({ level, message, data: Object.assign({}, ...extra) });
  const log: Log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const published: RenderedNotification[] = [];
  const publish = async (n: RenderedNotification) => {
    published.push(n);
    return { ok: true as const, value: { messageId: `m-${published.length}` } };
  };
  return { lines, log, published, publish };
}

const clientsByRegion = new Map<string, ReturnType<typeof createClients>>();
const clientsFor = (region: string) => {
  if (!clientsByRegion.has(region)) clientsByRegion.set(region, createClients(region));
  return clientsByRegion.get(region)!;
};

async function run(s: Scenario, flags: { roleFix?: boolean; endpointsFix?: boolean } = {}) {
  const r = recorders();
  const config = loadConfig({
    AWS_REGION: s.region,
    TOPIC_ARN: `arn:aws:sns:${s.region}:123456789012:ecs-pull-doctor`,
    AUTO_FIX_EXECUTION_ROLE_POLICY: String(flags.roleFix ?? false),
    AUTO_FIX_VPC_ENDPOINTS: String(flags.endpointsFix ?? false),
  });
  const result = await runPipeline(s.event, {
    config,
    clients: clientsFor(s.region),
    store: noStormControl,
    log: r.log,
    publish: r.publish,
  });
  return { ...r, result: notified(result) };
}

function notified(r: PipelineResult): Extract<PipelineResult, { status: 'notified' }> {
  if (r.status !== 'notified') throw new Error(`expected a notification, got ${JSON.stringify(r).slice(0, 400)}`);
  return r;
}

function fixed(o: Outcome): Extract<Outcome, { kind: 'fixed' }> {
  if (o.kind !== 'fixed') throw new Error(`expected fixed, got ${JSON.stringify(o).slice(0, 600)}`);
  return o;
}

/** The AWS calls the evidence gathering made (the pipeline logs them with the diagnosis). */
function diagnosisCalls(lines: Line[]): number {
  const l = lines.find((x) => x.message === 'diagnosed');
  if (!l) throw new Error('no "diagnosed" log line');
  return l.data.apiCalls as number;
}

function failingImage(event: any): string {
  const cs = event.detail.containers as Array<{ image: string; reason?: string }>;
  return (cs.find((c) => c.reason) ?? cs[0]!).image;
}

const ALL = Object.values(SCENARIOS);
const AUTO_FIX = ALL.filter((s) => s.autoFix);
const DECLARED = new Set([...allReadActions(), ...allWriteActions()].map((a) => a.toLowerCase()));

describe('SCENARIOS', () => {
  it('covers every cause id', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...CAUSE_IDS].sort());
    for (const [id, s] of Object.entries(SCENARIOS)) expect(s.cause).toBe(id);
  });

  it('marks exactly the causes with an auto-fix', () => {
    expect(AUTO_FIX.map((s) => [s.cause, s.autoFix])).toEqual([
      ['execution-role-ecr-permissions', 'AutoFixExecutionRolePolicy'],
      ['network-no-route', 'AutoFixVpcEndpoints'],
      ['vpc-endpoint-missing', 'AutoFixVpcEndpoints'],
    ]);
  });
});

describe.each(ALL.map((s) => [s.cause, s] as const))('runPipeline, auto-fix flags off: %s', (_cause, s) => {
  let r: Awaited<ReturnType<typeof run>>;
  let commands: string[];
  let writes: string[];
  beforeAll(async () => {
    s.mock();
    r = await run(s);
    commands = receivedCommands();
    writes = writeCommands();
  });

  it(`diagnoses ${s.cause} (${s.confidence})`, () => {
    expect(r.result.diagnosis.cause).toBe(s.cause);
    expect(r.result.diagnosis.confidence).toBe(s.confidence);
    expect(r.result.diagnosis.mode).toBe('evidence');
  });

  it(s.autoFix ? 'proposes the fix: not opted in' : 'proposes the steps: no auto-fix for this cause', () => {
    expect(r.result.outcome).toMatchObject({
      kind: 'proposed',
      reason: s.autoFix ? 'not-opted-in' : 'no-auto-fix-for-cause',
    });
    if (s.autoFix) expect(r.result.outcome.plan.autoFix).toBe(s.autoFix);
  });

  it('publishes one notification naming the task, cluster, image and cause', () => {
    const e = s.event as any;
    expect(r.published).toHaveLength(1);
    const n = r.published[0]!;
    const text = `${n.subject}\n${n.body}`;
    expect(text).toContain(String(e.detail.taskArn).split('/').pop());
    expect(text).toContain(String(e.detail.clusterArn).split('/').pop());
    expect(text).toContain(failingImage(e));
    expect(n.body).toContain(catalogue('en')[`cause.${s.cause}.title`]!);
    expect(n.attributes).toMatchObject({
      cause: s.cause,
      cluster: String(e.detail.clusterArn).split('/').pop(),
      action: 'proposed',
    });
  });

  it('changes nothing', () => {
    expect(writes).toEqual([]);
  });

  it('sends only commands declared in lambda/permissions.ts', () => {
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(DECLARED).toContain(c.toLowerCase());
  });

  it(`makes at most ${MAX_CALLS_PER_DIAGNOSIS} AWS calls for the diagnosis`, () => {
    expect(diagnosisCalls(r.lines)).toBeLessThanOrEqual(MAX_CALLS_PER_DIAGNOSIS);
    // With the flags off every call is a diagnosis call (the notification goes to the injected recorder), or one
    // of the few event-history questions asked after the diagnosis (what changed).
    const trail = commands.filter((c) => c === 'cloudtrail:LookupEvents');
    expect(commands.length - trail.length).toBe(diagnosisCalls(r.lines));
    expect(trail.length).toBeLessThanOrEqual(MAX_TRAIL_LOOKUPS);
    expect(r.result.apiCalls).toBe(commands.length);
  });
});

describe('runPipeline, auto-fix flags on', () => {
  it.each(ALL.filter((s) => !s.autoFix).map((s) => [s.cause, s] as const))(
    '%s: still only proposes and writes nothing',
    async (_c, s) => {
      s.mock();
      const { result } = await run(s, { roleFix: true, endpointsFix: true });
      expect(result.outcome).toMatchObject({ kind: 'proposed', reason: 'no-auto-fix-for-cause' });
      expect(writeCommands()).toEqual([]);
    },
  );

  it('execution-role-ecr-permissions: attaches the managed policy once; the second run finds the role allowed and changes nothing', async () => {
    const s = SCENARIOS['execution-role-ecr-permissions'];
    s.mock();

    const first = await run(s, { roleFix: true });

    const o = fixed(first.result.outcome);
    expect(o.verified).toBe(true);
    expect(o.applied).toEqual([expect.objectContaining({ action: 'iam:AttachRolePolicy', result: 'changed' })]);
    expect(writeCommands()).toEqual(['iam:AttachRolePolicy']);
    for (const c of receivedCommands()) expect(DECLARED).toContain(c.toLowerCase());
    expect(first.published[0]!.attributes.action).toBe('fixed');

    // Second run (a task that failed before the fix): the simulation now allows the pull.
    clearCallHistory();
    const second = await run(s, { roleFix: true });

    expect(writeCommands()).toEqual([]);
    expect(second.result.diagnosis.cause).not.toBe('execution-role-ecr-permissions');
    expect(second.result.outcome.kind).toBe('proposed');
  });

  it('network-no-route: creates the security group, its HTTPS rule and the four endpoints, verified; the second run finds them all and creates nothing', async () => {
    const s = SCENARIOS['network-no-route'];
    s.mock();

    const first = await run(s, { endpointsFix: true });

    const o = fixed(first.result.outcome);
    expect(o.verified).toBe(true);
    expect(o.applied.map((a) => [a.stepId, a.result])).toEqual([
      ['create-endpoint-security-group', 'created'],
      ['allow-https-to-endpoints', 'changed'],
      ['create-endpoint-ecr.api', 'created'],
      ['create-endpoint-ecr.dkr', 'created'],
      ['create-endpoint-s3', 'created'],
      ['create-endpoint-logs', 'created'],
    ]);
    expect(first.result.diagnosis.resources.vpcCidrs).toEqual(['10.0.0.0/16']);
    expect(first.result.diagnosis.fixInputs).toMatchObject({
      vpcDnsSupport: true,
      vpcDnsHostnames: true,
      vpcCustomDns: false,
    });
    expect(writeCommands()).toEqual([
      'ec2:CreateSecurityGroup',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:CreateVpcEndpoint',
      'ec2:CreateVpcEndpoint',
      'ec2:CreateVpcEndpoint',
      'ec2:CreateVpcEndpoint',
    ]);
    for (const c of receivedCommands()) expect(DECLARED).toContain(c.toLowerCase());
    expect(diagnosisCalls(first.lines)).toBeLessThanOrEqual(MAX_CALLS_PER_DIAGNOSIS);
    expect(first.published[0]!.attributes.action).toBe('fixed');

    // Second run (another task of the storm, a minute later): the interface endpoints are still pending, so
    // the ECR endpoints still count as missing; the fix finds every resource in place.
    clearCallHistory();
    const second = await run(s, { endpointsFix: true });

    expect(writeCommands()).toEqual([]);
    const again = fixed(second.result.outcome);
    expect(again.applied.map((a) => a.result)).toEqual(again.applied.map(() => 'already-present'));
    expect(again.verified).toBe(true);
  });

  it('vpc-endpoint-missing: creates only the S3 gateway endpoint on the private route table; the second run finds nothing missing', async () => {
    const s = SCENARIOS['vpc-endpoint-missing'];
    s.mock();

    const first = await run(s, { endpointsFix: true });

    const o = fixed(first.result.outcome);
    expect(o.verified).toBe(true);
    expect(o.applied).toEqual([
      expect.objectContaining({ stepId: 'create-endpoint-s3', action: 'ec2:CreateVpcEndpoint', result: 'created' }),
    ]);
    expect(writeCommands()).toEqual(['ec2:CreateVpcEndpoint']);
    for (const c of receivedCommands()) expect(DECLARED).toContain(c.toLowerCase());
    expect(diagnosisCalls(first.lines)).toBeLessThanOrEqual(MAX_CALLS_PER_DIAGNOSIS);

    clearCallHistory();
    const second = await run(s, { endpointsFix: true });

    expect(writeCommands()).toEqual([]);
    expect(second.result.diagnosis.candidates).not.toContain('vpc-endpoint-missing');
    expect(second.result.outcome.kind).toBe('proposed');
  });
});

describe('reminders', () => {
  it('never write: a reminder of an auto-fixable incident proposes with reason duplicate-fix', async () => {
    const s = SCENARIOS['network-no-route'];
    s.mock();
    const r = recorders();
    const config = loadConfig({ AWS_REGION: s.region, AUTO_FIX_VPC_ENDPOINTS: 'true' });
    const reminderStore = {
      ...noStormControl,
      admit: async () => ({
        kind: 'reminder' as const,
        incidentId: 'inc-000000000001',
        firstSeenAt: '2026-11-25T00:00:00.000Z',
        count: 37,
      }),
    };

    const result = notified(
      await runPipeline(s.event, {
        config,
        clients: clientsFor(s.region),
        store: reminderStore,
        log: r.log,
        publish: r.publish,
      }),
    );

    expect(result.role).toBe('reminder');
    expect(result.outcome).toMatchObject({ kind: 'proposed', reason: 'duplicate-fix' });
    expect(writeCommands()).toEqual([]);
    expect(r.published[0]!.body).toContain('37');
  });
});
