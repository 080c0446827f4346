/**
 * Evidence gathering against strict SDK mocks, with response shapes from the API references
 * (DescribeRouteTables Associations/Main, DescribeVpcEndpoints, SimulatePrincipalPolicy EvaluationResults,
 * GetRolePolicy URL-encoded PolicyDocument, BatchGetImage failures[]).
 */
import { callPlanFor } from '../../../lambda/causes/call-plan';
import { MAX_CALLS_PER_DIAGNOSIS } from '../../../lambda/facts/probes/budget';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
} from '@aws-sdk/client-ecs';
import {
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  ECRClient,
  BatchGetImageCommand,
  DescribeImagesCommand,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { ListHostedZonesByVPCCommand, Route53Client } from '@aws-sdk/client-route-53';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { createClients } from '../../../lambda/aws/clients';
import { CallContext, criticalPathRounds } from '../../../lambda/aws/call';
import { withLatency } from '../../helpers/latency';
import { gatherFacts } from '../../../lambda/facts/gather';
import { loadStoppedTask } from '../../../lambda/facts/probes/task';
import { classifyText } from '../../../lambda/causes/classify';
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { READ_ACTIONS } from '../../../lambda/permissions';
import { awsError, mocks, receivedCommands, resetMocks } from '../../helpers/aws-mocks';
import { ACCOUNT, IMAGE, REGION, REPO_ARN, ROLE, TD_ARN, failure } from '../../helpers/facts';

const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-AbCdEf`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function mockTaskDefinition(over: Record<string, unknown> = {}, container: Record<string, unknown> = {}) {
  mocks.ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      taskDefinitionArn: TD_ARN,
      family: 'web',
      executionRoleArn: ROLE,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      containerDefinitions: [
        {
          name: 'web',
          image: IMAGE,
          essential: true,
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } },
          ...container,
        },
      ],
      ...over,
    },
  });
}

function mockService(assignPublicIp: 'ENABLED' | 'DISABLED' = 'DISABLED') {
  mocks.ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceName: 'web',
        serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/web`,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-0a1'], securityGroups: ['sg-task'], assignPublicIp },
        },
      },
    ],
    failures: [],
  });
}

/** Private subnet with no explicit association: it uses the main table, which has no default route. */
function mockPrivateVpc(
  opts: { endpoints?: Array<Record<string, unknown>>; mainDefault?: Record<string, unknown> } = {},
) {
  mocks.ec2.on(DescribeSubnetsCommand).resolves({
    Subnets: [
      {
        SubnetId: 'subnet-0a1',
        VpcId: 'vpc-0a',
        AvailabilityZone: 'us-east-1a',
        CidrBlock: '10.0.1.0/24',
        MapPublicIpOnLaunch: false,
      },
    ],
  });
  mocks.ec2.on(DescribeNetworkAclsCommand).resolves({
    NetworkAcls: [
      {
        NetworkAclId: 'acl-0a',
        VpcId: 'vpc-0a',
        IsDefault: true,
        Associations: [{ NetworkAclAssociationId: 'aclassoc-1', NetworkAclId: 'acl-0a', SubnetId: 'subnet-0a1' }],
        Entries: [
          { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
        ],
      },
    ],
  });
  mocks.ec2.on(DescribeRouteTablesCommand).resolves({
    RouteTables: [
      {
        RouteTableId: 'rtb-main',
        VpcId: 'vpc-0a',
        Associations: [
          {
            Main: true,
            RouteTableAssociationId: 'rtbassoc-m',
            RouteTableId: 'rtb-main',
            AssociationState: { State: 'associated' },
          },
        ],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' },
          ...(opts.mainDefault ? [opts.mainDefault] : []),
        ],
      },
      {
        RouteTableId: 'rtb-public',
        VpcId: 'vpc-0a',
        Associations: [
          {
            Main: false,
            SubnetId: 'subnet-0pub',
            RouteTableAssociationId: 'rtbassoc-p',
            RouteTableId: 'rtb-public',
            AssociationState: { State: 'associated' },
          },
        ],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc', State: 'active' },
        ],
      },
    ],
  });
  mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: (opts.endpoints ?? []) as never });
  mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({
    SecurityGroups: [
      {
        GroupId: 'sg-task',
        VpcId: 'vpc-0a',
        IpPermissions: [],
        IpPermissionsEgress: [
          {
            IpProtocol: '-1',
            IpRanges: [{ CidrIp: '0.0.0.0/0' }],
            Ipv6Ranges: [],
            PrefixListIds: [],
            UserIdGroupPairs: [],
          },
        ],
      },
    ],
  });
  mocks.ec2
    .on(DescribeVpcAttributeCommand, { VpcId: 'vpc-0a', Attribute: 'enableDnsSupport' })
    .resolves({ VpcId: 'vpc-0a', EnableDnsSupport: { Value: true } });
  mocks.ec2
    .on(DescribeVpcAttributeCommand, { VpcId: 'vpc-0a', Attribute: 'enableDnsHostnames' })
    .resolves({ VpcId: 'vpc-0a', EnableDnsHostnames: { Value: true } });
  // No private hosted zone: nothing answers the ECR/S3 names but Amazon-provided DNS.
  mocks.route53
    .on(ListHostedZonesByVPCCommand, { VPCId: 'vpc-0a', VPCRegion: REGION })
    .resolves({ HostedZoneSummaries: [], MaxItems: 100 });
}

