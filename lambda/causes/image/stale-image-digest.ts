/**
 * stale-image-digest: the task was pinned to the digest its tag resolved to at deployment, the tag has since
 * moved, and the pinned digest is gone from the ECR repository (replaced or expired). The ECR lookup of the
 * tag and of the pinned digest (from the event) proves it; recent tags and the lifecycle policy inform the fix.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { ecrRepositoryArn } from '../../domain/image-ref';
import { basePlan, manual, redeployStep, sh } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { Finding, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { ecrImage, lifecycleSteps, repoArgs, tagsAndLifecycle } from './shared';
import { IMAGE_TEXTS } from './texts';

const IMMUTABLE = '--image-tag-mutability IMMUTABLE';

const TEXTS = texts(
  {
    'evidence.stale-image-digest.not-ecr-tag': 'The image is not an ECR image referenced by tag.',
    'evidence.stale-image-digest.no-pinned': 'The event names no resolved image digest for the container.',
    'evidence.stale-image-digest.tag-gone': 'Tag {tag} no longer exists (see image-not-found).',
    'evidence.stale-image-digest.not-looked-up': 'The tag and the pinned digest were not both looked up.',
    'evidence.stale-image-digest.moved':
      'Tag {tag} now points to {digest}, but the task was pinned to {pinned}, which no longer exists in {repository}.',
    'evidence.stale-image-digest.gone': 'The pinned digest {pinned} no longer exists in {repository}.',
    'evidence.stale-image-digest.exists': 'The pinned digest {pinned} still exists in {repository}.',
    'plan.stale-image-digest.redeploy':
      'The tag was moved to a new image and the digest the service was deployed with is gone. ' +
      'Start a new deployment of service {service} (cluster {cluster}) so the tag is resolved ' +
      'again.',
    'plan.stale-image-digest.immutable-tags':
      'Make tags in repository {repository} immutable so a deployed tag always names the same ' +
      'image (push a new tag per build).',
    'plan.stale-image-digest.lifecycle-advice':
      'Keep images that are still deployed: in the lifecycle policy of {repository}, keep enough ' +
      'images (countMoreThan) or exclude the release tag prefixes from expiry.',
  },
  {
    'evidence.stale-image-digest.not-ecr-tag': 'イメージはタグで参照された ECR のイメージではありません。',
    'evidence.stale-image-digest.no-pinned': 'イベントにコンテナの解決済みイメージダイジェストが含まれていません。',
    'evidence.stale-image-digest.tag-gone': 'タグ {tag} はもう存在しません（image-not-found を参照）。',
    'evidence.stale-image-digest.not-looked-up': 'タグと固定されたダイジェストの両方は照会していません。',
    'evidence.stale-image-digest.moved':
      'タグ {tag} は現在 {digest} を指していますが、タスクは {pinned} に固定されており、これはもう {repository} に存在しません。',
    'evidence.stale-image-digest.gone': '固定されたダイジェスト {pinned} はもう {repository} に存在しません。',
    'evidence.stale-image-digest.exists': '固定されたダイジェスト {pinned} は {repository} にまだ存在します。',
    'plan.stale-image-digest.redeploy':
      'タグが新しいイメージに付け替えられ、サービスのデプロイ時に解決されたダイジェストが削除されています。サービス {service}（クラスター {cluster}）を新たにデプロイしてタグを解決し直してください。',
    'plan.stale-image-digest.immutable-tags':
      'リポジトリ {repository} のタグをイミュータブルにし、デプロイ済みのタグが常に同じイメージを指すようにしてください（ビルドごとに新しいタグをプッシュ）。',
    'plan.stale-image-digest.lifecycle-advice':
      'デプロイ中のイメージを残してください。{repository} のライフサイクルポリシーで保持数（countMoreThan）を増やすか、リリース用タグのプレフィックスを期限切れの対象から外してください。',
  },
);

/** Digest the task resolved/pinned (agent ≥ 1.83 pulls by resolved digest), from the event. */
function taskDigest(ctx: CheckContext): string | undefined {
  return ctx.failure.container?.imageDigest;
}

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('stale-image-digest');
  const ref = ctx.imageRef;
  const pinned = taskDigest(ctx);
  if (ref?.registryType !== 'ecr' || !ref.tag || ref.digest) {
    return f
      .add('pinned-digest', 'not-applicable', TEXTS.t('evidence.stale-image-digest.not-ecr-tag'))
      .done('not-applicable');
  }
  if (!pinned)
    return f
      .add('pinned-digest', 'not-applicable', TEXTS.t('evidence.stale-image-digest.no-pinned'))
      .done('not-applicable');
  const img = ecrImage(f, ctx);
  const repoArn = ecrRepositoryArn(ref)!;
  if (!img) return f.done(ctx.facts.ecr?.image ? 'unknown' : 'not-applicable');
  if (!img.repositoryExists) return f.done('not-applicable');
  tagsAndLifecycle(f, ctx);
  if (img.tagDigest === null)
    return f
      .add('ecr-image-tag', 'not-applicable', TEXTS.t('evidence.stale-image-digest.tag-gone', { tag: ref.tag }))
      .done('not-applicable');
  if (img.tagDigest === undefined || img.digestExists === undefined)
    return f.add('pinned-digest', 'unknown', TEXTS.t('evidence.stale-image-digest.not-looked-up')).done('unknown');
  if (img.tagDigest !== pinned && img.digestExists === false) {
    return f
      .add(
        'pinned-digest',
        'proven',
        TEXTS.t('evidence.stale-image-digest.moved', {
          tag: ref.tag,
          digest: img.tagDigest,
          pinned,
          repository: repoArn,
        }),
        [repoArn],
      )
      .done('proven');
  }
  if (img.digestExists === false)
    return f
      .add('pinned-digest', 'proven', TEXTS.t('evidence.stale-image-digest.gone', { pinned, repository: repoArn }), [
        repoArn,
      ])
      .done('proven');
  return f
    .add('pinned-digest', 'ruled-out', TEXTS.t('evidence.stale-image-digest.exists', { pinned, repository: repoArn }), [
      repoArn,
    ])
    .done('ruled-out');
}

