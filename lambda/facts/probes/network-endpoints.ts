/**
 * The VPC's endpoints (DescribeVpcEndpoints, with their policies) and security groups
 * (DescribeSecurityGroups: ingress and egress rules), both by filter vpc-id.
 */
import {
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  type DescribeSecurityGroupsCommandOutput,
  type DescribeVpcEndpointsCommandOutput,
  type Filter,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import type { Clients } from '../../aws/clients';
import type { Fact } from '../../aws/call';
import { parsePolicyDocument } from '../policy-eval/document';
import type { NetworkFacts, SecurityGroupRuleFacts, VpcEndpointFacts } from '../types';
import { SLOT } from '../slots';
import type { CallBudget } from './budget';
import { mapFact } from './fact-map';

export function describeVpcEndpoints(ec2: Clients['ec2'], budget: CallBudget, byVpc: { Filters: Filter[] }) {
  return budget.call(
    'ec2:DescribeVpcEndpoints',
    byVpc,
    (abortSignal) => ec2.send(new DescribeVpcEndpointsCommand(byVpc), { abortSignal }),
    undefined,
    SLOT.endpoints,
  );
}

export function endpointsOf(r: Fact<DescribeVpcEndpointsCommandOutput>): NonNullable<NetworkFacts['endpoints']> {
  return mapFact(r, (v) =>
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
      if (e.IpAddressType) ep.ipAddressType = e.IpAddressType;
      if (e.DnsOptions?.DnsRecordIpType) ep.dnsRecordIpType = e.DnsOptions.DnsRecordIpType;
      if (e.Tags?.length) ep.tags = Object.fromEntries(e.Tags.filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? '']));
      const policy = e.PolicyDocument ? parsePolicyDocument(e.PolicyDocument) : undefined;
      if (policy) ep.policy = policy;
      return ep;
    }),
  );
}

export function describeSecurityGroups(ec2: Clients['ec2'], budget: CallBudget, byVpc: { Filters: Filter[] }) {
  return budget.call(
    'ec2:DescribeSecurityGroups',
    byVpc,
    (abortSignal) => ec2.send(new DescribeSecurityGroupsCommand(byVpc), { abortSignal }),
    undefined,
    SLOT.securityGroups,
  );
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

export function securityGroupsOf(
  r: Fact<DescribeSecurityGroupsCommandOutput>,
  vpcId: string,
): NonNullable<NetworkFacts['securityGroups']> {
  return mapFact(r, (v) =>
    (v.SecurityGroups ?? []).map((g) => ({
      id: g.GroupId!,
      vpcId: g.VpcId ?? vpcId,
      ingress: rules(g.IpPermissions),
      egress: rules(g.IpPermissionsEgress),
    })),
  );
}