function mockSimulation(decisions: Record<string, string>, extra: Record<string, unknown> = {}) {
  mocks.iam.on(SimulatePrincipalPolicyCommand).callsFake((input: { ActionNames: string[]; ResourceArns: string[] }) =>
    Promise.resolve({
      IsTruncated: false,
      EvaluationResults: input.ActionNames.map((a) => ({
        EvalActionName: a,
        EvalResourceName: input.ResourceArns.length === 1 ? input.ResourceArns[0] : '*',
        EvalDecision: decisions[a] ?? 'allowed',
        MatchedStatements: [],
        MissingContextValues: [],
        ...(input.ResourceArns.length > 1
          ? {
              ResourceSpecificResults: input.ResourceArns.map((r) => ({
                EvalResourceName: r,
                EvalResourceDecision: decisions[`${a} ${r}`] ?? decisions[a] ?? 'allowed',
                MatchedStatements: [],
                MissingContextValues: [],
              })),
            }
          : {}),
        ...extra,
      })),
    }),
  );
  mocks.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
}

function mockEcrImage(tagDigest: string | null) {
  mocks.ecr.on(BatchGetImageCommand).resolves(
    tagDigest
      ? {
          images: [
            {
              registryId: ACCOUNT,
              repositoryName: 'web',
              imageId: { imageDigest: tagDigest, imageTag: '1.4.2' },
              imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
              imageManifest: '{"schemaVersion":2}',
            },
          ],
          failures: [],
        }
      : {
          images: [],
          failures: [
            {
              imageId: { imageTag: '1.4.2' },
              failureCode: 'ImageNotFound',
              failureReason: 'Requested image not found',
            },
          ],
        },
  );
}

const run = async (reason: string, over: Parameters<typeof failure>[1] = {}) => {
  const f = failure(reason, over);
  const ctx = new CallContext();
  // A little latency: calls made together overlap as against AWS, so the wave count is not microtask order.
  const restore = withLatency();
  const facts = await gatherFacts(f, callPlanFor(classifyText(f.reason, f.image, f.task.launchType), f), {
    clients: createClients(REGION),
    ctx,
  }).finally(restore);
  return { facts, ctx, d: diagnose(f, facts) };
};

function expectWithinBudget(ctx: CallContext) {
  expect(ctx.calls.length).toBeLessThanOrEqual(MAX_CALLS_PER_DIAGNOSIS);
  expect(criticalPathRounds(ctx.calls)).toBeLessThanOrEqual(4);
  // No API twice with identical input.
  const inputs: string[] = [];
  for (const [name, m] of Object.entries(mocks))
    for (const c of m.calls())
      inputs.push(
        `${name}:${(c.args[0] as { constructor: { name: string } }).constructor.name}:${JSON.stringify((c.args[0] as { input: unknown }).input)}`,
      );
  expect(new Set(inputs).size).toBe(inputs.length);
  // Every call is a declared read action.
  const declared = new Set<string>(
    Object.values(READ_ACTIONS)
      .flat()
      .map((a) => a.toLowerCase()),
  );
  for (const c of receivedCommands()) expect(declared).toContain(c.toLowerCase());
}

