/**
 * The endpoint auto-fix against moto server 5.2.1, a real AWS emulator (TOOLCHAIN.md §12): the facts come from
 * probeNetwork (real EC2 and Route 53 traffic, signed, serialised and parsed by the SDK), the diagnosis and the
 * plan are the code's, and applyPlan writes to the emulator, which is then described again.
 *
 * Emulated by moto: the VPC, subnets in two AZs, route tables (explicit and main), DescribeSubnets by filter,
 * CreateVpcEndpoint — which stores PolicyDocument (moto/ec2/models/vpcs.py VPCEndPoint, its DEFAULT_POLICY when
 * none is sent) and the tags — ModifyVpcEndpoint AddSubnetIds (moto/ec2/responses/vpcs.py modify_vpc_endpoint)
 * and DescribeVpcEndpoints. Not emulated: moto accepts a second subnet in an AZ the endpoint already serves
 * (AWS refuses it), so "one subnet per AZ" is asserted on what the fix sends; endpoints are available at once,
 * so "still pending at diagnosis" is set on the diagnosis; ClientToken is not honoured (each test starts from
 * a reset account). What moto cannot check (a denied ModifyVpcEndpoint) is in endpoint-scope.test.ts with
 * strict SDK mocks.
 *
 * Skipped with a warning when moto_server is not on PATH; fails instead when CI is set.
 */
import {
  AssociateRouteTableCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeRouteTablesCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcAttributeCommand,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { CallContext } from '../../../lambda/aws/call';
import type { EndpointPolicyMode } from '../../../lambda/config';
import { diagnose } from '../../../lambda/diagnose/diagnose';
import type { Diagnosis } from '../../../lambda/domain/diagnosis';
import { CallBudget } from '../../../lambda/facts/probes/budget';
import { probeNetwork } from '../../../lambda/facts/probes/network';
import { CREATED_BY_TAG, CREATED_BY_VALUE } from '../../../lambda/permissions';
import { applyPlan } from '../../../lambda/remediate/apply';
import { decide } from '../../../lambda/remediate/decide';
import { planRemediation } from '../../../lambda/causes/plan';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions } from '../../../lambda/remediate/plan-options';
import type { Outcome, Plan } from '../../../lambda/remediate/types';
import { ACCOUNT, facts, failure, known, service } from '../../helpers/facts';
import { requireMoto, useMotoAccount } from '../../helpers/moto';

const REGION = 'us-east-1';
const AUTH =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 10.0.0.1:443: i/o timeout';
const svc = (s: string) => `com.amazonaws.${REGION}.${s}`;
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
const options = (endpointPolicy: EndpointPolicyMode): PlanOptions => ({ ...DEFAULT_PLAN_OPTIONS, endpointPolicy });

const gate = requireMoto(
  'the moto emulator test of the endpoint auto-fix (test/lambda/remediate/endpoint-scope-moto.test.ts)',
);
const describeIf = gate.skip ? describe.skip : describe;

interface Vpc {
  vpcId: string;
  /** Subnets in us-east-1a and us-east-1c. */
  a: string;
  c: string;
  /** Route table explicitly associated with `a` (and with `c` when asked). */
  rtb: string;
  main: string;
}

