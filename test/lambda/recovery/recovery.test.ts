/**
 * Issue 17, "is it healthy again": a service with an open incident that runs its tasks again gets exactly one
 * resolved message per incident — under a storm of signals, in both languages, across a failed publish — and a
 * service that never had an incident gets none, for one DynamoDB read. The incident table is real (dynalite); the
 * account is the scenario model (ECS services recover when the test says so).
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { DynamoIncidentStore } from '../../../lambda/dedupe/incident-store';
import { DynamoRecoveryStore, openPk } from '../../../lambda/dedupe/recovery-store';
import { runPipeline } from '../../../lambda/pipeline';
import type { PipelineResult } from '../../../lambda/pipeline-contract';
import { mocks } from '../../helpers/aws-mocks';
import { useDynaliteTable } from '../../helpers/dynalite-table';
import { loadExample } from '../../helpers/events';
import { emailOf, expectNotified, harnessDeps } from '../../helpers/pipeline-harness';
import { SCENARIOS, type AccountModel } from '../../helpers/scenarios';
import { recorded } from '../../helpers/trail';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Config } from '../../../lambda/config';

const db = useDynaliteTable();
let cluster = 0;

const SCENARIO = SCENARIOS['network-no-route'];

/** One Lambda invocation's dependencies on the shared table. */
function deps(config: Partial<Config> = {}) {
  const store = new DynamoIncidentStore(db.dynamo.client, db.table);
  const recovery = new DynamoRecoveryStore(db.dynamo.client, db.table);
  return { ...harnessDeps({ config: { region: SCENARIO.region, ...config }, store }), recovery };
}

/** The scenario's event in a cluster of its own (tests share the table), and its steady-state signal. */
function events(name: string) {
  const failed = SCENARIO.event as any;
  failed.detail.clusterArn = failed.detail.clusterArn.replace(/cluster\/prod$/, `cluster/${name}`);
  failed.detail.taskArn = failed.detail.taskArn.replace('/prod/', `/${name}/`);
  const steady = loadExample('service-steady-state' as any);
  steady.resources = [`arn:aws:ecs:ap-northeast-1:123456789012:service/${name}/api`];
  steady.detail.clusterArn = `arn:aws:ecs:ap-northeast-1:123456789012:cluster/${name}`;
  // The incident is first seen now (the store's clock): the service recovers a minute later.
  steady.time = new Date(Date.now() + 60_000).toISOString();
  return { failed, steady };
}

/** The scenario account with the service in `name`; `model.services[0].recovered = true` makes it recover. */
function account(name: string, edit?: (a: AccountModel) => void): { model: AccountModel; failed: any; steady: any } {
  const e = events(name);
  let model!: AccountModel;
  SCENARIO.mock([e.failed], (a) => {
    for (const s of a.services) s.cluster = name;
    edit?.(a);
    model = a;
  });
  // The scenario's own event names cluster "prod": the account holds the renamed one (alsoRan) as well.
  return { model, ...e };
}

const resolvedMessages = () =>
  mocks.sns
    .commandCalls(PublishCommand)
    .map((c) => emailOf(c.args[0].input))
    .filter((m) => m.startsWith('[resolved]') || m.startsWith('[rolled back]'));

async function openIncident(name: string, edit?: (a: AccountModel) => void) {
  const a = account(name, edit);
  const first = expectNotified(await runPipeline(a.failed, deps()));
  return { ...a, first };
}

