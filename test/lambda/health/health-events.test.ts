/**
 * Issue 20: AWS Health events of ECR, ECS and Fargate, delivered to EventBridge in every account, are recorded per
 * Region in the incident table (dynalite) and named in that Region's messages while open; a closed event is no longer
 * named; another service's event, or a malformed one, is ignored with its reason. The event shape is the documented
 * "AWS Health Event" (docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html).
 */
import { DynamoHealthStore } from '../../../lambda/dedupe/health-store';
import { DynamoIncidentStore } from '../../../lambda/dedupe/incident-store';
import { parseHealthEvent } from '../../../lambda/event/health-event';
import { runPipeline } from '../../../lambda/pipeline';
import { useDynaliteTable } from '../../helpers/dynalite-table';
import { expectNotified, harnessDeps } from '../../helpers/pipeline-harness';
import { SCENARIOS } from '../../helpers/scenarios';

const db = useDynaliteTable();
const S = SCENARIOS['aws-api-throttled'];
const ARN = 'arn:aws:health:us-east-1::event/ECR/AWS_ECR_OPERATIONAL_ISSUE/AWS_ECR_OPERATIONAL_ISSUE_7F3A9B2C1D';

function healthEvent(status: 'open' | 'closed', service = 'ECR'): Record<string, unknown> {
  return {
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account: '123456789012',
    time: '2026-11-25T05:10:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventArn: ARN,
      service,
      eventTypeCode: 'AWS_ECR_OPERATIONAL_ISSUE',
      eventTypeCategory: 'issue',
      eventScopeCode: 'PUBLIC',
      startTime: 'Wed, 25 Nov 2026 05:02:00 GMT',
      lastUpdatedTime: 'Wed, 25 Nov 2026 05:09:00 GMT',
      statusCode: status,
      eventRegion: 'us-east-1',
      eventDescription: [
        { language: 'en_US', latestDescription: 'We are investigating increased API error rates for Amazon ECR.' },
      ],
    },
  };
}

function deps() {
  const store = new DynamoIncidentStore(db.dynamo.client, db.table);
  const health = new DynamoHealthStore(db.dynamo.client, db.table);
  return { ...harnessDeps({ config: { region: S.region }, store }), health };
}

/** The scenario's throttled pull, in a cluster of its own (tests share the table). */
function failed(cluster: string) {
  const e = structuredClone(S.event) as any;
  e.detail.clusterArn = e.detail.clusterArn.replace(/cluster\/[^/]+$/, `cluster/${cluster}`);
  e.detail.taskArn = e.detail.taskArn.replace(/task\/[^/]+\//, `task/${cluster}/`);
  return e;
}

describe('AWS Health events', () => {
  it('parses the documented event; other services and malformed events are refused with a reason', () => {
    expect(parseHealthEvent(healthEvent('open'))).toMatchObject({
      ok: true,
      notice: { service: 'ECR', status: 'open', eventArn: ARN, region: 'us-east-1', description: expect.any(String) },
    });
    expect(parseHealthEvent(healthEvent('open', 'EC2'))).toEqual({ ok: false, reason: expect.stringMatching(/EC2/) });
    const broken = healthEvent('open') as any;
    broken.detail.eventArn = 'not-an-arn';
    expect(parseHealthEvent(broken)).toEqual({ ok: false, reason: expect.stringMatching(/event ARN/) });
  });

  it('names an open event in the Region messages, and no longer once it is closed', async () => {
    expect(await runPipeline(healthEvent('open'), deps())).toEqual({
      status: 'recorded',
      eventArn: ARN,
      healthStatus: 'open',
    });
    S.mock([failed('health-a')]);
    const during = expectNotified(await runPipeline(failed('health-a'), deps()));
    expect(during.diagnosis.cause).toBe('aws-api-throttled');
    expect(during.notification.body).toMatch(
      /--- AWS Health ---\nOpen event of ECR in this Region: AWS_ECR_OPERATIONAL_ISSUE/,
    );
    expect(during.notification.body).toContain(ARN);

    await runPipeline(healthEvent('closed'), deps());
    S.mock([failed('health-b')]);
    const after = expectNotified(await runPipeline(failed('health-b'), deps()));
    expect(after.notification.body).not.toContain('--- AWS Health ---');
  });

  it('ignores a Health event of a service the pull does not use', async () => {
    const r = await runPipeline(healthEvent('open', 'EC2'), deps());
    expect(r).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/not ECR, ECS or Fargate/) });
  });
});
