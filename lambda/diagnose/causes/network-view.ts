/**
 * Pure network reasoning shared by the network causes: each task subnet's effective route table
 * (explicit association, else the VPC's main table), its default route, the usable endpoints, and
 * which endpoint services are missing. DOMAIN.md "AWS API facts": blackhole routes carry no traffic;
 * TGW/peering/ENI/instance default routes cannot be decided here.
 */
import type { EndpointService } from '../types';
import type { RouteFacts, RouteTableFacts, SecurityGroupRuleFacts, SubnetFacts, VpcEndpointFacts, NetworkAclFacts } from '../../facts/types';
import { neededEndpoints, type CheckContext } from './context';

export type DefaultRouteKind = 'igw' | 'nat' | 'none' | 'undecidable';

export interface SubnetPath {
  subnet: SubnetFacts;
  routeTable?: RouteTableFacts;
  defaultRoute: DefaultRouteKind;
  route?: RouteFacts;
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
  /** One task subnet per AZ. */
  endpointSubnetIds: string[];
  /** S3 prefix list ids from the gateway-endpoint routes of the subnets' tables. */
  s3PrefixListIds: string[];
}

export function shortServiceName(serviceName: string): string {
  return serviceName.replace(/^(?:[a-z]+\.)*com\.amazonaws\.[a-z0-9-]+\./, '').replace(/^aws\.sagemaker\.[a-z0-9-]+\./, '');
}

export function defaultRouteOf(rt: RouteTableFacts | undefined): { kind: DefaultRouteKind; route?: RouteFacts } {
  const r = rt?.routes.find((x) => x.destination === '0.0.0.0/0');
  if (!r || r.state === 'blackhole') return r ? { kind: 'none', route: r } : { kind: 'none' };
  if (r.targetKind === 'igw') return { kind: 'igw', route: r };
  if (r.targetKind === 'nat') return { kind: 'nat', route: r };
  if (r.targetKind === 'local' || r.targetKind === 'egress-only-igw' || r.targetKind === 'gateway-endpoint') return { kind: 'none', route: r };
  return { kind: 'undecidable', route: r };
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
  const paths: SubnetPath[] = subnets.map((s) => {
    const rt = tables.find((t) => t.subnetIds.includes(s.id)) ?? main;
    const d = defaultRouteOf(rt);
    const p: SubnetPath = { subnet: s, defaultRoute: d.kind };
    if (rt) p.routeTable = rt;
    if (d.route) p.route = d.route;
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
  const rtIds = [...new Set(paths.map((p) => p.routeTable?.id).filter((x): x is string => !!x))];
  const s3Gateways = (endpoints.get('s3') ?? []).filter((e) => e.type.toLowerCase() === 'gateway');
  const routeTablesWithoutS3 = rtIds.filter((id) => !s3Gateways.some((g) => g.routeTableIds.includes(id)));
  const missing = needed.filter((svc) => {
    if (svc === 's3') return routeTablesWithoutS3.length > 0;
    return !(endpoints.get(svc) ?? []).some((e) => e.type.toLowerCase() === 'interface');
  });
  const byAz = new Map<string, string>();
  for (const s of subnets) if (s.availabilityZone && !byAz.has(s.availabilityZone)) byAz.set(s.availabilityZone, s.id);
  const s3PrefixListIds = [
    ...new Set(paths.flatMap((p) => (p.routeTable?.routes ?? []).filter((r) => r.destination.startsWith('pl-') && r.targetKind === 'gateway-endpoint' && r.state !== 'blackhole').map((r) => r.destination))),
  ];
  return { vpcId, paths, endpoints, unusable, needed, missing, routeTablesWithoutS3, endpointSubnetIds: [...byAz.values()], s3PrefixListIds };
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
  return ((b & mask) >>> 0) === ((i & mask) >>> 0);
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
    if (r.protocol !== '-1' && r.fromPort !== undefined && r.toPort !== undefined && (port < r.fromPort || port > r.toPort)) continue;
    if (!r.cidr || !cidrContains(r.cidr, peerIp)) continue;
    return { action: r.action, ruleNumber: r.ruleNumber, aclId: acl.id };
  }
  return { action: 'deny', aclId: acl.id };
}
