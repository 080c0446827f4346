/**
 * 診断の根拠（Evidence.textKey）の日本語テキスト。evidence-en.ts と同じキーとプレースホルダーを保つこと（テストで確認）。
 * {name} は Evidence.textArgs の値で置き換えられる。"evidence.part.*" は文の部品（列挙の項目と「何を」の句）。
 */
export const evidenceTextsJa: Record<string, string> = {
  // 文の部品
  'evidence.join.comma': '、',
  'evidence.join.semicolon': '。',
  'evidence.part.value': '{value}',
  'evidence.part.none': 'なし',
  'evidence.part.nothing': 'なし',
  'evidence.cannot-check': '{what}を確認できませんでした: {reason}',
  // 読み戻したタスク (diagnose/confirm-task.ts)
  'evidence.task-confirmed.confirmed':
    'タスク {task} をアカウントから読み戻し (ecs:DescribeTasks)、クラスター、タスク定義、サービス、サブネット、イメージ、同種のイメージプル失敗の停止理由がイベントと一致することを確認しました。',
  'evidence.task-confirmed.not-a-pull-failure':
    'アカウントの記録では、タスク {task} はイメージのプル失敗で停止していません ({stopCode}: {reason})。イベントの内容とは異なるため、このタスクについては何も変更しません。',
  'evidence.task-confirmed.not-read':
    'タスク {task} をアカウントから読み戻していないため、このタスクについては何も変更しません。',
  'evidence.task-confirmed.failed':
    'タスク {task} をアカウントから読み戻せませんでした ({api}: {reason})。このタスクについては何も変更しません。',
  'evidence.task-confirmed.missing':
    'クラスター {cluster} はタスク {task} を返しません (ecs:DescribeTasks)。イベントが ECS からのものでないか、タスクの停止から約 1 ' +
    '時間以上経過しています。このタスクについては何も変更しません。',
  'evidence.task-confirmed.not-stopped':
    'タスク {task} はアカウント上で {status} であり、イベントの言う STOPPED ではありません。このタスクについては何も変更しません。',
  'evidence.task-confirmed.differs':
    'アカウントが示すタスク {task} はイベントと異なります: {differences}。このタスクについては何も変更しません。',
  'evidence.part.task-differs': '{what} は {actual} (イベントでは {claimed})',
  'evidence.part.what.subnets': 'サブネット {subnets}',
  'evidence.part.what.route-tables': 'サブネット {subnets} のルートテーブル',
  'evidence.part.what.assign-public-ip': 'サービス {service} の assignPublicIp',
  'evidence.part.what.dns-support': '{vpcId} の enableDnsSupport',
  'evidence.part.what.dns-hostnames': '{vpcId} の enableDnsHostnames',
  'evidence.part.what.dhcp-options': '{vpcId} の DHCP オプション',
  'evidence.part.what.service-network': 'サービス {service} のネットワーク設定',
  'evidence.part.what.security-groups': '{vpcId} のセキュリティグループ',
  'evidence.part.what.network-acls': 'サブネット {subnets} のネットワーク ACL',
  'evidence.part.what.private-hosted-zones': 'VPC {vpcId} のプライベートホストゾーン',
  'evidence.part.route': '{subnet}（ルートテーブル {routeTable}: デフォルトルート {destination} → {target}）',
  'evidence.part.route.blackhole':
    '{subnet}（ルートテーブル {routeTable}: デフォルトルート {destination} → {target} [ブラックホール]）',
  'evidence.part.route.absent': '{subnet}（ルートテーブル {routeTable}: デフォルトルートなし）',
  'evidence.part.route.no-table': '{subnet}（ルートテーブルなし: デフォルトルートなし）',
  'evidence.part.s3-gateway-on': '{routeTables} の S3 ゲートウェイエンドポイント',
  'evidence.part.route.other': '{subnet}（ルートテーブル {routeTable}: ルート {destination} → {target}）',
  'evidence.part.zone': '{name}（{id}、アカウント {account}）',
  'evidence.part.sg.no-egress-internet': '{groups} のアウトバウンドルールが 0.0.0.0/0 への TCP 443 を許可していません',
  'evidence.part.sg.no-egress-endpoint':
    '{groups} のアウトバウンドルールがエンドポイント {endpoint}（{service}）への TCP 443 を許可していません',
  'evidence.part.sg.no-endpoint-ingress':
    'エンドポイント {endpoint}（{service}）のセキュリティグループ {endpointGroups} がタスクからの TCP 443 のインバウンドを許可していません',
  'evidence.part.sg.no-egress-s3':
    '{groups} のアウトバウンドルールが 0.0.0.0/0 にも S3 プレフィックスリスト {prefixLists} にも TCP 443 を許可していません（ECR のレイヤーは S3 から取得されます）',
  'evidence.part.nacl.deny-out-rule':
    '{acl}（サブネット {subnet}）がルール {rule} でアウトバウンドの TCP 443 を拒否しています',
  'evidence.part.nacl.deny-out':
    '{acl}（サブネット {subnet}）がアウトバウンドの TCP 443 を拒否しています（許可するルールがありません）',
  'evidence.part.nacl.deny-return':
    '{acl}（サブネット {subnet}）がエフェメラルポート {ports} への戻りのインバウンド通信を拒否しています',

  // ネットワーク（共通）
  'evidence.network.instance-network':
    'タスクはコンテナインスタンスのネットワーク（{mode}）を使っています。インスタンス {instance} は調べていません。',
  'evidence.network.instance-network.no-instance':
    'タスクはコンテナインスタンスのネットワーク（{mode}）を使っています。インスタンスは調べていません。',
  'evidence.network.subnets-unknown':
    'タスクのサブネットが分かりません（イベントに ENI のアタッチメントがなく、サービスのネットワーク設定もありません）。',
  'evidence.network.private-zone':
    'VPC {vpcId} は {zones} を自身のプライベートホストゾーンで名前解決しています。プルはそのレコードが指す先（多くは別の VPC ' +
    'にある集約エンドポイント）へ向かい、ここからはたどれません。集約側の VPC の ECR（ecr.api、ecr.dkr）と S3 ' +
    'のエンドポイント、そのセキュリティグループ、サブネット {subnets} への戻りのルートを確認し、VPC {vpcId} の Route 53 Resolver ' +
    'ルールも確認してください。',
  'evidence.network.private-zones-unread':
    'この一覧がないため、VPC {vpcId} のプライベートホストゾーンを通じて使われる集約 ECR／S3 エンドポイントを除外できません。この原因は可能性が高いものの、確定ではありません。',

  // network-no-route
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

  // public-ip-disabled
  'evidence.public-ip-disabled.no-igw':
    '0.0.0.0/0 をインターネットゲートウェイに向けているタスクのサブネットはありません。',
  'evidence.public-ip-disabled.ec2':
    'EC2 の awsvpc タスクにはパブリック IP が付きません。NAT へのルートかエンドポイントが必要です。',
  'evidence.public-ip-disabled.endpoints-exist':
    '必要なエンドポイントがすべてあるため、プルにパブリック IP は不要です。',
  'evidence.public-ip-disabled.disabled':
    'サービス {service} は assignPublicIp DISABLED でタスクを起動していますが、サブネット {subnets} ' +
    'のデフォルトルートはインターネットゲートウェイ {igw} です。タスクにはそれを使うためのパブリックアドレスがありません。',
  'evidence.public-ip-disabled.enabled': 'サービス {service} はパブリック IP を割り当てています。',
  'evidence.public-ip-disabled.standalone':
    'サブネット {subnets} はインターネットゲートウェイにルーティングしています。単独で実行したタスクの assignPublicIp はイベントに含まれていません。',
  'evidence.public-ip-disabled.detours':
    'インターネットゲートウェイへの 0.0.0.0/0 のほかに、パブリックアドレスへの別の出口があります: {routes}。プルはインターネットゲートウェイを使わない可能性があります。これらのルートの行き先を確認してください。',

  // vpc-endpoint-missing
  'evidence.vpc-endpoint-missing.not-available': 'まだ利用可能になっていないエンドポイント: {endpoints}。',
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

  // vpc-dns-disabled
  'evidence.vpc-dns-disabled.support-off':
    'VPC {vpcId} の enableDnsSupport がオフです。Amazon の DNS サーバーが応答しないため、レジストリやエンドポイントの名前が解決できません。',
  'evidence.vpc-dns-disabled.hostnames-off':
    'VPC {vpcId} の enableDnsHostnames がオフです。インターフェイスエンドポイントのプライベート DNS には両方の DNS 属性をオンにする必要があります。',
  'evidence.vpc-dns-disabled.private-dns-off':
    'インターフェイスエンドポイント {endpoints} のプライベート DNS がオフです。サービス名がパブリックアドレスに解決され、サブネットからは到達できません。',
  'evidence.vpc-dns-disabled.custom-dns':
    'DHCP オプション {dhcpOptions} は独自の DNS サーバー（{servers}）を使っています。エンドポイントのプライベート DNS は、リゾルバーが ' +
    'Amazon 提供の DNS に転送しない限り、Amazon 提供の DNS でしか機能しません。',
  'evidence.vpc-dns-disabled.on': 'VPC {vpcId} の DNS サポートはオンです。',
  'evidence.vpc-dns-disabled.on.hostnames': 'VPC {vpcId} の DNS サポートと DNS ホスト名はオンです。',
  'evidence.vpc-dns-disabled.on.private-dns':
    'VPC {vpcId} の DNS サポートはオンで、インターフェイスエンドポイントはプライベート DNS を使っています。',
  'evidence.vpc-dns-disabled.on.hostnames.private-dns':
    'VPC {vpcId} の DNS サポートと DNS ホスト名はオンで、インターフェイスエンドポイントはプライベート DNS を使っています。',

  // security-group-blocks
  'evidence.security-group-blocks.groups-unknown':
    'タスクのセキュリティグループがイベントに含まれていません（単独で実行したタスク、またはネットワーク設定のないサービス）。',
  'evidence.security-group-blocks.groups-not-found':
    'セキュリティグループ {groups} が {vpcId} に見つかりませんでした。',
  'evidence.security-group-blocks.blocked': '{problems}。',
  'evidence.security-group-blocks.allowed':
    'セキュリティグループ {groups} は、プルが使う経路への TCP 443 のアウトバウンドを許可しています。',
  'evidence.security-group-blocks.allowed.endpoints':
    'セキュリティグループ {groups} は、プルが使う経路への TCP 443 のアウトバウンドを許可しており、エンドポイントのセキュリティグループもインバウンドを許可しています。',

  // network-acl-blocks
  'evidence.network-acl-blocks.no-association': '{subnet} のネットワーク ACL の関連付けが見つかりませんでした。',
  'evidence.network-acl-blocks.blocked': '{problems}。',
  'evidence.network-acl-blocks.allowed':
    '{subnets} のネットワーク ACL は、アウトバウンドの 443 とエフェメラルポートへの戻り通信を許可しています。',

  // vpc-endpoint-policy-denies
  'evidence.vpc-endpoint-policy-denies.not-ecr': 'イメージは ECR にありません。',
  'evidence.vpc-endpoint-policy-denies.no-endpoint': 'プルは ECR／S3 のエンドポイントを使っていません。',
  'evidence.vpc-endpoint-policy-denies.explicit-deny':
    'エンドポイント {endpoint}（{service}）のポリシーが {resource} に対する {action} を明示的に拒否しています（{statements}）。',
  'evidence.vpc-endpoint-policy-denies.not-allowed':
    'エンドポイント {endpoint}（{service}）のポリシーが {resource} に対する {action} を許可していません。',
  'evidence.vpc-endpoint-policy-denies.undecided-deny':
    'エンドポイント {endpoint}（{service}）のポリシーが {resource} に対する {action} を拒否している可能性があります。ステートメント ' +
    '{statements} の {keys} に関する条件は、ここでは評価できません。',
  'evidence.vpc-endpoint-policy-denies.undecided-allow':
    'エンドポイント {endpoint}（{service}）のポリシーは、ステートメント {statements} の {keys} に関する条件を満たす場合にのみ ' +
    '{resource} に対する {action} を許可しています。この条件はここでは評価できません。',
  'evidence.vpc-endpoint-policy-denies.allowed': '{endpoints} のポリシーはプルを許可しています。',
  // 確認できなかった事実、停止理由、チェックの失敗（diagnose.ts）
  'evidence.check-failed': '{cause} のチェックが失敗しました: {error}',
  'evidence.stop-reason-text': '停止理由は {family} ファミリーに該当します。テキストからの候補: {candidates}。',
  'evidence.stop-reason-text.alone':
    '停止理由は {family} ファミリーに該当します。テキストだけからの候補: {candidates}。',
  'evidence.summary.unknown':
    '原因を証明できませんでした。除外した原因: {ruledOut}。確認できなかった項目: {unchecked}。',
  'evidence.part.what.ecr-image': 'ECR 上のイメージ {image}',
  'evidence.part.what.repository-tags': 'リポジトリ {repository} のタグ',
  'evidence.part.what.lifecycle-policy': 'リポジトリ {repository} のライフサイクルポリシー',
  'evidence.part.what.task-definition': 'タスク定義 {taskDefinition}',
  'evidence.part.what.role-permissions': 'タスク実行ロール {role} の権限',
  'evidence.part.what.repository-policy': '{repository} のリポジトリポリシー',
  'evidence.part.what.repository-policy.other-account': '{repository}（アカウント {account}）のリポジトリポリシー',
  'evidence.part.what.parameter': 'パラメータ {id}',
  'evidence.part.what.secret': 'シークレット {id}',
  'evidence.part.what.kms-decrypt': 'タスク実行ロール {role} の kms:Decrypt',

  // イメージ参照の解析エラー（image-ref.ts）
  'evidence.part.image-ref.none': 'イメージ参照がありません',
  'evidence.part.image-ref.empty': 'イメージ参照が空です',
  'evidence.part.image-ref.too-long': 'イメージ参照が 1024 文字を超えています',
  'evidence.part.image-ref.whitespace': 'イメージ参照に空白が含まれています',
  'evidence.part.image-ref.url-scheme': 'イメージ参照に URL スキームを含めることはできません',
  'evidence.part.image-ref.no-repository': 'イメージ参照にリポジトリ名がありません',
  'evidence.part.image-ref.repository-too-long': 'リポジトリ名が 255 文字を超えています',
  'evidence.part.image-ref.invalid-digest': 'ダイジェスト "{value}" が不正です',
  'evidence.part.image-ref.invalid-tag': 'タグ "{value}" が不正です',
  'evidence.part.image-ref.invalid-host': 'レジストリホスト "{value}" が不正です',
  'evidence.part.image-ref.uppercase': 'リポジトリ名 "{value}" は小文字でなければなりません',
  'evidence.part.image-ref.invalid-component': 'リポジトリ名の要素 "{value}" が不正です',

  // イメージ
  'evidence.image.no-reference': '解析できるイメージ参照がありません。',
  'evidence.image.recent-tags': 'リポジトリの最近のタグ: {tags}。',
  'evidence.image.no-tags': 'リポジトリにタグ付きのイメージはありません。',
  'evidence.image.lifecycle-policy':
    'リポジトリにはイメージを期限切れにした可能性のあるライフサイクルポリシー（ルール {rules} 件）があります。',
  'evidence.image.no-lifecycle-policy': 'リポジトリにライフサイクルポリシーはありません。',
  'evidence.repository-not-found.not-ecr':
    '{repository} は ECR にないため、存在するかどうかを AWS から確認できません。',
  'evidence.repository-not-found.exists': 'リポジトリ {repository} は存在します。',
  'evidence.repository-not-found.missing':
    'ECR によると、リポジトリ {repository} はアカウント {account}、{region} に存在しません。',
  'evidence.repository-not-found.missing.other-account':
    'ECR によると、リポジトリ {repository} はアカウント {account}、{region} に存在しません（別アカウントのため、ポリシーで隠されている場合も ECR は同じ応答をします）。',
  'evidence.image-not-found.not-ecr': '{image} は ECR にないため、タグが存在するかどうかを AWS から確認できません。',
  'evidence.image-not-found.no-repository': 'リポジトリ {repository} は存在しません（repository-not-found を参照）。',
  'evidence.image-not-found.no-digest': 'ダイジェスト {digest} は {repository} に存在しません。',
  'evidence.image-not-found.no-tag': 'タグ {tag} は {repository} に存在しません。',
  'evidence.image-not-found.tag-not-looked-up': 'タグ {tag} は照会していません。',
  'evidence.image-not-found.tag-exists': 'タグ {tag} は {repository} に存在します。',
  'evidence.image-not-found.digest-exists': 'ダイジェスト {digest} は {repository} に存在します。',
  'evidence.stale-image-digest.not-ecr-tag': 'イメージはタグで参照された ECR のイメージではありません。',
  'evidence.stale-image-digest.no-pinned': 'イベントにコンテナの解決済みイメージダイジェストが含まれていません。',
  'evidence.stale-image-digest.tag-gone': 'タグ {tag} はもう存在しません（image-not-found を参照）。',
  'evidence.stale-image-digest.not-looked-up': 'タグと固定されたダイジェストの両方は照会していません。',
  'evidence.stale-image-digest.moved':
    'タグ {tag} は現在 {digest} を指していますが、タスクは {pinned} に固定されており、これはもう {repository} に存在しません。',
  'evidence.stale-image-digest.gone': '固定されたダイジェスト {pinned} はもう {repository} に存在しません。',
  'evidence.stale-image-digest.exists': '固定されたダイジェスト {pinned} は {repository} にまだ存在します。',
  'evidence.platform-mismatch.mismatch':
    'イメージ {image} が提供するのは {platforms} で、タスクに必要な {platform} はありません。',
  'evidence.platform-mismatch.no-platform':
    'イメージ {image} はどのプラットフォームも提供しておらず、タスクに必要な {platform} はありません。',
  'evidence.platform-mismatch.offers': 'イメージは {platform} を提供しています。',
  'evidence.platform-mismatch.single-platform':
    'イメージマニフェスト（{mediaType}）は単一プラットフォームです。アーキテクチャは設定 blob にあり、読み取っていません。',
  'evidence.platform-mismatch.single-platform.unknown-type':
    'イメージマニフェスト（種類不明）は単一プラットフォームです。アーキテクチャは設定 blob にあり、読み取っていません。',
  'evidence.platform-mismatch.stop-reason':
    '停止理由はプラットフォームの不一致を示しています。タスクに必要なのは {platform} です。',
  'evidence.invalid-image-reference.unparsable': 'イメージ "{image}" を解析できません: {reason}。',
  'evidence.invalid-image-reference.stop-reason':
    '停止理由によると、イメージ参照（"{image}"）を正規化できませんでした。',
  'evidence.invalid-image-reference.stop-reason.no-image': '停止理由によると、イメージ参照を正規化できませんでした。',
  'evidence.invalid-image-reference.valid-as-is': 'イメージ参照 {image} は有効です。',
  'evidence.invalid-image-reference.valid': 'イメージ参照 {image} は有効です（{normalized}）。',

  // 権限
  'evidence.part.need.ecr-image': 'プライベートな ECR イメージ {image} をプルする',
  'evidence.part.need.repository-credentials': 'repositoryCredentials を使う',
  'evidence.part.need.secrets': 'シークレットを使う',
  'evidence.part.need.awslogs': 'awslogs ログドライバーを使う',
  'evidence.part.permission': '{resource} に対する {action}: {decision}',
  'evidence.part.permission.by': '{resource} に対する {action}: {decision}（{deniedBy} による）',
  'evidence.execution-role-missing.present': 'タスク定義 {taskDefinition} にはタスク実行ロール {role} があります。',
  'evidence.execution-role-missing.not-needed':
    'タスク定義 {taskDefinition} にタスク実行ロールはありませんが、このタスクには不要です。',
  'evidence.execution-role-missing.missing':
    'タスク定義 {taskDefinition} に executionRoleArn がありませんが、タスクは次のことをします: {needs}。',
  'evidence.execution-role-ecr-permissions.not-ecr': 'イメージ {image} はプライベートな ECR レジストリにありません。',
  'evidence.execution-role-ecr-permissions.not-ecr.unknown-image':
    'イメージ（不明）はプライベートな ECR レジストリにありません。',
  'evidence.execution-role-ecr-permissions.ec2':
    'EC2 起動タイプでは ECR からのプルにコンテナインスタンスのロールが使われます。インスタンスのロールは調べていません。',
  'evidence.execution-role-ecr-permissions.no-role':
    'タスク定義にタスク実行ロールがありません（execution-role-missing を参照）。',
  'evidence.execution-role-ecr-permissions.not-evaluated':
    '{repository} に対する {role} の ECR プル操作を、すべては評価できていません。',
  'evidence.execution-role-ecr-permissions.allowed.simulation':
    'iam:SimulatePrincipalPolicy によると、{role} には次が許可されています: {checks}。',
  'evidence.execution-role-ecr-permissions.allowed.documents':
    'ロール自身のポリシードキュメントによると、{role} には次が許可されています: {checks}。',
  'evidence.execution-role-ecr-permissions.allowed-unsure.simulation':
    'iam:SimulatePrincipalPolicy によると、{role} には {repository} に対する ECR ' +
    'のプル操作が許可されています。サービスコントロールポリシーとアクセス許可の境界は見えないため、そこでの拒否は否定できません。',
  'evidence.execution-role-ecr-permissions.allowed-unsure.documents':
    'ロール自身のポリシードキュメントによると、{role} には {repository} に対する ECR ' +
    'のプル操作が許可されています。サービスコントロールポリシーとアクセス許可の境界は見えないため、そこでの拒否は否定できません。',
  'evidence.execution-role-ecr-permissions.denied.simulation.explicit':
    'iam:SimulatePrincipalPolicy によると、{role} には次が許可されていません: {checks}（明示的な拒否）。',
  'evidence.execution-role-ecr-permissions.denied.simulation.implicit':
    'iam:SimulatePrincipalPolicy によると、{role} には次が許可されていません: {checks}（暗黙的な拒否: 許可するステートメントがありません）。',
  'evidence.execution-role-ecr-permissions.denied.documents.explicit':
    'ロール自身のポリシードキュメントによると、{role} には次が許可されていません: {checks}（明示的な拒否）。',
  'evidence.execution-role-ecr-permissions.denied.documents.implicit':
    'ロール自身のポリシードキュメントによると、{role} には次が許可されていません: {checks}（暗黙的な拒否: 許可するステートメントがありません）。',
  'evidence.execution-role-ecr-permissions.denied.documents.implicit.scp':
    'ロール自身のポリシードキュメントによると、{role} には次が許可されていません: {checks}（暗黙的な拒否: ' +
    '許可するステートメントがありません）。サービスコントロールポリシーが拒否している可能性もありますが、いずれにしてもポリシーのアタッチは必要です。',
  'evidence.execution-role-ecr-permissions.denied.documents.explicit.unread':
    'ロール自身のポリシードキュメントによると、{role} には次が許可されていません: {checks}（明示的な拒否）。ロールのポリシーのうち {unread} 件を読み取れませんでした。',
  'evidence.execution-role-ecr-permissions.denied.documents.implicit.unread':
    'ロール自身のポリシードキュメントによると、{role} には次が許可されていません: {checks}（暗黙的な拒否: 許可するステートメントがありません）。ロールのポリシーのうち {unread} 件を読み取れませんでした。',
  'evidence.execution-role-ecr-permissions.allowed-undecided.simulation':
    'iam:SimulatePrincipalPolicy によると、{role} には次が許可されています: {checks}。ただし IAM は {keys} なしで判定したため、条件付きの拒否は評価されていません。',
  'evidence.execution-role-ecr-permissions.denied.simulation.organizations':
    '組織のサービスコントロールポリシーが {role} の ECR からのプルを拒否しているため、ロールにポリシーをアタッチしても解決しません。iam:SimulatePrincipalPolicy の結果: {checks}。',
  'evidence.execution-role-ecr-permissions.denied.simulation.permissions-boundary':
    '{role} のアクセス許可の境界が ECR からのプルを拒否しているため、ロールにポリシーをアタッチしても解決しません。iam:SimulatePrincipalPolicy の結果: {checks}。',
  'evidence.execution-role-ecr-permissions.denied.documents.organizations':
    '組織のサービスコントロールポリシーが {role} の ECR からのプルを拒否しているため、ロールにポリシーをアタッチしても解決しません。ロール自身のポリシードキュメントの結果: {checks}。',
  'evidence.execution-role-ecr-permissions.denied.documents.permissions-boundary':
    '{role} のアクセス許可の境界が ECR からのプルを拒否しているため、ロールにポリシーをアタッチしても解決しません。ロール自身のポリシードキュメントの結果: {checks}。',
  'evidence.execution-role-ecr-permissions.undecided.simulation':
    'IAM は {keys} がないと判定できませんでした。許可は条件付きです。iam:SimulatePrincipalPolicy によると、それらがない場合 {role} には次が許可されていません: {checks}。',
  'evidence.execution-role-ecr-permissions.undecided.documents':
    'ロール自身のポリシードキュメントは {keys} がないと判定できませんでした。許可は条件付きです。それらがない場合、{role} には次が許可されていません: {checks}。',
  'evidence.execution-role-ecr-permissions.repository-policy.denies.simulation':
    '{repository} のリポジトリポリシーは {role} に {actions} を明示的に拒否しています (ステートメント ' +
    '{statements})。ロールにポリシーをアタッチしても解決しません。iam:SimulatePrincipalPolicy による結果: {checks}。',
  'evidence.execution-role-ecr-permissions.repository-policy.denies.documents':
    '{repository} のリポジトリポリシーは {role} に {actions} を明示的に拒否しています (ステートメント ' +
    '{statements})。ロールにポリシーをアタッチしても解決しません。ロール自身のポリシードキュメントによる結果: {checks}。',
  'evidence.execution-role-ecr-permissions.repository-policy.may-deny.simulation':
    '{repository} のリポジトリポリシーは {role} に {actions} を拒否している可能性があります (ステートメント ' +
    '{statements}、ここでは評価できない条件)。ロールにポリシーをアタッチしても解決しない可能性があります。iam:SimulatePrincipalPolicy ' +
    'による結果: {checks}。',
  'evidence.execution-role-ecr-permissions.repository-policy.may-deny.documents':
    '{repository} のリポジトリポリシーは {role} に {actions} を拒否している可能性があります (ステートメント ' +
    '{statements}、ここでは評価できない条件)。ロールにポリシーをアタッチしても解決しない可能性があります。ロール自身のポリシードキュメントによる結果: {checks}。',
  'evidence.execution-role-ecr-permissions.repository-policy.not-read':
    '{repository} のリポジトリポリシーは読み取っていません。タスクと同じアカウントではリポジトリポリシーだけで {role} にプルを許可できるため、暗黙的な拒否は証明になりません。',
  'evidence.execution-role-ecr-permissions.repository-policy.unread':
    '{repository} のリポジトリポリシーを読み取れませんでした（{reason}）。タスクと同じアカウントではリポジトリポリシーだけで {role} にプルを許可できるため、暗黙的な拒否は証明になりません。',
  'evidence.execution-role-ecr-permissions.repository-policy.conditional':
    '{repository} のリポジトリポリシーは、ここでは評価できない条件付きで {role} に {actions} ' +
    'を許可しています。タスクと同じアカウントではこの許可にアイデンティティポリシーは不要なため、暗黙的な拒否は証明になりません。',
  'evidence.execution-role-ecr-permissions.repository-policy.grants':
    '{repository} のリポジトリポリシーは {role} に {actions} ' +
    'を許可しています。タスクと同じアカウントではこれだけで足りアイデンティティポリシーは不要なため、アイデンティティポリシーの暗黙的な拒否はプルを妨げません。',
  'evidence.repository-policy-denies.not-ecr': 'イメージはプライベートな ECR レジストリにありません。',
  'evidence.repository-policy-denies.not-read': '{repository} のポリシーは読み取っていません。',
  'evidence.repository-policy-denies.no-policy.other-account':
    '{repository} はアカウント {owner} にあり、リポジトリポリシーがないため、アカウント {account} からはプルできません。',
  'evidence.repository-policy-denies.no-policy':
    '{repository} にリポジトリポリシーはありません（同じアカウントのため、アイデンティティポリシーで決まります）。',
  'evidence.repository-policy-denies.explicit-deny.statement':
    '{repository} のポリシーが {actions} を明示的に拒否しています（ステートメント {statements}）。',
  'evidence.repository-policy-denies.explicit-deny.condition':
    '{repository} のポリシーが {actions} を明示的に拒否しています。ステートメント {statements} の {keys} に関する条件が、このプルに当てはまります。',
  'evidence.repository-policy-denies.not-allowed':
    '{repository} のポリシーは（アカウント {account} に）次を許可していません: {actions}。',
  'evidence.repository-policy-denies.not-allowed.role':
    '{repository} のポリシーは（アカウント {account}、ロール {role} に）次を許可していません: {actions}。',
  'evidence.repository-policy-denies.undecided-deny':
    '{repository} のポリシーが {actions} を拒否している可能性があります。ステートメント {statements} の {keys} に関する条件は、ここでは評価できません。',
  'evidence.repository-policy-denies.undecided-allow':
    '{repository} のポリシーは、ステートメント {statements} の {keys} に関する条件を満たす場合にのみ {actions} を許可しています。この条件はここでは評価できません。',
  'evidence.repository-policy-denies.allowed.role':
    '{repository} のポリシーは {principal} に {actions} を許可しています。',
  'evidence.repository-policy-denies.allowed.role.same-account':
    '{repository} のポリシーは {principal} に {actions} を許可しています（または拒否していません）。',
  'evidence.repository-policy-denies.allowed.account':
    '{repository} のポリシーはアカウント {principal} に {actions} を許可しています。',
  'evidence.repository-policy-denies.allowed.account.same-account':
    '{repository} のポリシーはアカウント {principal} に {actions} を許可しています（または拒否していません）。',

  // レジストリ認証
  'evidence.part.secret.missing': '{id} は {region} に存在しません',
  'evidence.part.secret.deleting': '{id} は削除が予定されています（{date}）',
  'evidence.part.secret.not-allowed':
    'タスク実行ロールには {resource} に対する {action} が許可されていません（{decision}）',
  'evidence.registry-credentials-invalid.none': 'コンテナ {container} に repositoryCredentials はありません。',
  'evidence.registry-credentials-invalid.not-examined': 'シークレット {secret} は調べていません。',
  'evidence.registry-credentials-invalid.other-region':
    '認証情報のシークレット {secret} は {region} にあり、タスクのリージョン {taskRegion} にはありません。',
  'evidence.registry-credentials-invalid.problem': '認証情報のシークレット: {problem}。',
  'evidence.registry-credentials-invalid.shape':
    '停止理由は {secret} の内容に問題があることを示しています（JSON {"username","password"} が必要です）。値は読み取りません。',
  'evidence.registry-credentials-invalid.readable':
    'シークレット {secret} は存在し、タスク実行ロールで読み取れます。JSON の形式（{"username","password"}）は値を読まずには確認できません。',
  'evidence.secret-or-parameter-unavailable.none': 'タスク定義にシークレットはありません。',
  'evidence.secret-or-parameter-unavailable.not-examined': 'シークレットの参照 {count} 件は調べていません。',
  'evidence.secret-or-parameter-unavailable.problem': '{ref}: {problem}。',
  'evidence.secret-or-parameter-unavailable.malformed':
    '参照先のシークレットは存在しますが、停止理由によると valueFrom の形式が不正です（JSON キー、バージョンステージ、バージョン ID の部分）。',
  'evidence.secret-or-parameter-unavailable.readable':
    'シークレットの参照 {count} 件はすべて存在し、タスク実行ロールで読み取れます。',
  'evidence.kms-decrypt-denied.no-key': 'カスタマーマネージド KMS キーを使うシークレットやパラメータはありません。',
  'evidence.kms-decrypt-denied.denied':
    'タスク実行ロールには {id} のキー {key} に対する kms:Decrypt が許可されていません（{decision}）。',
  'evidence.kms-decrypt-denied.not-evaluated': '{keys} に対する kms:Decrypt は評価していません。',
  'evidence.kms-decrypt-denied.allowed': 'タスク実行ロールには {keys} に対する kms:Decrypt が許可されています。',
  'evidence.kms-decrypt-denied.allowed.documents':
    'タスク実行ロールには、ロール自身のポリシーで {keys} に対する kms:Decrypt が許可されています（キーポリシーは読み取っていません）。',

  // レート制限とホスト
  'evidence.dockerhub-rate-limit.no-rate-limit': '停止理由はレート制限を示していません。',
  'evidence.dockerhub-rate-limit.other-registry':
    'イメージ {image} は Docker Hub のものではありません。レジストリがプルを制限しました。',
  'evidence.dockerhub-rate-limit.other-registry.unknown-image':
    'イメージ（不明）は Docker Hub のものではありません。レジストリがプルを制限しました。',
  'evidence.dockerhub-rate-limit.with-credentials':
    'Docker Hub のイメージ {image} は認証情報（{secret}）を使ってプルされています。認証済みのプルは上限が高いものの、それでも到達することがあります。',
  'evidence.dockerhub-rate-limit.rate-limited':
    '停止理由は Docker Hub のイメージ {image} のレート制限（toomanyrequests/429）を示しています。',
  'evidence.dockerhub-rate-limit.credentials-not-checked':
    'コンテナが repositoryCredentials を使っているかどうかは確認していません。',
  'evidence.dockerhub-rate-limit.anonymous':
    'コンテナ {container} は匿名でプルしています（repositoryCredentials なし）。',
};
