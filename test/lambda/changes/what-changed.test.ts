/**
 * Issue 17, "what changed": the pipeline asks CloudTrail event history about a proven cause and names the change
 * that made it — or says none is recorded, or why it could not be read — in the diagnosis and the message. The
 * account's event history answers LookupEvents from recorded records (test/fixtures/cloudtrail/records.json, shapes
 * from the CloudTrail API reference) through test/helpers/trail.ts; moto does not implement LookupEvents.
 */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { CauseId } from '../../../lambda/domain/diagnosis';
import { MAX_TRAIL_LOOKUPS } from '../../../lambda/changes/queries';
import { trailEventOf } from '../../../lambda/facts/probes/cloudtrail';
import { runPipeline } from '../../../lambda/pipeline';
import { noStormControl } from '../../../lambda/dedupe/types';
import { awsError, mocks, writeCommands } from '../../helpers/aws-mocks';
import { emailOf, expectNotified, harnessDeps, PublishCommand } from '../../helpers/pipeline-harness';
import { SCENARIOS, type AccountModel } from '../../helpers/scenarios';
import { recorded, RECORDED, retarget } from '../../helpers/trail';

/** The first failure of a scenario: its event's stoppedAt (the incident is first seen after it). */
function firstFailureOf(cause: CauseId): string {
  const e = SCENARIOS[cause].event as { detail: { stoppedAt?: string }; time: string };
  return e.detail.stoppedAt ?? e.time;
}

async function run(cause: CauseId, trail: (first: string) => ReturnType<typeof recorded>[], autoFix = false) {
  const s = SCENARIOS[cause];
  const first = firstFailureOf(cause);
  s.mock([], (a: AccountModel) => a.trail.push(...trail(first)));
  const result = expectNotified(
    await runPipeline(
      s.event,
      harnessDeps({
        config: { region: s.region, autoFixExecutionRolePolicy: autoFix, autoFixVpcEndpoints: autoFix },
      }),
    ),
  );
  return { result, d: result.diagnosis, lookups: mocks.cloudtrail.commandCalls(LookupEventsCommand).length };
}

const at = (id: string, first: string, minutes: number) => recorded(id, { before: first, minutes });

describe('trailEventOf: LookupEvents answers reduced to what attribution needs', () => {
  it('reads the endpoint id of a DeleteVpcEndpoints record ({tag, content} list item) and the caller ARN', () => {
    const e = trailEventOf(recorded('e-delete-vpce-dkr'))!;
    expect(e.name).toBe('DeleteVpcEndpoints');
    expect(e.actor).toBe('arn:aws:sts::123456789012:assumed-role/ops-admin/alice');
    expect(e.ids.endpoint).toEqual(['vpce-0d1d2d3d4d5d6d7d8']);
  });

  it('drops failed calls (errorCode) and read-only calls: they changed nothing', () => {
    expect(trailEventOf(recorded('e-delete-vpce-denied'))).toBeUndefined();
    expect(trailEventOf(recorded('e-read-only-describe'))).toBeUndefined();
  });

  it('keeps the VPC and endpoint service of a CreateVpcEndpoint record', () => {
    const e = trailEventOf(recorded('e-create-vpce-dkr'))!;
    expect(e.ids.vpc).toEqual(['vpc-0b5e3f4a1c2d3e4f5']);
    expect(e.ids.endpoint).toEqual(['vpce-0d1d2d3d4d5d6d7d8']);
    expect(e.serviceName).toBe('com.amazonaws.ap-northeast-1.ecr.dkr');
  });

  it('reads route destinations, security group rules and the service of an UpdateService', () => {
    expect(trailEventOf(recorded('e-delete-default-route'))!.routeDestination).toBe('0.0.0.0/0');
    expect(trailEventOf(recorded('e-revoke-egress-5432'))!.permissions).toEqual([
      { protocol: 'tcp', from: 5432, to: 5432 },
    ]);
    const update = trailEventOf(recorded('e-update-service'))!;
    expect(update.ids.service).toEqual(['prod/api']);
    expect(update.assignPublicIp).toBe('DISABLED');
    expect(trailEventOf(recorded('e-update-service-other-cluster'))!.ids.service).toEqual(['staging/api']);
  });

  it('names the service for a lifecycle expiration (no caller ARN)', () => {
    expect(trailEventOf(recorded('e-lifecycle-expiry'))!.actor).toBe('AWS Internal');
  });

  it('never throws on a record that is not JSON, or an event without id or time', () => {
    expect(
      trailEventOf({ EventId: 'x', EventName: 'DeleteRoute', EventTime: new Date(), CloudTrailEvent: '{' }),
    ).toEqual(expect.objectContaining({ id: 'x', ids: {} }));
    expect(trailEventOf({ EventName: 'DeleteRoute', EventTime: new Date() })).toBeUndefined();
    expect(trailEventOf({ EventId: 'y', EventName: 'DeleteRoute' })).toBeUndefined();
  });

  it('every recorded event parses (the fixture stays usable)', () => {
    for (const r of RECORDED) expect(() => trailEventOf(recorded(r.EventId))).not.toThrow();
  });
});

