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

  // イメージ

  // ネットワーク: エンドポイント

  // ネットワーク: その他

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
  'plan.refusal.s3-main-route-table':
    '自動では適用しません: サブネット {subnets} には専用のルートテーブルがなく、{vpcId} のメインルートテーブル {routeTable} ' +
    'を使っています。メインルートテーブルに S3 ゲートウェイを関連付けると、このサービスだけでなく、専用のルートテーブルを持たないすべてのサブネットの S3 ' +
    'への経路が変わるため、提案にとどめます。意図どおりであれば手順を手動で実行するか、タスクのサブネットに専用のルートテーブルを用意してください（aws ec2 ' +
    'create-route-table の後に associate-route-table）。そうすれば次の失敗は自動で修正できます。',

  // コスト
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
  'plan.risk.secret-value':
    'リスク: 認証情報をチケットやチャットに貼り付けないでください。コマンドラインはシェル履歴に残ることがあります。',
  'plan.risk.key-policy':
    'リスク: キーポリシーを誤ると誰もキーを使えなくなることがあります。既存のステートメントは残してください。',
  'plan.risk.agent-restart':
    'リスク: ECS エージェントを再起動しても実行中のタスクは停止しません。イメージの削除は未使用のものだけです。',
};
