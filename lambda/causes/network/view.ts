/**
 * Pure network reasoning shared by the network causes: each task subnet's effective route table
 * (explicit association, else the VPC's main table), its default route, the usable endpoints, and
 * which endpoint services are missing. DOMAIN.md "AWS API facts": blackhole routes carry no traffic;
 * a path that leaves through a transit gateway, firewall/GWLB endpoint, peering connection, VPN gateway,
 * core network, ENI or instance cannot be decided here — nor can one whose names a private hosted zone
 * answers (central endpoints).
 */
import type { EndpointService, FixInputs } from '../../domain/diagnosis';
import { CREATED_BY_TAG, CREATED_BY_VALUE } from '../../permissions';
import type {
  HostedZoneFacts,
  RouteFacts,
  RouteTableFacts,
  SecurityGroupRuleFacts,
  SubnetFacts,
  VpcEndpointFacts,
  NetworkAclFacts,
} from '../../facts/types';
import { neededEndpoints, type CheckContext } from '../context';

export type DefaultRouteKind = 'igw' | 'nat' | 'none' | 'undecidable';

export interface SubnetPath {
  subnet: SubnetFacts;
  routeTable?: RouteTableFacts;
  /**
   * The subnet's way to public AWS addresses: its 0.0.0.0/0 route (igw, nat, none, or undecidable), and
   * without a usable one, 'undecidable' when another route for public addresses leaves out of sight.
   */
  defaultRoute: DefaultRouteKind;
  /** The route that decided defaultRoute (the default route, or for 'undecidable' the first detour). */
  route?: RouteFacts;
  /** Active routes other than 0.0.0.0/0 for public addresses (see detoursOf). */
  detours: RouteFacts[];
}

export interface NetworkView {
  vpcId: string;
  paths: SubnetPath[];
  /** Usable (State available) endpoints by short service name. */
  endpoints: Map<string, VpcEndpointFacts[]>;
  /** Endpoints present but not usable (pending, failed, …). */
  unusable: VpcEndpointFacts[];
  needed: EndpointService[];
  missing: EndpointService[];
  routeTablesWithoutS3: string[];
  /** One subnet per AZ: the task's subnets first, then its service's other subnets (endpoint placement). */
  endpointSubnetIds: string[];
  /** AZ of each described subnet (the task's and its service's). */
  subnetAzs: Record<string, string>;
  /** The VPC's main route table, when the route tables were read. */
  mainRouteTableId?: string;
  /** Task subnets without an explicit route table association (they use the main table). */
  subnetsOnMainRouteTable: string[];
  /** Usable private-DNS interface endpoints of needed services that miss some AZs of endpointSubnetIds. */
  interfaceEndpointsLackingAzs: NonNullable<FixInputs['interfaceEndpointsLackingAzs']>;
  /** S3 prefix list ids from the gateway-endpoint routes of the subnets' tables. */
  s3PrefixListIds: string[];
}

export function shortServiceName(serviceName: string): string {
  return serviceName
    .replace(/^(?:[a-z]+\.)*com\.amazonaws\.[a-z0-9-]+\./, '')
    .replace(/^aws\.sagemaker\.[a-z0-9-]+\./, '');
}

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

/** The zone names an ECR pull resolves in `region` (API, registry, layers from S3), and the registry host. */
export function pullZoneNames(region: string, registryHost?: string): string[] {
  const names = [
    'amazonaws.com',
    `${region}.amazonaws.com`,
    `ecr.${region}.amazonaws.com`,
    `api.ecr.${region}.amazonaws.com`,
    `dkr.ecr.${region}.amazonaws.com`,
    `s3.${region}.amazonaws.com`,
    's3.amazonaws.com',
  ];
  if (registryHost) names.push(registryHost.toLowerCase());
  return [...new Set(names)];
}

/**
 * Customer-owned private hosted zones of the VPC for a name the pull resolves: the VPC answers ECR/S3 (or
 * the registry) from its own zone — typically central endpoints in another VPC. Zones a service owns (an
 * interface endpoint's private DNS) do not count. ECR images: the ECR/S3 names and the registry host;
 * other registries: the registry host only.
 */
export function pullZonesOf(ctx: CheckContext, zones: readonly HostedZoneFacts[]): HostedZoneFacts[] {
  const ref = ctx.imageRef;
  const ecr = !ref || ref.registryType === 'ecr';
  const names = ecr
    ? pullZoneNames(ref?.region ?? ctx.region, ref?.registry)
    : ref?.registry
      ? [ref.registry.toLowerCase()]
      : [];
  return zones.filter(
    (z) => !!z.owningAccount && !z.owningService && names.includes(z.name.toLowerCase().replace(/\.$/, '')),
  );
}

