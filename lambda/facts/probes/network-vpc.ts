/**
 * The VPC itself: its two DNS attributes (DescribeVpcAttribute), CIDRs and DHCP options id (DescribeVpcs),
 * its DHCP options (DescribeDhcpOptions, unless "default": Amazon-provided DNS) and its private hosted zones
 * (route53:ListHostedZonesByVPC).
 */
import {
  DescribeDhcpOptionsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  type DescribeVpcsCommandOutput,
} from '@aws-sdk/client-ec2';
import { ListHostedZonesByVPCCommand, type HostedZoneSummary, type VPCRegion } from '@aws-sdk/client-route-53';
import type { Clients } from '../../aws/clients';
import type { Fact } from '../../aws/call';
import type { HostedZoneFacts, NetworkFacts, VpcFacts } from '../types';
import { SLOT } from '../slots';
import type { CallBudget } from './budget';
import { ipv6BlocksOf, mapFact } from './fact-map';

/** The VPC's IPv4 CIDRs: the primary block and every associated secondary block. */
export function vpcCidrsOf(v: {
  CidrBlock?: string | undefined;
  CidrBlockAssociationSet?:
    | Array<{ CidrBlock?: string | undefined; CidrBlockState?: { State?: string | undefined } | undefined }>
    | undefined;
}): string[] {
  const out: string[] = [];
  if (v.CidrBlock) out.push(v.CidrBlock);
  for (const a of v.CidrBlockAssociationSet ?? []) {
    const state = a.CidrBlockState?.State ?? 'associated';
    if (a.CidrBlock && state === 'associated' && !out.includes(a.CidrBlock)) out.push(a.CidrBlock);
  }
  return out;
}

/** Route 53's answer: one page of at most this many zones (the API's maximum). */
export const HOSTED_ZONES_PAGE = 100;

