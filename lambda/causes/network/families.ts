/**
 * Address families: which family a pull from a subnet uses, and so which route decides it. What AWS documents
 * (ecr-requests.html; ECS "Using a VPC in IPv6-only mode"): ECR's classic names (`<acct>.dkr.ecr.<region>
 * .amazonaws.com`, public.ecr.aws) resolve to IPv4 only; its dual-stack names (`<acct>.dkr-ecr.<region>.on.aws`)
 * to both; an IPv6-only task must pull from ECR through the dual-stack name, or reach IPv4-only names through
 * DNS64 and NAT64. What it does not document: whether every step of a pull from a dual-stack subnet (registry
 * authentication, the layer download from S3) leaves over IPv6 when IPv4 has no way out, nor which family
 * Fargate uses for registry credentials and secrets in an IPv6-only subnet — those stay undecided here.
 */
import type { AddressFamilyInputs } from '../../domain/diagnosis';
import type { ImageRef } from '../../domain/image-ref';
import type { RouteFacts, RouteTableFacts, SubnetFacts } from '../../facts/types';
import type { DefaultRouteKind } from './view';

export type SubnetStack = 'ipv4' | 'dual-stack' | 'ipv6-only';
/** The families the registry name resolves to; 'unknown' for registries AWS does not document. */
export type NameFamilies = 'ipv4' | 'dual-stack' | 'unknown';
/**
 * Why a path was decided by a family other than plain IPv4:
 * - ipv4-name: an IPv6-only subnet and a registry name with IPv4 addresses only, no DNS64/NAT64;
 * - nat64: an IPv6-only subnet reaching IPv4-only names through DNS64 and a NAT64 route;
 * - ipv6: the pull leaves over IPv6 (an IPv6-only subnet, ECR's dual-stack name);
 * - ipv6-undocumented: only IPv6 leaves, and AWS does not document that the whole pull can use it;
 * - ipv6-alternative: IPv4 goes to an internet gateway, and IPv6 may carry the pull as well.
 */
export type FamilyNote = 'ipv4-name' | 'nat64' | 'ipv6' | 'ipv6-undocumented' | 'ipv6-alternative';

export const IPV6_DEFAULT = '::/0';
/** The well-known NAT64 prefix (RFC 6052) a NAT gateway translates. */
export const NAT64_PREFIX = '64:ff9b::/96';

export function stackOf(s: SubnetFacts): SubnetStack {
  if (s.ipv6Native || (!s.cidr && (s.ipv6Cidrs?.length ?? 0) > 0)) return 'ipv6-only';
  return s.ipv6Cidrs?.length ? 'dual-stack' : 'ipv4';
}

export function nameFamiliesOf(ref: ImageRef | undefined): NameFamilies {
  if (!ref || ref.registryType === 'ecr') return ref?.dualStack ? 'dual-stack' : 'ipv4';
  return ref.registryType === 'ecr-public' ? 'ipv4' : 'unknown';
}

/** ECR's dual-stack registry name for the classic one (documented pattern), or undefined for other registries. */
export function dualStackRegistryOf(ref: ImageRef | undefined): string | undefined {
  if (ref?.registryType !== 'ecr' || !ref.accountId || !ref.region) return undefined;
  if (ref.dualStack) return ref.registry;
  const fips = /\.dkr\.ecr-fips\./.test(ref.registry) ? '-fips' : '';
  const domain = ref.region.startsWith('cn-') ? 'on.amazonwebservices.com.cn' : 'on.aws';
  return `${ref.accountId}.dkr-ecr${fips}.${ref.region}.${domain}`;
}

export type IPv6RouteKind = 'ipv6' | 'none' | 'undecidable';

/** The ::/0 route: to an egress-only or internet gateway leaves; absent, blackhole or local does not; else
 * undecidable. */
