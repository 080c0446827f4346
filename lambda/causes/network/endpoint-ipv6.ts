/**
 * The address-family parts of the endpoint plan (endpoint-plan.ts, issue 20). IPv6-only task subnets: IPv4
 * interface endpoints cannot serve them, and ECR does not carry PrivateLink traffic over its dual-stack names
 * (ecr-requests.html), so nothing is created automatically; what AWS documents for them is proposed instead —
 * ECR's dual-stack image name with a ::/0 route to an egress-only internet gateway (ECS "Using a VPC in
 * IPv6-only mode"), or DNS64 with a NAT64 route. Dual-stack endpoint subnets: new interface endpoints are
 * requested dual-stack (A and AAAA records) with HTTPS allowed from the VPC's IPv6 CIDRs too; apply falls back
 * to IPv4 where the Region's endpoint service does not offer IPv6 (DescribeVpcEndpointServices).
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { manual, newRevisionStep, regionFlag, sh } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { texts } from '../module';
import { NAT64_PREFIX } from './families';

export const IPV6_PLAN_TEXTS = texts(
  {
    'plan.refusal.ipv6-only':
      'Not applied automatically: subnet(s) {subnets} are IPv6-only. IPv4 interface endpoints cannot serve ' +
      'them, and ECR does not carry PrivateLink traffic over its dual-stack names; the steps below are what ' +
      'AWS documents for IPv6-only tasks.',
    'plan.ipv6.dual-stack-image':
      'Pull through ECR’s dual-stack name: register a task definition revision whose container {container} ' +
      'uses {dualImage} instead of {image} (same repository, tag and digest; the classic name has IPv4 ' +
      'addresses only).',
    'plan.ipv6.egress-only-route':
      'Give IPv6-only subnet(s) {subnets} a way out over IPv6: an egress-only internet gateway in {vpcId} (free; or ' +
      'reuse one the VPC has: aws ec2 describe-egress-only-internet-gateways) and a ::/0 route to it on ' +
      'route table(s) {routeTables}.',
    'plan.ipv6.dns64-nat64':
      'Alternative that keeps IPv4-only names (the classic ECR name, other registries, Secrets Manager): turn ' +
      'DNS64 on for subnet(s) {subnets} and route {nat64} to a NAT gateway in a dual-stack public subnet of ' +
      '{vpcId} (about USD 0.045 per hour plus USD 0.045 per GB processed; its existing ones: aws ec2 ' +
      'describe-nat-gateways --filter Name=vpc-id,Values={vpcId}).',
    'plan.endpoints.create-interface.dualstack':
      'Create the interface endpoint {serviceName} with private DNS in subnets {subnets} (one per Availability ' +
      'Zone), dual-stack (A and AAAA records) like the subnets; where the Region’s endpoint service offers no ' +
      'IPv6, it is created IPv4-only.',
    'plan.endpoints.allow-https.dualstack':
      'Allow HTTPS (TCP 443) to the endpoints from the VPC ({cidrs}; IPv6 {ipv6Cidrs}).',
    'plan.refusal.dual-stack-name':
      'Not applied automatically: the image uses ECR’s dual-stack name {registry}, which VPC endpoints do not ' +
      'serve. Endpoints help subnet(s) {subnets} only together with the classic name (first step); or give those ' +
      'subnets a route out (a NAT gateway: see the alternative).',
    'plan.dual-stack-name.classic-image':
      'Pull through ECR’s classic name, which VPC endpoints serve: register a task definition revision whose ' +
      'container {container} uses {classicImage} instead of {image} (same repository, tag and digest).',
  },
  {
    'plan.refusal.ipv6-only':
      '自動では適用しません: サブネット {subnets} は IPv6 専用です。IPv4 のインターフェイスエンドポイントはこれらに使えず、ECR ' +
      'はデュアルスタック名での PrivateLink 通信に対応していません。以下は AWS が IPv6 専用のタスクに案内している手順です。',
    'plan.ipv6.dual-stack-image':
      'ECR のデュアルスタック名で取得します: コンテナ {container} のイメージを {image} から {dualImage} ' +
      'に変えたタスク定義のリビジョンを登録します（リポジトリ、タグ、ダイジェストは同じです。従来の名前は IPv4 アドレスしか持ちません）。',
    'plan.ipv6.egress-only-route':
      'IPv6 専用サブネット {subnets} に IPv6 の出口を用意します: {vpcId} に Egress-Only インターネットゲートウェイ（無料。VPC に既にあれば再利用: ' +
      'aws ec2 describe-egress-only-internet-gateways）を作り、ルートテーブル {routeTables} に ::/0 のルートを追加します。',
    'plan.ipv6.dns64-nat64':
      'IPv4 専用の名前（従来の ECR 名、他のレジストリ、Secrets Manager）を使い続ける代替案: サブネット {subnets} で DNS64 ' +
      'を有効にし、{nat64} を {vpcId} のデュアルスタックのパブリックサブネットにある NAT ゲートウェイへルーティングします（約 0.045 USD/時間と 1 GB ' +
      'あたり 0.045 USD。既存のもの: aws ec2 describe-nat-gateways --filter Name=vpc-id,Values={vpcId}）。',
    'plan.endpoints.create-interface.dualstack':
      'インターフェイスエンドポイント {serviceName} をプライベート DNS 有効でサブネット {subnets}（アベイラビリティーゾーンごとに 1 ' +
      'つ）に、サブネットと同じデュアルスタック（A と AAAA レコード）で作成します。リージョンのエンドポイントサービスが IPv6 ' +
      'に対応していなければ IPv4 のみで作成します。',
    'plan.endpoints.allow-https.dualstack':
      'VPC（{cidrs}、IPv6 {ipv6Cidrs}）からエンドポイントへの HTTPS（TCP 443）を許可します。',
    'plan.refusal.dual-stack-name':
      '自動では適用しません: イメージは ECR のデュアルスタック名 {registry} を使っており、VPC エンドポイントはこの名前を扱いません。' +
      'サブネット {subnets} でエンドポイントが役立つのは従来の名前に変えた場合だけです（最初の手順）。またはそれらのサブネットに外への経路' +
      '（NAT ゲートウェイ: 代替案を参照）を用意してください。',
    'plan.dual-stack-name.classic-image':
      'VPC エンドポイントが扱う ECR の従来の名前で取得します: コンテナ {container} のイメージを {image} から {classicImage} ' +
      'に変えたタスク定義のリビジョンを登録します（リポジトリ、タグ、ダイジェストは同じです）。',
  },
);

/** The VPC's IPv6 CIDRs when new interface endpoints are to be dual-stack (every endpoint subnet is), else
 * undefined. */