describe('resolved message', () => {
  it('goes out once per incident under a storm of steady-state signals, and closes the incident', async () => {
    const name = `storm-${++cluster}`;
    const { model, steady, first } = await openIncident(name);
    model.services[0]!.recovered = true;
    const results: PipelineResult[] = await Promise.all(Array.from({ length: 20 }, () => runPipeline(steady, deps())));
    expect(results.filter((r) => r.status === 'resolved')).toHaveLength(1);
    expect(results.filter((r) => r.status !== 'resolved').every((r) => r.status === 'ignored')).toBe(true);
    const [mail] = resolvedMessages();
    expect(resolvedMessages()).toHaveLength(1);
    expect(mail!.split('\n')[0]).toBe(`[resolved] ECS image pull works again - svc api (${name}, ap-northeast-1)`);
    expect(mail).toContain(`runs its tasks again: 2 of 2 running`);
    expect(mail).toContain(`Incident ${first.incidentId}: no route to ECR (network-no-route).`);
    expect(mail).toContain('Failed tasks counted: 1.');
    // Later signals find nothing open: one read, no message.
    mocks.sns.resetHistory();
    db.dynamo.resetCalls();
    const later = await runPipeline(steady, deps());
    expect(later).toEqual({ status: 'ignored', reason: `no open incident on service ${name}/api` });
    expect(db.dynamo.calls()).toEqual(['dynamodb:GetItem']);
    expect(resolvedMessages()).toHaveLength(0);
  });

  it('is not sent while the service does not run all its tasks, and is sent once it does', async () => {
    const name = `slow-${++cluster}`;
    const { model, steady } = await openIncident(name);
    const early = await runPipeline(steady, deps());
    expect(early).toMatchObject({
      status: 'ignored',
      reason: expect.stringContaining('not running again yet: 0 of 2'),
    });
    expect(resolvedMessages()).toHaveLength(0);
    model.services[0]!.recovered = true;
    expect((await runPipeline(steady, deps())).status).toBe('resolved');
  });

  it('costs one DynamoDB read and no AWS call for a healthy service that never had an incident', async () => {
    const name = `healthy-${++cluster}`;
    const { model, steady } = account(name);
    model.services[0]!.recovered = true;
    db.dynamo.resetCalls();
    const r = await runPipeline(steady, deps());
    expect(r.status).toBe('ignored');
    expect(db.dynamo.calls()).toEqual(['dynamodb:GetItem']);
    expect(mocks.ecs.commandCalls(DescribeServicesCommand)).toHaveLength(0);
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('says it in Japanese', async () => {
    const name = `ja-${++cluster}`;
    const a = account(name);
    expectNotified(await runPipeline(a.failed, deps({ language: 'ja' })));
    a.model.services[0]!.recovered = true;
    expect((await runPipeline(a.steady, deps({ language: 'ja' }))).status).toBe('resolved');
    const [mail] = resolvedMessages();
    expect(mail).toContain(`クラスター ${name}(ap-northeast-1)のサービス api のタスクが再び動いています`);
    expect(mail).toContain('--- 何が直したか ---');
  });

  it('names the outside change that fixed it, from CloudTrail event history', async () => {
    const name = `outside-${++cluster}`;
    const { model, steady, first } = await openIncident(name);
    model.services[0]!.recovered = true;
    // Someone created the ecr.dkr endpoint in the task VPC after the first failure, half a minute before the recovery.
    model.trail.push(recorded('e-create-vpce-dkr', { before: steady.time, minutes: 0.5 }));
    expect(first.diagnosis.resources.vpcId).toBe('vpc-0b5e3f4a1c2d3e4f5');
    const r = await runPipeline(steady, deps());
    expect(r.status).toBe('resolved');
    const [mail] = resolvedMessages();
    expect(mail).toContain(
      'A change outside this tool: vpce-0d1d2d3d4d5d6d7d8 (ecr.dkr): CreateVpcEndpoint by ' +
        'arn:aws:sts::123456789012:assumed-role/ops-admin/alice',
    );
    expect(r.status === 'resolved' && r.notifications[0]!.attributes.fixedBy).toBe('outside');
  });

  it('names its own fix when the auto-fix applied one', async () => {
    const name = `fixed-${++cluster}`;
    const a = account(name);
    const first = expectNotified(await runPipeline(a.failed, deps({ autoFixVpcEndpoints: true })));
    expect(first.outcome.kind).toBe('fixed');
    a.model.services[0]!.recovered = true;
    const r = await runPipeline(a.steady, deps());
    expect(r.status).toBe('resolved');
    expect(resolvedMessages()[0]).toMatch(
      /The fix of ecs-pull-doctor, applied .*: .*ec2:CreateVpcEndpoint vpce-\w+ \(created\)/,
    );
  });

  it('a failed publish releases the incident: the retried signal sends it, once', async () => {
    const name = `retry-${++cluster}`;
    const { model, steady } = await openIncident(name);
    model.services[0]!.recovered = true;
    const failing = deps();
    failing.publish = async () => ({
      ok: false as const,
      api: 'sns:Publish',
      kind: 'unexpected' as const,
      errorName: 'InternalError',
      reason: 'sns:Publish: InternalError',
    });
    await expect(runPipeline(steady, failing)).rejects.toThrow(/could not publish the resolved message/);
    const retried = await runPipeline(steady, deps());
    expect(retried.status).toBe('resolved');
    expect(resolvedMessages()).toHaveLength(1);
  });

  it('a late redelivery of a failed task after the resolution is a duplicate, not a new incident', async () => {
    const name = `late-${++cluster}`;
    const { model, steady, failed } = await openIncident(name);
    model.services[0]!.recovered = true;
    expect((await runPipeline(steady, deps())).status).toBe('resolved');
    const again = await runPipeline(failed, deps());
    expect(again.status).toBe('duplicate');
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('leaves an incident whose reminder is being handled: resolved once its message is out', async () => {
    const name = `busy-${++cluster}`;
    const { model, steady, first } = await openIncident(name);
    model.services[0]!.recovered = true;
    // The incident's window is being handled again (its reminder's message is not out yet).
    const pk = `incident#123456789012#ap-northeast-1#${name}#service:api#network`;
    await db.dynamo.client.send(
      new UpdateItemCommand({
        TableName: db.table,
        Key: { pk: { S: pk } },
        UpdateExpression: 'SET notified = :no',
        ExpressionAttributeValues: { ':no': { BOOL: false } },
      }),
    );
    const busy = await runPipeline(steady, deps());
    expect(busy).toMatchObject({ status: 'ignored', reason: expect.stringContaining('already being resolved') });
    expect(resolvedMessages()).toHaveLength(0);
    await db.dynamo.client.send(
      new UpdateItemCommand({
        TableName: db.table,
        Key: { pk: { S: pk } },
        UpdateExpression: 'SET notified = :yes',
        ExpressionAttributeValues: { ':yes': { BOOL: true } },
      }),
    );
    const later = await runPipeline(steady, deps());
    expect(later).toMatchObject({ status: 'resolved', incidentIds: [first.incidentId] });
  });

  it('a rollback to another revision is said as one: nothing credited with a fix', async () => {
    const name = `rollback-${++cluster}`;
    const { model, steady } = await openIncident(name);
    model.services[0]!.recovered = true;
    model.services[0]!.runningTaskDefinition = 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/api:41';
    const r = await runPipeline(steady, deps());
    expect(r.status).toBe('resolved');
    const [mail] = resolvedMessages();
    expect(mail!.split('\n')[0]).toBe(
      `[rolled back] ECS service runs an earlier revision - svc api (${name}, ap-northeast-1)`,
    );
    expect(mail).toContain(
      'Nothing was fixed: the service runs task definition arn:aws:ecs:ap-northeast-1:123456789012:task-definition/api:41',
    );
    expect(r.status === 'resolved' && r.notifications[0]!.attributes).toMatchObject({
      fixedBy: 'rollback',
      action: 'rolled-back',
    });
  });

  it('after the resolution, a new failure of the service is a new incident', async () => {
    const name = `again-${++cluster}`;
    const { model, steady, failed, first } = await openIncident(name);
    model.services[0]!.recovered = true;
    expect((await runPipeline(steady, deps())).status).toBe('resolved');
    const again = { ...failed, detail: { ...failed.detail, version: (failed.detail.version ?? 1) + 10 } };
    again.detail.taskArn = failed.detail.taskArn.replace(/[0-9a-f]{4}$/, 'ffff');
    model.services[0]!.recovered = false;
    model.stoppedTasks.push(again.detail);
    const next = expectNotified(await runPipeline(again, deps()));
    expect(next.role).toBe('first');
    expect(next.incidentId).not.toBe(first.incidentId);
    const open = await db.dynamo.client.send(
      new GetItemCommand({
        TableName: db.table,
        Key: {
          pk: { S: openPk({ account: '123456789012', region: 'ap-northeast-1', cluster: name, service: 'api' }) },
        },
      }),
    );
    // The service lists the new incident only (the resolved one was dropped).
    expect(open.Item?.entries?.SS).toHaveLength(1);
    expect(open.Item?.entries?.SS?.[0]?.endsWith(`|${next.incidentId}`)).toBe(true);
  });
});