describe('network-no-route after a deleted endpoint', () => {
  it('names who deleted which endpoint of this VPC, and when, in the diagnosis and the e-mail', async () => {
    const { result, d, lookups } = await run('network-no-route', (first) => [
      recorded('e-create-vpce-dkr'),
      at('e-delete-vpce-dkr', first, 3),
    ]);
    expect(d.cause).toBe('network-no-route');
    expect(d.change).toEqual({
      status: 'found',
      eventId: 'e-delete-vpce-dkr',
      eventName: 'DeleteVpcEndpoints',
      eventTime: expect.any(String),
      actor: 'arn:aws:sts::123456789012:assumed-role/ops-admin/alice',
      resource: 'vpce-0d1d2d3d4d5d6d7d8 (ecr.dkr)',
      minutesBefore: 3,
    });
    expect(lookups).toBeLessThanOrEqual(MAX_TRAIL_LOOKUPS);
    const email = emailOf(mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input);
    expect(email).toContain('--- What changed ---\nvpce-0d1d2d3d4d5d6d7d8 (ecr.dkr): DeleteVpcEndpoints by ');
    expect(result.notification.chat).toBeDefined();
  });

  it('says it in Japanese too', async () => {
    const s = SCENARIOS['network-no-route'];
    const first = firstFailureOf('network-no-route');
    s.mock([], (a) => a.trail.push(recorded('e-create-vpce-dkr'), at('e-delete-vpce-dkr', first, 3)));
    expectNotified(await runPipeline(s.event, harnessDeps({ config: { region: s.region, language: 'ja' } })));
    const email = emailOf(mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input);
    expect(email).toContain('--- 何が変わったか ---');
    expect(email).toMatch(/vpce-0d1d2d3d4d5d6d7d8 \(ecr\.dkr\): .* に arn:aws:sts::.* が DeleteVpcEndpoints を実行/);
  });

  it('does not name the deletion of an endpoint of another VPC', async () => {
    const { d } = await run('network-no-route', (first) => [
      recorded('e-create-vpce-other-vpc'),
      at('e-delete-vpce-other-vpc', first, 3),
    ]);
    expect(d.change?.status).toBe('none');
  });

  it('does not name a deletion that failed (AccessDenied in the record), nor one after the first failure', async () => {
    const { d } = await run('network-no-route', (first) => [
      recorded('e-create-vpce-dkr'),
      at('e-delete-vpce-denied', first, 3),
      at('e-delete-vpce-dkr', first, -2),
    ]);
    expect(d.change).toEqual({
      status: 'none',
      resources: expect.any(Array),
      events: ['DeleteVpcEndpoints'],
      days: 14,
    });
  });

  it('names the DisassociateRouteTable that left a subnet on the main route table (tied by its association)', async () => {
    const s = SCENARIOS['network-no-route'];
    const first = firstFailureOf('network-no-route');
    s.mock([], (a) => {
      // The private subnet lost its own route table: it uses the main one, which has no default route either.
      for (const t of a.routeTables) {
        t.subnetIds = t.subnetIds.filter((x) => x !== 'subnet-0a1b2c3d4e5f60718');
        if (t.main) t.routes = t.routes.filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0');
      }
      a.trail.push(recorded('e-associate-private'), at('e-disassociate-private', first, 6));
    });
    const r = expectNotified(await runPipeline(s.event, harnessDeps({ config: { region: s.region } })));
    expect(r.diagnosis.cause).toBe('network-no-route');
    expect(r.diagnosis.change).toMatchObject({
      status: 'found',
      eventName: 'DisassociateRouteTable',
      resource: 'rtbassoc-0a1b2c3d4e5f60718',
      minutesBefore: 6,
    });
  });

  it('names the deletion of the default route, not of another route of the same table', async () => {
    const found = await run('network-no-route', (first) => [at('e-delete-default-route', first, 10)]);
    expect(found.d.change).toMatchObject({ status: 'found', eventId: 'e-delete-default-route', minutesBefore: 10 });
    const other = await run('network-no-route', (first) => [at('e-delete-peering-route', first, 10)]);
    expect(other.d.change?.status).toBe('none');
  });
});

