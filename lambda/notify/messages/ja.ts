/**
 * 日本語のメッセージカタログ。キーとプレースホルダーは en.ts と同じ(テストで確認)。
 * 件名(subject.*)は SNS の制約で ASCII のみのため、render.ts は常に英語カタログから件名を作る。
 * ここの subject.* は英語と同じ値を置いている(キーをそろえるため。表示には使われない)。
 */
import type { MessageKey } from './en';

export const ja: Record<MessageKey, string> = {
  // 件名(ASCII。表示には英語カタログを使う)
  'subject.head': 'ECS image pull failed: ',
  'subject.head.short': 'ECS pull failed: ',
  'subject.tag.fixed': '[fixed]',
  'subject.tag.failed': '[fix failed]',
  'subject.tag.reminder': '[reminder: {count} failed]',
  'subject.tag.sidecar': '[sidecar]',
  'subject.confidence.proven': '',
  'subject.confidence.likely': 'likely ',
  'subject.confidence.possible': 'possibly ',
  'subject.scope.service': 'svc {name}',
  'subject.scope.family': 'taskdef {name}',
  'subject.scope.task': 'task {name}',

  // 確度
  'confidence.proven': '証拠により確定',
  'confidence.likely': '可能性が高い・未確定',
  'confidence.possible': '可能性あり・未確認',

  // 証拠の判定
  'evidence.result.proven': '確認',
  'evidence.result.ruled-out': '否定',
  'evidence.result.unknown': '確認できず',
  'evidence.result.not-applicable': '対象外',
  'evidence.result.info': '情報',

  // 見出し
  'heading.summary': '概要',
  'heading.what-happened': '発生したこと',
  'heading.cause': '原因',
  'heading.evidence': '証拠',
  'heading.unchecked': '確認できなかったこと',
  'heading.action': '実施したこと',
  'heading.proposal': '対処方法',
  'heading.proposal.fixed': '修正の手順',
  'heading.links': 'AWS コンソール',
  'heading.change': '何が変わったか',
  'heading.health': 'AWS Health のイベント',
  'health.event': 'このリージョンで {service} のイベントが未解決です: {type}（{since} から、{arn}）。{description}',
  'health.note':
    'プルはこのために失敗した可能性があります。これに対しては何も変更していません。AWS が解決するとイベントは閉じます。',
  'heading.silence': 'このインシデントについて',

  // 発生したこと
  'happened.intro': 'クラスター {cluster}({region})で、{scope} のタスクがコンテナイメージを取得できずに停止しました。',
  'happened.intro.sidecar':
    'クラスター {cluster}({region})で、{scope} のタスクが必須でないコンテナ {container} なしで実行されました。' +
    'このコンテナのイメージを取得できませんでした。タスクは別の理由で停止しました({stopReason})。',
  'happened.reminder':
    'リマインダー: 失敗はまだ続いています。最初の通知({firstSeenAt})以降、{count} 個のタスクが失敗しました。',
  'field.account': 'アカウント',
  'field.region': 'リージョン',
  'field.cluster': 'クラスター',
  'field.service': 'サービス',
  'field.task': 'タスク',
  'field.task-definition': 'タスク定義',
  'field.container': 'コンテナ',
  'field.image': 'イメージ',
  'field.stopped-at': '停止時刻',
  'field.stop-reason': '停止理由',
  'field.count': 'このインシデントで失敗したタスク',
  'field.count.value': '{count} 個({firstSeenAt} 以降)',
  'field.incident': 'インシデント',
  'scope.service': 'サービス {name}',
  'scope.family': 'タスク定義 {name}',
  'scope.task': 'タスク {name}',

  // 原因
  'cause.line': '原因: {title}({confidence})。',
  'cause.candidates': 'ほかに検討した原因: {list}。',
  // 何が変わったか(CloudTrail イベント履歴)
  'change.found':
    '{resource}: {time} に {actor} が {eventName} を実行しました。最初の失敗の {minutes} 分前です(CloudTrail イベント {eventId})。',
  'change.actor.unknown': '不明な呼び出し元',
  'change.events': '{name} イベント',
  'change.none':
    '最初の失敗までの {days} 日間の CloudTrail イベント履歴に、これを説明する変更の記録はありません(調べたもの: {checked})。',
  'change.unchecked':
    'CloudTrail イベント履歴を読めませんでした({reason})。上記の原因はこれに依存しません。誰が何を変更したかは、このリージョンの CloudTrail イベント履歴で証拠に挙げたリソースを検索してください。',
  'change.pending.lag':
    'まだ変更は見つかっていません(調べたもの: {checked})。CloudTrail イベント履歴に呼び出しが現れるまで最大 15 分かかることがあります。リマインダーで再確認します。',
  'change.pending.page':
    '最新のイベントの中に変更は見つかりませんでした(調べたもの: {checked})。それより古いものは読んでいません。リマインダーで再確認します。',
  'cause.text-only':
    '停止理由の文面のみから診断しました。AWS API は呼び出していません(別アカウント、またはオフライン)。',
  'cause.sidecar':
    'サイドカーの所見(重要度低): コンテナ {container} はタスク定義で必須ではないため、その取得失敗はタスク停止の原因では' +
    'ありません。タスクは別の理由で停止しました({stopReason})。上記の原因はサイドカーが起動しなかった理由であり、' +
    'タスクが停止した理由ではありません。',

  // 証拠 / 未確認
  // Terminal (CLI) output
  'terminal.title': 'タスク {task} のイメージ取得失敗 ({where})',
  'terminal.where.service': 'サービス {service}',
  'terminal.where.cluster': 'クラスター {cluster}',
  'terminal.cause': '原因',
  'terminal.because': '根拠',
  'terminal.changed': '変更',
  'terminal.fix': '対処',
  'terminal.more-lines': '… 残り {count} 行は下の「対処方法」にあります',
  'terminal.done': '変更',
  'terminal.unchecked': '未確認',
  'terminal.unchecked.count':
    '{count} 件の AWS 呼び出しが失敗しました。下の「確認できなかったこと」を参照してください。',
  'terminal.details': '=== 詳細 ===',
  'evidence.item': '[{result}] {detail}',
  'evidence.not-applicable':
    'このタスクに該当しないチェックが他に {count} 件あります(ecs-pull-doctor diagnose --json で一覧できます)。',
  'evidence.none': '証拠は収集されていません。',
  'evidence.more': 'ほか {count} 件(関数のログを参照)。',
  'unchecked.item': '{api} が失敗: {reason}。このため確認できなかった項目: {blocked}。',
  'unchecked.item.no-call': '{check}: {reason}',
  'unchecked.none': '診断に必要な項目はすべて確認できました。',
  'unchecked.advice': '確認できなかった項目は証拠として扱いません。読み取り権限を付与するか、手動で確認してください。',

  // 実施したこと
  'action.fixed': '自動で修正しました。',
  'action.fixed.verified': '修正後に結果を確認済みです。',
  'action.fixed.unverified': '修正は適用しましたが、まだ確認できていません。次のタスクが起動するか見てください。',
  'action.fixed.permission-check.allowed':
    'IAM のシミュレーションをやり直した結果、{role} は ECR からプルできるようになりました。',
  'action.fixed.permission-check.still-denied':
    'IAM のシミュレーションをやり直しても、{role} の ECR からのプルはまだ拒否されています。IAM ' +
    'の変更が反映されるまで数秒かかることがあります。次のタスクの起動を確認し、再び失敗する場合はアクセス許可の境界、サービスコントロールポリシー、リポジトリポリシーを確認してください。',
  'action.fixed.permission-check.could-not-check':
    '{role} がプルできるようになったかを IAM のシミュレーションで確認できませんでした。次のタスクの起動を確認してください。',
  'action.fixed.follow-up': '追加の対応:',
  'action.applied.item': '{step}({action}): {resource} を{result}。{detail}',
  'action.applied.created': '作成しました',
  'action.applied.already-present': '確認しました(既に存在)',
  'action.applied.changed': '変更しました',
  'action.applied.skipped': 'スキップしました',
  'action.failed': '自動修正がステップ {step} で失敗しました: {error}',
  'action.failed.done': '失敗までに実施したこと(そのまま残しています):',
  'action.failed.not-done': '実施していないこと:',
  'action.failed.advice':
    'ロールバックはしていません。実施していない手順を下記のとおり手動で行うか、エラーの原因を直して次に失敗するタスクで再試行させてください。',
  'action.proposed': '変更は行っていません。',
  'reason.not-opted-in':
    'この原因の自動修正は無効になっています。次回から自動で修正させるには、スタックを --parameters {parameter}=true でデプロイしてください。',
  'reason.not-opted-in.refused': 'この原因の自動修正は無効です。有効にしても、この環境では適用されません: {refusal}',
  'reason.not-opted-in.no-parameter': 'この原因の自動修正は無効です。',
  'reason.not-proven': '原因は「{confidence}」のため、自動では変更しません。自動修正は原因が確定した場合のみ行います。',
  'reason.sidecar':
    '必須でないサイドカーについては自動では変更しません。その取得失敗はタスク停止の原因ではありません。' +
    'サイドカーを動かす必要がある場合は、以下の手順を人が行ってください。',
  'reason.no-auto-fix-for-cause': 'この原因には自動修正がありません。以下の手順は人が行うものです。',
  'reason.refused': '自動修正は有効ですが、この環境では安全でないため適用しませんでした: {refusal}',
  'reason.refused.unknown': '自動修正は有効ですが、この環境では安全でないため適用しませんでした。',
  'reason.duplicate-fix':
    'これはリマインダーです。自動修正はインシデントの最初の通知でのみ試みるため、今回は何も変更していません。障害は続いているので、以下の手順がまだ必要です。',
  'reason.no-time':
    '時間が足りないため、自動修正を開始しませんでした。この実行の残り時間では、修正を適用したうえでこの通知を送り記録することができませんでした。何も変更していません。以下の手順は人が行うものです。',
  'reason.member-not-opted-in':
    '自動修正は中央で有効ですが、アカウント {account} は {region} でこの修正を有効にしていません(ロール {role} を引き受けられませんでした)。何も変更していません。以下の手順は人が行うものです。' +
    'そこで ecs-pull-doctor に適用させるには、{account} の {region} のメンバースタックインスタンスで {parameter}=true を設定してください。',
  'reason.not-recorded':
    '自動修正を開始しませんでした。行う変更を事前にインシデントへ記録できませんでした(インシデントテーブルが応答しませんでした)。何も変更していません。以下の手順は人が行うものです。',
  'reason.failed-in-earlier-attempt':
    'このインシデントの以前の試行が自動修正を開始しましたが、途中で失敗しました(変更した内容は上記のとおりです)。人が確認しないまま再び開始することはないため、今回は何も変更していません。以下の手順で完了してください。',
  'reason.fixed-by-earlier-attempt':
    'このインシデントの以前の試行が自動修正を既に適用しています(上記)。同じ修正を二度適用することはないため、今回は何も変更していません。',

  // このインシデントの以前の試行が通知前に停止し、この試行が引き継いだ場合(lambda/notify/earlier-attempt.ts)
  'earlier.stopped':
    'このインシデントの以前の試行は通知する前に停止しました(担当期限 {at})。代わりにこの通知を送ります。',
  'earlier.changed': 'このインシデントの以前の試行が {at} にアカウントを変更し、通知する前に停止しました:',
  'earlier.failed':
    'このインシデントの以前の試行が {at} に自動修正を開始しましたが、途中で失敗し、通知する前に停止しました。変更した内容:',
  'earlier.failed.nothing':
    'このインシデントの以前の試行が {at} に自動修正を開始しましたが、何も変更しないうちに失敗し、通知する前に停止しました。',
  'earlier.changed.item': '{at} に、このインシデントの以前の試行が {resource} を{result}({action})',
  'earlier.intended':
    'このインシデントの以前の試行が {at} に自動修正を開始し、結果を記録する前に停止しました。次の変更を行おうとしていました。これらのリソースを確認してください(現在の状態はこの通知に記載しています):',
  'earlier.intended.item': '{resource} に対する {action}',
  'earlier.intended.item.token': '{resource} に対する {action}(クライアントトークン {token})',

  // 対処方法
  'proposal.step.auto': '({parameter}=true なら自動修正がこの手順を行います)',
  'proposal.step.manual': '(手動)',
  'proposal.command': 'コマンド:',
  'proposal.document': 'ドキュメント:',
  'proposal.none': '分かっている情報からは手順を提案できません。まず上記の証拠を確認してください。',

  // リンク
  'link.task': 'タスク',
  'link.service': 'サービス',
  'link.task-definition': 'タスク定義',
  'link.role': 'タスク実行ロール',
  'link.repository': 'ECR リポジトリ',
  'link.endpoints': 'VPC エンドポイント',
  'link.subnet': 'サブネット {id}',
  'link.security-group': 'セキュリティグループ {id}',

  // 通知の抑止
  'silence.window':
    'インシデント {incident}: {scope} で同じ原因の失敗が続いても、{window} 分間は件数を数えるだけで通知しません(スタックパラメータ ' +
    'NotificationWindowMinutes)。その後も失敗が続く場合は、件数を添えたリマインダーを 1 回送ります。',
  'silence.filter':
    'この原因の通知をサブスクリプション単位で止めるには、フィルターポリシーを設定してください: {policy}',
  'silence.fix':
    'タスクが起動できるようになれば通知は止まります。原因を直すか、サービスを 0 にスケールして再試行を止めてください: {command}',
  'silence.fix.no-service':
    'タスクが起動できるようになれば通知は止まります。原因を直すか、これらのタスクを起動している仕組みを止めてください。',

  // チャット(Amazon Q Developer in chat applications、client-markdown)
  'chat.title': ':rotating_light: ECS イメージの取得に失敗: {cause}({scope}、{cluster})',
  'chat.title.fixed': ':white_check_mark: ECS イメージの取得失敗を自動修正: {cause}({scope}、{cluster})',
  'chat.title.failed': ':x: ECS イメージの取得失敗、自動修正に失敗: {cause}({scope}、{cluster})',
  'chat.title.reminder': ':repeat: 失敗が継続中({count} タスク): {cause}({scope}、{cluster})',
  'chat.next-step': '*次の手順:* {text}',
  'chat.full-text': 'コマンドやドキュメントを含む診断の全文は、メール通知を参照してください。',

  footer: 'ecs-pull-doctor からの通知です。インシデント {incident}。',

  // サージ要約(1 分間の新しいインシデントが MaxDiagnosesPerMinute を超えたとき)。件名は ASCII。
  'subject.surge': 'ECS image pulls failing in {total} services ({account}, {region}): summary',
  'surge.intro':
    'アカウント {account}、リージョン {region} で、イメージ取得失敗の新しいインシデントが {total} 件発生しました。このデプロイが 1 ' +
    '分間に行う完全な診断の上限 {cap} 件(スタックパラメータ MaxDiagnosesPerMinute)を超えています。',
  'surge.split':
    '{diagnosed} 件は完全に診断し、それぞれ個別に通知しました。残りの {counted} 件は {until} まで診断せずに件数だけを数えます。アカウントの ' +
    'Lambda 同時実行数や、デプロイパイプラインと共有する IAM のリクエストレートを使い切らないためです。',
  'surge.previous': '前回のサージ({startedAt} から)では、{counted} 件のインシデントを診断せずに数えました。',
  'surge.heading.texts': '停止理由(サービス数の多い順。イメージ名、ID、アドレスは伏せています)',
  'surge.text': '{n} × {text}',
  'surge.where': '    {list}',
  'surge.where.more': '    {list} ほか {more} 件',
  'surge.unlisted': 'ほかに {n} 件のインシデントを一覧に載せずに数えました(一覧は最初の {max} 件まで)。',
  'surge.heading.diagnosed': '完全に診断したもの(個別に通知済み)',
  'surge.heading.todo': '確認すること',
  'surge.todo.shared':
    '多くのサービスが同じ文言で同時に失敗する場合、原因は共通であることがほとんどです。リージョン単位の ECR・STS・ネットワークの障害({region} の ' +
    'ECR、ECS、Fargate について AWS Health Dashboard を確認してください)、共有しているネットワークの変更(ルートテーブル、VPC ' +
    'エンドポイント、ファイアウォール、DNS)、全体にかかる権限の変更(SCP、アクセス許可の境界、KMS キー)などです。まず、同じ文言のサービスの完全な診断を 1 ' +
    'つ読んでください。',
  'surge.todo.after':
    '{until} 以降も失敗が続くインシデントは、再び個別に診断します(1 分間に最大 {cap} 件)。このアカウントでこの件数が通常であれば、MaxDiagnosesPerMinute を引き上げてください。',
  'surge.unreadable':
    'インシデントテーブルからサービスの一覧を読み戻せませんでした。この要約には、送信したインシデントだけを記載しています: {where}。',
  'surge.footer': 'ecs-pull-doctor からの通知です。サージ {surge}。',
  'surge.chat.title': ':rotating_light: {total} 個のサービスで ECS イメージの取得に失敗({account}、{region})',
};
