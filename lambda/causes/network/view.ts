/**
 * Pure network reasoning shared by the network causes: each task subnet's effective route table
 * (explicit association, else the VPC's main table), its default route, the usable endpoints, and
 * which endpoint services are missing. DOMAIN.md "AWS API facts": blackhole routes carry no traffic;
 * a path that leaves through a transit gateway, firewall/GWLB endpoint, peering connection, VPN gateway,
 * core network, ENI or instance cannot be decided here — nor can one whose names a private hosted zone
 * answers (central endpoints). The route parts are in routes.ts, the private hosted zones in zones.ts.
 */
import type { EndpointService, FixInputs } from '../../domain/diagnosis';
import { CREATED_BY_TAG, CREATED_BY_VALUE } from '../../permissions';
import type { RouteFacts, RouteTableFacts, SubnetFacts, VpcEndpointFacts } from '../../facts/types';
import { neededEndpoints, type CheckContext } from '../context';
import {
  classicImageOf,
  familyPath,
  nameFamiliesOf,
  stackOf,
  type FamilyNote,
  type FamilyPath,
  type SubnetStack,
} from './families';
import { defaultRouteOf, detoursOf } from './routes';

/** 'ipv6': the pull leaves over IPv6 (an egress-only or internet gateway for ::/0), no public IPv4 needed. */
export type DefaultRouteKind = 'igw' | 'nat' | 'ipv6' | 'none' | 'undecidable';

export interface SubnetPath {
  subnet: SubnetFacts;
  routeTable?: RouteTableFacts;
  /** IPv4, dual-stack or IPv6-only (families.ts). */
  stack: SubnetStack;
  /**
   * The subnet's way to public AWS addresses for the family the pull uses: its 0.0.0.0/0 route (igw, nat,
   * none, or undecidable) — without a usable one 'undecidable' when another route for public addresses
   * leaves out of sight — or, where the pull uses IPv6 (families.ts), its ::/0 or NAT64 route.
   */
  defaultRoute: DefaultRouteKind;
  /** Why the path was decided by a family other than plain IPv4 (families.ts). */
  note?: FamilyNote;
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
  /**
   * For an image pulled by ECR's dual-stack name, the classic name (families.ts classicImageOf): VPC endpoints do
   * not serve the dual-stack one, so they neither explain nor fix its pull.
   */
  classicImage?: string;
}

export function shortServiceName(serviceName: string): string {
  return serviceName
    .replace(/^(?:[a-z]+\.)*com\.amazonaws\.[a-z0-9-]+\./, '')
    .replace(/^aws\.sagemaker\.[a-z0-9-]+\./, '');
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
  const names = nameFamiliesOf(ctx.imageRef);
  const needed = neededEndpoints(ctx);
  const authStep = needed.includes('secretsmanager') || needed.includes('ssm') || /registry auth/i.test(ctx.text);
  const paths: SubnetPath[] = subnets.map((s) => {
    const rt = tables.find((t) => t.subnetIds.includes(s.id)) ?? main;
    const d = defaultRouteOf(rt);
    const detours = detoursOf(rt, vpcCidrs);
    // No usable default route, but public addresses leave another way: not "no route".
    const undecided = d.kind === 'none' && detours.length > 0;
    const v4Route = undecided ? detours[0] : d.route;
    const v4: FamilyPath = { kind: undecided ? 'undecidable' : d.kind, ...(v4Route ? { route: v4Route } : {}) };
    const path = familyPath(s, rt, names, v4, authStep);
    const p: SubnetPath = { subnet: s, stack: stackOf(s), defaultRoute: path.kind, detours };
    if (rt) p.routeTable = rt;
    if (path.route) p.route = path.route;
    if (path.note) p.note = path.note;
    return p;
  });
  const ipv6Only = paths.every((p) => p.stack === 'ipv6-only');
  const endpoints = new Map<string, VpcEndpointFacts[]>();
  const unusable: VpcEndpointFacts[] = [];
  for (const e of n.endpoints?.ok ? n.endpoints.value : []) {
    // Only "available" endpoints carry traffic; "pending" ones are reported but not counted. From IPv6-only
    // subnets, an interface endpoint carries traffic only with IPv6 addresses and AAAA records.
    if (e.state.toLowerCase() !== 'available' || (ipv6Only && !servesIpv6(e))) {
      unusable.push(e);
      continue;
    }
    const k = shortServiceName(e.serviceName);
    endpoints.set(k, [...(endpoints.get(k) ?? []), e]);
  }
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
    // An interface endpoint needs IPv4 addresses in its subnets (IPv6-only endpoints serve no ECR name).
    if (!byAz.has(s.availabilityZone) && stackOf(s) !== 'ipv6-only') byAz.set(s.availabilityZone, s.id);
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
  const classicImage = classicImageOf(ctx.imageRef);
  return {
    ...(classicImage ? { classicImage } : {}),
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

/** An interface endpoint with IPv6 addresses whose private DNS answers AAAA records. */
export function servesIpv6(e: VpcEndpointFacts): boolean {
  if (e.type.toLowerCase() !== 'interface') return true;
  const type = (e.ipAddressType ?? 'ipv4').toLowerCase();
  return (type === 'ipv6' || type === 'dualstack') && (e.dnsRecordIpType ?? 'ipv4').toLowerCase() !== 'ipv4';
}

/** Interface endpoints that ECR traffic actually uses (available, private DNS on). */
export function dnsEndpoints(view: NetworkView, svc: string): VpcEndpointFacts[] {
  return (view.endpoints.get(svc) ?? []).filter((e) => e.type.toLowerCase() === 'interface' && e.privateDnsEnabled);
}