export function ipv6RouteOf(rt: RouteTableFacts | undefined): { kind: IPv6RouteKind; route?: RouteFacts } {
  const r = rt?.routes.find((x) => x.destination === IPV6_DEFAULT);
  if (!r) return { kind: 'none' };
  if (r.state === 'blackhole' || r.targetKind === 'local') return { kind: 'none', route: r };
  if (r.targetKind === 'egress-only-igw' || r.targetKind === 'igw') return { kind: 'ipv6', route: r };
  return { kind: 'undecidable', route: r };
}

/**
 * With DNS64 on the subnet, where the synthesized addresses (64:ff9b::/96) go: the /96 route, else the ::/0 route
 * that covers it. To a NAT gateway: IPv4-only names are reachable ('nat'); to a transit gateway, firewall or
 * appliance: a central NAT64 may translate, out of sight ('undecidable'); anywhere else, or DNS64 off: 'none'.
 */
function nat64Of(s: SubnetFacts, rt: RouteTableFacts | undefined): { kind: IPv6RouteKind | 'nat'; route?: RouteFacts } {
  if (!s.dns64) return { kind: 'none' };
  const live = (r: RouteFacts) => r.state !== 'blackhole' && r.targetKind !== 'local';
  const r =
    rt?.routes.find((x) => x.destination === NAT64_PREFIX && live(x)) ??
    rt?.routes.find((x) => x.destination === IPV6_DEFAULT && live(x));
  if (!r) return { kind: 'none' };
  if (r.targetKind === 'nat') return { kind: 'nat', route: r };
  if (r.targetKind === 'egress-only-igw' || r.targetKind === 'igw') return { kind: 'none', route: r };
  return { kind: 'undecidable', route: r };
}

export interface FamilyPath {
  kind: DefaultRouteKind;
  route?: RouteFacts;
  note?: FamilyNote;
}

/**
 * The subnet's way out for the families the pull uses. `v4` is the IPv4 decision (defaultRouteOf with its
 * detours); the result equals it for IPv4 subnets and IPv4-only names from dual-stack subnets.
 */
export function familyPath(
  s: SubnetFacts,
  rt: RouteTableFacts | undefined,
  names: NameFamilies,
  v4: FamilyPath,
  authStep: boolean,
): FamilyPath {
  const stack = stackOf(s);
  if (stack === 'ipv4') return v4;
  const v6 = ipv6RouteOf(rt);
  if (stack === 'dual-stack') {
    if (names === 'ipv4') return v4;
    if (v4.kind === 'nat' || v4.kind === 'undecidable') return v4;
    if (v4.kind === 'igw') return v6.kind === 'ipv6' ? { ...v4, note: 'ipv6-alternative' } : v4;
    // IPv4 has no way out: over IPv6 alone the pull is not documented to work.
    if (v6.kind === 'none') return v4;
    return { kind: 'undecidable', ...(v6.route ? { route: v6.route } : {}), note: 'ipv6-undocumented' };
  }
  // IPv6-only: no IPv4 address at all. DNS64 synthesizes addresses only for names without AAAA records, so
  // NAT64 serves IPv4-only names; a dual-stack name still needs a ::/0 route.
  const nat64 = nat64Of(s, rt);
  const via = (p: { route?: RouteFacts }) => (p.route ? { route: p.route } : {});
  if (names === 'ipv4') {
    if (nat64.kind === 'nat') return { kind: 'nat', ...via(nat64), note: 'nat64' };
    if (nat64.kind === 'undecidable') return { kind: 'undecidable', ...via(nat64), note: 'nat64' };
    return { kind: 'none', ...via(v6), note: 'ipv4-name' };
  }
  // Another registry's name may or may not have AAAA records: with both NAT64 and ::/0, either way leaves.
  const v4Too = nat64.kind === 'nat';
  if (v6.kind === 'none') {
    if (names === 'unknown' && nat64.kind !== 'none')
      return { kind: 'undecidable', ...via(nat64), note: 'ipv6-undocumented' };
    return { kind: 'none', ...via(v6), note: 'ipv6' };
  }
  if (v6.kind === 'undecidable') return { kind: 'undecidable', route: v6.route!, note: 'ipv6' };
  if (names === 'unknown')
    return v4Too
      ? { kind: 'nat', ...via(nat64), note: 'nat64' }
      : { kind: 'undecidable', route: v6.route!, note: 'ipv6-undocumented' };
  // ECR's dual-stack name leaves over ::/0 (documented); Fargate's registry-auth step is not documented to use it,
  // unless NAT64 also reaches the IPv4-only API name.
  if (authStep && !v4Too) return { kind: 'undecidable', route: v6.route!, note: 'ipv6-undocumented' };
  return { kind: 'ipv6', route: v6.route!, note: 'ipv6' };
}

