/**
 * The title, explanation and evidence sentences of execution-role-ecr-permissions (its check is in
 * execution-role-ecr-permissions.ts).
 */
import { type CauseModule, texts } from '../module';

export const ECR_PERMISSIONS_TEXTS = texts(
  {
    'evidence.part.what.role-permissions': 'The permissions of execution role {role}',
    'evidence.part.what.instance-role-permissions': 'The permissions of container instance role {role}',
    'evidence.part.permission': '{action} on {resource}: {decision}',
    'evidence.part.permission.by': '{action} on {resource}: {decision} (by {deniedBy})',
    'evidence.execution-role-ecr-permissions.not-ecr': 'The image {image} is not in a private ECR registry.',
    'evidence.execution-role-ecr-permissions.not-ecr.unknown-image':
      'The image (unknown) is not in a private ECR registry.',
    'evidence.execution-role-ecr-permissions.ec2':
      'The task definition has no execution role: on a container instance the instance role pulls from ECR ' +
      '(see instance-role-ecr-permissions).',
    'evidence.execution-role-ecr-permissions.no-role':
      'The task definition has no execution role (see execution-role-missing).',
    'evidence.ecr-pull.not-evaluated': 'The ECR pull actions were not all evaluated for {role} on {repository}.',
    'evidence.ecr-pull.allowed.simulation': 'By iam:SimulatePrincipalPolicy, {role} is allowed {checks}.',
    'evidence.ecr-pull.allowed.documents': "By the role's own policy documents, {role} is allowed {checks}.",
    'evidence.ecr-pull.allowed-unsure.simulation':
      'By iam:SimulatePrincipalPolicy, {role} is allowed the ECR pull actions on {repository}; ' +
      'service control policies and permissions boundaries were not visible, so a deny there is ' +
      'not excluded.',
    'evidence.ecr-pull.allowed-unsure.documents':
      "By the role's own policy documents, {role} is allowed the ECR pull actions on " +
      '{repository}; service control policies and permissions boundaries were not visible, so a ' +
      'deny there is not excluded.',
    'evidence.ecr-pull.denied.simulation.explicit':
      'By iam:SimulatePrincipalPolicy, {role} is not allowed: {checks} (explicit deny).',
    'evidence.ecr-pull.denied.simulation.implicit':
      'By iam:SimulatePrincipalPolicy, {role} is not allowed: {checks} (implicit deny: no statement allows it).',
    'evidence.ecr-pull.denied.documents.explicit':
      "By the role's own policy documents, {role} is not allowed: {checks} (explicit deny).",
    'evidence.ecr-pull.denied.documents.implicit':
      "By the role's own policy documents, {role} is not allowed: {checks} (implicit deny: no statement allows it).",
    'evidence.ecr-pull.denied.documents.implicit.scp':
      "By the role's own policy documents, {role} is not allowed: {checks} (implicit deny: no " +
      'statement allows it). A service control policy could also deny; attaching a policy is ' +
      'necessary either way.',
    'evidence.ecr-pull.denied.documents.explicit.unread':
      "By the role's own policy documents, {role} is not allowed: {checks} (explicit deny). " +
      "{unread} of the role's policies could not be read.",
    'evidence.ecr-pull.denied.documents.implicit.unread':
      "By the role's own policy documents, {role} is not allowed: {checks} (implicit deny: no " +
      "statement allows it). {unread} of the role's policies could not be read.",
    'evidence.ecr-pull.allowed-undecided.simulation':
      'By iam:SimulatePrincipalPolicy, {role} is allowed {checks}, but IAM decided without ' +
      '{keys}: a conditional deny was not evaluated.',
    'evidence.ecr-pull.denied.simulation.organizations':
      'A service control policy of the organization denies {role} the ECR pull, so attaching a ' +
      'policy to the role cannot help. By iam:SimulatePrincipalPolicy: {checks}.',
    'evidence.ecr-pull.denied.simulation.permissions-boundary':
      'The permissions boundary of {role} denies it the ECR pull, so attaching a policy to the ' +
      'role cannot help. By iam:SimulatePrincipalPolicy: {checks}.',
    'evidence.ecr-pull.denied.documents.organizations':
      'A service control policy of the organization denies {role} the ECR pull, so attaching a ' +
      "policy to the role cannot help. By the role's own policy documents: {checks}.",
    'evidence.ecr-pull.denied.documents.permissions-boundary':
      'The permissions boundary of {role} denies it the ECR pull, so attaching a policy to the ' +
      "role cannot help. By the role's own policy documents: {checks}.",
    'evidence.ecr-pull.undecided.simulation':
      'IAM could not decide without {keys}: the grant is conditional. By ' +
      'iam:SimulatePrincipalPolicy, {role} is not allowed without them: {checks}.',
    'evidence.ecr-pull.undecided.documents':
      "The role's own policy documents could not be decided without {keys}: the grant is " +
      'conditional. Without them, {role} is not allowed: {checks}.',
    'evidence.ecr-pull.repository-policy.denies.simulation':
      'The repository policy of {repository} explicitly denies {role} {actions} (statement ' +
      '{statements}), so attaching a policy to the role cannot help. By ' +
      'iam:SimulatePrincipalPolicy: {checks}.',
    'evidence.ecr-pull.repository-policy.denies.documents':
      'The repository policy of {repository} explicitly denies {role} {actions} (statement ' +
      "{statements}), so attaching a policy to the role cannot help. By the role's own policy " +
      'documents: {checks}.',
    'evidence.ecr-pull.repository-policy.may-deny.simulation':
      'The repository policy of {repository} may deny {role} {actions} (statement {statements}, ' +
      'a condition not evaluable here), so attaching a policy to the role may not help. By ' +
      'iam:SimulatePrincipalPolicy: {checks}.',
    'evidence.ecr-pull.repository-policy.may-deny.documents':
      'The repository policy of {repository} may deny {role} {actions} (statement {statements}, ' +
      'a condition not evaluable here), so attaching a policy to the role may not help. By the ' +
      "role's own policy documents: {checks}.",
    'evidence.ecr-pull.repository-policy.not-read':
      "The repository policy of {repository} was not read: in the task's account it can grant " +
      '{role} the pull without any identity policy, so the implicit deny is not proof.',
    'evidence.ecr-pull.repository-policy.unread':
      "The repository policy of {repository} could not be read ({reason}): in the task's account " +
      'it can grant {role} the pull without any identity policy, so the implicit deny is not ' +
      'proof.',
    'evidence.ecr-pull.repository-policy.conditional':
      'The repository policy of {repository} grants {role} {actions} under conditions that ' +
      "cannot be evaluated here: in the task's account such a grant needs no identity policy, so " +
      'the implicit deny is not proof.',
    'evidence.ecr-pull.repository-policy.grants':
      "The repository policy of {repository} grants {role} {actions}: in the task's account that " +
      "is enough without any identity policy, so the identity policies' implicit deny does not " +
      'stop the pull.',
  },
  {
    'evidence.part.what.role-permissions': 'タスク実行ロール {role} の権限',
    'evidence.part.what.instance-role-permissions': 'コンテナインスタンスのロール {role} の権限',
    'evidence.part.permission': '{resource} に対する {action}: {decision}',
    'evidence.part.permission.by': '{resource} に対する {action}: {decision}（{deniedBy} による）',
    'evidence.execution-role-ecr-permissions.not-ecr': 'イメージ {image} はプライベートな ECR レジストリにありません。',
    'evidence.execution-role-ecr-permissions.not-ecr.unknown-image':
      'イメージ（不明）はプライベートな ECR レジストリにありません。',
    'evidence.execution-role-ecr-permissions.ec2':
      'タスク定義にタスク実行ロールがありません。コンテナインスタンスでは ECR からのプルにインスタンスのロールが使われます（instance-role-ecr-permissions を参照）。',
    'evidence.execution-role-ecr-permissions.no-role':
      'タスク定義にタスク実行ロールがありません（execution-role-missing を参照）。',
    'evidence.ecr-pull.not-evaluated': '{repository} に対する {role} の ECR プル操作を、すべては評価できていません。',
    'evidence.ecr-pull.allowed.simulation':
      'iam:SimulatePrincipalPolicy によると、{role} には次が許可されています: {checks}。',
    'evidence.ecr-pull.allowed.documents':
      'ロール自身のポリシードキュメントによると、{role} には次が許可されています: {checks}。',
    'evidence.ecr-pull.allowed-unsure.simulation':
      'iam:SimulatePrincipalPolicy によると、{role} には {repository} に対する ECR ' +
      'のプル操作が許可されています。サービスコントロールポリシーとアクセス許可の境界は見えないため、そこでの拒否は否定できません。',
    'evidence.ecr-pull.allowed-unsure.documents':
      'ロール自身のポリシードキュメントによると、{role} には {repository} に対する ECR ' +
      'のプル操作が許可されています。サービスコントロールポリシーとアクセス許可の境界は見えないため、そこでの拒否は否定できません。',
    'evidence.ecr-pull.denied.simulation.explicit':
      'iam:SimulatePrincipalPolicy によると、{role} には次が許可されていません: {checks}（明示的な拒否）。',
    'evidence.ecr-pull.denied.simulation.implicit':
      'iam:SimulatePrincipalPolicy によると、{role} には次が許可されていません: {checks}（暗黙的な拒否: 許可するステートメントがありません）。',
    'evidence.ecr-pull.denied.documents.explicit':
      'ロール自身のポリシードキュメントによると、{role} には次が許可されていません: {checks}（明示的な拒否）。',
    'evidence.ecr-pull.denied.documents.implicit':
      'ロール自身のポリシードキュメントによると、{role} には次が許可されていません: {checks}（暗黙的な拒否: 許可するステートメントがありません）。',
    'evidence.ecr-pull.denied.documents.implicit.scp':
      'ロール自身のポリシードキュメントによると、{role} には次が許可されていません: {checks}（暗黙的な拒否: ' +
      '許可するステートメントがありません）。サービスコントロールポリシーが拒否している可能性もありますが、いずれにしてもポリシーのアタッチは必要です。',
    'evidence.ecr-pull.denied.documents.explicit.unread':
      'ロール自身のポリシードキュメントによると、{role} には次が許可されていません: {checks}（明示的な拒否）。ロールのポリシーのうち {unread} 件を読み取れませんでした。',
    'evidence.ecr-pull.denied.documents.implicit.unread':
      'ロール自身のポリシードキュメントによると、{role} には次が許可されていません: {checks}（暗黙的な拒否: ' +
      '許可するステートメントがありません）。ロールのポリシーのうち {unread} 件を読み取れませんでした。',
    'evidence.ecr-pull.allowed-undecided.simulation':
      'iam:SimulatePrincipalPolicy によると、{role} には次が許可されています: {checks}。ただし IAM は {keys} なしで判定したため、条件付きの拒否は評価されていません。',
    'evidence.ecr-pull.denied.simulation.organizations':
      '組織のサービスコントロールポリシーが {role} の ECR ' +
      'からのプルを拒否しているため、ロールにポリシーをアタッチしても解決しません。iam:SimulatePrincipalPolicy の結果: {checks}。',
    'evidence.ecr-pull.denied.simulation.permissions-boundary':
      '{role} のアクセス許可の境界が ECR からのプルを拒否しているため、ロールにポリシーをアタッチしても解決しません。iam:SimulatePrincipalPolicy の結果: {checks}。',
    'evidence.ecr-pull.denied.documents.organizations':
      '組織のサービスコントロールポリシーが {role} の ECR からのプルを拒否しているため、ロールにポリシーをアタッチしても解決しません。ロール自身のポリシードキュメントの結果: {checks}。',
    'evidence.ecr-pull.denied.documents.permissions-boundary':
      '{role} のアクセス許可の境界が ECR からのプルを拒否しているため、ロールにポリシーをアタッチしても解決しません。ロール自身のポリシードキュメントの結果: {checks}。',
    'evidence.ecr-pull.undecided.simulation':
      'IAM は {keys} がないと判定できませんでした。許可は条件付きです。iam:SimulatePrincipalPolicy によると、それらがない場合 {role} には次が許可されていません: {checks}。',
    'evidence.ecr-pull.undecided.documents':
      'ロール自身のポリシードキュメントは {keys} がないと判定できませんでした。許可は条件付きです。それらがない場合、{role} には次が許可されていません: {checks}。',
    'evidence.ecr-pull.repository-policy.denies.simulation':
      '{repository} のリポジトリポリシーは {role} に {actions} を明示的に拒否しています (ステートメント ' +
      '{statements})。ロールにポリシーをアタッチしても解決しません。iam:SimulatePrincipalPolicy による結果: {checks}。',
    'evidence.ecr-pull.repository-policy.denies.documents':
      '{repository} のリポジトリポリシーは {role} に {actions} を明示的に拒否しています (ステートメント ' +
      '{statements})。ロールにポリシーをアタッチしても解決しません。ロール自身のポリシードキュメントによる結果: {checks}。',
    'evidence.ecr-pull.repository-policy.may-deny.simulation':
      '{repository} のリポジトリポリシーは {role} に {actions} を拒否している可能性があります (ステートメント ' +
      '{statements}、ここでは評価できない条件)。ロールにポリシーをアタッチしても解決しない可能性があります。iam:SimulatePrincipalPolicy ' +
      'による結果: {checks}。',
    'evidence.ecr-pull.repository-policy.may-deny.documents':
      '{repository} のリポジトリポリシーは {role} に {actions} を拒否している可能性があります (ステートメント ' +
      '{statements}、ここでは評価できない条件)。ロールにポリシーをアタッチしても解決しない可能性があります。ロール自身のポリシードキュメントによる結果: {checks}。',
    'evidence.ecr-pull.repository-policy.not-read':
      '{repository} のリポジトリポリシーは読み取っていません。タスクと同じアカウントではリポジトリポリシーだけで {role} にプルを許可できるため、暗黙的な拒否は証明になりません。',
    'evidence.ecr-pull.repository-policy.unread':
      '{repository} のリポジトリポリシーを読み取れませんでした（{reason}）。タスクと同じアカウントではリポジトリポリシーだけで {role} にプルを許可できるため、暗黙的な拒否は証明になりません。',
    'evidence.ecr-pull.repository-policy.conditional':
      '{repository} のリポジトリポリシーは、ここでは評価できない条件付きで {role} に {actions} ' +
      'を許可しています。タスクと同じアカウントではこの許可にアイデンティティポリシーは不要なため、暗黙的な拒否は証明になりません。',
    'evidence.ecr-pull.repository-policy.grants':
      '{repository} のリポジトリポリシーは {role} に {actions} ' +
      'を許可しています。タスクと同じアカウントではこれだけで足りアイデンティティポリシーは不要なため、アイデンティティポリシーの暗黙的な拒否はプルを妨げません。',
  },
);

export const ECR_PERMISSIONS_WORDS: CauseModule['words'] = {
  en: {
    title: 'execution role cannot pull from ECR',
    explain:
      'The task execution role is not allowed to pull from Amazon ECR: it needs ecr:GetAuthorizationToken on ' +
      '"*" and ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer and ecr:BatchGetImage on the ' +
      'repository.',
  },
  ja: {
    title: 'タスク実行ロールに ECR からの pull 権限がない',
    explain:
      'タスク実行ロールに Amazon ECR からイメージを取得する権限がありません。"*" に対する ecr:GetAuthorizationToken と、リポジトリに対する ' +
      'ecr:BatchCheckLayerAvailability・ecr:GetDownloadUrlForLayer・ecr:BatchGetImage が必要です。',
  },
};
