/**
 * image-archived (issue 20): the tag or digest the task names is in ECR's archive storage class (ARCHIVED), or being
 * restored (ACTIVATING). ECR answers a pull of it with 404, so the stop reason reads like a missing image
 * (docs: AmazonECR/latest/userguide/archive-image.html); DescribeImages with imageStatus ANY tells them apart. The fix
 * restores it (UpdateImageStorageClass to STANDARD, within 20 minutes, a per-GB restore fee) or pushes it again; the
 * lifecycle rule that archives such images is named when the policy has one. Never fixed automatically: a restore
 * costs money and the rule that archived the image would archive it again.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { ecrRepositoryArn } from '../../domain/image-ref';
import type { InactiveImage } from '../../facts/types';
import { basePlan, manual, ownInputs, redeployStep, sh } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { Finding, listArgs, read, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { rulePart, rulesFor } from './lifecycle-rules';
import { repoArgs } from './shared';
import { IMAGE_TEXTS } from './texts';

const CAUSE = 'image-archived';

const TEXTS = texts(
  {
    'evidence.image-archived.archived':
      'Image {image} ({digest}) is in the ECR archive storage class (imageStatus ARCHIVED): an archived image ' +
      'cannot be pulled until it is restored.',
    'evidence.image-archived.archived-at':
      'Image {image} ({digest}) is in the ECR archive storage class (imageStatus ARCHIVED, archived {at}): an ' +
      'archived image cannot be pulled until it is restored.',
    'evidence.image-archived.activating':
      'Image {image} ({digest}) is being restored from the ECR archive (imageStatus ACTIVATING): it can be pulled ' +
      'once its status is ACTIVE (ECR restores within 20 minutes).',
    'evidence.image-archived.active': 'Image {image} is not archived (no ARCHIVED or ACTIVATING image has it).',
    'evidence.image-archived.rule': 'Lifecycle policy of {repository}: {rules} moves such images to the archive.',
    'evidence.image-archived.no-rule':
      'No rule of the lifecycle policy of {repository} archives images tagged {tags}: it was archived by hand.',
    'plan.image-archived.restore':
      'Restore image {image} to the standard storage class. ECR restores within 20 minutes; the restore has a ' +
      'per-GB fee, and an image archived less than 90 days ago stays billed for the 90-day minimum.',
    'plan.image-archived.wait': 'Wait until its imageStatus is ACTIVE, then start the tasks again.',
    'plan.image-archived.or-push': 'Or push the image again (a push of the same image also restores it).',
    'plan.image-archived.rule':
      'Lifecycle rule(s) {rules} of repository {repository} archive images like it: exclude the tags you deploy ' +
      '(tagPrefixList / tagPatternList) or raise its count, or the image will be archived again.',
  },
  {
    'evidence.image-archived.archived':
      'イメージ {image}（{digest}）は ECR のアーカイブストレージクラスにあります（imageStatus ARCHIVED）。' +
      'アーカイブされたイメージは復元するまでプルできません。',
    'evidence.image-archived.archived-at':
      'イメージ {image}（{digest}）は ECR のアーカイブストレージクラスにあります（imageStatus ARCHIVED、{at} に' +
      'アーカイブ）。アーカイブされたイメージは復元するまでプルできません。',
    'evidence.image-archived.activating':
      'イメージ {image}（{digest}）は ECR のアーカイブから復元中です（imageStatus ACTIVATING）。' +
      'ステータスが ACTIVE になればプルできます（ECR は 20 分以内に復元します）。',
    'evidence.image-archived.active':
      'イメージ {image} はアーカイブされていません（ARCHIVED / ACTIVATING のイメージにありません）。',
    'evidence.image-archived.rule':
      '{repository} のライフサイクルポリシー: {rules} がこのようなイメージをアーカイブに移します。',
    'evidence.image-archived.no-rule':
      '{repository} のライフサイクルポリシーに、タグ {tags} のイメージをアーカイブするルールはありません。手動でアーカイブされました。',
    'plan.image-archived.restore':
      'イメージ {image} を標準ストレージクラスに復元してください。ECR は 20 分以内に復元します。復元には GB 単位の料金がかかり、' +
      'アーカイブから 90 日未満のイメージは 90 日分の最低料金が請求されます。',
    'plan.image-archived.wait': 'imageStatus が ACTIVE になるまで待ってから、タスクを再び起動してください。',
    'plan.image-archived.or-push':
      'または、イメージをもう一度プッシュしてください（同じイメージのプッシュでも復元されます）。',
    'plan.image-archived.rule':
      'リポジトリ {repository} のライフサイクルルール {rules} がこのようなイメージをアーカイブします。デプロイするタグを除外する（tagPrefixList / ' +
      'tagPatternList）かカウントを増やさないと、再びアーカイブされます。',
  },
);

/** The inactive image the task names: by digest, else by tag. */
function inactiveOf(ctx: CheckContext, inactive: readonly InactiveImage[]): InactiveImage | undefined {
  const ref = ctx.imageRef!;
  return ref.digest ? inactive.find((i) => i.digest === ref.digest) : inactive.find((i) => i.tags.includes(ref.tag!));
}

