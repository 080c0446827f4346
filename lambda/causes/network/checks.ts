/**
 * Network family: network-no-route, public-ip-disabled, vpc-endpoint-missing, vpc-dns-disabled,
 * security-group-blocks, network-acl-blocks, vpc-endpoint-policy-denies.
 */
import type { CauseId, FixInputs } from '../../domain/diagnosis';
import { ecrRepositoryArn } from '../../domain/image-ref';
import { requestContext } from '../../facts/policy-eval/context';
import { evaluatePolicies, principalMatcher } from '../../facts/policy-eval/evaluate';
import type { SecurityGroupFacts } from '../../facts/types';
import {
  Finding,
  isEc2,
  isFargate,
  listArgs,
  read,
  T,
  usesInstanceNetwork,
  valueParts,
  type CauseCheck,
  type CheckContext,
  type CheckResult,
  type EvidenceText,
} from '../context';
import {
  buildNetworkView,
  cidrContains,
  dnsEndpoints,
  evaluateNacl,
  networkUndecidableOf,
  pullZones,
  ruleCovers443,
  type NetworkView,
  type PullZones,
} from './view';

/** Shared preamble: instance network → not applicable; facts missing → unknown/not-applicable. */
function withView(cause: CauseId, ctx: CheckContext, body: (f: Finding, v: NetworkView) => CheckResult): CheckResult {
  const f = new Finding(cause);
  if (usesInstanceNetwork(ctx)) {
    const mode = ctx.taskDef?.networkMode ?? 'bridge/host';
    const inst = ctx.failure.task.containerInstanceArn;
    return f
      .add(
        'network-mode',
        'not-applicable',
        inst
          ? T('network.instance-network', { mode, instance: inst })
          : T('network.instance-network.no-instance', { mode }),
      )
      .done('not-applicable');
  }
  const n = ctx.facts.network;
  if (!n) return f.done('not-applicable');
  // The event's subnets, else the service's (where gathering took them from).
  const svc = ctx.facts.service?.ok ? ctx.facts.service.value : undefined;
  const subnets = (ctx.failure.task.subnetIds.length ? ctx.failure.task.subnetIds : (svc?.subnets ?? [])).join(', ');
  read(f, n.subnets, 'subnets', T('part.what.subnets', { subnets }));
  read(f, n.routeTables, 'route-tables', T('part.what.route-tables', { subnets }));
  const view = buildNetworkView(ctx);
  if (!view) {
    if (f.unchecked.length === 0) f.add('subnets', 'unknown', T('network.subnets-unknown'));
    return f.done('unknown');
  }
  f.fix(viewFixInputs(view, ctx));
  return body(f, view);
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
  const n = ctx.facts.network;
  if (n?.dnsSupport?.ok) out.vpcDnsSupport = n.dnsSupport.value;
  if (n?.dnsHostnames?.ok) out.vpcDnsHostnames = n.dnsHostnames.value;
  if (n?.dhcp?.ok && n.dhcp.value) out.vpcCustomDns = !n.dhcp.value.domainNameServers.includes('AmazonProvidedDNS');
  const svc = ctx.facts.service?.ok ? ctx.facts.service.value : undefined;
  if (svc?.assignPublicIp) out.assignPublicIp = svc.assignPublicIp;
  const undecidable = networkUndecidableOf(ctx, v);
  if (undecidable) out.networkUndecidable = undecidable;
  return out;
}

const ecrImage = (ctx: CheckContext) => !ctx.imageRef || ctx.imageRef.registryType === 'ecr';
/** A route other than the default one (a detour for public addresses: see detoursOf). */
const isDetour = (r: { destination: string }) => r.destination !== '0.0.0.0/0';
/** routeText as catalogue parts, for listArgs. */
const routeParts = (paths: NetworkView['paths']): EvidenceText[] =>
  paths.map((p) => {
    const args = { subnet: p.subnet.id, routeTable: p.routeTable?.id ?? 'none' };
    if (!p.route) return T(p.routeTable ? 'part.route.absent' : 'part.route.no-table', args);
    if (isDetour(p.route))
      return T('part.route.other', { ...args, destination: p.route.destination, target: p.route.targetId });
    return T(p.route.state === 'blackhole' ? 'part.route.blackhole' : 'part.route', {
      ...args,
      destination: p.route.destination,
      target: p.route.targetId,
    });
  });
