/**
 * Issue 17, service-level signals: SERVICE_TASK_START_IMPAIRED and SERVICE_DEPLOYMENT_FAILED alone produce a
 * diagnosis (the latest stopped task that failed to pull, read from the account), join the incident the task events
 * opened, and never steer anything from what the signal says. The parser refuses foreign and malformed signals.
 */
import { ListTasksCommand } from '@aws-sdk/client-ecs';
import { PublishCommand } from '@aws-sdk/client-sns';
import { parseServiceSignal } from '../../../lambda/event/service-signal';
import { noStormControl, type IncidentStore } from '../../../lambda/dedupe/types';
import { runPipeline } from '../../../lambda/pipeline';
import { awsError, mocks } from '../../helpers/aws-mocks';
import { loadExample } from '../../helpers/events';
import { expectNotified, harnessDeps } from '../../helpers/pipeline-harness';
import { SCENARIOS } from '../../helpers/scenarios';

const impaired = () => loadExample('service-task-start-impaired' as any);
const deploymentFailed = () => loadExample('service-deployment-failed' as any);
const S = SCENARIOS['network-no-route'];

describe('parseServiceSignal', () => {
  it('reads the documented shapes: service action (cluster in detail) and deployment state change', () => {
    expect(parseServiceSignal(impaired())).toEqual({
      ok: true,
      signal: expect.objectContaining({
        kind: 'start-impaired',
        cluster: 'prod',
        service: 'api',
        account: '123456789012',
      }),
    });
    expect(parseServiceSignal(deploymentFailed())).toEqual({
      ok: true,
      signal: expect.objectContaining({
        kind: 'deployment-failed',
        cluster: 'prod',
        reason: 'ECS deployment circuit breaker: task failed to start.',
      }),
    });
    const steady = loadExample('service-steady-state' as any);
    expect(parseServiceSignal(steady)).toMatchObject({ ok: true, signal: { kind: 'steady-state' } });
  });

  it('takes the cluster of an old-format service ARN from detail.clusterArn', () => {
    const e = impaired();
    e.resources = ['arn:aws:ecs:ap-northeast-1:123456789012:service/api'];
    expect(parseServiceSignal(e)).toMatchObject({ ok: true, signal: { cluster: 'prod', service: 'api' } });
  });

  it.each([
    ['another account in the event', (e: any) => (e.account = '210987654321'), /account and Region/],
    [
      'a cluster that is not the service’s',
      (e: any) => (e.detail.clusterArn = e.detail.clusterArn.replace('prod', 'x')),
      /not in cluster/,
    ],
    [
      'no service ARN',
      (e: any) => (e.resources = ['arn:aws:ecs:ap-northeast-1:123456789012:task/prod/abc']),
      /service ARN/,
    ],
    [
      'an event name not followed',
      (e: any) => (e.detail.eventName = 'SERVICE_DISCOVERY_INSTANCE_UNHEALTHY'),
      /not followed/,
    ],
    [
      'a hostile service name',
      (e: any) => (e.resources = ['arn:aws:ecs:ap-northeast-1:123456789012:service/prod/a b$(x)']),
      /service ARN/,
    ],
  ])('refuses %s', (_what, edit, reason) => {
    const e = impaired();
    edit(e);
    expect(parseServiceSignal(e)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });
});

describe('SERVICE_TASK_START_IMPAIRED and SERVICE_DEPLOYMENT_FAILED', () => {
  it.each([
    ['SERVICE_TASK_START_IMPAIRED', impaired],
    ['SERVICE_DEPLOYMENT_FAILED', deploymentFailed],
  ])('%s alone produces the diagnosis of the latest stopped task that failed to pull', async (_n, signal) => {
    S.mock();
    const r = expectNotified(await runPipeline(signal(), harnessDeps({ config: { region: S.region } })));
    expect(r.diagnosis.cause).toBe('network-no-route');
    expect(r.diagnosis.confidence).toBe('proven');
    expect(mocks.ecs.commandCalls(ListTasksCommand)[0]!.args[0].input).toMatchObject({
      cluster: 'prod',
      serviceName: 'api',
      desiredStatus: 'STOPPED',
    });
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('joins the incident its task event opened: the same task is a duplicate delivery, not a second message', async () => {
    S.mock();
    const seen = new Map<string, boolean>();
    const store: IncidentStore = {
      ...noStormControl,
      admit: async (_key, deliveryId, now) => {
        if (seen.has(deliveryId)) return { kind: 'duplicate', incidentId: 'inc-1' };
        seen.set(deliveryId, true);
        return { kind: 'first', incidentId: 'inc-1', firstSeenAt: now.toISOString(), count: 1 };
      },
    };
    expectNotified(await runPipeline(S.event, harnessDeps({ config: { region: S.region }, store })));
    const again = await runPipeline(impaired(), harnessDeps({ config: { region: S.region }, store }));
    expect(again.status).toBe('duplicate');
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('says nothing when no recent stopped task of the service failed to pull', async () => {
    S.mock();
    mocks.ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    const r = await runPipeline(impaired(), harnessDeps({ config: { region: S.region } }));
    expect(r).toEqual({
      status: 'ignored',
      reason: expect.stringContaining('the latest stopped task of service prod/api'),
    });
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('says nothing for a pull failure older than 15 minutes before the signal (handled, or resolved, already)', async () => {
    S.mock();
    const late = impaired();
    late.time = '2026-11-25T03:40:00Z';
    const r = await runPipeline(late, harnessDeps({ config: { region: S.region } }));
    expect(r.status).toBe('ignored');
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('AccessDenied on ListTasks: logged and dropped (no retry loop); throttling is retried by EventBridge', async () => {
    S.mock();
    mocks.ecs.on(ListTasksCommand).rejects(awsError('AccessDeniedException', 400));
    const denied = await runPipeline(impaired(), harnessDeps({ config: { region: S.region } }));
    expect(denied).toEqual({ status: 'ignored', reason: expect.stringContaining('AccessDeniedException') });
    mocks.ecs.on(ListTasksCommand).rejects(awsError('ThrottlingException', 400));
    await expect(runPipeline(impaired(), harnessDeps({ config: { region: S.region } }))).rejects.toThrow(
      /could not read the stopped tasks of prod\/api/,
    );
  });

  it('reads nothing for a service of another account', async () => {
    S.mock();
    const r = await runPipeline(impaired(), harnessDeps({ config: { region: S.region }, ownAccount: '210987654321' }));
    expect(r).toEqual({ status: 'ignored', reason: expect.stringContaining('runs in account 123456789012') });
    expect(mocks.ecs.commandCalls(ListTasksCommand)).toHaveLength(0);
  });
});
