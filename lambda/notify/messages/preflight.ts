/**
 * Texts of `ecs-pull-doctor preflight` (issue 19): a task definition examined before its deploy. Keep the key sets of
 * both languages identical; merged into each language's catalogue by ../catalogue-text.ts. The tags (FAIL, LIKELY,
 * RISK, OK, UNCHECKED) stay English in both, so that a CI log can be searched for them.
 */
export const preflightTexts: Record<'en' | 'ja', Record<string, string>> = {
  en: {
    'preflight.title':
      'Preflight of task definition {taskDefinition}: cluster {cluster}, {region}, {launchType}{network}',
    'preflight.network.subnets': ', subnets {subnets}',
    'preflight.network.service': ', the network configuration of service {service}',
    'preflight.network.none': ', no subnets given (network path not checked)',
    'preflight.container.ok': '{container} ({image}): nothing found that blocks the pull',
    'preflight.finding': '{container} ({image}): {title} [{cause}] ({confidence})',
    'preflight.confidence.risk': 'a risk, not a failure',
    'preflight.because': 'Because',
    'preflight.plan.edit-file': 'Correct the task definition file of {family} before you register it: {what}.',
    'preflight.network.public-ip': ', assignPublicIp {assignPublicIp}',
    'preflight.network.instance':
      ', bridge/host network mode on EC2: the pull leaves through a container instance (network not checked)',
    'preflight.fix': 'Fix',
    'preflight.unchecked': '{container}: not checked: {check} ({api}: {reason})',
    'preflight.unchecked.no-call': '{container}: not checked: {check} ({reason})',
    'preflight.result.pass': 'Result: nothing blocks the pull of the {count} container(s) checked (exit 0).',
    'preflight.result.fail': 'Result: the pull will fail: {count} finding(s) proven by the account (exit 5).',
    'preflight.result.unchecked': 'Result: nothing proven, but {unchecked} check(s) could not run (exit 6).',
    'preflight.result.likely': 'Result: nothing proven, but {likely} finding(s) are likely (exit 6).',
    'preflight.result.unknown':
      'Result: nothing proven, but {likely} finding(s) are only likely and {unchecked} check(s) could not run ' +
      '(exit 6).',
  },
  ja: {
    'preflight.title':
      'タスク定義 {taskDefinition} のプリフライト: クラスター {cluster}、{region}、{launchType}{network}',
    'preflight.network.subnets': '、サブネット {subnets}',
    'preflight.network.service': '、サービス {service} のネットワーク設定',
    'preflight.network.none': '、サブネット指定なし（ネットワーク経路は未確認）',
    'preflight.container.ok': '{container}（{image}）: プルを妨げるものは見つかりませんでした',
    'preflight.finding': '{container}（{image}）: {title} [{cause}]（{confidence}）',
    'preflight.confidence.risk': 'リスク。失敗ではありません',
    'preflight.because': '根拠',
    'preflight.plan.edit-file': '登録する前に {family} のタスク定義ファイルを修正してください: {what}。',
    'preflight.network.public-ip': '、assignPublicIp {assignPublicIp}',
    'preflight.network.instance':
      '、EC2 のブリッジ／ホストネットワークモード: プルはコンテナインスタンスを経由します（ネットワークは未確認）',
    'preflight.fix': '対処',
    'preflight.unchecked': '{container}: 未確認: {check}（{api}: {reason}）',
    'preflight.unchecked.no-call': '{container}: 未確認: {check}（{reason}）',
    'preflight.result.pass': '結果: 確認した {count} 個のコンテナのプルを妨げるものはありません（終了コード 0）。',
    'preflight.result.fail': '結果: プルは失敗します。アカウントで確定した指摘が {count} 件あります（終了コード 5）。',
    'preflight.result.likely':
      '結果: 確定した指摘はありませんが、可能性が高い指摘が {likely} 件あります（終了コード 6）。',
    'preflight.result.unchecked':
      '結果: 確定した指摘はありませんが、実行できなかった確認が {unchecked} 件あります（終了コード 6）。',
    'preflight.result.unknown':
      '結果: 確定した指摘はありませんが、可能性が高い指摘が {likely} 件、実行できなかった確認が {unchecked} 件あります（終了コード 6）。',
  },
};