/** The same repository, tag and digest under another registry host. */
const imageAt = (host: string, ref: ImageRef) =>
  `${host}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;

/** The image as ECR's dual-stack name would write it (same repository, tag and digest). */
function dualStackImageOf(ref: ImageRef | undefined): string | undefined {
  const host = dualStackRegistryOf(ref);
  return ref && host ? imageAt(host, ref) : undefined;
}

/** The image as ECR's classic (IPv4-only, PrivateLink-served) name would write it, for a dual-stack name. */
export function classicImageOf(ref: ImageRef | undefined): string | undefined {
  if (ref?.registryType !== 'ecr' || !ref.dualStack || !ref.accountId || !ref.region) return undefined;
  const fips = /\.dkr-ecr-fips\./.test(ref.registry) ? '-fips' : '';
  const domain = ref.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return imageAt(`${ref.accountId}.dkr.ecr${fips}.${ref.region}.${domain}`, ref);
}

/** FixInputs.addressFamily: undefined while neither the task's nor the endpoints' subnets have IPv6. */
export function familyInputsOf(
  paths: readonly {
    subnet: SubnetFacts;
    stack: SubnetStack;
    routeTable?: RouteTableFacts;
    defaultRoute: string;
    note?: FamilyNote;
  }[],
  endpointSubnets: readonly SubnetFacts[],
  ref: ImageRef | undefined,
  vpcIpv6Cidrs: readonly string[],
): AddressFamilyInputs | undefined {
  const stacks = new Set(paths.map((p) => p.stack));
  if (!stacks.has('dual-stack') && !stacks.has('ipv6-only')) return undefined;
  const stack = stacks.size > 1 ? 'mixed' : stacks.has('ipv6-only') ? 'ipv6-only' : 'dual-stack';
  const out: AddressFamilyInputs = { stack };
  const v6only = paths.filter((p) => p.stack === 'ipv6-only');
  if (v6only.length) out.ipv6OnlySubnets = [...new Set(v6only.map((p) => p.subnet.id))];
  const v6Tables = [...new Set(v6only.flatMap((p) => (p.routeTable ? [p.routeTable.id] : [])))];
  if (v6Tables.length) out.ipv6OnlyRouteTables = v6Tables;
  if (endpointSubnets.length && endpointSubnets.every((s) => stackOf(s) === 'dual-stack'))
    out.endpointsDualStack = true;
  const dualImage = paths.some((p) => p.note === 'ipv4-name') ? dualStackImageOf(ref) : undefined;
  if (dualImage) out.dualStackImage = dualImage;
  const noV6 = paths.filter((p) => p.stack === 'ipv6-only' && ipv6RouteOf(p.routeTable).kind === 'none');
  const tables = [...new Set(noV6.flatMap((p) => (p.routeTable ? [p.routeTable.id] : [])))];
  if (tables.length) out.routeTablesWithoutIpv6Route = tables;
  if (paths.some((p) => p.defaultRoute === 'ipv6' || p.note === 'nat64')) out.egressIpv6 = true;
  if (vpcIpv6Cidrs.length) out.vpcIpv6Cidrs = [...vpcIpv6Cidrs];
  return out;
}
