/**
 * Network probes (EC2 Describe*), in three steps: subnets (and the network ACLs, when asked) need only the
 * subnet ids; with the VPC id, route tables (one call, filter vpc-id: explicit associations and the main
 * table), endpoints, security groups (when asked), the two DNS attributes, the VPC itself (CIDRs, DHCP
 * options id) and the VPC's private hosted zones (route53:ListHostedZonesByVPC); then the DHCP options,
 * unless the VPC uses none ("default": Amazon-provided DNS).
 */
import {
  DescribeDhcpOptionsCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type IpPermission,
  type Route,
} from '@aws-sdk/client-ec2';
import { ListHostedZonesByVPCCommand, type HostedZoneSummary, type VPCRegion } from '@aws-sdk/client-route-53';
import type { Clients } from '../../aws/clients';
import type { Fact } from '../../aws/call';
import { parsePolicyDocument } from '../policy-eval';
import type {
  HostedZoneFacts,
  NetworkAclEntryFacts,
  NetworkFacts,
  RouteFacts,
  RouteTargetKind,
  SecurityGroupRuleFacts,
  SubnetFacts,
  VpcEndpointFacts,
  VpcFacts,
} from '../types';
import { SLOT } from '../call-plan';
import type { CallBudget } from './budget';

export interface NetworkProbeOptions {
  /** The VPC (DescribeVpcs: CIDRs, DHCP options id) and its DHCP options (DescribeDhcpOptions). */
  vpc: boolean;
  /** Security groups needed (task or endpoint groups). */
  securityGroups: boolean;
  /** Network ACLs of the subnets. */
  networkAcls: boolean;
  /**
   * The service's subnets that are not the task's own (endpoint placement per AZ): described in the same
   * DescribeSubnets call, reported apart (NetworkFacts.placementSubnets), never part of the diagnosis.
   */
  placementSubnetIds?: readonly string[];
}

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

function mapFact<A, B>(f: Fact<A>, fn: (a: A) => B): Fact<B> {
  return f.ok ? { ok: true, value: fn(f.value) } : f;
}