/** What the VPC's private hosted zones say about the pull: zones that take it out of sight, or why unread. */
export interface PullZones {
  found: HostedZoneFacts[];
  /** The zone list could not be read (AccessDenied, budget, more than one page …). */
  unread?: { api: string; reason: string };
}

/** Not gathered (undefined) → nothing found and nothing unread. */
export function pullZones(ctx: CheckContext): PullZones {
  const z = ctx.facts.network?.hostedZones;
  if (!z) return { found: [] };
  if (!z.ok) return { found: [], unread: { api: z.api, reason: z.reason } };
  return { found: pullZonesOf(ctx, z.value) };
}

/** FixInputs.networkUndecidable: a private hosted zone for the pull's names first, else the undecidable routes. */
export function networkUndecidableOf(
  ctx: CheckContext,
  view: NetworkView,
): { kind: 'route' | 'private-hosted-zone'; ids: string[]; detail: string } | undefined {
  const zones = pullZones(ctx).found;
  const paths = view.paths.filter((p) => p.defaultRoute === 'undecidable' && p.route);
  const routes = paths.map(
    (p) => `${p.subnet.id} (route table ${p.routeTable?.id ?? 'none'}: ${p.route!.destination} → ${p.route!.targetId})`,
  );
  if (zones.length) {
    const said = zones.map((z) => `${z.name} (${z.id}, account ${z.owningAccount})`);
    return {
      kind: 'private-hosted-zone',
      ids: [...new Set([...zones.map((z) => z.id), ...paths.map((p) => p.route!.targetId)])],
      detail:
        `VPC ${view.vpcId} answers ${said.join(', ')} from its own private hosted ` +
        `zone(s)${routes.length ? `; ${routes.join('; ')}` : ''}`,
    };
  }
  if (paths.length)
    return { kind: 'route', ids: [...new Set(paths.map((p) => p.route!.targetId))], detail: routes.join('; ') };
  return undefined;
}

/** Builds the view, or undefined when subnets or route tables are not known. */
export function buildNetworkView(ctx: CheckContext): NetworkView | undefined {
  const n = ctx.facts.network;
  if (!n?.subnets?.ok || !n.routeTables?.ok) return undefined;
  const subnets = n.subnets.value;
  if (subnets.length === 0) return undefined;
  const tables = n.routeTables.value;
  const vpcId = subnets[0]!.vpcId;
  const main = tables.find((t) => t.main && (!t.vpcId || t.vpcId === vpcId));
  const vpcCidrs = n.vpc?.ok ? n.vpc.value.cidrs : [];
  const paths: SubnetPath[] = subnets.map((s) => {
    const rt = tables.find((t) => t.subnetIds.includes(s.id)) ?? main;
    const d = defaultRouteOf(rt);
    const detours = detoursOf(rt, vpcCidrs);
    // No usable default route, but public addresses leave another way: not "no route".
    const undecided = d.kind === 'none' && detours.length > 0;
    const p: SubnetPath = { subnet: s, defaultRoute: undecided ? 'undecidable' : d.kind, detours };
    if (rt) p.routeTable = rt;
    if (undecided) p.route = detours[0]!;
    else if (d.route) p.route = d.route;
    return p;
  });
  const endpoints = new Map<string, VpcEndpointFacts[]>();
  const unusable: VpcEndpointFacts[] = [];
  for (const e of n.endpoints?.ok ? n.endpoints.value : []) {
    // Only "available" endpoints carry traffic; "pending" ones are reported but not counted.
    if (e.state.toLowerCase() !== 'available') {
      unusable.push(e);
      continue;
    }
    const k = shortServiceName(e.serviceName);
    endpoints.set(k, [...(endpoints.get(k) ?? []), e]);
  }
  const needed = neededEndpoints(ctx);
  // The S3 gateway matters (and may be added) only where S3 is not reached otherwise: route tables whose
  // default route reaches no NAT or internet gateway. Adding it to a table that has one would move that
  // table's working S3 traffic onto the gateway and its endpoint policy.
  const rtIds = [
    ...new Set(
      paths
        .filter((p) => p.defaultRoute !== 'igw' && p.defaultRoute !== 'nat')
        .map((p) => p.routeTable?.id)
        .filter((x): x is string => !!x),
    ),
  ];
  const s3Gateways = (endpoints.get('s3') ?? []).filter((e) => e.type.toLowerCase() === 'gateway');
  const routeTablesWithoutS3 = rtIds.filter((id) => !s3Gateways.some((g) => g.routeTableIds.includes(id)));
  const missing = needed.filter((svc) => {
    if (svc === 's3') return routeTablesWithoutS3.length > 0;
    return !(endpoints.get(svc) ?? []).some((e) => e.type.toLowerCase() === 'interface');
  });
  const byAz = new Map<string, string>();
  const subnetAzs: Record<string, string> = {};
  for (const s of [...subnets, ...(n.placementSubnets ?? [])]) {
    if (!s.availabilityZone) continue;
    subnetAzs[s.id] = s.availabilityZone;
    if (!byAz.has(s.availabilityZone)) byAz.set(s.availabilityZone, s.id);
  }
  const subnetsOnMainRouteTable = subnets
    .filter((s) => !tables.some((t) => t.subnetIds.includes(s.id)))
    .map((s) => s.id);
  const interfaceEndpointsLackingAzs = lackingAzs(needed, endpoints, byAz, subnetAzs);
  const s3PrefixListIds = [
    ...new Set(
      paths.flatMap((p) =>
        (p.routeTable?.routes ?? [])
          .filter(
            (r) => r.destination.startsWith('pl-') && r.targetKind === 'gateway-endpoint' && r.state !== 'blackhole',
          )
          .map((r) => r.destination),
      ),
    ),
  ];
  return {
    vpcId,
    paths,
    endpoints,
    unusable,
    needed,
    missing,
    routeTablesWithoutS3,
    endpointSubnetIds: [...byAz.values()],
    subnetAzs,
    ...(main ? { mainRouteTableId: main.id } : {}),
    subnetsOnMainRouteTable,
    interfaceEndpointsLackingAzs,
    s3PrefixListIds,
  };
}

