import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  type CreateVpcEndpointCommandInput,
  type SecurityGroup,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  AttachRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
  type SimulatePrincipalPolicyCommandInput,
} from '@aws-sdk/client-iam';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { CallContext } from '../../../lambda/aws/call';
import { createClients } from '../../../lambda/aws/clients';
import { allReadActions } from '../../../lambda/causes/read-actions';
import { allWriteActions } from '../../../lambda/permissions';
import { CAUSE_IDS, type CauseId, type Diagnosis } from '../../../lambda/domain/diagnosis';
import { applyPlan } from '../../../lambda/remediate/apply';
import { clientToken } from '../../../lambda/remediate/client-token';
import { decide } from '../../../lambda/remediate/decide';
import { render } from '../../../lambda/notify/render';
import { planRemediation } from '../../../lambda/causes/plan';
import { DEFAULT_PLAN_OPTIONS } from '../../../lambda/remediate/plan-options';
import type { Outcome } from '../../../lambda/remediate/types';
import { awsError, mocks, receivedCommands, resetMocks, writeCommands } from '../../helpers/aws-mocks';
import { ACCOUNT, diagnosis, REGION, ROLE_ARN, RTB_A, RTB_B, SUBNET_A, SUBNET_B, VPC } from './diagnosis-builder';

