/**
 * `ecs-pull-doctor handle` and `diagnose` as a user runs them (`node bin/ecs-pull-doctor.js …`, what
 * `npx ecs-pull-doctor` resolves to), against moto server, a real AWS emulator, instead of SDK mocks:
 * the SDK signs, serialises and parses real HTTP, and the auto-fix's writes land in an account that
 * the test reads back.
 *
 * Emulated by moto (TOOLCHAIN.md §12): EC2/VPC (VPC, DNS attributes, DHCP options, subnets, route tables,
 * internet gateway, security groups, network ACLs, VPC endpoints), ECS (cluster, task definition,
 * service), IAM (the execution role, its trust policy and the AWS managed AmazonECSTaskExecutionRolePolicy,
 * loaded with MOTO_IAM_LOAD_MANAGED_POLICIES) and ECR (repository and image).
 *
 * Not emulated, and why it does not matter here:
 * - iam:SimulatePrincipalPolicy: moto answers HTTP 500. When the tool needs the execution role's
 *   permissions it falls back to reading the role's policy documents (ListAttachedRolePolicies →
 *   GetPolicy → GetPolicyVersion / inline policies, lambda/facts/probes/iam.ts), which moto serves. In
 *   this scenario the stop reason is a network timeout, so the candidate causes are all network causes
 *   and the diagnosis asks neither IAM nor ECR (lambda/facts/call-plan.ts needsFor): the role, the
 *   repository and the image are seeded so that the account is the complete, realistic one in which only
 *   the network is wrong.
 * - The stopped task: run and stopped in moto, and the event moved onto it (test/helpers/moto-seed.ts, which
 *   the bench shares).
 * - ClientToken is not honoured by moto's CreateVpcEndpoint (a repeat would create a second endpoint), so
 *   "nothing is created twice" below rests on what the tool reads before it writes, not on the token: a
 *   replay re-gathers the evidence (the endpoints now exist, nothing is proven to fix), and the fix re-reads
 *   the VPC and reuses what an interrupted earlier fix left ("already present").
 * - SNS and DynamoDB: TOPIC_ARN and INCIDENT_TABLE_NAME are empty, so the notification is printed on stderr
 *   and there is no storm control (each run is a first event).
 *
 * Skipped with a warning when moto_server is not on PATH; fails instead when CI is set.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { CREATED_BY_TAG, CREATED_BY_VALUE, INCIDENT_TAG } from '../../lambda/permissions';
import { ENDPOINT_SG_NAME } from '../../lambda/remediate/vpc-endpoints/names';
import { runCli, type CliRun } from '../helpers/cli-process';
import { MOTO_ACCOUNT, motoClients, requireMoto, startMoto, type MotoClients, type MotoHandle } from '../helpers/moto';
import { SEED_REGION, SEED_VPC_CIDR, seedAccount, writeEvent } from '../helpers/moto-seed';

const ROOT = join(__dirname, '..', '..');
const REGION = SEED_REGION;
const VPC_CIDR = SEED_VPC_CIDR;
const SERVICE = (region: string, svc: string) => `com.amazonaws.${region}.${svc}`;

const gate = requireMoto('the moto emulator test of `handle` (test/cli/handle-emulator.test.ts)');
const describeIf = gate.skip ? describe.skip : describe;

/** Runs the CLI against moto. AWS_REGION/AWS_DEFAULT_REGION are not set: the event's region must be used. */
function cli(moto: MotoHandle, args: string[], env: Record<string, string | undefined> = {}): CliRun {
  return runCli(args, {
    endpoint: moto.url,
    env: { TOPIC_ARN: '', INCIDENT_TABLE_NAME: '', NOTIFICATION_LANGUAGE: 'en', ...env },
  });
}

/** The JSON log lines on stderr (the printed notification and other text are skipped). */
function logLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/** The printed notification: from its "Subject:" line to the end of the non-JSON block. */
function notificationOf(stderr: string): string {
  const start = stderr.indexOf('Subject: ');
  expect(start).toBeGreaterThanOrEqual(0);
  return stderr
    .slice(start)
    .split('\n')
    .filter((l) => !l.startsWith('{"level"'))
    .join('\n');
}

