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
  // プルスルーキャッシュの原因が共有(facts/pull-through-cache.ts)
  'evidence.part.what.pull-through-cache-rules': 'レジストリ {account} のプルスルーキャッシュルール',
  'evidence.part.task-differs': '{what} は {actual} (イベントでは {claimed})',

  // ネットワーク（共通）

  // network-no-route

  // public-ip-disabled

  // vpc-endpoint-missing

  // vpc-dns-disabled

  // security-group-blocks

  // network-acl-blocks

  // 確認できなかった事実、停止理由、チェックの失敗（diagnose.ts）
  'evidence.check-failed': '{cause} のチェックが失敗しました: {error}',
  'evidence.stop-reason-text': '停止理由は {family} ファミリーに該当します。テキストからの候補: {candidates}。',
  'evidence.stop-reason-text.alone':
    '停止理由は {family} ファミリーに該当します。テキストだけからの候補: {candidates}。',
  'evidence.summary.unknown':
    '原因を証明できませんでした。除外した原因: {ruledOut}。確認できなかった項目: {unchecked}。',

  // イメージ参照の解析エラー（image-ref.ts）

  // イメージ
};
