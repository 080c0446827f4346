/**
 * Subnets and routing: the task's subnets (DescribeSubnets), their network ACLs (DescribeNetworkAcls) and the
 * VPC's route tables (DescribeRouteTables, filter vpc-id: explicit associations and the main table).
 */
import {
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  type DescribeNetworkAclsCommandOutput,
  type DescribeRouteTablesCommandOutput,
  type DescribeSubnetsCommandOutput,
  type Filter,
  type Route,
} from '@aws-sdk/client-ec2';
import type { Clients } from '../../aws/clients';
import type { Fact } from '../../aws/call';
import type { NetworkAclEntryFacts, NetworkFacts, RouteFacts, RouteTargetKind, SubnetFacts } from '../types';
import { SLOT } from '../slots';
import type { CallBudget } from './budget';
import { ipv6BlocksOf, mapFact } from './fact-map';

/**
 * DescribeSubnets for the task's subnets and the service's other ones (`extra`). With the service's other
 * subnets, ask by filter: SubnetIds fails the whole call (InvalidSubnetID.NotFound) when one id is gone, and
 * a deleted service subnet must not cost the diagnosis of the task's own subnets.
 */
export function describeSubnets(ec2: Clients['ec2'], budget: CallBudget, subnetIds: string[], extra: string[]) {
  const subnetsIn = extra.length
    ? { Filters: [{ Name: 'subnet-id', Values: [...subnetIds, ...extra] }] }
    : { SubnetIds: subnetIds };
  return budget.call(
    'ec2:DescribeSubnets',
    subnetsIn,
    (abortSignal) => ec2.send(new DescribeSubnetsCommand(subnetsIn), { abortSignal }),
    undefined,
    SLOT.subnets,
  );
}

export function subnetsOf(r: Fact<DescribeSubnetsCommandOutput>): Fact<SubnetFacts[]> {
  return mapFact(r, (v) =>
    (v.Subnets ?? []).map((s) => {
      const sub: SubnetFacts = { id: s.SubnetId!, vpcId: s.VpcId! };
      if (s.AvailabilityZone) sub.availabilityZone = s.AvailabilityZone;
      if (s.CidrBlock) sub.cidr = s.CidrBlock;
      if (s.MapPublicIpOnLaunch !== undefined) sub.mapPublicIpOnLaunch = s.MapPublicIpOnLaunch;
      const v6 = ipv6BlocksOf(s.Ipv6CidrBlockAssociationSet, 'counts');
      if (v6.length) sub.ipv6Cidrs = v6;
      if (s.Ipv6Native) sub.ipv6Native = true;
      if (s.EnableDns64) sub.dns64 = true;
      return sub;
    }),
  );
}

/**
 * The task's own subnets out of a DescribeSubnets-by-filter answer, failing as DescribeSubnets with
 * SubnetIds would when one of them is missing (InvalidSubnetID.NotFound).
 */
export function taskSubnetsOf(described: Fact<SubnetFacts[]>, subnetIds: readonly string[]): Fact<SubnetFacts[]> {
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

/** DescribeNetworkAcls for the ACLs associated with the task's subnets. */
export function describeNetworkAcls(ec2: Clients['ec2'], budget: CallBudget, subnetIds: string[]) {
  const aclIn = { Filters: [{ Name: 'association.subnet-id', Values: subnetIds }] };
  return budget.call(
    'ec2:DescribeNetworkAcls',
    aclIn,
    (abortSignal) => ec2.send(new DescribeNetworkAclsCommand(aclIn), { abortSignal }),
    undefined,
    SLOT.networkAcls,
  );
}

export function networkAclsOf(r: Fact<DescribeNetworkAclsCommandOutput>): NonNullable<NetworkFacts['networkAcls']> {
  return mapFact(r, (v) =>
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
        if (e.Ipv6CidrBlock) entry.ipv6Cidr = e.Ipv6CidrBlock;
        if (e.PortRange?.From !== undefined) entry.fromPort = e.PortRange.From;
        if (e.PortRange?.To !== undefined) entry.toPort = e.PortRange.To;
        return entry;
      }),
    })),
  );
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

/** DescribeRouteTables for every route table of the VPC (`byVpc`: filter vpc-id). */
export function describeRouteTables(ec2: Clients['ec2'], budget: CallBudget, byVpc: { Filters: Filter[] }) {
  return budget.call(
    'ec2:DescribeRouteTables',
    byVpc,
    (abortSignal) => ec2.send(new DescribeRouteTablesCommand(byVpc), { abortSignal }),
    undefined,
    SLOT.routeTables,
  );
}

export function routeTablesOf(
  f: Fact<DescribeRouteTablesCommandOutput>,
  vpcId: string,
): NonNullable<NetworkFacts['routeTables']> {
  return mapFact(f, (v) =>
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
}
