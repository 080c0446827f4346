/**
 * What the network checks share: the preamble every one starts with (instance network → not applicable; no
 * subnets or route tables → unknown; else the network view and its fix inputs), the calls that view needs,
 * and the evidence about routes and private hosted zones that several causes give.
 */
import type { CauseId, FixInputs } from '../../domain/diagnosis';
import {
  Finding,
  listArgs,
  read,
  usesInstanceNetwork,
  type CheckContext,
  type CheckResult,
  type EvidenceText,
} from '../context';
import type { CallName } from '../module';
import { familyInputsOf, IPV6_DEFAULT, NAT64_PREFIX } from './families';
import { NETWORK_TEXTS } from './texts';
import { buildNetworkView, type NetworkView } from './view';
import { networkUndecidableOf, type PullZones } from './zones';

/** The calls every network check's view needs (subnets and their route tables). */
export const VIEW: CallName[] = ['subnets', 'routeTables'];
/** The VPC's DNS settings. */
export const DNS: CallName[] = ['dnsSupport', 'dnsHostnames', 'vpcs', 'dhcp'];

/** Shared preamble: instance network → not applicable; facts missing → unknown/not-applicable. */
export function withView(
  cause: CauseId,
  ctx: CheckContext,
  body: (f: Finding, v: NetworkView) => CheckResult,
): CheckResult {
  const f = new Finding(cause);
  const n = ctx.facts.network;
  if (!n) return f.done('not-applicable');
  const onInstance = usesInstanceNetwork(ctx);
  if (onInstance && !instanceNetwork(f, ctx)) return f.done('unknown');
  // The event's subnets, else the service's (where gathering took them from), else the instance's.
  const subnets = taskSubnetIds(ctx).join(', ');
  read(f, n.subnets, 'subnets', NETWORK_TEXTS.t('evidence.part.what.subnets', { subnets }));
  read(f, n.routeTables, 'route-tables', NETWORK_TEXTS.t('evidence.part.what.route-tables', { subnets }));
  const view = buildNetworkView(ctx);
  if (!view) {
    if (f.unchecked.length === 0) f.add('subnets', 'unknown', NETWORK_TEXTS.t('evidence.network.subnets-unknown'));
    return f.done('unknown');
  }
  f.fix(viewFixInputs(view, ctx));
  return body(f, view);
}

/** The subnets the pull leaves from: the task ENI's (event, else service), or for bridge/host its instance's. */
export function taskSubnetIds(ctx: CheckContext): string[] {
  if (usesInstanceNetwork(ctx)) {
    const inst = ctx.facts.ec2Instance?.ok ? ctx.facts.ec2Instance.value : undefined;
    return inst?.subnetId ? [inst.subnetId] : [];
  }
  const svc = ctx.facts.service?.ok ? ctx.facts.service.value : undefined;
  return ctx.failure.task.subnetIds.length ? ctx.failure.task.subnetIds : (svc?.subnets ?? []);
}

/** A bridge/host task's security groups: its EC2 instance's ([] when not read); undefined for a task ENI. */
export function instanceGroupIds(ctx: CheckContext): string[] | undefined {
  if (!usesInstanceNetwork(ctx)) return undefined;
  return ctx.facts.ec2Instance?.ok ? ctx.facts.ec2Instance.value.securityGroupIds : [];
}

/**
 * A bridge/host task pulls through its container instance's network: says which instance, subnet and groups
 * (info), or why they are not known (unknown). False when the instance's network is not known.
 */
function instanceNetwork(f: Finding, ctx: CheckContext): boolean {
  const mode = ctx.taskDef?.networkMode ?? 'bridge/host';
  const arn = ctx.failure.task.containerInstanceArn;
  const ci = ctx.facts.containerInstance;
  const ec2 = ctx.facts.ec2Instance;
  const what = (instance: string) => NETWORK_TEXTS.t('evidence.part.what.instance-network', { instance });
  if (ci && !ci.ok) f.unknown('container-instance', ci, what(arn ?? ''));
  else if (ec2 && !ec2.ok) f.unknown('ec2-instance', ec2, what(ci?.ok ? (ci.value.ec2InstanceId ?? '') : ''));
  const inst = ec2?.ok ? ec2.value : undefined;
  if (!inst?.subnetId || !ctx.facts.network?.subnets) {
    if (f.unchecked.length === 0)
      f.add('network-mode', 'unknown', NETWORK_TEXTS.t('evidence.network.instance-network.no-instance', { mode }));
    return false;
  }
  f.add(
    'network-mode',
    'info',
    NETWORK_TEXTS.t('evidence.network.instance-network', {
      mode,
      instance: inst.id,
      subnet: inst.subnetId,
      groups: inst.securityGroupIds.join(', ') || '-',
      publicIp: inst.publicIp ?? '-',
    }),
    [inst.id, inst.subnetId],
  );
  return true;
}