const clients = createClients(REGION);
const INCIDENT = 'inc-2026-11-25-web';
const MANAGED = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const SG_ID = 'sg-0e0d0c0b0a0918273';
const SG_FILTERS = [
  { Name: 'vpc-id', Values: [VPC] },
  { Name: 'group-name', Values: ['ecs-pull-doctor-endpoints'] },
  { Name: 'tag:ecs-pull-doctor:created-by', Values: ['ecs-pull-doctor'] },
];
const svc = (s: string) => `com.amazonaws.${REGION}.${s}`;
const THIS_ACCOUNT = {
  Sid: 'OnlyPrincipalsOfThisAccount',
  Effect: 'Allow',
  Principal: '*',
  Action: '*',
  Resource: '*',
  Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
};
const LAYER_BUCKET = {
  Sid: 'EcrImageLayers',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::prod-${REGION}-starport-layer-bucket/*`,
};
const tags = (name: string) => [
  { Key: 'Name', Value: name },
  { Key: 'ecs-pull-doctor:created-by', Value: 'ecs-pull-doctor' },
  { Key: 'ecs-pull-doctor:incident', Value: INCIDENT },
];

function env(overrides: { forceNewDeployment?: boolean; ctx?: CallContext } = {}) {
  return {
    clients,
    ctx: overrides.ctx ?? new CallContext(),
    incidentId: INCIDENT,
    forceNewDeployment: overrides.forceNewDeployment ?? false,
    planOptions: DEFAULT_PLAN_OPTIONS,
  };
}

function interfaceEndpoint(service: string, id: string, state = 'available'): VpcEndpoint {
  return {
    VpcEndpointId: id,
    VpcId: VPC,
    ServiceName: svc(service),
    VpcEndpointType: 'Interface',
    State: state as VpcEndpoint['State'],
    PrivateDnsEnabled: true,
    SubnetIds: [SUBNET_A, SUBNET_B],
    Groups: [{ GroupId: SG_ID }],
  };
}
function gatewayEndpoint(id: string, routeTables: string[]): VpcEndpoint {
  return {
    VpcEndpointId: id,
    VpcId: VPC,
    ServiceName: svc('s3'),
    VpcEndpointType: 'Gateway',
    State: 'available' as VpcEndpoint['State'],
    RouteTableIds: routeTables,
  };
}
const ourGroup = (cidrs: string[] = ['10.0.0.0/16']): SecurityGroup => ({
  GroupId: SG_ID,
  GroupName: 'ecs-pull-doctor-endpoints',
  VpcId: VPC,
  IpPermissions: cidrs.length
    ? [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: cidrs.map((CidrIp) => ({ CidrIp })) }]
    : [],
});
const ALL_PRESENT: VpcEndpoint[] = [
  interfaceEndpoint('ecr.api', 'vpce-0api'),
  interfaceEndpoint('ecr.dkr', 'vpce-0dkr'),
  interfaceEndpoint('logs', 'vpce-0logs'),
  gatewayEndpoint('vpce-0s3', [RTB_A, RTB_B]),
];

function createdEndpointInputs(): CreateVpcEndpointCommandInput[] {
  return mocks.ec2.commandCalls(CreateVpcEndpointCommand).map((c) => c.args[0].input);
}

/** Mocks CreateVpcEndpoint like EC2: a new id per client token, the same endpoint again for the same token. */
function ec2CreatesEndpoints(): Map<string, VpcEndpoint> {
  const byToken = new Map<string, VpcEndpoint>();
  mocks.ec2.on(CreateVpcEndpointCommand).callsFake((input: CreateVpcEndpointCommandInput) => {
    let e = byToken.get(input.ClientToken!);
    if (!e) {
      e = {
        VpcEndpointId: `vpce-0new${byToken.size}`,
        ServiceName: input.ServiceName!,
        VpcEndpointType: input.VpcEndpointType!,
        State: 'pending' as VpcEndpoint['State'],
      };
      byToken.set(input.ClientToken!, e);
    }
    return Promise.resolve({ VpcEndpoint: e, ClientToken: input.ClientToken });
  });
  return byToken;
}

function provenEndpointPlan(cause: CauseId = 'vpc-endpoint-missing', d: Diagnosis = diagnosis(cause)) {
  const plan = planRemediation(d);
  expect(decide(d, plan, { autoFixExecutionRolePolicy: false, autoFixVpcEndpoints: true })).toEqual({ apply: true });
  return { d, plan };
}

function expectFixed(o: Outcome): Extract<Outcome, { kind: 'fixed' }> {
  if (o.kind !== 'fixed') throw new Error(`expected fixed, got ${JSON.stringify(o)}`);
  return o;
}
function expectFailed(o: Outcome): Extract<Outcome, { kind: 'failed' }> {
  if (o.kind !== 'failed') throw new Error(`expected failed, got ${JSON.stringify(o)}`);
  return o;
}

beforeEach(() => resetMocks());

describe('applyPlan: VPC endpoints', () => {
  it('creates exactly the missing security group, rule and endpoints, tagged, with client tokens, then verifies', async () => {
    // Prepare: nothing exists before; everything exists when verified.
    mocks.ec2
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [] })
      .resolves({ VpcEndpoints: ALL_PRESENT });
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [] })
      .resolves({ SecurityGroups: [ourGroup()] });
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: SG_ID });
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2CreatesEndpoints();
    const { d, plan } = provenEndpointPlan();
    const e = env();

    // Act
    const outcome = expectFixed(await applyPlan(plan, d, e));

    // Assess
    expect(outcome.verified).toBe(true);
    expect(outcome.applied.map((a) => [a.stepId, a.result])).toEqual([
      ['create-endpoint-security-group', 'created'],
      ['allow-https-to-endpoints', 'changed'],
      ['create-endpoint-ecr.api', 'created'],
      ['create-endpoint-ecr.dkr', 'created'],
      ['create-endpoint-s3', 'created'],
      ['create-endpoint-logs', 'created'],
    ]);
    expect(mocks.ec2.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input).toEqual({ Filters: SG_FILTERS });
    expect(mocks.ec2.commandCalls(DescribeVpcEndpointsCommand)[0]!.args[0].input).toEqual({
      Filters: [{ Name: 'vpc-id', Values: [VPC] }],
    });
    expect(mocks.ec2.commandCalls(CreateSecurityGroupCommand).map((c) => c.args[0].input)).toEqual([
      {
        GroupName: 'ecs-pull-doctor-endpoints',
        Description: 'HTTPS from the VPC to the interface endpoints created by ecs-pull-doctor',
        VpcId: VPC,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: tags('ecs-pull-doctor-endpoints') }],
      },
    ]);
    expect(mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).map((c) => c.args[0].input)).toEqual([
      {
        GroupId: SG_ID,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'HTTPS from the VPC (ecs-pull-doctor)' }],
          },
        ],
      },
    ]);
    const iface = (s: string) => ({
      VpcEndpointType: 'Interface',
      VpcId: VPC,
      ServiceName: svc(s),
      SubnetIds: [SUBNET_A, SUBNET_B],
      SecurityGroupIds: [SG_ID],
      PrivateDnsEnabled: true,
      // EndpointPolicy=account (the default): principals of the task's account only.
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [THIS_ACCOUNT] }),
      ClientToken: clientToken(VPC, s),
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: tags(`ecs-pull-doctor-${s}`) }],
    });
    expect(createdEndpointInputs()).toEqual([
      iface('ecr.api'),
      iface('ecr.dkr'),
      {
        VpcEndpointType: 'Gateway',
        VpcId: VPC,
        ServiceName: svc('s3'),
        RouteTableIds: [RTB_A, RTB_B],
        // …and, for the S3 gateway, anyone's reads of ECR's layer bucket (ECR presigns the layer downloads).
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [THIS_ACCOUNT, LAYER_BUCKET] }),
        ClientToken: clientToken(VPC, 's3', [RTB_A, RTB_B]),
        TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: tags('ecs-pull-doctor-s3') }],
      },
      iface('logs'),
    ]);
    expect(clientToken(VPC, 'ecr.api')).toMatch(/^[0-9a-f]{64}$/);
    expect(writeCommands()).toEqual([
      'ec2:CreateSecurityGroup',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:CreateVpcEndpoint',
      'ec2:CreateVpcEndpoint',
      'ec2:CreateVpcEndpoint',
      'ec2:CreateVpcEndpoint',
    ]);
    // The calls are reported to the caller's context (logs, permission test).
    expect(e.ctx.calls.map((c) => c.api)).toContain('ec2:CreateVpcEndpoint');
  });

  it('creates nothing on a second run when everything is present (and says so)', async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: ALL_PRESENT });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [ourGroup()] });
    const { d, plan } = provenEndpointPlan();

    const outcome = expectFixed(await applyPlan(plan, d, env()));

    expect(writeCommands()).toEqual([]);
    expect(outcome.verified).toBe(true);
    expect(outcome.applied.every((a) => a.result === 'already-present')).toBe(true);
    expect(outcome.applied.find((a) => a.stepId === 'create-endpoint-ecr.api')).toMatchObject({
      resourceId: 'vpce-0api',
    });
  });

  it('creates the S3 gateway only for route tables not served yet, and ignores endpoints that are deleted or lack private DNS', async () => {
    const stale = [
      { ...interfaceEndpoint('ecr.api', 'vpce-0old', 'deleted') },
      { ...interfaceEndpoint('ecr.dkr', 'vpce-0nodns'), PrivateDnsEnabled: false },
      gatewayEndpoint('vpce-0s3a', [RTB_A]),
    ];
    mocks.ec2
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: stale })
      .resolves({ VpcEndpoints: [...stale, ...ALL_PRESENT] });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [ourGroup()] });
    ec2CreatesEndpoints();
    const { d, plan } = provenEndpointPlan();

    const outcome = expectFixed(await applyPlan(plan, d, env()));

    expect(writeCommands()).toEqual([
      'ec2:CreateVpcEndpoint',
      'ec2:CreateVpcEndpoint',
      'ec2:CreateVpcEndpoint',
      'ec2:CreateVpcEndpoint',
    ]);
    expect(createdEndpointInputs().map((i) => [i.ServiceName, i.RouteTableIds, i.ClientToken])).toEqual([
      [svc('ecr.api'), undefined, clientToken(VPC, 'ecr.api')],
      [svc('ecr.dkr'), undefined, clientToken(VPC, 'ecr.dkr')],
      [svc('s3'), [RTB_B], clientToken(VPC, 's3', [RTB_B])],
      [svc('logs'), undefined, clientToken(VPC, 'logs')],
    ]);
    expect(outcome.applied.slice(0, 2).map((a) => a.result)).toEqual(['already-present', 'already-present']);
  });

  it('adds only the missing CIDR to an existing endpoint security group', async () => {
    const d = diagnosis('vpc-endpoint-missing', {
      resources: { vpcCidrs: ['10.0.0.0/16', '100.64.0.0/16'] },
      fixInputs: { missingEndpoints: ['ecr.api'] },
    });
    mocks.ec2
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [] })
      .resolves({ VpcEndpoints: ALL_PRESENT });
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [ourGroup(['10.0.0.0/16'])] })
      .resolves({ SecurityGroups: [ourGroup(['10.0.0.0/16', '100.64.0.0/16'])] });
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2CreatesEndpoints();
    const { plan } = provenEndpointPlan('vpc-endpoint-missing', d);

    const outcome = expectFixed(await applyPlan(plan, d, env()));

    expect(
      mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]!.args[0].input.IpPermissions![0]!.IpRanges,
    ).toEqual([{ CidrIp: '100.64.0.0/16', Description: 'HTTPS from the VPC (ecs-pull-doctor)' }]);
    expect(writeCommands()).toEqual(['ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateVpcEndpoint']);
    expect(outcome.applied[0]).toMatchObject({
      stepId: 'create-endpoint-security-group',
      result: 'already-present',
      resourceId: SG_ID,
    });
  });

  it.each([
    ['IdempotentParameterMismatch', awsError('IdempotentParameterMismatch', 400)],
    [
      'a private DNS conflict',
      awsError(
        'InvalidParameter',
        400,
        'private-dns-enabled cannot be set because there is already a conflicting DNS domain for ecr.api.us-east-1.amazonaws.com in the VPC',
      ),
    ],
  ])('ends in success with one endpoint when another invocation created it first (%s)', async (_name, error) => {
    const created = interfaceEndpoint('ecr.api', 'vpce-0racer', 'pending');
    mocks.ec2
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [gatewayEndpoint('vpce-0s3', [RTB_A, RTB_B])] })
      .resolves({ VpcEndpoints: [created, gatewayEndpoint('vpce-0s3', [RTB_A, RTB_B])] });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [ourGroup()] });
    mocks.ec2.on(CreateVpcEndpointCommand).rejects(error);
    const d = diagnosis('vpc-endpoint-missing', { fixInputs: { missingEndpoints: ['ecr.api'] } });
    const { plan } = provenEndpointPlan('vpc-endpoint-missing', d);

    const outcome = expectFixed(await applyPlan(plan, d, env()));

    expect(createdEndpointInputs()).toHaveLength(1);
    expect(outcome.applied.find((a) => a.stepId === 'create-endpoint-ecr.api')).toMatchObject({
      result: 'already-present',
      resourceId: 'vpce-0racer',
    });
    expect(outcome.verified).toBe(true);
  });

  it('reuses the security group a concurrent invocation created (InvalidGroup.Duplicate)', async () => {
    // before, after the duplicate error (re-read), verification
    mocks.ec2
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [] })
      .resolvesOnce({ VpcEndpoints: [] })
      .resolves({ VpcEndpoints: ALL_PRESENT });
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [] })
      .resolves({ SecurityGroups: [ourGroup()] });
    mocks.ec2
      .on(CreateSecurityGroupCommand)
      .rejects(
        awsError(
          'InvalidGroup.Duplicate',
          400,
          "The security group 'ecs-pull-doctor-endpoints' already exists for VPC",
        ),
      );
    ec2CreatesEndpoints();
    const { d, plan } = provenEndpointPlan();

    const outcome = expectFixed(await applyPlan(plan, d, env()));

    expect(outcome.applied.slice(0, 2).map((a) => [a.stepId, a.result, a.resourceId])).toEqual([
      ['create-endpoint-security-group', 'already-present', SG_ID],
      ['allow-https-to-endpoints', 'already-present', SG_ID],
    ]);
    expect(mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)).toHaveLength(0);
    expect(createdEndpointInputs()[0]!.SecurityGroupIds).toEqual([SG_ID]);
  });

  it('two racing invocations send the same client tokens and end with one endpoint per service', async () => {
    mocks.ec2
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [] })
      .resolvesOnce({ VpcEndpoints: [] })
      .resolves({ VpcEndpoints: ALL_PRESENT });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [ourGroup()] });
    const byToken = ec2CreatesEndpoints();
    const { d, plan } = provenEndpointPlan();

    const [a, b] = await Promise.all([applyPlan(plan, d, env()), applyPlan(plan, d, env())]);

    expect(expectFixed(a).verified && expectFixed(b).verified).toBe(true);
    expect(createdEndpointInputs()).toHaveLength(8);
    expect(byToken.size).toBe(4);
    const ids = (o: Outcome) =>
      expectFixed(o)
        .applied.filter(
          (x) =>
            x.stepId.startsWith('create-endpoint-e') ||
            x.stepId === 'create-endpoint-s3' ||
            x.stepId === 'create-endpoint-logs',
        )
        .map((x) => x.resourceId);
    expect(ids(a)).toEqual(ids(b));
  });

  it('fails clearly when a group with our name exists without our tag (never writes to a group it does not own)', async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    mocks.ec2.on(CreateSecurityGroupCommand).rejects(awsError('InvalidGroup.Duplicate', 400));
    const { d, plan } = provenEndpointPlan();

    const outcome = expectFailed(await applyPlan(plan, d, env()));

    expect(outcome).toMatchObject({ failedStepId: 'create-endpoint-security-group', applied: [] });
    expect(outcome.error).toContain('without the ecs-pull-doctor:created-by tag');
    expect(outcome.notDone).toEqual([
      'allow-https-to-endpoints',
      'create-endpoint-ecr.api',
      'create-endpoint-ecr.dkr',
      'create-endpoint-s3',
      'create-endpoint-logs',
    ]);
    expect(writeCommands()).toEqual(['ec2:CreateSecurityGroup']);
  });

  it('calls only APIs declared in lambda/permissions.ts, and reports every call to the caller', async () => {
    mocks.ec2
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [] })
      .resolves({ VpcEndpoints: ALL_PRESENT });
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [] })
      .resolves({ SecurityGroups: [ourGroup()] });
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: SG_ID });
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    mocks.ecs.on(UpdateServiceCommand).resolves({});
    ec2CreatesEndpoints();
    const { d, plan } = provenEndpointPlan();
    const e = env({ forceNewDeployment: true });

    expectFixed(await applyPlan(plan, d, e));

    const declared = new Set([...allReadActions(), ...allWriteActions()]);
    expect(e.ctx.calls.map((c) => c.api).filter((api) => !declared.has(api))).toEqual([]);
    expect(e.ctx.calls).toHaveLength(receivedCommands().length);
  });

  it('stops at a failing step and reports what was and was not done', async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [] })
      .resolves({ SecurityGroups: [ourGroup()] });
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: SG_ID });
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    mocks.ec2
      .on(CreateVpcEndpointCommand)
      .resolvesOnce({ VpcEndpoint: { VpcEndpointId: 'vpce-0api', State: 'pending' as VpcEndpoint['State'] } })
      .rejects(awsError('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.'));
    const { d, plan } = provenEndpointPlan();

    const outcome = expectFailed(await applyPlan(plan, d, env()));

    expect(outcome.failedStepId).toBe('create-endpoint-ecr.dkr');
    expect(outcome.error).toContain('UnauthorizedOperation');
    expect(outcome.applied.map((a) => [a.stepId, a.result, a.resourceId])).toEqual([
      ['create-endpoint-security-group', 'created', SG_ID],
      ['allow-https-to-endpoints', 'changed', SG_ID],
      ['create-endpoint-ecr.api', 'created', 'vpce-0api'],
    ]);
    expect(outcome.notDone).toEqual(['create-endpoint-s3', 'create-endpoint-logs']);
    expect(createdEndpointInputs()).toHaveLength(2);
  });

  it('fails before any write when the VPC cannot be re-read', async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).rejects(awsError('UnauthorizedOperation', 403));
    const { d, plan } = provenEndpointPlan();

    const outcome = expectFailed(await applyPlan(plan, d, env()));

    expect(outcome).toMatchObject({ failedStepId: 'precheck', applied: [] });
    expect(outcome.notDone).toHaveLength(6);
    expect(writeCommands()).toEqual([]);
  });

  it('fails when EC2 answers a reused client token with a deleted endpoint', async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [ourGroup()] });
    mocks.ec2
      .on(CreateVpcEndpointCommand)
      .resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-0gone', State: 'deleted' as VpcEndpoint['State'] } });
    const { d, plan } = provenEndpointPlan();

    const outcome = expectFailed(await applyPlan(plan, d, env()));

    expect(outcome.failedStepId).toBe('create-endpoint-ecr.api');
    expect(outcome.error).toContain('vpce-0gone');
  });

  it('reports an unverified fix and skips the new deployment when the endpoints do not show up', async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [ourGroup()] });
    ec2CreatesEndpoints();
    const { d, plan } = provenEndpointPlan();

    const outcome = expectFixed(await applyPlan(plan, d, env({ forceNewDeployment: true })));

    expect(outcome.verified).toBe(false);
    expect(outcome.followUp).toEqual([expect.objectContaining({ stepId: 'force-new-deployment', result: 'skipped' })]);
    expect(mocks.ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  it('validates the whole plan before the first write: a tampered step changes nothing', async () => {
    const { d, plan } = provenEndpointPlan();
    const tampered = {
      ...plan,
      steps: plan.steps.map((s) =>
        s.id === 'create-endpoint-logs' ? { ...s, params: { ...s.params, VpcId: 'vpc-0ffffffffffffffff' } } : s,
      ),
    };

    const outcome = expectFailed(await applyPlan(tampered, d, env()));

    expect(outcome.failedStepId).toBe('validate');
    expect(outcome.error).toContain("create-endpoint-logs: VPC vpc-0ffffffffffffffff is not the task's VPC");
    expect(outcome.notDone).toHaveLength(6);
    expect(receivedCommands()).toEqual([]);
  });

  it('refuses to apply a refused or unproven plan even when called directly', async () => {
    for (const d of [
      diagnosis('vpc-endpoint-missing', { fixInputs: { vpcCustomDns: true } }),
      diagnosis('network-no-route', { confidence: 'likely' }),
    ]) {
      const outcome = expectFailed(await applyPlan(planRemediation(d), d, env()));
      expect(outcome.failedStepId).toBe('validate');
    }
    expect(receivedCommands()).toEqual([]);
  });
});

