/**
 * The CLI as users run it: `npx ecs-pull-doctor …` resolves package.json's bin, bin/ecs-pull-doctor.js, which
 * runs the build in dist/ (jest's globalSetup builds it first, as `npm ci` does through `prepare`). Every test
 * spawns that file in a child process with fake credentials and a closed loopback endpoint, and asserts the
 * exit code, standard output and standard error. AWS itself is emulated in handle-emulator.test.ts (moto).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLES, exampleWith, loadExample } from '../helpers/events';
import { PACKAGE_VERSION, runCli, type CliRun } from '../helpers/cli-process';

const ROOT = join(__dirname, '..', '..');
const example = (name: string) => join(ROOT, 'examples', `${name}.json`);
const dir = mkdtempSync(join(tmpdir(), 'cli-process-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const cli = runCli;

const json = (r: CliRun) => JSON.parse(r.stdout) as Record<string, any>;

describe('help, version and usage', () => {
  it('--help prints the usage on stdout and exits 0', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage:');
    expect(r.stdout).toMatch(/Exit codes: 0 diagnosed or handled; 1 not an image-pull failure/);
    expect(r.stderr).toBe('');
  });

  it.each([[['diagnose', '--help']], [['handle', '-h']], [['help']]])(
    '%j prints the usage on stdout and exits 0',
    (args) => {
      const r = cli(args);
      expect([r.status, r.stdout.includes('Usage:')]).toEqual([0, true]);
    },
  );

  it('--version prints the package version and exits 0', () => {
    const r = cli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`ecs-pull-doctor ${PACKAGE_VERSION}`);
  });

  it.each([
    [[]],
    [['frobnicate']],
    [['diagnose']],
    [['diagnose', '--event']],
    [['diagnose', '--event', 'x.json', '--cluster', 'c', '--task', 't']],
    [['diagnose', '--cluster', 'c', '--task', 't', '--offline']],
    [['diagnose', '--event', 'x.json', '--lang', 'fr']],
    [['diagnose', '--event', 'x.json', '--region', 'not a region']],
    [['diagnose', '--event', 'x.json', '--colour']],
    [['handle']],
    [['handle', '--event', 'x.json', '--json']],
  ])('%j is a usage error: exit 2, the reason and the usage on stderr, nothing on stdout', (args) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ecs-pull-doctor: .+/);
    expect(r.stderr).toContain('Usage:');
    expect(r.stdout).toBe('');
  });
});

describe('inputs users have', () => {
  it.each(EXAMPLES)('diagnoses examples/%s.json offline as JSON (exit 0, no credentials needed)', (name) => {
    const r = cli(['diagnose', '--event', example(name), '--offline', '--json'], {
      env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
    });
    expect(r.status).toBe(0);
    expect(json(r)).toMatchObject({ mode: 'text-only', resources: { taskArn: loadExample(name).detail.taskArn } });
  });

  it('reads `aws ecs describe-tasks` output and diagnoses its task that failed to pull, naming the choice', () => {
    const ok = loadExample('fargate-tag-not-found').detail;
    const running = {
      ...ok,
      taskArn: ok.taskArn.replace(/[0-9a-f]{32}$/, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
      lastStatus: 'RUNNING',
      stoppedReason: undefined,
      containers: [],
    };
    // The AWS CLI prints timestamps as ISO strings; its output has no EventBridge envelope.
    const output = { tasks: [running, { ...ok, stoppedAt: '2026-11-25T05:42:19.870000+00:00' }], failures: [] };
    const r = cli([
      'diagnose',
      '--event',
      file('describe-tasks.json', JSON.stringify(output, null, 4)),
      '--offline',
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(json(r)).toMatchObject({
      cause: 'image-not-found',
      resources: { taskArn: ok.taskArn, region: 'us-east-1', account: '123456789012' },
    });
    expect(r.stderr).toContain(`2 tasks in the describe-tasks output; diagnosing ${ok.taskArn}`);
  });

  it('reads one task object (describe-tasks --query "tasks[0]")', () => {
    const task = loadExample('ec2-dockerhub-rate-limit').detail;
    const r = cli(['diagnose', '--event', file('task.json', JSON.stringify(task)), '--offline', '--json']);
    expect(r.status).toBe(0);
    expect(json(r).cause).toBe('dockerhub-rate-limit');
  });

  it('accepts a UTF-8 byte-order mark and CRLF line ends', () => {
    const text = `\ufeff${JSON.stringify(loadExample('fargate-tag-not-found'), null, 2).replace(/\n/g, '\r\n')}`;
    const r = cli(['diagnose', '--event', file('bom-crlf.json', Buffer.from(text, 'utf8')), '--offline', '--json']);
    expect(r.status).toBe(0);
    expect(json(r).family).toBe('image');
  });

  it('reads standard input with --event -', () => {
    const r = cli(['diagnose', '--event', '-', '--offline', '--json'], {
      input: JSON.stringify(loadExample('fargate-private-subnet-timeout')),
    });
    expect(r.status).toBe(0);
    expect(json(r).family).toBe('network');
  });

  it.each([
    [
      'null',
      'null',
      /holds null; expected an EventBridge "ECS Task State Change" event, the output of `aws ecs describe-tasks`, or one task of it/,
    ],
    ['empty-object', '{}', /holds an empty object; expected an EventBridge/],
    ['array', '[1,2]', /holds an array; expected/],
    [
      'no-tasks',
      '{"tasks":[],"failures":[{"arn":"arn:aws:ecs:us-east-1:123456789012:task/c/abc","reason":"MISSING"}]}',
      /holds no task: .*MISSING \(stopped tasks are visible for about an hour\)/,
    ],
    ['empty', '', /is empty; expected/],
    ['not-json', '{ "source": "aws.ecs", oops', /is not valid JSON \(line 1, column \d+\); expected/],
  ])('refuses %s input with exit 2 and a message naming what was expected', (name, content, message) => {
    const r = cli(['diagnose', '--event', file(`${name}.json`, content), '--offline']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('Usage:');
    expect(r.stdout).toBe('');
  });

  it('refuses binary input without echoing a byte of it', () => {
    const binary = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x41, 0x42]);
    const r = cli(['diagnose', '--event', file('event.json.gz', binary), '--offline']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not UTF-8 text \(binary data\?\)|holds binary data/);
    expect(r.stderr).not.toMatch(/[\x00-\x08\x0e-\x1f\x7f]/);
    expect(r.stdout).toBe('');
  });

  it('does not echo JSON text of a broken file (the parser quotes it)', () => {
    const r = cli([
      'diagnose',
      '--event',
      file('secretish.json', '{"detail": "AKIDSECRETISH\u001b[2J" oops'),
      '--offline',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('AKIDSECRETISH');
  });

  it('a missing file exits 2 and says so', () => {
    const r = cli(['diagnose', '--event', join(dir, 'nope.json'), '--offline']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no such file');
  });
});

describe('the deployment choices a proposal depends on (as for handle)', () => {
  const timeout = example('fargate-private-subnet-timeout');
  it('ENDPOINT_POLICY=ecr-only: the S3 gateway command carries the layer-bucket-only policy and the warning', () => {
    const r = cli(['diagnose', '--event', timeout, '--offline'], { env: { ENDPOINT_POLICY: 'ecr-only' } });
    expect(r.status).toBe(0);
    const s3 = r.stdout.split('\n').find((l) => l.includes('--vpc-endpoint-type Gateway'))!;
    expect(s3).toContain('"Resource":"arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"');
    expect(r.stdout).toContain('every other S3 request');
  });

  it('an invalid ENDPOINT_POLICY exits 2 naming the variable and the allowed values', () => {
    const r = cli(['diagnose', '--event', timeout, '--offline'], { env: { ENDPOINT_POLICY: 'open' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('ENDPOINT_POLICY must be one of account, ecr-only, full, got "open"');
  });
});

describe('not an image-pull failure: exit 1 from diagnose and handle alike', () => {
  const running = file(
    'running.json',
    JSON.stringify(exampleWith('fargate-tag-not-found', { lastStatus: 'RUNNING', desiredStatus: 'RUNNING' })),
  );
  const oom = file(
    'oom.json',
    JSON.stringify(
      exampleWith('fargate-tag-not-found', {
        stoppedReason: 'Essential container in task exited',
        containers: [{ name: 'web', reason: 'OutOfMemoryError' }],
      }),
    ),
  );
  const foreign = file(
    'foreign.json',
    JSON.stringify({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: {} }),
  );

  it.each([
    ['a RUNNING task', running, /not STOPPED/],
    ['a task that stopped for another reason', oom, /another reason|not an image-pull/],
    ['an event of another source', foreign, /foreign source "aws.ec2"/],
  ])('%s', (_, path, reason) => {
    const d = cli(['diagnose', '--event', path, '--offline']);
    const h = cli(['handle', '--event', path]);
    expect([d.status, h.status]).toEqual([1, 1]);
    expect(d.stderr).toMatch(reason);
    // handle's stdout is only its result JSON.
    expect(json(h)).toMatchObject({ status: 'ignored', reason: expect.stringMatching(reason) });
  });

  it('--json says why it was not diagnosed', () => {
    const r = cli(['diagnose', '--event', running, '--offline', '--json']);
    expect(r.status).toBe(1);
    expect(json(r)).toEqual({ ignored: true, reason: expect.stringContaining('not STOPPED') });
  });
});

describe('AWS unreachable or credentials/region missing: exit 4 with a hint', () => {
  it('diagnose with evidence against an endpoint that refuses connections', () => {
    const r = cli(['diagnose', '--event', example('fargate-tag-not-found')]);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/AWS could not be reached: AWS endpoint not reachable \(ECONNREFUSED\)/);
    expect(r.stderr).toContain('--offline');
    expect(r.stdout).toBe('');
  });

  it('diagnose without credentials', () => {
    const r = cli(['diagnose', '--event', example('fargate-tag-not-found')], {
      env: {
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_CONFIG_FILE: join(dir, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      },
    });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/no AWS credentials found/);
  });

  it('a task lookup without a region', () => {
    const r = cli(['diagnose', '--cluster', 'prod', '--task', '0123456789abcdef0123456789abcdef']);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/no AWS region set \(AWS_REGION or --region\)/);
  });

  it('a task lookup that cannot connect', () => {
    const r = cli([
      'diagnose',
      '--cluster',
      'prod',
      '--task',
      '0123456789abcdef0123456789abcdef',
      '--region',
      'eu-west-1',
    ]);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
  });
});

describe('handle', () => {
  it.each(EXAMPLES)(
    'replays examples/%s.json: result JSON alone on stdout, the event region used, the notification on stderr',
    (name) => {
      // No AWS_REGION: the event's region is used (no "Region is missing"); AWS is unreachable here, so the
      // diagnosis is made from what could be seen, printed, and the exit code says AWS was not reachable.
      const r = cli(['handle', '--event', example(name)], { env: { TOPIC_ARN: '', INCIDENT_TABLE_NAME: '' } });
      const result = json(r);
      expect(result).toMatchObject({
        status: 'notified',
        taskArn: loadExample(name).detail.taskArn,
        action: 'proposed',
      });
      expect(r.stderr).not.toContain('Region is missing');
      expect(r.stderr).toMatch(/^Subject: ECS image pull failed/m);
      expect(r.stderr).toContain(`Region: ${loadExample(name).region}`);
      expect(r.status).toBe(4);
    },
  );

  it('with a topic but no way to reach SNS: exit 4 naming the notification, nothing on stdout', () => {
    const r = cli(['handle', '--event', example('fargate-tag-not-found')], {
      env: { TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ecs-pull-doctor', INCIDENT_TABLE_NAME: '' },
    });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(
      /AWS could not be reached: the notification could not be published: AWS endpoint not reachable \(ECONNREFUSED\)/,
    );
    expect(r.stdout).toBe('');
  });

  it('refuses a bad configuration variable with exit 2', () => {
    const r = cli(['handle', '--event', example('fargate-tag-not-found')], { env: { AUTO_FIX_VPC_ENDPOINTS: 'yes' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('AUTO_FIX_VPC_ENDPOINTS must be "true" or "false"');
  });
});

describe('terminal format', () => {
  it('starts with a one-screen summary: cause and confidence, the evidence, the first fix command; no e-mail-only lines', () => {
    const r = cli(['diagnose', '--event', example('fargate-secret-not-found'), '--offline']);
    expect(r.status).toBe(0);
    const [summary, details] = r.stdout.split('=== Details ===');
    const lines = summary!.trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(lines[0]).toMatch(
      /^Image pull failure of task 6f7e8d9c0b1a42d3e4f5a6b7c8d9e0f1 \(service billing, cluster prod, ap-northeast-1\)$/,
    );
    expect(summary).toMatch(/^Cause: +secret or parameter unavailable \[secret-or-parameter-unavailable\] \(/m);
    expect(summary).toMatch(/^Because: +\[/m);
    expect(summary).toMatch(/^Fix: +/m);
    // The placeholder is filled from the stop reason, which names the secret.
    expect(summary).toMatch(
      /^ +\$ aws secretsmanager describe-secret --region ap-northeast-1 --secret-id arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod\/db-password-AbCdEf /m,
    );
    expect(r.stdout).not.toContain('<SECRET_OR_PARAMETER_ARN>');
    expect(details).toContain('--- How to fix it ---');
    for (const emailOnly of [
      'Sent by ecs-pull-doctor',
      'Incident',
      'filter policy',
      'Failed tasks in this incident',
      '--- About this incident ---',
    ]) {
      expect([emailOnly, r.stdout.includes(emailOnly)]).toEqual([emailOnly, false]);
    }
  });

  it('fills the execution role name from an assumed-role ARN in the stop reason', () => {
    const r = cli(['diagnose', '--event', example('ec2-pull-access-denied'), '--offline']);
    expect(r.stdout).toContain('--role-name reports-execution-role ');
    expect(r.stdout).not.toContain('<EXECUTION_ROLE_NAME>');
  });

  it('says the summary in Japanese with --lang ja', () => {
    const r = cli(['diagnose', '--event', example('fargate-tag-not-found'), '--offline', '--lang', 'ja']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^原因: /m);
    expect(r.stdout).toContain('=== 詳細 ===');
  });

  it('--json keeps the Diagnosis shape', () => {
    const r = cli(['diagnose', '--event', example('fargate-tag-not-found'), '--offline', '--json']);
    expect(Object.keys(json(r))).toEqual([
      'cause',
      'family',
      'confidence',
      'candidates',
      'evidence',
      'unchecked',
      'resources',
      'fixInputs',
      'stopReason',
      'mode',
    ]);
  });
});