export function viewFixInputs(v: NetworkView, ctx: CheckContext): FixInputs {
  const out: FixInputs = {
    neededEndpoints: v.needed,
    missingEndpoints: v.missing,
    routeTablesWithoutS3: v.routeTablesWithoutS3,
    endpointSubnetIds: v.endpointSubnetIds,
    subnetAzs: v.subnetAzs,
    subnetsOnMainRouteTable: v.subnetsOnMainRouteTable,
    interfaceEndpointsLackingAzs: v.interfaceEndpointsLackingAzs,
  };
  if (v.mainRouteTableId) out.mainRouteTableId = v.mainRouteTableId;
  if (usesInstanceNetwork(ctx)) out.instanceNetwork = true;
  const n = ctx.facts.network;
  if (n?.dnsSupport?.ok) out.vpcDnsSupport = n.dnsSupport.value;
  if (n?.dnsHostnames?.ok) out.vpcDnsHostnames = n.dnsHostnames.value;
  if (n?.dhcp?.ok && n.dhcp.value) out.vpcCustomDns = !n.dhcp.value.domainNameServers.includes('AmazonProvidedDNS');
  const svc = ctx.facts.service?.ok ? ctx.facts.service.value : undefined;
  if (svc?.assignPublicIp) out.assignPublicIp = svc.assignPublicIp;
  const placement = [...(n?.subnets?.ok ? n.subnets.value : []), ...(n?.placementSubnets ?? [])];
  const family = familyInputsOf(
    v.paths,
    v.endpointSubnetIds.map((id) => placement.find((s) => s.id === id)!).filter(Boolean),
    ctx.imageRef,
    n?.vpc?.ok ? (n.vpc.value.ipv6Cidrs ?? []) : [],
  );
  if (family) out.addressFamily = family;
  if (v.classicImage) out.classicImage = v.classicImage;
  const undecidable = networkUndecidableOf(ctx, v);
  if (undecidable) out.networkUndecidable = undecidable;
  return out;
}

export const ecrImage = (ctx: CheckContext) => !ctx.imageRef || ctx.imageRef.registryType === 'ecr';
/** A route other than the default one (a detour for public addresses: see detoursOf). */
const isDetour = (r: { destination: string }) =>
  r.destination !== '0.0.0.0/0' && r.destination !== IPV6_DEFAULT && r.destination !== NAT64_PREFIX;
/** routeText as catalogue parts, for listArgs. */
const routeParts = (paths: NetworkView['paths']): EvidenceText[] =>
  paths.map((p) => {
    const args = { subnet: p.subnet.id, routeTable: p.routeTable?.id ?? 'none' };
    if (!p.route)
      return NETWORK_TEXTS.t(p.routeTable ? 'evidence.part.route.absent' : 'evidence.part.route.no-table', args);
    if (isDetour(p.route))
      return NETWORK_TEXTS.t('evidence.part.route.other', {
        ...args,
        destination: p.route.destination,
        target: p.route.targetId,
      });
    return NETWORK_TEXTS.t(p.route.state === 'blackhole' ? 'evidence.part.route.blackhole' : 'evidence.part.route', {
      ...args,
      destination: p.route.destination,
      target: p.route.targetId,
    });
  });
export const routes = (paths: NetworkView['paths']) => listArgs('routes', routeParts(paths), 'semicolon');
export const zoneArgs = (zones: PullZones['found']) =>
  listArgs(
    'zones',
    zones.map((z) => NETWORK_TEXTS.t('evidence.part.zone', { name: z.name, id: z.id, account: z.owningAccount ?? '' })),
  );

/**
 * The pull's names come from the VPC's own private hosted zone(s): it goes where their records point
 * (typically central endpoints in another VPC), out of sight. Evidence `unknown`, naming what to check.
 */
export function addPrivateZones(f: Finding, v: NetworkView, zones: PullZones['found']): Finding {
  const subnets = v.paths.map((p) => p.subnet.id).join(', ');
  return f.add(
    'private-hosted-zones',
    'unknown',
    NETWORK_TEXTS.t('evidence.network.private-zone', { vpcId: v.vpcId, subnets, ...zoneArgs(zones) }),
    [v.vpcId, ...zones.map((z) => z.id)],
  );
}

/** The zone list could not be read: central endpoints behind a private hosted zone cannot be ruled out. */
export function addZonesUnread(f: Finding, v: NetworkView, unread: NonNullable<PullZones['unread']>): Finding {
  f.unknown(
    'private-hosted-zones',
    unread,
    NETWORK_TEXTS.t('evidence.part.what.private-hosted-zones', { vpcId: v.vpcId }),
  );
  return f.add(
    'private-hosted-zones',
    'info',
    NETWORK_TEXTS.t('evidence.network.private-zones-unread', { vpcId: v.vpcId }),
    [v.vpcId],
  );
}
