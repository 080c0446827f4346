/**
 * Network facts gathered from the account (the task's subnet, route tables, VPC endpoints, security groups,
 * network ACLs, VPC DNS, DHCP options and private hosted zones). Plain data, like the rest of facts/types.ts,
 * which re-exports them.
 */
import type { Fact } from '../aws/call';
import type { PolicyDocument } from './policy-eval/document';

export interface SubnetFacts {
  id: string;
  vpcId: string;
  availabilityZone?: string;
  cidr?: string;
  mapPublicIpOnLaunch?: boolean;
  /** IPv6 CIDRs associated with the subnet (Ipv6CidrBlockAssociationSet, state associated). */
  ipv6Cidrs?: string[];
  /** True for an IPv6-only subnet (Ipv6Native): its network interfaces get no IPv4 address. */
  ipv6Native?: boolean;
  /** EnableDns64: the Amazon DNS server answers IPv4-only names with synthesized 64:ff9b::/96 addresses. */
  dns64?: boolean;
}

export type RouteTargetKind =
  | 'igw'
  | 'nat'
  | 'gateway-endpoint'
  | 'local'
  | 'transit-gateway'
  | 'peering'
  | 'network-interface'
  | 'instance'
  | 'egress-only-igw'
  | 'vpn-gateway'
  | 'other';

export interface RouteFacts {
  /** IPv4 or IPv6 CIDR, or a prefix list id (pl-…). */
  destination: string;
  targetKind: RouteTargetKind;
  targetId: string;
  /** "active" | "blackhole". */
  state: string;
}

export interface RouteTableFacts {
  id: string;
  vpcId?: string;
  /** Subnets explicitly associated. */
  subnetIds: string[];
  main: boolean;
  routes: RouteFacts[];
}

export interface VpcEndpointFacts {
  id: string;
  /** Full service name, e.g. com.amazonaws.us-east-1.ecr.dkr. */
  serviceName: string;
  type: string;
  /** available | pending | deleted | … */
  state: string;
  privateDnsEnabled: boolean;
  subnetIds: string[];
  groupIds: string[];
  routeTableIds: string[];
  /** The endpoint policy (parsed), when it has one. */
  policy?: PolicyDocument;
  /** IpAddressType: ipv4 (the default, also when DescribeVpcEndpoints leaves it out), dualstack or ipv6. */
  ipAddressType?: string;
  /** DnsOptions.DnsRecordIpType: ipv4, dualstack, ipv6 or service-defined — which records private DNS creates. */
  dnsRecordIpType?: string;
  /** The endpoint's tags (key → value): the auto-fix only ever modifies endpoints carrying its created-by tag. */
  tags?: Record<string, string>;
}

export interface SecurityGroupRuleFacts {
  /** "-1" (all), "tcp", "udp", "icmp" or a number. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  ipv6Cidrs: string[];
  prefixListIds: string[];
  groupIds: string[];
}

export interface SecurityGroupFacts {
  id: string;
  vpcId?: string;
  ingress: SecurityGroupRuleFacts[];
  egress: SecurityGroupRuleFacts[];
}

export interface NetworkAclEntryFacts {
  ruleNumber: number;
  egress: boolean;
  /** "-1" all, "6" tcp, "17" udp. */
  protocol: string;
  action: 'allow' | 'deny';
  cidr?: string;
  /** The entry's IPv6 CIDR (an entry has either cidr or ipv6Cidr). */
  ipv6Cidr?: string;
  fromPort?: number;
  toPort?: number;
}

export interface NetworkAclFacts {
  id: string;
  subnetIds: string[];
  entries: NetworkAclEntryFacts[];
}

export interface VpcFacts {
  id: string;
  /** IPv4 CIDRs: the primary block and the associated secondary blocks. */
  cidrs: string[];
  /** IPv6 CIDRs associated with the VPC. */
  ipv6Cidrs?: string[];
  dhcpOptionsId?: string;
}

export interface DhcpFacts {
  id: string;
  domainNameServers: string[];
}

/** A Route 53 hosted zone associated with the task's VPC (route53:ListHostedZonesByVPC). */
export interface HostedZoneFacts {
  id: string;
  /** Zone name without the trailing dot, lower case, e.g. "dkr.ecr.us-east-1.amazonaws.com". */
  name: string;
  /** The account that owns it (a customer zone), when Route 53 says so. */
  owningAccount?: string;
  /** The AWS service that owns it (e.g. an interface endpoint's private DNS zone), when Route 53 says so. */
  owningService?: string;
}

export interface NetworkFacts {
  /** True when the task uses the instance's network (EC2 bridge/host): subnet checks do not apply. */
  instanceNetwork?: boolean;
  subnets?: Fact<SubnetFacts[]>;
  /**
   * The task's service's other subnets (its network configuration minus the task's own), described in the
   * same DescribeSubnets call: where the interface endpoints must also reach (one subnet per Availability
   * Zone). Endpoint placement only: the network diagnosis is about the task's own subnets.
   */
  placementSubnets?: SubnetFacts[];
  /** Every route table of the VPC (explicit associations and the main table). */
  routeTables?: Fact<RouteTableFacts[]>;
  dnsSupport?: Fact<boolean>;
  dnsHostnames?: Fact<boolean>;
  /** The VPC (DescribeVpcs): CIDRs and DHCP options id. */
  vpc?: Fact<VpcFacts>;
  /** null: the VPC has no DHCP options set. */
  dhcp?: Fact<DhcpFacts | null>;
  endpoints?: Fact<VpcEndpointFacts[]>;
  /** Security groups of the VPC (task and endpoint groups among them). */
  securityGroups?: Fact<SecurityGroupFacts[]>;
  networkAcls?: Fact<NetworkAclFacts[]>;
  /** Private hosted zones associated with the VPC (central endpoints reached through Route 53 show here). */
  hostedZones?: Fact<HostedZoneFacts[]>;
}
