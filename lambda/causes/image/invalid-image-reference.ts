/**
 * invalid-image-reference: the container's image string is not a valid reference. The image failing to parse
 * proves it (Fargate reports it as an InternalError, not a pull error); a stop reason saying the reference
 * could not be normalised makes it likely. No call is needed.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, newRevisionStep } from '../../remediate/plans/shared';
import type { Plan } from '../../remediate/types';
import { Finding, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { unparsableImageText } from './shared';
import { IMAGE_TEXTS } from './texts';

const INVALID_REFERENCE_TEXT = new RegExp(
  [
    /failed to normalize image reference|invalid reference format/.source,
    /repository name must be lowercase|failed to parse image reference/.source,
  ].join('|'),
  'i',
);

const TEXTS = texts(
  {
    'evidence.invalid-image-reference.stop-reason':
      'The stop reason says the image reference could not be normalised ("{image}").',
    'evidence.invalid-image-reference.stop-reason.no-image':
      'The stop reason says the image reference could not be normalised.',
    'evidence.invalid-image-reference.valid-as-is': 'The image reference {image} is valid.',
    'evidence.invalid-image-reference.valid': 'The image reference {image} is valid ({normalized}).',
    'plan.invalid-image-reference.fix':
      'The image reference "{image}" cannot be parsed. Write it as [registry/]repository[:tag] ' +
      'or repository@sha256:digest in task definition {family}.',
  },
  {
    'evidence.invalid-image-reference.stop-reason':
      '停止理由によると、イメージ参照（"{image}"）を正規化できませんでした。',
    'evidence.invalid-image-reference.stop-reason.no-image': '停止理由によると、イメージ参照を正規化できませんでした。',
    'evidence.invalid-image-reference.valid-as-is': 'イメージ参照 {image} は有効です。',
    'evidence.invalid-image-reference.valid': 'イメージ参照 {image} は有効です（{normalized}）。',
    'plan.invalid-image-reference.fix':
      'イメージ参照「{image}」を解釈できません。タスク定義 {family} で [レジストリ/]リポジトリ[:タグ] または リポジトリ@sha256:ダイジェスト の形式で記述してください。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('invalid-image-reference');
  const textSays = /failed to normalize image reference|invalid reference format/i.test(ctx.text);
  if (ctx.image && !ctx.image.ok) {
    const image = ctx.container?.image ?? ctx.failure.image;
    return f.add('image-reference', 'proven', unparsableImageText(String(image), ctx.image.reason)).done('proven');
  }
  if (textSays)
    return f
      .add(
        'image-reference',
        'info',
        ctx.imageRef
          ? TEXTS.t('evidence.invalid-image-reference.stop-reason', { image: ctx.imageRef.raw })
          : TEXTS.t('evidence.invalid-image-reference.stop-reason.no-image'),
      )
      .done('likely');
  if (ctx.image?.ok) {
    const { raw, normalized } = ctx.image.ref;
    // Name the normalized form only when it says something more (e.g. nginx → docker.io/library/nginx:latest).
    return (
      raw === normalized
        ? f.add('image-reference', 'ruled-out', TEXTS.t('evidence.invalid-image-reference.valid-as-is', { image: raw }))
        : f.add(
            'image-reference',
            'ruled-out',
            TEXTS.t('evidence.invalid-image-reference.valid', { image: raw, normalized }),
          )
    ).done('ruled-out');
  }
  return f.done('not-applicable');
}

function plan(d: Diagnosis): Plan {
  const image = d.resources.image ?? '<IMAGE>';
  return basePlan(d, [
    {
      ...newRevisionStep(d, 'fix-image-reference', 'write the image as [registry/]repository[:tag|@sha256:digest]'),
      textKey: TEXTS.key('plan.invalid-image-reference.fix'),
      textArgs: { image, family: d.resources.family ?? '<TASK_DEFINITION_FAMILY>' },
    },
  ]);
}

export const invalidImageReference = defineCause({
  id: 'invalid-image-reference',
  family: 'image',
  words: {
    en: {
      title: 'invalid image name',
      explain:
        'The image name in the task definition is not a valid reference (stray spaces, upper-case letters in the ' +
        'repository name, or a malformed tag or digest).',
    },
    ja: {
      title: 'イメージ名が不正',
      explain:
        'タスク定義のイメージ名が正しい形式ではありません(余分な空白、リポジトリ名の大文字、タグやダイジェストの書式誤りなど)。',
    },
  },
  text: [
    {
      // An image string that cannot be parsed (Fargate reports it as an InternalError, not a pull error).
      order: 10,
      match: (s) =>
        INVALID_REFERENCE_TEXT.test(s.text) || s.unparsable ? ['invalid-image-reference', 'unknown'] : undefined,
    },
  ],
  calls: { proves: [], informs: [] },
  check,
  plan,
  texts: [TEXTS, IMAGE_TEXTS],
});
