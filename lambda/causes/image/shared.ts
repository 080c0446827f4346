/**
 * Helpers of the image causes: the ECR image lookup, the image-reference parse errors as catalogue parts
 * (also used by diagnose.ts), the repository's tags and lifecycle policy as evidence, and the plan steps
 * that list a repository's images or review its lifecycle policy.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { ecrRepositoryArn } from '../../domain/image-ref';
import type { EcrImageFacts } from '../../facts/types';
import { manual, regionFlag, repositoryOf, sh } from '../../remediate/plans/shared';
import type { PlanStep } from '../../remediate/types';
import { type Finding, listArgs, read, T, type CheckContext, type EvidenceText } from '../context';
import { IMAGE_TEXTS } from './texts';

type ImageTextKey = Parameters<typeof IMAGE_TEXTS.t>[0];

export function ecrImage(f: Finding, ctx: CheckContext): EcrImageFacts | undefined {
  return read(
    f,
    ctx.facts.ecr?.image,
    'ecr-image',
    IMAGE_TEXTS.t('evidence.part.what.ecr-image', { image: ctx.imageRef?.raw ?? '' }),
  );
}

/** The reason parseImageRef gives (image-ref.ts), as a catalogue part. */
export function imageRefReasonPart(reason: string): EvidenceText {
  const quoted: Array<[RegExp, ImageTextKey]> = [
    [/^invalid digest "([\s\S]*)"$/, 'evidence.part.image-ref.invalid-digest'],
    [/^invalid tag "([\s\S]*)"$/, 'evidence.part.image-ref.invalid-tag'],
    [/^invalid registry host "([\s\S]*)"$/, 'evidence.part.image-ref.invalid-host'],
    [/^repository name "([\s\S]*)" must be lowercase$/, 'evidence.part.image-ref.uppercase'],
    [/^invalid repository name component "([\s\S]*)"$/, 'evidence.part.image-ref.invalid-component'],
  ];
  for (const [re, key] of quoted) {
    const m = re.exec(reason);
    if (m) return IMAGE_TEXTS.t(key, { value: m[1]! });
  }
  const plain: Record<string, ImageTextKey> = {
    'no image reference': 'evidence.part.image-ref.none',
    'image reference is empty': 'evidence.part.image-ref.empty',
    'image reference is longer than 1024 characters': 'evidence.part.image-ref.too-long',
    'image reference contains whitespace': 'evidence.part.image-ref.whitespace',
    'image reference must not contain a URL scheme': 'evidence.part.image-ref.url-scheme',
    'image reference has no repository name': 'evidence.part.image-ref.no-repository',
    'repository name is longer than 255 characters': 'evidence.part.image-ref.repository-too-long',
  };
  return plain[reason] ? IMAGE_TEXTS.t(plain[reason]) : T('part.value', { value: reason });
}

/** Text of `The image "<image>" cannot be parsed: <reason>.` (invalid-image-reference and diagnose.ts). */
export function unparsableImageText(image: string, reason: string): EvidenceText {
  return IMAGE_TEXTS.t('evidence.invalid-image-reference.unparsable', {
    image,
    ...listArgs('reason', [imageRefReasonPart(reason)]),
  });
}

/** The repository's recent tags and lifecycle policy, as evidence and fix inputs. */
export function tagsAndLifecycle(f: Finding, ctx: CheckContext): void {
  const repository = (ctx.imageRef && ecrRepositoryArn(ctx.imageRef)) ?? ctx.imageRef?.repository ?? '';
  const tags = ctx.facts.ecr?.tags;
  if (tags?.ok) {
    f.fix({ recentTags: tags.value.recentTags.slice(0, 10) });
    const recent = tags.value.recentTags.slice(0, 5).join(', ');
    f.add(
      'recent-tags',
      'info',
      recent ? IMAGE_TEXTS.t('evidence.image.recent-tags', { tags: recent }) : IMAGE_TEXTS.t('evidence.image.no-tags'),
    );
  } else if (tags && !tags.ok)
    f.unknown('recent-tags', tags, IMAGE_TEXTS.t('evidence.part.what.repository-tags', { repository }));
  const lc = ctx.facts.ecr?.lifecyclePolicy;
  if (lc?.ok) {
    f.fix({ lifecyclePolicyPresent: lc.value !== null });
    f.add(
      'lifecycle-policy',
      'info',
      lc.value
        ? IMAGE_TEXTS.t('evidence.image.lifecycle-policy', { rules: lc.value.rules })
        : IMAGE_TEXTS.t('evidence.image.no-lifecycle-policy'),
    );
  } else if (lc && !lc.ok)
    f.unknown('lifecycle-policy', lc, IMAGE_TEXTS.t('evidence.part.what.lifecycle-policy', { repository }));
}

/** The repository's name and the region/registry flags of the ECR commands. */
export function repoArgs(d: Diagnosis): { name: string; flags: string } {
  const repo = repositoryOf(d);
  const region = repo.region ? ` --region ${sh(repo.region)}` : regionFlag(d);
  return {
    name: repo.name ?? '<REPOSITORY_NAME>',
    flags: `${region}${repo.account ? ` --registry-id ${repo.account}` : ''}`,
  };
}

export function listRecentImagesStep(d: Diagnosis): PlanStep {
  const { name, flags } = repoArgs(d);
  return manual('list-recent-images', IMAGE_TEXTS.key('plan.image.list-recent'), {
    action: 'ecr:DescribeImages',
    resource: d.resources.repositoryArn ?? name,
    command:
      `aws ecr describe-images${flags} --repository-name ${sh(name)} --query ` +
      `'sort_by(imageDetails,&imagePushedAt)[-10:].{pushed:imagePushedAt,tags:imageTags,digest:imageDigest}'`,
    textArgs: { repository: name },
  });
}

export function lifecycleSteps(d: Diagnosis): PlanStep[] {
  if (!d.fixInputs.lifecyclePolicyPresent) return [];
  const { name, flags } = repoArgs(d);
  return [
    manual('review-lifecycle-policy', IMAGE_TEXTS.key('plan.image.review-lifecycle'), {
      action: 'ecr:GetLifecyclePolicy',
      resource: d.resources.repositoryArn ?? name,
      command:
        `aws ecr get-lifecycle-policy${flags} --repository-name ${sh(name)} --query ` +
        `lifecyclePolicyText --output text`,
      textArgs: { repository: name },
    }),
  ];
}