// Mocked calls answer after a few milliseconds, so overlapping calls form one wave as in AWS
// (wrapped after each reset, because a reset may re-install the stubs).
const CLASSES = [
  ECSClient,
  EC2Client,
  ECRClient,
  IAMClient,
  Route53Client,
  SecretsManagerClient,
  SSMClient,
] as unknown as Array<{ prototype: { send: (...a: unknown[]) => Promise<unknown> } }>;
let originals: Array<(...a: unknown[]) => Promise<unknown>> = [];
beforeEach(() => {
  resetMocks();
  originals = CLASSES.map((Cls) => {
    const stub = Cls.prototype.send;
    Cls.prototype.send = function (this: unknown, ...a: unknown[]) {
      return new Promise((r) => setTimeout(r, 5)).then(() => stub.apply(this, a));
    };
    return stub;
  });
});
afterEach(() => {
  for (const [i, Cls] of CLASSES.entries()) Cls.prototype.send = originals[i]!;
});

describe('gatherFacts + diagnose with strict mocks', () => {
  const ECR_AUTH_TIMEOUT =
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 10.0.0.1:443: i/o timeout';

  it('proves network-no-route for a subnet on the main table without a default route and no endpoints', async () => {
    mockTaskDefinition();
    mockService();
    mockPrivateVpc();
    const { d, ctx, facts } = await run(ECR_AUTH_TIMEOUT);
    expect(d.cause).toBe('network-no-route');
    expect(d.confidence).toBe('proven');
    expect(d.resources.routeTableIds).toEqual(['rtb-main']);
    expect(d.fixInputs.missingEndpoints).toEqual(['ecr.api', 'ecr.dkr', 's3', 'logs']);
    expect(d.fixInputs.routeTablesWithoutS3).toEqual(['rtb-main']);
    expect(facts.calls).toBe(ctx.calls.length);
    expectWithinBudget(ctx);
    // Route tables in one call filtered by VPC (explicit associations and the main table together).
    expect(mocks.ec2.commandCalls(DescribeRouteTablesCommand)[0]!.args[0].input).toEqual({
      Filters: [{ Name: 'vpc-id', Values: ['vpc-0a'] }],
    });
  });

  it('does not call it no-route when the default route is a blackhole NAT but reports the route as the cause', async () => {
    mockTaskDefinition();
    mockService();
    mockPrivateVpc({
      mainDefault: { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0dead', State: 'blackhole' },
    });
    const { d } = await run(ECR_AUTH_TIMEOUT);
    expect(d.cause).toBe('network-no-route');
    expect(d.evidence.find((e) => e.check === 'default-route')?.detail).toContain('blackhole');
  });

  it('answers unknown, not no-route, for a transit-gateway default route', async () => {
    mockTaskDefinition();
    mockService();
    mockPrivateVpc({
      mainDefault: { DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-0abc', State: 'active' },
    });
    const { d } = await run(ECR_AUTH_TIMEOUT);
    expect(d.confidence).not.toBe('proven');
    expect(d.evidence.find((e) => e.cause === 'network-no-route' && e.check === 'default-route')?.result).toBe(
      'unknown',
    );
  });

  it("asks Route 53 for the VPC's private hosted zones (VPCId + VPCRegion), and a service-owned zone keeps no-route proven", async () => {
    mockTaskDefinition();
    mockService();
    mockPrivateVpc();
    // An interface endpoint's private DNS zone belongs to the service: it is not a central endpoint.
    mocks.route53.on(ListHostedZonesByVPCCommand).resolves({
      HostedZoneSummaries: [
        {
          HostedZoneId: 'Z0SERVICE',
          Name: `dkr.ecr.${REGION}.amazonaws.com.`,
          Owner: { OwningService: 'vpce.amazonaws.com' },
        },
      ],
      MaxItems: 100,
    });
    const { d, ctx, facts } = await run(ECR_AUTH_TIMEOUT);
    expect(mocks.route53.commandCalls(ListHostedZonesByVPCCommand).map((c) => c.args[0].input)).toEqual([
      { VPCId: 'vpc-0a', VPCRegion: REGION, MaxItems: 100 },
    ]);
    expect(facts.network?.hostedZones).toEqual({
      ok: true,
      value: [{ id: 'Z0SERVICE', name: `dkr.ecr.${REGION}.amazonaws.com`, owningService: 'vpce.amazonaws.com' }],
    });
    expect([d.cause, d.confidence]).toEqual(['network-no-route', 'proven']);
    expectWithinBudget(ctx);
  });

  it('does not prove no route when a customer zone answers the ECR names (central endpoints), nor for a firewall-endpoint default route', async () => {
    mockTaskDefinition();
    mockService();
    mockPrivateVpc();
    mocks.route53.on(ListHostedZonesByVPCCommand).resolves({
      HostedZoneSummaries: [
        {
          HostedZoneId: '/hostedzone/Z0CENTRAL',
          Name: `api.ecr.${REGION}.amazonaws.com.`,
          Owner: { OwningAccount: '999988887777' },
        },
      ],
      MaxItems: 100,
    });
    const zone = await run(ECR_AUTH_TIMEOUT);
    expect(zone.d.confidence).not.toBe('proven');
    expect(zone.d.fixInputs.networkUndecidable).toMatchObject({ kind: 'private-hosted-zone', ids: ['Z0CENTRAL'] });

    resetMocks();
    mockTaskDefinition();
    mockService();
    mockPrivateVpc({
      mainDefault: { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'vpce-0firewall', State: 'active' },
    });
    const firewall = await run(ECR_AUTH_TIMEOUT);
    expect(firewall.d.confidence).not.toBe('proven');
    expect(firewall.d.fixInputs.networkUndecidable).toMatchObject({ kind: 'route', ids: ['vpce-0firewall'] });
  });

  it.each([
    [
      'denied',
      () => mocks.route53.on(ListHostedZonesByVPCCommand).rejects(awsError('AccessDenied', 403)),
      'AccessDenied',
    ],
    [
      'more than one page',
      () =>
        mocks.route53.on(ListHostedZonesByVPCCommand).resolves({
          HostedZoneSummaries: [
            { HostedZoneId: 'Z0CORP', Name: 'corp.example.com.', Owner: { OwningAccount: ACCOUNT } },
          ],
          MaxItems: 100,
          NextToken: 'next',
        }),
      'only the first 100 were read',
    ],
  ])(
    'keeps no route at "likely" when the zone list is %s, and says which check could not be made',
    async (_name, zones, reason) => {
      mockTaskDefinition();
      mockService();
      mockPrivateVpc();
      zones();
      const { d, ctx } = await run(ECR_AUTH_TIMEOUT);
      expect([d.cause, d.confidence]).toEqual(['network-no-route', 'likely']);
      expect(d.unchecked).toContainEqual(
        expect.objectContaining({
          check: 'private-hosted-zones',
          api: 'route53:ListHostedZonesByVPC',
          reason: expect.stringContaining(reason),
        }),
      );
      expectWithinBudget(ctx);
    },
  );

  it('proves vpc-endpoint-missing when only the ECR interface endpoints exist (no S3 gateway)', async () => {
    mockTaskDefinition();
    mockService();
    const ep = (svc: string, id: string) => ({
      VpcEndpointId: id,
      VpcEndpointType: 'Interface',
      VpcId: 'vpc-0a',
      ServiceName: `com.amazonaws.${REGION}.${svc}`,
      State: 'available',
      PrivateDnsEnabled: true,
      SubnetIds: ['subnet-0a1'],
      Groups: [{ GroupId: 'sg-task', GroupName: 'x' }],
      RouteTableIds: [],
    });
    mockPrivateVpc({
      endpoints: [
        ep('ecr.api', 'vpce-api'),
        ep('ecr.dkr', 'vpce-dkr'),
        ep('logs', 'vpce-logs'),
        { ...ep('s3', 'vpce-s3p'), State: 'pending', VpcEndpointType: 'Gateway', RouteTableIds: ['rtb-main'] },
      ],
    });
    const { d, ctx } = await run(ECR_AUTH_TIMEOUT);
    expect(d.cause).toBe('vpc-endpoint-missing');
    expect(d.confidence).toBe('proven');
    expect(d.fixInputs.missingEndpoints).toEqual(['s3']);
    expectWithinBudget(ctx);
  });

  it('proves execution-role-ecr-permissions by simulation with an implicit deny, and lists attached policies', async () => {
    mockTaskDefinition();
    mockEcrImage(`sha256:${'a'.repeat(64)}`);
    mocks.ecr.on(GetRepositoryPolicyCommand).rejects(awsError('RepositoryPolicyNotFoundException'));
    mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [] });
    mocks.ecr.on(GetLifecyclePolicyCommand).rejects(awsError('LifecyclePolicyNotFoundException'));
    mockSimulation({ 'ecr:BatchGetImage': 'implicitDeny', 'ecr:GetDownloadUrlForLayer': 'implicitDeny' });
    const { d, ctx } = await run(
      "The task can\u2019t pull the image. Check that the role has the permissions to pull images from the registry. Error response from daemon: pull access denied for 111122223333.dkr.ecr.us-east-1.amazonaws.com/web, repository does not exist or may require 'docker login'",
    );
    expect(d.cause).toBe('execution-role-ecr-permissions');
    expect(d.confidence).toBe('proven');
    expect(d.fixInputs).toMatchObject({
      denyKind: 'implicit',
      permissionsMethod: 'simulation',
      attachedPolicyArns: [],
      roleInSameAccount: true,
    });
    const sim = mocks.iam.commandCalls(SimulatePrincipalPolicyCommand)[0]!.args[0].input;
    expect(sim.ResourceArns).toEqual(['*', REPO_ARN]);
    expectWithinBudget(ctx);
  });

  it('falls back to URL-encoded policy documents when the simulation is denied by an SCP', async () => {
    mockTaskDefinition();
    mockEcrImage(`sha256:${'a'.repeat(64)}`);
    mocks.ecr.on(GetRepositoryPolicyCommand).rejects(awsError('RepositoryPolicyNotFoundException'));
    mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [] });
    mocks.ecr.on(GetLifecyclePolicyCommand).rejects(awsError('LifecyclePolicyNotFoundException'));
    mocks.iam
      .on(SimulatePrincipalPolicyCommand)
      .rejects(awsError('AccessDenied', 403, 'explicit deny in a service control policy'));
    mocks.iam.on(ListAttachedRolePoliciesCommand).resolves({
      AttachedPolicies: [{ PolicyName: 'logs-only', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/logs-only` }],
    });
    mocks.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['inline-ecr'] });
    mocks.iam
      .on(GetPolicyCommand)
      .resolves({ Policy: { Arn: `arn:aws:iam::${ACCOUNT}:policy/logs-only`, DefaultVersionId: 'v3' } });
    mocks.iam.on(GetPolicyVersionCommand).resolves({
      PolicyVersion: {
        VersionId: 'v3',
        IsDefaultVersion: true,
        Document: encodeURIComponent(
          JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'logs:*', Resource: '*' } }),
        ),
      },
    });
    mocks.iam.on(GetRolePolicyCommand).resolves({
      RoleName: 'ecsTaskExecutionRole',
      PolicyName: 'inline-ecr',
      PolicyDocument: encodeURIComponent(
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' }],
        }),
      ),
    });
    const { d, ctx } = await run(
      "CannotPullContainerError: pull access denied for 111122223333.dkr.ecr.us-east-1.amazonaws.com/web, repository does not exist or may require 'docker login'",
    );
    expect(d.cause).toBe('execution-role-ecr-permissions');
    expect(d.confidence).toBe('proven');
    expect(d.fixInputs.permissionsMethod).toBe('policy-documents');
    expect(d.evidence.find((e) => e.check === 'execution-role-permissions')?.detail).toMatch(
      /service control policy could also deny/,
    );
    expectWithinBudget(ctx);
  });

  it('proves image-not-found from BatchGetImage failures and lists recent tags newest first', async () => {
    mockTaskDefinition();
    mockEcrImage(null);
    mocks.ecr.on(DescribeImagesCommand).resolves({
      imageDetails: [
        { imageDigest: 'sha256:1', imageTags: ['1.4.0'], imagePushedAt: new Date('2026-01-01') },
        { imageDigest: 'sha256:2', imageTags: ['1.4.3', 'latest'], imagePushedAt: new Date('2026-03-01') },
      ],
    });
    mocks.ecr
      .on(GetLifecyclePolicyCommand)
      .resolves({ lifecyclePolicyText: JSON.stringify({ rules: [{ rulePriority: 1 }] }) });
    mockSimulation({});
    const { d, ctx } = await run(
      'CannotPullContainerError: Error response from daemon: manifest for web:1.4.2 not found: manifest unknown: manifest unknown',
    );
    expect(d.cause).toBe('image-not-found');
    expect(d.confidence).toBe('proven');
    expect(d.fixInputs.recentTags).toEqual(['1.4.3', 'latest', '1.4.0']);
    expect(d.fixInputs.lifecyclePolicyPresent).toBe(true);
    expectWithinBudget(ctx);
  });

  it('proves repository-not-found from RepositoryNotFoundException (a fact, not an unknown)', async () => {
    mockTaskDefinition();
    mocks.ecr.on(BatchGetImageCommand).rejects(awsError('RepositoryNotFoundException'));
    mocks.ecr.on(GetRepositoryPolicyCommand).rejects(awsError('RepositoryNotFoundException'));
    mockSimulation({});
    const { d } = await run(
      "CannotPullContainerError: pull access denied for 111122223333.dkr.ecr.us-east-1.amazonaws.com/web, repository does not exist or may require 'docker login'",
    );
    expect(d.cause).toBe('repository-not-found');
    expect(d.confidence).toBe('proven');
  });

  it('proves kms-decrypt-denied with a second simulation once DescribeSecret names the key', async () => {
    mockTaskDefinition({}, { secrets: [{ name: 'DB', valueFrom: `${SECRET_ARN}:password::` }] });
    mocks.secretsManager.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN, Name: 'db', KmsKeyId: KEY_ARN });
    mockSimulation({ 'kms:Decrypt': 'implicitDeny' });
    const { d, ctx } = await run(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: AccessDeniedException: Access to KMS is not allowed',
    );
    expect(d.cause).toBe('kms-decrypt-denied');
    expect(d.confidence).toBe('proven');
    expect(d.fixInputs.kmsKeyIds).toEqual([KEY_ARN]);
    expect(mocks.secretsManager.commandCalls(DescribeSecretCommand)[0]!.args[0].input).toEqual({
      SecretId: SECRET_ARN,
    });
    expectWithinBudget(ctx);
  });

  it('proves secret-or-parameter-unavailable for a missing SSM parameter (absent from DescribeParameters)', async () => {
    mockTaskDefinition(
      {},
      { secrets: [{ name: 'API', valueFrom: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/prod/api-key` }] },
    );
    mocks.ssm.on(DescribeParametersCommand).resolves({ Parameters: [] });
    mockSimulation({});
    const { d } = await run(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: ParameterNotFound',
    );
    expect(d.cause).toBe('secret-or-parameter-unavailable');
    // As the ARN IAM evaluates (a bare name would be planned as a Secrets Manager secret).
    expect(d.fixInputs.unavailableSecrets).toEqual(['arn:aws:ssm:us-east-1:111122223333:parameter/prod/api-key']);
  });

  it('proves public-ip-disabled for a service in a public subnet', async () => {
    mockTaskDefinition();
    mockService('DISABLED');
    mockPrivateVpc({ mainDefault: { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc', State: 'active' } });
    const { d } = await run(ECR_AUTH_TIMEOUT);
    expect(d.cause).toBe('public-ip-disabled');
    expect(d.fixInputs.assignPublicIp).toBe('DISABLED');
  });

  it('sets ignoredReason for a non-essential sidecar when the task stopped for another reason', async () => {
    mockTaskDefinition({}, { essential: false });
    mocks.ecr.on(BatchGetImageCommand).resolves({ images: [], failures: [] });
    mockSimulation({});
    const { d } = await run('CannotPullContainerError: pull access denied', { stoppedForOther: true });
    expect(d.ignoredReason).toMatch(/not essential/);
  });
});

describe('unknown facts still complete the diagnosis', () => {
  const TEXT =
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth';
  it.each(['AccessDeniedException', 'ThrottlingException'])(
    'every probe failing with %s yields Unchecked entries and a ranked candidate list',
    async (name) => {
      for (const m of Object.values(mocks)) m.rejects(awsError(name, name.startsWith('Access') ? 403 : 400));
      const { d, ctx } = await run(TEXT);
      expect(d.mode).toBe('evidence');
      expect(d.confidence).not.toBe('proven');
      expect(d.candidates).toEqual(expect.arrayContaining(['network-no-route']));
      expect(d.unchecked.map((u) => u.api)).toEqual(
        expect.arrayContaining(['ecs:DescribeTaskDefinition', 'ecs:DescribeServices', 'ec2:DescribeSubnets']),
      );
      expectWithinBudget(ctx);
    },
  );

  it('a role with an unreadable simulation and network probes denied still ranks the permission cause', async () => {
    mockTaskDefinition();
    mockService();
    mocks.ec2.rejects(awsError('UnauthorizedOperation', 403));
    mocks.iam.rejects(awsError('Throttling', 400));
    mocks.ecr.on(BatchGetImageCommand).resolves({ images: [], failures: [] });
    const { d } = await run(TEXT);
    expect(d.candidates).toEqual(expect.arrayContaining(['network-no-route', 'execution-role-ecr-permissions']));
    expect(d.unchecked.some((u) => u.api === 'iam:SimulatePrincipalPolicy')).toBe(true);
  });
});

describe('loadStoppedTask', () => {
  it('builds the same StoppedTask shape as the event parser (subnets from attachments)', async () => {
    mocks.ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/0123456789abcdef0123456789abcdef`,
          clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`,
          taskDefinitionArn: TD_ARN,
          group: 'service:web',
          launchType: 'FARGATE',
          lastStatus: 'STOPPED',
          stopCode: 'TaskFailedToStart',
          stoppedReason:
            'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref',
          stoppedAt: new Date('2026-11-25T08:00:00Z'),
          containers: [{ name: 'web', image: IMAGE, lastStatus: 'STOPPED' }],
          attachments: [
            {
              id: 'a',
              type: 'ElasticNetworkInterface',
              status: 'DELETED',
              details: [
                { name: 'subnetId', value: 'subnet-0a1' },
                { name: 'networkInterfaceId', value: 'eni-1' },
              ],
            },
          ],
        },
      ],
      failures: [],
    });
    const r = await loadStoppedTask(
      createClients(REGION),
      new CallContext(),
      'prod',
      '0123456789abcdef0123456789abcdef',
    );
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.task).toMatchObject({
        serviceName: 'web',
        subnetIds: ['subnet-0a1'],
        clusterName: 'prod',
        stoppedAt: '2026-11-25T08:00:00.000Z',
        account: ACCOUNT,
      });
  });

  it('explains MISSING (stopped tasks are visible for about an hour)', async () => {
    mocks.ecs.on(DescribeTasksCommand).resolves({
      tasks: [],
      failures: [{ arn: 'arn:aws:ecs:us-east-1:111122223333:task/prod/x', reason: 'MISSING' }],
    });
    const r = await loadStoppedTask(createClients(REGION), new CallContext(), 'prod', 'x');
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/MISSING.*hour/) });
  });
});