/**
 * For each needed interface service with a usable private-DNS endpoint (ours preferred when there are
 * several): the AZs of `byAz` none of its known subnets is in, and one candidate subnet for each.
 */
function lackingAzs(
  needed: readonly EndpointService[],
  endpoints: Map<string, VpcEndpointFacts[]>,
  byAz: ReadonlyMap<string, string>,
  subnetAzs: Readonly<Record<string, string>>,
): NetworkView['interfaceEndpointsLackingAzs'] {
  const out: NetworkView['interfaceEndpointsLackingAzs'] = [];
  for (const service of needed) {
    if (service === 's3') continue;
    const usable = (endpoints.get(service) ?? []).filter(
      (e) => e.type.toLowerCase() === 'interface' && e.privateDnsEnabled,
    );
    const ours = (e: VpcEndpointFacts) => e.tags?.[CREATED_BY_TAG] === CREATED_BY_VALUE;
    const e = usable.find(ours) ?? usable[0];
    if (!e) continue;
    const served = new Set(e.subnetIds.map((id) => subnetAzs[id]).filter((az): az is string => !!az));
    const azs = [...byAz.keys()].filter((az) => !served.has(az) && !e.subnetIds.includes(byAz.get(az)!));
    if (azs.length === 0) continue;
    out.push({
      service,
      endpointId: e.id,
      createdByUs: ours(e),
      subnetIds: [...e.subnetIds],
      addSubnetIds: azs.map((az) => byAz.get(az)!),
      azs,
    });
  }
  return out;
}

/** Interface endpoints that ECR traffic actually uses (available, private DNS on). */
export function dnsEndpoints(view: NetworkView, svc: string): VpcEndpointFacts[] {
  return (view.endpoints.get(svc) ?? []).filter((e) => e.type.toLowerCase() === 'interface' && e.privateDnsEnabled);
}

// ---------- CIDR / rule helpers ----------

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

export function ruleCovers443(r: SecurityGroupRuleFacts): boolean {
  if (r.protocol === '-1' || r.protocol === 'all') return true;
  if (r.protocol !== 'tcp' && r.protocol !== '6') return false;
  return (r.fromPort ?? 0) <= 443 && (r.toPort ?? 65535) >= 443;
}

export type NaclVerdict = { action: 'allow' | 'deny'; ruleNumber?: number; aclId: string };

/** Evaluates a NACL for one direction/protocol/port/peer address: first matching rule by number wins. */
export function evaluateNacl(acl: NetworkAclFacts, egress: boolean, port: number, peerIp: string): NaclVerdict {
  const rules = acl.entries.filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const r of rules) {
    const protoOk = r.protocol === '-1' || r.protocol === '6' || r.protocol === 'tcp';
    if (!protoOk) continue;
    if (
      r.protocol !== '-1' &&
      r.fromPort !== undefined &&
      r.toPort !== undefined &&
      (port < r.fromPort || port > r.toPort)
    )
      continue;
    if (!r.cidr || !cidrContains(r.cidr, peerIp)) continue;
    return { action: r.action, ruleNumber: r.ruleNumber, aclId: acl.id };
  }
  return { action: 'deny', aclId: acl.id };
}