describeIf('the endpoint auto-fix against moto', () => {
  const env = useMotoAccount(gate, REGION);

  /** A private VPC (no default route) with DNS on; subnet c gets its own route table only when `cExplicit`. */
  async function seedVpc(cExplicit: boolean): Promise<Vpc> {
    const vpcId = (await env.seed.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    await env.seed.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
    await env.seed.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    const subnet = async (cidr: string, az: string) =>
      (await env.seed.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: az })))
        .Subnet!.SubnetId!;
    const a = await subnet('10.0.1.0/24', `${REGION}a`);
    const c = await subnet('10.0.3.0/24', `${REGION}c`);
    const rtb = (await env.seed.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await env.seed.ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: a }));
    if (cExplicit) await env.seed.ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: c }));
    const main = (
      await env.seed.ec2.send(
        new DescribeRouteTablesCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: 'association.main', Values: ['true'] },
          ],
        }),
      )
    ).RouteTables![0]!.RouteTableId!;
    return { vpcId, a, c, rtb, main };
  }

  /** The diagnosis of a task in `taskSubnet` of a service running in `serviceSubnets`, from the facts moto answers. */
  async function diagnoseTask(taskSubnet: string, serviceSubnets: string[]): Promise<Diagnosis> {
    const placementSubnetIds = serviceSubnets.filter((s) => s !== taskSubnet);
    const network = await probeNetwork(env.clients, new CallBudget(new CallContext()), [taskSubnet], {
      vpc: true,
      securityGroups: false,
      networkAcls: false,
      placementSubnetIds,
    });
    const d = diagnose(
      failure(AUTH, { task: { subnetIds: [taskSubnet] } }),
      facts({ network, service: known(service({ subnets: serviceSubnets })) }),
    );
    d.fixInputs.taskConfirmation = { confirmed: true }; // the task read-back is not what these tests are about
    return d;
  }

  async function endpoints(vpcId: string): Promise<VpcEndpoint[]> {
    const all =
      (await env.seed.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
        .VpcEndpoints ?? [];
    return all
      .filter((e) => String(e.State).toLowerCase() !== 'deleted')
      .sort((x, y) => String(x.ServiceName).localeCompare(String(y.ServiceName)));
  }
  const byService = (list: VpcEndpoint[], s: string) => list.filter((e) => e.ServiceName === svc(s));

  async function apply(plan: Plan, d: Diagnosis, mode: EndpointPolicyMode = 'account'): Promise<Outcome> {
    expect(decide(d, plan, { autoFixExecutionRolePolicy: false, autoFixVpcEndpoints: true })).toEqual({ apply: true });
    return applyPlan(plan, d, {
      clients: env.clients,
      ctx: new CallContext(),
      incidentId: 'inc-0123456789ab',
      forceNewDeployment: false,
      planOptions: options(mode),
    });
  }

  it.each<[EndpointPolicyMode, object | undefined, object | undefined]>([
    ['account', [THIS_ACCOUNT], [THIS_ACCOUNT, LAYERS]],
    ['ecr-only', [THIS_ACCOUNT], [LAYERS]],
    ['full', undefined, undefined],
  ])(
    'EndpointPolicy=%s: every endpoint carries that policy, the interface endpoints serve both AZs of the service, the S3 gateway only the explicit table',
    async (mode, interfaceStatements, gatewayStatements) => {
      const v = await seedVpc(true);
      const d = await diagnoseTask(v.a, [v.a, v.c]);
      expect(d).toMatchObject({ cause: 'network-no-route', confidence: 'proven' });
      const plan = planRemediation(d, undefined, options(mode));

      const outcome = await apply(plan, d, mode);

      expect(outcome).toMatchObject({ kind: 'fixed', verified: true });
      const list = await endpoints(v.vpcId);
      expect(list.map((e) => e.ServiceName)).toEqual([svc('ecr.api'), svc('ecr.dkr'), svc('logs'), svc('s3')]);
      const statements = (e: VpcEndpoint) => JSON.parse(e.PolicyDocument!).Statement;
      for (const e of list) {
        const expected = e.VpcEndpointType === 'Gateway' ? gatewayStatements : interfaceStatements;
        // full: nothing was sent, so moto keeps the AWS default (everything allowed to anyone, no condition).
        expect([e.ServiceName, statements(e)]).toEqual([
          e.ServiceName,
          expected ?? [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
        ]);
        expect(e.Tags).toEqual(expect.arrayContaining([{ Key: CREATED_BY_TAG, Value: CREATED_BY_VALUE }]));
      }
      for (const e of list.filter((x) => x.VpcEndpointType === 'Interface'))
        expect([e.ServiceName, e.SubnetIds]).toEqual([e.ServiceName, [v.a, v.c]]);
      expect(byService(list, 's3')[0]!.RouteTableIds).toEqual([v.rtb]);
    },
  );

  it('a task subnet on the main route table: the plan is refused, and an apply forced anyway changes nothing', async () => {
    const v = await seedVpc(false); // c has no route table of its own
    const d = await diagnoseTask(v.c, [v.c]);
    expect(d.fixInputs).toMatchObject({ mainRouteTableId: v.main, subnetsOnMainRouteTable: [v.c] });
    const plan = planRemediation(d);
    expect(plan.refusal).toEqual({
      textKey: 'plan.refusal.s3-main-route-table',
      textArgs: { vpcId: v.vpcId, routeTable: v.main, subnets: v.c },
    });
    expect(decide(d, plan, { autoFixExecutionRolePolicy: false, autoFixVpcEndpoints: true })).toEqual({
      apply: false,
      reason: 'refused',
    });

    const forced = {
      cause: plan.cause,
      autoFix: plan.autoFix,
      steps: plan.steps.map((s) => ({ ...s, automatic: s.action !== 'manual' })),
    } as Plan;
    const outcome = await applyPlan(forced, d, {
      clients: env.clients,
      ctx: new CallContext(),
      incidentId: 'inc-0123456789ab',
      forceNewDeployment: false,
      planOptions: DEFAULT_PLAN_OPTIONS,
    });

    expect(outcome).toMatchObject({ kind: 'failed', failedStepId: 'validate' });
    expect(await endpoints(v.vpcId)).toEqual([]);
    const main = (await env.seed.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [v.main] })))
      .RouteTables![0]!;
    expect(main.Routes?.map((r) => r.GatewayId)).toEqual(['local']);
  });

  describe('a second incident in another AZ', () => {
    /**
     * The first incident (service in AZ a only) ran the fix next to a user's own ecr.api endpoint; then our
     * logs endpoint was deleted. Now the service also runs in AZ c and a task there fails.
     */
    async function afterFirstIncident(): Promise<Vpc & { usersApi: string }> {
      const v = await seedVpc(true);
      const group = (
        await env.seed.ec2.send(
          new CreateSecurityGroupCommand({
            VpcId: v.vpcId,
            GroupName: 'team-endpoints',
            Description: "the team's own",
          }),
        )
      ).GroupId!;
      const usersApi = (
        await env.seed.ec2.send(
          new CreateVpcEndpointCommand({
            VpcId: v.vpcId,
            VpcEndpointType: 'Interface',
            ServiceName: svc('ecr.api'),
            SubnetIds: [v.a],
            SecurityGroupIds: [group],
            PrivateDnsEnabled: true,
          }),
        )
      ).VpcEndpoint!.VpcEndpointId!;
      const first = await diagnoseTask(v.a, [v.a]);
      expect(first.fixInputs.missingEndpoints).toEqual(['ecr.dkr', 's3', 'logs']);
      expect(await apply(planRemediation(first), first)).toMatchObject({ kind: 'fixed' });
      const logs = byService(await endpoints(v.vpcId), 'logs')[0]!.VpcEndpointId!;
      await env.seed.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [logs] }));
      return { ...v, usersApi };
    }

    it("extends our endpoint to the new AZ with ModifyVpcEndpoint and leaves the user's endpoint as it is", async () => {
      const v = await afterFirstIncident();
      const ours = byService(await endpoints(v.vpcId), 'ecr.dkr')[0]!;
      expect(ours.SubnetIds).toEqual([v.a]);

      const d = await diagnoseTask(v.c, [v.a, v.c]);
      expect(d).toMatchObject({ cause: 'vpc-endpoint-missing', confidence: 'proven' });
      const plan = planRemediation(d);
      expect(
        plan.steps.filter((s) => s.action === 'ec2:ModifyVpcEndpoint').map((s) => [s.id, s.resource, s.automatic]),
      ).toEqual([
        ['extend-endpoint-ecr.api-by-hand', v.usersApi, false],
        ['extend-endpoint-ecr.dkr', ours.VpcEndpointId, true],
      ]);
      const outcome = await apply(plan, d);

      expect(outcome).toMatchObject({ kind: 'fixed', verified: true });
      const applied = (outcome as Extract<Outcome, { kind: 'fixed' }>).applied;
      expect(applied.find((a) => a.stepId === 'extend-endpoint-ecr.dkr')).toMatchObject({
        result: 'changed',
        resourceId: ours.VpcEndpointId,
      });
      const after = await endpoints(v.vpcId);
      expect(byService(after, 'ecr.dkr').map((e) => [e.VpcEndpointId, e.SubnetIds])).toEqual([
        [ours.VpcEndpointId, [v.a, v.c]],
      ]);
      expect(byService(after, 'ecr.api').map((e) => [e.VpcEndpointId, e.SubnetIds])).toEqual([[v.usersApi, [v.a]]]);
      expect(byService(after, 'logs').map((e) => e.SubnetIds)).toEqual([[v.c, v.a]]);
    });

    it('extends our endpoint when the create step finds it present (still pending when diagnosed), instead of "already present"; the user\'s stays as it is', async () => {
      const v = await afterFirstIncident();
      const ours = byService(await endpoints(v.vpcId), 'ecr.dkr')[0]!;
      const d = await diagnoseTask(v.c, [v.a, v.c]);
      // As when both ECR endpoints were still pending at diagnosis: missing, and not among the endpoints to extend
      // (moto makes endpoints available at once).
      d.fixInputs.missingEndpoints = ['ecr.api', 'ecr.dkr', 'logs'];
      d.fixInputs.interfaceEndpointsLackingAzs = [];
      const plan = planRemediation(d);
      expect(plan.steps.find((s) => s.id === 'create-endpoint-ecr.dkr')?.params.SubnetIds).toEqual([v.c, v.a]);

      const outcome = await apply(plan, d);

      expect(outcome).toMatchObject({ kind: 'fixed' });
      const applied = (outcome as Extract<Outcome, { kind: 'fixed' }>).applied;
      expect(applied.find((a) => a.stepId === 'create-endpoint-ecr.dkr')).toMatchObject({
        result: 'changed',
        resourceId: ours.VpcEndpointId,
      });
      expect(applied.find((a) => a.stepId === 'create-endpoint-ecr.api')).toMatchObject({
        result: 'already-present',
        resourceId: v.usersApi,
        detail: expect.stringContaining('it is not ours'),
      });
      const after = await endpoints(v.vpcId);
      expect(byService(after, 'ecr.dkr').map((e) => [e.VpcEndpointId, e.SubnetIds])).toEqual([
        [ours.VpcEndpointId, [v.a, v.c]],
      ]);
      expect(byService(after, 'ecr.api').map((e) => e.SubnetIds)).toEqual([[v.a]]);
    });
  });
});
