/** The sentences of security-group-blocks (evidence and plan, en/ja). */
import { texts } from '../module';

export const SG_TEXTS = texts(
  {
    'evidence.part.what.service-network': 'The network configuration of service {service}',
    'evidence.part.what.security-groups': 'The security groups of {vpcId}',
    'evidence.part.sg.no-egress-internet': 'egress of {groups} allows no TCP 443 to 0.0.0.0/0',
    'evidence.part.sg.no-egress-internet6': 'egress of {groups} allows no TCP 443 to ::/0 (the pull leaves over IPv6)',
    'evidence.part.sg.no-egress-endpoint': 'egress of {groups} allows no TCP 443 to endpoint {endpoint} ({service})',
    'evidence.part.sg.no-endpoint-ingress':
      'endpoint {endpoint} ({service}) security group(s) {endpointGroups} allow no TCP 443 in from the task',
    'evidence.part.sg.no-egress-s3':
      'egress of {groups} allows TCP 443 neither to 0.0.0.0/0 nor to the S3 prefix list ' +
      '{prefixLists} (ECR layers come from S3)',
    'evidence.security-group-blocks.groups-unknown':
      'The task security groups are not in the event (standalone task, or service without network configuration).',
    'evidence.security-group-blocks.groups-not-found': 'Security group(s) {groups} were not found in {vpcId}.',
    'evidence.security-group-blocks.blocked': '{problems}.',
    'evidence.security-group-blocks.allowed':
      'Security groups {groups} allow TCP 443 egress to the paths the pull uses.',
    'evidence.security-group-blocks.allowed.endpoints':
      'Security groups {groups} allow TCP 443 egress to the paths the pull uses, and the endpoint groups allow it in.',
    'plan.security-group-blocks.s3-prefix-list': 'Look up the S3 prefix list of {region} (image layers come from S3).',
    'plan.security-group-blocks.egress':
      'Allow outbound HTTPS (TCP 443) from security group {groupId}: to anywhere, or to the VPC ' +
      'and the S3 prefix list when only endpoints are used.',
    'plan.security-group-blocks.endpoint-ingress':
      "If {groupId} is an endpoint's security group: allow inbound HTTPS (TCP 443) from {cidrs}.",
    'plan.risk.security-group':
      'Risk: low; the rules only open outbound HTTPS (and HTTPS to endpoints from inside the VPC).',
  },
  {
    'evidence.part.what.service-network': 'サービス {service} のネットワーク設定',
    'evidence.part.what.security-groups': '{vpcId} のセキュリティグループ',
    'evidence.part.sg.no-egress-internet':
      '{groups} のアウトバウンドルールが 0.0.0.0/0 への TCP 443 を許可していません',
    'evidence.part.sg.no-egress-internet6':
      '{groups} のアウトバウンドルールが ::/0 への TCP 443 を許可していません（この取得は IPv6 で出ていきます）',
    'evidence.part.sg.no-egress-endpoint':
      '{groups} のアウトバウンドルールがエンドポイント {endpoint}（{service}）への TCP 443 を許可していません',
    'evidence.part.sg.no-endpoint-ingress':
      'エンドポイント {endpoint}（{service}）のセキュリティグループ {endpointGroups} がタスクからの TCP 443 のインバウンドを許可していません',
    'evidence.part.sg.no-egress-s3':
      '{groups} のアウトバウンドルールが 0.0.0.0/0 にも S3 プレフィックスリスト {prefixLists} にも TCP 443 を許可していません（ECR のレイヤーは S3 から取得されます）',
    'evidence.security-group-blocks.groups-unknown':
      'タスクのセキュリティグループがイベントに含まれていません（単独で実行したタスク、またはネットワーク設定のないサービス）。',
    'evidence.security-group-blocks.groups-not-found':
      'セキュリティグループ {groups} が {vpcId} に見つかりませんでした。',
    'evidence.security-group-blocks.blocked': '{problems}。',
    'evidence.security-group-blocks.allowed':
      'セキュリティグループ {groups} は、プルが使う経路への TCP 443 のアウトバウンドを許可しています。',
    'evidence.security-group-blocks.allowed.endpoints':
      'セキュリティグループ {groups} は、プルが使う経路への TCP 443 のアウトバウンドを許可しており、エンドポイントのセキュリティグループもインバウンドを許可しています。',
    'plan.security-group-blocks.s3-prefix-list':
      '{region} の S3 プレフィックスリストを確認します（イメージのレイヤーは S3 から取得されます）。',
    'plan.security-group-blocks.egress':
      'セキュリティグループ {groupId} から外向きの HTTPS（TCP 443）を許可してください。宛先はすべて、またはエンドポイントのみを使う場合は VPC と S3 プレフィックスリストです。',
    'plan.security-group-blocks.endpoint-ingress':
      '{groupId} がエンドポイントのセキュリティグループであれば、{cidrs} からの内向き HTTPS（TCP 443）を許可してください。',
    'plan.risk.security-group':
      'リスク: 低。ルールは外向きの HTTPS（と VPC 内からエンドポイントへの HTTPS）を開くだけです。',
  },
);
