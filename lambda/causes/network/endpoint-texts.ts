/**
 * The sentences of the endpoint plan (endpoint-plan.ts) that network-no-route and vpc-endpoint-missing share:
 * its steps, refusals, cost and risk.
 */
import { texts } from '../module';

export const ENDPOINT_TEXTS = texts(
  {
    'plan.endpoints.check-central':
      'The way from {vpcId} to ECR and S3 goes through {targets}, which this tool cannot follow. ' +
      'Check the routes and the private hosted zones and Resolver rules of {vpcId}, then the ' +
      'central or inspection VPC they lead to: its ECR (ecr.api, ecr.dkr) and S3 endpoints, ' +
      'their endpoint policies and security groups, and its routes back. Create local endpoints ' +
      'only if no central ones are meant to serve this VPC.',
    'plan.endpoints.create-security-group':
      'Create security group {groupName} in {vpcId} for the endpoints (reused when it already exists).',
    'plan.endpoints.allow-https': 'Allow HTTPS (TCP 443) to the endpoints from the VPC ({cidrs}).',
    'plan.endpoints.create-interface':
      'Create the interface endpoint {serviceName} with private DNS in subnets {subnets} (one per Availability Zone).',
    'plan.endpoints.create-s3-gateway':
      'Create the S3 gateway endpoint {serviceName} on route tables {routeTables} (image layers ' +
      'are downloaded from S3; free of charge).',
    'plan.endpoints.create-s3-gateway.account':
      'Create the S3 gateway endpoint {serviceName} on route tables {routeTables} (image layers ' +
      'are downloaded from S3; free of charge), with a policy that allows principals of account ' +
      "{account}, and anyone reading ECR's layer bucket {layerBucket}: ECR presigns the layer " +
      'downloads with its own credentials, so they carry no principal of this account. Through ' +
      'it, anonymous requests and requests of other accounts (public buckets, package mirrors) ' +
      'fail from these route tables; it is only put on route tables that have no NAT or internet ' +
      'route.',
    'plan.endpoints.create-s3-gateway.ecr-only':
      'Create the S3 gateway endpoint {serviceName} on route tables {routeTables} (free of ' +
      "charge), with a policy that allows nothing but reading ECR's layer bucket {layerBucket} " +
      '(EndpointPolicy=ecr-only). Warning: every other S3 request from the subnets using these ' +
      'route tables then fails — your own buckets, package repositories, agents and AWS services ' +
      'that download from S3.',
    'plan.endpoints.extend-interface':
      'Extend interface endpoint {endpointId} ({serviceName}, created by ecs-pull-doctor) to ' +
      'subnet(s) {subnets}, so that it also serves Availability Zone(s) {azs} of the service ' +
      '(one subnet per AZ; each AZ is charged per hour).',
    'plan.endpoints.extend-foreign-interface':
      'Interface endpoint {endpointId} ({serviceName}) serves no subnet in Availability Zone(s) ' +
      '{azs} of the service. It was not created by ecs-pull-doctor (no ' +
      'ecs-pull-doctor:created-by tag), so it is never changed automatically. If the tasks there ' +
      'should reach it in their own AZ, add one subnet per missing AZ ({subnets}) yourself, ' +
      'after checking that it has none there yet (each AZ is charged per hour).',
    'plan.endpoints.list-service-names':
      'List the exact endpoint service names of this Region (in China Regions some start with ' +
      'cn.com.amazonaws) and use them in the commands below.',
    'plan.network-no-route.nat-alternative':
      'Alternative: a NAT gateway in a public subnet and a default route to it (replace ' +
      '<PUBLIC_SUBNET_ID>). Costs about USD 0.045 per hour (≈ 33 per month) plus USD 0.045 per ' +
      'GB processed, per NAT gateway.',
    'plan.refusal.instance-network':
      "The task pulls through its container instance's network (bridge/host): the endpoints for {vpcId} " +
      'are proposed, not created automatically.',
    'plan.refusal.vpc-unknown':
      'Not applied automatically: the VPC of task {task} (cluster {cluster}) is not known. Find ' +
      'it with the first step.',
    'plan.refusal.china-region':
      'Not applied automatically: in {region} the endpoint service names differ per service ' +
      '(some start with cn.com.amazonaws); check them with the listed command before creating ' +
      'endpoints.',
    'plan.refusal.region-unknown': 'Not applied automatically: the Region is not known.',
    'plan.refusal.network-undecidable':
      'Not applied automatically: the way from VPC {vpcId} to ECR and S3 leaves what this tool ' +
      'can see ({targets}: a route to a transit gateway, firewall endpoint, peering connection ' +
      'or VPN gateway, or a private hosted zone for the ECR/S3 names). Endpoints created here ' +
      'could conflict with central ones (a private hosted zone for the same names keeps an ' +
      'endpoint from using private DNS). Check the central or inspection VPC — its ECR and S3 ' +
      'endpoints and its routes back — and the Route 53 Resolver rules and private hosted zones ' +
      'of {vpcId} first.',
    'plan.refusal.vpc-dns-disabled':
      'Not applied automatically: DNS is off in VPC {vpcId} (enableDnsSupport={dnsSupport}, ' +
      'enableDnsHostnames={dnsHostnames}); endpoints with private DNS would not work. Turn it on ' +
      'first.',
    'plan.refusal.vpc-custom-dns':
      'Not applied automatically: VPC {vpcId} uses custom DNS servers, so endpoint private DNS names may not resolve.',
    'plan.refusal.vpc-dns-unknown': 'Not applied automatically: the DNS settings of VPC {vpcId} could not be checked.',
    'plan.refusal.nothing-missing': 'Not applied automatically: no missing endpoint was identified in VPC {vpcId}.',
    'plan.refusal.endpoint-subnets-unknown':
      'Not applied automatically: the subnets (one per Availability Zone) for the endpoints in {vpcId} are not known.',
    'plan.refusal.vpc-cidr-unknown':
      'Not applied automatically: the CIDR of VPC {vpcId} is not known, so the endpoint security ' +
      'group rule cannot be written.',
    'plan.refusal.route-tables-unknown':
      'Not applied automatically: the route tables for the S3 gateway endpoint in {vpcId} are not known.',
    'plan.cost.interface-endpoints':
      'Cost: {endpoints} interface endpoint(s) × {azs} Availability Zone(s) ≈ USD {monthlyUsd} ' +
      'per month (USD 0.01 per endpoint per AZ-hour in most Regions) plus USD 0.01 per GB ' +
      'processed. A NAT gateway instead costs about USD 0.045 per hour plus USD 0.045 per GB.',
    'plan.cost.interface-endpoints-extended':
      'Cost: {endpoints} new interface endpoint(s) × {azs} Availability Zone(s), plus {extraAzs} ' +
      'Availability Zone(s) added to existing endpoints ≈ USD {monthlyUsd} per month (USD 0.01 ' +
      'per endpoint per AZ-hour in most Regions) plus USD 0.01 per GB processed.',
    'plan.cost.gateway-endpoint-free': 'Cost: the S3 gateway endpoint is free.',
    'plan.risk.endpoints.account':
      'Risk: private DNS is VPC-wide. Once the interface endpoints exist, every resource in ' +
      '{vpcId}, not only this service, resolves {services} to them and reaches those services ' +
      'through them. Endpoint policy "account" (EndpointPolicy): only principals of account ' +
      "{account} may use the endpoints, so a request signed with another account's credentials " +
      'fails through them.',
    'plan.risk.endpoints.ecr-only':
      'Risk: private DNS is VPC-wide. Once the interface endpoints exist, every resource in ' +
      '{vpcId}, not only this service, resolves {services} to them and reaches those services ' +
      'through them. Endpoint policy "ecr-only" (EndpointPolicy): only principals of account ' +
      '{account} may use the interface endpoints, and an S3 gateway this plan creates reaches ' +
      "nothing but ECR's layer bucket: every other S3 request from its route tables fails (see " +
      'its step).',
    'plan.risk.endpoints.full':
      'Risk: private DNS is VPC-wide. Once the interface endpoints exist, every resource in ' +
      '{vpcId}, not only this service, resolves {services} to them and reaches those services ' +
      'through them. Endpoint policy "full" (EndpointPolicy): the AWS default, which lets every ' +
      "request through, also those signed with other accounts' credentials.",
    'plan.risk.s3-gateway':
      'Risk: the S3 gateway changes how every subnet associated with route tables {routeTables} ' +
      "reaches S3, not only this service's (open S3 connections may be interrupted briefly). " +
      'Endpoint policy "{policy}" (EndpointPolicy): see the step.',
  },
  {
    'plan.endpoints.check-central':
      '{vpcId} から ECR と S3 への経路は {targets} を経由しており、このツールでは追跡できません。{vpcId} ' +
      'のルート、プライベートホストゾーン、Resolver ルールを確認し、その先の中央 (または検査用) VPC について、ECR (ecr.api、ecr.dkr) と S3 ' +
      'のエンドポイント、そのエンドポイントポリシーとセキュリティグループ、戻りのルートを確認してください。ローカルにエンドポイントを作成するのは、中央のエンドポイントがこの VPC ' +
      'を対象としていない場合だけにしてください。',
    'plan.endpoints.create-security-group':
      'エンドポイント用のセキュリティグループ {groupName} を {vpcId} に作成します（既にあれば再利用します）。',
    'plan.endpoints.allow-https': 'VPC（{cidrs}）からエンドポイントへの HTTPS（TCP 443）を許可します。',
    'plan.endpoints.create-interface':
      'インターフェイスエンドポイント {serviceName} をプライベート DNS 有効でサブネット {subnets}（アベイラビリティーゾーンごとに 1 つ）に作成します。',
    'plan.endpoints.create-s3-gateway':
      'S3 ゲートウェイエンドポイント {serviceName} をルートテーブル {routeTables} に作成します（イメージのレイヤーは S3 から取得されます。無料です）。',
    'plan.endpoints.create-s3-gateway.account':
      'S3 ゲートウェイエンドポイント {serviceName} をルートテーブル {routeTables} に作成します（イメージのレイヤーは S3 ' +
      'から取得されます。無料です）。ポリシーはアカウント {account} のプリンシパルと、ECR のレイヤーバケット {layerBucket} ' +
      'の読み取り（誰でも）を許可します。ECR はレイヤーのダウンロード URL ' +
      'を自身の認証情報で署名するため、そのリクエストにはこのアカウントのプリンシパルが含まれません。このエンドポイント経由では、匿名のリクエストや他アカウントのリクエスト ' +
      '(公開バケット、パッケージミラーなど) はこれらのルートテーブルから失敗します。そのため、NAT やインターネットへのルートを持たないルートテーブルにのみ追加します。',
    'plan.endpoints.create-s3-gateway.ecr-only':
      'S3 ゲートウェイエンドポイント {serviceName} をルートテーブル {routeTables} に作成します（無料です）。ポリシーは ECR のレイヤーバケット ' +
      '{layerBucket} の読み取りだけを許可します（EndpointPolicy=ecr-only）。警告: これらのルートテーブルを使うサブネットからの、それ以外の S3 ' +
      'リクエストはすべて失敗します（自分のバケット、パッケージリポジトリ、S3 からダウンロードするエージェントや AWS サービスなど）。',
    'plan.endpoints.extend-interface':
      'ecs-pull-doctor が作成したインターフェイスエンドポイント {endpointId}（{serviceName}）をサブネット {subnets} ' +
      'に広げ、サービスのアベイラビリティーゾーン {azs} でも使えるようにします（AZ ごとに 1 サブネット。AZ ごとに時間単位で課金されます）。',
    'plan.endpoints.extend-foreign-interface':
      'インターフェイスエンドポイント {endpointId}（{serviceName}）は、サービスのアベイラビリティーゾーン {azs} ' +
      'のサブネットに配置されていません。ecs-pull-doctor が作成したものではない（ecs-pull-doctor:created-by ' +
      'タグがない）ため、自動では変更しません。その AZ のタスクが同じ AZ 内で接続すべき場合は、その AZ にまだサブネットがないことを確認したうえで、足りない AZ ごとに 1 ' +
      'つのサブネット（{subnets}）をご自身で追加してください（AZ ごとに時間単位で課金されます）。',
    'plan.endpoints.list-service-names':
      'このリージョンのエンドポイントサービス名を正確に確認し（中国リージョンでは cn.com.amazonaws で始まるものがあります）、以下のコマンドで使ってください。',
    'plan.network-no-route.nat-alternative':
      '代替案: パブリックサブネットに NAT ゲートウェイを置き、デフォルトルートを向けます（<PUBLIC_SUBNET_ID> を置き換えてください）。NAT ゲートウェイ 1 ' +
      'つあたり約 0.045 USD/時間（月約 33 USD）と、処理データ 1 GB あたり 0.045 USD がかかります。',
    'plan.refusal.instance-network':
      'タスクはコンテナインスタンスのネットワーク(bridge/host)を通じてプルするため、{vpcId} のエンドポイントは提案のみとし、自動では作成しません。',
    'plan.refusal.vpc-unknown':
      '自動では適用しません: タスク {task}（クラスター {cluster}）の VPC が不明です。最初の手順で確認してください。',
    'plan.refusal.china-region':
      '自動では適用しません: {region} ではエンドポイントのサービス名がサービスごとに異なります（cn.com.amazonaws で始まるものがあります）。作成前に記載のコマンドで確認してください。',
    'plan.refusal.region-unknown': '自動では適用しません: リージョンが不明です。',
    'plan.refusal.network-undecidable':
      '自動では適用しません: VPC {vpcId} から ECR と S3 への経路は、このツールから見えない先へ出ています（{targets}: ' +
      'トランジットゲートウェイ、ファイアウォールエンドポイント、ピアリング接続または VPN ゲートウェイへのルート、あるいは ECR／S3 ' +
      'の名前のプライベートホストゾーン）。ここで作成するエンドポイントは集約エンドポイントと競合するおそれがあります（同じ名前のプライベートホストゾーンがあると、エンドポイントはプライベート ' +
      'DNS を使えません）。先に集約／検査用 VPC の ECR と S3 のエンドポイントと戻りのルート、{vpcId} の Route 53 Resolver ' +
      'ルールとプライベートホストゾーンを確認してください。',
    'plan.refusal.vpc-dns-disabled':
      '自動では適用しません: VPC {vpcId} の DNS ' +
      'が無効です（enableDnsSupport={dnsSupport}、enableDnsHostnames={dnsHostnames}）。プライベート DNS ' +
      'のエンドポイントが機能しないため、先に有効にしてください。',
    'plan.refusal.vpc-custom-dns':
      '自動では適用しません: VPC {vpcId} は独自の DNS サーバーを使っているため、エンドポイントのプライベート DNS 名が解決されない可能性があります。',
    'plan.refusal.vpc-dns-unknown': '自動では適用しません: VPC {vpcId} の DNS 設定を確認できませんでした。',
    'plan.refusal.nothing-missing':
      '自動では適用しません: VPC {vpcId} で不足しているエンドポイントを特定できませんでした。',
    'plan.refusal.endpoint-subnets-unknown':
      '自動では適用しません: {vpcId} でエンドポイントを置くサブネット（アベイラビリティーゾーンごとに 1 つ）が不明です。',
    'plan.refusal.vpc-cidr-unknown':
      '自動では適用しません: VPC {vpcId} の CIDR が不明なため、エンドポイント用セキュリティグループのルールを作れません。',
    'plan.refusal.route-tables-unknown':
      '自動では適用しません: {vpcId} で S3 ゲートウェイエンドポイントを関連付けるルートテーブルが不明です。',
    'plan.cost.interface-endpoints':
      'コスト: インターフェイスエンドポイント {endpoints} 個 × アベイラビリティーゾーン {azs} 個で月約 {monthlyUsd} ' +
      'USD（多くのリージョンでエンドポイント 1 つ・AZ 1 つあたり 0.01 USD/時間）と、処理データ 1 GB あたり 0.01 USD。NAT ゲートウェイの場合は約 ' +
      '0.045 USD/時間と 1 GB あたり 0.045 USD です。',
    'plan.cost.interface-endpoints-extended':
      'コスト: 新しいインターフェイスエンドポイント {endpoints} 個 × アベイラビリティーゾーン {azs} 個と、既存のエンドポイントに追加するアベイラビリティーゾーン ' +
      '{extraAzs} 個で月約 {monthlyUsd} USD（多くのリージョンでエンドポイント 1 つ・AZ 1 つあたり 0.01 USD/時間）と、処理データ 1 GB ' +
      'あたり 0.01 USD。',
    'plan.cost.gateway-endpoint-free': 'コスト: S3 ゲートウェイエンドポイントは無料です。',
    'plan.risk.endpoints.account':
      'リスク: プライベート DNS は VPC 全体に効きます。インターフェイスエンドポイントを作成すると、このサービスだけでなく {vpcId} 内のすべてのリソースが ' +
      '{services} の名前をエンドポイントに解決し、エンドポイント経由で接続します。エンドポイントポリシー「account」（EndpointPolicy）: アカウント ' +
      '{account} のプリンシパルだけがエンドポイントを使えるため、他のアカウントの認証情報で署名されたリクエストはエンドポイント経由では失敗します。',
    'plan.risk.endpoints.ecr-only':
      'リスク: プライベート DNS は VPC 全体に効きます。インターフェイスエンドポイントを作成すると、このサービスだけでなく {vpcId} 内のすべてのリソースが ' +
      '{services} の名前をエンドポイントに解決し、エンドポイント経由で接続します。エンドポイントポリシー「ecr-only」（EndpointPolicy）: ' +
      'インターフェイスエンドポイントはアカウント {account} のプリンシパルだけが使え、この計画で作成する S3 ゲートウェイは ECR ' +
      'のレイヤーバケットにしか到達できません。そのルートテーブルからの他の S3 リクエストはすべて失敗します（その手順を参照）。',
    'plan.risk.endpoints.full':
      'リスク: プライベート DNS は VPC 全体に効きます。インターフェイスエンドポイントを作成すると、このサービスだけでなく {vpcId} 内のすべてのリソースが ' +
      '{services} の名前をエンドポイントに解決し、エンドポイント経由で接続します。エンドポイントポリシー「full」（EndpointPolicy）: AWS ' +
      'の既定ポリシーで、他のアカウントの認証情報で署名されたものも含め、すべてのリクエストを通します。',
    'plan.risk.s3-gateway':
      'リスク: S3 ゲートウェイは、このサービスだけでなく、ルートテーブル {routeTables} に関連付けられたすべてのサブネットの S3 への経路を変えます（開いている ' +
      'S3 接続が一時的に切れることがあります）。エンドポイントポリシー「{policy}」（EndpointPolicy）: 手順を参照してください。',
  },
);
