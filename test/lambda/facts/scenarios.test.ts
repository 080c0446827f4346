/**
 * The evidence gathering of every scenario (test/helpers/scenarios.ts), with a few milliseconds of latency
 * per mocked call so that overlapping calls form one wave as in AWS: at most MAX_CALLS_PER_DIAGNOSIS (15) calls in at most 4 waves,
 * never the same API with the same input twice; and, for the network family, the VPC facts the endpoint
 * auto-fix needs (CIDRs, DNS attributes, Amazon-provided DNS or not).
 */
import { pullFailureOf } from '../../helpers/events';
import { callPlanFor } from '../../../lambda/causes/call-plan';
import { MAX_CALLS_PER_DIAGNOSIS } from '../../../lambda/facts/probes/budget';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { CallContext, criticalPathRounds } from '../../../lambda/aws/call';
import { createClients } from '../../../lambda/aws/clients';
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { classifyText } from '../../../lambda/causes/classify';
import { familyOf } from '../../../lambda/domain/diagnosis';
import { gatherFacts } from '../../../lambda/facts/gather';
import { planRemediation } from '../../../lambda/causes/plan';
import { mocks } from '../../helpers/aws-mocks';
import { EC2_SCENARIOS, IDS, SCENARIOS, type Scenario } from '../../helpers/scenarios';
import { withLatency } from '../../helpers/latency';

let restore: (() => void) | undefined;

/** Installs the scenario, then delays every answer by 5 ms (mock() resets the stubs, so wrap after it). */
function mockWithLatency(s: Scenario) {
  s.mock();
  restore = withLatency(); // 25 ms: a loaded CI machine must not turn one wave into two
}
afterEach(() => {
  restore?.();
  restore = undefined;
});

const failureOf = pullFailureOf;

async function gatherFor(s: Scenario, event: unknown = s.event) {
  const f = failureOf(event);
  const ctx = new CallContext();
  const facts = await gatherFacts(f, callPlanFor(classifyText(f.reason, f.image, f.task.launchType), f), {
    clients: createClients(s.region),
    ctx,
  });
  return { f, ctx, facts, d: diagnose(f, facts) };
}

function sentInputs(): string[] {
  const out: string[] = [];
  for (const [name, m] of Object.entries(mocks))
    for (const c of m.calls())
      out.push(
        `${name}:${(c.args[0] as { constructor: { name: string } }).constructor.name}:${JSON.stringify((c.args[0] as { input: unknown }).input)}`,
      );
  return out;
}

const ALL = Object.values(SCENARIOS);

/** Issue 16: the EC2 launch type's reads (container instance, EC2 instance, its profile) fit ≤ 12 calls, ≤ 4 waves. */
describe.each(
  [...Object.entries(EC2_SCENARIOS), ['instance-role', SCENARIOS['instance-role-ecr-permissions']] as const].map(
    ([name, s]) => [name, s] as const,
  ),
)('gatherFacts on EC2: %s', (_name, s) => {
  it('decides the cause in at most 12 calls and 4 waves, each call once', async () => {
    mockWithLatency(s);
    const { ctx, d } = await gatherFor(s);
    expect(d.cause).toBe(s.cause);
    expect(ctx.calls.length).toBeLessThanOrEqual(12);
    expect(criticalPathRounds(ctx.calls)).toBeLessThanOrEqual(4);
    const inputs = sentInputs();
    expect(new Set(inputs).size).toBe(inputs.length);
  });
});

describe.each(ALL.map((s) => [s.cause, s] as const))('gatherFacts: %s', (_cause, s) => {
  it('proves the cause within the call budget and 4 waves, each call once', async () => {
    mockWithLatency(s);
    const { ctx, facts, d } = await gatherFor(s);
    expect(d.cause).toBe(s.cause);
    expect(d.confidence).toBe(s.confidence);
    expect(ctx.calls.length).toBeLessThanOrEqual(MAX_CALLS_PER_DIAGNOSIS);
    expect(facts.calls).toBe(ctx.calls.length);
    expect(criticalPathRounds(ctx.calls)).toBeLessThanOrEqual(4);
    const inputs = sentInputs();
    expect(new Set(inputs).size).toBe(inputs.length);
    // No scenario needs more than the budget: nothing is skipped for it.
    expect(facts.skipped.filter((x) => x.reason.startsWith('skipped: call budget'))).toEqual([]);
  });
});

it('repository-not-found: a missing repository has no lifecycle policy (not an unchecked fact)', async () => {
  mockWithLatency(SCENARIOS['repository-not-found']);
  const { d } = await gatherFor(SCENARIOS['repository-not-found']);
  expect(d.unchecked.map((u) => u.api)).not.toContain('ecr:GetLifecyclePolicy');
});

