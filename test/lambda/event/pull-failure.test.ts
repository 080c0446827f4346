import { parseTaskStateChange } from '../../../lambda/event/schema';
import { findPullFailure, isPullErrorText } from '../../../lambda/event/pull-failure';
import { exampleWith, loadExample } from '../../helpers/events';

const taskOf = (event: unknown) => {
  const r = parseTaskStateChange(event);
  if (!r.ok) throw new Error(r.reason);
  return r.task;
};

describe('findPullFailure', () => {
  it('uses the task-level reason of a Fargate task and the only image', () => {
    const r = findPullFailure(taskOf(loadExample('fargate-private-subnet-timeout')));
    expect(r).toMatchObject({
      ok: true,
      failure: { source: 'task', image: expect.stringContaining('/api:2026.11.24-3') },
    });
  });

  it('uses the container reason when the task says only "Essential container in task exited" (older EC2 agents)', () => {
    const r = findPullFailure(taskOf(loadExample('ec2-pull-access-denied')));
    expect(r.ok && r.failure.source).toBe('container');
    expect(r.ok && r.failure.container?.name).toBe('reports');
    expect(r.ok && r.failure.taskStoppedForOtherReason).toBe(false);
  });

  it('flags a failing sidecar when the task stopped for another reason (essential is decided later)', () => {
    const e = exampleWith('fargate-tag-not-found', {
      stoppedReason: 'Task stopped by user',
      stopCode: 'UserInitiated',
    });
    const r = findPullFailure(taskOf(e));
    expect(r.ok && r.failure.taskStoppedForOtherReason).toBe(true);
  });

  it('picks the container whose image a task-level error quotes, when the task has several', () => {
    const e = exampleWith('fargate-tag-not-found', {
      containers: [
        { name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable' },
        { name: 'web', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2.3.1' },
      ],
    });
    const r = findPullFailure(taskOf(e));
    expect(r.ok && r.failure.container?.name).toBe('web');
    expect(r.ok && r.failure.image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2.3.1');
  });

  it('names no container when a task-level error quotes none of several images', () => {
    const e = exampleWith('fargate-private-subnet-timeout', {
      containers: [
        { name: 'a', image: 'nginx:1' },
        { name: 'b', image: 'redis:7' },
      ],
    });
    const r = findPullFailure(taskOf(e));
    expect(r.ok && r.failure.container).toBeUndefined();
  });

  it('ignores a task that stopped for a reason that is not an image pull', () => {
    const e = exampleWith('fargate-tag-not-found', {
      stoppedReason: 'Essential container in task exited',
      containers: [
        {
          name: 'web',
          image: 'nginx',
          reason: 'OutOfMemoryError: Container killed due to memory usage',
          exitCode: 137,
        },
      ],
    });
    const r = findPullFailure(taskOf(e));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('Essential container in task exited');
  });

  it.each([
    'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
    'CannotPullECRContainerError: AccessDeniedException',
    'CannotPullImageManifestError: failed to resolve',
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed',
    'InternalError: failed to create container model: failed to normalize image reference "latest:latest"',
    'The task can’t pull the image. Check that the role has the permissions to pull images from the registry. CannotPullContainerError: denied',
    'ERROR: toomanyrequests: Too Many Requests.',
    // EC2 agent (ECS documentation, "Fetching secret data …"; amazon-ecs-agent asmauth for repositoryCredentials).
    "Fetching secret data from AWS Secrets Manager in region us-east-1: secret arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    'Fetching secret data from SSM Parameter Store in eu-west-1: invalid parameters: /demo/dev/MY_INVALID_PARAMETER',
    'Asm fetching secret from the service for arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:gitlab-registry-y54JnU: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/14edf050 is not authorized',
    'error pulling image configuration: download failed after attempts=6: dial tcp 52.216.0.1:443: i/o timeout',
  ])('recognises %s as a pull failure', (text) => {
    expect(isPullErrorText(text)).toBe(true);
  });

  it.each([
    'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times',
    'ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes',
    'Essential container in task exited',
    'Scaling activity initiated by (deployment ecs-svc/123)',
    '',
  ])('does not treat %j as a pull failure', (text) => {
    expect(isPullErrorText(text)).toBe(false);
  });
});

describe('agreement with the EventBridge rule', () => {
  // Every text the rule lets through must also be recognised by the function, or events would be dropped.
  const pattern = require('../../../lib/event-pattern');
  const names: string[] = [...pattern.PULL_ERROR_NAMES];
  const prefixes: string[] = [...pattern.PULL_ERROR_SENTENCES, ...pattern.TASK_LEVEL_PULL_PREFIXES];

  it.each(prefixes)('recognises a reason starting with %s', (text) => {
    expect(isPullErrorText(`${text}: details`)).toBe(true);
  });

  it.each([...pattern.UNPREFIXED_PULL_TEXTS] as string[])(
    "recognises %s anywhere in the reason, as the rule's wildcard does",
    (text) => {
      expect(isPullErrorText(`CannotStartContainerError: something ${text}: details`)).toBe(true);
      expect(isPullErrorText(`${text}: details`)).toBe(true);
    },
  );

  it.each(names)("recognises %s anywhere in the reason, as the rule's wildcard does", (name) => {
    expect(isPullErrorText(`${name}: details`)).toBe(true);
    expect(isPullErrorText(`The agent says something first. ${name}: details`)).toBe(true);
  });
});
