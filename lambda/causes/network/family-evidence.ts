/**
 * The sentences about address families (families.ts) the network causes give: an IPv6-only subnet and an
 * IPv4-only registry name, an IPv6-only subnet without a ::/0 route, a pull that reaches IPv4 names through
 * NAT64, and a path that only IPv6 leaves by, which AWS does not document for the whole pull.
 */
import type { CheckContext, Finding } from '../context';
import { texts } from '../module';
import { dualStackRegistryOf, ipv6RouteOf, NAT64_PREFIX, nameFamiliesOf } from './families';
import { routes } from './shared';
import type { NetworkView, SubnetPath } from './view';

export const FAMILY_TEXTS = texts(
  {
    'evidence.network.family.ipv4-name':
      'Subnet(s) {subnets} are IPv6-only, and {registry} resolves to IPv4 addresses only. From an IPv6-only ' +
      'subnet ECS pulls ECR images through the dual-stack name ({dualRegistry}), or reaches IPv4-only names ' +
      'through DNS64 with a NAT64 route ({nat64} to a NAT gateway), which these subnets do not have.',
    'evidence.network.family.ipv4-name.other':
      'Subnet(s) {subnets} are IPv6-only, and {registry} resolves to IPv4 addresses only; the subnets have no ' +
      'DNS64 with a NAT64 route ({nat64} to a NAT gateway) to reach it.',
    'evidence.network.family.ipv6-unused':
      'Subnet(s) {subnets} also route ::/0 to {targets}, but {registry} resolves to IPv4 addresses only, so the ' +
      'pull cannot leave that way.',
    'evidence.network.family.ipv6-no-route': 'No usable ::/0 route from the IPv6-only subnet(s): {routes}.',
    'evidence.network.family.nat64': 'IPv6-only subnet(s) reach IPv4-only names through DNS64 and NAT64: {routes}.',
    'evidence.network.family.ipv6':
      'IPv6-only subnet(s) pull from {registry} (ECR’s dual-stack name) over IPv6: {routes}.',
    'evidence.network.family.ipv6-undocumented':
      'Only IPv6 leaves these subnets ({routes}). AWS documents IPv6 pulls from IPv6-only subnets through ' +
      'ECR’s dual-stack name; whether this pull from {registry} — its registry authentication, secrets and ' +
      'layer download — can use IPv6 here is not documented, so the routes cannot decide it. Users report ' +
      'Fargate’s registry authentication going to api.ecr.<region>.amazonaws.com, an IPv4-only name, even ' +
      'with a dual-stack image name (aws/containers-roadmap#2287, #2792).',
    'evidence.network.family.dual-stack-name':
      '{registry} is ECR’s dual-stack name, which VPC endpoints do not serve: AWS PrivateLink carries only the ' +
      'classic names ({classic}), so endpoints help this task only once its image uses that name.',
    'evidence.network.family.ipv4-only-endpoints':
      'Endpoint(s) {endpoints} have no IPv6 addresses or AAAA records, so IPv6-only task subnet(s) {subnets} ' +
      'cannot use them; each, where its subnets are dual-stack, can be changed in place: aws ec2 modify-vpc-endpoint ' +
      '--vpc-endpoint-id <ENDPOINT_ID> --ip-address-type dualstack --dns-options DnsRecordIpType=dualstack.',
  },
  {
    'evidence.network.family.ipv4-name':
      'サブネット {subnets} は IPv6 専用で、{registry} は IPv4 アドレスにしか解決されません。IPv6 専用サブネットから ECS は ' +
      'ECR のイメージをデュアルスタック名（{dualRegistry}）で取得するか、DNS64 と NAT64 ルート（{nat64} を NAT ゲートウェイへ）で ' +
      'IPv4 専用の名前に到達しますが、これらのサブネットにはどちらもありません。',
    'evidence.network.family.ipv4-name.other':
      'サブネット {subnets} は IPv6 専用で、{registry} は IPv4 アドレスにしか解決されません。到達に必要な DNS64 と NAT64 ' +
      'ルート（{nat64} を NAT ゲートウェイへ）がサブネットにありません。',
    'evidence.network.family.ipv6-unused':
      'サブネット {subnets} には {targets} への ::/0 ルートもありますが、{registry} は IPv4 アドレスにしか解決されないため、' +
      'この取得はその経路を使えません。',
    'evidence.network.family.ipv6-no-route': 'IPv6 専用サブネットに使える ::/0 ルートがありません: {routes}。',
    'evidence.network.family.nat64': 'IPv6 専用サブネットは DNS64 と NAT64 で IPv4 専用の名前に到達します: {routes}。',
    'evidence.network.family.ipv6':
      'IPv6 専用サブネットは {registry}（ECR のデュアルスタック名）から IPv6 で取得します: {routes}。',
    'evidence.network.family.ipv6-undocumented':
      'これらのサブネットから出られるのは IPv6 だけです（{routes}）。AWS が IPv6 での取得を文書化しているのは、IPv6 専用サブネットから ' +
      'ECR のデュアルスタック名を使う場合です。{registry} からのこの取得（レジストリ認証、シークレット、レイヤーのダウンロード）が ' +
      'ここで IPv6 を使えるかは文書化されていないため、ルートからは判断できません。デュアルスタックのイメージ名でも、Fargate ' +
      'のレジストリ認証が IPv4 専用の api.ecr.<region>.amazonaws.com に向かうという報告があります（aws/containers-roadmap#2287、#2792）。',
    'evidence.network.family.dual-stack-name':
      '{registry} は ECR のデュアルスタック名で、VPC エンドポイントはこの名前を扱いません。AWS PrivateLink が扱うのは従来の名前' +
      '（{classic}）だけなので、エンドポイントが役立つのはイメージをその名前に変えてからです。',
    'evidence.network.family.ipv4-only-endpoints':
      'エンドポイント {endpoints} には IPv6 アドレスも AAAA レコードもないため、IPv6 専用のタスクサブネット {subnets} ' +
      'からは使えません。サブネットがデュアルスタックのエンドポイントはそれぞれその場で変更できます: aws ec2 modify-vpc-endpoint ' +
      '--vpc-endpoint-id <ENDPOINT_ID> --ip-address-type dualstack --dns-options DnsRecordIpType=dualstack.',
  },
);

