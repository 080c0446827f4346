/**
 * pull-through-cache-upstream-auth: ECR could not log in to the upstream registry of the pull-through cache rule
 * that serves the image ("denied: The authentication to the upstream registry failed", docs/research/
 * pull-through-cache.md §1b). ECR itself decides it: ecr:ValidatePullThroughCacheRule reads the rule's secret and
 * logs in upstream; isValid false proves it. Docker Hub answers a missing repository with the same 401, so when
 * the rule validates, a Docker Hub path without "library/" for an official image (or with it for any other) is
 * the likely cause instead — said as such, never as wrong credentials. Proposal only.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { parseImageRef } from '../../domain/image-ref';
import { probedFact } from '../../facts/image-probe';
import {
  type CacheRule,
  conventionalPrefixOf,
  isDockerHubRule,
  PULL_THROUGH_CACHE,
  upstreamPathOf,
} from '../../facts/pull-through-cache';
import {
  basePlan,
  manual,
  newRevisionStep,
  redeployStep,
  ownInputs,
  registryOf,
  sh,
} from '../../remediate/plans/shared';
import { CACHE_SECRET_STRING, createCacheSecretCommand } from '../../remediate/plans/pull-through-cache';
import type { Plan, PlanStep } from '../../remediate/types';
import { Finding, read, T, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts, type TextRule } from '../module';

const CAUSE = 'pull-through-cache-upstream-auth';
const K = `evidence.${CAUSE}` as const;
const P = `plan.${CAUSE}` as const;

const TEXTS = texts(
  {
    'evidence.part.what.pull-through-cache-validation': 'The validation of pull-through cache rule {prefix}',
    'evidence.pull-through-cache-upstream-auth.not-cached':
      'Image {image} is not in a repository of this account that a pull-through cache rule could serve.',
    'evidence.pull-through-cache-upstream-auth.no-rule': 'No pull-through cache rule serves repository {repository}.',
    'evidence.pull-through-cache-upstream-auth.no-credentials':
      'Pull-through cache rule {prefix} (upstream {upstream}) logs in with no credentials.',
    'evidence.pull-through-cache-upstream-auth.invalid':
      'ECR validated pull-through cache rule {prefix}: it cannot log in to {upstream} with secret {secret} ' +
      '(ECR says: {failure}).',
    'evidence.pull-through-cache-upstream-auth.valid':
      'ECR validated pull-through cache rule {prefix}: it logs in to {upstream} with secret {secret}.',
    'evidence.pull-through-cache-upstream-auth.official-needs-library':
      'Docker Hub path {path} has no "library/": an official image is library/{path}, and Docker Hub answers a ' +
      'path that does not exist as a failed login.',
    'evidence.pull-through-cache-upstream-auth.drop-library':
      'Docker Hub path {path} starts with "library/", which only official images have: Docker Hub answers a ' +
      'path that does not exist as a failed login.',
    'plan.pull-through-cache-upstream-auth.update-secret':
      'Put a valid {upstream} user name and access token into secret {secret} (keys username and accessToken).',
    'plan.pull-through-cache-upstream-auth.add-credentials':
      'Store {upstream} credentials in a secret named ecr-pullthroughcache/… and attach it to rule {prefix}.',
    'plan.pull-through-cache-upstream-auth.validate': 'Ask ECR to validate rule {prefix} again.',
    'plan.pull-through-cache-upstream-auth.fix-path': 'Pull {suggested} instead of {image}.',
  },
  {
    'evidence.part.what.pull-through-cache-validation': 'プルスルーキャッシュルール {prefix} の検証',
    'evidence.pull-through-cache-upstream-auth.not-cached':
      'イメージ {image} は、プルスルーキャッシュルールが扱えるこのアカウントのリポジトリにありません。',
    'evidence.pull-through-cache-upstream-auth.no-rule':
      'リポジトリ {repository} を扱うプルスルーキャッシュルールはありません。',
    'evidence.pull-through-cache-upstream-auth.no-credentials':
      'プルスルーキャッシュルール {prefix}（アップストリーム {upstream}）は認証情報なしでログインします。',
    'evidence.pull-through-cache-upstream-auth.invalid':
      'ECR によるプルスルーキャッシュルール {prefix} の検証: シークレット {secret} では {upstream} にログインできません' +
      '（ECR の応答: {failure}）。',
    'evidence.pull-through-cache-upstream-auth.valid':
      'ECR によるプルスルーキャッシュルール {prefix} の検証: シークレット {secret} で {upstream} にログインできます。',
    'evidence.pull-through-cache-upstream-auth.official-needs-library':
      'Docker Hub のパス {path} に "library/" がありません。公式イメージは library/{path} で、Docker Hub は' +
      '存在しないパスをログイン失敗として返します。',
    'evidence.pull-through-cache-upstream-auth.drop-library':
      'Docker Hub のパス {path} は "library/" で始まりますが、これは公式イメージだけのものです。Docker Hub は' +
      '存在しないパスをログイン失敗として返します。',
    'plan.pull-through-cache-upstream-auth.update-secret':
      'シークレット {secret} に、有効な {upstream} のユーザー名とアクセストークン（キー username と accessToken）を' +
      '設定してください。',
    'plan.pull-through-cache-upstream-auth.add-credentials':
      '{upstream} の認証情報を ecr-pullthroughcache/… という名前のシークレットに保存し、ルール {prefix} に設定してください。',
    'plan.pull-through-cache-upstream-auth.validate': 'ルール {prefix} を ECR にもう一度検証させてください。',
    'plan.pull-through-cache-upstream-auth.fix-path': '{image} の代わりに {suggested} を取得してください。',
  },
);

/** ECR's own words (docker runtime; the containerd runtime usually drops the body and says 403 Forbidden). */
const UPSTREAM_AUTH = /authentication to the upstream registry failed/i;
const DENIED = /\b403\b|Forbidden|pull access denied|denied:/i;

