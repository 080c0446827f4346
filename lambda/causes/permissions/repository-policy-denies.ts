/**
 * repository-policy-denies: the repository policy (often another account's) does not let the execution role
 * pull. The policy, evaluated for the role and the task's account, proves it: an explicit Deny, or (across
 * accounts) no statement that allows; a condition on a key not known here leaves it undecided.
 */
import { ecrRepositoryArn } from '../../domain/image-ref';
import { requestContext } from '../../facts/policy-eval/context';
import { evaluatePolicies, principalMatcher } from '../../facts/policy-eval/evaluate';
import { Finding, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { planRepositoryPolicyDenies, REPOSITORY_POLICY_PLAN_TEXTS } from './repository-policy-plan';
import { CHECKED_PULL_ACTIONS } from './shared';

const TEXTS = texts(
  {
    'evidence.part.what.repository-policy': 'The repository policy of {repository}',
    'evidence.part.what.repository-policy.other-account': 'The repository policy of {repository} (account {account})',
    'evidence.repository-policy-denies.not-ecr': 'The image is not in a private ECR registry.',
    'evidence.repository-policy-denies.not-read': 'The policy of {repository} was not read.',
    'evidence.repository-policy-denies.no-policy.other-account':
      '{repository} is in account {owner} and has no repository policy, so account {account} cannot pull from it.',
    'evidence.repository-policy-denies.no-policy':
      '{repository} has no repository policy (same account: identity policies decide).',
    'evidence.repository-policy-denies.explicit-deny.statement':
      'The policy of {repository} explicitly denies {actions} (statement {statements}).',
    'evidence.repository-policy-denies.explicit-deny.condition':
      'The policy of {repository} explicitly denies {actions}: the condition of statement ' +
      '{statements} on {keys} holds for this pull.',
    'evidence.repository-policy-denies.not-allowed':
      'The policy of {repository} does not allow (account {account}): {actions}.',
    'evidence.repository-policy-denies.not-allowed.role':
      'The policy of {repository} does not allow (account {account}, role {role}): {actions}.',
    'evidence.repository-policy-denies.undecided-deny':
      'The policy of {repository} may deny {actions}: the condition of statement {statements} on ' +
      '{keys} cannot be evaluated here.',
    'evidence.repository-policy-denies.undecided-allow':
      'The policy of {repository} allows {actions} only under the condition of statement ' +
      '{statements} on {keys}, which cannot be evaluated here.',
    'evidence.repository-policy-denies.allowed.role': 'The policy of {repository} allows {actions} for {principal}.',
    'evidence.repository-policy-denies.allowed.role.same-account':
      'The policy of {repository} allows {actions} for {principal} (or does not deny them).',
    'evidence.repository-policy-denies.allowed.account':
      'The policy of {repository} allows {actions} for account {principal}.',
    'evidence.repository-policy-denies.allowed.account.same-account':
      'The policy of {repository} allows {actions} for account {principal} (or does not deny them).',
  },
  {
    'evidence.part.what.repository-policy': '{repository} のリポジトリポリシー',
    'evidence.part.what.repository-policy.other-account': '{repository}（アカウント {account}）のリポジトリポリシー',
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
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('repository-policy-denies');
  const ref = ctx.imageRef;
  if (ref?.registryType !== 'ecr')
    return f
      .add('ecr-image', 'not-applicable', TEXTS.t('evidence.repository-policy-denies.not-ecr'))
      .done('not-applicable');
  const repoArn = ecrRepositoryArn(ref)!;
  const crossAccount = ref.accountId !== ctx.account;
  const ecr = ctx.facts.ecr;
  const textSays = /resource-based policy|repository policy/i.test(ctx.text);
  if (!ecr?.repositoryPolicy) {
    return f
      .add(
        'repository-policy',
        'not-applicable',
        TEXTS.t('evidence.repository-policy-denies.not-read', { repository: repoArn }),
      )
      .done(crossAccount || textSays ? 'possible' : 'not-applicable');
  }
  if (!ecr.repositoryPolicy.ok) {
    const what = crossAccount
      ? TEXTS.t('evidence.part.what.repository-policy.other-account', {
          repository: repoArn,
          account: ref.accountId ?? '',
        })
      : TEXTS.t('evidence.part.what.repository-policy', { repository: repoArn });
    f.unknown('repository-policy', ecr.repositoryPolicy, what);
    return f.done(crossAccount || textSays ? 'possible' : 'unknown');
  }
  const policy = ecr.repositoryPolicy.value;
  // The role that pulls: the execution role, else (EC2 without one) the container instance's role.
  const instanceRole = ctx.facts.instanceProfile?.ok ? ctx.facts.instanceProfile.value.roleArn : undefined;
  const roleArn = ctx.taskDef?.executionRoleArn ?? instanceRole;
  if (policy === null) {
    if (crossAccount) {
      return f
        .add(
          'repository-policy',
          'proven',
          TEXTS.t('evidence.repository-policy-denies.no-policy.other-account', {
            repository: repoArn,
            owner: ref.accountId ?? '',
            account: ctx.account,
          }),
          [repoArn],
        )
        .done('proven');
    }
    return f
      .add(
        'repository-policy',
        'ruled-out',
        TEXTS.t('evidence.repository-policy-denies.no-policy', { repository: repoArn }),
        [repoArn],
      )
      .done('ruled-out');
  }
  const match = principalMatcher(roleArn, ctx.account);
  // The pull's request context as far as it is known here: the execution role and the task's account.
  // The organization and the network path (aws:SourceVpc, aws:SourceVpce) are not: conditions on them,
  // or on any other key, stay undecided and are named in the evidence.
  const context = requestContext({ principalArn: roleArn, principalAccount: ctx.account });
  const results = CHECKED_PULL_ACTIONS.map((a) => ({
    a,
    r: evaluatePolicies([policy], a, repoArn, { principalMatches: match, context }),
  }));
  const explicit = results.filter((x) => x.r.decision === 'explicitDeny');
  if (explicit.length) {
    const actions = explicit.map((x) => x.a).join(', ');
    const statements = [...new Set(explicit.flatMap((x) => x.r.statements))].join(', ');
    const keys = [...new Set(explicit.flatMap((x) => x.r.conditionKeys))].join(', ');
    const args = { repository: repoArn, actions, statements };
    return f
      .add(
        'repository-policy',
        'proven',
        keys
          ? TEXTS.t('evidence.repository-policy-denies.explicit-deny.condition', { ...args, keys })
          : TEXTS.t('evidence.repository-policy-denies.explicit-deny.statement', args),
        [repoArn, ...(roleArn ? [roleArn] : [])],
      )
      .fix({ denyKind: 'explicit' })
      .done('proven');
  }
  const denied = results.filter((x) => crossAccount && x.r.decision === 'implicitDeny');
  if (denied.length) {
    return f
      .add(
        'repository-policy',
        'proven',
        TEXTS.t(
          roleArn
            ? 'evidence.repository-policy-denies.not-allowed.role'
            : 'evidence.repository-policy-denies.not-allowed',
          {
            repository: repoArn,
            actions: denied.map((x) => x.a).join(', '),
            account: ctx.account,
            ...(roleArn ? { role: roleArn } : {}),
          },
        ),
        [repoArn, ...(roleArn ? [roleArn] : [])],
      )
      .fix({ denyKind: 'implicit' })
      .done('proven');
  }
  // Undecided (a condition on a key not known here): never proven, never ruled out. A Deny that may apply
  // is said first (in the task's own account too: an undecided deny is no implicit deny).
  const undecidedResults = results.filter((x) => x.r.decision === 'conditional');
  if (undecidedResults.length) {
    const kind = undecidedResults.some((x) => x.r.undecided === 'deny') ? 'deny' : 'allow';
    const these = undecidedResults.filter((x) => x.r.undecided === kind);
    const actions = these.map((x) => x.a).join(', ');
    const statements = [...new Set(these.flatMap((x) => x.r.statements))].join(', ');
    const keys = [...new Set(these.flatMap((x) => x.r.unevaluatedKeys))].join(', ');
    return f
      .add(
        'repository-policy',
        'unknown',
        TEXTS.t(`evidence.repository-policy-denies.undecided-${kind}`, {
          repository: repoArn,
          actions,
          statements,
          keys,
        }),
        [repoArn],
      )
      .done('possible');
  }
  const who = roleArn ? 'role' : 'account';
  const scope = crossAccount ? '' : '.same-account';
  return f
    .add(
      'repository-policy',
      'ruled-out',
      TEXTS.t(`evidence.repository-policy-denies.allowed.${who}${scope}`, {
        repository: repoArn,
        actions: CHECKED_PULL_ACTIONS.join(', '),
        principal: roleArn ?? ctx.account,
      }),
      [repoArn],
    )
    .done('ruled-out');
}

export const repositoryPolicyDenies = defineCause({
  id: 'repository-policy-denies',
  family: 'permissions',
  words: {
    en: {
      title: 'ECR repository policy denies the pull',
      explain:
        'The ECR repository policy does not allow this task execution role to pull (or denies it explicitly). ' +
        'Pulls from another account need a repository policy that names the role or its account.',
    },
    ja: {
      title: 'ECR リポジトリポリシーが pull を許可していない',
      explain:
        'ECR リポジトリポリシーがこのタスク実行ロールの pull を許可していない(または明示的に拒否している)状態です。別アカウントからの pull ' +
        'には、ロールまたはそのアカウントを許可するリポジトリポリシーが必要です。',
    },
  },
  calls: { proves: ['repositoryPolicy'], informs: ['image'] },
  check,
  plan: planRepositoryPolicyDenies,
  texts: [TEXTS, REPOSITORY_POLICY_PLAN_TEXTS],
});
