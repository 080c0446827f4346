/**
 * Issue 19: `ecs-pull-doctor preflight` as a user runs it in CI (`node bin/ecs-pull-doctor.js preflight …`) against
 * moto server, one account holding every case side by side: a VPC with a public subnet (internet gateway) and an
 * isolated one (local route only, no endpoint); a security group with all egress; an execution role with the AWS
 * managed policy and a bare one; the repository `shop/api` with tag v1 (single platform) and `multi` (an image index
 * for linux/amd64 only); a secret; a Fargate service in the public subnet.
 *
 * Not emulated by moto, answered by a loopback proxy in front of it (test/helpers/moto-proxy.ts) as AWS answers, every
 * other request going to moto unchanged:
 * - iam:SimulatePrincipalPolicy (moto: HTTP 500): the decisions the seeded policies give — the execution role is
 *   allowed ECR and CloudWatch Logs (the AWS managed policy) and the one secret (its inline policy); the bare role
 *   nothing. Without it the tool falls back to the policy documents and says SCPs and boundaries were not seen.
 * - ecr:DescribePullThroughCacheRules (moto: not implemented): the account has no rule.
 * - ecr:GetDownloadUrlForLayer (moto: not implemented): a URL of the proxy itself, which serves the config blob of each
 *   single-platform image (its os and architecture), as S3 serves it behind ECR's presigned URL.
 * - ecs:DescribeServices of service `shop-denied`: AccessDeniedException, as for a CI role without the permission.
 *
 * Skipped with a warning when moto_server is not on PATH; fails instead when CI is set.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AssociateDhcpOptionsCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateDhcpOptionsCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateRepositoryCommand, PutImageCommand } from '@aws-sdk/client-ecr';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { runCliAsync, type CliRun } from '../helpers/cli-process';
import { MOTO_ACCOUNT, MOTO_CREDENTIALS, motoClients, requireMoto, startMoto, type MotoHandle } from '../helpers/moto';
import { preflightReadActions } from '../../lambda/preflight/permissions';
import { jsonAnswer, jsonError, simulationAnswer, startMotoProxy, type MotoProxy } from '../helpers/moto-proxy';

const REGION = 'us-east-1';
const AZ = 'us-east-1a';
const EXECUTION_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const REGISTRY = `${MOTO_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const IMAGE = `${REGISTRY}/shop/api:v1`;

const gate = requireMoto('the moto emulator test of `preflight` (test/cli/preflight-emulator.test.ts)');
const describeIf = gate.skip ? describe.skip : describe;

interface Account {
  publicSubnet: string;
  isolatedSubnet: string;
  securityGroup: string;
  role: string;
  bareRole: string;
  secretArn: string;
}

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const layer = (c: string) => ({
  mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  size: 3208942,
  digest: `sha256:${c.repeat(64)}`,
});
const single = (config: string) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 1469, digest: config },
    layers: [layer('d')],
  });
const AMD64_CONFIG = `sha256:${'c'.repeat(64)}`;
const ARM64_CONFIG = `sha256:${'f'.repeat(64)}`;
/** The config blobs behind GetDownloadUrlForLayer (only os and architecture matter; Env is there, as in real ones). */
const BLOBS: Record<string, object> = {
  [AMD64_CONFIG]: { architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/usr/bin'] } },
  [ARM64_CONFIG]: { architecture: 'arm64', os: 'linux', variant: 'v8', config: { Env: ['PATH=/usr/bin'] } },
};
const AMD64_ONLY_INDEX = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: 1024,
      digest: `sha256:${'e'.repeat(64)}`,
      platform: { os: 'linux', architecture: 'amd64' },
    },
  ],
});