const routes = (paths: NetworkView['paths']) => listArgs('routes', routeParts(paths), 'semicolon');
const zoneArgs = (zones: PullZones['found']) =>
  listArgs(
    'zones',
    zones.map((z) => T('part.zone', { name: z.name, id: z.id, account: z.owningAccount ?? '' })),
  );

/**
 * The pull's names come from the VPC's own private hosted zone(s): it goes where their records point
 * (typically central endpoints in another VPC), out of sight. Evidence `unknown`, naming what to check.
 */
function addPrivateZones(f: Finding, v: NetworkView, zones: PullZones['found']): Finding {
  const subnets = v.paths.map((p) => p.subnet.id).join(', ');
  return f.add(
    'private-hosted-zones',
    'unknown',
    T('network.private-zone', { vpcId: v.vpcId, subnets, ...zoneArgs(zones) }),
    [v.vpcId, ...zones.map((z) => z.id)],
  );
}

/** The zone list could not be read: central endpoints behind a private hosted zone cannot be ruled out. */
function addZonesUnread(f: Finding, v: NetworkView, unread: NonNullable<PullZones['unread']>): Finding {
  f.unknown('private-hosted-zones', unread, T('part.what.private-hosted-zones', { vpcId: v.vpcId }));
  return f.add('private-hosted-zones', 'info', T('network.private-zones-unread', { vpcId: v.vpcId }), [v.vpcId]);
}

export const networkNoRoute: CauseCheck = {
  id: 'network-no-route',
  title: 'No route to the registry',
  check: (ctx) =>
    withView('network-no-route', ctx, (f, v) => {
      const rt = v.paths.flatMap((p) => (p.routeTable ? [p.routeTable.id] : []));
      const noRoute = v.paths.filter((p) => p.defaultRoute === 'none');
      const undecided = v.paths.filter((p) => p.defaultRoute === 'undecidable');
      const zones = pullZones(ctx);
      const undecidable = () =>
        f.add('default-route', 'unknown', T('network-no-route.undecidable', { vpcId: v.vpcId, ...routes(undecided) }), [
          ...rt,
          ...undecided.map((p) => p.route!.targetId),
        ]);
      if (noRoute.length === 0 && undecided.length === 0) {
        if (zones.found.length)
          return addPrivateZones(
            f.add('default-route', 'info', T('network-no-route.all-routed', routes(v.paths)), rt),
            v,
            zones.found,
          ).done('unknown');
        return f
          .add('default-route', 'ruled-out', T('network-no-route.all-routed', routes(v.paths)), rt)
          .done('ruled-out');
      }
      if (noRoute.length === 0) {
        undecidable();
        return (zones.found.length ? addPrivateZones(f, v, zones.found) : f).done('unknown');
      }
      // Some subnet has no usable route. Proven only when nothing else can carry the pull: no path out of
      // sight (another subnet's, or a private hosted zone's), and the zone list was read.
      const noRouteIds = [...rt, ...noRoute.map((p) => p.subnet.id)];
      const outOfSight = undecided.length > 0 || zones.found.length > 0;
      const ecrMissing = (['ecr.api', 'ecr.dkr', 's3'] as const).filter((s) => v.missing.includes(s));
      if (!ecrImage(ctx) || ecrMissing.length === 3) {
        const proof = outOfSight || zones.unread ? 'info' : 'proven';
        if (ecrImage(ctx)) {
          f.add('default-route', proof, T('network-no-route.no-route', routes(noRoute)), noRouteIds);
          f.add('vpc-endpoints', proof, T('network-no-route.no-endpoints', { vpcId: v.vpcId }), [v.vpcId]);
        } else {
          f.add(
            'default-route',
            proof,
            T('network-no-route.no-route-registry', { registry: ctx.imageRef!.registry, ...routes(noRoute) }),
            noRouteIds,
          );
        }
        if (undecided.length) undecidable();
        if (zones.found.length) addPrivateZones(f, v, zones.found);
        if (outOfSight) return f.done('possible');
        if (zones.unread) return addZonesUnread(f, v, zones.unread).done('likely');
        return f.done('proven');
      }
      return f
        .add('default-route', 'info', T('network-no-route.some-endpoints', routes(noRoute)), rt)
        .done(v.missing.length ? 'unlikely' : 'ruled-out');
    }),
};

