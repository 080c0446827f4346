/**
 * Network probes (EC2 Describe*), in three steps: subnets (and the network ACLs, when asked) need only the
 * subnet ids; with the VPC id, route tables (one call, filter vpc-id: explicit associations and the main
 * table), endpoints, security groups (when asked), the two DNS attributes, the VPC itself (CIDRs, DHCP
 * options id) and the VPC's private hosted zones (route53:ListHostedZonesByVPC); then the DHCP options,
 * unless the VPC uses none ("default": Amazon-provided DNS). Each step's calls and how their answers become
 * facts live in network-subnets.ts, network-endpoints.ts and network-vpc.ts; this file asks in that order.
 */
import type { Clients } from '../../aws/clients';
import type { NetworkFacts } from '../types';
import type { CallBudget } from './budget';
import { mapFact } from './fact-map';
import { describeSecurityGroups, describeVpcEndpoints, endpointsOf, securityGroupsOf } from './network-endpoints';
import {
  describeNetworkAcls,
  describeRouteTables,
  describeSubnets,
  networkAclsOf,
  routeTablesOf,
  subnetsOf,
  taskSubnetsOf,
} from './network-subnets';
import {
  describeDnsAttribute,
  describeVpc,
  hostedZonesFact,
  listHostedZones,
  regionOf,
  vpcAndDhcp,
} from './network-vpc';

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

export async function probeNetwork(
  clients: Clients,
  budget: CallBudget,
  subnetIds: string[],
  opts: NetworkProbeOptions,
): Promise<NetworkFacts> {
  const ec2 = clients.ec2;
  const extra = [...new Set(opts.placementSubnetIds ?? [])].filter((id) => !subnetIds.includes(id));
  const [subnetsR, aclsR] = await Promise.all([
    describeSubnets(ec2, budget, subnetIds, extra),
    opts.networkAcls ? describeNetworkAcls(ec2, budget, subnetIds) : undefined,
  ]);
  const described = subnetsOf(subnetsR);
  const out: NetworkFacts = { subnets: extra.length ? taskSubnetsOf(described, subnetIds) : described };
  if (extra.length && described.ok && out.subnets?.ok) {
    const vpc = out.subnets.value[0]?.vpcId;
    out.placementSubnets = described.value.filter((s) => extra.includes(s.id) && s.vpcId === vpc);
  }
  if (aclsR) out.networkAcls = networkAclsOf(aclsR);
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
  const vpcRegion = await regionOf(ec2);
  const [rtR, epR, sgR, dnsR, hostR, vpcR, zonesR] = await Promise.all([
    describeRouteTables(ec2, budget, byVpc),
    describeVpcEndpoints(ec2, budget, byVpc),
    opts.securityGroups ? describeSecurityGroups(ec2, budget, byVpc) : undefined,
    describeDnsAttribute(ec2, budget, vpcId, 'enableDnsSupport'),
    describeDnsAttribute(ec2, budget, vpcId, 'enableDnsHostnames'),
    opts.vpc ? describeVpc(ec2, budget, vpcId) : undefined,
    listHostedZones(clients, budget, vpcId, vpcRegion),
  ]);
  out.routeTables = routeTablesOf(rtR, vpcId);
  out.endpoints = endpointsOf(epR);
  if (sgR) out.securityGroups = securityGroupsOf(sgR, vpcId);
  out.hostedZones = hostedZonesFact(zonesR, vpcId);
  out.dnsSupport = mapFact(dnsR, (v) => v.EnableDnsSupport?.Value === true);
  out.dnsHostnames = mapFact(hostR, (v) => v.EnableDnsHostnames?.Value === true);
  if (vpcR) {
    const { vpc, dhcp } = await vpcAndDhcp(clients, budget, vpcR, vpcId);
    out.vpc = vpc;
    out.dhcp = dhcp;
  }
  return out;
}