const TEXT_RULES: readonly TextRule[] = [
  { order: 15, match: (s) => (UPSTREAM_AUTH.test(s.text) ? [CAUSE] : undefined) },
  {
    // A denial for an image under the prefix of an upstream that needs credentials (docker-hub/, github/, …).
    order: 46,
    match: (s) => {
      const parsed = s.registryType === 'ecr' && s.image ? parseImageRef(s.image) : undefined;
      const upstream = parsed?.ok ? conventionalPrefixOf(parsed.ref.repository)?.upstream : undefined;
      return upstream?.credentials && DENIED.test(s.text)
        ? [CAUSE, 'execution-role-ecr-permissions', 'repository-policy-denies', 'execution-role-missing']
        : undefined;
    },
  },
];

/** The Docker Hub path the rule should have been asked for, when the image's path is the classic mistake. */
function dockerHubPathFix(
  rule: CacheRule,
  repository: string,
): { key: 'official-needs-library' | 'drop-library'; path: string; suggested: string } | undefined {
  if (!isDockerHubRule(rule) || rule.prefix === 'ROOT') return undefined;
  const path = upstreamPathOf(rule, repository);
  const segments = path.split('/');
  const prefix = rule.prefix.replace(/\/$/, '');
  if (segments.length === 1) return { key: 'official-needs-library', path, suggested: `${prefix}/library/${path}` };
  if (segments[0] === 'library' && segments.length >= 3)
    return { key: 'drop-library', path, suggested: `${prefix}/${segments.slice(1).join('/')}` };
  return undefined;
}

function check(ctx: CheckContext): CheckResult {
  const f = new Finding(CAUSE);
  const ref = ctx.imageRef;
  const says = UPSTREAM_AUTH.test(ctx.text);
  if (!ref || !PULL_THROUGH_CACHE.applies(ref, ctx.account))
    return f
      .add('pull-through-cache-rules', 'not-applicable', TEXTS.t(`${K}.not-cached`, { image: ref?.raw ?? '' }))
      .done('not-applicable');
  const account = ref.accountId ?? ctx.account;
  const fact = probedFact(ctx.facts, PULL_THROUGH_CACHE);
  const cache = read(f, fact, PULL_THROUGH_CACHE.check, T('part.what.pull-through-cache-rules', { account }));
  const unread = says ? 'likely' : 'possible';
  if (!cache) return f.done(fact ? unread : 'not-applicable');
  const rule = cache.match;
  if (!rule)
    return f
      .add(PULL_THROUGH_CACHE.check, 'ruled-out', TEXTS.t(`${K}.no-rule`, { repository: ref.repository }))
      .done('ruled-out');
  const prefix = rule.prefix;
  const upstream = rule.upstreamRegistryUrl;
  const own = (values: Record<string, string>) =>
    f.fix({ own: { cause: CAUSE, values: { prefix, upstream, ...values } } });
  if (!rule.credentialArn) {
    f.add(PULL_THROUGH_CACHE.check, 'info', TEXTS.t(`${K}.no-credentials`, { prefix, upstream }));
    own({ kind: 'no-credentials' });
    return f.done(unread);
  }
  const secret = rule.credentialArn;
  const validation = read(
    f,
    cache.validation,
    'pull-through-cache-validation',
    TEXTS.t('evidence.part.what.pull-through-cache-validation', { prefix }),
  );
  if (!validation) {
    own({ kind: 'credentials', secret });
    return f.done(unread);
  }
  if (!validation.isValid) {
    own({ kind: 'credentials', secret });
    return f
      .add(
        'pull-through-cache-validation',
        'proven',
        TEXTS.t(`${K}.invalid`, { prefix, upstream, secret, failure: validation.failure ?? '-' }),
        [secret],
      )
      .done('proven');
  }
  f.add('pull-through-cache-validation', 'ruled-out', TEXTS.t(`${K}.valid`, { prefix, upstream, secret }), [secret]);
  const pathFix = dockerHubPathFix(rule, ref.repository);
  if (pathFix) {
    own({ kind: 'path', suggested: pathFix.suggested });
    return f.add('docker-hub-path', 'info', TEXTS.t(`${K}.${pathFix.key}`, { path: pathFix.path })).done('likely');
  }
  return f.done(says ? 'possible' : 'ruled-out');
}