export const publicIpDisabled: CauseCheck = {
  id: 'public-ip-disabled',
  title: 'Public subnet without a public IP',
  check: (ctx) =>
    withView('public-ip-disabled', ctx, (f, v) => {
      const igw = v.paths.filter((p) => p.defaultRoute === 'igw');
      if (igw.length === 0)
        return f.add('default-route', 'not-applicable', T('public-ip-disabled.no-igw')).done('not-applicable');
      if (isEc2(ctx))
        return f
          .add('launch-type', 'not-applicable', T('public-ip-disabled.ec2'))
          .done(v.missing.length && ecrImage(ctx) ? 'possible' : 'not-applicable');
      if (ecrImage(ctx) && v.missing.length === 0) {
        return f.add('vpc-endpoints', 'ruled-out', T('public-ip-disabled.endpoints-exist')).done('ruled-out');
      }
      const svc = ctx.facts.service?.ok ? ctx.facts.service.value : undefined;
      const ids = igw.map((p) => p.subnet.id);
      // The pull may not use the internet gateway at all: public addresses also leave another way, or its
      // names come from a private hosted zone. Then a missing public IP is not proven to matter.
      const zones = pullZones(ctx);
      const detoured = igw.filter((p) => p.detours.length > 0);
      if (svc?.assignPublicIp !== 'ENABLED' && (detoured.length || zones.found.length)) {
        if (detoured.length) {
          const parts = detoured.flatMap((p) => p.detours.map((r) => ({ p, r })));
          f.add(
            'default-route',
            'unknown',
            T(
              'public-ip-disabled.detours',
              listArgs(
                'routes',
                parts.map(({ p, r }) =>
                  T('part.route.other', {
                    subnet: p.subnet.id,
                    routeTable: p.routeTable?.id ?? 'none',
                    destination: r.destination,
                    target: r.targetId,
                  }),
                ),
                'semicolon',
              ),
            ),
            parts.map(({ r }) => r.targetId),
          );
        }
        if (zones.found.length) addPrivateZones(f, v, zones.found);
        return f.done('possible');
      }
      if (svc?.assignPublicIp === 'DISABLED') {
        return f
          .add(
            'assign-public-ip',
            'proven',
            T('public-ip-disabled.disabled', {
              service: svc.name,
              subnets: ids.join(', '),
              igw: igw[0]!.route!.targetId,
            }),
            [...ids, igw[0]!.route!.targetId],
          )
          .done('proven');
      }
      if (svc?.assignPublicIp === 'ENABLED')
        return f
          .add('assign-public-ip', 'ruled-out', T('public-ip-disabled.enabled', { service: svc.name }))
          .done('ruled-out');
      if (ctx.facts.service && !ctx.facts.service.ok)
        f.unknown(
          'assign-public-ip',
          ctx.facts.service,
          T('part.what.assign-public-ip', { service: ctx.failure.task.serviceName ?? '' }),
        );
      else f.add('assign-public-ip', 'unknown', T('public-ip-disabled.standalone', { subnets: ids.join(', ') }), ids);
      return f.done(isFargate(ctx) || !ctx.launchType ? 'possible' : 'unknown');
    }),
};

