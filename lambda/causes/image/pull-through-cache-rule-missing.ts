/**
 * pull-through-cache-rule-missing: the image is pulled through an ECR pull-through cache prefix (docker-hub/…,
 * ecr-public/…, quay/…: the prefixes the ECR console proposes) but no cache rule of the registry serves it, so ECR
 * has nothing to create the repository from and answers "repository … does not exist" (docs/research/
 * pull-through-cache.md §1a). Proven when ECR says the repository does not exist and the registry's rules
 * (ecr:DescribePullThroughCacheRules) have none for its prefix; a rule that serves it rules this cause out (the
 * repository is then created on the first pull, if the execution role may). Proposal only: a rule needs the
 * user's choice of upstream and, for most upstreams, their credentials.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { ecrRepositoryArn, parseImageRef } from '../../domain/image-ref';
import { probedFact } from '../../facts/image-probe';
import { conventionalPrefixOf, PULL_THROUGH_CACHE } from '../../facts/pull-through-cache';
import {
  basePlan,
  executionRoleNameForText,
  manual,
  newRevisionStep,
  redeployStep,
  ownInputs,
  registryOf,
  repositoryOf,
  sh,
} from '../../remediate/plans/shared';
import { createCacheSecretCommand } from '../../remediate/plans/pull-through-cache';
import type { Plan, PlanStep } from '../../remediate/types';
import { Finding, listArgs, read, T, valueParts, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts, type TextRule } from '../module';
import { ecrImage } from './shared';

const CAUSE = 'pull-through-cache-rule-missing';
const CAUSE_KEY = `evidence.${CAUSE}` as const;

const TEXTS = texts(
  {
    'evidence.pull-through-cache-rule-missing.no-prefix':
      'Image {image} is not under a pull-through cache prefix of this account (docker-hub/, ecr-public/, quay/, …).',
    'evidence.pull-through-cache-rule-missing.repository-exists':
      'Repository {repository} exists: the image is not waiting for a pull-through cache rule to create it.',
    'evidence.pull-through-cache-rule-missing.rule-serves':
      'Pull-through cache rule {prefix} (upstream {upstream}) serves repository {repository}: ECR creates it on ' +
      'the first pull only if the pulling role may ecr:CreateRepository and ecr:BatchImportUpstreamImage.',
    'evidence.pull-through-cache-rule-missing.no-rule':
      'No pull-through cache rule of registry {account} serves {repository} (rules: {rules}); {prefix}/ is the ' +
      'prefix ECR proposes for {upstream}.',
    'plan.pull-through-cache-rule-missing.create-secret':
      'Store the {upstream} user name and access token in Secrets Manager, under a name that starts with ' +
      'ecr-pullthroughcache/ (same account and Region as the rule).',
    'plan.pull-through-cache-rule-missing.create-rule':
      'Create the pull-through cache rule {prefix} for {upstream} in the registry of image {image}.',
    'plan.pull-through-cache-rule-missing.grant-import':
      'Allow execution role {role} to create the cached repositories and import images into them ' +
      '(ecr:CreateRepository, ecr:BatchImportUpstreamImage: AmazonECSTaskExecutionRolePolicy has neither).',
  },
  {
    'evidence.pull-through-cache-rule-missing.no-prefix':
      'イメージ {image} は、このアカウントのプルスルーキャッシュのプレフィックス（docker-hub/、ecr-public/、quay/ など）の下にありません。',
    'evidence.pull-through-cache-rule-missing.repository-exists':
      'リポジトリ {repository} は存在します。プルスルーキャッシュルールによる作成を待っているイメージではありません。',
    'evidence.pull-through-cache-rule-missing.rule-serves':
      'プルスルーキャッシュルール {prefix}（アップストリーム {upstream}）がリポジトリ {repository} を扱います。' +
      'ECR が最初の取得でリポジトリを作成するのは、取得するロールに ecr:CreateRepository と ' +
      'ecr:BatchImportUpstreamImage が許可されている場合だけです。',
    'evidence.pull-through-cache-rule-missing.no-rule':
      'レジストリ {account} には {repository} を扱うプルスルーキャッシュルールがありません（ルール: {rules}）。' +
      '{prefix}/ は ECR が {upstream} に提案するプレフィックスです。',
    'plan.pull-through-cache-rule-missing.create-secret':
      '{upstream} のユーザー名とアクセストークンを、名前が ecr-pullthroughcache/ で始まる Secrets Manager の' +
      'シークレットに保存してください（ルールと同じアカウント・リージョン）。',
    'plan.pull-through-cache-rule-missing.create-rule':
      'イメージ {image} のレジストリに、{upstream} 用のプルスルーキャッシュルール {prefix} を作成してください。',
    'plan.pull-through-cache-rule-missing.grant-import':
      'タスク実行ロール {role} に、キャッシュ用リポジトリの作成とイメージの取り込み（ecr:CreateRepository、' +
      'ecr:BatchImportUpstreamImage）を許可してください。AmazonECSTaskExecutionRolePolicy にはどちらもありません。',
  },
);

/** A "does not exist / not found" stop reason for an ECR image under a conventional cache prefix. */
const NOT_FOUND = new RegExp(
  [
    /name unknown|repository (?:does not exist|\S+ not found)|RepositoryNotFoundException/,
    /resolve ref.*not found|\(404\)/,
  ]
    .map((r) => r.source)
    .join('|'),
  'i',
);

const TEXT_RULE: TextRule = {
  order: 45,
  match: (s) => {
    const parsed = s.registryType === 'ecr' && s.image ? parseImageRef(s.image) : undefined;
    return parsed?.ok && conventionalPrefixOf(parsed.ref.repository) && NOT_FOUND.test(s.text)
      ? [CAUSE, 'repository-not-found', 'image-not-found', 'repository-policy-denies']
      : undefined;
  },
};