async function endpointsOf(c: MotoClients, vpcId: string): Promise<VpcEndpoint[]> {
  const r = await c.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  return (r.VpcEndpoints ?? []).sort((a, b) => String(a.ServiceName).localeCompare(String(b.ServiceName)));
}

const failureReport = (r: CliRun) => `exit ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;

/** Expect with the CLI's output in the failure message, so a red test says what the tool printed. */
function expectRun(r: CliRun, check: () => void): void {
  try {
    check();
  } catch (e) {
    (e as Error).message += `\n\nCLI output:\n${failureReport(r)}`;
    throw e;
  }
}

describeIf('handle/diagnose against moto: a private subnet with no route to ECR', () => {
  let moto: MotoHandle;
  let clients: MotoClients;
  let dir: string;

  beforeAll(async () => {
    gate.check(); // moto_server missing with CI set: fail here, with the install hint
    moto = await startMoto({ loadAwsManagedPolicies: true });
    clients = motoClients(moto.url, REGION);
    dir = mkdtempSync(join(tmpdir(), 'handle-emulator-'));
  }, 30_000);

  afterAll(async () => {
    clients?.destroy();
    await moto?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await moto.reset();
  });

  it('diagnose --json proves network-no-route from the account, in the event region, and changes nothing', async () => {
    const s = await seedAccount(clients, dir, 'diag');
    const r = cli(moto, ['diagnose', '--event', s.eventFile, '--json']);
    expectRun(r, () => {
      expect(r.status).toBe(0);
      const d = JSON.parse(r.stdout);
      expect(d).toMatchObject({
        mode: 'evidence',
        cause: 'network-no-route',
        confidence: 'proven',
        resources: expect.objectContaining({
          vpcId: s.vpcId,
          region: REGION,
          cluster: expect.stringContaining('diag-prod'),
        }),
      });
      // The evidence names the task's route table, not the public one.
      expect(JSON.stringify(d.evidence)).toContain(s.privateRouteTableId);
      expect(d.fixInputs).toMatchObject({
        missingEndpoints: expect.arrayContaining(['ecr.api', 'ecr.dkr', 's3', 'logs']),
        routeTablesWithoutS3: [s.privateRouteTableId],
        vpcDnsSupport: true,
        vpcDnsHostnames: true,
        vpcCustomDns: false,
      });
    });
    expect(await endpointsOf(clients, s.vpcId)).toEqual([]);
  });

  it('handle of a forged event (a task the account never ran) with every auto-fix on writes nothing and says why', async () => {
    const s = await seedAccount(clients, dir, 'forged');
    const forged = writeEvent(dir, 'forged', { ...s, subnetId: s.privateSubnetId }); // same cluster, service, subnet and image; an invented task id
    const r = cli(moto, ['handle', '--event', forged], {
      AUTO_FIX_VPC_ENDPOINTS: 'true',
      AUTO_FIX_EXECUTION_ROLE_POLICY: 'true',
      FORCE_NEW_DEPLOYMENT_AFTER_FIX: 'true',
    });
    const endpoints = await endpointsOf(clients, s.vpcId);
    const groups = await clients.ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [s.vpcId] },
          { Name: 'group-name', Values: [ENDPOINT_SG_NAME] },
        ],
      }),
    );
    expectRun(r, () => {
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'notified', cause: 'network-no-route', action: 'proposed' });
      expect(endpoints).toEqual([]);
      expect(groups.SecurityGroups).toEqual([]);
      const remediation = logLines(r.stderr).find((l) => l.message === 'remediation')!;
      expect(remediation).toMatchObject({ outcome: 'proposed', reason: 'refused', writes: [] });
      const note = notificationOf(r.stderr);
      expect(note).toContain(`does not return task ${JSON.parse(readFileSync(forged, 'utf8')).detail.taskArn}`);
      expect(note).toContain('Not applied automatically: the account does not confirm task');
    });
  });

  it('handle with AUTO_FIX_VPC_ENDPOINTS=true creates the ECR, logs and S3 endpoints once; a replay creates nothing', async () => {
    const s = await seedAccount(clients, dir, 'fix');

    // ---- first run: proven, opted in, not refused → fixed ----
    const first = cli(moto, ['handle', '--event', s.eventFile], { AUTO_FIX_VPC_ENDPOINTS: 'true' });
    const endpoints = await endpointsOf(clients, s.vpcId);
    expectRun(first, () => {
      expect(first.status).toBe(0);
      // stdout is only the result JSON.
      const result = JSON.parse(first.stdout);
      expect(Object.keys(result).sort()).toEqual(['action', 'cause', 'incidentId', 'status', 'taskArn']);
      expect(result).toMatchObject({
        status: 'notified',
        cause: 'network-no-route',
        action: 'fixed',
        taskArn: expect.stringContaining(`:${MOTO_ACCOUNT}:task/fix-prod/`),
      });

      expect(endpoints.map((e) => [e.ServiceName, e.VpcEndpointType])).toEqual([
        [SERVICE(REGION, 'ecr.api'), 'Interface'],
        [SERVICE(REGION, 'ecr.dkr'), 'Interface'],
        [SERVICE(REGION, 'logs'), 'Interface'],
        [SERVICE(REGION, 's3'), 'Gateway'],
      ]);
      for (const e of endpoints.filter((x) => x.VpcEndpointType === 'Interface')) {
        expect(e).toMatchObject({ VpcId: s.vpcId, PrivateDnsEnabled: true, SubnetIds: [s.privateSubnetId] });
      }
      // Everything created carries the created-by tag (the write policies require it) and the incident id.
      for (const e of endpoints) {
        expect(e.Tags).toEqual(
          expect.arrayContaining([
            { Key: CREATED_BY_TAG, Value: CREATED_BY_VALUE },
            { Key: INCIDENT_TAG, Value: result.incidentId },
          ]),
        );
      }
      // The S3 gateway goes on the task subnet's route table only (the public one routes to the IGW).
      expect(endpoints.find((e) => e.VpcEndpointType === 'Gateway')!.RouteTableIds).toEqual([s.privateRouteTableId]);

      // The printed notification names the fix and every created endpoint.
      const note = notificationOf(first.stderr);
      expect(note).toMatch(/^Subject: .+/);
      for (const e of endpoints) expect(note).toContain(e.VpcEndpointId!);
      // The log line of the remediation lists the writes made.
      const remediation = logLines(first.stderr).find((l) => l.message === 'remediation')!;
      expect(remediation).toMatchObject({
        outcome: 'fixed',
        writes: expect.arrayContaining([
          'ec2:CreateSecurityGroup',
          'ec2:AuthorizeSecurityGroupIngress',
          'ec2:CreateVpcEndpoint',
        ]),
      });
    });

    // The interface endpoints' group allows HTTPS from the VPC.
    const groupIds = [...new Set(endpoints.flatMap((e) => (e.Groups ?? []).map((g) => g.GroupId!)))];
    expect(groupIds).toHaveLength(1);
    const group = (await clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds })))
      .SecurityGroups![0]!;
    expect(group).toMatchObject({ GroupName: ENDPOINT_SG_NAME, VpcId: s.vpcId });
    expect(group.IpPermissions).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        IpRanges: [expect.objectContaining({ CidrIp: VPC_CIDR })],
      }),
    ]);

    // ---- second run, same event (a replay from the dead-letter queue): nothing is created again ----
    // The evidence is gathered afresh, so the diagnosis now sees the endpoints: network-no-route is ruled out
    // (some ECR endpoints exist), so are vpc-endpoint-missing (none missing) and the other network causes
    // (DNS on, the endpoint group allows 443 from the VPC, NACLs open, no endpoint policy). The replayed stop
    // reason still says "i/o timeout", so the result is `unknown` (every candidate ruled out), which has no
    // auto-fix: decide() says no-auto-fix-for-cause and nothing is written (not even a describe of the fix).
    const second = cli(moto, ['handle', '--event', s.eventFile], { AUTO_FIX_VPC_ENDPOINTS: 'true' });
    const after = await endpointsOf(clients, s.vpcId);
    expectRun(second, () => {
      expect(second.status).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({ status: 'notified', cause: 'unknown', action: 'proposed' });
      expect(logLines(second.stderr).find((l) => l.message === 'remediation')).toMatchObject({
        outcome: 'proposed',
        reason: 'no-auto-fix-for-cause',
        writes: [],
      });
      expect(logLines(second.stderr).some((l) => l.message === 'auto-fix applied')).toBe(false);
      const note = notificationOf(second.stderr);
      expect(note).toMatch(/^Subject: .+/);
      for (const e of endpoints) expect(note).not.toContain(`created interface endpoint ${e.VpcEndpointId}`);
      // Exactly the same endpoints (ids, services, route tables): nothing created twice.
      expect(after).toEqual(endpoints);
    });
  });

  it('handle reuses the endpoint security group an interrupted earlier fix left behind (already present, not created twice)', async () => {
    const s = await seedAccount(clients, dir, 'rerun');
    // What an earlier fix that stopped after its first two steps leaves: our tagged group with HTTPS from the
    // VPC, and no endpoint yet. The diagnosis does not look at it (it is not an endpoint); the fix re-reads the
    // VPC before writing and must reuse it.
    const leftover = (
      await clients.ec2.send(
        new CreateSecurityGroupCommand({
          VpcId: s.vpcId,
          GroupName: ENDPOINT_SG_NAME,
          Description: 'HTTPS from the VPC to the interface endpoints created by ecs-pull-doctor',
          TagSpecifications: [
            {
              ResourceType: 'security-group',
              Tags: [
                { Key: CREATED_BY_TAG, Value: CREATED_BY_VALUE },
                { Key: INCIDENT_TAG, Value: 'earlier-incident' },
              ],
            },
          ],
        }),
      )
    ).GroupId!;
    await clients.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: leftover,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: VPC_CIDR }] }],
      }),
    );

    const r = cli(moto, ['handle', '--event', s.eventFile], { AUTO_FIX_VPC_ENDPOINTS: 'true' });
    const endpoints = await endpointsOf(clients, s.vpcId);
    expectRun(r, () => {
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'notified', cause: 'network-no-route', action: 'fixed' });
      const logs = logLines(r.stderr);
      expect(logs.find((l) => l.message === 'auto-fix applied')).toMatchObject({
        verified: true,
        applied: expect.arrayContaining([
          'create-endpoint-security-group:already-present',
          'allow-https-to-endpoints:already-present',
          'create-endpoint-ecr.api:created',
        ]),
      });
      const writes = logs.find((l) => l.message === 'remediation')!.writes as string[];
      expect(writes).not.toContain('ec2:CreateSecurityGroup');
      expect(writes).not.toContain('ec2:AuthorizeSecurityGroupIngress');
      // The message says the group was already there (the catalogue's "already present"), naming it.
      const line = notificationOf(r.stderr)
        .split('\n')
        .find((l) => l.includes('create-endpoint-security-group ('));
      expect(line).toContain('already present');
      expect(line).toContain(leftover);
      // Every interface endpoint uses the leftover group.
      const interfaces = endpoints.filter((e) => e.VpcEndpointType === 'Interface');
      expect(interfaces.map((e) => e.ServiceName)).toEqual([
        SERVICE(REGION, 'ecr.api'),
        SERVICE(REGION, 'ecr.dkr'),
        SERVICE(REGION, 'logs'),
      ]);
      for (const e of interfaces) expect((e.Groups ?? []).map((g) => g.GroupId)).toEqual([leftover]);
    });
    const groups = await clients.ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [s.vpcId] },
          { Name: 'group-name', Values: [ENDPOINT_SG_NAME] },
        ],
      }),
    );
    expect(groups.SecurityGroups!.map((g) => g.GroupId)).toEqual([leftover]);
  });

  it('handle without AUTO_FIX_VPC_ENDPOINTS proposes the endpoints and creates none', async () => {
    const s = await seedAccount(clients, dir, 'propose');
    const r = cli(moto, ['handle', '--event', s.eventFile]);
    expectRun(r, () => {
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'notified', cause: 'network-no-route', action: 'proposed' });
      expect(logLines(r.stderr).find((l) => l.message === 'remediation')).toMatchObject({
        outcome: 'proposed',
        reason: 'not-opted-in',
        writes: [],
      });
      const note = notificationOf(r.stderr);
      // The proposal carries the commands to create the endpoints by hand.
      expect(note).toContain('create-vpc-endpoint');
      expect(note).toContain(SERVICE(REGION, 'ecr.dkr'));
    });
    expect(await endpointsOf(clients, s.vpcId)).toEqual([]);
  });

  it('handle of SERVICE_TASK_START_IMPAIRED diagnoses the service’s latest stopped task, read from the account', async () => {
    const s = await seedAccount(clients, dir, 'impaired');
    const signal = JSON.parse(readFileSync(join(ROOT, 'examples', 'service-task-start-impaired.json'), 'utf8'));
    const cluster = s.clusterArn.split('/').pop()!;
    signal.account = MOTO_ACCOUNT;
    signal.region = REGION;
    signal.resources = [`arn:aws:ecs:${REGION}:${MOTO_ACCOUNT}:service/${cluster}/${s.serviceName}`];
    signal.detail.clusterArn = s.clusterArn;
    const file = join(dir, 'impaired-signal.json');
    writeFileSync(file, JSON.stringify(signal));
    const r = cli(moto, ['handle', '--event', file]);
    expectRun(r, () => {
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'notified', cause: 'network-no-route', action: 'proposed' });
      expect(notificationOf(r.stderr)).toContain(`service ${s.serviceName}`);
    });
  });

  // The examples name resources this (empty, emulated) account does not have: every read answers with a
  // not-found error instead of data. The README's replay works for each, and each failed call is said once.
  it.each([
    'fargate-private-subnet-timeout',
    'ec2-pull-access-denied',
    'fargate-tag-not-found',
    'ec2-dockerhub-rate-limit',
    'fargate-secret-not-found',
  ])('handle --event examples/%s.json works as documented against an account without its resources', (name) => {
    const r = cli(moto, ['handle', '--event', join(ROOT, 'examples', `${name}.json`)]);
    expectRun(r, () => {
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'notified', action: 'proposed' });
      expect(r.stderr).toMatch(/^Subject: ECS image pull failed/m);
      expect(r.stderr).not.toContain('Region is missing');
    });
  });

  it('diagnose says each failed call once, naming the checks it blocked (text and --json)', () => {
    const event = join(ROOT, 'examples', 'fargate-private-subnet-timeout.json');
    const text = cli(moto, ['diagnose', '--event', event]);
    const asJson = cli(moto, ['diagnose', '--event', event, '--json']);
    expectRun(text, () => {
      expect(text.status).toBe(0);
      const failedLines = text.stdout.split('\n').filter((l) => /^- [a-z0-9-]+:[A-Za-z]+ failed: /.test(l));
      expect(failedLines.length).toBeGreaterThan(0);
      const apis = failedLines.map((l) => l.slice(2, l.indexOf(' failed: ')));
      expect(new Set(apis).size).toBe(apis.length);
      for (const l of failedLines) expect(l).toMatch(/Not checked because of it: .+\.$/);
      const subnets = failedLines.find((l) => l.startsWith('- ec2:DescribeSubnets failed: '));
      expect(subnets).toMatch(/subnets, route-tables/);
      expect(text.stdout.split('\n').filter((l) => l.includes('ec2:DescribeSubnets'))).toHaveLength(1);
    });
    const d = JSON.parse(asJson.stdout) as { unchecked: Array<{ api: string; reason: string; blocked?: string[] }> };
    const byApi = d.unchecked.filter((u) => u.api === 'ec2:DescribeSubnets');
    expect(byApi).toHaveLength(1);
    expect(byApi[0]!.reason.startsWith('ec2:DescribeSubnets')).toBe(false);
  });
});
