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
    [
      'a foreign detail-type',
      { ...loadExample('fargate-tag-not-found'), 'detail-type': 'ECS Service Action' },
      'foreign detail-type',
    ],
    ['a missing detail', { ...loadExample('fargate-tag-not-found'), detail: undefined }, 'detail is missing'],
    ['a RUNNING task', exampleWith('fargate-tag-not-found', { lastStatus: 'RUNNING' }), 'not STOPPED'],
    ['a missing task ARN', exampleWith('fargate-tag-not-found', { taskArn: undefined }), 'taskArn'],
    ['a task ARN that is a number', exampleWith('fargate-tag-not-found', { taskArn: 42 }), 'taskArn'],
    ['a missing cluster ARN', exampleWith('fargate-tag-not-found', { clusterArn: undefined }), 'clusterArn'],
    [
      'a task of another account than the event',
      exampleWith('fargate-tag-not-found', {}, { account: '999999999999' }),
      'belongs to account',
    ],
  ])('rejects %s with a reason', (_label, input, reason) => {
    const result = parseTaskStateChange(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it.each([
    [
      'an event Region other than the task ARN’s',
      exampleWith('fargate-tag-not-found', {}, { region: 'eu-west-1' }),
      ['region us-east-1', 'event says "eu-west-1"'],
    ],
    [
      'a malformed event Region',
      exampleWith('fargate-tag-not-found', {}, { region: 'us-east-1\u202E' }),
      ['region us-east-1', 'event says "us-east-1"'],
    ],
    [
      'a cluster ARN in another Region than the task ARN',
      exampleWith('fargate-tag-not-found', { clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/staging' }),
      ['runs in region us-east-1', 'cluster arn:aws:ecs:eu-west-1:123456789012:cluster/staging in region eu-west-1'],
    ],
    [
      'a cluster ARN of another account than the task ARN',
      exampleWith('fargate-tag-not-found', { clusterArn: 'arn:aws:ecs:us-east-1:999999999999:cluster/staging' }),
      ['belongs to account 123456789012', 'to account 999999999999'],
    ],
    [
      'a malformed event account',
      exampleWith('fargate-tag-not-found', {}, { account: '12345678901x' }),
      ['belongs to account 123456789012', 'event says "12345678901x"'],
    ],
  ])('rejects %s, naming both', (_label, input, said) => {
    const result = parseTaskStateChange(input);
    expect(result.ok).toBe(false);
    if (!result.ok) for (const s of said) expect(result.reason).toContain(s);
  });

  it('takes the account and Region of the task ARN when the event does not say them', () => {
    const result = parseTaskStateChange(
      exampleWith('fargate-tag-not-found', {}, { account: undefined, region: undefined }),
    );
    expect(result).toMatchObject({ ok: true, task: { account: '123456789012', region: 'us-east-1' } });
  });

  it.each([
    ['a bidi override', 'arn:aws:ecs:us-east-1:123456789012:cluster/staging\u202Etxt.exe'],
    ['a NUL', 'arn:aws:ecs:us-east-1:123456789012:cluster/stag\u0000ing'],
    ['a 16 KB name', `arn:aws:ecs:us-east-1:123456789012:cluster/${'c'.repeat(16 * 1024)}`],
  ])('rejects a cluster ARN with %s (ECS cluster names: letters, digits, "_", "-")', (_label, clusterArn) => {
    const result = parseTaskStateChange(exampleWith('fargate-tag-not-found', { clusterArn }));
    expect(result).toMatchObject({ ok: false, reason: 'detail.clusterArn is missing or not an ECS cluster ARN' });
  });

  it('cleans every string it takes from the event: no control or format character, one line, names capped', () => {
    const hostile = 'a\u202Eb\u0000c\u200Bd\r\ne\u001B[31m';
    const result = parseTaskStateChange(
      exampleWith('fargate-tag-not-found', {
        stoppedReason: `CannotPullContainerError: ${hostile}`,
        group: `service:${hostile}${'s'.repeat(16 * 1024)}`,
        containers: [
          { name: `${hostile}${'n'.repeat(16 * 1024)}`, image: `${hostile}${'i'.repeat(16 * 1024)}`, reason: hostile },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const t = result.task;
    expect(t.stoppedReason).toBe('CannotPullContainerError: abcd e[31m');
    expect(t.containers[0]!.reason).toBe('abcd e[31m');
    expect(t.serviceName!.startsWith('abcd e[31msss')).toBe(true);
    expect(t.serviceName!.length).toBeLessThanOrEqual(256);
    expect(t.containers[0]!.name.length).toBeLessThanOrEqual(255);
    expect(t.containers[0]!.image!.length).toBeLessThanOrEqual(1_024);
    expect(JSON.stringify(t)).not.toMatch(/\\u00|[\p{Cc}\p{Cf}]/u);
  });

  it('names a foreign source or status in its reason cleaned and capped, whatever its type', () => {
    const huge = { nested: 'x'.repeat(1_000_000) };
    const bySource = parseTaskStateChange({ ...loadExample('fargate-tag-not-found'), source: huge });
    const byStatus = parseTaskStateChange(
      exampleWith('fargate-tag-not-found', { lastStatus: `RUN\u202ENING${'x'.repeat(1_000)}` }),
    );
    expect(bySource).toEqual({ ok: false, reason: 'foreign source an object' });
    expect(byStatus.ok).toBe(false);
    if (!byStatus.ok) {
      expect(byStatus.reason).not.toMatch(/[\p{Cc}\p{Cf}]/u);
      expect(byStatus.reason.length).toBeLessThan(100);
    }
  });

  it('caps huge strings and ignores malformed containers and attachments instead of throwing', () => {
    const huge = `CannotPullContainerError: ${'x'.repeat(300_000)}`;
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
