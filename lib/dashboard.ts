/**
 * The stack's dashboard (issue 17): what the function's EMF lines say (lambda/metrics.ts) — incidents, time to
 * diagnose, fixes applied and failed, recoveries and time to recovery, one line per cause — beside the function's
 * own health (invocations, errors, duration) and the dead-letter queue. Created in the stack's own scope (logical
 * id Dashboard), named after the stack. SEARCH expressions pick up every cause that has data, so a new cause needs
 * no dashboard change.
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { METRIC, METRICS_NAMESPACE } from '../lambda/domain/metric-names';

const PERIOD = Duration.hours(1);

/** One series per cause of an EMF metric (dimensions service and Cause, as Powertools writes them). */
function byCause(metric: string, stat: string, label: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression:
      `SEARCH('{${METRICS_NAMESPACE},Cause,service} MetricName="${metric}"', ` + `'${stat}', ${PERIOD.toSeconds()})`,
    label,
    period: PERIOD,
  });
}

export function addDashboard(stack: Stack, fn: lambda.IFunction, deadLetterQueue: sqs.IQueue): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(stack, 'Dashboard', {
    dashboardName: `${stack.stackName}-image-pulls`,
    defaultInterval: Duration.days(7),
  });
  const graph = (title: string, left: cloudwatch.IMetric[], unit = 'Count') =>
    new cloudwatch.GraphWidget({ title, left, width: 12, height: 6, leftYAxis: { label: unit, showUnits: false } });
  dashboard.addWidgets(
    graph('Image-pull incidents, by cause', [byCause(METRIC.incidents, 'Sum', 'incidents')]),
    graph(
      'Time to diagnose (p90, seconds from the stop to the message)',
      [byCause(METRIC.timeToDiagnose, 'p90', 'p90')],
      'Seconds',
    ),
  );
  dashboard.addWidgets(
    graph('Fixes applied and failed, by cause', [
      byCause(METRIC.fixesApplied, 'Sum', 'applied'),
      byCause(METRIC.fixesFailed, 'Sum', 'failed'),
    ]),
    graph(
      'Recoveries and time to recovery (seconds, average)',
      [byCause(METRIC.resolved, 'Sum', 'resolved'), byCause(METRIC.timeToRecovery, 'Average', 'time to recovery')],
      'Count / Seconds',
    ),
  );
  dashboard.addWidgets(
    graph('The function: invocations, errors, throttles', [
      fn.metricInvocations({ period: Duration.minutes(5) }),
      fn.metricErrors({ period: Duration.minutes(5) }),
      fn.metricThrottles({ period: Duration.minutes(5) }),
    ]),
    graph('Dead-letter queue (events not processed)', [
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
    ]),
  );
  return dashboard;
}
