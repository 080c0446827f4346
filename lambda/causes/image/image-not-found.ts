/**
 * image-not-found: the tag or digest the task names does not exist in its (existing) ECR repository. The ECR
 * lookup proves it; the repository's recent tags and lifecycle policy inform the fix. Outside ECR a stop reason
 * saying "manifest unknown" or "not found" only makes it possible.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { ecrRepositoryArn } from '../../domain/image-ref';
import { basePlan, manual, newRevisionStep, parseImage, sh } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { Finding, listArgs, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { rulePart, rulesFor } from './lifecycle-rules';
import { ecrImage, lifecycleSteps, listRecentImagesStep, tagsAndLifecycle } from './shared';
import { IMAGE_TEXTS } from './texts';

const TEXTS = texts(
  {
    'evidence.image-not-found.not-ecr': '{image} is not in ECR; tag existence cannot be checked from AWS.',
    'evidence.image-not-found.no-repository': 'Repository {repository} does not exist (see repository-not-found).',
    'evidence.image-not-found.no-digest': 'Digest {digest} does not exist in {repository}.',
    'evidence.image-not-found.no-tag': 'Tag {tag} does not exist in {repository}.',
    'evidence.image-not-found.tag-not-looked-up': 'Tag {tag} was not looked up.',
    'evidence.image-not-found.tag-exists': 'Tag {tag} exists in {repository}.',
    'evidence.image-not-found.digest-exists': 'Digest {digest} exists in {repository}.',
    'evidence.image-not-found.archived':
      '{image} exists in {repository} but is {status} in the ECR archive storage class (see image-archived).',
    'evidence.image-not-found.expire-rule':
      'Lifecycle policy of {repository}: {rules} deletes images tagged like {tag}; it may have removed it.',
    'plan.image-not-found.push-tag': 'The tag {tag} of {image} does not exist. Push it (from your build pipeline).',
    'plan.image-not-found.use-existing-tag': 'Or point task definition {family} at a tag that exists: {tags}.',
  },
  {
    'evidence.image-not-found.not-ecr': '{image} は ECR にないため、タグが存在するかどうかを AWS から確認できません。',
    'evidence.image-not-found.no-repository': 'リポジトリ {repository} は存在しません（repository-not-found を参照）。',
    'evidence.image-not-found.no-digest': 'ダイジェスト {digest} は {repository} に存在しません。',
    'evidence.image-not-found.no-tag': 'タグ {tag} は {repository} に存在しません。',
    'evidence.image-not-found.tag-not-looked-up': 'タグ {tag} は照会していません。',
    'evidence.image-not-found.tag-exists': 'タグ {tag} は {repository} に存在します。',
    'evidence.image-not-found.digest-exists': 'ダイジェスト {digest} は {repository} に存在します。',
    'evidence.image-not-found.archived':
      '{image} は {repository} に存在しますが、ECR のアーカイブストレージクラスで {status} です（image-archived を参照）。',
    'evidence.image-not-found.expire-rule':
      '{repository} のライフサイクルポリシー: {rules} は {tag} のようなタグのイメージを削除します。これが削除した可能性があります。',
    'plan.image-not-found.push-tag':
      '{image} のタグ {tag} は存在しません。ビルドパイプラインからプッシュしてください。',
    'plan.image-not-found.use-existing-tag': 'または、タスク定義 {family} で存在するタグを指定してください: {tags}。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('image-not-found');
  const ref = ctx.imageRef;
  if (!ref)
    return f
      .add('image-reference', 'not-applicable', IMAGE_TEXTS.t('evidence.image.no-reference'))
      .done('not-applicable');
  if (ref.registryType !== 'ecr') {
    return f
      .add('registry-image', 'unknown', TEXTS.t('evidence.image-not-found.not-ecr', { image: ref.normalized }))
      .done(/manifest unknown|not found/i.test(ctx.text) ? 'possible' : 'not-applicable');
  }
  const img = ecrImage(f, ctx);
  const repoArn = ecrRepositoryArn(ref)!;
  if (!img) return f.done(ctx.facts.ecr?.image ? 'unknown' : 'not-applicable');
  if (!img.repositoryExists)
    return f
      .add(
        'ecr-repository',
        'not-applicable',
        TEXTS.t('evidence.image-not-found.no-repository', { repository: ref.repository }),
        [repoArn],
      )
      .done('not-applicable');
  tagsAndLifecycle(f, ctx);
  // An archived image answers like a missing one: it is there, only not pullable (image-archived says so).
  const tags = ctx.facts.ecr?.tags;
  const inactive = (tags?.ok ? (tags.value.inactive ?? []) : []).find((i) =>
    ref.digest ? i.digest === ref.digest : i.tags.includes(ref.tag ?? ''),
  );
  if (inactive)
    return f
      .add(
        'ecr-image-tag',
        'ruled-out',
        TEXTS.t('evidence.image-not-found.archived', { image: ref.raw, repository: repoArn, status: inactive.status }),
        [repoArn],
      )
      .done('ruled-out');
  const lc = ctx.facts.ecr?.lifecyclePolicy;
  const expiring = lc?.ok && lc.value && ref.tag ? rulesFor(lc.value.parsed, [ref.tag], 'expire') : [];
  if (expiring.length && ref.tag)
    f.add(
      'lifecycle-rule',
      'info',
      TEXTS.t('evidence.image-not-found.expire-rule', {
        repository: repoArn,
        tag: ref.tag,
        ...listArgs('rules', expiring.map(rulePart)),
      }),
    );
  // ECR answers an archived image's pull as a missing one's: only the image list (imageStatus ANY) tells them apart.
  const missing = tags?.ok ? 'proven' : 'likely';
  if (ref.digest && img.digestExists === false) {
    return f
      .add(
        'ecr-image-digest',
        'proven',
        TEXTS.t('evidence.image-not-found.no-digest', { digest: ref.digest, repository: repoArn }),
        [repoArn],
      )
      .done(missing);
  }
  if (ref.tag && !ref.digest && img.tagDigest === null) {
    return f
      .add(
        'ecr-image-tag',
        'proven',
        TEXTS.t('evidence.image-not-found.no-tag', { tag: ref.tag, repository: repoArn }),
        [repoArn],
      )
      .done(missing);
  }
  if (ref.tag && !ref.digest && img.tagDigest === undefined)
    return f
      .add('ecr-image-tag', 'unknown', TEXTS.t('evidence.image-not-found.tag-not-looked-up', { tag: ref.tag }))
      .done('unknown');
  return f
    .add(
      'ecr-image-tag',
      'ruled-out',
      ref.tag
        ? TEXTS.t('evidence.image-not-found.tag-exists', { tag: ref.tag, repository: repoArn })
        : TEXTS.t('evidence.image-not-found.digest-exists', { digest: ref.digest ?? '', repository: repoArn }),
      [repoArn],
    )
    .done('ruled-out');
}

function plan(d: Diagnosis): Plan {
  const image = d.resources.image ?? '<IMAGE>';
  const ref = parseImage(d.resources.image);
  const tags = d.fixInputs.recentTags ?? [];
  const steps: PlanStep[] = [listRecentImagesStep(d)];
  steps.push(
    manual('push-missing-tag', TEXTS.key('plan.image-not-found.push-tag'), {
      action: 'ecr:PutImage',
      command: `docker push ${sh(image)}`,
      textArgs: { image, tag: ref?.tag ?? ref?.digest ?? 'latest' },
    }),
  );
  steps.push(
    tags.length > 0
      ? {
          ...newRevisionStep(d, 'or-use-existing-tag', `set the image tag to one that exists, e.g. ${tags[0]}`),
          textKey: TEXTS.key('plan.image-not-found.use-existing-tag'),
          textArgs: { tags: tags.slice(0, 5).join(', '), family: d.resources.family ?? '<TASK_DEFINITION_FAMILY>' },
        }
      : newRevisionStep(d, 'or-fix-image-uri', 'correct the "image" of the container'),
  );
  steps.push(...lifecycleSteps(d));
  return basePlan(d, steps);
}

export const imageNotFound = defineCause({
  id: 'image-not-found',
  family: 'image',
  words: {
    en: {
      title: 'image tag not found',
      explain:
        'The repository exists but has no image with this tag. The tag was never pushed, was overwritten, or was ' +
        'removed by a lifecycle policy.',
    },
    ja: {
      title: 'イメージのタグが存在しない',
      explain:
        'リポジトリはありますが、このタグのイメージがありません。タグが push されていない、上書きされた、またはライフサイクルポリシーで削除された可能性があります。',
    },
  },
  calls: { proves: ['image', 'tags'], informs: ['lifecyclePolicy'] },
  check,
  plan,
  texts: [TEXTS, IMAGE_TEXTS],
});