const withNote = (v: NetworkView, note: SubnetPath['note']) => v.paths.filter((p) => p.note === note);

/**
 * Adds what the families decided. `result`: the evidence result of the no-route sentences (proven or info);
 * `open`: that of the working IPv6 and NAT64 paths (ruled-out when they rule the cause out, else info);
 * paths undecided for want of documentation are `unknown`.
 */
export function addFamilyEvidence(
  f: Finding,
  v: NetworkView,
  ctx: CheckContext,
  result: 'proven' | 'info',
  open: 'ruled-out' | 'info' = 'info',
): Finding {
  const registry = ctx.imageRef?.registry ?? '-';
  const ipv4Name = withNote(v, 'ipv4-name');
  if (ipv4Name.length) {
    const subnets = ipv4Name.map((p) => p.subnet.id).join(', ');
    const dualRegistry = dualStackRegistryOf(ctx.imageRef);
    const key = dualRegistry ? 'evidence.network.family.ipv4-name' : 'evidence.network.family.ipv4-name.other';
    f.add(
      'address-family',
      result,
      FAMILY_TEXTS.t(key, { subnets, registry, dualRegistry: dualRegistry ?? '-', nat64: NAT64_PREFIX }),
      ipv4Name.map((p) => p.subnet.id),
    );
  }
  // Dual-stack subnets whose ::/0 route an IPv4-only name cannot use (the pull needs IPv4's way out).
  const unused = v.paths.filter(
    (p) =>
      p.stack === 'dual-stack' && p.defaultRoute === 'none' && !p.note && ipv6RouteOf(p.routeTable).kind === 'ipv6',
  );
  if (unused.length && nameFamiliesOf(ctx.imageRef) === 'ipv4')
    f.add(
      'address-family',
      'info',
      FAMILY_TEXTS.t('evidence.network.family.ipv6-unused', {
        subnets: unused.map((p) => p.subnet.id).join(', '),
        targets: [...new Set(unused.map((p) => ipv6RouteOf(p.routeTable).route!.targetId))].join(', '),
        registry,
      }),
    );
  const v6None = withNote(v, 'ipv6').filter((p) => p.defaultRoute === 'none');
  if (v6None.length)
    f.add(
      'default-route',
      result,
      FAMILY_TEXTS.t('evidence.network.family.ipv6-no-route', routes(v6None)),
      ids(v6None),
    );
  // NAT64 through a NAT gateway here; one that leaves out of sight is said by the route's own sentence.
  const nat64 = withNote(v, 'nat64').filter((p) => p.defaultRoute === 'nat');
  if (nat64.length) f.add('address-family', open, FAMILY_TEXTS.t('evidence.network.family.nat64', routes(nat64)));
  const v6 = withNote(v, 'ipv6').filter((p) => p.defaultRoute === 'ipv6');
  if (v6.length)
    f.add('address-family', open, FAMILY_TEXTS.t('evidence.network.family.ipv6', { registry, ...routes(v6) }));
  const undocumented = withNote(v, 'ipv6-undocumented');
  if (undocumented.length)
    f.add(
      'address-family',
      'unknown',
      FAMILY_TEXTS.t('evidence.network.family.ipv6-undocumented', { registry, ...routes(undocumented) }),
      ids(undocumented),
    );
  return f;
}

const ids = (paths: SubnetPath[]) => [
  ...new Set(paths.flatMap((p) => [p.subnet.id, ...(p.routeTable ? [p.routeTable.id] : [])])),
];

/**
 * ECR's dual-stack registry name (v.classicImage set): AWS PrivateLink does not carry it (ecr-requests.html), so
 * the VPC's endpoints neither explain nor fix a pull by that name.
 */
export function addDualStackName(f: Finding, v: NetworkView, ctx: CheckContext, result: 'proven' | 'info'): Finding {
  const registry = ctx.imageRef?.registry ?? '-';
  return f.add(
    'vpc-endpoints',
    result,
    FAMILY_TEXTS.t('evidence.network.family.dual-stack-name', {
      registry,
      classic: v.classicImage?.split('/')[0] ?? '-',
    }),
    [registry],
  );
}