async function seed(url: string): Promise<Account> {
  const { ec2, ecs, iam, ecr, destroy } = motoClients(url, REGION);
  const sm = new SecretsManagerClient({ endpoint: url, region: REGION, credentials: { ...MOTO_CREDENTIALS } });
  try {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    const dhcp = await ec2.send(
      new CreateDhcpOptionsCommand({
        DhcpConfigurations: [{ Key: 'domain-name-servers', Values: ['AmazonProvidedDNS'] }],
      }),
    );
    await ec2.send(new AssociateDhcpOptionsCommand({ VpcId: vpcId, DhcpOptionsId: dhcp.DhcpOptions!.DhcpOptionsId! }));
    const subnet = async (cidr: string) =>
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: AZ }))).Subnet!
        .SubnetId!;
    const table = async (subnetId: string) => {
      const id = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
      await ec2.send(new AssociateRouteTableCommand({ RouteTableId: id, SubnetId: subnetId }));
      return id;
    };
    const publicSubnet = await subnet('10.1.0.0/24');
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ VpcId: vpcId, InternetGatewayId: igw }));
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: await table(publicSubnet),
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: igw,
      }),
    );
    const isolatedSubnet = await subnet('10.1.9.0/24');
    await table(isolatedSubnet);
    const securityGroup = (
      await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'shop-tasks', Description: 'tasks' }))
    ).GroupId!;

    const role = (
      await iam.send(new CreateRoleCommand({ RoleName: 'shop-execution', AssumeRolePolicyDocument: trust }))
    ).Role!.Arn!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'shop-execution', PolicyArn: EXECUTION_POLICY_ARN }));
    const bareRole = (await iam.send(new CreateRoleCommand({ RoleName: 'shop-bare', AssumeRolePolicyDocument: trust })))
      .Role!.Arn!;

    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'shop/api' }));
    await ecr.send(
      new PutImageCommand({ repositoryName: 'shop/api', imageTag: 'v1', imageManifest: single(AMD64_CONFIG) }),
    );
    // Built on an arm64 laptop and pushed as is: a single-platform arm64 image.
    await ecr.send(
      new PutImageCommand({ repositoryName: 'shop/api', imageTag: 'laptop', imageManifest: single(ARM64_CONFIG) }),
    );
    await ecr.send(
      new PutImageCommand({
        repositoryName: 'shop/api',
        imageTag: 'multi',
        imageManifest: AMD64_ONLY_INDEX,
        imageManifestMediaType: 'application/vnd.oci.image.index.v1+json',
      }),
    );
    const secretArn = (await sm.send(new CreateSecretCommand({ Name: 'shop/db-password', SecretString: 's3cret' })))
      .ARN!;
    // The managed policy grants no secret: the execution role reads this one through its own inline policy.
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'shop-execution',
        PolicyName: 'task-secrets',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn }],
        }),
      }),
    );

    await ecs.send(new CreateClusterCommand({ clusterName: 'shop' }));
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'shop-api',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        executionRoleArn: role,
        containerDefinitions: [{ name: 'api', image: IMAGE, essential: true, cpu: 256, memory: 512 }],
      }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'shop',
        serviceName: 'shop-api',
        taskDefinition: td.taskDefinition!.taskDefinitionArn!,
        desiredCount: 0,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [publicSubnet], securityGroups: [securityGroup], assignPublicIp: 'ENABLED' },
        },
      }),
    );
    return { publicSubnet, isolatedSubnet, securityGroup, role, bareRole, secretArn };
  } finally {
    destroy();
    sm.destroy();
  }
}

