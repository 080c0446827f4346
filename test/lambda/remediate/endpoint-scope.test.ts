/**
 * The endpoint auto-fix stays narrow and says what it does (issue 13): the EndpointPolicy choice reaches the
 * plan, its commands and the validation; the S3 gateway never goes on the VPC's main route table; interface
 * endpoints serve one subnet per AZ of the task's service (described with the task's subnets in one call), and
 * an existing endpoint lacking an AZ is extended only when it is ours. Pure planning and diagnosis, plus
 * strict SDK mocks (test/helpers/aws-mocks.ts) for what the apply sends; the same behaviour against the moto
 * emulator is in endpoint-scope-moto.test.ts.
 */
import { CAUSE_TEXTS } from '../../../lambda/causes/catalogue';
import { callPlanFor } from '../../../lambda/causes/call-plan';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcEndpointCommand,
  type CreateVpcEndpointCommandInput,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { CallContext } from '../../../lambda/aws/call';
import { createClients } from '../../../lambda/aws/clients';
import type { EndpointPolicyMode } from '../../../lambda/config';
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { classifyText } from '../../../lambda/causes/classify';
import { parseTaskStateChange } from '../../../lambda/event/schema';
import { findPullFailure } from '../../../lambda/event/pull-failure';
import { gatherFacts } from '../../../lambda/facts/gather';
import { CallBudget } from '../../../lambda/facts/probes/budget';
import { probeNetwork } from '../../../lambda/facts/probes/network';
import { applyPlan, validatePlan } from '../../../lambda/remediate/apply';
import { decide } from '../../../lambda/remediate/decide';
import { planRemediation } from '../../../lambda/causes/plan';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions } from '../../../lambda/remediate/plan-options';
import type { Outcome, Plan } from '../../../lambda/remediate/types';
import { mocks, resetMocks, writeCommands } from '../../helpers/aws-mocks';
import { endpoint, facts, failure, known, net, routeTable, s3Route, service } from '../../helpers/facts';
import { IDS, mockScenario, SCENARIOS } from '../../helpers/scenarios';
import { ACCOUNT, diagnosis, REGION, RTB_A, RTB_MAIN, SUBNET_A, SUBNET_B, VPC } from './diagnosis-builder';

