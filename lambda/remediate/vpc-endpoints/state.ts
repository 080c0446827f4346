/**
 * Reading a VPC for the endpoint auto-fix: its endpoints and our endpoint security group (re-read right
 * before the writes, after a failed create and to verify), and the pure questions asked of that state —
 * is there a usable interface endpoint with private DNS, which route tables a gateway serves, which CIDRs
 * the group does not yet allow on HTTPS, is an endpoint ours.
 */
import {
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  type IpPermission,
  type SecurityGroup,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { callAws, type CallContext, type Fact } from '../../aws/call';
import { CREATED_BY_TAG, CREATED_BY_VALUE } from '../../permissions';
import { ENDPOINT_SG_NAME } from './names';

const MAX_PAGES = 10;
const USABLE_STATES = new Set(['available', 'pending']);

export interface VpcState {
  endpoints: VpcEndpoint[];
  /** Our endpoint security group (found by VPC + name + created-by tag). */
  group?: SecurityGroup;
}

export async function readVpcState(ec2: EC2Client, ctx: CallContext, vpcId: string): Promise<Fact<VpcState>> {
  const endpoints: VpcEndpoint[] = [];
  let next: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await callAws(ctx, 'ec2:DescribeVpcEndpoints', (abortSignal) =>
      ec2.send(
        new DescribeVpcEndpointsCommand({
          Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
          ...(next ? { NextToken: next } : {}),
        }),
        { abortSignal },
      ),
    );
    if (!res.ok) return res;
    endpoints.push(...(res.value.VpcEndpoints ?? []));
    next = res.value.NextToken;
    if (!next) break;
  }
  const groups = await callAws(ctx, 'ec2:DescribeSecurityGroups', (abortSignal) =>
    ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'group-name', Values: [ENDPOINT_SG_NAME] },
          { Name: `tag:${CREATED_BY_TAG}`, Values: [CREATED_BY_VALUE] },
        ],
      }),
      { abortSignal },
    ),
  );
  if (!groups.ok) return groups;
  const group = groups.value.SecurityGroups?.[0];
  return { ok: true, value: { endpoints, ...(group ? { group } : {}) } };
}

export function usable(e: VpcEndpoint): boolean {
  return USABLE_STATES.has(String(e.State ?? '').toLowerCase());
}

export function isType(e: VpcEndpoint, type: 'Interface' | 'Gateway'): boolean {
  return String(e.VpcEndpointType ?? '').toLowerCase() === type.toLowerCase();
}

/** A usable interface endpoint for the service with private DNS (one without private DNS does not help the pull). */
export function findInterfaceEndpoint(state: VpcState, serviceName: string): VpcEndpoint | undefined {
  return state.endpoints.find(
    (e) => e.ServiceName === serviceName && isType(e, 'Interface') && usable(e) && e.PrivateDnsEnabled === true,
  );
}

/** Whether the endpoint carries the created-by tag (only then does the auto-fix ever modify it). */
export function isOurs(e: VpcEndpoint): boolean {
  return (e.Tags ?? []).some((t) => t.Key === CREATED_BY_TAG && t.Value === CREATED_BY_VALUE);
}

/** Route tables already served by a usable gateway endpoint of the service, and by which endpoint. */
export function gatewayCoverage(state: VpcState, serviceName: string): Map<string, string> {
  const covered = new Map<string, string>();
  for (const e of state.endpoints) {
    if (e.ServiceName === serviceName && isType(e, 'Gateway') && usable(e))
      for (const rt of e.RouteTableIds ?? []) covered.set(rt, e.VpcEndpointId ?? '?');
  }
  return covered;
}

/** CIDRs among `cidrs` that the group does not yet allow on TCP 443. */
export function cidrsMissingHttps(group: SecurityGroup | undefined, cidrs: readonly string[]): string[] {
  const allowed = new Set<string>();
  for (const p of group?.IpPermissions ?? ([] as IpPermission[])) {
    const all = p.IpProtocol === '-1';
    const tcp443 = p.IpProtocol === 'tcp' && (p.FromPort ?? 0) <= 443 && (p.ToPort ?? 0) >= 443;
    if (!all && !tcp443) continue;
    for (const r of p.IpRanges ?? []) if (r.CidrIp) allowed.add(r.CidrIp);
    for (const r of p.Ipv6Ranges ?? []) if (r.CidrIpv6) allowed.add(r.CidrIpv6.toLowerCase());
  }
  return cidrs.filter((c) => !allowed.has(c.includes(':') ? c.toLowerCase() : c));
}

/** Creation answered with an endpoint: it must not be a deleted one (a reused client token within its lifetime). */
export function usableOrUnknown(e: VpcEndpoint): boolean {
  return e.State === undefined || usable(e);
}

export function unusableDetail(e: VpcEndpoint | undefined): string {
  return e?.VpcEndpointId
    ? `EC2 returned endpoint ${e.VpcEndpointId} in state ${String(e.State)} (an earlier endpoint ` +
        `with the same client token was deleted); create it by hand`
    : 'CreateVpcEndpoint returned no endpoint';
}
