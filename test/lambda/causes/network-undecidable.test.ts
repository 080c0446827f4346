/**
 * Networks this tool cannot see through (issue 13): a path that leaves by a transit gateway, a Network
 * Firewall / Gateway Load Balancer endpoint, a peering connection or a VPN gateway — for 0.0.0.0/0 or for
 * public addresses only — or ECR/S3 names answered by a customer's private hosted zone (central endpoints).
 * Such a network is never "proven no route" nor "proven endpoint missing"; the diagnosis says what a person
 * must check, FixInputs.networkUndecidable carries it, and the endpoint plan refuses to create local endpoints.
 * Pure: facts in (test/helpers/facts.ts), diagnosis and plan out.
 */
import { diagnose } from '../../../lambda/diagnose/diagnose';
import type { CauseId, Diagnosis } from '../../../lambda/domain/diagnosis';
import type { Facts, HostedZoneFacts, RouteFacts } from '../../../lambda/facts/types';
import { planVpcEndpoints } from '../../../lambda/causes/network/endpoint-plan';
import {
  ACCOUNT,
  REGION,
  allEndpoints,
  denied,
  endpoint,
  facts,
  failure,
  igwRoute,
  net,
  route,
  s3Route,
} from '../../helpers/facts';
import { unsaidEvidence } from '../notify/evidence-said';

const AUTH =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth';
const NETWORK_FIXED_BY_ENDPOINTS: CauseId[] = ['network-no-route', 'vpc-endpoint-missing'];

function run(f: Facts): Diagnosis {
  const d = diagnose(failure(AUTH), f);
  // Every sentence can be said in English and Japanese, and the English one is the detail.
  expect(unsaidEvidence(d)).toEqual([]);
  return d;
}

/** The verdict-bearing evidence of one cause. */
const evidenceOf = (d: Diagnosis, cause: CauseId) => d.evidence.filter((e) => e.cause === cause);
const provenNetworkCauses = (d: Diagnosis) => [
  ...new Set(
    d.evidence
      .filter((e) => e.result === 'proven' && NETWORK_FIXED_BY_ENDPOINTS.includes(e.cause!))
      .map((e) => e.cause),
  ),
];

/** The endpoint plan for the diagnosis, and for the same diagnosis as if it were proven (the refusal must hold alone). */
function endpointPlans(d: Diagnosis) {
  return [planVpcEndpoints(d), planVpcEndpoints({ ...d, cause: 'network-no-route', confidence: 'proven' })];
}

function expectUndecidable(d: Diagnosis, kind: 'route' | 'private-hosted-zone', ids: string[]) {
  expect(provenNetworkCauses(d)).toEqual([]);
  expect(NETWORK_FIXED_BY_ENDPOINTS.includes(d.cause) && d.confidence === 'proven').toBe(false);
  expect(d.fixInputs.networkUndecidable).toMatchObject({ kind, ids: expect.arrayContaining(ids) });
  for (const plan of endpointPlans(d)) {
    expect(plan.refusal).toMatchObject({ textKey: 'plan.refusal.network-undecidable', textArgs: { vpcId: 'vpc-0a' } });
    expect(plan.steps.filter((s) => s.automatic)).toEqual([]);
  }
}

const zone = (name: string, owner: { account?: string; service?: string } = { account: ACCOUNT }): HostedZoneFacts => ({
  id: 'Z0123456789ABCDEFGHIJ',
  name,
  ...(owner.account ? { owningAccount: owner.account } : {}),
  ...(owner.service ? { owningService: owner.service } : {}),
});

