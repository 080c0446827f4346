import { parseTaskStateChange } from '../../../lambda/event/schema';
import { EXAMPLES, exampleWith, loadExample } from '../../helpers/events';

describe('parseTaskStateChange', () => {
  it.each(EXAMPLES)('parses the example event %s into a stopped task', (name) => {
    const result = parseTaskStateChange(loadExample(name));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.task.taskArn).toMatch(/^arn:aws:ecs:/);
    expect(result.task.containers.length).toBeGreaterThan(0);
  });

  it('extracts cluster, service, task id, subnet and version from a Fargate service task', () => {
    const result = parseTaskStateChange(loadExample('fargate-private-subnet-timeout'));
    expect(result).toMatchObject({
      ok: true,
      task: {
        account: '123456789012',
        region: 'ap-northeast-1',
        clusterName: 'prod',
        serviceName: 'api',
        taskId: '0f6a8c2b9d4e4b1a8f3c5d7e9a1b2c3d',
        launchType: 'FARGATE',
        subnetIds: ['subnet-0a1b2c3d4e5f60718'],
        version: 3,
        family: 'api',
      },
    });
  });

  it('takes the family of a standalone task from its group', () => {
    const result = parseTaskStateChange(loadExample('ec2-pull-access-denied'));
    expect(result.ok && result.task.family).toBe('nightly-reports');
    expect(result.ok && result.task.serviceName).toBeUndefined();
  });

  it('accepts the event as a JSON string and inside an SQS-style body (DLQ redrive)', () => {
    const e = loadExample('fargate-tag-not-found');
    expect(parseTaskStateChange(JSON.stringify(e)).ok).toBe(true);
    expect(parseTaskStateChange({ body: JSON.stringify(e) }).ok).toBe(true);
  });

  it.each([
    ['null', null, 'not an object'],
    ['an array', [1, 2], 'an array'],
    ['a non-JSON string', '{oops', 'not JSON'],
    ['a foreign source', { ...loadExample('fargate-tag-not-found'), source: 'aws.ec2' }, 'foreign source'],
    ['a foreign detail-type', { ...loadExample('fargate-tag-not-found'), 'detail-type': 'ECS Service Action' }, 'foreign detail-type'],
    ['a missing detail', { ...loadExample('fargate-tag-not-found'), detail: undefined }, 'detail is missing'],
    ['a RUNNING task', exampleWith('fargate-tag-not-found', { lastStatus: 'RUNNING' }), 'not STOPPED'],
    ['a missing task ARN', exampleWith('fargate-tag-not-found', { taskArn: undefined }), 'taskArn'],
    ['a task ARN that is a number', exampleWith('fargate-tag-not-found', { taskArn: 42 }), 'taskArn'],
    ['a missing cluster ARN', exampleWith('fargate-tag-not-found', { clusterArn: undefined }), 'clusterArn'],
    ['a task of another account than the event', exampleWith('fargate-tag-not-found', {}, { account: '999999999999' }), 'belongs to account'],
  ])('rejects %s with a reason', (_label, input, reason) => {
    const result = parseTaskStateChange(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('caps huge strings and ignores malformed containers and attachments instead of throwing', () => {
    const huge = 'CannotPullContainerError: ' + 'x'.repeat(300_000);
    const result = parseTaskStateChange(
      exampleWith('fargate-tag-not-found', {
        stoppedReason: huge,
        containers: [null, 'text', { name: 7, image: ['array'] }, { name: 'ok', reason: huge }],
        attachments: { not: 'an array' },
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.task.stoppedReason!.length).toBeLessThanOrEqual(16_384);
    expect(result.task.containers.map((c) => c.name)).toEqual(['container-1', 'ok']);
    expect(result.task.subnetIds).toEqual([]);
  });
});
