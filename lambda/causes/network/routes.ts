/**
 * Routes and addresses: a subnet's default route, the routes that take public addresses out of sight (detours),
 * and the IPv4 CIDR arithmetic they and the security group and network ACL rules use.
 */
import type { RouteFacts, RouteTableFacts } from '../../facts/types';
import type { DefaultRouteKind } from './view';

/**
 * The 0.0.0.0/0 route's kind. A `vpce-` target on it is a Network Firewall or Gateway Load Balancer endpoint
 * (gateway endpoints only take prefix-list routes): traffic goes on to an inspection appliance, undecidable.
 */
export function defaultRouteOf(rt: RouteTableFacts | undefined): { kind: DefaultRouteKind; route?: RouteFacts } {
  const r = rt?.routes.find((x) => x.destination === '0.0.0.0/0');
  if (!r || r.state === 'blackhole') return r ? { kind: 'none', route: r } : { kind: 'none' };
  if (r.targetKind === 'igw') return { kind: 'igw', route: r };
  if (r.targetKind === 'nat') return { kind: 'nat', route: r };
  if (r.targetKind === 'local' || r.targetKind === 'egress-only-igw') return { kind: 'none', route: r };
  return { kind: 'undecidable', route: r };
}

/**
 * Ranges that are never public AWS addresses: RFC 1918, shared (100.64/10), loopback, link-local, multicast, reserved.
 */
const NOT_PUBLIC = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '224.0.0.0/4',
  '240.0.0.0/4',
];

/**
 * Active routes, other than 0.0.0.0/0, that send public addresses somewhere this tool cannot follow (or to
 * an internet/NAT gateway for only part of the address space): an IPv4 destination outside the VPC's CIDRs
 * and the private ranges, or a prefix list other than a gateway endpoint's (S3/DynamoDB) — a customer list
 * may hold any address. `vpcCidrs`: the VPC's CIDRs (DescribeVpcs), to which the table's local routes add.
 */
export function detoursOf(rt: RouteTableFacts | undefined, vpcCidrs: readonly string[] = []): RouteFacts[] {
  if (!rt) return [];
  const own = [...vpcCidrs, ...rt.routes.filter((r) => r.targetKind === 'local').map((r) => r.destination)];
  const gatewayLists = new Set(
    rt.routes
      .filter((r) => r.destination.startsWith('pl-') && r.targetKind === 'gateway-endpoint')
      .map((r) => r.destination),
  );
  return rt.routes.filter((r) => {
    if (
      r.state === 'blackhole' ||
      r.destination === '0.0.0.0/0' ||
      r.targetKind === 'local' ||
      r.targetKind === 'egress-only-igw'
    )
      return false;
    if (r.destination.startsWith('pl-')) return r.targetKind !== 'gateway-endpoint' && !gatewayLists.has(r.destination);
    if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(r.destination)) return false; // IPv6: not followed here
    return ![...own, ...NOT_PUBLIC].some((c) => cidrContains(c, r.destination));
  });
}

export function ipToInt(ip: string): number | undefined {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return undefined;
  return ((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!;
}

export function cidrContains(cidr: string, ipOrCidr: string): boolean {
  const [base, bitsS] = cidr.split('/');
  const bits = Number(bitsS ?? '32');
  const [ip, ipBitsS] = ipOrCidr.split('/');
  const ipBits = Number(ipBitsS ?? '32');
  const b = ipToInt(base ?? '');
  const i = ipToInt(ip ?? '');
  if (b === undefined || i === undefined || !Number.isInteger(bits) || ipBits < bits) return false;
  if (bits === 0) return true;
  const mask = (~0 << (32 - bits)) >>> 0;
  return (b & mask) >>> 0 === (i & mask) >>> 0;
}