export const vpcEndpointMissing: CauseCheck = {
  id: 'vpc-endpoint-missing',
  title: 'Some VPC endpoints are missing',
  check: (ctx) =>
    withView('vpc-endpoint-missing', ctx, (f, v) => {
      if (v.unusable.length)
        f.add(
          'vpc-endpoints-state',
          'info',
          T('vpc-endpoint-missing.not-available', {
            endpoints: v.unusable.map((e) => `${e.id} (${e.serviceName}, ${e.state})`).join(', '),
          }),
          v.unusable.map((e) => e.id),
        );
      if (v.missing.length === 0)
        return f
          .add(
            'vpc-endpoints',
            'ruled-out',
            T('vpc-endpoint-missing.all-present', { vpcId: v.vpcId, needed: v.needed.join(', ') }),
            [v.vpcId],
          )
          .done('ruled-out');
      const open = v.paths.filter((p) => p.defaultRoute === 'igw' || p.defaultRoute === 'nat');
      if (open.length === v.paths.length) {
        return f
          .add('vpc-endpoints', 'ruled-out', T('vpc-endpoint-missing.optional', { missing: v.missing.join(', ') }), [
            v.vpcId,
          ])
          .done('ruled-out');
      }
      const present = v.needed.filter((s) => !v.missing.includes(s));
      const args = {
        vpcId: v.vpcId,
        ...listArgs(
          'missing',
          v.missing.map((s) =>
            s === 's3'
              ? T('part.s3-gateway-on', { routeTables: v.routeTablesWithoutS3.join(', ') })
              : T('part.value', { value: s }),
          ),
        ),
        ...listArgs('present', valueParts(present)),
      };
      // Central endpoints (behind a private hosted zone, or past a route out of sight) may serve the pull:
      // the local ones are then missing on purpose, and creating them could conflict. Never proven then.
      const zones = pullZones(ctx);
      if (zones.found.length) {
        return addPrivateZones(
          f.add('vpc-endpoints', 'info', T('vpc-endpoint-missing.lacks', args), [v.vpcId]),
          v,
          zones.found,
        ).done('possible');
      }
      const undecided = v.paths.filter((p) => p.defaultRoute === 'undecidable');
      if (undecided.length) {
        return f
          .add(
            'vpc-endpoints',
            'unknown',
            T('vpc-endpoint-missing.lacks.undecidable', { ...args, ...routes(undecided) }),
            [v.vpcId, ...undecided.map((p) => p.route!.targetId)],
          )
          .done('possible');
      }
      if (ecrImage(ctx) && present.length === 0)
        return f
          .add('vpc-endpoints', 'info', T('vpc-endpoint-missing.lacks.see-no-route', args), [v.vpcId])
          .done('possible');
      if (zones.unread)
        return addZonesUnread(
          f.add('vpc-endpoints', 'info', T('vpc-endpoint-missing.lacks', args), [v.vpcId, ...v.routeTablesWithoutS3]),
          v,
          zones.unread,
        ).done('likely');
      return f
        .add('vpc-endpoints', 'proven', T('vpc-endpoint-missing.lacks', args), [v.vpcId, ...v.routeTablesWithoutS3])
        .done('proven');
    }),
};

export const vpcDnsDisabled: CauseCheck = {
  id: 'vpc-dns-disabled',
  title: 'VPC DNS or endpoint private DNS is off',
  check: (ctx) =>
    withView('vpc-dns-disabled', ctx, (f, v) => {
      const n = ctx.facts.network!;
      const vpc = { vpcId: v.vpcId };
      const support = read(f, n.dnsSupport, 'vpc-dns-support', T('part.what.dns-support', vpc));
      const hostnames = read(f, n.dnsHostnames, 'vpc-dns-hostnames', T('part.what.dns-hostnames', vpc));
      const dhcp = read(f, n.dhcp, 'dhcp-options', T('part.what.dhcp-options', vpc));
      if (support === false) {
        return f.add('vpc-dns-support', 'proven', T('vpc-dns-disabled.support-off', vpc), [v.vpcId]).done('proven');
      }
      const iface = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm'].flatMap((s) =>
        (v.endpoints.get(s) ?? []).filter((e) => e.type.toLowerCase() === 'interface'),
      );
      const privateDnsOff = iface.filter((e) => !e.privateDnsEnabled);
      const relyOnEndpoints = v.paths.some((p) => p.defaultRoute === 'none');
      if (iface.some((e) => e.privateDnsEnabled) && hostnames === false) {
        return f.add('vpc-dns-hostnames', 'proven', T('vpc-dns-disabled.hostnames-off', vpc), [v.vpcId]).done('proven');
      }
      if (privateDnsOff.length && relyOnEndpoints) {
        return f
          .add(
            'endpoint-private-dns',
            'proven',
            T('vpc-dns-disabled.private-dns-off', {
              endpoints: privateDnsOff.map((e) => `${e.id} (${e.serviceName})`).join(', '),
            }),
            privateDnsOff.map((e) => e.id),
          )
          .done('proven');
      }
      if (dhcp && !dhcp.domainNameServers.includes('AmazonProvidedDNS') && iface.length) {
        return f
          .add(
            'dhcp-options',
            'info',
            T('vpc-dns-disabled.custom-dns', { dhcpOptions: dhcp.id, servers: dhcp.domainNameServers.join(', ') }),
            [dhcp.id],
          )
          .done('likely');
      }
      if (support === undefined || (hostnames === undefined && iface.length))
        return f.done(f.unchecked.length ? 'unknown' : 'not-applicable');
      return f
        .add(
          'vpc-dns',
          'ruled-out',
          T(`vpc-dns-disabled.on${hostnames ? '.hostnames' : ''}${privateDnsOff.length ? '' : '.private-dns'}`, vpc),
          [v.vpcId],
        )
        .done('ruled-out');
    }),
};