describe('network family: the VPC facts the endpoint auto-fix needs', () => {
  const NETWORK = ALL.filter((s) => familyOf(s.cause) === 'network');

  it.each(NETWORK.map((s) => [s.cause, s] as const))(
    '%s: reads the VPC CIDRs, both DNS attributes and the DHCP options',
    async (_c, s) => {
      mockWithLatency(s);
      const { d, ctx } = await gatherFor(s);
      expect(ctx.calls.map((c) => c.api)).toEqual(
        expect.arrayContaining(['ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeVpcAttribute']),
      );
      expect(d.resources.vpcId).toBe(IDS.vpc);
      expect(d.resources.vpcCidrs).toEqual([IDS.vpcCidr]);
      expect(d.fixInputs.vpcCustomDns).toBe(false);
      expect(typeof d.fixInputs.vpcDnsSupport).toBe('boolean');
      expect(typeof d.fixInputs.vpcDnsHostnames).toBe('boolean');
    },
  );

  it.each(['network-no-route', 'vpc-endpoint-missing'] as const)(
    '%s: the endpoint plan is not refused (DNS and CIDRs known)',
    async (cause) => {
      mockWithLatency(SCENARIOS[cause]);
      const { d } = await gatherFor(SCENARIOS[cause]);
      const plan = planRemediation(d);
      expect(plan.refusal).toBeUndefined();
      expect(plan.steps.some((x) => x.automatic)).toBe(true);
    },
  );

  it('lists secondary CIDR blocks and recognises custom DNS servers (the plan is then refused)', async () => {
    const s = SCENARIOS['network-no-route'];
    mockWithLatency(s);
    mocks.ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [
        {
          VpcId: IDS.vpc,
          CidrBlock: '10.0.0.0/16',
          DhcpOptionsId: IDS.customDhcp,
          State: 'available',
          OwnerId: '123456789012',
          InstanceTenancy: 'default',
          IsDefault: false,
          CidrBlockAssociationSet: [
            { AssociationId: 'vpc-cidr-assoc-0aaa', CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
            {
              AssociationId: 'vpc-cidr-assoc-0bbb',
              CidrBlock: '100.64.0.0/16',
              CidrBlockState: { State: 'associated' },
            },
            {
              AssociationId: 'vpc-cidr-assoc-0ccc',
              CidrBlock: '172.31.0.0/16',
              CidrBlockState: { State: 'disassociated' },
            },
          ],
        },
      ],
    });
    const { d, ctx } = await gatherFor(s);
    expect(d.resources.vpcCidrs).toEqual(['10.0.0.0/16', '100.64.0.0/16']);
    expect(d.fixInputs.vpcCustomDns).toBe(true);
    expect(planRemediation(d).refusal?.textKey).toBe('plan.refusal.vpc-custom-dns');
    expect(criticalPathRounds(ctx.calls)).toBeLessThanOrEqual(4);
  });

  it('needs no DescribeDhcpOptions call when the VPC uses no DHCP options set ("default")', async () => {
    const s = SCENARIOS['network-no-route'];
    mockWithLatency(s);
    mocks.ec2
      .on(DescribeVpcsCommand)
      .resolves({ Vpcs: [{ VpcId: IDS.vpc, CidrBlock: '10.0.0.0/16', DhcpOptionsId: 'default', State: 'available' }] });
    const { d, ctx } = await gatherFor(s);
    expect(ctx.calls.map((c) => c.api)).not.toContain('ec2:DescribeDhcpOptions');
    expect(d.fixInputs.vpcCustomDns).toBe(false);
  });

  it('stays within 4 waves when the subnets come from the service (no ENI attachment in the event)', async () => {
    const s = SCENARIOS['network-no-route'];
    mockWithLatency(s);
    const event = s.event as { detail: { attachments: unknown[] } };
    event.detail.attachments = [];
    const { d, ctx } = await gatherFor(s, event);
    expect(d.cause).toBe('network-no-route');
    expect(d.resources.vpcCidrs).toEqual([IDS.vpcCidr]);
    expect(ctx.calls.length).toBeLessThanOrEqual(MAX_CALLS_PER_DIAGNOSIS);
    expect(criticalPathRounds(ctx.calls)).toBe(4);
  });

  it('reports an unreadable VPC as unchecked, and the plan as refused, instead of guessing', async () => {
    const s = SCENARIOS['network-no-route'];
    mockWithLatency(s);
    const denied = new Error('You are not authorized to perform this operation.') as Error & { $metadata: object };
    denied.name = 'UnauthorizedOperation';
    denied.$metadata = { httpStatusCode: 403 };
    mocks.ec2.on(DescribeVpcsCommand).rejects(denied);
    const { d } = await gatherFor(s);
    expect(d.cause).toBe('network-no-route');
    expect(d.unchecked).toEqual(expect.arrayContaining([expect.objectContaining({ api: 'ec2:DescribeVpcs' })]));
    expect(d.fixInputs.vpcCustomDns).toBeUndefined();
    expect(planRemediation(d).refusal?.textKey).toBe('plan.refusal.vpc-dns-unknown');
  });
});
