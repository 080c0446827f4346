/**
 * Issue 19 (groundwork): the task definition a user holds, read into the facts a diagnosis reads from
 * ecs:DescribeTaskDefinition — register-task-definition input and describe-task-definition output alike, several
 * containers each reported, and bad input refused with a reason instead of a throw.
 */
import { readTaskDefinitionInput } from '../../../lambda/preflight/input';

const REGISTER = {
  family: 'api',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' },
  containerDefinitions: [
    {
      name: 'api',
      image: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:2026.11.24-3',
      essential: true,
      secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-AbCdEf' }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-region': 'ap-northeast-1' } },
    },
    {
      name: 'proxy',
      image: 'envoyproxy/envoy:v1.31',
      essential: false,
      repositoryCredentials: {
        credentialsParameter: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:hub-Gh7Jk9',
      },
    },
  ],
};

describe('readTaskDefinitionInput', () => {
  it('reads register-task-definition input: every container, its image, secrets, credentials and platform', () => {
    const r = readTaskDefinitionInput(REGISTER);
    expect(r).toMatchObject({
      ok: true,
      registered: false,
      taskDefinition: {
        arn: 'api (not registered)',
        family: 'api',
        executionRoleArn: REGISTER.executionRoleArn,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        osFamily: 'LINUX',
        cpuArchitecture: 'ARM64',
      },
    });
    const containers = r.ok ? r.taskDefinition.containers : [];
    expect(containers.map((c) => [c.name, c.essential, c.image])).toEqual([
      ['api', true, REGISTER.containerDefinitions[0]!.image],
      ['proxy', false, 'envoyproxy/envoy:v1.31'],
    ]);
    expect(containers[0]).toMatchObject({
      logDriver: 'awslogs',
      logRegion: 'ap-northeast-1',
      secrets: [{ name: 'DB' }],
    });
    expect(containers[1]!.credentialsParameter).toMatch(/secret:hub-/);
  });

  it('reads describe-task-definition output with its ARN (a registered revision)', () => {
    const arn = 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/api:42';
    const r = readTaskDefinitionInput({ taskDefinition: { ...REGISTER, taskDefinitionArn: arn, revision: 42 } });
    expect(r).toMatchObject({ ok: true, registered: true, taskDefinition: { arn } });
  });

  it.each([
    ['not an object', [], /not an object/],
    ['no containers', { family: 'api', containerDefinitions: [] }, /no containerDefinitions/],
    [
      'a container without an image',
      { family: 'api', containerDefinitions: [{ name: 'x' }] },
      /container x has no image/,
    ],
    ['a container without a name', { family: 'api', containerDefinitions: [{ image: 'a' }] }, /\[0\] has no name/],
    ['neither family nor ARN', { containerDefinitions: [{ name: 'x', image: 'a' }] }, /neither a family nor an ARN/],
    [
      'more containers than ECS allows',
      { family: 'api', containerDefinitions: Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, image: 'a' })) },
      /11 containers; ECS allows 10/,
    ],
  ])('refuses %s with a reason', (_what, json, reason) => {
    expect(readTaskDefinitionInput(json)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('keeps names and images as written, for the checks to judge them as ECS would (the renderers clean them)', () => {
    const r = readTaskDefinitionInput({
      family: 'api',
      containerDefinitions: [{ name: 'a\u001b[31mb\nc', image: 'registry.example.com/api\u200b:1' }],
    });
    const c = r.ok ? r.taskDefinition.containers[0]! : undefined;
    expect(c?.image).toBe('registry.example.com/api\u200b:1');
    expect(c?.name).toBe('a\u001b[31mb\nc');
  });

  it.each([
    [
      'duplicate container names',
      [
        { name: 'api', image: 'a' },
        { name: 'api', image: 'b' },
      ],
      /two containers are named api/,
    ],
    [
      'secrets that are not a list',
      [{ name: 'api', image: 'a', secrets: 'x' }],
      /secrets of container api is not a list/,
    ],
    ['a secret that is null', [{ name: 'api', image: 'a', secrets: [null] }], /a secret of container api has no name/],
    [
      'credentials without a parameter',
      [{ name: 'api', image: 'a', repositoryCredentials: { credentialsParameter: 7 } }],
      /repositoryCredentials of container api/,
    ],
    [
      'options that are not strings',
      [{ name: 'api', image: 'a', logConfiguration: { logDriver: 'awslogs', options: { a: 1 } } }],
      /options of container api/,
    ],
    ['essential that is a string', [{ name: 'api', image: 'a', essential: 'yes' }], /essential of container api/],
  ])('refuses %s with a reason, as ECS would, instead of throwing', (_what, containerDefinitions, reason) => {
    const r = readTaskDefinitionInput({ family: 'api', containerDefinitions });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it.each([
    ['runtimePlatform.cpuArchitecture', { runtimePlatform: { cpuArchitecture: 64 } }],
    ['requiresCompatibilities', { requiresCompatibilities: 'FARGATE' }],
    ['executionRoleArn', { executionRoleArn: ['arn'] }],
  ])('refuses a task definition whose %s has another type', (field, extra) => {
    const r = readTaskDefinitionInput({ family: 'api', containerDefinitions: [{ name: 'a', image: 'b' }], ...extra });
    expect(r).toEqual({ ok: false, reason: expect.stringContaining(field) });
  });
});