describe('each cause names its own kind of change, on its own resource', () => {
  it('execution-role-ecr-permissions: the detached policy of the execution role, not of another role', async () => {
    const found = await run('execution-role-ecr-permissions', (first) => [at('e-detach-execution-policy', first, 5)]);
    expect(found.d.change).toMatchObject({ status: 'found', eventName: 'DetachRolePolicy', minutesBefore: 5 });
    const other = await run('execution-role-ecr-permissions', (first) => [at('e-detach-other-role', first, 5)]);
    expect(other.d.change).toMatchObject({ status: 'none', resources: ['ecsTaskExecutionRole'] });
  });

  it('vpc-dns-disabled: ModifyVpcAttribute on the task VPC', async () => {
    const { d } = await run('vpc-dns-disabled', (first) => [at('e-disable-vpc-dns', first, 30)]);
    expect(d.change).toMatchObject({ status: 'found', eventName: 'ModifyVpcAttribute', resource: d.resources.vpcId });
  });

  it('image-not-found: the latest of a deletion and a lifecycle expiration', async () => {
    // The scenario's repository is "web": the recorded events are about "api".
    const web = (id: string, first: string, minutes: number) => retarget(at(id, first, minutes), 'api', 'web');
    const { d } = await run('image-not-found', (first) => [
      web('e-batch-delete-image', first, 60),
      web('e-lifecycle-expiry', first, 20),
    ]);
    expect(d.change).toMatchObject({ status: 'found', eventName: 'PolicyExecutionEvent', actor: 'AWS Internal' });
  });

  it('image-not-found: nothing about another repository', async () => {
    const { d } = await run('image-not-found', (first) => [at('e-batch-delete-image', first, 60)]);
    expect(d.change).toMatchObject({ status: 'none', resources: ['web'] });
  });

  it('repository-policy-denies on a repository of another account: asks nothing (its history is there)', async () => {
    const { d, lookups } = await run('repository-policy-denies', (first) => [at('e-set-repository-policy', first, 15)]);
    expect(d.resources.repositoryArn).toMatch(/^arn:aws:ecr:[^:]+:210987654321:/);
    expect(d.change).toBeUndefined();
    expect(lookups).toBe(0);
  });

  it('public-ip-disabled: UpdateService of this service in this cluster, not of its namesake elsewhere', async () => {
    const found = await run('public-ip-disabled', (first) => [at('e-update-service', first, 7)]);
    expect(found.d.change).toMatchObject({ status: 'found', eventName: 'UpdateService', minutesBefore: 7 });
    const other = await run('public-ip-disabled', (first) => [at('e-update-service-other-cluster', first, 7)]);
    expect(other.d.change?.status).toBe('none');
  });

  it('public-ip-disabled: not an autoscaling UpdateService of the same service (desired count only)', async () => {
    const { d } = await run('public-ip-disabled', (first) => [at('e-update-service-scaling', first, 2)]);
    expect(d.change?.status).toBe('none');
  });

  it('execution-role-ecr-permissions: asks IAM’s events in us-east-1, where event history keeps them', async () => {
    await run('execution-role-ecr-permissions', (first) => [at('e-detach-execution-policy', first, 5)]);
    const calls = mocks.cloudtrail.commandCalls(LookupEventsCommand);
    expect(calls).toHaveLength(1);
    const client = calls[0]!.thisValue as { config: { region: () => Promise<string> } };
    expect(await client.config.region()).toBe('us-east-1');
  });

  it('security-group-blocks: a revoke of all egress, not of an unrelated port', async () => {
    const found = await run('security-group-blocks', (first) => [at('e-revoke-egress-all', first, 4)]);
    expect(found.d.change).toMatchObject({ status: 'found', eventName: 'RevokeSecurityGroupEgress' });
    const other = await run('security-group-blocks', (first) => [at('e-revoke-egress-5432', first, 4)]);
    expect(other.d.change?.status).toBe('none');
  });
});