describe('routes that leave what the tool can see', () => {
  it.each<[string, RouteFacts, string]>([
    ['a transit gateway', route('0.0.0.0/0', 'transit-gateway', 'tgw-0hub'), 'tgw-0hub'],
    [
      'a Network Firewall / GWLB endpoint (vpce- on 0.0.0.0/0)',
      route('0.0.0.0/0', 'gateway-endpoint', 'vpce-0firewall'),
      'vpce-0firewall',
    ],
    ['a peering connection', route('0.0.0.0/0', 'peering', 'pcx-0egress'), 'pcx-0egress'],
    ['a virtual private gateway', route('0.0.0.0/0', 'vpn-gateway', 'vgw-0onprem'), 'vgw-0onprem'],
  ])(
    'a default route to %s is undecidable: nothing proven, the evidence says what to check, the endpoint plan refuses',
    (_name, r, target) => {
      const d = run(facts({ network: net({ routes: [r] }) }));

      expectUndecidable(d, 'route', [target]);
      const said = evidenceOf(d, 'network-no-route').find((e) => e.check === 'default-route');
      expect(said).toMatchObject({ result: 'unknown', textKey: 'evidence.network-no-route.undecidable' });
      expect(said!.detail).toContain(target);
      expect(said!.detail).toMatch(
        /central or inspection VPC.*ECR.*S3 endpoints.*routes back.*Route 53 Resolver rules and private hosted zones of VPC vpc-0a/,
      );
    },
  );

  it('a 52.0.0.0/8 route to a transit gateway without a default route is undecidable; 10.0.0.0/8 to the same gateway is not', () => {
    const publicRange = run(facts({ network: net({ routes: [route('52.0.0.0/8', 'transit-gateway', 'tgw-0hub')] }) }));
    expectUndecidable(publicRange, 'route', ['tgw-0hub']);
    expect(evidenceOf(publicRange, 'network-no-route').find((e) => e.check === 'default-route')?.detail).toContain(
      'route 52.0.0.0/8 → tgw-0hub',
    );

    // A private range (RFC 1918) carries no public AWS address: still no route, proven.
    const privateRange = run(facts({ network: net({ routes: [route('10.0.0.0/8', 'transit-gateway', 'tgw-0hub')] }) }));
    expect([privateRange.cause, privateRange.confidence]).toEqual(['network-no-route', 'proven']);
    expect(privateRange.fixInputs.networkUndecidable).toBeUndefined();
  });

  it('a customer prefix list to a transit gateway is undecidable; the S3 gateway endpoint route is not', () => {
    const d = run(
      facts({
        network: net({
          routes: [route('pl-0partner', 'transit-gateway', 'tgw-0hub'), s3Route()],
          endpoints: [endpoint('s3')],
        }),
      }),
    );
    expectUndecidable(d, 'route', ['tgw-0hub']);
  });

  it('a blackhole route to a transit gateway carries nothing: no route stays proven', () => {
    const d = run(
      facts({
        network: net({
          routes: [
            route('0.0.0.0/0', 'transit-gateway', 'tgw-0gone', 'blackhole'),
            route('52.0.0.0/8', 'transit-gateway', 'tgw-0gone', 'blackhole'),
          ],
        }),
      }),
    );
    expect([d.cause, d.confidence]).toEqual(['network-no-route', 'proven']);
    expect(d.fixInputs.networkUndecidable).toBeUndefined();
  });

  it('vpc-endpoint-missing (no S3 gateway) is not proven when public addresses leave through a transit gateway', () => {
    const ecrOnly = allEndpoints().filter((e) => !e.serviceName.endsWith('.s3'));
    const d = run(
      facts({ network: net({ routes: [route('52.0.0.0/8', 'transit-gateway', 'tgw-0hub')], endpoints: ecrOnly }) }),
    );
    expectUndecidable(d, 'route', ['tgw-0hub']);
    expect(evidenceOf(d, 'vpc-endpoint-missing').find((e) => e.check === 'vpc-endpoints')).toMatchObject({
      result: 'unknown',
      textKey: 'evidence.vpc-endpoint-missing.lacks.undecidable',
    });
  });
});

