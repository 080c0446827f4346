/**
 * Texts of the resolved message (issue 17: a service of an open incident runs its tasks again). Keep the key sets
 * of both languages identical; merged into each language's catalogue by ../catalogue-text.ts.
 */
export const recoveryTexts: Record<'en' | 'ja', Record<string, string>> = {
  en: {
    'subject.resolved': '[resolved] ECS image pull works again - svc {service} ({cluster}, {region})',
    'subject.rolled-back': '[rolled back] ECS service runs an earlier revision - svc {service} ({cluster}, {region})',
    'resolved.chat.title': 'Resolved: service {service} ({cluster}) runs its tasks again',
    'resolved.chat.title.rolled-back': 'Rolled back: service {service} ({cluster}) runs again, on another revision',
    'resolved.intro':
      'Service {service} in cluster {cluster} ({region}) runs its tasks again: {running} of {desired} running, ' +
      'read from the account (ecs:DescribeServices) after {signal}.',
    'resolved.incident':
      'Incident {incident}: {cause}. First failure {firstSeenAt}, running again {recoveredAt} ({duration}). ' +
      'Failed tasks counted: {count}.',
    'resolved.td.same': 'It runs task definition {taskDefinition}, the one whose tasks could not pull.',
    'resolved.td.other':
      'It runs task definition {taskDefinition}, not {failed} whose tasks could not pull: a rollback or a new ' +
      'revision, so the failing revision itself may still fail.',
    'resolved.heading.fixed-by': 'What fixed it',
    'resolved.fixed.tool': 'The fix of ecs-pull-doctor, applied {at}: {steps}.',
    'resolved.fixed.outside':
      'A change outside this tool: {resource}: {eventName} by {actor} at {time}, {minutes} min before the ' +
      'recovery (CloudTrail event {eventId}).',
    'resolved.fixed.none':
      'Not known: ecs-pull-doctor changed nothing, and CloudTrail event history records no change that fixes ' +
      'this cause on what it looked up ({checked}).',
    'resolved.fixed.unchecked': 'Not known: CloudTrail event history could not be read ({reason}).',
    'resolved.fixed.pending':
      'Not known yet: ecs-pull-doctor changed nothing, and CloudTrail event history shows no fixing change on what ' +
      'it looked up ({checked}); a change of the last 15 minutes may not show there yet.',
    'resolved.fixed.rollback':
      'Nothing was fixed: the service runs task definition {taskDefinition} again (a rollback or another ' +
      'revision), not {failed} whose tasks could not pull. That revision would still fail.',
    'resolved.fixed.not-asked': 'Not known: ecs-pull-doctor changed nothing, and this cause has nothing to look up.',
    'resolved.heading.changed': 'What had changed',
    'resolved.duration.minutes': '{minutes} min',
    'resolved.duration.hours': '{hours} h {minutes} min',
    'resolved.footer':
      'Incident {incident} is closed: a new failure of this service starts a new incident. Sent once per incident.',
  },
  ja: {
    'subject.resolved': '[resolved] ECS image pull works again - svc {service} ({cluster}, {region})',
    'subject.rolled-back': '[rolled back] ECS service runs an earlier revision - svc {service} ({cluster}, {region})',
    'resolved.chat.title': '解決: サービス {service}({cluster})のタスクが再び動いています',
    'resolved.chat.title.rolled-back': 'ロールバック: サービス {service}({cluster})は別のリビジョンで再び動いています',
    'resolved.intro':
      'クラスター {cluster}({region})のサービス {service} のタスクが再び動いています。{desired} 個中 {running} ' +
      '個が実行中です({signal} の後、アカウントから ecs:DescribeServices で読み取り)。',
    'resolved.incident':
      'インシデント {incident}: {cause}。最初の失敗 {firstSeenAt}、回復 {recoveredAt}({duration})。失敗したタスクは {count} 個でした。',
    'resolved.td.same': '実行中のタスク定義は {taskDefinition} で、イメージを取得できなかったものと同じです。',
    'resolved.td.other':
      '実行中のタスク定義は {taskDefinition} で、イメージを取得できなかった {failed} ではありません。ロールバックか新しい' +
      'リビジョンのため、失敗したリビジョン自体はまだ失敗する可能性があります。',
    'resolved.heading.fixed-by': '何が直したか',
    'resolved.fixed.tool': 'ecs-pull-doctor の修正({at} に適用): {steps}。',
    'resolved.fixed.outside':
      'このツール以外の変更: {resource}: {time} に {actor} が {eventName} を実行しました。回復の {minutes} 分前です' +
      '(CloudTrail イベント {eventId})。',
    'resolved.fixed.none':
      '不明です。ecs-pull-doctor は何も変更しておらず、CloudTrail イベント履歴にもこの原因を直す変更の記録は' +
      'ありません(調べたもの: {checked})。',
    'resolved.fixed.unchecked': '不明です。CloudTrail イベント履歴を読めませんでした({reason})。',
    'resolved.fixed.pending':
      'まだ不明です。ecs-pull-doctor は何も変更しておらず、調べた対象({checked})に修正の記録はまだありません。直近 15 分の変更は' +
      'イベント履歴にまだ現れていない可能性があります。',
    'resolved.fixed.rollback':
      '修正はされていません。サービスはタスク定義 {taskDefinition}(ロールバックまたは別のリビジョン)で動いており、イメージを' +
      '取得できなかった {failed} ではありません。そのリビジョンはまだ失敗します。',
    'resolved.fixed.not-asked': '不明です。ecs-pull-doctor は何も変更しておらず、この原因には調べる対象がありません。',
    'resolved.heading.changed': '何が変わっていたか',
    'resolved.duration.minutes': '{minutes} 分',
    'resolved.duration.hours': '{hours} 時間 {minutes} 分',
    'resolved.footer':
      'インシデント {incident} は終了しました。このサービスが再び失敗すると新しいインシデントになります。このメッセージはインシデントごとに 1 回です。',
  },
};