export function dualStackEndpointCidrs(d: Diagnosis): string[] | undefined {
  const af = d.fixInputs.addressFamily;
  return af?.endpointsDualStack && af.vpcIpv6Cidrs?.length ? af.vpcIpv6Cidrs : undefined;
}

/** The create-vpc-endpoint flags of a dual-stack interface endpoint (the params carry the same values). */
export const DUALSTACK_FLAGS = ' --ip-address-type dualstack --dns-options DnsRecordIpType=dualstack';

export function ipv6OnlyRefusal(d: Diagnosis): Plan['refusal'] {
  const subnets = d.fixInputs.addressFamily?.ipv6OnlySubnets;
  if (!subnets?.length) return undefined;
  return { textKey: IPV6_PLAN_TEXTS.key('plan.refusal.ipv6-only'), textArgs: { subnets: subnets.join(', ') } };
}

/** The proposal for IPv6-only task subnets: the dual-stack image, a ::/0 route, or DNS64 with NAT64. */
export function ipv6OnlySteps(d: Diagnosis): PlanStep[] {
  const af = d.fixInputs.addressFamily;
  const subnets = af?.ipv6OnlySubnets ?? [];
  if (!af || subnets.length === 0) return [];
  const r = d.resources;
  const rf = regionFlag(d);
  const vpcId = r.vpcId ?? '<VPC_ID>';
  const steps: PlanStep[] = [];
  if (af.dualStackImage)
    steps.push(imageStep(d, 'use-dual-stack-image', af.dualStackImage, 'plan.ipv6.dual-stack-image', 'dualImage'));
  const tables = af.routeTablesWithoutIpv6Route ?? [];
  if (tables.length) {
    steps.push(
      manual('add-ipv6-egress-route', IPV6_PLAN_TEXTS.key('plan.ipv6.egress-only-route'), {
        action: 'ec2:CreateRoute',
        resource: vpcId,
        command:
          `EIGW_ID=$(aws ec2 create-egress-only-internet-gateway${rf} --vpc-id ${sh(vpcId)} ` +
          `--query EgressOnlyInternetGateway.EgressOnlyInternetGatewayId --output text)\n` +
          tables
            .map(
              (rt) =>
                `aws ec2 create-route${rf} --route-table-id ${sh(rt)} --destination-ipv6-cidr-block ::/0 ` +
                `--egress-only-internet-gateway-id "$EIGW_ID"`,
            )
            .join('\n'),
        textArgs: { vpcId, subnets: subnets.join(', '), routeTables: tables.join(', ') },
      }),
    );
  }
  const routeTables = af.ipv6OnlyRouteTables ?? [];
  steps.push(
    manual('or-dns64-nat64', IPV6_PLAN_TEXTS.key('plan.ipv6.dns64-nat64'), {
      action: 'ec2:ModifySubnetAttribute',
      resource: vpcId,
      command: [
        ...subnets.map((s) => `aws ec2 modify-subnet-attribute${rf} --subnet-id ${sh(s)} --enable-dns64`),
        ...(routeTables.length ? routeTables : ['<ROUTE_TABLE_ID>']).map(
          (rt) =>
            `aws ec2 create-route${rf} --route-table-id ${sh(rt)} --destination-ipv6-cidr-block ${NAT64_PREFIX} ` +
            `--nat-gateway-id <NAT_GATEWAY_ID>`,
        ),
      ].join('\n'),
      textArgs: { subnets: subnets.join(', '), nat64: NAT64_PREFIX, vpcId },
    }),
  );
  return steps;
}

