/**
 * CloudWatch metrics (issue 17): incidents, time to diagnose, fixes applied and failed, recoveries and time to
 * recovery, each by cause — as embedded metric format (EMF) lines through Powertools Metrics, so they cost no API
 * call and no permission: CloudWatch Logs extracts them from the function's log. `metricPointsOf` is pure (the
 * pipeline's result → points); `emitMetrics` writes them. The stack's dashboard reads them (lib/dashboard.ts).
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PipelineResult } from './pipeline-contract';

import { METRIC, METRICS_NAMESPACE } from './domain/metric-names';

export { METRIC, METRICS_NAMESPACE };

export interface MetricPoint {
  name: (typeof METRIC)[keyof typeof METRIC];
  unit: 'Count' | 'Seconds';
  value: number;
  /** The cause id (a closed set: low cardinality, one series per cause). */
  cause: string;
}

const seconds = (fromIso: string | undefined, to: Date): number | undefined => {
  const from = fromIso ? Date.parse(fromIso) : Number.NaN;
  return Number.isNaN(from) ? undefined : Math.max(0, Math.round((to.getTime() - from) / 1000));
};

/**
 * The points of one pipeline result. An incident counts at its first message (a reminder is not a new incident);
 * the time to diagnose runs from the task's stop to the message; the time to recovery from the incident's first
 * event to the service running again.
 */
export function metricPointsOf(result: PipelineResult, now: Date): MetricPoint[] {
  if (result.status === 'notified') {
    const cause = result.diagnosis.cause;
    const points: MetricPoint[] = [];
    if (result.role === 'first') {
      points.push({ name: METRIC.incidents, unit: 'Count', value: 1, cause });
      const took = seconds(result.stoppedAt, now);
      if (took !== undefined) points.push({ name: METRIC.timeToDiagnose, unit: 'Seconds', value: took, cause });
    }
    if (result.outcome.kind === 'fixed' && !result.outcome.byEarlierAttempt)
      points.push({ name: METRIC.fixesApplied, unit: 'Count', value: 1, cause });
    if (result.outcome.kind === 'failed') points.push({ name: METRIC.fixesFailed, unit: 'Count', value: 1, cause });
    return points;
  }
  if (result.status === 'resolved')
    return result.notifications.flatMap((n, i) => {
      const cause = n.attributes.cause ?? 'unknown';
      const took = seconds(result.firstSeenAt[i], new Date(result.recoveredAt));
      return [
        { name: METRIC.resolved, unit: 'Count' as const, value: 1, cause },
        ...(took !== undefined ? [{ name: METRIC.timeToRecovery, unit: 'Seconds' as const, value: took, cause }] : []),
      ];
    });
  return [];
}

const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecs-pull-doctor' });

/** Writes each point as its own EMF line with the Cause dimension (Powertools adds `service`). Never throws. */
export function emitMetrics(points: readonly MetricPoint[]): void {
  for (const p of points) {
    try {
      const single = metrics.singleMetric();
      single.addDimension('Cause', p.cause);
      // A single metric is written as soon as it is added.
      single.addMetric(p.name, p.unit === 'Count' ? MetricUnit.Count : MetricUnit.Seconds, p.value);
    } catch {
      // A metric is never worth an incident: the message went out already.
    }
  }
}