function check(ctx: CheckContext): CheckResult {
  const f = new Finding(CAUSE);
  const ref = ctx.imageRef;
  if (ref?.registryType !== 'ecr' || (!ref.tag && !ref.digest)) return f.done('not-applicable');
  const repository = ecrRepositoryArn(ref) ?? ref.repository;
  const tags = read(
    f,
    ctx.facts.ecr?.tags,
    'ecr-image-status',
    IMAGE_TEXTS.t('evidence.part.what.repository-tags', { repository }),
  );
  if (!tags) return f.done(ctx.facts.ecr?.tags ? 'unknown' : 'not-applicable');
  const found = inactiveOf(ctx, tags.inactive ?? []);
  if (!found)
    return f
      .add('image-status', 'ruled-out', TEXTS.t('evidence.image-archived.active', { image: ref.raw }))
      .done('ruled-out');
  const args = { image: ref.raw, digest: found.digest };
  f.add(
    'image-status',
    'proven',
    found.status === 'ACTIVATING'
      ? TEXTS.t('evidence.image-archived.activating', args)
      : found.archivedAt
        ? TEXTS.t('evidence.image-archived.archived-at', { ...args, at: found.archivedAt })
        : TEXTS.t('evidence.image-archived.archived', args),
    [repository],
  );
  const values: Record<string, string> = { digest: found.digest, status: found.status };
  const lc = ctx.facts.ecr?.lifecyclePolicy;
  if (lc?.ok && lc.value) {
    const rules = rulesFor(lc.value.parsed, found.tags, 'transition');
    if (rules.length) {
      values.rules = rules.map((r) => String(r.priority)).join(',');
      f.add(
        'lifecycle-rule',
        'info',
        TEXTS.t('evidence.image-archived.rule', { repository, ...listArgs('rules', rules.map(rulePart)) }),
      );
    } else
      f.add(
        'lifecycle-rule',
        'info',
        TEXTS.t('evidence.image-archived.no-rule', { repository, tags: found.tags.join(', ') || 'none' }),
      );
  }
  f.fix({ own: { cause: CAUSE, values } });
  return f.done('proven');
}

function plan(d: Diagnosis): Plan {
  const own = ownInputs(d, CAUSE);
  const { name, flags } = repoArgs(d);
  const image = d.resources.image ?? '<IMAGE>';
  const digest = own.digest ?? '<IMAGE_DIGEST>';
  const steps: PlanStep[] = [];
  if (own.status !== 'ACTIVATING')
    steps.push(
      manual('restore-image', TEXTS.key('plan.image-archived.restore'), {
        action: 'ecr:UpdateImageStorageClass',
        resource: d.resources.repositoryArn ?? name,
        command:
          `aws ecr update-image-storage-class${flags} --repository-name ${sh(name)} ` +
          `--image-id imageDigest=${sh(digest)} --target-storage-class STANDARD`,
        textArgs: { image },
      }),
    );
  steps.push(
    manual('wait-until-active', TEXTS.key('plan.image-archived.wait'), {
      action: 'ecr:DescribeImages',
      resource: d.resources.repositoryArn ?? name,
      command:
        `aws ecr describe-images${flags} --repository-name ${sh(name)} --image-ids imageDigest=${sh(digest)} ` +
        `--filter imageStatus=ANY --query 'imageDetails[0].imageStatus' --output text`,
    }),
  );
  steps.push(
    manual('or-push-again', TEXTS.key('plan.image-archived.or-push'), { command: `docker push ${sh(image)}` }),
  );
  if (own.rules)
    steps.push(
      manual('change-lifecycle-rule', TEXTS.key('plan.image-archived.rule'), {
        action: 'ecr:PutLifecyclePolicy',
        resource: d.resources.repositoryArn ?? name,
        command:
          `aws ecr get-lifecycle-policy${flags} --repository-name ${sh(name)} ` +
          '--query lifecyclePolicyText --output text',
        textArgs: { repository: name, rules: own.rules },
      }),
    );
  steps.push(redeployStep(d));
  return basePlan(d, steps);
}

export const imageArchived = defineCause({
  id: CAUSE,
  family: 'image',
  words: {
    en: {
      title: 'image archived in ECR',
      explain:
        'The image exists but is in the ECR archive storage class (moved there by a lifecycle rule or by hand). ' +
        'An archived image cannot be pulled until it is restored.',
    },
    ja: {
      title: 'ECR でアーカイブされたイメージ',
      explain:
        'イメージは存在しますが、ECR のアーカイブストレージクラスにあります（ライフサイクルルールまたは手動で移動）。' +
        'アーカイブされたイメージは復元するまでプルできません。',
    },
  },
  calls: { proves: ['tags'], informs: ['lifecyclePolicy'] },
  check,
  plan,
  texts: [TEXTS, IMAGE_TEXTS],
});
