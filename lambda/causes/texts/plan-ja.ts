/**
 * 修復プランの textKey の日本語テキスト。plan-en.ts と同じキー集合を保つこと（テストで確認）。
 * {name} はステップの textArgs で置き換えられる。
 */
export const planTextsJa: Record<string, string> = {
  // 共通
  'plan.common.redeploy-service':
    'その後、サービス {service}（クラスター {cluster}）で新しいタスクを起動し、イメージを再取得させてください。',
  'plan.common.rerun-task':
    'その後、クラスター {cluster} でタスクを再実行してください（失敗したタスク {task} は自動では再起動しません）。',
  'plan.common.new-revision':
    'タスク定義 {family} の修正版リビジョンを登録してデプロイしてください（コマンドで定義を保存・編集・登録します）。',
  'plan.common.find-execution-role':
    'タスク定義 {taskDefinition} のタスク実行ロールを読み取れませんでした。まずこのコマンドで確認してください。',
  'plan.common.find-network':
    'タスク {task}（クラスター {cluster}）のサブネットとセキュリティグループを読み取れませんでした。まずこのコマンドで確認し、以下の <プレースホルダー> をその値に置き換えてください。',

  // 権限
  'plan.execution-role-missing.create-role':
    'タスク定義にタスク実行ロールがないため、ECS は ECR のトークンを取得できません。ECS タスクが引き受けられるロール {roleName} を作成してください（信頼ポリシーは JSON を参照）。',
  'plan.execution-role-missing.attach-policy': 'AWS 管理ポリシー {policyArn} を {roleName} にアタッチしてください。',
  'plan.execution-role-ecr-permissions.attach-policy':
    'タスク実行ロール {roleName} に ECR からのプル権限がありません。AWS 管理ポリシー {policyArn}（ECR のプルと CloudWatch Logs のみ）をアタッチしてください。',
  'plan.execution-role-ecr-permissions.inline-policy':
    '最小権限にする場合は、代わりにこのインラインポリシーを {roleName} に追加してください（ECR トークン、このリポジトリからのプルのみ、ログ）。',
  'plan.execution-role-ecr-permissions.find-deny':
    '{roleName} のプルを拒否しているものを特定してください。シミュレーション結果に該当するステートメントが表示されます。アクセス許可の境界と組織の SCP も確認してください。',
  'plan.execution-role-ecr-permissions.scp-note':
    '権限はロールのポリシードキュメントから判定しました（シミュレーションは使えませんでした）。修正後もサービスコントロールポリシー（SCP）がプルを拒否する可能性があります。',
  'plan.execution-role-ecr-permissions.review-condition':
    '{roleName} への許可の条件を確認してください（判定には {keys} が必要です）: タスクのリクエストが持つ値でシミュレーションし、許可を広げるのではなく条件かネットワーク経路を直してください。',
  'plan.repository-policy-denies.read-policy':
    'リポジトリ {repository} の現在のポリシーを確認してください。set-repository-policy はポリシー全体を置き換えるため、上書きではなくマージしてください。',
  'plan.repository-policy-denies.set-policy':
    'このステートメントをリポジトリポリシーに追加し、タスク実行ロール {principal} がリポジトリ {repository}（レジストリのアカウント {registryAccount}）からプルできるようにしてください。',
  'plan.repository-policy-denies.role-side':
    'リポジトリは別アカウントにあります。タスク実行ロール {principal} にも、自アカウント側でそのリポジトリへの ECR プル権限が必要です（ポリシーは JSON を参照）。',

  // イメージ
  'plan.image.list-recent': 'リポジトリ {repository} の最近のイメージを一覧し、どのタグが存在するか確認してください。',
  'plan.image.review-lifecycle':
    'リポジトリ {repository} にはライフサイクルポリシーがあり、イメージが期限切れで削除された可能性があります。ルールを見直してください。',
  'plan.repository-not-found.check-name':
    'リポジトリ {repository}（イメージ {image}）はこのレジストリに存在しません。一覧のリポジトリと名前・リージョンを照合してください。',
  'plan.repository-not-found.create-and-push':
    '本来存在すべきものであれば、リポジトリ {repository} を作成してイメージ {image} をプッシュしてください。',
  'plan.image-not-found.push-tag': '{image} のタグ {tag} は存在しません。ビルドパイプラインからプッシュしてください。',
  'plan.image-not-found.use-existing-tag': 'または、タスク定義 {family} で存在するタグを指定してください: {tags}。',
  'plan.stale-image-digest.redeploy':
    'タグが新しいイメージに付け替えられ、サービスのデプロイ時に解決されたダイジェストが削除されています。サービス {service}（クラスター {cluster}）を新たにデプロイしてタグを解決し直してください。',
  'plan.stale-image-digest.immutable-tags':
    'リポジトリ {repository} のタグをイミュータブルにし、デプロイ済みのタグが常に同じイメージを指すようにしてください（ビルドごとに新しいタグをプッシュ）。',
  'plan.stale-image-digest.lifecycle-advice':
    'デプロイ中のイメージを残してください。{repository} のライフサイクルポリシーで保持数（countMoreThan）を増やすか、リリース用タグのプレフィックスを期限切れの対象から外してください。',
  'plan.platform-mismatch.multi-arch-build':
    'イメージ {image} は {offered} 向けですが、タスクには {needed} が必要です。マルチアーキテクチャのイメージをビルドしてプッシュしてください。',
  'plan.platform-mismatch.runtime-platform':
    'または、イメージのアーキテクチャでタスクを実行してください。タスク定義 {family} の runtimePlatform.cpuArchitecture を {cpu} にします。',
  'plan.invalid-image-reference.fix':
    'イメージ参照「{image}」を解釈できません。タスク定義 {family} で [レジストリ/]リポジトリ[:タグ] または リポジトリ@sha256:ダイジェスト の形式で記述してください。',

  // ネットワーク: エンドポイント
  'plan.endpoints.check-central':
    '{vpcId} から ECR と S3 への経路は {targets} を経由しており、このツールでは追跡できません。{vpcId} ' +
    'のルート、プライベートホストゾーン、Resolver ルールを確認し、その先の中央 (または検査用) VPC について、ECR (ecr.api、ecr.dkr) と S3 ' +
    'のエンドポイント、そのエンドポイントポリシーとセキュリティグループ、戻りのルートを確認してください。ローカルにエンドポイントを作成するのは、中央のエンドポイントがこの VPC ' +
    'を対象としていない場合だけにしてください。',
  'plan.endpoints.find-vpc':
    'VPC またはアベイラビリティーゾーンごとのサブネットが不明です。このコマンドで確認し、以下の <プレースホルダー> を置き換えてください。',
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
  'plan.vpc-dns.enable-support': 'VPC {vpcId} の DNS 解決（enableDnsSupport）を有効にしてください。',
  'plan.vpc-dns.enable-hostnames':
    'VPC {vpcId} の DNS ホスト名（enableDnsHostnames）を有効にしてください。インターフェイスエンドポイントのプライベート DNS には両方が必要です。',
  'plan.vpc-dns.custom-dns':
    'VPC {vpcId} は独自の DNS サーバー（DHCP オプション）を使っています。エンドポイントのプライベート DNS 名は Amazon ' +
    '提供のリゾルバー経由でしか解決されません。amazonaws.com の問い合わせをそこへ転送するか、既定の DHCP オプションに戻してください。',

  // ネットワーク: その他
  'plan.public-ip-disabled.update-service':
    'サブネットはインターネットゲートウェイへルーティングされていますが、タスクにパブリック IP が割り当てられていません。サービス {service}（クラスター ' +
    '{cluster}）で assignPublicIp を有効にしてください。',
  'plan.public-ip-disabled.run-task':
    'サブネットはインターネットゲートウェイへルーティングされていますが、タスクにパブリック IP がありませんでした。クラスター {cluster} で assignPublicIp=ENABLED を指定して実行してください。',
  'plan.public-ip-disabled.alternative':
    'パブリック IP を使わない代替案: NAT ゲートウェイまたは ECR/S3 の VPC エンドポイントがあるプライベートサブネットでタスクを実行します。',
  'plan.security-group-blocks.s3-prefix-list':
    '{region} の S3 プレフィックスリストを確認します（イメージのレイヤーは S3 から取得されます）。',
  'plan.security-group-blocks.egress':
    'セキュリティグループ {groupId} から外向きの HTTPS（TCP 443）を許可してください。宛先はすべて、またはエンドポイントのみを使う場合は VPC と S3 プレフィックスリストです。',
  'plan.security-group-blocks.endpoint-ingress':
    '{groupId} がエンドポイントのセキュリティグループであれば、{cidrs} からの内向き HTTPS（TCP 443）を許可してください。',
  'plan.network-acl-blocks.find':
    'サブネット {subnets} のネットワーク ACL とそのルールを確認し、送信 TCP 443 または受信 TCP 1024-65535 ' +
    'を拒否しているルールを探してください。以下の <NETWORK_ACL_ID> はその ACL の ID に置き換えてください。',
  'plan.network-acl-blocks.allow':
    'ネットワーク ACL {aclId} で外向き TCP 443 と内向き TCP 1024-65535（応答）を許可してください。ルール番号は拒否ルールより小さい値を選んでください（<FREE_RULE_NUMBER_…>）。',
  'plan.vpc-endpoint-policy-denies.read': 'エンドポイント {endpointId} のポリシーを確認してください。',
  'plan.vpc-endpoint-policy-denies.update':
    'エンドポイント {endpointId} でプルを許可してください。{principal} の ECR アクションと ECR レイヤーバケットの読み取りです（ポリシーは JSON ' +
    'を参照。既存のステートメントとマージしてください）。',

  // レジストリ認証 / シークレット / KMS / Docker Hub
  'plan.registry-credentials.update-secret':
    'シークレット {secret} に有効なレジストリ認証情報を保存してください（<プレースホルダー> を置き換えてください）。',
  'plan.registry-credentials.create-secret':
    'レジストリ認証情報を入れた Secrets Manager のシークレットを作成してください（<SECRET_NAME> を決め、<プレースホルダー> を置き換えてください）。',
  'plan.registry-credentials.set-in-task-definition':
    'タスク定義 {family} のコンテナの repositoryCredentials でそのシークレットを参照してください。',
  'plan.registry-credentials.grant-read':
    'タスク実行ロール {roleName} にシークレットの読み取りを許可してください（カスタマーマネージドキーを使う場合は kms:Decrypt も）。',
  'plan.secret.check-secret':
    'シークレット {ref} がこのリージョンに存在し、削除予定になっていないことを確認してください。',
  'plan.secret.check-parameter': 'パラメータ {ref} がこのリージョンに存在することを確認してください。',
  'plan.secret.grant-read':
    'タスク実行ロール {roleName} に、タスクが参照するシークレットとパラメータの読み取りを許可してください。',
  'plan.secret.network-path':
    'NAT のないプライベートサブネットでは、{vpcId} に secretsmanager / ssm のインターフェイスエンドポイントも必要です。',
  'plan.kms.key-policy':
    'Secrets Manager / SSM 経由で {principal} が KMS キー {keyId} で復号できるよう、このステートメントをキーポリシーに追加してください。',
  'plan.kms.role-policy':
    'あわせて、タスク実行ロール {roleName} のポリシーでそのキーに対する kms:Decrypt を許可してください。',
  'plan.dockerhub.cache-secret':
    '代わりに Docker Hub のイメージを ECR 経由で取得します（プルスルーキャッシュ）。Docker Hub のユーザー名とアクセストークンを、名前が ' +
    'ecr-pullthroughcache/ で始まるシークレットに保存してください。',
  'plan.dockerhub.cache-rule':
    'そのシークレットの ARN を指定して Docker Hub 用のプルスルーキャッシュルールを作成してください。',
  'plan.dockerhub.use-cached-image': 'タスク定義 {family} でキャッシュされたイメージ {image} を使ってください。',
  'plan.dockerhub.authenticated-pulls':
    'または、コンテナに Docker Hub アカウントの repositoryCredentials を追加して認証付きでプルしてください（認証済みのプルは上限が高くなります）。',

  // ホスト

  // 自動修復を行わない理由
  'plan.refusal.task-not-confirmed':
    '自動では適用しません: クラスター {cluster} のタスク {task} を、イベントの内容どおりにアカウントで確認できませんでした ' +
    '(ecs:DescribeTasks、根拠を参照)。修正はアカウント自身が示すタスクに対してのみ行います。',
  'plan.refusal.role-unknown':
    '自動では適用しません: タスク定義 {taskDefinition} のタスク実行ロールが不明です。最初の手順で確認してください。',
  'plan.refusal.explicit-deny':
    '自動では適用しません: 明示的な Deny が {roleArn} のプルを拒否しており、ポリシーを追加しても上書きできません。',
  'plan.refusal.deny-kind-unknown': '自動では適用しません: {roleArn} の拒否が明示的なものかどうか判定できていません。',
  'plan.refusal.role-other-account':
    '自動では適用しません: タスク実行ロール {roleArn} はタスクのアカウント {account} のものではありません（または確認できませんでした）。',
  'plan.refusal.policy-already-attached':
    '自動では適用しません: {policyArn} は既に {roleArn} にアタッチされています。プルを拒否しているのは別のもの（アクセス許可の境界、SCP、リポジトリ側）です。',
  'plan.refusal.scp-deny':
    '自動では適用しません: 組織のサービスコントロールポリシー（SCP）が {roleArn} の ECR ' +
    'からのプルを拒否しており、ロールにアタッチしたポリシーでは上書きできません。組織の管理者に、このアカウントとその組織単位（OU）の SCP で、このロールに ' +
    'ecr:GetAuthorizationToken、ecr:BatchCheckLayerAvailability、ecr:GetDownloadUrlForLayer、ecr:BatchGetImage ' +
    'を許可するよう依頼してください。',
  'plan.refusal.permissions-boundary-deny':
    '自動では適用しません: {roleArn} のアクセス許可の境界が ECR ' +
    'からのプルを許可しておらず、ロールにアタッチしたポリシーは境界を超える権限を与えられません。境界のポリシー（aws iam get-role --role-name ' +
    '{roleName} --query Role.PermissionsBoundary で確認できます）に ECR のプル操作を追加するか、その所有者に依頼してください。',
  'plan.refusal.undecided-condition':
    '自動では適用しません: 条件キー {keys} がないため、IAM は {roleArn} ' +
    'がプルできるか判定できませんでした。許可は条件付きで、おそらく意図的に絞られています。広い AWS ' +
    '管理ポリシーをアタッチすると、その絞り込みを置き換えてしまいます。タスクのリクエストが条件を満たしているか（たとえば aws:SourceVpce が指定する VPC ' +
    'エンドポイントを通っているか）を確認し、条件かネットワーク経路を直してください。',
  'plan.refusal.role-trust-unknown':
    '自動では適用しません: {roleArn} の信頼ポリシーを読み取れなかったため（iam:GetRole）、ECS タスク用のロールかどうか分かりません。確認して（aws iam ' +
    'get-role --role-name {roleName}）、ecs-tasks.amazonaws.com を信頼している場合は手動でポリシーをアタッチしてください。',
  'plan.refusal.role-not-ecs-tasks':
    '自動では適用しません: {roleArn} は ecs-tasks.amazonaws.com を信頼していません（信頼ポリシーがこのサービスに sts:AssumeRole ' +
    'を許可していません）。そのため自動では変更しません。タスク定義が意図したタスク実行ロールを指定しているか確認し、そうであれば手動でポリシーをアタッチしてください。',
  'plan.refusal.role-path-out-of-scope':
    '自動では適用しません: {roleArn} の IAM パスは {path} で、自動修復が変更してよいパス ' +
    '{scopePath}（AutoFixRolePath）の外にあります。手動でポリシーをアタッチするか、{path} のロールも自動修復してよい場合は ' +
    'AutoFixRolePath を広げてください。',
  'plan.refusal.role-tag-missing':
    '自動では適用しません: {roleArn} には自動修復に必要なタグ ' +
    '{tagKey}={tagValue}（AutoFixRoleRequireTag）がありません。手動でポリシーをアタッチするか、自動修復してよいロールであればタグを付けてください: ' +
    'aws iam tag-role --role-name {roleName} --tags Key={tagKey},Value={tagValue}',
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
  'plan.refusal.s3-main-route-table':
    '自動では適用しません: サブネット {subnets} には専用のルートテーブルがなく、{vpcId} のメインルートテーブル {routeTable} ' +
    'を使っています。メインルートテーブルに S3 ゲートウェイを関連付けると、このサービスだけでなく、専用のルートテーブルを持たないすべてのサブネットの S3 ' +
    'への経路が変わるため、提案にとどめます。意図どおりであれば手順を手動で実行するか、タスクのサブネットに専用のルートテーブルを用意してください（aws ec2 ' +
    'create-route-table の後に associate-route-table）。そうすれば次の失敗は自動で修正できます。',

  // コスト
  'plan.cost.interface-endpoints':
    'コスト: インターフェイスエンドポイント {endpoints} 個 × アベイラビリティーゾーン {azs} 個で月約 {monthlyUsd} ' +
    'USD（多くのリージョンでエンドポイント 1 つ・AZ 1 つあたり 0.01 USD/時間）と、処理データ 1 GB あたり 0.01 USD。NAT ゲートウェイの場合は約 ' +
    '0.045 USD/時間と 1 GB あたり 0.045 USD です。',
  'plan.cost.interface-endpoints-extended':
    'コスト: 新しいインターフェイスエンドポイント {endpoints} 個 × アベイラビリティーゾーン {azs} 個と、既存のエンドポイントに追加するアベイラビリティーゾーン ' +
    '{extraAzs} 個で月約 {monthlyUsd} USD（多くのリージョンでエンドポイント 1 つ・AZ 1 つあたり 0.01 USD/時間）と、処理データ 1 GB ' +
    'あたり 0.01 USD。',
  'plan.cost.gateway-endpoint-free': 'コスト: S3 ゲートウェイエンドポイントは無料です。',
  'plan.cost.public-ipv4':
    'コスト: パブリック IPv4 アドレスは 1 つあたり 0.005 USD/時間（タスク 1 つあたり月約 3.6 USD）かかります。',
  'plan.cost.ecr-storage':
    'コスト: キャッシュされたイメージは ECR に保存されます（1 GB あたり月 0.10 USD）。同一リージョン内のプルに追加料金はかかりません。',
  'plan.cost.ephemeral-storage':
    'コスト: Fargate のエフェメラルストレージは 20 GiB を超える分が GB 時間単位で課金されます。',

  // リスク
  'plan.risk.new-revision':
    'リスク: 新しいタスク定義リビジョンでサービスが入れ替わります。デプロイ前に変更内容を確認してください。',
  'plan.risk.attach-managed-policy':
    'リスク: 低。{policyArn} はタスク実行ロールにのみ ECR のプルと CloudWatch Logs への書き込みを許可し、アプリケーションには影響しません。',
  'plan.risk.repository-policy-replace':
    'リスク: set-repository-policy は {repository} のポリシー全体を置き換えます。マージを誤ると他アカウントのアクセスが失われることがあります。',
  'plan.risk.immutable-tags':
    'リスク: 同じタグ（latest など）を再プッシュするパイプラインは、一意のタグを使うまで失敗します。',
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
  'plan.risk.public-ip':
    'リスク: セキュリティグループ {securityGroups} が許可する範囲で、タスクがインターネットから到達可能になります。インバウンドルールを確認してください。',
  'plan.risk.vpc-dns': 'リスク: 低。DHCP オプションの変更は {vpcId} 内のすべてのインスタンスの名前解決に影響します。',
  'plan.risk.security-group':
    'リスク: 低。ルールは外向きの HTTPS（と VPC 内からエンドポイントへの HTTPS）を開くだけです。',
  'plan.risk.network-acl':
    'リスク: ネットワーク ACL のルールはサブネット内のすべてのリソースに適用されます。既存の拒否ルールとの順序に注意してください。',
  'plan.risk.endpoint-policy':
    'リスク: エンドポイントポリシーは、そのエンドポイントを使う VPC 内のすべてに適用されます。',
  'plan.risk.secret-value':
    'リスク: 認証情報をチケットやチャットに貼り付けないでください。コマンドラインはシェル履歴に残ることがあります。',
  'plan.risk.key-policy':
    'リスク: キーポリシーを誤ると誰もキーを使えなくなることがあります。既存のステートメントは残してください。',
  'plan.risk.agent-restart':
    'リスク: ECS エージェントを再起動しても実行中のタスクは停止しません。イメージの削除は未使用のものだけです。',
};