describe('private hosted zones for the names the pull resolves', () => {
  it(`a customer zone dkr.ecr.${REGION}.amazonaws.com with no default route: nothing proven, the endpoint plan refuses`, () => {
    const d = run(facts({ network: net({ routes: [], zones: [zone(`dkr.ecr.${REGION}.amazonaws.com`)] }) }));

    expectUndecidable(d, 'private-hosted-zone', ['Z0123456789ABCDEFGHIJ']);
    const said = evidenceOf(d, 'network-no-route').find((e) => e.check === 'private-hosted-zones');
    expect(said).toMatchObject({ result: 'unknown', textKey: 'evidence.network.private-zone' });
    expect(said!.detail).toContain(`dkr.ecr.${REGION}.amazonaws.com (Z0123456789ABCDEFGHIJ, account ${ACCOUNT})`);
    expect(said!.detail).toMatch(/central VPC: its ECR .* and S3 endpoints.*routes back.*Route 53 Resolver rules/);
  });

  it('a zone a service owns (endpoint private DNS) does not count; a customer zone of the same name does', () => {
    const name = `dkr.ecr.${REGION}.amazonaws.com`;
    const serviceOwned = run(
      facts({ network: net({ routes: [], zones: [zone(name, { service: 'vpce.amazonaws.com' })] }) }),
    );
    expect([serviceOwned.cause, serviceOwned.confidence]).toEqual(['network-no-route', 'proven']);
    expect(serviceOwned.fixInputs.networkUndecidable).toBeUndefined();

    const customer = run(facts({ network: net({ routes: [], zones: [zone(name, { account: '999988887777' })] }) }));
    expectUndecidable(customer, 'private-hosted-zone', ['Z0123456789ABCDEFGHIJ']);
  });

  it.each([
    `${REGION}.amazonaws.com`,
    'amazonaws.com',
    `s3.${REGION}.amazonaws.com`,
    `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`,
  ])('counts a customer zone %s (the names, not other zones)', (name) => {
    const d = run(facts({ network: net({ routes: [], zones: [zone('corp.example.com'), zone(`${name}.`)] }) }));
    expectUndecidable(d, 'private-hosted-zone', ['Z0123456789ABCDEFGHIJ']);
  });

  it('a zone for another name (corp.example.com) changes nothing', () => {
    const d = run(
      facts({
        network: net({ routes: [], zones: [zone('corp.example.com'), zone(`execute-api.${REGION}.amazonaws.com`)] }),
      }),
    );
    expect([d.cause, d.confidence]).toEqual(['network-no-route', 'proven']);
  });

  it('an internet gateway route with assignPublicIp DISABLED is not proven to matter when a customer zone answers the ECR names', () => {
    const d = run(facts({ network: net({ routes: [igwRoute()], zones: [zone(`api.ecr.${REGION}.amazonaws.com`)] }) }));
    expect(d.evidence.some((e) => e.cause === 'public-ip-disabled' && e.result === 'proven')).toBe(false);
  });
});

describe('an unreadable zone list', () => {
  it('keeps no route from being proven and names the check that could not be made', () => {
    const d = run(facts({ network: net({ routes: [], zones: denied('route53:ListHostedZonesByVPC') }) }));

    expect([d.cause, d.confidence]).toEqual(['network-no-route', 'likely']);
    expect(provenNetworkCauses(d)).toEqual([]);
    expect(d.evidence.map((e) => e.detail)).toContain(
      'The private hosted zones of VPC vpc-0a could not be checked: route53:ListHostedZonesByVPC: AccessDeniedException',
    );
    expect(d.unchecked).toContainEqual(
      expect.objectContaining({ api: 'route53:ListHostedZonesByVPC', check: 'private-hosted-zones' }),
    );
    // Nothing out of sight was found: the plan proposes endpoints (not automatically: the cause is not proven).
    expect(d.fixInputs.networkUndecidable).toBeUndefined();
    expect(planVpcEndpoints(d).steps.filter((s) => s.automatic)).toEqual([]);
  });

  it('keeps vpc-endpoint-missing from being proven too', () => {
    const ecrOnly = allEndpoints().filter((e) => !e.serviceName.endsWith('.s3'));
    const d = run(
      facts({ network: net({ routes: [], endpoints: ecrOnly, zones: denied('route53:ListHostedZonesByVPC') }) }),
    );
    expect([d.cause, d.confidence]).toEqual(['vpc-endpoint-missing', 'likely']);
  });

  it('does not matter when every subnet has a NAT route', () => {
    const d = run(facts({ network: net({ zones: denied('route53:ListHostedZonesByVPC') }) }));
    expect(evidenceOf(d, 'network-no-route').find((e) => e.check === 'default-route')?.result).toBe('ruled-out');
  });
});
