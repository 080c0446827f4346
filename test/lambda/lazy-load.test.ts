/**
 * Issue 21: with PIPELINE_LOAD=first-event (the default outside the stack) the handler evaluates the SDK clients,
 * the causes and their catalogues only for an event that needs them. Each module below is replaced, in an isolated
 * module registry, by a stand-in that records its evaluation and then evaluates the real module, so the handler
 * runs unchanged; what was evaluated is read after each event. In the deployed function the same boundary is a
 * second file (lib/function-bundling.ts), which test/lib/bundle.test.ts watches in a child process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExample } from '../helpers/events';

const WATCHED = [
  '@aws-sdk/client-cloudtrail',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-ec2',
  '@aws-sdk/client-ecr',
  '@aws-sdk/client-ecs',
  '@aws-sdk/client-iam',
  '@aws-sdk/client-route-53',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-sns',
  '@aws-sdk/client-ssm',
  '@aws-sdk/client-sts',
  '../../lambda/causes/registry',
  '../../lambda/notify/messages/ja',
  '../../lambda/remediate/apply',
];

type Handler = typeof import('../../lambda/handler').handler;

function loadWatched(): { handler: Handler; evaluated: Set<string> } {
  const evaluated = new Set<string>();
  let handler!: Handler;
  jest.isolateModules(() => {
    for (const name of WATCHED)
      jest.doMock(name, () => {
        evaluated.add(name);
        return jest.requireActual(name);
      });
    handler = (require('../../lambda/handler') as typeof import('../../lambda/handler')).handler;
  });
  return { handler, evaluated };
}

describe('what the handler evaluates, event by event', () => {
  const env = { ...process.env };
  beforeAll(() => {
    process.env.AWS_REGION = 'ap-northeast-1';
    process.env.TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:123456789012:ecs-pull-doctor';
    process.env.INCIDENT_TABLE_NAME = '';
    // Fake credentials and a closed loopback endpoint come from test/helpers/env.ts: any AWS call fails fast.
    process.env.PIPELINE_DEADLINE_MS = '3000';
  });
  afterAll(() => {
    process.env = env;
  });

  it('loading the handler, and ignored events (malformed, foreign, a task that stopped for another reason), evaluate none of them', async () => {
    const { handler, evaluated } = loadWatched();
    expect([...evaluated]).toEqual([]);
    const essentialExited = JSON.parse(
      readFileSync(join(__dirname, '../fixtures/events/pattern-essential-container-exited.json'), 'utf8'),
    );
    const events = [
      {},
      'not an event',
      { source: 'aws.ec2', 'detail-type': 'x', detail: {} },
      essentialExited,
      { source: 'aws.ecs', 'detail-type': 'ECS Service Action', detail: { eventName: 'SERVICE_STEADY_STATE' } },
      { source: 'aws.health', 'detail-type': 'AWS Health Event', detail: { service: 'ECR' } },
    ];
    for (const event of events) {
      const r = await handler(event);
      expect(r.status).toBe('ignored');
    }
    expect([...evaluated]).toEqual([]);
  });

  it('a pull failure evaluates what its diagnosis needs (so the watch above can see them)', async () => {
    const { handler, evaluated } = loadWatched();
    await handler(loadExample('fargate-private-subnet-timeout')).catch(() => undefined);
    expect([...evaluated]).toEqual(
      expect.arrayContaining(['@aws-sdk/client-ecs', '@aws-sdk/client-ec2', '../../lambda/causes/registry']),
    );
  }, 30_000);
});
