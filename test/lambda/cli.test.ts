/**
 * The CLI in-process, where AWS answers must come from SDK mocks (evidence, task lookups, failed calls) and
 * where what gets loaded is observable. Everything a user can see without AWS is tested on the spawned
 * process in test/cli/process.test.ts; AWS itself is emulated in test/cli/handle-emulator.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { main, type CliIo } from '../../lambda/cli';
import { parseArgs } from '../../lambda/cli-input';
import type { Diagnosis } from '../../lambda/domain/diagnosis';
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

describe('handle (in-process, AWS mocked)', () => {
  beforeEach(() => resetMocks());

  it('runs the pipeline: only the result JSON on stdout, the notification and the logs on stderr', async () => {
    const s = SCENARIOS['image-not-found'];
    s.mock();
    const t = io({ AWS_REGION: undefined, TOPIC_ARN: '', INCIDENT_TABLE_NAME: '', NOTIFICATION_LANGUAGE: 'en' });
    expect(await main(['handle', '--event', writeEvent('handle', s.event)], t.cli)).toBe(0);
    expect(JSON.parse(t.stdout())).toEqual({
      status: 'notified',
      taskArn: expect.any(String),
      incidentId: expect.any(String),
      cause: 'image-not-found',
      action: 'proposed',
    });
    expect(t.stderr()).toMatch(/^Subject: ECS image pull failed/m);
    expect(t.stderr()).toMatch(/"message":"notified"/);
  });
});

describe('one entry per failed call', () => {
  beforeEach(() => resetMocks());

  it('says a DescribeSubnets failure once, naming every check it blocked, in text and --json', async () => {
    const s = SCENARIOS['network-no-route'];
    s.mock();
    mocks.ec2.on(DescribeSubnetsCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: ec2:DescribeSubnets'), {
        name: 'UnauthorizedOperation',
      }),
    );
    const file = writeEvent('subnets-denied', s.event);

    const j = io({ AWS_REGION: s.region });
    expect(await main(['diagnose', '--event', file, '--json'], j.cli)).toBe(0);
    const d = JSON.parse(j.stdout()) as Diagnosis;
    const entries = d.unchecked.filter((u) => u.api === 'ec2:DescribeSubnets');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.reason).toMatch(/^UnauthorizedOperation/);
    expect(entries[0]!.blocked).toEqual(expect.arrayContaining(['subnets', 'route-tables', 'network-no-route']));
    // Evidence says each missing fact once, not once per cause that needed it.
    const unknown = d.evidence.filter((e) => e.result === 'unknown').map((e) => e.detail);
    expect(new Set(unknown).size).toBe(unknown.length);

    const t = io({ AWS_REGION: s.region });
    expect(await main(['diagnose', '--event', file], t.cli)).toBe(0);
    const text = t.stdout();
    expect(text.split('\n').filter((l) => l.includes('ec2:DescribeSubnets'))).toHaveLength(1);
    expect(text).toMatch(
      /^- ec2:DescribeSubnets failed: UnauthorizedOperation .*Not checked because of it: subnets, route-tables/m,
    );
  });
});

describe('what the offline path loads', () => {
  it('diagnoses --offline without loading any AWS SDK client or Powertools (each would throw on load here)', async () => {
    const loaded: string[] = [];
    const modules = [
      '@aws-sdk/client-ecs',
      '@aws-sdk/client-ec2',
      '@aws-sdk/client-ecr',
      '@aws-sdk/client-iam',
      '@aws-sdk/client-secrets-manager',
      '@aws-sdk/client-ssm',
      '@aws-sdk/client-sns',
      '@aws-sdk/client-dynamodb',
      '@aws-lambda-powertools/logger',
    ];
    let run: typeof main | undefined;
    jest.isolateModules(() => {
      for (const m of modules) {
        jest.doMock(m, () => {
          loaded.push(m);
          throw new Error(`${m} loaded by the offline path`);
        });
      }
      run = (require('../../lambda/cli') as typeof import('../../lambda/cli')).main;
    });
    const t = io();
    expect(await run!(['diagnose', '--event', example('fargate-private-subnet-timeout'), '--offline'], t.cli)).toBe(0);
    expect(t.stdout()).toContain('Cause:');
    expect(loaded).toEqual([]);
    for (const m of modules) jest.dontMock(m);
  });
});

describe('arguments', () => {
  it('accepts --flag=value', () => {
    expect(parseArgs(['diagnose', '--event=e.json', '--offline', '--json', '--lang=ja', '--region=eu-west-1'])).toEqual(
      {
        command: 'diagnose',
        event: 'e.json',
        offline: true,
        json: true,
        lang: 'ja',
        region: 'eu-west-1',
      },
    );
  });

  it('reads the preflight flags: ids checked, lists de-duplicated, choices upper-cased', () => {
    expect(
      parseArgs([
        'preflight',
        '--task-definition',
        'td.json',
        '--cluster',
        'prod',
        '--service=api',
        '--subnets',
        'subnet-0a1b2c3d4e5f60718,subnet-0a1b2c3d4e5f60718,subnet-11112222',
        '--security-groups=sg-0123456789abcdef0',
        '--assign-public-ip',
        'disabled',
        '--launch-type',
        'EC2',
        '--json',
      ]),
    ).toEqual({
      command: 'preflight',
      taskDefinition: 'td.json',
      cluster: 'prod',
      service: 'api',
      subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-11112222'],
      securityGroups: ['sg-0123456789abcdef0'],
      assignPublicIp: 'DISABLED',
      launchType: 'EC2',
      offline: false,
      json: true,
    });
  });

  it.each([
    [['preflight'], /needs --task-definition/],
    [['preflight', '--task-definition', 'td.json', '--service', 'api'], /--service needs --cluster/],
    [['preflight', '--task-definition', 'td.json', '--subnets', 'subnet-1;rm'], /"subnet-1;rm" is not a subnet id/],
    [['preflight', '--task-definition', 'td.json', '--security-groups', 'default'], /is not a security group id/],
    [['preflight', '--task-definition', 'td.json', '--assign-public-ip', 'yes'], /ENABLED or DISABLED/],
    [['preflight', '--task-definition', 'td.json', '--launch-type', 'EXTERNAL'], /FARGATE or EC2/],
    [['preflight', '--task-definition', 'td.json', '--offline'], /takes no --event, --task or --offline/],
    [['diagnose', '--event', 'e.json', '--subnets', 'subnet-0a1b2c3d'], /options of preflight, not diagnose/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