function taskGroups(ctx: CheckContext, f: Finding): string[] | undefined {
  const svc = ctx.facts.service;
  if (svc?.ok && svc.value?.securityGroups.length) return svc.value.securityGroups;
  if (svc && !svc.ok)
    f.unknown(
      'task-security-groups',
      svc,
      T('part.what.service-network', { service: ctx.failure.task.serviceName ?? '' }),
    );
  else f.add('task-security-groups', 'unknown', T('security-group-blocks.groups-unknown'));
  return undefined;
}

export const securityGroupBlocks: CauseCheck = {
  id: 'security-group-blocks',
  title: 'A security group blocks 443',
  check: (ctx) =>
    withView('security-group-blocks', ctx, (f, v) => {
      const groupIds = taskGroups(ctx, f);
      if (!groupIds) return f.done('unknown');
      const all = read(
        f,
        ctx.facts.network?.securityGroups,
        'security-groups',
        T('part.what.security-groups', { vpcId: v.vpcId }),
      );
      if (!all) return f.done('unknown');
      const byId = new Map(all.map((g) => [g.id, g] as const));
      const groups = groupIds.map((id) => byId.get(id)).filter((g): g is SecurityGroupFacts => !!g);
      if (groups.length < groupIds.length)
        return f
          .add(
            'task-security-groups',
            'unknown',
            T('security-group-blocks.groups-not-found', {
              groups: groupIds.filter((id) => !byId.has(id)).join(', '),
              vpcId: v.vpcId,
            }),
          )
          .done('unknown');
      const egress = groups.flatMap((g) => g.egress).filter(ruleCovers443);
      const subnetCidrs = v.paths.map((p) => p.subnet.cidr).filter((c): c is string => !!c);
      const problems: string[] = [];
      const parts: EvidenceText[] = [];
      const blocking = new Set<string>();
      const groups443 = groupIds.join(', ');
      const toInternet = egress.some((r) => r.cidrs.includes('0.0.0.0/0'));
      const needsInternet = v.paths.some((p) => p.defaultRoute === 'igw' || p.defaultRoute === 'nat');
      // Services reached through interface endpoints (private DNS on).
      const viaEndpoints = ecrImage(ctx)
        ? (['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm'] as const).filter(
            (s) => v.needed.includes(s) && dnsEndpoints(v, s).length,
          )
        : [];
      const viaInternet =
        (ecrImage(ctx) ? v.needed.filter((s) => s !== 's3' && !viaEndpoints.includes(s as never)) : ['registry'])
          .length > 0;
      if (needsInternet && viaInternet && !toInternet) {
        problems.push(`egress of ${groupIds.join(', ')} allows no TCP 443 to 0.0.0.0/0`);
        parts.push(T('part.sg.no-egress-internet', { groups: groups443 }));
        for (const g of groupIds) blocking.add(g);
      }
      for (const svc of viaEndpoints) {
        for (const e of dnsEndpoints(v, svc)) {
          const out = egress.some(
            (r) =>
              r.groupIds.some((g) => e.groupIds.includes(g)) ||
              r.cidrs.some((c) => subnetCidrs.some((s) => cidrContains(c, s))),
          );
          if (!out) {
            problems.push(`egress of ${groupIds.join(', ')} allows no TCP 443 to endpoint ${e.id} (${svc})`);
            parts.push(T('part.sg.no-egress-endpoint', { groups: groups443, endpoint: e.id, service: svc }));
            for (const g of groupIds) blocking.add(g);
          }
          const epGroups = e.groupIds.map((id) => byId.get(id));
          if (epGroups.some((g) => !g)) continue;
          const inOk = epGroups.some((g) =>
            g!.ingress
              .filter(ruleCovers443)
              .some(
                (r) =>
                  r.groupIds.some((id) => groupIds.includes(id)) ||
                  r.cidrs.some((c) => subnetCidrs.some((s) => cidrContains(c, s))),
              ),
          );
          if (!inOk) {
            problems.push(
              `endpoint ${e.id} (${svc}) security group(s) ${e.groupIds.join(', ')} allow no TCP 443 in from the task`,
            );
            parts.push(
              T('part.sg.no-endpoint-ingress', { endpoint: e.id, service: svc, endpointGroups: e.groupIds.join(', ') }),
            );
            for (const g of e.groupIds) blocking.add(g);
          }
        }
      }
      if (ecrImage(ctx) && v.needed.includes('s3') && v.s3PrefixListIds.length && v.routeTablesWithoutS3.length === 0) {
        const s3ok = egress.some(
          (r) => r.cidrs.includes('0.0.0.0/0') || r.prefixListIds.some((p) => v.s3PrefixListIds.includes(p)),
        );
        if (!s3ok) {
          problems.push(
            `egress of ${groupIds.join(', ')} allows TCP 443 neither to 0.0.0.0/0 nor to the S3 prefix ` +
              `list ${v.s3PrefixListIds.join(', ')} (ECR layers come from S3)`,
          );
          parts.push(T('part.sg.no-egress-s3', { groups: groups443, prefixLists: v.s3PrefixListIds.join(', ') }));
          for (const g of groupIds) blocking.add(g);
        }
      }
      if (problems.length) {
        return f
          .add(
            'security-group-443',
            'proven',
            T('security-group-blocks.blocked', listArgs('problems', parts, 'semicolon')),
            [...blocking],
          )
          .fix({ blockingSecurityGroupIds: [...blocking] })
          .done('proven');
      }
      return f
        .add(
          'security-group-443',
          'ruled-out',
          T(viaEndpoints.length ? 'security-group-blocks.allowed.endpoints' : 'security-group-blocks.allowed', {
            groups: groups443,
          }),
          groupIds,
        )
        .done('ruled-out');
    }),
};

