/**
 * network-no-route: a task subnet has no usable 0.0.0.0/0 route (none, blackhole, local) and the VPC has none of
 * the ECR endpoints (ecr.api, ecr.dkr, the S3 gateway) — or the image is not in ECR. Proven only when nothing
 * out of sight can carry the pull: no other route for public addresses, no private hosted zone for its names,
 * and the zone list was read. The fix is the endpoint plan (endpoint-plan.ts), or a NAT gateway.
 */
import type { CheckContext, CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { planVpcEndpoints } from './endpoint-plan';
import { IPV6_PLAN_TEXTS } from './endpoint-ipv6';
import { ENDPOINT_TEXTS } from './endpoint-texts';
import { addDualStackName, addFamilyEvidence, FAMILY_TEXTS } from './family-evidence';
import { addPrivateZones, addZonesUnread, DNS, ecrImage, routes, VIEW, withView } from './shared';
import { NETWORK_TEXTS } from './texts';
import { pullZones } from './zones';

const TEXTS = texts(
  {
    'evidence.network-no-route.all-routed':
      'Every task subnet has a 0.0.0.0/0 route to an internet or NAT gateway: {routes}.',
    'evidence.network-no-route.undecidable':
      'The way out of {routes} goes to a transit gateway, firewall endpoint, peering connection, ' +
      'VPN gateway or appliance, which cannot be followed from here. Check the central or ' +
      'inspection VPC behind it: its ECR (ecr.api, ecr.dkr) and S3 endpoints or NAT, and its ' +
      'routes back to these subnets; and the Route 53 Resolver rules and private hosted zones of ' +
      'VPC {vpcId}.',
    'evidence.network-no-route.no-route-registry': 'No usable 0.0.0.0/0 route for {registry}: {routes}.',
    'evidence.network-no-route.no-route': 'No usable 0.0.0.0/0 route: {routes}.',
    'evidence.network-no-route.no-endpoints': 'VPC {vpcId} has no usable ecr.api, ecr.dkr or S3 gateway endpoint.',
    'evidence.network-no-route.some-endpoints':
      'No default route ({routes}), but some ECR endpoints exist (see vpc-endpoint-missing).',
  },
  {
    'evidence.network-no-route.all-routed':
      'タスクのすべてのサブネットに、インターネットゲートウェイまたは NAT ゲートウェイへの 0.0.0.0/0 ルートがあります: {routes}。',
    'evidence.network-no-route.undecidable':
      '{routes} の出口はトランジットゲートウェイ、ファイアウォールエンドポイント、ピアリング接続、VPN ' +
      'ゲートウェイまたはアプライアンスのため、ここからは経路をたどれません。その先の集約／検査用 VPC の ECR（ecr.api、ecr.dkr）と S3 のエンドポイントまたは ' +
      'NAT、これらのサブネットへの戻りのルートを確認し、VPC {vpcId} の Route 53 Resolver ルールとプライベートホストゾーンも確認してください。',
    'evidence.network-no-route.no-route-registry': '{registry} へ使える 0.0.0.0/0 ルートがありません: {routes}。',
    'evidence.network-no-route.no-route': '使える 0.0.0.0/0 ルートがありません: {routes}。',
    'evidence.network-no-route.no-endpoints':
      'VPC {vpcId} には使える ecr.api、ecr.dkr、S3 ゲートウェイエンドポイントがありません。',
    'evidence.network-no-route.some-endpoints':
      'デフォルトルートはありません（{routes}）が、ECR のエンドポイントが一部あります（vpc-endpoint-missing を参照）。',
  },
);

function check(ctx: CheckContext): CheckResult {
  return withView('network-no-route', ctx, (f, v) => {
    const rt = v.paths.flatMap((p) => (p.routeTable ? [p.routeTable.id] : []));
    const noRoute = v.paths.filter((p) => p.defaultRoute === 'none');
    // IPv4 paths without a way out; IPv6-only ones are said by addFamilyEvidence (family-evidence.ts).
    const v4NoRoute = noRoute.filter((p) => !p.note);
    const all = v.paths.filter((p) => p.defaultRoute === 'undecidable');
    // Undecided for want of AWS documentation (families.ts), not because the path leaves out of sight.
    const undocumented = all.filter((p) => p.note === 'ipv6-undocumented');
    const undecided = all.filter((p) => p.note !== 'ipv6-undocumented');
    const zones = pullZones(ctx);
    const undecidable = () =>
      f.add(
        'default-route',
        'unknown',
        TEXTS.t('evidence.network-no-route.undecidable', { vpcId: v.vpcId, ...routes(undecided) }),
        [...rt, ...undecided.map((p) => p.route!.targetId)],
      );
    const open = v.paths.filter((p) => p.defaultRoute !== 'none' && p.defaultRoute !== 'undecidable');
    if (noRoute.length === 0 && all.length === 0) {
      const result = zones.found.length ? 'info' : 'ruled-out';
      const routed = open.filter((p) => !p.note || p.note === 'ipv6-alternative');
      if (routed.length)
        f.add('default-route', result, TEXTS.t('evidence.network-no-route.all-routed', routes(routed)), rt);
      addFamilyEvidence(f, v, ctx, 'info', result);
      if (zones.found.length) return addPrivateZones(f, v, zones.found).done('unknown');
      return f.done('ruled-out');
    }
    if (noRoute.length === 0) {
      if (undecided.length) undecidable();
      addFamilyEvidence(f, v, ctx, 'info');
      return (zones.found.length ? addPrivateZones(f, v, zones.found) : f).done('unknown');
    }
    // Some subnet has no usable route. Proven only when nothing else can carry the pull: no path out of
    // sight (another subnet's, or a private hosted zone's), and the zone list was read.
    // A blackhole default route names its lost target (a deleted NAT gateway): what-changed looks it up.
    const lost = noRoute.flatMap((p) => (p.route?.targetId ? [p.route.targetId] : []));
    const noRouteIds = [...new Set([...rt, ...noRoute.map((p) => p.subnet.id), ...lost])];
    const outOfSight = undecided.length > 0 || undocumented.length > 0 || zones.found.length > 0;
    const ecrMissing = (['ecr.api', 'ecr.dkr', 's3'] as const).filter((s) => v.missing.includes(s));
    // ECR's dual-stack name: endpoints do not carry it (family-evidence.ts), present or not.
    if (!ecrImage(ctx) || v.classicImage || ecrMissing.length === 3) {
      const proof = outOfSight || zones.unread ? 'info' : 'proven';
      if (v4NoRoute.length && ecrImage(ctx)) {
        f.add('default-route', proof, TEXTS.t('evidence.network-no-route.no-route', routes(v4NoRoute)), noRouteIds);
      } else if (v4NoRoute.length) {
        f.add(
          'default-route',
          proof,
          TEXTS.t('evidence.network-no-route.no-route-registry', {
            registry: ctx.imageRef!.registry,
            ...routes(v4NoRoute),
          }),
          noRouteIds,
        );
      }
      addFamilyEvidence(f, v, ctx, proof);
      if (v.classicImage) addDualStackName(f, v, ctx, proof);
      else if (ecrImage(ctx))
        f.add('vpc-endpoints', proof, TEXTS.t('evidence.network-no-route.no-endpoints', { vpcId: v.vpcId }), [v.vpcId]);
      if (undecided.length) undecidable();
      if (zones.found.length) addPrivateZones(f, v, zones.found);
      if (outOfSight) return f.done('possible');
      if (zones.unread) return addZonesUnread(f, v, zones.unread).done('likely');
      return f.done('proven');
    }
    return f
      .add('default-route', 'info', TEXTS.t('evidence.network-no-route.some-endpoints', routes(noRoute)), rt)
      .done(v.missing.length ? 'unlikely' : 'ruled-out');
  });
}

export const networkNoRoute = defineCause({
  id: 'network-no-route',
  family: 'network',
  words: {
    en: {
      title: 'no route to ECR',
      explain:
        'The task’s subnets have no way to reach Amazon ECR: no internet route (internet gateway with a public ' +
        'IP, or NAT gateway) and no VPC endpoints for ECR and S3.',
    },
    ja: {
      title: 'ECR への経路がない',
      explain:
        'タスクのサブネットから Amazon ECR に到達する手段がありません。インターネットへの経路(パブリック IP 付きのインターネットゲートウェイ、または NAT ゲートウェイ)も、ECR と S3 の ' +
        'VPC エンドポイントもありません。',
    },
  },
  calls: { proves: [...VIEW, 'endpoints', 'hostedZones'], informs: ['service', ...DNS] },
  check,
  plan: planVpcEndpoints,
  autoFix: 'AutoFixVpcEndpoints',
  texts: [TEXTS, NETWORK_TEXTS, ENDPOINT_TEXTS, FAMILY_TEXTS, IPV6_PLAN_TEXTS],
});
