/**
 * probeNetwork against moto server 5.2.1, a real AWS emulator (TOOLCHAIN.md §12), instead of SDK mocks:
 * the SDK signs, serialises and parses real EC2 (query) and Route 53 (REST-XML) traffic, through the clients
 * of createClients() (AWS_ENDPOINT_URL points them at moto for this file).
 *
 * Emulated by moto: the VPC, its subnet and route table, a transit gateway and a route to it, and Route 53
 * private hosted zones with their VPC associations — route53:ListHostedZonesByVPC is implemented in moto
 * 5.2.1 (moto/route53/responses.py list_hosted_zones_by_vpc), returning HostedZoneId, Name (with the
 * trailing dot) and Owner.OwningAccount. Not emulated: zones a service owns (Owner.OwningService, e.g. an
 * interface endpoint's private DNS) and pagination (moto returns every zone, never a NextToken): both are
 * covered with strict SDK mocks in test/lambda/facts/gather.test.ts and the pure tests of
 * test/lambda/diagnose/causes/network-undecidable.test.ts.
 *
 * Skipped with a warning when moto_server is not on PATH; fails instead when CI is set.
 */
import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateVpcCommand,
} from '@aws-sdk/client-ec2';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CallContext } from '../../../lambda/aws/call';
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { probeNetwork } from '../../../lambda/facts/probes/network';
import { CallBudget } from '../../../lambda/facts/probes/budget';
import { facts, failure } from '../../helpers/facts';
import { MOTO_CREDENTIALS, requireMoto, useMotoAccount } from '../../helpers/moto';

const REGION = 'us-east-1';
const AUTH =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth';

const gate = requireMoto('the moto emulator test of probeNetwork (test/lambda/facts/network-probe-emulator.test.ts)');
const describeIf = gate.skip ? describe.skip : describe;

describeIf('probeNetwork against moto: route tables and private hosted zones of the task VPC', () => {
  const env = useMotoAccount(gate, REGION);
  let route53: Route53Client;
  beforeAll(() => {
    if (env.moto)
      route53 = new Route53Client({
        endpoint: env.moto.url,
        region: REGION,
        credentials: { ...MOTO_CREDENTIALS },
        maxAttempts: 1,
      });
  });
  afterAll(() => route53?.destroy());

  /** A VPC whose task subnet routes 0.0.0.0/0 to a transit gateway only. */
  async function seedSpokeVpc(): Promise<{ vpcId: string; subnetId: string; tgwId: string }> {
    const vpcId = (await env.seed.ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
    const subnetId = (
      await env.seed.ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24', AvailabilityZone: `${REGION}a` }),
      )
    ).Subnet!.SubnetId!;
    const tgwId = (await env.seed.ec2.send(new CreateTransitGatewayCommand({ Description: 'hub' }))).TransitGateway!
      .TransitGatewayId!;
    const rtb = (await env.seed.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await env.seed.ec2.send(
      new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: tgwId }),
    );
    await env.seed.ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: subnetId }));
    return { vpcId, subnetId, tgwId };
  }

  const probe = (subnetId: string) => {
    const budget = new CallBudget(new CallContext());
    return probeNetwork(env.clients, budget, [subnetId], { vpc: true, securityGroups: false, networkAcls: false }).then(
      (network) => ({ network, budget }),
    );
  };

  it('reads the customer zone for dkr.ecr.<region>.amazonaws.com associated with the VPC (VPCId + VPCRegion), and the transit-gateway route', async () => {
    const { vpcId, subnetId, tgwId } = await seedSpokeVpc();
    const other = (await env.seed.ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
    const zoneId = (
      await route53.send(
        new CreateHostedZoneCommand({
          Name: `dkr.ecr.${REGION}.amazonaws.com`,
          CallerReference: 'central-ecr',
          VPC: { VPCId: vpcId, VPCRegion: REGION },
          HostedZoneConfig: { PrivateZone: true, Comment: 'central ECR endpoints' },
        }),
      )
    ).HostedZone!.Id!.replace('/hostedzone/', '');
    // A zone of another VPC is not this VPC's.
    await route53.send(
      new CreateHostedZoneCommand({
        Name: 'corp.example.com',
        CallerReference: 'other',
        VPC: { VPCId: other, VPCRegion: REGION },
        HostedZoneConfig: { PrivateZone: true },
      }),
    );

    const { network, budget } = await probe(subnetId);

    expect(network.hostedZones).toEqual({
      ok: true,
      value: [{ id: zoneId, name: `dkr.ecr.${REGION}.amazonaws.com`, owningAccount: '123456789012' }],
    });
    expect(network.routeTables?.ok && network.routeTables.value.flatMap((t) => t.routes)).toEqual(
      expect.arrayContaining([
        { destination: '0.0.0.0/0', targetKind: 'transit-gateway', targetId: tgwId, state: 'active' },
      ]),
    );
    expect(budget.ctx.calls.filter((c) => c.api === 'route53:ListHostedZonesByVPC')).toEqual([
      expect.objectContaining({ ok: true }),
    ]);

    // And the diagnosis from those facts: undecidable, never proven.
    const d = diagnose(
      failure(AUTH, { task: { subnetIds: [subnetId] } }),
      facts({
        network,
        service: {
          ok: true,
          value: { name: 'web', subnets: [subnetId], securityGroups: [], assignPublicIp: 'DISABLED' },
        },
      }),
    );
    expect(d.confidence).not.toBe('proven');
    expect(d.fixInputs.networkUndecidable).toMatchObject({
      kind: 'private-hosted-zone',
      ids: expect.arrayContaining([zoneId, tgwId]),
    });
  });

  it('answers an empty list for a VPC without private hosted zones', async () => {
    const { subnetId } = await seedSpokeVpc();
    const { network } = await probe(subnetId);
    expect(network.hostedZones).toEqual({ ok: true, value: [] });
  });
});
