/**
 * vpc-endpoint-missing: some task subnets have no way out but the VPC's endpoints, and some endpoint the pull
 * needs (ecr.api, ecr.dkr, the S3 gateway on their route tables, logs, secretsmanager, ssm) is missing. Never
 * proven while central endpoints may serve the pull (a private hosted zone, a route out of sight). The fix is
 * the endpoint plan (endpoint-plan.ts).
 */
import { listArgs, T, valueParts, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { planVpcEndpoints } from './endpoint-plan';
import { IPV6_PLAN_TEXTS } from './endpoint-ipv6';
import { ENDPOINT_TEXTS } from './endpoint-texts';
import { addPrivateZones, addZonesUnread, DNS, ecrImage, routes, VIEW, withView } from './shared';
import { NETWORK_TEXTS } from './texts';
import { addFamilyEvidence, FAMILY_TEXTS } from './family-evidence';
import { pullZones } from './zones';

const TEXTS = texts(
  {
    'evidence.part.s3-gateway-on': 'the S3 gateway endpoint on {routeTables}',
    'evidence.vpc-endpoint-missing.not-available': 'Endpoint(s) not available yet: {endpoints}.',
    'evidence.vpc-endpoint-missing.dual-stack-name':
      'VPC endpoints do not serve {registry}, ECR’s dual-stack name: missing ones do not explain this pull. ' +
      'Subnet(s) {subnets} need a route out for it, or the task definition the classic name {classicImage}, ' +
      'which endpoints serve.',
    'evidence.vpc-endpoint-missing.all-present': 'VPC {vpcId} has every endpoint this task needs: {needed}.',
    'evidence.vpc-endpoint-missing.optional':
      'Endpoints {missing} are missing, but every subnet has an internet/NAT route, so they are optional.',
    'evidence.vpc-endpoint-missing.lacks': 'VPC {vpcId} lacks {missing}; present: {present}.',
    'evidence.vpc-endpoint-missing.lacks.undecidable':
      'VPC {vpcId} lacks {missing}; present: {present}. The way out ({routes}) cannot be ' +
      'followed from here: the pull may use central endpoints. Check the central or inspection ' +
      'VPC — its ECR and S3 endpoints and its routes back — and the Route 53 Resolver rules and ' +
      'private hosted zones of VPC {vpcId} before creating endpoints here.',
    'evidence.vpc-endpoint-missing.lacks.see-no-route':
      'VPC {vpcId} lacks {missing}; present: {present}. (see network-no-route)',
  },
  {
    'evidence.part.s3-gateway-on': '{routeTables} の S3 ゲートウェイエンドポイント',
    'evidence.vpc-endpoint-missing.not-available': 'まだ利用可能になっていないエンドポイント: {endpoints}。',
    'evidence.vpc-endpoint-missing.dual-stack-name':
      'VPC エンドポイントは ECR のデュアルスタック名 {registry} を扱わないため、エンドポイントの不足はこの取得失敗の理由になりません。' +
      'この名前にはサブネット {subnets} から外への経路が必要です。またはタスク定義でエンドポイントが扱う従来の名前 {classicImage} を使います。',
    'evidence.vpc-endpoint-missing.all-present':
      'VPC {vpcId} には、このタスクに必要なエンドポイントがすべてあります: {needed}。',
    'evidence.vpc-endpoint-missing.optional':
      'エンドポイント {missing} はありませんが、すべてのサブネットにインターネット／NAT へのルートがあるため必須ではありません。',
    'evidence.vpc-endpoint-missing.lacks': 'VPC {vpcId} には {missing} がありません。あるもの: {present}。',
    'evidence.vpc-endpoint-missing.lacks.undecidable':
      'VPC {vpcId} には {missing} がありません。あるもの: ' +
      '{present}。出口（{routes}）はここからはたどれず、プルは集約エンドポイントを使っている可能性があります。ここでエンドポイントを作成する前に、集約／検査用 VPC ' +
      'の ECR と S3 のエンドポイントと戻りのルート、VPC {vpcId} の Route 53 Resolver ルールとプライベートホストゾーンを確認してください。',
    'evidence.vpc-endpoint-missing.lacks.see-no-route':
      'VPC {vpcId} には {missing} がありません。あるもの: {present}。（network-no-route を参照）',
  },
);

function check(ctx: CheckContext): CheckResult {
  return withView('vpc-endpoint-missing', ctx, (f, v) => {
    // Endpoints not available yet, and available ones without IPv6 that IPv6-only subnets cannot use (view.ts).
    const pending = v.unusable.filter((e) => e.state.toLowerCase() !== 'available');
    const v4Only = v.unusable.filter((e) => e.state.toLowerCase() === 'available');
    if (pending.length)
      f.add(
        'vpc-endpoints-state',
        'info',
        TEXTS.t('evidence.vpc-endpoint-missing.not-available', {
          endpoints: pending.map((e) => `${e.id} (${e.serviceName}, ${e.state})`).join(', '),
        }),
        pending.map((e) => e.id),
      );
    if (v4Only.length)
      f.add(
        'vpc-endpoints-state',
        'info',
        FAMILY_TEXTS.t('evidence.network.family.ipv4-only-endpoints', {
          endpoints: v4Only.map((e) => `${e.id} (${e.serviceName})`).join(', '),
          subnets:
            v.paths
              .filter((p) => p.stack === 'ipv6-only')
              .map((p) => p.subnet.id)
              .join(', ') || '-',
        }),
        v4Only.map((e) => e.id),
      );
    const open = v.paths.filter(
      (p) => p.defaultRoute === 'igw' || p.defaultRoute === 'nat' || p.defaultRoute === 'ipv6',
    );
    // A pull by ECR's dual-stack name does not use endpoints: missing ones neither explain nor fix it.
    if (v.classicImage && open.length < v.paths.length)
      return f
        .add(
          'vpc-endpoints',
          'info',
          TEXTS.t('evidence.vpc-endpoint-missing.dual-stack-name', {
            registry: ctx.imageRef?.registry ?? '-',
            subnets: v.paths
              .filter((p) => !open.includes(p))
              .map((p) => p.subnet.id)
              .join(', '),
            classicImage: v.classicImage,
          }),
          [ctx.imageRef?.registry ?? v.vpcId],
        )
        .done('unlikely');
    if (v.missing.length === 0)
      return f
        .add(
          'vpc-endpoints',
          'ruled-out',
          TEXTS.t('evidence.vpc-endpoint-missing.all-present', { vpcId: v.vpcId, needed: v.needed.join(', ') }),
          [v.vpcId],
        )
        .done('ruled-out');
    if (open.length === v.paths.length) {
      return f
        .add(
          'vpc-endpoints',
          'ruled-out',
          TEXTS.t('evidence.vpc-endpoint-missing.optional', { missing: v.missing.join(', ') }),
          [v.vpcId],
        )
        .done('ruled-out');
    }
    const present = v.needed.filter((s) => !v.missing.includes(s));
    const args = {
      vpcId: v.vpcId,
      ...listArgs(
        'missing',
        v.missing.map((s) =>
          s === 's3'
            ? TEXTS.t('evidence.part.s3-gateway-on', { routeTables: v.routeTablesWithoutS3.join(', ') })
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
        f.add('vpc-endpoints', 'info', TEXTS.t('evidence.vpc-endpoint-missing.lacks', args), [v.vpcId]),
        v,
        zones.found,
      ).done('possible');
    }
    // Only IPv6 leaves, undocumented for this pull (families.ts): the endpoints may be what it lacks, or not.
    if (v.paths.some((p) => p.note === 'ipv6-undocumented'))
      return addFamilyEvidence(
        f.add('vpc-endpoints', 'info', TEXTS.t('evidence.vpc-endpoint-missing.lacks', args), [v.vpcId]),
        v,
        ctx,
        'info',
      ).done('possible');
    const undecided = v.paths.filter((p) => p.defaultRoute === 'undecidable');
    if (undecided.length) {
      return f
        .add(
          'vpc-endpoints',
          'unknown',
          TEXTS.t('evidence.vpc-endpoint-missing.lacks.undecidable', { ...args, ...routes(undecided) }),
          [v.vpcId, ...undecided.map((p) => p.route!.targetId)],
        )
        .done('possible');
    }
    if (ecrImage(ctx) && present.length === 0)
      return f
        .add('vpc-endpoints', 'info', TEXTS.t('evidence.vpc-endpoint-missing.lacks.see-no-route', args), [v.vpcId])
        .done('possible');
    if (zones.unread)
      return addZonesUnread(
        f.add('vpc-endpoints', 'info', TEXTS.t('evidence.vpc-endpoint-missing.lacks', args), [
          v.vpcId,
          ...v.routeTablesWithoutS3,
        ]),
        v,
        zones.unread,
      ).done('likely');
    return f
      .add('vpc-endpoints', 'proven', TEXTS.t('evidence.vpc-endpoint-missing.lacks', args), [
        v.vpcId,
        ...v.routeTablesWithoutS3,
      ])
      .done('proven');
  });
}

export const vpcEndpointMissing = defineCause({
  id: 'vpc-endpoint-missing',
  family: 'network',
  words: {
    en: {
      title: 'ECR VPC endpoints missing',
      explain:
        'The subnets have no internet route and rely on VPC endpoints, but some of the endpoints an image pull ' +
        'needs are missing (ecr.api, ecr.dkr and the S3 gateway endpoint; logs, secretsmanager or ssm when the ' +
        'task uses them).',
    },
    ja: {
      title: 'ECR 用の VPC エンドポイントが不足',
      explain:
        'サブネットにインターネットへの経路がなく VPC エンドポイントに頼っていますが、イメージの取得に必要なエンドポイントが一部ありません(ecr.api、ecr.dkr、S3 ' +
        'ゲートウェイエンドポイント。タスクが使う場合は logs、secretsmanager、ssm も)。',
    },
  },
  calls: { proves: [...VIEW, 'endpoints', 'hostedZones'], informs: ['service', ...DNS] },
  check,
  plan: planVpcEndpoints,
  autoFix: 'AutoFixVpcEndpoints',
  texts: [TEXTS, NETWORK_TEXTS, ENDPOINT_TEXTS, FAMILY_TEXTS, IPV6_PLAN_TEXTS],
});