/** A pull by ECR's dual-stack name: endpoints are proposed only with the switch to the classic name. */
export function dualStackNameRefusal(d: Diagnosis): Plan['refusal'] {
  const classic = d.fixInputs.classicImage;
  if (!classic) return undefined;
  return {
    textKey: IPV6_PLAN_TEXTS.key('plan.refusal.dual-stack-name'),
    textArgs: {
      registry: (d.resources.image ?? '-').split('/')[0]!,
      subnets: d.resources.subnetIds.join(', ') || '<SUBNET_ID>',
    },
  };
}

/** The task definition revision that pulls by the classic name (the first step with a dual-stack name). */
export function classicImageSteps(d: Diagnosis): PlanStep[] {
  const classic = d.fixInputs.classicImage;
  return classic
    ? [imageStep(d, 'use-classic-image', classic, 'plan.dual-stack-name.classic-image', 'classicImage')]
    : [];
}

/** A task definition revision whose failing container pulls `image` (the same image under another ECR name). */
function imageStep(
  d: Diagnosis,
  id: string,
  image: string,
  key: 'plan.ipv6.dual-stack-image' | 'plan.dual-stack-name.classic-image',
  arg: 'dualImage' | 'classicImage',
): PlanStep {
  const container = d.resources.container ?? '<CONTAINER>';
  return {
    ...newRevisionStep(d, id, `set the image of container ${container} to ${image}`),
    textKey: IPV6_PLAN_TEXTS.key(key),
    textArgs: { container, image: d.resources.image ?? '-', [arg]: image },
  };
}
