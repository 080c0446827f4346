/**
 * Issue 13, through the whole pipeline with every auto-fix on: a network whose way to ECR leaves what the tool
 * can see — a default route to a transit gateway, to a firewall (Gateway Load Balancer) endpoint, or a
 * customer private hosted zone answering the ECR names — is never a proven network cause, and nothing is
 * created; the message says what a person must check. (The scenario account of test/helpers/scenarios.ts,
 * with its route tables or hosted zones replaced as each case says.)
 */
import { DescribeRouteTablesCommand, EC2Client, type RouteTable } from '@aws-sdk/client-ec2';
import { ListHostedZonesByVPCCommand } from '@aws-sdk/client-route-53';
import { mocks, writeCommands } from '../helpers/aws-mocks';
import { emailOf, expectNotified, harnessDeps, PublishCommand } from '../helpers/pipeline-harness';
import { ACCOUNT, IDS, SCENARIOS } from '../helpers/scenarios';
import { runPipeline } from '../../lambda/pipeline';

const ALL_ON = { autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: true, forceNewDeploymentAfterFix: true };
const s = SCENARIOS['network-no-route'];

/** The scenario's route tables, with a default route added to the task subnet's table. */
async function withDefaultRoute(route: NonNullable<RouteTable['Routes']>[number]): Promise<void> {
  const ec2 = new EC2Client({ region: s.region });
  const before = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [IDS.vpc] }] }));
  const tables = (before.RouteTables ?? []).map((t) =>
    t.Associations?.some((a) => a.SubnetId === IDS.privateA)
      ? { ...t, Routes: [...(t.Routes ?? []).filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0'), route] }
      : t,
  );
  mocks.ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: tables });
}

async function run() {
  const result = expectNotified(await runPipeline(s.event, harnessDeps({ config: ALL_ON })));
  const email = emailOf(mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input);
  return { result, email };
}

describe('a network out of sight, every auto-fix on', () => {
  it.each([
    [
      'a transit gateway',
      { DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-0123456789abcdef0', State: 'active' as const },
      'tgw-0123456789abcdef0',
    ],
    [
      'a firewall endpoint',
      { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'vpce-0fedcba9876543210', State: 'active' as const },
      'vpce-0fedcba9876543210',
    ],
  ])(
    'a default route to %s → no proven network cause, nothing created, the message says what to check',
    async (_what, route, target) => {
      s.mock();
      await withDefaultRoute(route);
      const { result, email } = await run();
      expect(writeCommands()).toEqual([]);
      expect(
        result.diagnosis.evidence.filter(
          (e) => e.result === 'proven' && ['network-no-route', 'vpc-endpoint-missing'].includes(e.cause!),
        ),
      ).toEqual([]);
      expect(result.diagnosis.fixInputs.networkUndecidable).toMatchObject({ kind: 'route', ids: [target] });
      expect(result.outcome.kind).toBe('proposed');
      expect(email).toContain('check-central-network');
      expect(email).not.toContain('create-vpc-endpoint');
    },
  );

  it('a customer private hosted zone for dkr.ecr → no proven network cause, nothing created', async () => {
    s.mock();
    mocks.route53.on(ListHostedZonesByVPCCommand).resolves({
      HostedZoneSummaries: [
        {
          HostedZoneId: 'Z0123456789ABCDEFGHIJ',
          Name: `dkr.ecr.${s.region}.amazonaws.com.`,
          Owner: { OwningAccount: ACCOUNT },
        },
      ],
      MaxItems: 100,
    });
    const { result, email } = await run();
    expect(writeCommands()).toEqual([]);
    expect(result.diagnosis.confidence).not.toBe('proven');
    expect(result.diagnosis.fixInputs.networkUndecidable).toMatchObject({ kind: 'private-hosted-zone' });
    expect(email).toContain('check-central-network');
    expect(email).not.toContain('create-vpc-endpoint');
  });
});