function check(ctx: CheckContext): CheckResult {
  const f = new Finding(CAUSE);
  const ref = ctx.imageRef;
  const conventional = ref?.registryType === 'ecr' ? conventionalPrefixOf(ref.repository) : undefined;
  if (!ref || !conventional || ref.accountId !== ctx.account)
    return f
      .add('pull-through-cache-prefix', 'not-applicable', TEXTS.t(`${CAUSE_KEY}.no-prefix`, { image: ref?.raw ?? '' }))
      .done('not-applicable');
  const repository = ecrRepositoryArn(ref) ?? ref.repository;
  const img = ecrImage(f, ctx);
  if (img?.repositoryExists)
    return f
      .add('ecr-repository', 'ruled-out', TEXTS.t(`${CAUSE_KEY}.repository-exists`, { repository }), [repository])
      .done('ruled-out');
  const account = ref.accountId ?? ctx.account;
  const cache = read(
    f,
    probedFact(ctx.facts, PULL_THROUGH_CACHE),
    PULL_THROUGH_CACHE.check,
    T('part.what.pull-through-cache-rules', { account }),
  );
  if (!cache) return f.done(img || f.unchecked.length ? 'possible' : 'not-applicable');
  if (cache.match) {
    const upstream = cache.match.upstreamRegistryUrl;
    return f
      .add(
        'pull-through-cache-rules',
        'ruled-out',
        TEXTS.t(`${CAUSE_KEY}.rule-serves`, {
          prefix: cache.match.prefix,
          upstream,
          repository: ref.repository,
        }),
      )
      .done('ruled-out');
  }
  const { prefix, upstream } = conventional;
  const missing = img !== undefined && !img.repositoryExists;
  f.add(
    'pull-through-cache-rules',
    missing ? 'proven' : 'info',
    TEXTS.t(`${CAUSE_KEY}.no-rule`, {
      account,
      repository: ref.repository,
      prefix,
      upstream: upstream.url,
      ...listArgs('rules', valueParts(cache.rules.map((r) => r.prefix))),
    }),
    [repository],
  );
  f.fix({
    own: {
      cause: CAUSE,
      values: { prefix, url: upstream.url, credentials: upstream.credentials ? 'yes' : 'no' },
    },
  });
  return f.done(missing ? 'proven' : 'likely');
}

function plan(d: Diagnosis, partition: string): Plan {
  const own = ownInputs(d, CAUSE);
  const { region, registryId: registry, repository } = registryOf(d);
  const prefix = own.prefix ?? repository?.split('/')[0] ?? '<PREFIX>';
  const url = own.url ?? '<UPSTREAM_REGISTRY_URL>';
  const image = d.resources.image ?? '<IMAGE>';
  const role = executionRoleNameForText(d);
  const steps: PlanStep[] = [];
  if (own.credentials !== 'no')
    steps.push(
      manual('create-secret', TEXTS.key('plan.pull-through-cache-rule-missing.create-secret'), {
        action: 'secretsmanager:CreateSecret',
        resource: `ecr-pullthroughcache/${prefix}`,
        command: createCacheSecretCommand(prefix, region),
        textArgs: { upstream: url },
      }),
    );
  const credential = own.credentials !== 'no' ? ' --credential-arn "$SECRET_ARN"' : '';
  const repo = repositoryOf(d);
  const where = `${repo.region ?? '<REGION>'}:${repo.account ?? '<ACCOUNT_ID>'}`;
  const repositories = `arn:${partition}:ecr:${where}:repository/${prefix}/*`;
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
        Resource: repositories,
      },
    ],
  };
  steps.push(
    manual('create-rule', TEXTS.key('plan.pull-through-cache-rule-missing.create-rule'), {
      action: 'ecr:CreatePullThroughCacheRule',
      resource: prefix,
      command:
        `aws ecr create-pull-through-cache-rule${region}${registry} --ecr-repository-prefix ${sh(prefix)} ` +
        `--upstream-registry-url ${sh(url)}${credential}`,
      textArgs: { prefix, upstream: url, image },
    }),
    manual('grant-import', TEXTS.key('plan.pull-through-cache-rule-missing.grant-import'), {
      action: 'iam:PutRolePolicy',
      resource: role,
      command:
        `aws iam put-role-policy --role-name ${sh(role)} --policy-name ecr-pull-through-cache ` +
        `--policy-document ${sh(JSON.stringify(policy))}`,
      document: policy,
      textArgs: { role },
    }),
    redeployStep(d),
    newRevisionStep(d, 'or-fix-image-uri', 'correct the "image" of the container'),
  );
  return basePlan(d, steps);
}

export const pullThroughCacheRuleMissing = defineCause({
  id: CAUSE,
  family: 'image',
  words: {
    en: {
      title: 'no pull-through cache rule for the image',
      explain:
        'The image is pulled through an ECR pull-through cache prefix, but the registry has no cache rule for ' +
        'that prefix, so ECR has no upstream to create the repository from.',
    },
    ja: {
      title: 'イメージのプルスルーキャッシュルールがない',
      explain:
        'イメージは ECR のプルスルーキャッシュのプレフィックス経由で取得されますが、レジストリにそのプレフィックスの' +
        'キャッシュルールがないため、ECR はリポジトリを作成する取得元を持ちません。',
    },
  },
  text: [TEXT_RULE],
  calls: { proves: ['image', PULL_THROUGH_CACHE], informs: [] },
  check,
  plan,
  texts: [TEXTS],
});