const PUBLIC_SAMPLE = '52.94.0.1';
const EPHEMERAL_SAMPLES = [1024, 32768, 49152, 65535];

export const networkAclBlocks: CauseCheck = {
  id: 'network-acl-blocks',
  title: 'A network ACL blocks 443 or the return ports',
  check: (ctx) =>
    withView('network-acl-blocks', ctx, (f, v) => {
      const subnets = v.paths.map((p) => p.subnet.id).join(', ');
      const acls = read(f, ctx.facts.network?.networkAcls, 'network-acls', T('part.what.network-acls', { subnets }));
      if (!acls) return f.done(ctx.facts.network?.networkAcls ? 'unknown' : 'not-applicable');
      const problems: string[] = [];
      const parts: EvidenceText[] = [];
      const blocking = new Set<string>();
      for (const p of v.paths) {
        const acl = acls.find((a) => a.subnetIds.includes(p.subnet.id));
        if (!acl) {
          f.add('network-acls', 'unknown', T('network-acl-blocks.no-association', { subnet: p.subnet.id }), [
            p.subnet.id,
          ]);
          continue;
        }
        const out = evaluateNacl(acl, true, 443, PUBLIC_SAMPLE);
        if (out.action === 'deny') {
          problems.push(
            `${acl.id} (subnet ${p.subnet.id}) denies outbound TCP ` +
              `443${out.ruleNumber !== undefined ? ` by rule ${out.ruleNumber}` : ' (no rule allows it)'}`,
          );
          parts.push(
            out.ruleNumber !== undefined
              ? T('part.nacl.deny-out-rule', { acl: acl.id, subnet: p.subnet.id, rule: out.ruleNumber })
              : T('part.nacl.deny-out', { acl: acl.id, subnet: p.subnet.id }),
          );
          blocking.add(acl.id);
        }
        const back = EPHEMERAL_SAMPLES.map((port) => ({
          port,
          v: evaluateNacl(acl, false, port, PUBLIC_SAMPLE),
        })).filter((x) => x.v.action === 'deny');
        if (back.length) {
          problems.push(
            `${acl.id} (subnet ${p.subnet.id}) denies inbound return traffic on ephemeral port(s) ` +
              `${back.map((b) => b.port).join(', ')}`,
          );
          parts.push(
            T('part.nacl.deny-return', { acl: acl.id, subnet: p.subnet.id, ports: back.map((b) => b.port).join(', ') }),
          );
          blocking.add(acl.id);
        }
      }
      if (problems.length)
        return f
          .add('network-acl-443', 'proven', T('network-acl-blocks.blocked', listArgs('problems', parts, 'semicolon')), [
            ...blocking,
          ])
          .fix({ blockingNetworkAclIds: [...blocking] })
          .done('proven');
      if (f.evidence.some((e) => e.result === 'unknown')) return f.done('unknown');
      return f
        .add(
          'network-acl-443',
          'ruled-out',
          T('network-acl-blocks.allowed', { subnets: v.paths.map((p) => p.subnet.id).join(', ') }),
        )
        .done('ruled-out');
    }),
};