const AUTH =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 10.0.0.1:443: i/o timeout';
const THIS_ACCOUNT = {
  Sid: 'OnlyPrincipalsOfThisAccount',
  Effect: 'Allow',
  Principal: '*',
  Action: '*',
  Resource: '*',
  Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
};
const LAYERS = {
  Sid: 'EcrImageLayers',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::prod-${REGION}-starport-layer-bucket/*`,
};
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const options = (endpointPolicy: EndpointPolicyMode): PlanOptions => ({ ...DEFAULT_PLAN_OPTIONS, endpointPolicy });

function step(plan: Plan, id: string) {
  const s = plan.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id} in ${plan.steps.map((x) => x.id).join(', ')}`);
  return s;
}
const automaticIds = (plan: Plan) => plan.steps.filter((s) => s.automatic).map((s) => s.id);
const applyEnv = (endpointPolicy: EndpointPolicyMode = 'account') => ({
  clients: createClients(REGION),
  ctx: new CallContext(),
  incidentId: 'inc-0123456789ab',
  forceNewDeployment: false,
  planOptions: options(endpointPolicy),
});

beforeEach(() => resetMocks());

describe('EndpointPolicy: the policy of every endpoint the fix creates', () => {
  const cases: Array<[EndpointPolicyMode, string | undefined, string | undefined]> = [
    ['account', doc(THIS_ACCOUNT), doc(THIS_ACCOUNT, LAYERS)],
    ['ecr-only', doc(THIS_ACCOUNT), doc(LAYERS)],
    ['full', undefined, undefined],
  ];

  it.each(cases)(
    '%s: in the params and the --policy-document of each command',
    (mode, interfacePolicy, gatewayPolicy) => {
      const plan = planRemediation(diagnosis('vpc-endpoint-missing'), undefined, options(mode));

      for (const id of ['create-endpoint-ecr.api', 'create-endpoint-ecr.dkr', 'create-endpoint-logs']) {
        expect([id, step(plan, id).params.PolicyDocument]).toEqual([id, interfacePolicy]);
        if (interfacePolicy) expect(step(plan, id).command).toContain(` --policy-document '${interfacePolicy}' `);
        else expect(step(plan, id).command).not.toContain('--policy-document');
      }
      const s3 = step(plan, 'create-endpoint-s3');
      expect(s3.params.PolicyDocument).toEqual(gatewayPolicy);
      if (gatewayPolicy) expect(s3.command).toContain(` --policy-document '${gatewayPolicy}' `);
      else expect(s3.command).not.toContain('--policy-document');
      // The plan validates only under the mode it was made with.
      expect(validatePlan(plan, diagnosis('vpc-endpoint-missing'), 'inc-1', options(mode))).toEqual([]);
      const other: EndpointPolicyMode = mode === 'full' ? 'account' : 'full';
      expect(validatePlan(plan, diagnosis('vpc-endpoint-missing'), 'inc-1', options(other)).join('\n')).toContain(
        `the endpoint policy is not the one EndpointPolicy=${other} prescribes`,
      );
    },
  );

  it.each(cases)('%s: the notification names the mode, private DNS as VPC-wide, and no "low" risk', (mode) => {
    const plan = planRemediation(diagnosis('vpc-endpoint-missing'), undefined, options(mode));
    expect(plan.risk).toEqual({
      textKey: `plan.risk.endpoints.${mode}`,
      textArgs: expect.objectContaining({ vpcId: VPC, services: 'ecr.api, ecr.dkr, logs' }),
    });
    const en = CAUSE_TEXTS.en[plan.risk!.textKey]!;
    expect(en).toContain('VPC-wide');
    expect(en).toContain(`"${mode}"`);
    expect(en).not.toMatch(/low/i);
    expect(CAUSE_TEXTS.ja[plan.risk!.textKey]).not.toContain('低');
    expect(plan.cost).toEqual({
      textKey: 'plan.cost.interface-endpoints',
      textArgs: { endpoints: 3, azs: 2, monthlyUsd: '43.8' },
    });
  });

  it('ecr-only: the S3 step warns that every other S3 request from those route tables fails', () => {
    const plan = planRemediation(diagnosis('vpc-endpoint-missing'), undefined, options('ecr-only'));
    const s3 = step(plan, 'create-endpoint-s3');
    expect(s3.textKey).toBe('plan.endpoints.create-s3-gateway.ecr-only');
    expect(CAUSE_TEXTS.en[s3.textKey]).toContain('every other S3 request');
  });

  it('sends the planned document in CreateVpcEndpoint (strict mocks)', async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-0e0d0c0b0a0918273' });
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    const sent: CreateVpcEndpointCommandInput[] = [];
    mocks.ec2.on(CreateVpcEndpointCommand).callsFake(async (input: CreateVpcEndpointCommandInput) => {
      sent.push(input);
      return { VpcEndpoint: { VpcEndpointId: `vpce-0${sent.length}aaaaaaaaaaaaaa`, State: 'pending' } };
    });
    const d = diagnosis('vpc-endpoint-missing', { fixInputs: { missingEndpoints: ['s3', 'logs'] } });
    const plan = planRemediation(d, undefined, options('ecr-only'));

    await applyPlan(plan, d, applyEnv('ecr-only'));

    expect(sent.map((i) => [i.ServiceName, i.PolicyDocument])).toEqual([
      [`com.amazonaws.${REGION}.s3`, doc(LAYERS)],
      [`com.amazonaws.${REGION}.logs`, doc(THIS_ACCOUNT)],
    ]);
  });
});

describe('the S3 gateway goes only on route tables explicitly associated with the task subnets', () => {
  const onMain = { routeTablesWithoutS3: [RTB_A, RTB_MAIN], subnetsOnMainRouteTable: [SUBNET_B] };

  it('refuses when a task subnet uses the main route table, says why, and still shows the command', () => {
    const d = diagnosis('vpc-endpoint-missing', { fixInputs: onMain });
    const plan = planRemediation(d);
    expect(plan.refusal).toEqual({
      textKey: 'plan.refusal.s3-main-route-table',
      textArgs: { vpcId: VPC, routeTable: RTB_MAIN, subnets: SUBNET_B },
    });
    expect(CAUSE_TEXTS.en['plan.refusal.s3-main-route-table']).toContain('every subnet without its own route table');
    expect(automaticIds(plan)).toEqual([]);
    expect(step(plan, 'create-endpoint-s3').command).toContain(`--route-table-ids ${RTB_A} ${RTB_MAIN}`);
    expect(decide(d, plan, { autoFixExecutionRolePolicy: false, autoFixVpcEndpoints: true })).toEqual({
      apply: false,
      reason: 'refused',
    });
  });

  it('puts it on the explicit tables when the main table already has one', () => {
    const plan = planRemediation(
      diagnosis('vpc-endpoint-missing', {
        fixInputs: { routeTablesWithoutS3: [RTB_A], subnetsOnMainRouteTable: [SUBNET_B] },
      }),
    );
    expect(plan.refusal).toBeUndefined();
    expect(step(plan, 'create-endpoint-s3')).toMatchObject({ automatic: true, params: { RouteTableIds: [RTB_A] } });
  });

  it('refuses when the main route table is not known (the tables cannot be told apart from it)', () => {
    const plan = planRemediation(diagnosis('vpc-endpoint-missing', { fixInputs: { mainRouteTableId: undefined } }));
    expect(plan.refusal?.textKey).toBe('plan.refusal.route-tables-unknown');
  });

  it('apply never touches the main route table, even when a plan says so: nothing is sent', async () => {
    const d = diagnosis('vpc-endpoint-missing', { fixInputs: onMain });
    const planned = planRemediation(d);
    const { refusal: _refused, ...unrefused } = planned;
    const forced: Plan = {
      ...unrefused,
      steps: planned.steps.map((s) => ({ ...s, automatic: s.action !== 'manual' })),
    };

    const outcome = (await applyPlan(forced, d, applyEnv())) as Extract<Outcome, { kind: 'failed' }>;

    expect(outcome.kind).toBe('failed');
    expect(outcome.failedStepId).toBe('validate');
    expect(outcome.error).toContain(`${RTB_MAIN} is the VPC's main route table`);
    expect(mocks.ec2.calls()).toHaveLength(0);
  });

  it('the diagnosis names the main table and the subnets that use it', () => {
    const main = routeTable([], { id: 'rtb-0main', subnetIds: [], main: true });
    const d = diagnose(failure(AUTH), facts({ network: net({ tables: [main] }) }));
    expect(d.fixInputs).toMatchObject({
      mainRouteTableId: 'rtb-0main',
      subnetsOnMainRouteTable: ['subnet-0a1'],
      routeTablesWithoutS3: ['rtb-0main'],
    });
    expect(planRemediation(d).refusal).toBeDefined();
  });
});

describe('interface endpoints in one subnet per AZ of the service', () => {
  it('the diagnosis places them across the task and service subnets; the network checks stay on the task subnet', () => {
    const network = {
      ...net({ routes: [] }),
      placementSubnets: [
        { id: 'subnet-0b2', vpcId: 'vpc-0a', availabilityZone: 'us-east-1b', cidr: '10.0.2.0/24' },
        { id: 'subnet-0a9', vpcId: 'vpc-0a', availabilityZone: 'us-east-1a', cidr: '10.0.9.0/24' },
      ],
    };
    const d = diagnose(failure(AUTH), facts({ network }));
    expect(d.cause).toBe('network-no-route');
    expect(d.fixInputs.endpointSubnetIds).toEqual(['subnet-0a1', 'subnet-0b2']);
    expect(d.fixInputs.subnetAzs).toEqual({
      'subnet-0a1': 'us-east-1a',
      'subnet-0b2': 'us-east-1b',
      'subnet-0a9': 'us-east-1a',
    });
    expect(d.resources.subnetIds).toEqual(['subnet-0a1']);
    expect(JSON.stringify(d.evidence)).not.toContain('subnet-0b2');
  });

  it("gathering describes the task subnet and the service's other subnets in one DescribeSubnets call", async () => {
    const s = mockScenario('network-no-route'); // event: privateA; service: privateA + privateC
    const parsed = parseTaskStateChange(s.event);
    if (!parsed.ok) throw new Error(parsed.reason);
    const f = findPullFailure(parsed.task);
    if (!f.ok) throw new Error(f.reason);

    const gathered = await gatherFacts(
      f.failure,
      callPlanFor(classifyText(f.failure.reason, f.failure.image, f.failure.task.launchType), f.failure),
      { clients: createClients(s.region), ctx: new CallContext() },
    );

    expect(mocks.ec2.commandCalls(DescribeSubnetsCommand).map((c) => c.args[0].input)).toEqual([
      { Filters: [{ Name: 'subnet-id', Values: [IDS.privateA, IDS.privateC] }] },
    ]);
    expect(gathered.network?.subnets).toEqual(known([expect.objectContaining({ id: IDS.privateA })]));
    expect(gathered.network?.placementSubnets?.map((x) => x.id)).toEqual([IDS.privateC]);
    for (const c of mocks.ec2.commandCalls(DescribeNetworkAclsCommand))
      expect(JSON.stringify(c.args[0].input)).not.toContain(IDS.privateC);
    const d = diagnose(f.failure, gathered);
    expect(d.resources.subnetIds).toEqual([IDS.privateA]);
    expect(step(planRemediation(d), 'create-endpoint-ecr.dkr').params.SubnetIds).toEqual([IDS.privateA, IDS.privateC]);
  });

  it('a service subnet that is gone costs nothing; a task subnet that is gone fails as DescribeSubnets would', async () => {
    mockScenario('network-no-route');
    const probe = (task: string[], placement: string[]) =>
      probeNetwork(createClients(SCENARIOS['network-no-route'].region), new CallBudget(new CallContext()), task, {
        vpc: false,
        securityGroups: false,
        networkAcls: false,
        placementSubnetIds: placement,
      });

    const ok = await probe([IDS.privateA], [IDS.privateC, 'subnet-0deaddeaddeaddead']);
    expect(ok.subnets?.ok && ok.subnets.value.map((x) => x.id)).toEqual([IDS.privateA]);
    expect(ok.placementSubnets?.map((x) => x.id)).toEqual([IDS.privateC]);

    const gone = await probe(['subnet-0deaddeaddeaddead'], [IDS.privateC]);
    expect(gone.subnets).toMatchObject({ ok: false, kind: 'not-found', errorName: 'InvalidSubnetID.NotFound' });
    expect(gone.routeTables).toMatchObject({ ok: false });
  });
});

describe('an existing interface endpoint that lacks an AZ of the service', () => {
  const ours = { 'ecs-pull-doctor:created-by': 'ecs-pull-doctor' };
  /**
   * The second incident, in AZ b: the task runs in SUBNET_B, its service also in SUBNET_A (AZ a). The first
   * incident left ECR endpoints in AZ a only — ecr.dkr ours (tagged), ecr.api a user's — and the S3 gateway;
   * logs is missing.
   */
  function secondIncident() {
    const endpoints = [
      endpoint('ecr.api', { id: 'vpce-0aaaaaaaaaaaaaaa1', subnetIds: [SUBNET_A] }),
      endpoint('ecr.dkr', { id: 'vpce-0aaaaaaaaaaaaaaa2', subnetIds: [SUBNET_A], tags: ours }),
      endpoint('s3', { routeTableIds: [RTB_A] }),
    ];
    const tables = [
      routeTable([s3Route()], { id: RTB_A, vpcId: VPC, subnetIds: [SUBNET_B, SUBNET_A] }),
      routeTable([], { id: RTB_MAIN, vpcId: VPC, subnetIds: [], main: true }),
    ];
    const network = {
      ...net({ tables, endpoints }),
      subnets: known([{ id: SUBNET_B, vpcId: VPC, availabilityZone: 'us-east-1b', cidr: '10.0.2.0/24' }]),
      placementSubnets: [{ id: SUBNET_A, vpcId: VPC, availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24' }],
      vpc: known({ id: VPC, cidrs: ['10.0.0.0/16'] }),
    };
    const f = failure(AUTH, { task: { subnetIds: [SUBNET_B], availabilityZone: 'us-east-1b' } });
    const d = diagnose(f, facts({ network, service: known(service({ subnets: [SUBNET_B, SUBNET_A] })) }));
    d.fixInputs.taskConfirmation = { confirmed: true }; // not what this test is about (diagnose/confirm-task.ts)
    return d;
  }

  it("the diagnosis tells ours from a user's endpoint, with the subnet per missing AZ", () => {
    const d = secondIncident();
    expect(d.cause).toBe('vpc-endpoint-missing');
    expect(d.fixInputs.missingEndpoints).toEqual(['logs']);
    expect(d.fixInputs.interfaceEndpointsLackingAzs).toEqual([
      {
        service: 'ecr.api',
        endpointId: 'vpce-0aaaaaaaaaaaaaaa1',
        createdByUs: false,
        subnetIds: [SUBNET_A],
        addSubnetIds: [SUBNET_B],
        azs: ['us-east-1b'],
      },
      {
        service: 'ecr.dkr',
        endpointId: 'vpce-0aaaaaaaaaaaaaaa2',
        createdByUs: true,
        subnetIds: [SUBNET_A],
        addSubnetIds: [SUBNET_B],
        azs: ['us-east-1b'],
      },
    ]);
  });

  it("plans ModifyVpcEndpoint AddSubnetIds for ours (automatic) and only proposes it for the user's", () => {
    const plan = planRemediation(secondIncident());
    expect(plan.refusal).toBeUndefined();
    expect(step(plan, 'extend-endpoint-ecr.dkr')).toMatchObject({
      action: 'ec2:ModifyVpcEndpoint',
      automatic: true,
      params: { VpcEndpointId: 'vpce-0aaaaaaaaaaaaaaa2', AddSubnetIds: [SUBNET_B] },
      command: `aws ec2 modify-vpc-endpoint --region ${REGION} --vpc-endpoint-id vpce-0aaaaaaaaaaaaaaa2 --add-subnet-ids ${SUBNET_B}`,
      textKey: 'plan.endpoints.extend-interface',
    });
    expect(step(plan, 'extend-endpoint-ecr.api-by-hand')).toMatchObject({
      action: 'ec2:ModifyVpcEndpoint',
      automatic: false,
      textKey: 'plan.endpoints.extend-foreign-interface',
    });
    expect(step(plan, 'create-endpoint-logs').params.SubnetIds).toEqual([SUBNET_B, SUBNET_A]);
    // Cost: the new endpoint in 2 AZs, plus the 2 AZs the existing endpoints would gain.
    expect(plan.cost).toEqual({
      textKey: 'plan.cost.interface-endpoints-extended',
      textArgs: { endpoints: 1, azs: 2, extraAzs: 2, monthlyUsd: '29.2' },
    });
  });

  it('validation refuses to modify an endpoint the diagnosis did not see carrying our tag', () => {
    const d = secondIncident();
    const plan = planRemediation(d);
    const forced: Plan = {
      ...plan,
      steps: plan.steps.map((s) => (s.id === 'extend-endpoint-ecr.api-by-hand' ? { ...s, automatic: true } : s)),
    };
    expect(validatePlan(forced, d, 'inc-1', DEFAULT_PLAN_OPTIONS).join('\n')).toContain(
      'endpoint vpce-0aaaaaaaaaaaaaaa1 is not known to be one ecs-pull-doctor created',
    );
  });

  it('a ModifyVpcEndpoint that fails is reported as the failed step, and nothing is written after it', async () => {
    const d = secondIncident();
    const plan = planRemediation(d);
    const theirs = (id: string, svc: string, tags: boolean): VpcEndpoint => ({
      VpcEndpointId: id,
      VpcId: VPC,
      ServiceName: `com.amazonaws.${REGION}.${svc}`,
      VpcEndpointType: 'Interface',
      State: 'available' as VpcEndpoint['State'],
      PrivateDnsEnabled: true,
      SubnetIds: [SUBNET_A],
      ...(tags ? { Tags: [{ Key: 'ecs-pull-doctor:created-by', Value: 'ecs-pull-doctor' }] } : {}),
    });
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        theirs('vpce-0aaaaaaaaaaaaaaa1', 'ecr.api', false),
        theirs('vpce-0aaaaaaaaaaaaaaa2', 'ecr.dkr', true),
      ],
    });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-0e0d0c0b0a0918273',
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }],
        },
      ],
    });
    mocks.ec2
      .on(CreateVpcEndpointCommand)
      .resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-0bbbbbbbbbbbbbbb1', State: 'pending' as VpcEndpoint['State'] } });
    const denied = Object.assign(new Error('You are not authorized to perform this operation.'), {
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403 },
    });
    mocks.ec2.on(ModifyVpcEndpointCommand).rejects(denied);

    const outcome = (await applyPlan(plan, d, applyEnv())) as Extract<Outcome, { kind: 'failed' }>;

    expect(outcome.kind).toBe('failed');
    expect(outcome.failedStepId).toBe('extend-endpoint-ecr.dkr');
    expect(outcome.error).toContain('UnauthorizedOperation');
    expect(outcome.applied.map((a) => a.stepId)).toEqual([
      'create-endpoint-security-group',
      'allow-https-to-endpoints',
      'create-endpoint-logs',
    ]);
    // The user's endpoint was never sent a modification; ours was, once.
    expect(mocks.ec2.commandCalls(ModifyVpcEndpointCommand).map((c) => c.args[0].input)).toEqual([
      { VpcEndpointId: 'vpce-0aaaaaaaaaaaaaaa2', AddSubnetIds: [SUBNET_B] },
    ]);
    expect(writeCommands()).toEqual(['ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint']);
  });
});