/** A zone summary as the checks read it: name lower case without the trailing dot, and its owner. */
export function hostedZoneOf(z: HostedZoneSummary): HostedZoneFacts {
  const out: HostedZoneFacts = {
    id: (z.HostedZoneId ?? '').replace(/^\/hostedzone\//, ''),
    name: (z.Name ?? '').toLowerCase().replace(/\.$/, ''),
  };
  if (z.Owner?.OwningAccount) out.owningAccount = z.Owner.OwningAccount;
  if (z.Owner?.OwningService) out.owningService = z.Owner.OwningService;
  return out;
}

/** The Region of the EC2 client that found the VPC (the VPC is in it), when the client can say. */
export async function regionOf(client: { config?: { region?: unknown } }): Promise<string | undefined> {
  try {
    const r = client.config?.region;
    const v = typeof r === 'function' ? await (r as () => Promise<unknown>)() : r;
    return typeof v === 'string' && v ? v : undefined;
  } catch {
    return undefined;
  }
}

/** DescribeVpcAttribute for one of the two DNS attributes, each in its own budget slot. */
export function describeDnsAttribute(
  ec2: Clients['ec2'],
  budget: CallBudget,
  vpcId: string,
  attribute: 'enableDnsSupport' | 'enableDnsHostnames',
) {
  const input = { VpcId: vpcId, Attribute: attribute };
  return budget.call(
    'ec2:DescribeVpcAttribute',
    input,
    (abortSignal) => ec2.send(new DescribeVpcAttributeCommand(input), { abortSignal }),
    undefined,
    attribute === 'enableDnsSupport' ? SLOT.dnsSupport : SLOT.dnsHostnames,
  );
}

export function describeVpc(ec2: Clients['ec2'], budget: CallBudget, vpcId: string) {
  const vpcsIn = { VpcIds: [vpcId] };
  return budget.call(
    'ec2:DescribeVpcs',
    vpcsIn,
    (abortSignal) => ec2.send(new DescribeVpcsCommand(vpcsIn), { abortSignal }),
    undefined,
    SLOT.vpcs,
  );
}

/** One page of the VPC's private hosted zones; not called (an Unknown) when the VPC's Region is not known. */
export function listHostedZones(clients: Clients, budget: CallBudget, vpcId: string, vpcRegion: string | undefined) {
  const zonesIn = { VPCId: vpcId, VPCRegion: vpcRegion as VPCRegion, MaxItems: HOSTED_ZONES_PAGE };
  return vpcRegion
    ? budget.call(
        'route53:ListHostedZonesByVPC',
        zonesIn,
        (abortSignal) => clients.route53.send(new ListHostedZonesByVPCCommand(zonesIn), { abortSignal }),
        undefined,
        SLOT.hostedZones,
      )
    : {
        ok: false as const,
        api: 'route53:ListHostedZonesByVPC',
        kind: 'unexpected' as const,
        errorName: 'NoRegion',
        reason: `not called: the Region of ${vpcId} is not known`,
      };
}

/**
 * One page of zones (one call of the budget). More than a page (NextToken): the zones not read could
 * include one for the ECR/S3 names, so the list is an Unknown, not "no such zone".
 */
export function hostedZonesFact(
  r: Fact<{ HostedZoneSummaries?: HostedZoneSummary[] | undefined; NextToken?: string | undefined }>,
  vpcId: string,
): NonNullable<NetworkFacts['hostedZones']> {
  if (!r.ok) return r;
  const zones = (r.value.HostedZoneSummaries ?? []).map(hostedZoneOf);
  if (r.value.NextToken) {
    return {
      ok: false,
      api: 'route53:ListHostedZonesByVPC',
      kind: 'unexpected',
      errorName: 'Truncated',
      reason:
        `more than ${HOSTED_ZONES_PAGE} hosted zones are associated with ${vpcId}; only the first ` +
        `${HOSTED_ZONES_PAGE} were read`,
    };
  }
  return { ok: true, value: zones };
}

/**
 * The VPC from DescribeVpcs' answer, then its DHCP options. A failed answer, or one without the VPC, leaves
 * both unknown.
 */
export async function vpcAndDhcp(
  clients: Clients,
  budget: CallBudget,
  vpcR: Fact<DescribeVpcsCommandOutput>,
  vpcId: string,
): Promise<{ vpc: NonNullable<NetworkFacts['vpc']>; dhcp: NonNullable<NetworkFacts['dhcp']> }> {
  if (!vpcR.ok) return { vpc: vpcR, dhcp: vpcR };
  const v = vpcR.value.Vpcs?.find((x) => x.VpcId === vpcId) ?? vpcR.value.Vpcs?.[0];
  if (!v) {
    const gone = {
      ok: false as const,
      api: 'ec2:DescribeVpcs',
      kind: 'not-found' as const,
      errorName: 'NoVpc',
      reason: `ec2:DescribeVpcs returned no VPC ${vpcId}`,
    };
    return { vpc: gone, dhcp: gone };
  }
  const facts: VpcFacts = { id: v.VpcId ?? vpcId, cidrs: vpcCidrsOf(v) };
  const v6 = ipv6BlocksOf(v.Ipv6CidrBlockAssociationSet, 'excluded');
  if (v6.length) facts.ipv6Cidrs = v6;
  if (v.DhcpOptionsId) facts.dhcpOptionsId = v.DhcpOptionsId;
  return { vpc: { ok: true, value: facts }, dhcp: await probeDhcp(clients, budget, v.DhcpOptionsId) };
}

/** DHCP options of the VPC: "default" (or none) means Amazon-provided DNS, without a call. */
async function probeDhcp(
  clients: Clients,
  budget: CallBudget,
  dhcpId: string | undefined,
): Promise<NonNullable<NetworkFacts['dhcp']>> {
  if (!dhcpId) return { ok: true, value: null };
  if (dhcpId === 'default') return { ok: true, value: { id: 'default', domainNameServers: ['AmazonProvidedDNS'] } };
  const dIn = { DhcpOptionsIds: [dhcpId] };
  const d = await budget.call(
    'ec2:DescribeDhcpOptions',
    dIn,
    (abortSignal) => clients.ec2.send(new DescribeDhcpOptionsCommand(dIn), { abortSignal }),
    undefined,
    SLOT.dhcp,
  );
  return mapFact(d, (v) => {
    const o = v.DhcpOptions?.find((x) => x.DhcpOptionsId === dhcpId) ?? v.DhcpOptions?.[0];
    const servers = (o?.DhcpConfigurations ?? [])
      .find((c) => c.Key === 'domain-name-servers')
      ?.Values?.map((x) => x.Value!)
      .filter(Boolean) ?? ['AmazonProvidedDNS'];
    return { id: dhcpId, domainNameServers: servers };
  });
}