describe('"none recorded" only when event history can hold it', () => {
  it('within 15 minutes of the first failure, nothing found is "not known yet" and is not stored', async () => {
    const s = SCENARIOS['execution-role-ecr-permissions'];
    const first = firstFailureOf('execution-role-ecr-permissions');
    s.mock();
    let stored: unknown = 'not completed';
    const store = {
      ...noStormControl,
      complete: async (_k: unknown, _i: string, result: { change?: unknown }) => {
        stored = result.change;
      },
    };
    const soon = new Date(Date.parse(first) + 2 * 60_000);
    const r = expectNotified(
      await runPipeline(s.event, harnessDeps({ config: { region: s.region }, store, now: () => soon })),
    );
    expect(r.diagnosis.change).toMatchObject({ status: 'pending', why: 'lag' });
    const email = emailOf(mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input);
    expect(email).toContain('can take up to 15 minutes to show a call');
    expect(stored).toMatchObject({ status: 'pending' });
  });

  it('a full page of events without the change is "not known yet", never "none"', async () => {
    const { d } = await run('execution-role-ecr-permissions', (first) =>
      // 50 later calls on the role that break nothing (AttachRolePolicy): the one page holds no older event.
      Array.from({ length: 50 }, (_, i) => ({
        ...at('e-detach-execution-policy', first, 10 + i),
        EventId: `attach-${i}`,
        EventName: 'AttachRolePolicy',
      })),
    );
    expect(d.change).toMatchObject({ status: 'pending', why: 'page' });
  });
});

describe('event history that cannot be read never costs the message or the fix', () => {
  it('AccessDenied: the message says so, and the proven fix is still applied', async () => {
    const s = SCENARIOS['execution-role-ecr-permissions'];
    s.mock();
    mocks.cloudtrail.on(LookupEventsCommand).rejects(awsError('AccessDeniedException', 400, 'not authorized'));
    const result = expectNotified(
      await runPipeline(
        s.event,
        harnessDeps({ config: { region: s.region, autoFixExecutionRolePolicy: true }, store: noStormControl }),
      ),
    );
    expect(result.diagnosis.change).toEqual({
      status: 'unchecked',
      reason: expect.stringContaining('cloudtrail:LookupEvents: AccessDeniedException'),
    });
    expect(result.outcome.kind).toBe('fixed');
    expect(writeCommands()).toEqual(['iam:AttachRolePolicy']);
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('asks nothing for a cause that is not proven', async () => {
    const s = SCENARIOS.unknown;
    s.mock();
    const result = expectNotified(await runPipeline(s.event, harnessDeps({ config: { region: s.region } })));
    expect(result.diagnosis.change).toBeUndefined();
    expect(mocks.cloudtrail.commandCalls(LookupEventsCommand)).toHaveLength(0);
  });

  it('a reminder says what the first message found, without asking again', async () => {
    const s = SCENARIOS['execution-role-ecr-permissions'];
    s.mock();
    const previousChange = {
      status: 'found' as const,
      eventId: 'e-detach-execution-policy',
      eventName: 'DetachRolePolicy',
      eventTime: '2026-11-25T03:09:00.000Z',
      resource: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      minutesBefore: 5,
    };
    const store = {
      ...noStormControl,
      admit: async () => ({
        kind: 'reminder' as const,
        incidentId: 'inc-1',
        firstSeenAt: '2026-11-25T03:14:00.000Z',
        count: 9,
        previousCause: 'execution-role-ecr-permissions',
        previousChange,
      }),
    };
    const result = expectNotified(await runPipeline(s.event, harnessDeps({ config: { region: s.region }, store })));
    expect(result.diagnosis.change).toEqual(previousChange);
    expect(mocks.cloudtrail.commandCalls(LookupEventsCommand)).toHaveLength(0);
  });
});