describe('applyPlan: execution role policy', () => {
  const proven = () => {
    const d = diagnosis('execution-role-ecr-permissions');
    const plan = planRemediation(d);
    expect(decide(d, plan, { autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: false })).toEqual({ apply: true });
    return { d, plan };
  };

  it('attaches the managed policy to the role by name and verifies it', async () => {
    mocks.iam
      .on(ListAttachedRolePoliciesCommand)
      .resolvesOnce({
        AttachedPolicies: [{ PolicyName: 'other', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/other` }],
        IsTruncated: false,
      })
      .resolves({
        AttachedPolicies: [{ PolicyName: 'AmazonECSTaskExecutionRolePolicy', PolicyArn: MANAGED }],
        IsTruncated: false,
      });
    mocks.iam.on(AttachRolePolicyCommand).resolves({});
    const { d, plan } = proven();

    const outcome = expectFixed(await applyPlan(plan, d, env()));

    expect(mocks.iam.commandCalls(ListAttachedRolePoliciesCommand)[0]!.args[0].input).toEqual({
      RoleName: 'web-execution-role',
    });
    expect(mocks.iam.commandCalls(AttachRolePolicyCommand).map((c) => c.args[0].input)).toEqual([
      { RoleName: 'web-execution-role', PolicyArn: MANAGED },
    ]);
    expect(outcome).toMatchObject({
      verified: true,
      applied: [{ stepId: 'attach-execution-role-policy', result: 'changed', resourceId: ROLE_ARN }],
    });
    expect(writeCommands()).toEqual(['iam:AttachRolePolicy']);
  });

  it('makes no AttachRolePolicy call when the policy is attached by now (re-checked, paginated), and says so', async () => {
    mocks.iam
      .on(ListAttachedRolePoliciesCommand, { RoleName: 'web-execution-role' })
      .resolvesOnce({
        AttachedPolicies: [{ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/a` }],
        IsTruncated: true,
        Marker: 'm1',
      })
      .resolves({ AttachedPolicies: [{ PolicyArn: MANAGED }], IsTruncated: false });
    const { d, plan } = proven();

    const outcome = expectFixed(await applyPlan(plan, d, env()));

    expect(mocks.iam.commandCalls(ListAttachedRolePoliciesCommand)[1]!.args[0].input).toEqual({
      RoleName: 'web-execution-role',
      Marker: 'm1',
    });
    expect(writeCommands()).toEqual([]);
    expect(outcome.applied).toEqual([
      expect.objectContaining({
        result: 'already-present',
        detail: expect.stringContaining('no AttachRolePolicy call'),
      }),
    ]);
  });

  it('reports a failed attach (nothing changed)', async () => {
    mocks.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    mocks.iam.on(AttachRolePolicyCommand).rejects(awsError('AccessDenied', 403));
    const { d, plan } = proven();

    const outcome = expectFailed(await applyPlan(plan, d, env()));

    expect(outcome).toMatchObject({ failedStepId: 'attach-execution-role-policy', applied: [], notDone: [] });
    expect(outcome.error).toContain('AccessDenied');
  });

  it.each([
    ['an explicit deny', { denyKind: 'explicit' as const }, {}],
    [
      'a role in another account',
      { roleInSameAccount: false },
      { executionRoleArn: 'arn:aws:iam::999988887777:role/shared' },
    ],
  ])('refuses %s: decide says refused and applyPlan makes no call', async (_n, fixInputs, res) => {
    const d = diagnosis('execution-role-ecr-permissions', { fixInputs, resources: res });
    const plan = planRemediation(d);
    expect(decide(d, plan, { autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: true })).toEqual({
      apply: false,
      reason: 'refused',
    });
    expect(expectFailed(await applyPlan(plan, d, env())).failedStepId).toBe('validate');
    expect(receivedCommands()).toEqual([]);
  });

  it('starts a new deployment of the service after the fix when asked', async () => {
    mocks.iam
      .on(ListAttachedRolePoliciesCommand)
      .resolvesOnce({ AttachedPolicies: [] })
      .resolves({ AttachedPolicies: [{ PolicyArn: MANAGED }] });
    mocks.iam.on(AttachRolePolicyCommand).resolves({});
    mocks.ecs
      .on(UpdateServiceCommand)
      .resolves({ service: { deployments: [{ id: 'ecs-svc/123', status: 'PRIMARY' }] } });
    const { d, plan } = proven();

    const outcome = expectFixed(await applyPlan(plan, d, env({ forceNewDeployment: true })));

    expect(mocks.ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: d.resources.clusterArn, service: 'web', forceNewDeployment: true },
    ]);
    expect(outcome.followUp).toEqual([
      expect.objectContaining({ stepId: 'force-new-deployment', result: 'changed', resourceId: 'web' }),
    ]);
  });

  it('does not touch ECS for a standalone task, and keeps the fix when the new deployment fails', async () => {
    mocks.iam
      .on(ListAttachedRolePoliciesCommand)
      .resolvesOnce({ AttachedPolicies: [] })
      .resolves({ AttachedPolicies: [{ PolicyArn: MANAGED }] });
    mocks.iam.on(AttachRolePolicyCommand).resolves({});
    const standalone = diagnosis('execution-role-ecr-permissions', { resources: { service: undefined } });
    const o1 = expectFixed(await applyPlan(planRemediation(standalone), standalone, env({ forceNewDeployment: true })));
    expect(o1.followUp).toBeUndefined();
    expect(mocks.ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);

    resetMocks();
    mocks.iam
      .on(ListAttachedRolePoliciesCommand)
      .resolvesOnce({ AttachedPolicies: [] })
      .resolves({ AttachedPolicies: [{ PolicyArn: MANAGED }] });
    mocks.iam.on(AttachRolePolicyCommand).resolves({});
    mocks.ecs.on(UpdateServiceCommand).rejects(awsError('AccessDeniedException', 400));
    const { d, plan } = proven();
    const o2 = expectFixed(await applyPlan(plan, d, env({ forceNewDeployment: true })));
    expect(o2.followUp).toEqual([
      expect.objectContaining({ result: 'skipped', detail: expect.stringContaining('AccessDeniedException') }),
    ]);
  });
});