export const vpcEndpointPolicyDenies: CauseCheck = {
  id: 'vpc-endpoint-policy-denies',
  title: 'A VPC endpoint policy denies the pull',
  check: (ctx) =>
    withView('vpc-endpoint-policy-denies', ctx, (f, v) => {
      if (!ecrImage(ctx) || !ctx.imageRef)
        return f.add('ecr-image', 'not-applicable', T('vpc-endpoint-policy-denies.not-ecr')).done('not-applicable');
      const repoArn = ecrRepositoryArn(ctx.imageRef)!;
      const match = principalMatcher(ctx.taskDef?.executionRoleArn, ctx.account);
      const rtIds = v.paths.map((p) => p.routeTable?.id);
      const used = [
        ...dnsEndpoints(v, 'ecr.api').map((e) => ({
          e,
          checks: [['ecr:GetAuthorizationToken', '*']] as Array<[string, string]>,
        })),
        ...dnsEndpoints(v, 'ecr.dkr').map((e) => ({
          e,
          checks: [
            ['ecr:BatchGetImage', repoArn],
            ['ecr:GetDownloadUrlForLayer', repoArn],
          ] as Array<[string, string]>,
        })),
        ...(v.endpoints.get('s3') ?? [])
          .filter((e) => e.type.toLowerCase() === 'gateway' && e.routeTableIds.some((id) => rtIds.includes(id)))
          .map((e) => ({
            e,
            checks: [
              ['s3:GetObject', `arn:aws:s3:::prod-${ctx.imageRef!.region ?? ctx.region}-starport-layer-bucket/*`],
            ] as Array<[string, string]>,
          })),
      ];
      if (used.length === 0)
        return f
          .add('endpoint-policy', 'not-applicable', T('vpc-endpoint-policy-denies.no-endpoint'))
          .done('not-applicable');
      const denying: string[] = [];
      let undecided = false;
      for (const { e, checks } of used) {
        if (!e.policy) continue;
        // The pull through this endpoint: from this VPC, through this endpoint, by the execution role of the
        // task's account. Conditions on any other key (aws:PrincipalOrgID, aws:SourceIp, …) stay undecided.
        const context = requestContext({
          principalArn: ctx.taskDef?.executionRoleArn,
          principalAccount: ctx.account,
          sourceVpc: v.vpcId,
          sourceVpce: e.id,
        });
        for (const [action, resource] of checks) {
          const r = evaluatePolicies([e.policy], action, resource, { principalMatches: match, context });
          if (r.decision === 'explicitDeny' || r.decision === 'implicitDeny') {
            denying.push(e.id);
            const args = { endpoint: e.id, service: e.serviceName, action, resource };
            const text =
              r.decision === 'explicitDeny'
                ? T('vpc-endpoint-policy-denies.explicit-deny', { ...args, statements: r.statements.join(', ') })
                : T('vpc-endpoint-policy-denies.not-allowed', args);
            f.add('endpoint-policy', 'proven', text, [e.id]);
            break;
          }
          if (r.decision === 'conditional') {
            undecided = true;
            const args = {
              endpoint: e.id,
              service: e.serviceName,
              action,
              resource,
              statements: r.statements.join(', '),
              keys: r.unevaluatedKeys.join(', '),
            };
            f.add(
              'endpoint-policy',
              'unknown',
              T(`vpc-endpoint-policy-denies.undecided-${r.undecided === 'deny' ? 'deny' : 'allow'}`, args),
              [e.id],
            );
          }
        }
      }
      if (denying.length) return f.fix({ denyingEndpointIds: [...new Set(denying)] }).done('proven');
      if (undecided) return f.done('possible');
      return f
        .add(
          'endpoint-policy',
          'ruled-out',
          T('vpc-endpoint-policy-denies.allowed', { endpoints: used.map((u) => u.e.id).join(', ') }),
          used.map((u) => u.e.id),
        )
        .done('ruled-out');
    }),
};
