/**
 * Address families (issue 20, part 2), decided per subnet from what was read: which family a pull uses and so
 * which route decides it (lambda/causes/network/families.ts), the IPv6 security-group, network-ACL and endpoint
 * plans, and the dual-stack endpoint write. Pure: facts in (test/helpers/facts.ts), diagnosis and plan out; the
 * apply with strict SDK mocks where moto cannot serve (it stores no endpoint IP address type and lists no
 * SupportedIpAddressTypes). The same network decisions against the emulator: address-family-moto.test.ts.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  type AuthorizeSecurityGroupIngressCommandInput,
  type CreateVpcEndpointCommandInput,
} from '@aws-sdk/client-ec2';
import { CallContext } from '../../../lambda/aws/call';
import { createClients } from '../../../lambda/aws/clients';
import {
  classicImageOf,
  familyPath,
  ipv6RouteOf,
  nameFamiliesOf,
  stackOf,
  type NameFamilies,
} from '../../../lambda/causes/network/families';
import { ipv6CidrContains } from '../../../lambda/causes/network/routes';
import { pullZoneNames } from '../../../lambda/causes/network/zones';
import { planRemediation } from '../../../lambda/causes/plan';
import { diagnose } from '../../../lambda/diagnose/diagnose';
import type { Diagnosis } from '../../../lambda/domain/diagnosis';
import { parseImageRef } from '../../../lambda/domain/image-ref';
import type { RouteFacts, SubnetFacts } from '../../../lambda/facts/types';
import { applyPlan, validatePlan } from '../../../lambda/remediate/apply';
import { DEFAULT_PLAN_OPTIONS } from '../../../lambda/remediate/plan-options';
import { mocks, resetMocks } from '../../helpers/aws-mocks';
import {
  ACCOUNT,
  allEndpoints,
  container,
  endpoint,
  facts,
  failure,
  known,
  natRoute,
  net,
  route,
  routeTable,
  securityGroups,
  taskDef,
} from '../../helpers/facts';
import { unsaidEvidence } from '../notify/evidence-said';
import { diagnosis, REGION, SUBNET_B } from '../remediate/diagnosis-builder';

const MANIFEST =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2: dial tcp: i/o timeout';
const CLASSIC = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:1.4.2`;
const DUAL = `${ACCOUNT}.dkr-ecr.${REGION}.on.aws/web:1.4.2`;
const V6 = '2600:1f18:aaaa:bb00::/64';
const VPC_V6 = '2600:1f18:aaaa:bb00::/56';

const subnet = (stack: 'ipv4' | 'dual-stack' | 'ipv6-only', over: Partial<SubnetFacts> = {}): SubnetFacts => ({
  id: 'subnet-0a1',
  vpcId: 'vpc-0a',
  availabilityZone: 'us-east-1a',
  ...(stack === 'ipv6-only' ? { ipv6Native: true } : { cidr: '10.0.1.0/24', mapPublicIpOnLaunch: false }),
  ...(stack === 'ipv4' ? {} : { ipv6Cidrs: [V6] }),
  ...over,
});
const refOf = (image: string) => {
  const r = parseImageRef(image);
  if (!r.ok) throw new Error(r.reason);
  return r.ref;
};
const eigw = () => route('::/0', 'egress-only-igw', 'eigw-0abc');

describe('the pieces: stacks, names, IPv6 routes and CIDRs', () => {
  it('tells IPv4, dual-stack and IPv6-only subnets apart', () => {
    expect(stackOf(subnet('ipv4'))).toBe('ipv4');
    expect(stackOf(subnet('dual-stack'))).toBe('dual-stack');
    expect(stackOf(subnet('ipv6-only'))).toBe('ipv6-only');
    // No IPv4 CIDR but IPv6 ones, even without the IPv6-native flag: IPv6-only.
    expect(stackOf({ id: 's', vpcId: 'v', ipv6Cidrs: [V6] })).toBe('ipv6-only');
  });

  it('knows which names AWS documents as dual-stack: ECR’s dual-stack hosts (and FIPS, China), nothing else', () => {
    expect(nameFamiliesOf(refOf(CLASSIC))).toBe('ipv4');
    expect(nameFamiliesOf(refOf(DUAL))).toBe('dual-stack');
    expect(nameFamiliesOf(refOf(`${ACCOUNT}.dkr-ecr-fips.us-gov-west-1.on.aws/web:1`))).toBe('dual-stack');
    expect(nameFamiliesOf(refOf(`${ACCOUNT}.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn/web:1`))).toBe('dual-stack');
    expect(nameFamiliesOf(refOf('public.ecr.aws/nginx/nginx:1'))).toBe('ipv4');
    expect(nameFamiliesOf(refOf('nginx:1'))).toBe('unknown');
    const dual = refOf(DUAL)!;
    expect(dual).toMatchObject({ registryType: 'ecr', accountId: ACCOUNT, region: REGION, dualStack: true });
  });

  it('a ::/0 route leaves through an egress-only or internet gateway; blackholed, absent or elsewhere does not decide it so', () => {
    expect(ipv6RouteOf(routeTable([eigw()])).kind).toBe('ipv6');
    expect(ipv6RouteOf(routeTable([route('::/0', 'igw', 'igw-0abc')])).kind).toBe('ipv6');
    expect(ipv6RouteOf(routeTable([route('::/0', 'egress-only-igw', 'eigw-0abc', 'blackhole')])).kind).toBe('none');
    expect(ipv6RouteOf(routeTable([])).kind).toBe('none');
    expect(ipv6RouteOf(routeTable([route('::/0', 'transit-gateway', 'tgw-0hub')])).kind).toBe('undecidable');
  });

  it('writes the classic name of a dual-stack one (FIPS, China), and none for a classic name', () => {
    expect(classicImageOf(refOf(DUAL))).toBe(CLASSIC);
    expect(classicImageOf(refOf(`${ACCOUNT}.dkr-ecr-fips.us-gov-west-1.on.aws/web@sha256:${'a'.repeat(64)}`))).toBe(
      `${ACCOUNT}.dkr.ecr-fips.us-gov-west-1.amazonaws.com/web@sha256:${'a'.repeat(64)}`,
    );
    expect(classicImageOf(refOf(`${ACCOUNT}.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn/web:1`))).toBe(
      `${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn/web:1`,
    );
    expect(classicImageOf(refOf(CLASSIC))).toBeUndefined();
    expect(classicImageOf(refOf('nginx:1'))).toBeUndefined();
  });

  it('a dual-stack registry makes the private zones to look for include the dual-stack API name of its partition', () => {
    expect(pullZoneNames(REGION, `${ACCOUNT}.dkr-ecr.${REGION}.on.aws`)).toContain(`ecr.${REGION}.api.aws`);
    const cn = pullZoneNames('cn-north-1', `${ACCOUNT}.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn`);
    expect(cn).toContain('ecr.cn-north-1.api.amazonwebservices.com.cn');
    expect(cn).toContain('dkr-ecr.cn-north-1.on.amazonwebservices.com.cn');
    expect(cn).not.toContain('ecr.cn-north-1.api.aws');
  });

  it('compares IPv6 CIDRs, compressed or not', () => {
    expect(ipv6CidrContains('::/0', '2600:1f18::1')).toBe(true);
    expect(ipv6CidrContains(VPC_V6, '2600:1f18:aaaa:bb12::5')).toBe(true);
    expect(ipv6CidrContains(VPC_V6, '2600:1f18:aaaa:bc00::5')).toBe(false);
    expect(ipv6CidrContains('64:ff9b::/96', '64:ff9b::345e:1')).toBe(true);
    expect(ipv6CidrContains('2600:1f18:0:0:0:0:0:0/32', '2600:1f18::/48')).toBe(true);
    expect(ipv6CidrContains('not-an-address/0', '::1')).toBe(false);
  });
});

describe('familyPath: the way out for the families the pull uses', () => {
  const v4 = (kind: 'nat' | 'igw' | 'none' | 'undecidable') => ({ kind });
  const cases: Array<[string, SubnetFacts, RouteFacts[], NameFamilies, ReturnType<typeof v4>, boolean, object]> = [
    [
      'IPv4 subnet: the IPv4 decision as is (endpoints never carry a dual name: the causes say so)',
      subnet('ipv4'),
      [eigw()],
      'dual-stack',
      v4('none'),
      false,
      { kind: 'none' },
    ],
    [
      'dual-stack, IPv4-only name: IPv4 decides',
      subnet('dual-stack'),
      [eigw()],
      'ipv4',
      v4('none'),
      false,
      { kind: 'none' },
    ],
    [
      'dual-stack, dual name, NAT: IPv4 decides',
      subnet('dual-stack'),
      [eigw()],
      'dual-stack',
      v4('nat'),
      false,
      { kind: 'nat' },
    ],
    [
      'dual-stack, dual name, IPv4 to an internet gateway and ::/0 too: another way out noted',
      subnet('dual-stack'),
      [eigw()],
      'dual-stack',
      v4('igw'),
      false,
      { kind: 'igw', note: 'ipv6-alternative' },
    ],
    [
      'dual-stack, dual name, only IPv6 leaves: not documented, undecidable',
      subnet('dual-stack'),
      [eigw()],
      'dual-stack',
      v4('none'),
      false,
      { kind: 'undecidable', note: 'ipv6-undocumented' },
    ],
    [
      'dual-stack, dual name, nothing leaves: none',
      subnet('dual-stack'),
      [],
      'dual-stack',
      v4('none'),
      false,
      { kind: 'none' },
    ],
    [
      'IPv6-only, IPv4-only name: no route, whatever ::/0 does',
      subnet('ipv6-only'),
      [eigw()],
      'ipv4',
      v4('none'),
      false,
      { kind: 'none', note: 'ipv4-name' },
    ],
    [
      'IPv6-only with DNS64 and a NAT64 route: reaches IPv4-only names',
      subnet('ipv6-only', { dns64: true }),
      [route('64:ff9b::/96', 'nat', 'nat-0abc')],
      'ipv4',
      v4('none'),
      false,
      { kind: 'nat', note: 'nat64' },
    ],
    [
      'IPv6-only, NAT64 route but DNS64 off: no route',
      subnet('ipv6-only'),
      [route('64:ff9b::/96', 'nat', 'nat-0abc')],
      'ipv4',
      v4('none'),
      false,
      { kind: 'none', note: 'ipv4-name' },
    ],
    [
      'IPv6-only, dual name, egress-only gateway, image pull only: documented, leaves',
      subnet('ipv6-only'),
      [eigw()],
      'dual-stack',
      v4('none'),
      false,
      { kind: 'ipv6', note: 'ipv6' },
    ],
    [
      'IPv6-only, dual name, egress-only gateway, registry-auth step: not documented',
      subnet('ipv6-only'),
      [eigw()],
      'dual-stack',
      v4('none'),
      true,
      { kind: 'undecidable', note: 'ipv6-undocumented' },
    ],
    [
      'IPv6-only, another registry over an egress-only gateway: not documented',
      subnet('ipv6-only'),
      [eigw()],
      'unknown',
      v4('none'),
      false,
      { kind: 'undecidable', note: 'ipv6-undocumented' },
    ],
    [
      'IPv6-only, dual name, no ::/0: none',
      subnet('ipv6-only'),
      [],
      'dual-stack',
      v4('none'),
      false,
      { kind: 'none', note: 'ipv6' },
    ],
    [
      'IPv6-only, dual name, DNS64 and NAT64 but no ::/0: none (a name with AAAA records gets no synthesized address)',
      subnet('ipv6-only', { dns64: true }),
      [route('64:ff9b::/96', 'nat', 'nat-0abc')],
      'dual-stack',
      v4('none'),
      false,
      { kind: 'none', note: 'ipv6' },
    ],
    [
      'IPv6-only, dual name, registry-auth step, ::/0 and NAT64: the IPv4-only API name is reached too',
      subnet('ipv6-only', { dns64: true }),
      [eigw(), route('64:ff9b::/96', 'nat', 'nat-0abc')],
      'dual-stack',
      v4('none'),
      true,
      { kind: 'ipv6', note: 'ipv6' },
    ],
    [
      'IPv6-only, IPv4 name, DNS64, the NAT64 prefix to a transit gateway: a central NAT64 may translate, undecidable',
      subnet('ipv6-only', { dns64: true }),
      [route('64:ff9b::/96', 'transit-gateway', 'tgw-0hub')],
      'ipv4',
      v4('none'),
      false,
      { kind: 'undecidable', note: 'nat64', route: { targetId: 'tgw-0hub' } },
    ],
    [
      'IPv6-only, IPv4 name, DNS64, ::/0 to a transit gateway covers the NAT64 prefix: undecidable',
      subnet('ipv6-only', { dns64: true }),
      [route('::/0', 'transit-gateway', 'tgw-0hub')],
      'ipv4',
      v4('none'),
      false,
      { kind: 'undecidable', note: 'nat64' },
    ],
    [
      'IPv6-only, IPv4 name, DNS64, ::/0 to an egress-only gateway only: synthesized addresses go nowhere, none',
      subnet('ipv6-only', { dns64: true }),
      [eigw()],
      'ipv4',
      v4('none'),
      false,
      { kind: 'none', note: 'ipv4-name' },
    ],
    [
      'IPv6-only, another registry, NAT64 but no ::/0: whether its name has AAAA records decides, undecidable',
      subnet('ipv6-only', { dns64: true }),
      [route('64:ff9b::/96', 'nat', 'nat-0abc')],
      'unknown',
      v4('none'),
      false,
      { kind: 'undecidable', note: 'ipv6-undocumented' },
    ],
    [
      'IPv6-only, another registry, NAT64 and ::/0: either family leaves',
      subnet('ipv6-only', { dns64: true }),
      [eigw(), route('64:ff9b::/96', 'nat', 'nat-0abc')],
      'unknown',
      v4('none'),
      false,
      { kind: 'nat', note: 'nat64' },
    ],
  ];
  it.each(cases)('%s', (_name, s, routes, names, ipv4, authStep, expected) => {
    expect(familyPath(s, routeTable(routes), names, ipv4, authStep)).toMatchObject(expected);
  });
});

describe('diagnosis and plan', () => {
  function run(reason: string, s: SubnetFacts, routes: RouteFacts[], image = CLASSIC, groups = securityGroups()) {
    const network = {
      ...net({ routes, groups }),
      subnets: known([s]),
      vpc: known({ id: 'vpc-0a', cidrs: ['10.0.0.0/16'], ipv6Cidrs: [VPC_V6] }),
    };
    const d = diagnose(
      failure(reason, { image }),
      facts({ network, taskDefinition: known(taskDef({ containers: [container({ image })] })) }),
    );
    expect(unsaidEvidence(d)).toEqual([]);
    return d;
  }

  it('an IPv4-only NAT route does not serve an IPv6-only subnet: proven no route, the plan is the dual-stack name', () => {
    const d = run(MANIFEST, subnet('ipv6-only'), [natRoute(), eigw()]);
    expect(d).toMatchObject({ cause: 'network-no-route', confidence: 'proven' });
    d.fixInputs.taskConfirmation = { confirmed: true }; // not what this test is about (diagnose/confirm-task.ts)
    const plan = planRemediation(d);
    expect(plan.refusal?.textKey).toBe('plan.refusal.ipv6-only');
    expect(plan.steps.find((s) => s.id === 'use-dual-stack-image')?.command).toContain('register-task-definition');
    // The alternatives name the subnets and the VPC (and where its NAT gateways are listed).
    const argsOf = (p: typeof plan, id: string) => p.steps.find((s) => s.id === id)?.textArgs;
    expect(argsOf(plan, 'or-dns64-nat64')).toMatchObject({ subnets: 'subnet-0a1', vpcId: d.resources.vpcId });
    // Without a ::/0 route the egress-only gateway is proposed too, for the subnets it names.
    const noV6 = run(MANIFEST, subnet('ipv6-only'), [natRoute()]);
    noV6.fixInputs.taskConfirmation = { confirmed: true };
    expect(argsOf(planRemediation(noV6), 'add-ipv6-egress-route')).toMatchObject({
      subnets: 'subnet-0a1',
      vpcId: noV6.resources.vpcId,
    });
    expect(plan.steps.some((s) => s.action === 'ec2:CreateVpcEndpoint')).toBe(false);
  });

  it('IPv6 path through an egress-only gateway: a task group without IPv6 egress is proven blocking, and its fix opens ::/0', () => {
    const noV6 = securityGroups({
      task: { egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], prefixListIds: [], groupIds: [] }] },
    });
    const d = run(MANIFEST.replace(CLASSIC, DUAL), subnet('ipv6-only'), [eigw()], DUAL, noV6);
    const sg = d.evidence.filter((e) => e.cause === 'security-group-blocks' && e.result === 'proven');
    expect(sg.map((e) => e.detail).join(' ')).toContain('allows no TCP 443 to ::/0 (the pull leaves over IPv6)');
    const plan = planRemediation({ ...d, cause: 'security-group-blocks' });
    expect(JSON.stringify(plan.steps)).toContain('::/0');
  });

  it('a network ACL that denies IPv6 egress blocks an IPv6 path; one that only has IPv4 rules says so too', () => {
    const acl = {
      id: 'acl-0a',
      subnetIds: ['subnet-0a1'],
      entries: [
        { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow' as const, cidr: '0.0.0.0/0' },
        { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow' as const, cidr: '0.0.0.0/0' },
        { ruleNumber: 32767, egress: true, protocol: '-1', action: 'deny' as const, cidr: '0.0.0.0/0' },
        { ruleNumber: 32768, egress: true, protocol: '-1', action: 'deny' as const, ipv6Cidr: '::/0' },
        { ruleNumber: 32768, egress: false, protocol: '-1', action: 'deny' as const, ipv6Cidr: '::/0' },
      ],
    };
    const network = {
      ...net({ routes: [eigw()], acls: [acl] }),
      subnets: known([subnet('ipv6-only')]),
    };
    const d = diagnose(
      failure(MANIFEST.replace(CLASSIC, DUAL), { image: DUAL }),
      facts({ network, taskDefinition: known(taskDef({ containers: [container({ image: DUAL })] })) }),
    );
    const nacl = d.evidence.filter((e) => e.cause === 'network-acl-blocks' && e.result === 'proven');
    expect(nacl.length).toBeGreaterThan(0);
    const plan = planRemediation({ ...d, cause: 'network-acl-blocks' });
    const commands = plan.steps.map((s) => s.command ?? '').join('\n');
    expect(commands).toContain('--ipv6-cidr-block ::/0');
    expect(commands).not.toContain('--cidr-block 0.0.0.0/0');
  });
});

describe('ECR’s dual-stack name: endpoints do not serve it', () => {
  const dualFailure = () => failure(MANIFEST.replace(CLASSIC, DUAL), { image: DUAL });
  const taskFacts = (network: ReturnType<typeof net>) =>
    facts({ network, taskDefinition: known(taskDef({ containers: [container({ image: DUAL })] })) });

  it('an IPv4 subnet with every ECR endpoint but no route: no route is proven, endpoints are not the fix', () => {
    const d = diagnose(dualFailure(), taskFacts(net({ routes: [], endpoints: allEndpoints() })));
    expect(unsaidEvidence(d)).toEqual([]);
    expect(d).toMatchObject({ cause: 'network-no-route', confidence: 'proven' });
    const said = d.evidence.filter((e) => e.cause === 'network-no-route' && e.result === 'proven').map((e) => e.detail);
    expect(said.join(' ')).toContain('is ECR’s dual-stack name, which VPC endpoints do not serve');
    expect(said.join(' ')).toContain(`(${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com)`);
    expect(d.fixInputs.classicImage).toBe(CLASSIC);
    d.fixInputs.taskConfirmation = { confirmed: true }; // not what this test is about (diagnose/confirm-task.ts)
    const plan = planRemediation(d);
    expect(plan.refusal).toMatchObject({
      textKey: 'plan.refusal.dual-stack-name',
      textArgs: { registry: `${ACCOUNT}.dkr-ecr.${REGION}.on.aws`, subnets: d.resources.subnetIds.join(', ') },
    });
    expect(d.resources.subnetIds.length).toBeGreaterThan(0);
    expect(plan.steps[0]).toMatchObject({ id: 'use-classic-image', automatic: false });
    expect(plan.steps[0]!.command).toContain(CLASSIC);
    expect(plan.steps.filter((s) => s.automatic)).toEqual([]);
  });

  it('no endpoints either: the endpoint cause is unlikely, not proven, and its reason is the name', () => {
    const d = diagnose(dualFailure(), taskFacts(net({ routes: [] })));
    expect(d.cause).toBe('network-no-route');
    const vem = d.evidence.filter((e) => e.cause === 'vpc-endpoint-missing');
    expect(vem.map((e) => e.detail).join(' ')).toContain('VPC endpoints do not serve');
    // What to do, with the subnets and the image named (not a pointer to another cause's id).
    expect(vem.map((e) => e.detail).join(' ')).toContain(
      `Subnet(s) ${d.resources.subnetIds.join(', ')} need a route out for it, or the task definition the classic name ${CLASSIC}`,
    );
    expect(vem.some((e) => e.result === 'proven')).toBe(false);
  });

  it('a NAT route: the name changes nothing, no network cause', () => {
    const d = diagnose(dualFailure(), taskFacts(net({ routes: [natRoute()] })));
    expect(d.cause).not.toBe('network-no-route');
    expect(d.cause).not.toBe('vpc-endpoint-missing');
  });
});

describe('IPv6-only subnets beside endpoints and NAT64 out of sight', () => {
  it('an IPv6-only subnet of the service never becomes an endpoint subnet, and validation refuses one', () => {
    const v6 = { ...subnet('ipv6-only'), id: 'subnet-0b6', availabilityZone: 'us-east-1b' };
    const v4b = { ...subnet('ipv4'), id: 'subnet-0c4', availabilityZone: 'us-east-1c' };
    const network = { ...net({ routes: [] }), placementSubnets: [v6, v4b] };
    const d = diagnose(failure(MANIFEST), facts({ network }));
    expect(d.fixInputs.endpointSubnetIds).toEqual(['subnet-0a1', 'subnet-0c4']);
    // A plan placed in SUBNET_B, held to facts that say SUBNET_B is IPv6-only (a stale or altered plan).
    const planned = diagnosis('vpc-endpoint-missing', { fixInputs: { missingEndpoints: ['ecr.api'] } });
    const read = {
      ...planned,
      fixInputs: { ...planned.fixInputs, addressFamily: { stack: 'mixed' as const, ipv6OnlySubnets: [SUBNET_B] } },
    };
    const problems = validatePlan(planRemediation(planned), read, 'inc-0123456789ab', DEFAULT_PLAN_OPTIONS);
    expect(problems.join('\n')).toContain('an IPv6-only subnet cannot hold');
  });

  it('an IPv4 and an IPv6-only task subnet: the inputs say mixed, and endpoints are proposed for the IPv4 one only', () => {
    const v6 = { ...subnet('ipv6-only'), id: 'subnet-0b6', availabilityZone: 'us-east-1b' };
    const network = {
      ...net({
        tables: [
          routeTable([], { subnetIds: ['subnet-0a1', 'subnet-0b6'] }),
          routeTable([], { id: 'rtb-0main', subnetIds: [], main: true }),
        ],
      }),
      subnets: known([subnet('ipv4'), v6]),
      vpc: known({ id: 'vpc-0a', cidrs: ['10.0.0.0/16'], ipv6Cidrs: [VPC_V6] }),
    };
    const d = diagnose(failure(MANIFEST), facts({ network }));
    expect(d.fixInputs.addressFamily).toMatchObject({ stack: 'mixed', ipv6OnlySubnets: ['subnet-0b6'] });
    expect(d.fixInputs.endpointSubnetIds).toEqual(['subnet-0a1']);
    d.fixInputs.taskConfirmation = { confirmed: true }; // not what this test is about (diagnose/confirm-task.ts)
    const plan = planRemediation(d);
    expect(plan.refusal?.textKey).toBe('plan.refusal.ipv6-only');
    expect(plan.steps.find((s) => s.id === 'create-endpoint-ecr.dkr')?.params.SubnetIds).toEqual(['subnet-0a1']);
    expect(plan.steps.filter((s) => s.automatic)).toEqual([]);
  });

  it('an available IPv4-only endpoint is named as unusable from IPv6-only subnets, not as “not available yet”', () => {
    const network = {
      ...net({ routes: [], endpoints: [endpoint('ecr.api'), endpoint('ecr.dkr', { state: 'pending' })] }),
      subnets: known([subnet('ipv6-only')]),
    };
    const d = diagnose(failure(MANIFEST), facts({ network }));
    const said = d.evidence.filter((e) => e.check === 'vpc-endpoints-state').map((e) => e.detail);
    expect(said).toEqual([
      'Endpoint(s) not available yet: vpce-ecrdkr (com.amazonaws.us-east-1.ecr.dkr, pending).',
      'Endpoint(s) vpce-ecrapi (com.amazonaws.us-east-1.ecr.api) have no IPv6 addresses or AAAA records, so ' +
        'IPv6-only task subnet(s) subnet-0a1 cannot use them; each, where its subnets are dual-stack, can be changed ' +
        'in place: aws ec2 modify-vpc-endpoint --vpc-endpoint-id <ENDPOINT_ID> --ip-address-type dualstack ' +
        '--dns-options DnsRecordIpType=dualstack.',
    ]);
  });

  it('DNS64 with the NAT64 prefix to a transit gateway: no route is not claimed, the route out of sight is named', () => {
    const network = {
      ...net({ routes: [route('64:ff9b::/96', 'transit-gateway', 'tgw-0hub')] }),
      subnets: known([subnet('ipv6-only', { dns64: true })]),
    };
    const d = diagnose(failure(MANIFEST), facts({ network }));
    expect(unsaidEvidence(d)).toEqual([]);
    expect(d.cause === 'network-no-route' && d.confidence === 'proven').toBe(false);
    const nr = d.evidence.filter((e) => e.cause === 'network-no-route');
    expect(nr.some((e) => e.result === 'proven')).toBe(false);
    expect(nr.map((e) => e.detail).join(' ')).toContain('tgw-0hub');
    expect(nr.map((e) => e.detail).join(' ')).not.toContain('reach IPv4-only names through DNS64 and NAT64');
  });
});

describe('dual-stack endpoints: planned, validated, written', () => {
  beforeEach(() => resetMocks());
  const dual = (over: Partial<NonNullable<Diagnosis['fixInputs']['addressFamily']>> = {}): Diagnosis =>
    diagnosis('vpc-endpoint-missing', {
      fixInputs: {
        missingEndpoints: ['ecr.api'],
        addressFamily: { stack: 'dual-stack', endpointsDualStack: true, vpcIpv6Cidrs: [VPC_V6], ...over },
      },
    });
  const applyEnv = () => ({
    clients: createClients(REGION),
    ctx: new CallContext(),
    incidentId: 'inc-0123456789ab',
    forceNewDeployment: false,
    planOptions: DEFAULT_PLAN_OPTIONS,
  });

  it('a plan for IPv4 subnets asks for nothing dual-stack', () => {
    const plan = planRemediation(diagnosis('vpc-endpoint-missing', { fixInputs: { missingEndpoints: ['ecr.api'] } }));
    const create = plan.steps.find((s) => s.id === 'create-endpoint-ecr.api')!;
    expect(create.params.IpAddressType).toBeUndefined();
    expect(create.command).not.toContain('--ip-address-type');
  });

  it('validation refuses an IP address type the diagnosis does not back, and IPv6 ranges that are not the VPC’s', () => {
    const d = dual();
    const plan = planRemediation(d);
    expect(validatePlan(plan, d, 'inc-0123456789ab', DEFAULT_PLAN_OPTIONS)).toEqual([]);
    const ipv4Only = diagnosis('vpc-endpoint-missing', { fixInputs: { missingEndpoints: ['ecr.api'] } });
    expect(validatePlan(plan, ipv4Only, 'inc-0123456789ab', DEFAULT_PLAN_OPTIONS).join('\n')).toMatch(
      /IP address type|IPv6 ranges/,
    );
    const widened = {
      ...plan,
      steps: plan.steps.map((s) =>
        s.id === 'allow-https-to-endpoints' ? { ...s, params: { ...s.params, Ipv6Cidrs: ['::/0'] } } : s,
      ),
    };
    expect(validatePlan(widened, d, 'inc-0123456789ab', DEFAULT_PLAN_OPTIONS).join('\n')).toContain(
      "IPv6 ranges must be the VPC's IPv6 CIDRs",
    );
  });

  function mockWrites() {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-0e0d0c0b0a0918273' });
    const ingress: AuthorizeSecurityGroupIngressCommandInput[] = [];
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).callsFake(async (input) => {
      ingress.push(input);
      return { Return: true };
    });
    const created: CreateVpcEndpointCommandInput[] = [];
    mocks.ec2.on(CreateVpcEndpointCommand).callsFake(async (input: CreateVpcEndpointCommandInput) => {
      created.push(input);
      return { VpcEndpoint: { VpcEndpointId: 'vpce-0aaaaaaaaaaaaaaa1', State: 'pending' } };
    });
    return { ingress, created };
  }

  it('the service offers IPv6: the endpoint is created dual-stack, HTTPS allowed from the VPC’s IPv6 CIDR too', async () => {
    const { ingress, created } = mockWrites();
    mocks.ec2.on(DescribeVpcEndpointServicesCommand).resolves({
      ServiceDetails: [{ ServiceName: `com.amazonaws.${REGION}.ecr.api`, SupportedIpAddressTypes: ['ipv4', 'ipv6'] }],
    });
    const d = dual();
    const outcome = await applyPlan(planRemediation(d), d, applyEnv());
    expect(outcome.kind).toBe('fixed');
    expect(created[0]).toMatchObject({ IpAddressType: 'dualstack', DnsOptions: { DnsRecordIpType: 'dualstack' } });
    expect(ingress[0]!.IpPermissions![0]).toMatchObject({
      IpRanges: [expect.objectContaining({ CidrIp: '10.0.0.0/16' })],
      Ipv6Ranges: [expect.objectContaining({ CidrIpv6: VPC_V6 })],
    });
    const detail =
      outcome.kind === 'fixed' ? outcome.applied.find((s) => s.action === 'ec2:CreateVpcEndpoint')!.detail : '';
    expect(detail).toContain('dual-stack');
  });

  it('several dual-stack endpoints: one DescribeVpcEndpointServices for all of them, each created as its service allows', async () => {
    const { created } = mockWrites();
    mocks.ec2.on(DescribeVpcEndpointServicesCommand).resolves({
      ServiceDetails: [
        { ServiceName: `com.amazonaws.${REGION}.ecr.api`, SupportedIpAddressTypes: ['ipv4', 'ipv6'] },
        { ServiceName: `com.amazonaws.${REGION}.ecr.dkr`, SupportedIpAddressTypes: ['ipv4'] },
      ],
    });
    const d = diagnosis('vpc-endpoint-missing', {
      fixInputs: {
        missingEndpoints: ['ecr.api', 'ecr.dkr'],
        addressFamily: { stack: 'dual-stack', endpointsDualStack: true, vpcIpv6Cidrs: [VPC_V6] },
      },
    });
    const outcome = await applyPlan(planRemediation(d), d, applyEnv());
    expect(outcome.kind).toBe('fixed');
    const reads = mocks.ec2.commandCalls(DescribeVpcEndpointServicesCommand).map((c) => c.args[0].input);
    expect(reads).toEqual([
      { ServiceNames: expect.arrayContaining([`com.amazonaws.${REGION}.ecr.api`, `com.amazonaws.${REGION}.ecr.dkr`]) },
    ]);
    const byService = (svc: string) => created.find((c) => c.ServiceName === `com.amazonaws.${REGION}.${svc}`);
    expect(byService('ecr.api')?.IpAddressType).toBe('dualstack');
    expect(byService('ecr.dkr')?.IpAddressType).toBeUndefined();
  });

  it.each([
    [
      'the service lists IPv4 only',
      () =>
        mocks.ec2.on(DescribeVpcEndpointServicesCommand).resolves({
          ServiceDetails: [{ ServiceName: `com.amazonaws.${REGION}.ecr.api`, SupportedIpAddressTypes: ['ipv4'] }],
        }),
      /does not list IPv6/,
    ],
    [
      'the read is denied',
      () =>
        mocks.ec2
          .on(DescribeVpcEndpointServicesCommand)
          .rejects(
            Object.assign(new Error('denied'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } }),
          ),
      /could not be read/,
    ],
  ])('%s: the endpoint is created IPv4 only, and the step says why', async (_n, answer, why) => {
    const { created } = mockWrites();
    answer();
    const d = dual();
    const outcome = await applyPlan(planRemediation(d), d, applyEnv());
    expect(outcome.kind).toBe('fixed');
    expect(created[0]!.IpAddressType).toBeUndefined();
    expect(created[0]!.DnsOptions).toBeUndefined();
    const detail =
      outcome.kind === 'fixed' ? outcome.applied.find((s) => s.action === 'ec2:CreateVpcEndpoint')!.detail : '';
    expect(detail).toMatch(why);
    expect(detail).toContain('IPv4 only');
  });

  it('endpoint subnets that are not all dual-stack: IPv4 endpoints, no IPv6 ingress', () => {
    const plan = planRemediation(
      diagnosis('vpc-endpoint-missing', {
        fixInputs: { missingEndpoints: ['ecr.api'], addressFamily: { stack: 'mixed', vpcIpv6Cidrs: [VPC_V6] } },
      }),
    );
    expect(plan.steps.find((s) => s.id === 'allow-https-to-endpoints')!.params.Ipv6Cidrs).toBeUndefined();
    expect(plan.steps.find((s) => s.id === 'create-endpoint-ecr.api')!.params.IpAddressType).toBeUndefined();
  });

  it('IPv4 task subnets beside IPv6-only ones: endpoints proposed for the IPv4 ones, never created automatically', () => {
    const d = diagnosis('network-no-route', {
      fixInputs: {
        addressFamily: { stack: 'mixed', ipv6OnlySubnets: [SUBNET_B], ipv6OnlyRouteTables: ['rtb-0bbb2222bbbb2222b'] },
      },
    });
    const plan = planRemediation(d);
    expect(plan.refusal).toEqual({ textKey: 'plan.refusal.ipv6-only', textArgs: { subnets: SUBNET_B } });
    expect(plan.steps.some((s) => s.action === 'ec2:CreateVpcEndpoint')).toBe(true);
    expect(plan.steps.filter((s) => s.automatic)).toEqual([]);
    expect(plan.steps.find((s) => s.id === 'or-dns64-nat64')?.command).toContain(
      `--subnet-id ${SUBNET_B} --enable-dns64`,
    );
  });
});
