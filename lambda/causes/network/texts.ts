/**
 * The network family's shared sentences: the preamble every network check starts with (instance network,
 * subnets and route tables), the routes and private hosted zones several causes name, and the VPC DNS steps
 * both the endpoint plan and vpc-dns-disabled propose.
 */
import { texts } from '../module';

export const NETWORK_TEXTS = texts(
  {
    'evidence.part.what.subnets': 'Subnets {subnets}',
    'evidence.part.what.route-tables': 'The route tables of subnets {subnets}',
    'evidence.part.what.private-hosted-zones': 'The private hosted zones of VPC {vpcId}',
    'evidence.part.route': '{subnet} (route table {routeTable}: default route {destination} → {target})',
    'evidence.part.route.blackhole':
      '{subnet} (route table {routeTable}: default route {destination} → {target} [blackhole])',
    'evidence.part.route.absent': '{subnet} (route table {routeTable}: default route absent)',
    'evidence.part.route.no-table': '{subnet} (route table none: default route absent)',
    'evidence.part.route.other': '{subnet} (route table {routeTable}: route {destination} → {target})',
    'evidence.part.zone': '{name} ({id}, account {account})',
    'evidence.part.what.instance-network': 'The network of container instance {instance}',
    'evidence.network.instance-network':
      "The task uses the container instance's network ({mode}): it pulls through EC2 instance {instance} in " +
      'subnet {subnet} (security groups {groups}; public IP {publicIp}).',
    'evidence.network.instance-network.no-instance':
      "The task uses the container instance's network ({mode}), and that instance's subnet is not known.",
    'evidence.network.subnets-unknown':
      'The task subnets are not known (no ENI attachment in the event and no service network configuration).',
    'evidence.network.private-zone':
      'VPC {vpcId} answers {zones} from its own private hosted zone(s), so the pull goes where ' +
      'those records point (typically central endpoints in another VPC), which cannot be ' +
      'followed from here. Check the central VPC: its ECR (ecr.api, ecr.dkr) and S3 endpoints, ' +
      'their security groups and its routes back to subnet(s) {subnets}; and the Route 53 ' +
      'Resolver rules of VPC {vpcId}.',
    'evidence.network.private-zones-unread':
      'Without that list, central ECR/S3 endpoints reached through a private hosted zone of VPC ' +
      '{vpcId} cannot be ruled out, so this cause is likely but not proven.',
    'plan.endpoints.find-vpc':
      'The VPC or the subnets per Availability Zone are not known; find them with this command ' +
      'and replace the <PLACEHOLDERS> below.',
    'plan.vpc-dns.enable-support': 'Turn on DNS resolution (enableDnsSupport) for VPC {vpcId}.',
    'plan.vpc-dns.enable-hostnames':
      'Turn on DNS hostnames (enableDnsHostnames) for VPC {vpcId}; private DNS of interface endpoints needs both.',
    'plan.vpc-dns.custom-dns':
      'VPC {vpcId} uses its own DNS servers (DHCP options): endpoint private DNS names only ' +
      'resolve through the Amazon-provided resolver. Forward amazonaws.com queries to it, or ' +
      'switch back to the default DHCP options.',
  },
  {
    'evidence.part.what.subnets': 'サブネット {subnets}',
    'evidence.part.what.route-tables': 'サブネット {subnets} のルートテーブル',
    'evidence.part.what.private-hosted-zones': 'VPC {vpcId} のプライベートホストゾーン',
    'evidence.part.route': '{subnet}（ルートテーブル {routeTable}: デフォルトルート {destination} → {target}）',
    'evidence.part.route.blackhole':
      '{subnet}（ルートテーブル {routeTable}: デフォルトルート {destination} → {target} [ブラックホール]）',
    'evidence.part.route.absent': '{subnet}（ルートテーブル {routeTable}: デフォルトルートなし）',
    'evidence.part.route.no-table': '{subnet}（ルートテーブルなし: デフォルトルートなし）',
    'evidence.part.route.other': '{subnet}（ルートテーブル {routeTable}: ルート {destination} → {target}）',
    'evidence.part.zone': '{name}（{id}、アカウント {account}）',
    'evidence.part.what.instance-network': 'コンテナインスタンス {instance} のネットワーク',
    'evidence.network.instance-network':
      'タスクはコンテナインスタンスのネットワーク（{mode}）を使っています。サブネット {subnet} の EC2 インスタンス {instance}（セキュリティグループ {groups}、' +
      'パブリック IP {publicIp}）を通じてプルします。',
    'evidence.network.instance-network.no-instance':
      'タスクはコンテナインスタンスのネットワーク（{mode}）を使っていますが、そのインスタンスのサブネットが分かりません。',
    'evidence.network.subnets-unknown':
      'タスクのサブネットが分かりません（イベントに ENI のアタッチメントがなく、サービスのネットワーク設定もありません）。',
    'evidence.network.private-zone':
      'VPC {vpcId} は {zones} を自身のプライベートホストゾーンで名前解決しています。プルはそのレコードが指す先（多くは別の VPC ' +
      'にある集約エンドポイント）へ向かい、ここからはたどれません。集約側の VPC の ECR（ecr.api、ecr.dkr）と S3 ' +
      'のエンドポイント、そのセキュリティグループ、サブネット {subnets} への戻りのルートを確認し、VPC {vpcId} の Route 53 Resolver ' +
      'ルールも確認してください。',
    'evidence.network.private-zones-unread':
      'この一覧がないため、VPC {vpcId} のプライベートホストゾーンを通じて使われる集約 ECR／S3 エンドポイントを除外できません。この原因は可能性が高いものの、確定ではありません。',
    'plan.endpoints.find-vpc':
      'VPC またはアベイラビリティーゾーンごとのサブネットが不明です。このコマンドで確認し、以下の <プレースホルダー> を置き換えてください。',
    'plan.vpc-dns.enable-support': 'VPC {vpcId} の DNS 解決（enableDnsSupport）を有効にしてください。',
    'plan.vpc-dns.enable-hostnames':
      'VPC {vpcId} の DNS ホスト名（enableDnsHostnames）を有効にしてください。インターフェイスエンドポイントのプライベート DNS には両方が必要です。',
    'plan.vpc-dns.custom-dns':
      'VPC {vpcId} は独自の DNS サーバー（DHCP オプション）を使っています。エンドポイントのプライベート DNS 名は Amazon ' +
      '提供のリゾルバー経由でしか解決されません。amazonaws.com の問い合わせをそこへ転送するか、既定の DHCP オプションに戻してください。',
  },
);
