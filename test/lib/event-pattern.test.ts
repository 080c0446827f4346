/**
 * The rule's pattern against sample events, with the test matcher (test/helpers/event-matcher.ts).
 *
 * Fixtures test/fixtures/events/pattern-*.json follow the documented shape of "ECS Task State Change"
 * events (Amazon ECS Developer Guide, "Amazon ECS task state change events"); the reason texts are the
 * ones quoted in the ECS "CannotPullContainer task errors" page, the re:Post knowledge-center articles
 * on Fargate pull errors, the ECS agent's error_messages.go (agent ≥ 1.83 sentences) and
 * aws/containers-roadmap#2121 (invalid image reference). Ids and accounts are made up.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PULL_FAILURE_EVENT_PATTERN, SERVICE_SIGNAL_EVENT_PATTERN } from '../../lib/event-pattern';
import { matchesPattern } from '../helpers/event-matcher';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'events');

function loadEvent(name: string): Record<string, unknown> & { detail: Record<string, unknown> } {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
}

const matches = (event: unknown): boolean => matchesPattern(PULL_FAILURE_EVENT_PATTERN, event);

describe('pull-failure event pattern', () => {
  it('is exactly the pattern we mean to deploy', () => {
    const pullReasons = [
      { prefix: 'CannotPullContainerError' },
      { prefix: 'CannotPullECRContainerError' },
      { prefix: 'CannotPullImageManifestError' },
      { wildcard: '*CannotPullContainerError*' },
      { wildcard: '*CannotPullECRContainerError*' },
      { wildcard: '*CannotPullImageManifestError*' },
      { prefix: 'The task can’t pull the image' },
      { prefix: 'The task cannot pull' },
      ...[
        'pull image manifest has been retried',
        'ref pull has been retried',
        'failed to resolve ref',
        'error pulling image configuration',
        'pull access denied',
        'toomanyrequests',
        'manifest unknown',
      ].map((t) => ({ wildcard: `*${t}*` })),
    ];
    expect(PULL_FAILURE_EVENT_PATTERN).toEqual({
      source: ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      detail: {
        lastStatus: ['STOPPED'],
        $or: [
          {
            stoppedReason: [
              ...pullReasons,
              { prefix: 'ResourceInitializationError: unable to pull secrets or registry auth' },
              { prefix: 'InternalError: failed to create container model: failed to normalize image reference' },
              { prefix: 'Fetching secret data from AWS Secrets Manager' },
              { prefix: 'Fetching secret data from SSM Parameter Store' },
              { prefix: 'Asm fetching secret from the service for' },
              { prefix: 'Asm fetching authorization data' },
              { prefix: 'Asm fetching username' },
              { prefix: 'Asm fetching password' },
              { prefix: 'ASM secret resource: unable to find execution role credentials' },
              { prefix: 'Ssm secret resource: unable to find execution role credentials' },
            ],
          },
          { containers: { reason: pullReasons } },
        ],
      },
    });
  });

  it('keeps the typographic apostrophe (U+2019) the ECS agent writes', () => {
    expect(JSON.stringify(PULL_FAILURE_EVENT_PATTERN)).toContain('can\u2019t');
  });

  it('fits EventBridge limits (pattern ≤ 4096 characters)', () => {
    expect(JSON.stringify(PULL_FAILURE_EVENT_PATTERN).length).toBeLessThan(4096);
  });

  describe.each([
    ['pattern-fargate-pull-failure', 'Fargate, pull error at task and container level'],
    [
      'pattern-ec2-container-reason-only',
      'EC2, "Essential container in task exited" at task level, pull error only on a container',
    ],
    ['pattern-ec2-agent-sentence', 'EC2 agent ≥ 1.83: error name followed by a sentence with U+2019'],
    ['pattern-sentence-without-error-name', 'the documented sentence without the error name'],
    [
      'pattern-resource-init-registry-auth',
      'Fargate: unable to pull secrets or registry auth (no route to the ECR API)',
    ],
    ['pattern-invalid-image-reference', 'Fargate: image reference it cannot normalize'],
    ['pattern-ecr-auth-failure', 'EC2: CannotPullECRContainerError'],
  ])('matches %s', (fixture, what) => {
    it(what, () => {
      expect(matches(loadEvent(fixture))).toBe(true);
    });
  });

  describe.each([
    ['pattern-essential-container-exited', 'STOPPED for another reason'],
    ['pattern-running', 'a RUNNING task'],
    ['pattern-resource-init-log-driver', 'ResourceInitializationError from the log driver'],
    ['pattern-resource-init-efs', 'ResourceInitializationError from EFS'],
  ])('does not match %s', (fixture, what) => {
    it(what, () => {
      expect(matches(loadEvent(fixture))).toBe(false);
    });
  });

  it.each([
    // ECS documentation (Troubleshoot secrets: "Fetching secret data from AWS Secrets Manager in region …").
    "Fetching secret data from AWS Secrets Manager in region us-east-1: secret arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    // amazon-ecs-agent agent/taskresource/ssmsecret (terminal reason), as quoted on GitHub and re:Post.
    'Fetching secret data from SSM Parameter Store in eu-west-1: invalid parameters: /demo/dev/MY_INVALID_PARAMETER',
    // amazon-ecs-agent agent/taskresource/asmauth (repositoryCredentials on EC2).
    'Asm fetching secret from the service for arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:gitlab-y54JnU: AccessDeniedException',
    // amazon-ecs-agent agent/taskresource/asmauth: the credentials secret read, its content unusable.
    'Asm fetching username: AuthorizationData is malformed, empty field',
    // amazon-ecs-agent agent/taskresource/asmsecret: no execution role credentials for the secrets.
    'ASM secret resource: unable to find execution role credentials',
  ])("matches the EC2 agent's task-level secret wording %#", (reason) => {
    const event = loadEvent('pattern-essential-container-exited');
    expect(matches({ ...event, detail: { ...event.detail, stoppedReason: reason } })).toBe(true);
  });

  it('matches an unprefixed layer download wording on a container, and still no unrelated reason', () => {
    const event = loadEvent('pattern-ec2-container-reason-only') as {
      detail: { containers: Array<{ reason?: string }> };
    };
    const withReason = (reason: string) => ({
      ...event,
      detail: { ...event.detail, containers: event.detail.containers.map((c) => ({ ...c, reason })) },
    });
    expect(matches(withReason('error pulling image configuration: download failed after attempts=6: EOF'))).toBe(true);
    expect(matches(withReason('OutOfMemoryError: Container killed due to memory usage'))).toBe(false);
    expect(matches(withReason('Secrets Manager is fine; the app exited 1'))).toBe(false);
  });

  it('needs STOPPED even when the reason is a pull error', () => {
    const event = loadEvent('pattern-fargate-pull-failure');
    expect(matches({ ...event, detail: { ...event.detail, lastStatus: 'DEPROVISIONING' } })).toBe(false);
  });

  it('needs the ECS source and detail type', () => {
    const event = loadEvent('pattern-fargate-pull-failure');
    expect(matches({ ...event, source: 'my.app' })).toBe(false);
    expect(matches({ ...event, 'detail-type': 'ECS Container Instance State Change' })).toBe(false);
  });

  it('matches a pull error of a non-essential sidecar too (the function decides whether it matters)', () => {
    const event = loadEvent('pattern-ec2-container-reason-only');
    expect(matches(event)).toBe(true);
  });

  it('is case-sensitive, as EventBridge is', () => {
    const event = loadEvent('pattern-essential-container-exited');
    const lower = { ...event, detail: { ...event.detail, stoppedReason: 'cannotpullcontainererror: x' } };
    expect(matches(lower)).toBe(false);
  });

  // Real messages (shared error corpus, AWS documentation), at task level and at container level.
  const essentialExited = loadEvent('pattern-essential-container-exited');
  const withTaskReason = (reason: string) => ({
    ...essentialExited,
    detail: { ...essentialExited.detail, stoppedReason: reason },
  });
  const withContainerReason = (reason: string) => ({
    ...essentialExited,
    detail: { ...essentialExited.detail, containers: [{ name: 'web', lastStatus: 'STOPPED', reason }] },
  });
  const pullErrors = [
    'CannotPullContainerError: Error response from daemon: manifest for my-image:latest not found: manifest unknown: manifest unknown',
    'CannotPullContainerError: API error (500): Get https://111122223333.dkr.ecr.us-east-1.amazonaws.com/v2/: net/http: request canceled while waiting for connection',
    'CannotPullContainerError: write /var/lib/docker/tmp/GetImageBlob111111111: no space left on device',
    'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: unexpected status code',
    'CannotPullImageManifestError: failed to resolve image manifest by digest',
    // A rewording that puts a sentence before the error name (what the wildcards are for).
    'Image pull failed. CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref',
    'The task cannot pull ‘web:1.4.2’ from the Amazon ECR repository ‘111122223333.dkr.ecr.us-east-1.amazonaws.com/web’. There is a connection issue between the task and Amazon ECR. Check your task network configuration.',
  ];
  it.each(pullErrors)('matches at task level: %s', (reason) => {
    expect(matches(withTaskReason(reason))).toBe(true);
  });
  it.each(pullErrors)('matches at container level: %s', (reason) => {
    expect(matches(withContainerReason(reason))).toBe(true);
  });

  const taskLevelOnly = [
    'ResourceInitializationError: unable to pull secrets or registry auth: pull command failed: : signal: killed',
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret',
  ];
  it.each(taskLevelOnly)('matches at task level only: %s', (reason) => {
    expect(matches(withTaskReason(reason))).toBe(true);
    expect(matches(withContainerReason(reason))).toBe(false);
  });
});

describe('service-signal event pattern (issue 17)', () => {
  const examples = path.join(__dirname, '..', '..', 'examples');
  const example = (name: string) => JSON.parse(fs.readFileSync(path.join(examples, `${name}.json`), 'utf8'));
  const signal = (e: unknown) => matchesPattern(SERVICE_SIGNAL_EVENT_PATTERN, e);

  it.each(['service-steady-state', 'service-task-start-impaired', 'service-deployment-failed'])(
    'matches the documented %s event',
    (name) => {
      expect(signal(example(name))).toBe(true);
    },
  );

  it('matches a completed deployment, and no other service action', () => {
    const e = example('service-deployment-failed');
    e.detail.eventName = 'SERVICE_DEPLOYMENT_COMPLETED';
    expect(signal(e)).toBe(true);
    const other = example('service-steady-state');
    other.detail.eventName = 'SERVICE_DESIRED_COUNT_UPDATED';
    expect(signal(other)).toBe(false);
  });

  it('never matches a task event: a healthy service’s task starts do not wake the function', () => {
    const running = loadEvent('pattern-running');
    expect(signal(running)).toBe(false);
    expect(matches(running)).toBe(false);
  });
});