describeIf('ecs-pull-doctor preflight against moto server (a spawned process)', () => {
  let moto: MotoHandle;
  let proxy: MotoProxy;
  let account: Account;
  let dir: string;

  beforeAll(async () => {
    gate.check();
    moto = await startMoto({ loadAwsManagedPolicies: true });
    account = await seed(moto.url);
    proxy = await startMotoProxy(moto.url, (op, params, body, req) => {
      const blob = /^\/blobs\/(sha256:[a-f0-9]{64})$/.exec(req.path)?.[1];
      if (req.method === 'GET' && blob && BLOBS[blob])
        return { status: 200, contentType: 'application/octet-stream', body: JSON.stringify(BLOBS[blob]) };
      if (op === 'GetDownloadUrlForLayer')
        return jsonAnswer({
          downloadUrl: `${proxy.endpoint}/blobs/${body.layerDigest}`,
          layerDigest: body.layerDigest,
        });
      if (op === 'DescribeServices' && JSON.stringify(body.services) === '["shop-denied"]')
        return jsonError('AccessDeniedException', 'User: ci is not authorized to perform: ecs:DescribeServices');
      if (op === 'DescribePullThroughCacheRules') return jsonAnswer({ pullThroughCacheRules: [] });
      if (op !== 'SimulatePrincipalPolicy') return undefined;
      const granted = params.get('PolicySourceArn') === account.role;
      return simulationAnswer(params, (action, resource) =>
        granted &&
        (/^(ecr|logs):/.test(action) || (action === 'secretsmanager:GetSecretValue' && resource === account.secretArn))
          ? 'allowed'
          : 'implicitDeny',
      );
    });
    dir = mkdtempSync(join(tmpdir(), 'preflight-'));
  }, 60_000);
  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The JSON a user passes to register-task-definition, with the given containers (and overrides). */
  function taskDefinition(name: string, containers: Array<Record<string, unknown>>, extra: object = {}): string {
    const file = join(dir, `${name}.json`);
    const td = {
      family: `shop-${name}`,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: account.role,
      containerDefinitions: containers.map((c) => ({ essential: true, ...c })),
      ...extra,
    };
    writeFileSync(file, JSON.stringify(td, null, 2));
    return file;
  }

  const network = () => [
    '--subnets',
    account.publicSubnet,
    '--security-groups',
    account.securityGroup,
    '--assign-public-ip',
    'ENABLED',
  ];

  function preflight(file: string, flags: string[] = network(), json = true): Promise<CliRun> {
    return runCliAsync(
      ['preflight', '--task-definition', file, '--cluster', 'shop', ...flags, ...(json ? ['--json'] : [])],
      {
        endpoint: proxy.endpoint,
        env: { AWS_REGION: REGION },
      },
    );
  }

  interface Out {
    findings: Array<{ container: string; cause: string; confidence: string; evidence: Array<{ detail: string }> }>;
    unchecked: Array<{ container: string; check: string; api: string; reason: string }>;
    exitCode: number;
    proposal?: unknown;
  }
  const parsed = (r: CliRun): Out => {
    if (!r.stdout.trim()) throw new Error(`no output (exit ${r.status}); stderr:\n${r.stderr}`);
    return JSON.parse(r.stdout) as Out;
  };
  const causes = (o: Out) => o.findings.map((f) => [f.container, f.cause, f.confidence]);

  it('a healthy task definition: nothing blocks the pull, everything checked, exit 0', async () => {
    const file = taskDefinition('healthy', [
      { name: 'api', image: IMAGE, secrets: [{ name: 'DB_PASSWORD', valueFrom: account.secretArn }] },
    ]);
    const r = await preflight(file);
    const out = parsed(r);
    expect({ findings: out.findings, unchecked: out.unchecked }).toEqual({ findings: [], unchecked: [] });
    expect(r.status).toBe(0);
    expect(out.exitCode).toBe(0);
    const text = await preflight(file, network(), false);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^OK +api \(.*shop\/api:v1\): nothing found that blocks the pull$/m);
    expect(text.stdout).toMatch(/^Result: nothing blocks the pull of the 1 container\(s\) checked \(exit 0\)\.$/m);
  });

  it('a missing tag: image-not-found, proven, with the tags that exist, exit 5', async () => {
    const r = await preflight(taskDefinition('tag', [{ name: 'api', image: `${REGISTRY}/shop/api:v9` }]));
    const out = parsed(r);
    expect(r.status).toBe(5);
    expect(causes(out)).toEqual([['api', 'image-not-found', 'proven']]);
    expect(out.findings[0]!.evidence.map((e) => e.detail).join(' ')).toMatch(/v9/);
    // The file is what the user edits: no command reads a definition that is not registered yet.
    expect(r.stdout).not.toMatch(/describe-task-definition[^"]*not registered/);
    expect(r.stdout).toMatch(/Or point task definition shop-tag at a tag that exists: (v1|multi|laptop)/);
  });

  it('a Docker Hub image pulled anonymously: a risk with the pull-through cache proposal, never a failure (exit 0)', async () => {
    const file = taskDefinition('hub', [{ name: 'web', image: 'nginx:1.27' }]);
    const r = await preflight(file);
    const out = parsed(r);
    expect(r.status).toBe(0);
    expect(causes(out)).toEqual([['web', 'dockerhub-rate-limit', 'possible']]);
    expect(JSON.stringify(out.findings[0])).toMatch(/create-pull-through-cache-rule/);
    const text = (await preflight(file, network(), false)).stdout;
    expect(text).toMatch(
      /^RISK +web \(nginx:1\.27\): Docker Hub rate limit \[dockerhub-rate-limit\] \(a risk, not a failure\)$/m,
    );
    expect(text).toMatch(/anonymous pulls are rate limited per source IP address/);
  });

  it('a missing repository: repository-not-found, proven, exit 5', async () => {
    const r = await preflight(taskDefinition('repo', [{ name: 'api', image: `${REGISTRY}/shop/nope:v1` }]));
    expect(r.status).toBe(5);
    expect(causes(parsed(r))).toEqual([['api', 'repository-not-found', 'proven']]);
  });

  it('an image index without the task platform (runtimePlatform ARM64): platform-mismatch, proven, exit 5', async () => {
    const file = taskDefinition('arm', [{ name: 'api', image: `${REGISTRY}/shop/api:multi` }], {
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
    });
    const r = await preflight(file);
    const out = parsed(r);
    expect(r.status).toBe(5);
    expect(causes(out)).toEqual([['api', 'platform-mismatch', 'proven']]);
    expect(out.findings[0]!.evidence.map((e) => e.detail).join(' ')).toMatch(/linux\/amd64.*linux\/arm64/);
  });

  it('an execution role without the ECR actions (simulated by IAM): execution-role-ecr-permissions, exit 5', async () => {
    const file = taskDefinition('bare', [{ name: 'api', image: IMAGE }], { executionRoleArn: account.bareRole });
    const r = await preflight(file);
    const out = parsed(r);
    expect(proxy.answered).toContain('SimulatePrincipalPolicy');
    expect(r.status).toBe(5);
    expect(causes(out)).toEqual([['api', 'execution-role-ecr-permissions', 'proven']]);
    expect(out.findings[0]!.evidence.map((e) => e.detail).join(' ')).toContain(account.bareRole);
  });

  it('a subnet with no route and no endpoints: a network cause, proven, exit 5', async () => {
    const flags = ['--subnets', account.isolatedSubnet, '--security-groups', account.securityGroup];
    const r = await preflight(taskDefinition('isolated', [{ name: 'api', image: IMAGE }]), [
      ...flags,
      '--assign-public-ip',
      'DISABLED',
    ]);
    const out = parsed(r);
    expect(r.status).toBe(5);
    expect(out.findings.map((f) => f.cause)).toContain('network-no-route');
    expect(out.findings.every((f) => f.container === 'api')).toBe(true);
  });

  it('a missing secret: secret-or-parameter-unavailable, proven, exit 5', async () => {
    const missing = account.secretArn.replace('shop/db-password', 'shop/gone');
    const file = taskDefinition('secret', [
      { name: 'api', image: IMAGE, secrets: [{ name: 'DB_PASSWORD', valueFrom: missing }] },
    ]);
    const r = await preflight(file);
    expect(r.status).toBe(5);
    expect(causes(parsed(r))).toEqual([['api', 'secret-or-parameter-unavailable', 'proven']]);
  });

  it('several containers: each is examined and reported by name', async () => {
    const file = taskDefinition('multi', [
      { name: 'api', image: IMAGE },
      { name: 'worker', image: `${REGISTRY}/shop/api:v7` },
      { name: 'metrics', image: `${REGISTRY}/shop/metrics:v1`, essential: false },
    ]);
    const r = await preflight(file);
    expect(r.status).toBe(5);
    expect(causes(parsed(r))).toEqual([
      ['worker', 'image-not-found', 'proven'],
      ['metrics', 'repository-not-found', 'proven'],
    ]);
    const text = (await preflight(file, network(), false)).stdout;
    expect(text).toMatch(/^OK +api /m);
    expect(text).toMatch(/^FAIL +worker \(.*:v7\): .*\[image-not-found\] \(proven by the evidence\)$/m);
    expect(text).toMatch(/^FAIL +metrics \(.*\): .*\[repository-not-found\]/m);
    expect(text).toMatch(/^Result: the pull will fail: 2 finding\(s\) proven by the account \(exit 5\)\.$/m);
    // The missing repository's policy and images are not "checks that could not run".
    expect(parsed(r).unchecked).toEqual([]);
  });

  it("--service: the service's network configuration is used (a healthy definition passes with no flags)", async () => {
    const file = taskDefinition('svc', [{ name: 'api', image: IMAGE }]);
    const r = await preflight(file, ['--service', 'shop-api']);
    expect({ status: r.status, ...parsed(r) }).toMatchObject({ status: 0, findings: [], unchecked: [] });
    expect(JSON.parse(r.stdout)).toMatchObject({ service: 'shop-api', subnets: [account.publicSubnet] });
  });

  it('no network given: the network checks are not checked, said so, exit 6', async () => {
    const r = await preflight(taskDefinition('nonet', [{ name: 'api', image: IMAGE }]), []);
    const out = parsed(r);
    expect(r.status).toBe(6);
    expect(out.findings).toEqual([]);
    expect(out.unchecked).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ container: 'api', reason: expect.stringMatching(/--subnets/) }),
      ]),
    );
  });

  it('a registered revision by ARN: read with ecs:DescribeTaskDefinition', async () => {
    const r = await runCliAsync(
      ['preflight', '--task-definition', 'shop-api:1', '--cluster', 'shop', '--service', 'shop-api', '--json'],
      { endpoint: proxy.endpoint, env: { AWS_REGION: REGION } },
    );
    expect({ status: r.status, taskDefinition: parsed(r).findings.length }).toEqual({ status: 0, taskDefinition: 0 });
    expect(JSON.parse(r.stdout).taskDefinition).toBe(
      `arn:aws:ecs:${REGION}:${MOTO_ACCOUNT}:task-definition/shop-api:1`,
    );
  });

  it('preflight and diagnose give the same cause for the same account state (a missing tag)', async () => {
    const image = `${REGISTRY}/shop/api:v9`;
    const event = {
      version: '0',
      id: 'c6d1f2b4-preflight-agrees',
      'detail-type': 'ECS Task State Change',
      source: 'aws.ecs',
      account: MOTO_ACCOUNT,
      time: '2026-12-06T05:00:00Z',
      region: REGION,
      resources: [`arn:aws:ecs:${REGION}:${MOTO_ACCOUNT}:task/shop/0123456789abcdef0123456789abcdef`],
      detail: {
        clusterArn: `arn:aws:ecs:${REGION}:${MOTO_ACCOUNT}:cluster/shop`,
        taskArn: `arn:aws:ecs:${REGION}:${MOTO_ACCOUNT}:task/shop/0123456789abcdef0123456789abcdef`,
        taskDefinitionArn: `arn:aws:ecs:${REGION}:${MOTO_ACCOUNT}:task-definition/shop-agree:1`,
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        launchType: 'FARGATE',
        stopCode: 'TaskFailedToStart',
        stoppedReason: `CannotPullContainerError: pull image manifest has been retried 7 time(s): ${image}: not found`,
        containers: [{ name: 'api', image, lastStatus: 'STOPPED' }],
        attachments: [],
      },
    };
    const eventFile = join(dir, 'agree-event.json');
    writeFileSync(eventFile, JSON.stringify(event));
    // The definition the event's task ran, registered in the account: the same one preflight is given.
    const seedClients = motoClients(moto.url, REGION);
    await seedClients.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'shop-agree',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        executionRoleArn: account.role,
        containerDefinitions: [{ name: 'api', image, essential: true, cpu: 256, memory: 512 }],
      }),
    );
    seedClients.destroy();
    // Straight to moto: the diagnosis's own reads (DescribeTasks, event history) are not preflight's.
    const diagnosed = await runCliAsync(['diagnose', '--event', eventFile, '--json'], { endpoint: moto.url });
    const pre = await preflight(taskDefinition('agree', [{ name: 'api', image }]));
    const d = JSON.parse(diagnosed.stdout) as { cause: string; confidence: string };
    expect(d.cause).toBe('image-not-found');
    expect(parsed(pre).findings.map((f) => [f.cause, f.confidence])).toEqual([[d.cause, d.confidence]]);
  });

  it('a single-platform arm64 image for an X86_64 task: its config blob proves the platform mismatch, exit 5', async () => {
    const r = await preflight(taskDefinition('laptop', [{ name: 'api', image: `${REGISTRY}/shop/api:laptop` }]));
    const out = parsed(r);
    expect(r.status).toBe(5);
    expect(causes(out)).toEqual([['api', 'platform-mismatch', 'proven']]);
    expect(out.findings[0]!.evidence.map((e) => e.detail).join(' ')).toMatch(/linux\/arm64.*linux\/amd64/);
    expect(r.stdout).not.toContain('PATH=');
  });

  it('subnets given without --assign-public-ip: no public IP, as ECS does; a public subnet then cannot pull', async () => {
    const flags = ['--subnets', account.publicSubnet, '--security-groups', account.securityGroup];
    const r = await preflight(taskDefinition('nopublic', [{ name: 'api', image: IMAGE }]), flags);
    const out = parsed(r) as Out & { assignPublicIp?: string };
    expect(r.status).toBe(5);
    expect(out.assignPublicIp).toBe('DISABLED');
    expect(causes(out)).toEqual([['api', 'public-ip-disabled', 'proven']]);
    expect(out.findings[0]!.evidence.map((e) => e.detail).join(' ')).toMatch(
      /^The task would run with assignPublicIp DISABLED/,
    );
    const text = (await preflight(taskDefinition('nopublic', [{ name: 'api', image: IMAGE }]), flags, false)).stdout;
    expect(text).toMatch(/assignPublicIp DISABLED\n/);
    expect(text).toMatch(/Run it with assignPublicIp=ENABLED/);
  });

  it('a bridge-mode EC2 task: the subnets given are not its network; the instance path is said to be unchecked', async () => {
    const file = taskDefinition('bridge', [{ name: 'api', image: IMAGE, memory: 512 }], {
      networkMode: 'bridge',
      requiresCompatibilities: ['EC2'],
    });
    const flags = ['--subnets', account.isolatedSubnet, '--launch-type', 'EC2'];
    const r = await preflight(file, flags);
    const out = parsed(r);
    expect(r.status).toBe(6);
    expect(out.findings).toEqual([]);
    expect(out.unchecked.map((u) => u.reason).join(' ')).toMatch(/container instance/);
  });

  it('no execution role and no private image or secret: nothing needed the role, so nothing is unchecked', async () => {
    const file = taskDefinition('norole', [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27' }], {
      executionRoleArn: undefined,
    });
    const r = await preflight(file);
    expect({ status: r.status, unchecked: parsed(r).unchecked }).toEqual({ status: 0, unchecked: [] });
  });

  it('a security group that is not in the VPC: the check cannot decide, so it is unchecked (exit 6), not a pass', async () => {
    const flags = [
      '--subnets',
      account.publicSubnet,
      '--security-groups',
      'sg-0123456789abcdef0',
      '--assign-public-ip',
      'ENABLED',
    ];
    const r = await preflight(taskDefinition('nosg', [{ name: 'api', image: IMAGE }]), flags);
    const out = parsed(r);
    expect(r.status).toBe(6);
    expect(out.unchecked.map((u) => u.check)).toContain('security-group-blocks');
  });

  it('a service the CI role may not read: exit 6, and --json still prints the report with why', async () => {
    const r = await preflight(taskDefinition('denied', [{ name: 'api', image: IMAGE }]), ['--service', 'shop-denied']);
    expect(r.status).toBe(6);
    expect(parsed(r)).toMatchObject({
      findings: [],
      exitCode: 6,
      unchecked: [{ api: 'ecs:DescribeServices', reason: expect.stringMatching(/service shop-denied/) }],
    });
  });

  it('hostile input: a zero-width character in the image is judged as written; duplicate names are refused', async () => {
    const hidden = taskDefinition('hidden', [{ name: 'api\u001b[31m', image: `${REGISTRY}/shop/api\u200b:v1` }]);
    const r = await preflight(hidden, network(), false);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/\[invalid-image-reference\]/);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u200b]/);
    const twice = taskDefinition('twice', [
      { name: 'api', image: IMAGE },
      { name: 'api', image: `${REGISTRY}/shop/nope:1` },
    ]);
    const dup = await preflight(twice);
    expect(dup.status).toBe(2);
    expect(dup.stderr).toMatch(/two containers are named api/);
  });

  it('a missing SSM parameter named without an ARN: the fix reads SSM and grants the parameter ARN', async () => {
    const file = taskDefinition('param', [
      { name: 'api', image: IMAGE, secrets: [{ name: 'TOKEN', valueFrom: 'shop-gone-token' }] },
    ]);
    const r = await preflight(file);
    const out = parsed(r) as Out & { findings: Array<{ proposal: { steps: Array<{ command?: string }> } }> };
    expect(r.status).toBe(5);
    expect(causes(out)).toEqual([['api', 'secret-or-parameter-unavailable', 'proven']]);
    const commands = out.findings[0]!.proposal.steps.map((st) => st.command ?? '').join('\n');
    expect(commands).toContain('aws ssm describe-parameters');
    expect(commands).not.toContain('describe-secret');
  });

  // Last: it reads what every test above made the CLI call.
  it('calls nothing beyond the read policy the README gives CI (preflightReadActions) and sts:GetCallerIdentity', () => {
    // The config blobs come from the presigned URL GetDownloadUrlForLayer returns (S3 in AWS): not an AWS API call.
    const called = [...new Set(proxy.calls)].filter((c) => !c.startsWith('unsigned:GET /blobs/')).sort();
    expect(called).toEqual(
      expect.arrayContaining(['ecr:BatchGetImage', 'ec2:DescribeSubnets', 'iam:SimulatePrincipalPolicy']),
    );
    const allowed = new Set([...preflightReadActions(), 'sts:GetCallerIdentity']);
    expect(called.filter((a) => !allowed.has(a))).toEqual([]);
  });
});
