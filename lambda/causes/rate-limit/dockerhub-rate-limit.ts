/**
 * dockerhub-rate-limit: the registry throttled the pull (toomanyrequests / 429). Proven for a Docker Hub image
 * pulled anonymously (the container has no repositoryCredentials); with credentials, or another registry,
 * it stays likely or possible. The fix pulls through an ECR pull-through cache, or authenticates the pulls.
 * Before a deploy (preflight), an anonymous Docker Hub pull is a risk: possible, never more.
 */
import type { CauseId, Diagnosis } from '../../domain/diagnosis';
import { basePlan, manual } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { Finding, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { pullThroughCacheSteps } from '../registry-auth/shared';
import { PULL_THROUGH_CACHE_TEXTS } from '../registry-auth/texts';

const RATE_TEXT = /toomanyrequests|pull rate limit|Too Many Requests|\b429\b/i;

const TEXTS = texts(
  {
    'evidence.dockerhub-rate-limit.no-rate-limit': 'The stop reason does not name a rate limit.',
    'evidence.dockerhub-rate-limit.other-registry':
      'The image {image} is not on Docker Hub; the registry throttled the pull.',
    'evidence.dockerhub-rate-limit.other-registry.unknown-image':
      'The image (unknown) is not on Docker Hub; the registry throttled the pull.',
    'evidence.dockerhub-rate-limit.with-credentials':
      'Docker Hub image {image} is pulled with credentials ({secret}); authenticated pulls have ' +
      'a higher limit that can still be reached.',
    'evidence.dockerhub-rate-limit.rate-limited':
      'The stop reason names a rate limit (toomanyrequests/429) for Docker Hub image {image}.',
    'evidence.dockerhub-rate-limit.credentials-not-checked':
      'Whether the container uses repositoryCredentials was not checked.',
    'evidence.dockerhub-rate-limit.anonymous': 'Container {container} pulls anonymously (no repositoryCredentials).',
    'evidence.dockerhub-rate-limit.risk':
      'Container {container} would pull Docker Hub image {image} anonymously (no repositoryCredentials): ' +
      'anonymous pulls are rate limited per source IP address, shared by every task behind the same NAT.',
    'evidence.dockerhub-rate-limit.risk.authenticated':
      'Container {container} would pull Docker Hub image {image} with credentials ({secret}): authenticated ' +
      'pulls have a higher limit.',
    'plan.dockerhub.authenticated-pulls':
      'Or authenticate the pulls: add repositoryCredentials with a Docker Hub account to the ' +
      'container (authenticated pulls have a higher limit).',
  },
  {
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
    'evidence.dockerhub-rate-limit.risk':
      'コンテナ {container} は Docker Hub のイメージ {image} を匿名でプルします（repositoryCredentials なし）。' +
      '匿名のプルは送信元 IP アドレスごとに制限され、同じ NAT の背後にあるすべてのタスクで共有されます。',
    'evidence.dockerhub-rate-limit.risk.authenticated':
      'コンテナ {container} は Docker Hub のイメージ {image} を認証情報（{secret}）付きでプルします。認証済みのプルは上限が高くなります。',
    'plan.dockerhub.authenticated-pulls':
      'または、コンテナに Docker Hub アカウントの repositoryCredentials を追加して認証付きでプルしてください（認証済みのプルは上限が高くなります）。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('dockerhub-rate-limit');
  const hub = ctx.imageRef?.registryType === 'dockerhub';
  if (hub) f.fix({ dockerHubImage: true });
  if (ctx.failure.preflight) return preflightRisk(f, ctx, hub);
  if (!RATE_TEXT.test(ctx.text))
    return (
      f
        .add('stop-reason', 'not-applicable', TEXTS.t('evidence.dockerhub-rate-limit.no-rate-limit'))
        // A rate limit is only ever said when the text names one (the text prior may still list it).
        .done('not-applicable')
    );
  if (!hub)
    return f
      .add(
        'image-registry',
        'info',
        ctx.imageRef
          ? TEXTS.t('evidence.dockerhub-rate-limit.other-registry', { image: ctx.imageRef.raw })
          : TEXTS.t('evidence.dockerhub-rate-limit.other-registry.unknown-image'),
      )
      .done('possible');
  if (ctx.container?.credentialsParameter) {
    return f
      .add(
        'repository-credentials',
        'info',
        TEXTS.t('evidence.dockerhub-rate-limit.with-credentials', {
          image: ctx.imageRef!.raw,
          secret: ctx.container.credentialsParameter,
        }),
      )
      .fix({ registryCredentialsSecret: ctx.container.credentialsParameter })
      .done('likely');
  }
  f.add('stop-reason', 'proven', TEXTS.t('evidence.dockerhub-rate-limit.rate-limited', { image: ctx.imageRef!.raw }));
  if (!ctx.taskDef)
    return f
      .add('repository-credentials', 'unknown', TEXTS.t('evidence.dockerhub-rate-limit.credentials-not-checked'))
      .done('likely');
  return f
    .add(
      'repository-credentials',
      'proven',
      TEXTS.t('evidence.dockerhub-rate-limit.anonymous', { container: ctx.container?.name ?? '' }),
    )
    .done('proven');
}

/** Before a deploy: an anonymous Docker Hub pull is a risk (possible); with credentials, or off Docker Hub, none. */
function preflightRisk(f: Finding, ctx: CheckContext, hub: boolean): CheckResult {
  if (!hub || !ctx.imageRef) return f.done('not-applicable');
  const args = { container: ctx.container?.name ?? '', image: ctx.imageRef.raw };
  const secret = ctx.container?.credentialsParameter;
  if (secret)
    return f
      .add(
        'repository-credentials',
        'info',
        TEXTS.t('evidence.dockerhub-rate-limit.risk.authenticated', { ...args, secret }),
      )
      .done('unlikely');
  return f.add('repository-credentials', 'info', TEXTS.t('evidence.dockerhub-rate-limit.risk', args)).done('possible');
}

function plan(d: Diagnosis): Plan {
  const steps: PlanStep[] = [...pullThroughCacheSteps(d, 'pull-through-cache')];
  steps.push(manual('or-authenticated-pulls', TEXTS.key('plan.dockerhub.authenticated-pulls')));
  return basePlan(d, steps, { cost: { textKey: 'plan.cost.ecr-storage' } });
}

export const dockerhubRateLimit = defineCause({
  id: 'dockerhub-rate-limit',
  family: 'rate-limit',
  words: {
    en: {
      title: 'Docker Hub rate limit',
      explain:
        'Docker Hub refused the pull because the anonymous (or free account) pull rate limit was reached. Tasks ' +
        'behind one NAT address share the limit.',
    },
    ja: {
      title: 'Docker Hub のレート制限',
      explain:
        '匿名(または無料アカウント)の pull 回数の上限に達したため、Docker Hub が pull を拒否しました。同じ NAT アドレスの背後にあるタスクは上限を共有します。',
    },
  },
  text: [
    {
      // Docker Hub's wording, or a 429 from any registry.
      order: 30,
      match: (s) =>
        /toomanyrequests|pull rate limit|Too Many Requests|\b429\b/i.test(s.text)
          ? ['dockerhub-rate-limit', ...(s.registryType === 'dockerhub' ? [] : (['network-no-route'] as CauseId[]))]
          : undefined,
    },
  ],
  calls: { proves: [], informs: [] },
  check,
  plan,
  texts: [TEXTS, PULL_THROUGH_CACHE_TEXTS],
});
