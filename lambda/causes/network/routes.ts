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

/** An IPv6 address as a 128-bit number (`::` expanded; an embedded IPv4 tail is not accepted). */
export function ipv6ToBigInt(ip: string): bigint | undefined {
  const halves = ip.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string) => (h === '' ? [] : h.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0 || (halves.length === 2 && fill < 1)) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.reduce((n, g) => (n << 16n) + BigInt(Number.parseInt(g, 16)), 0n);
}

/** Whether IPv6 `cidr` contains the address or CIDR `ipOrCidr`. */
export function ipv6CidrContains(cidr: string, ipOrCidr: string): boolean {
  const [base, bitsS] = cidr.split('/');
  const [ip, ipBitsS] = ipOrCidr.split('/');
  const bits = Number(bitsS ?? '128');
  const ipBits = Number(ipBitsS ?? '128');
  const b = ipv6ToBigInt(base ?? '');
  const i = ipv6ToBigInt(ip ?? '');
  if (b === undefined || i === undefined || !Number.isInteger(bits) || bits < 0 || bits > 128 || ipBits < bits)
    return false;
  const shift = BigInt(128 - bits);
  return b >> shift === i >> shift;
}