describe('applyPlan: execution role policy, the grant simulated again after the attach', () => {
  const REPO = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team/web`;
  const provenPlan = () => {
    const d = diagnosis('execution-role-ecr-permissions');
    return { d, plan: planRemediation(d) };
  };
  const attachWorks = () => {
    mocks.iam
      .on(ListAttachedRolePoliciesCommand)
      .resolvesOnce({ AttachedPolicies: [] })
      .resolves({ AttachedPolicies: [{ PolicyArn: MANAGED }] });
    mocks.iam.on(AttachRolePolicyCommand).resolves({});
  };
  /** SimulatePrincipalPolicy answering `decision` for every action and resource (AWS's response shape). */
  const simulationSays = (decision: 'allowed' | 'implicitDeny') =>
    mocks.iam.on(SimulatePrincipalPolicyCommand).callsFake(async (input: SimulatePrincipalPolicyCommandInput) => ({
      IsTruncated: false,
      EvaluationResults: input.ActionNames!.map((a) => ({
        EvalActionName: a,
        EvalResourceName: '*',
        EvalDecision: decision,
        MissingContextValues: [],
        ResourceSpecificResults: input.ResourceArns!.map((r) => ({
          EvalResourceName: r,
          EvalResourceDecision: decision,
          MissingContextValues: [],
        })),
      })),
    }));
  const bodyOf = (d: Diagnosis, outcome: Outcome, language: 'en' | 'ja' = 'en') =>
    render({
      diagnosis: d,
      outcome,
      incident: { id: INCIDENT, role: 'first', count: 1, firstSeenAt: '2026-12-04T00:00:00Z', windowMinutes: 60 },
      language,
    }).body;

  it('simulates the ECR pull again with the write context and reports that the grant now holds', async () => {
    attachWorks();
    simulationSays('allowed');
    const { d, plan } = provenPlan();
    const e = env();

    const outcome = expectFixed(await applyPlan(plan, d, e));

    expect(mocks.iam.commandCalls(SimulatePrincipalPolicyCommand).map((c) => c.args[0].input)).toEqual([
      {
        PolicySourceArn: ROLE_ARN,
        ActionNames: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchCheckLayerAvailability',
        ],
        ResourceArns: ['*', REPO],
      },
    ]);
    expect(outcome.verified).toBe(true);
    expect(outcome.applied).toEqual([
      expect.objectContaining({
        result: 'changed',
        permissionCheck: 'allowed',
        detail: expect.stringContaining(`re-simulated: ${ROLE_ARN} is now allowed`),
      }),
    ]);
    expect(e.ctx.calls.map((c) => c.api)).toEqual([
      'iam:ListAttachedRolePolicies',
      'iam:AttachRolePolicy',
      'iam:ListAttachedRolePolicies',
      'iam:SimulatePrincipalPolicy',
    ]);
    expect(writeCommands()).toEqual(['iam:AttachRolePolicy']);
    expect(bodyOf(d, outcome)).toContain(`A new IAM simulation now allows ${ROLE_ARN} the ECR pull.`);
  });

  it('reports "still denied" (IAM propagation) without calling the fix failed; the attachment stays verified', async () => {
    attachWorks();
    simulationSays('implicitDeny');
    const { d, plan } = provenPlan();

    const outcome = expectFixed(await applyPlan(plan, d, env()));

    expect(outcome.verified).toBe(true);
    expect(outcome.applied[0]).toMatchObject({
      permissionCheck: 'still-denied',
      detail: expect.stringContaining('still denied ecr:GetAuthorizationToken'),
    });
    expect(outcome.applied[0]!.detail).toContain('IAM changes can take a few seconds to propagate');
    expect(bodyOf(d, outcome)).toContain(
      `A new IAM simulation still denies ${ROLE_ARN} the ECR pull. IAM changes can take a few seconds to propagate`,
    );
    expect(bodyOf(d, outcome, 'ja')).toContain('ECR からのプルはまだ拒否されています');
  });

  it('reports "could not check" when the simulation fails, and still when the policy was already attached', async () => {
    mocks.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: MANAGED }] });
    mocks.iam.on(SimulatePrincipalPolicyCommand).rejects(awsError('AccessDenied', 403));
    const { d, plan } = provenPlan();

    const outcome = expectFixed(await applyPlan(plan, d, env()));

    expect(writeCommands()).toEqual([]);
    expect(outcome.applied[0]).toMatchObject({
      result: 'already-present',
      permissionCheck: 'could-not-check',
      detail: expect.stringContaining('could not re-simulate the pull: '),
    });
    expect(bodyOf(d, outcome)).toContain(`Whether ${ROLE_ARN} may pull now could not be checked by an IAM simulation`);
  });
});

describe('propose-only mode', () => {
  it.each(CAUSE_IDS)('makes no AWS call at all for %s when the opt-ins are off', async (cause) => {
    for (const confidence of ['proven', 'likely'] as const) {
      const d = diagnosis(cause, { confidence });
      const plan = planRemediation(d);
      const decision = decide(d, plan, { autoFixExecutionRolePolicy: false, autoFixVpcEndpoints: false });
      expect(decision.apply).toBe(false);
      // What the pipeline does with the decision: apply only when allowed.
      if (decision.apply) await applyPlan(plan, d, env());
    }
    expect(writeCommands()).toEqual([]);
    expect(receivedCommands()).toEqual([]);
  });
});
