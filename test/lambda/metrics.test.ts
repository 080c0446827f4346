/**
 * Issue 17, metrics: what each pipeline result counts (pure), and the EMF line the function writes for it —
 * namespace, dimensions (service, Cause) and unit as CloudWatch Logs extracts them into metrics.
 */
import { emitMetrics, METRIC, METRICS_NAMESPACE, metricPointsOf } from '../../lambda/metrics';
import { runPipeline } from '../../lambda/pipeline';
import type { PipelineResult } from '../../lambda/pipeline-contract';
import { expectNotified, harnessDeps } from '../helpers/pipeline-harness';
import { SCENARIOS } from '../helpers/scenarios';

const NOW = new Date('2026-11-25T03:15:07.123Z');

async function notified(autoFix = false) {
  const s = SCENARIOS['execution-role-ecr-permissions'];
  s.mock();
  return expectNotified(
    await runPipeline(s.event, harnessDeps({ config: { region: s.region, autoFixExecutionRolePolicy: autoFix } })),
  );
}

describe('metricPointsOf', () => {
  it('a first message: one incident and its time to diagnose, by cause', async () => {
    const r = await notified();
    const stopped = Date.parse(r.stoppedAt!);
    const points = metricPointsOf(r, new Date(stopped + 42_000));
    expect(points).toEqual([
      { name: METRIC.incidents, unit: 'Count', value: 1, cause: 'execution-role-ecr-permissions' },
      { name: METRIC.timeToDiagnose, unit: 'Seconds', value: 42, cause: 'execution-role-ecr-permissions' },
    ]);
  });

  it('a fix applied counts once; a reminder is not a new incident', async () => {
    const r = await notified(true);
    expect(r.outcome.kind).toBe('fixed');
    expect(metricPointsOf(r, NOW).map((p) => p.name)).toContain(METRIC.fixesApplied);
    const reminder: PipelineResult = { ...r, role: 'reminder', outcome: { ...r.outcome, kind: 'proposed' } as never };
    expect(metricPointsOf(reminder, NOW)).toEqual([]);
  });

  it('a recovery: one resolved and the time to recovery from the first event', () => {
    const r: PipelineResult = {
      status: 'resolved',
      service: 'prod/api',
      incidentIds: ['inc-1'],
      firstSeenAt: ['2026-11-25T03:00:07.123Z'],
      recoveredAt: NOW.toISOString(),
      notifications: [{ attributes: { cause: 'network-no-route' } } as never],
      messageIds: ['m-1'],
    };
    expect(metricPointsOf(r, NOW)).toEqual([
      { name: METRIC.resolved, unit: 'Count', value: 1, cause: 'network-no-route' },
      { name: METRIC.timeToRecovery, unit: 'Seconds', value: 900, cause: 'network-no-route' },
    ]);
  });

  it('nothing for ignored, duplicate or suppressed events', () => {
    expect(metricPointsOf({ status: 'ignored', reason: 'x' }, NOW)).toEqual([]);
    expect(metricPointsOf({ status: 'suppressed', taskArn: 't', incidentId: 'i', count: 3 }, NOW)).toEqual([]);
  });
});

describe('emitMetrics', () => {
  it('writes one EMF line per point, with the service and Cause dimensions', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      emitMetrics([{ name: METRIC.incidents, unit: 'Count', value: 1, cause: 'network-no-route' }]);
    } finally {
      spy.mockRestore();
    }
    const lines = written
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['service', 'Cause']],
            Metrics: [{ Name: 'Incidents', Unit: 'Count' }],
          },
        ],
      },
      service: 'ecs-pull-doctor',
      Cause: 'network-no-route',
      Incidents: 1,
    });
  });
});