export function routeTarget(r: Route): { kind: RouteTargetKind; id: string } {
  if (r.NatGatewayId) return { kind: 'nat', id: r.NatGatewayId };
  if (r.TransitGatewayId) return { kind: 'transit-gateway', id: r.TransitGatewayId };
  if (r.VpcPeeringConnectionId) return { kind: 'peering', id: r.VpcPeeringConnectionId };
  if (r.EgressOnlyInternetGatewayId) return { kind: 'egress-only-igw', id: r.EgressOnlyInternetGatewayId };
  const g = r.GatewayId;
  if (g === 'local') return { kind: 'local', id: g };
  if (g?.startsWith('igw-')) return { kind: 'igw', id: g };
  if (g?.startsWith('vpce-')) return { kind: 'gateway-endpoint', id: g };
  if (g?.startsWith('vgw-')) return { kind: 'vpn-gateway', id: g };
  if (r.InstanceId) return { kind: 'instance', id: r.InstanceId };
  if (r.NetworkInterfaceId) return { kind: 'network-interface', id: r.NetworkInterfaceId };
  if (r.LocalGatewayId || r.CarrierGatewayId || r.CoreNetworkArn)
    return { kind: 'other', id: r.LocalGatewayId ?? r.CarrierGatewayId ?? r.CoreNetworkArn! };
  return { kind: 'other', id: g ?? 'unknown' };
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
async function regionOf(client: { config?: { region?: unknown } }): Promise<string | undefined> {
  try {
    const r = client.config?.region;
    const v = typeof r === 'function' ? await (r as () => Promise<unknown>)() : r;
    return typeof v === 'string' && v ? v : undefined;
  } catch {
    return undefined;
  }
}

function rules(perms: IpPermission[] | undefined): SecurityGroupRuleFacts[] {
  return (perms ?? []).map((p) => {
    const r: SecurityGroupRuleFacts = {
      protocol: p.IpProtocol ?? '-1',
      cidrs: (p.IpRanges ?? []).map((x) => x.CidrIp!).filter(Boolean),
      ipv6Cidrs: (p.Ipv6Ranges ?? []).map((x) => x.CidrIpv6!).filter(Boolean),
      prefixListIds: (p.PrefixListIds ?? []).map((x) => x.PrefixListId!).filter(Boolean),
      groupIds: (p.UserIdGroupPairs ?? []).map((x) => x.GroupId!).filter(Boolean),
    };
    if (p.FromPort !== undefined && p.FromPort !== -1) r.fromPort = p.FromPort;
    if (p.ToPort !== undefined && p.ToPort !== -1) r.toPort = p.ToPort;
    return r;
  });
}

/**
 * The task's own subnets out of a DescribeSubnets-by-filter answer, failing as DescribeSubnets with
 * SubnetIds would when one of them is missing (InvalidSubnetID.NotFound).
 */
function taskSubnetsOf(described: Fact<SubnetFacts[]>, subnetIds: readonly string[]): Fact<SubnetFacts[]> {
  if (!described.ok) return described;
  const missing = subnetIds.filter((id) => !described.value.some((s) => s.id === id));
  if (missing.length) {
    return {
      ok: false,
      api: 'ec2:DescribeSubnets',
      kind: 'not-found',
      errorName: 'InvalidSubnetID.NotFound',
      reason: `ec2:DescribeSubnets: InvalidSubnetID.NotFound (subnet ${missing.join(', ')} does not exist)`,
    };
  }
  return { ok: true, value: subnetIds.map((id) => described.value.find((s) => s.id === id)!) };
}

export async function probeNetwork(
  clients: Clients,
  budget: CallBudget,
  subnetIds: string[],
  opts: NetworkProbeOptions,
): Promise<NetworkFacts> {
  const ec2 = clients.ec2;
  const extra = [...new Set(opts.placementSubnetIds ?? [])].filter((id) => !subnetIds.includes(id));
  // With the service's other subnets, ask by filter: SubnetIds fails the whole call (InvalidSubnetID.NotFound)
  // when one id is gone, and a deleted service subnet must not cost the diagnosis of the task's own subnets.
  const subnetsIn = extra.length
    ? { Filters: [{ Name: 'subnet-id', Values: [...subnetIds, ...extra] }] }
    : { SubnetIds: subnetIds };
  const aclIn = { Filters: [{ Name: 'association.subnet-id', Values: subnetIds }] };
  const [subnetsR, aclsR] = await Promise.all([
    budget.call(
      'ec2:DescribeSubnets',
      subnetsIn,
      (abortSignal) => ec2.send(new DescribeSubnetsCommand(subnetsIn), { abortSignal }),
      undefined,
      SLOT.subnets,
    ),
    opts.networkAcls
      ? budget.call(
          'ec2:DescribeNetworkAcls',
          aclIn,
          (abortSignal) => ec2.send(new DescribeNetworkAclsCommand(aclIn), { abortSignal }),
          undefined,
          SLOT.networkAcls,
        )
      : undefined,
  ]);
  const described = mapFact(subnetsR, (v) =>
    (v.Subnets ?? []).map((s) => {
      const sub: SubnetFacts = { id: s.SubnetId!, vpcId: s.VpcId! };
      if (s.AvailabilityZone) sub.availabilityZone = s.AvailabilityZone;
      if (s.CidrBlock) sub.cidr = s.CidrBlock;
      if (s.MapPublicIpOnLaunch !== undefined) sub.mapPublicIpOnLaunch = s.MapPublicIpOnLaunch;
      return sub;
    }),
  );
  const out: NetworkFacts = { subnets: extra.length ? taskSubnetsOf(described, subnetIds) : described };
  if (extra.length && described.ok && out.subnets?.ok) {
    const vpc = out.subnets.value[0]?.vpcId;
    out.placementSubnets = described.value.filter((s) => extra.includes(s.id) && s.vpcId === vpc);
  }
  if (aclsR) {
    out.networkAcls = mapFact(aclsR, (v) =>
      (v.NetworkAcls ?? []).map((a) => ({
        id: a.NetworkAclId!,
        subnetIds: (a.Associations ?? []).map((x) => x.SubnetId!).filter(Boolean),
        entries: (a.Entries ?? []).map((e) => {
          const entry: NetworkAclEntryFacts = {
            ruleNumber: e.RuleNumber ?? 32767,
            egress: e.Egress === true,
            protocol: e.Protocol ?? '-1',
            action: e.RuleAction === 'allow' ? 'allow' : 'deny',
          };
          if (e.CidrBlock) entry.cidr = e.CidrBlock;
          if (e.PortRange?.From !== undefined) entry.fromPort = e.PortRange.From;
          if (e.PortRange?.To !== undefined) entry.toPort = e.PortRange.To;
          return entry;
        }),
      })),
    );
  }
  const vpcId = out.subnets?.ok ? out.subnets.value[0]?.vpcId : undefined;
  if (!vpcId) {
    const reason = out.subnets?.ok
      ? `subnets ${subnetIds.join(', ')} not found`
      : (out.subnets?.reason ?? 'not described');
    const unknown = {
      ok: false as const,
      api: 'ec2:DescribeSubnets',
      kind: 'not-found' as const,
      errorName: 'NoVpc',
      reason: `VPC unknown: ${reason}`,
    };
    out.routeTables = unknown;
    out.endpoints = unknown;
    out.dnsSupport = unknown;
    out.dnsHostnames = unknown;
    out.hostedZones = unknown;
    if (opts.securityGroups) out.securityGroups = unknown;
    if (opts.vpc) {
      out.vpc = unknown;
      out.dhcp = unknown;
    }
    return out;
  }
  const byVpc = { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] };
  const dnsIn = { VpcId: vpcId, Attribute: 'enableDnsSupport' as const };
  const hostIn = { VpcId: vpcId, Attribute: 'enableDnsHostnames' as const };
  const vpcsIn = { VpcIds: [vpcId] };
  const vpcRegion = await regionOf(ec2);
  const zonesIn = { VPCId: vpcId, VPCRegion: vpcRegion as VPCRegion, MaxItems: HOSTED_ZONES_PAGE };
  const [rtR, epR, sgR, dnsR, hostR, vpcR, zonesR] = await Promise.all([
    budget.call(
      'ec2:DescribeRouteTables',
      byVpc,
      (abortSignal) => ec2.send(new DescribeRouteTablesCommand(byVpc), { abortSignal }),
      undefined,
      SLOT.routeTables,
    ),
    budget.call(
      'ec2:DescribeVpcEndpoints',
      byVpc,
      (abortSignal) => ec2.send(new DescribeVpcEndpointsCommand(byVpc), { abortSignal }),
      undefined,
      SLOT.endpoints,
    ),
    opts.securityGroups
      ? budget.call(
          'ec2:DescribeSecurityGroups',
          byVpc,
          (abortSignal) => ec2.send(new DescribeSecurityGroupsCommand(byVpc), { abortSignal }),
          undefined,
          SLOT.securityGroups,
        )
      : undefined,
    budget.call(
      'ec2:DescribeVpcAttribute',
      dnsIn,
      (abortSignal) => ec2.send(new DescribeVpcAttributeCommand(dnsIn), { abortSignal }),
      undefined,
      SLOT.dnsSupport,
    ),
    budget.call(
      'ec2:DescribeVpcAttribute',
      hostIn,
      (abortSignal) => ec2.send(new DescribeVpcAttributeCommand(hostIn), { abortSignal }),
      undefined,
      SLOT.dnsHostnames,
    ),
    opts.vpc
      ? budget.call(
          'ec2:DescribeVpcs',
          vpcsIn,
          (abortSignal) => ec2.send(new DescribeVpcsCommand(vpcsIn), { abortSignal }),
          undefined,
          SLOT.vpcs,
        )
      : undefined,
    vpcRegion
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
        },
  ]);
  out.routeTables = mapFact(rtR, (v) =>
    (v.RouteTables ?? []).map((t) => ({
      id: t.RouteTableId!,
      vpcId: t.VpcId ?? vpcId,
      subnetIds: (t.Associations ?? [])
        .filter((a) => a.SubnetId && (a.AssociationState?.State ?? 'associated') === 'associated')
        .map((a) => a.SubnetId!),
      main: (t.Associations ?? []).some((a) => a.Main === true),
      routes: (t.Routes ?? []).map((r): RouteFacts => {
        const target = routeTarget(r);
        return {
          destination: r.DestinationCidrBlock ?? r.DestinationPrefixListId ?? r.DestinationIpv6CidrBlock ?? '',
          targetKind: target.kind,
          targetId: target.id,
          state: r.State ?? 'active',
        };
      }),
    })),
  );
  out.endpoints = mapFact(epR, (v) =>
    (v.VpcEndpoints ?? []).map((e) => {
      const ep: VpcEndpointFacts = {
        id: e.VpcEndpointId!,
        serviceName: e.ServiceName ?? '',
        type: e.VpcEndpointType ?? 'Interface',
        state: e.State ?? 'unknown',
        privateDnsEnabled: e.PrivateDnsEnabled === true,
        subnetIds: e.SubnetIds ?? [],
        groupIds: (e.Groups ?? []).map((g) => g.GroupId!).filter(Boolean),
        routeTableIds: e.RouteTableIds ?? [],
      };
      if (e.Tags?.length) ep.tags = Object.fromEntries(e.Tags.filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? '']));
      const policy = e.PolicyDocument ? parsePolicyDocument(e.PolicyDocument) : undefined;
      if (policy) ep.policy = policy;
      return ep;
    }),
  );
  if (sgR) {
    out.securityGroups = mapFact(sgR, (v) =>
      (v.SecurityGroups ?? []).map((g) => ({
        id: g.GroupId!,
        vpcId: g.VpcId ?? vpcId,
        ingress: rules(g.IpPermissions),
        egress: rules(g.IpPermissionsEgress),
      })),
    );
  }
  out.hostedZones = hostedZonesFact(zonesR, vpcId);
  out.dnsSupport = mapFact(dnsR, (v) => v.EnableDnsSupport?.Value === true);
  out.dnsHostnames = mapFact(hostR, (v) => v.EnableDnsHostnames?.Value === true);
  if (vpcR) {
    if (!vpcR.ok) {
      out.vpc = vpcR;
      out.dhcp = vpcR;
    } else {
      const v = vpcR.value.Vpcs?.find((x) => x.VpcId === vpcId) ?? vpcR.value.Vpcs?.[0];
      if (!v) {
        const gone = {
          ok: false as const,
          api: 'ec2:DescribeVpcs',
          kind: 'not-found' as const,
          errorName: 'NoVpc',
          reason: `ec2:DescribeVpcs returned no VPC ${vpcId}`,
        };
        out.vpc = gone;
        out.dhcp = gone;
      } else {
        const facts: VpcFacts = { id: v.VpcId ?? vpcId, cidrs: vpcCidrsOf(v) };
        if (v.DhcpOptionsId) facts.dhcpOptionsId = v.DhcpOptionsId;
        out.vpc = { ok: true, value: facts };
        out.dhcp = await probeDhcp(clients, budget, v.DhcpOptionsId);
      }
    }
  }
  return out;
}

/**
 * One page of zones (one call of the budget). More than a page (NextToken): the zones not read could
 * include one for the ECR/S3 names, so the list is an Unknown, not "no such zone".
 */
function hostedZonesFact(
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