function plan(d: Diagnosis): Plan {
  const own = ownInputs(d, CAUSE);
  const { region, registryId: registry, repository } = registryOf(d);
  const prefix = own.prefix ?? repository?.split('/')[0] ?? '<PREFIX>';
  const upstream = own.upstream ?? '<UPSTREAM_REGISTRY_URL>';
  const image = d.resources.image ?? '<IMAGE>';
  const validate = manual('validate-rule', TEXTS.key(`${P}.validate`), {
    action: 'ecr:ValidatePullThroughCacheRule',
    resource: prefix,
    command: `aws ecr validate-pull-through-cache-rule${region}${registry} --ecr-repository-prefix ${sh(prefix)}`,
    textArgs: { prefix },
  });
  const steps: PlanStep[] = [];
  if (own.kind === 'path' && own.suggested) {
    const host = image.split('/')[0] ?? '';
    const tail = image.match(/[:@][^/]*$/)?.[0] ?? '';
    const suggested = `${host}/${own.suggested}${tail}`;
    steps.push(
      manual('fix-image-path', TEXTS.key(`${P}.fix-path`), { textArgs: { image, suggested } }),
      newRevisionStep(d, 'register-fixed-image', `set the "image" of the container to ${suggested}`),
    );
  } else if (own.kind === 'no-credentials') {
    steps.push(
      manual('add-credentials', TEXTS.key(`${P}.add-credentials`), {
        action: 'ecr:UpdatePullThroughCacheRule',
        resource: prefix,
        command:
          `${createCacheSecretCommand(prefix, region)}\n` +
          `aws ecr update-pull-through-cache-rule${region}${registry} --ecr-repository-prefix ${sh(prefix)} ` +
          `--credential-arn "$SECRET_ARN"`,
        textArgs: { upstream, prefix },
      }),
      validate,
      redeployStep(d),
    );
  } else {
    const secret = own.secret ?? '<SECRET_ARN>';
    steps.push(
      manual('update-secret', TEXTS.key(`${P}.update-secret`), {
        action: 'secretsmanager:PutSecretValue',
        resource: secret,
        command:
          `aws secretsmanager put-secret-value${region} --secret-id ${sh(secret)} ` +
          `--secret-string ${CACHE_SECRET_STRING}`,
        textArgs: { upstream, secret },
      }),
      validate,
      redeployStep(d),
    );
  }
  return basePlan(d, steps);
}

export const pullThroughCacheUpstreamAuth = defineCause({
  id: CAUSE,
  family: 'registry-auth',
  words: {
    en: {
      title: 'pull-through cache upstream login failed',
      explain:
        'The image is pulled through an ECR pull-through cache rule, and ECR could not log in to the upstream ' +
        'registry with the credentials of the rule (or the upstream path does not exist there).',
    },
    ja: {
      title: 'プルスルーキャッシュの取得元にログインできない',
      explain:
        'イメージは ECR のプルスルーキャッシュルール経由で取得されますが、ECR はルールの認証情報で取得元の' +
        'レジストリにログインできませんでした(または取得元にそのパスが存在しません)。',
    },
  },
  text: TEXT_RULES,
  calls: { proves: [PULL_THROUGH_CACHE], informs: [] },
  check,
  plan,
  texts: [TEXTS],
});