function plan(d: Diagnosis): Plan {
  const { name, flags } = repoArgs(d);
  const steps: PlanStep[] = [];
  steps.push({
    ...redeployStep(d, 'redeploy-to-resolve-tag'),
    textKey: d.resources.service ? TEXTS.key('plan.stale-image-digest.redeploy') : 'plan.common.rerun-task',
  });
  steps.push(
    manual('immutable-tags', TEXTS.key('plan.stale-image-digest.immutable-tags'), {
      action: 'ecr:PutImageTagMutability',
      resource: d.resources.repositoryArn ?? name,
      command: [`aws ecr put-image-tag-mutability${flags}`, `--repository-name ${sh(name)}`, IMMUTABLE].join(' '),
      textArgs: { repository: name },
    }),
  );
  steps.push(...lifecycleSteps(d));
  steps.push(
    manual('lifecycle-keep-deployed', TEXTS.key('plan.stale-image-digest.lifecycle-advice'), {
      textArgs: { repository: name },
    }),
  );
  return basePlan(d, steps, { risk: { textKey: 'plan.risk.immutable-tags' } });
}

export const staleImageDigest = defineCause({
  id: 'stale-image-digest',
  family: 'image',
  words: {
    en: {
      title: 'image digest no longer exists',
      explain:
        'The task asks for an image digest that is no longer in the repository (typically a service deployment ' +
        'pinned a digest that a later push or a lifecycle policy removed).',
    },
    ja: {
      title: 'イメージのダイジェストがすでに存在しない',
      explain:
        'タスクが要求しているイメージのダイジェストがリポジトリにもうありません(サービスのデプロイで固定されたダイジェストが、その後の push やライフサイクルポリシーで消えた場合によく起こります)。',
    },
  },
  calls: { proves: ['image'], informs: ['tags', 'lifecyclePolicy'] },
  check,
  plan,
  texts: [TEXTS, IMAGE_TEXTS],
});
