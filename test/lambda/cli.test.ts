/**
 * The CLI as the README documents it: `diagnose --event FILE [--offline] [--json]`,
 * `diagnose --cluster NAME --task ID`, `handle --event FILE`, exit codes 0/1/2, and the `bin` entry.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { main, parseArgs, type CliIo } from '../../lambda/cli';
import { FAMILIES, type Diagnosis } from '../../lambda/diagnose/types';
import { EXAMPLES, exampleWith } from '../helpers/events';
import { mocks, resetMocks, writeCommands } from '../helpers/aws-mocks';
import { SCENARIOS } from '../helpers/scenarios';

const ROOT = join(__dirname, '..', '..');
const example = (name: string) => join(ROOT, 'examples', `${name}.json`);
const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
const writeEvent = (name: string, event: unknown) => {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(event));
  return file;
};

function io(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: { AWS_REGION: 'us-east-1', ...env } };
  return { cli, out, err, stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

describe('diagnose --offline', () => {
  beforeEach(() => resetMocks());

  it.each(EXAMPLES)('prints the Diagnosis of examples/%s.json as JSON without any AWS call', async (name) => {
    const t = io();
    const code = await main(['diagnose', '--event', example(name), '--offline', '--json'], t.cli);
    expect(code).toBe(0);
    const d = JSON.parse(t.stdout()) as Diagnosis;
    expect(d).toMatchObject({ mode: 'text-only', resources: expect.objectContaining({ taskArn: expect.stringMatching(/^arn:aws:ecs:/) }) });
    expect(FAMILIES).toContain(d.family);
    expect(d.candidates[0]).toBe(d.cause);
    expect(Object.values(mocks).every((m) => m.calls().length === 0)).toBe(true);
  });

  it.each([
    ['fargate-private-subnet-timeout', 'network'],
    ['ec2-pull-access-denied', 'permissions'],
    ['fargate-tag-not-found', 'image'],
    ['ec2-dockerhub-rate-limit', 'rate-limit'],
    ['fargate-secret-not-found', 'registry-auth'],
  ])('gives %s the family %s from its text', async (name, family) => {
    const t = io();
    await main(['diagnose', '--event', example(name), '--offline', '--json'], t.cli);
    expect(JSON.parse(t.stdout()).family).toBe(family);
  });

  it('prints a readable summary by default: task, image, cause and the commands to run', async () => {
    const t = io();
    expect(await main(['diagnose', '--event', example('fargate-tag-not-found'), '--offline'], t.cli)).toBe(0);
    const text = t.stdout();
    expect(text).toContain('9b8a7c6d5e4f40312a1b0c9d8e7f6a5b');
    expect(text).toContain('123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2.3.1');
    expect(text).toMatch(/image tag not found/i);
    expect(text).toContain('aws ecr describe-images');
  });

  it('prints the summary in Japanese with --lang ja (the subject line stays ASCII)', async () => {
    const t = io();
    await main(['diagnose', '--event', example('fargate-tag-not-found'), '--offline', '--lang', 'ja'], t.cli);
    const [subject, ...body] = t.stdout().split('\n');
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(body.join('\n')).toMatch(/[\u3040-\u30ff]/);
  });

  it('exits 1 with the reason for an event that is not an image-pull failure', async () => {
    const file = writeEvent('oom', exampleWith('fargate-tag-not-found', { stoppedReason: 'Essential container in task exited', containers: [{ name: 'web', reason: 'OutOfMemoryError' }] }));
    const t = io();
    expect(await main(['diagnose', '--event', file, '--offline', '--json'], t.cli)).toBe(1);
    expect(JSON.parse(t.stdout())).toMatchObject({ ignored: true, reason: expect.stringContaining('another reason') });
  });

  it('exits 1 for a foreign event', async () => {
    const file = writeEvent('foreign', { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: {} });
    const t = io();
    expect(await main(['diagnose', '--event', file, '--offline'], t.cli)).toBe(1);
    expect(t.stderr()).toContain('foreign source');
  });
});

describe('usage', () => {
  it.each([
    [[], 0],
    [['--help'], 0],
    [['frobnicate'], 2],
    [['diagnose'], 2],
    [['diagnose', '--event'], 2],
    [['diagnose', '--event', 'x.json', '--cluster', 'c', '--task', 't'], 2],
    [['diagnose', '--cluster', 'c', '--task', 't', '--offline'], 2],
    [['diagnose', '--event', 'x.json', '--lang', 'fr'], 2],
    [['diagnose', '--event', 'x.json', '--colour'], 2],
    [['handle'], 2],
    [['diagnose', '--event', '/nonexistent/event.json', '--offline'], 2],
  ])('%j exits %i with the usage', async (argv, code) => {
    const t = io();
    expect(await main(argv as string[], t.cli)).toBe(code);
    expect(t.stderr()).toContain('Usage:');
  });

  it('rejects a file that is not JSON', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ not json');
    const t = io();
    expect(await main(['diagnose', '--event', file, '--offline'], t.cli)).toBe(2);
    expect(t.stderr()).toContain('is not JSON');
  });

  it('accepts --flag=value', () => {
    expect(parseArgs(['diagnose', '--event=e.json', '--offline', '--json', '--lang=ja'])).toEqual({ command: 'diagnose', event: 'e.json', offline: true, json: true, lang: 'ja' });
  });
});

describe('diagnose with evidence (read-only)', () => {
  it('gathers evidence and proves the cause, changing nothing', async () => {
    const s = SCENARIOS['image-not-found'];
    s.mock();
    const file = writeEvent('image-not-found', s.event);
    const t = io({ AWS_REGION: s.region });
    expect(await main(['diagnose', '--event', file, '--json'], t.cli)).toBe(0);
    expect(JSON.parse(t.stdout())).toMatchObject({ cause: 'image-not-found', confidence: 'proven', mode: 'evidence' });
    expect(writeCommands()).toEqual([]);
  });

  it('looks a stopped task up with --cluster and --task', async () => {
    const s = SCENARIOS['image-not-found'];
    s.mock();
    const d = (s.event as { detail: Record<string, unknown> }).detail;
    mocks.ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: d.taskArn as string,
          clusterArn: d.clusterArn as string,
          taskDefinitionArn: d.taskDefinitionArn as string,
          group: d.group as string,
          launchType: d.launchType as 'FARGATE',
          lastStatus: 'STOPPED',
          desiredStatus: 'STOPPED',
          stopCode: 'TaskFailedToStart',
          stoppedReason: d.stoppedReason as string,
          containers: d.containers as never,
          attachments: d.attachments as never,
          availabilityZone: d.availabilityZone as string,
          version: d.version as number,
        },
      ],
      failures: [],
    });
    const taskId = String(d.taskArn).split('/').pop()!;
    const cluster = String(d.clusterArn).split('/').pop()!;
    const t = io({ AWS_REGION: s.region });
    expect(await main(['diagnose', '--cluster', cluster, '--task', taskId, '--json'], t.cli)).toBe(0);
    expect(JSON.parse(t.stdout())).toMatchObject({ cause: 'image-not-found', mode: 'evidence' });
    expect(mocks.ecs).toHaveReceivedCommandWith(DescribeTasksCommand, { cluster, tasks: [taskId] });
  });

  it('says when the task is no longer visible to DescribeTasks', async () => {
    SCENARIOS['image-not-found'].mock(); // answers MISSING for every task
    const t = io();
    expect(await main(['diagnose', '--cluster', 'prod', '--task', '0123456789abcdef0123456789abcdef'], t.cli)).toBe(1);
    expect(t.stderr()).toMatch(/MISSING|about an hour/);
  });
});

describe('handle', () => {
  it('runs the handler on the event and prints the notification when no topic is configured', async () => {
    const s = SCENARIOS['image-not-found'];
    s.mock();
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_REGION: s.region, TOPIC_ARN: '', INCIDENT_TABLE_NAME: '', NOTIFICATION_LANGUAGE: 'en' });
    const printed: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    try {
      const file = writeEvent('handle', s.event);
      const t = io(process.env);
      expect(await main(['handle', '--event', file], t.cli)).toBe(0);
      expect(JSON.parse(t.stdout())).toMatchObject({ status: 'notified', cause: 'image-not-found', action: 'proposed' });
      expect(printed.join('')).toMatch(/^Subject: ECS image pull failed/m);
    } finally {
      spy.mockRestore();
      process.env = saved;
    }
  });

  it('refuses a bad configuration variable with a clear message', async () => {
    const t = io({ AUTO_FIX_VPC_ENDPOINTS: 'yes' });
    expect(await main(['handle', '--event', example('fargate-tag-not-found')], t.cli)).toBe(2);
    expect(t.stderr()).toContain('AUTO_FIX_VPC_ENDPOINTS must be "true" or "false"');
  });
});

describe('bin entry', () => {
  it('runs `ecs-pull-doctor diagnose --offline` as a newcomer would (npx resolves package.json bin)', () => {
    const pkg = require('../../package.json') as { bin: Record<string, string> };
    const r = spawnSync(process.execPath, [join(ROOT, pkg.bin['ecs-pull-doctor']!), 'diagnose', '--event', example('fargate-private-subnet-timeout'), '--offline', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, AWS_REGION: '' },
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ family: 'network', mode: 'text-only' });
  });
});
