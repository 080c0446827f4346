/**
 * platform-mismatch: the image offers no manifest for the task's platform (OS/architecture). The platforms
 * of the ECR image's manifest list prove it (or rule it out); a single-platform manifest leaves it unknown,
 * and a stop reason naming a platform mismatch makes it likely.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, manual, newRevisionStep, sh } from '../../remediate/plans/shared';
import type { Plan } from '../../remediate/types';
import { Finding, isEc2, taskPlatform, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { ecrImage } from './shared';
import { IMAGE_TEXTS } from './texts';

const PLATFORM_TEXT = new RegExp(
  [
    /descriptor (?:matching|for) platform|no matching manifest for/.source,
    /does not contain descriptor matching|exec format error|image platform .* does not match/.source,
  ].join('|'),
  'i',
);

const TEXTS = texts(
  {
    'evidence.platform-mismatch.mismatch': 'The image {image} offers {platforms}, not {platform} which the task needs.',
    'evidence.platform-mismatch.no-platform':
      'The image {image} offers no platform, not {platform} which the task needs.',
    'evidence.platform-mismatch.offers': 'The image offers {platform}.',
    'evidence.part.what.image-config': 'The config blob of {image} (its platform)',
    'evidence.platform-mismatch.instance-unknown':
      'The image offers {platforms}; the task definition sets no runtimePlatform.cpuArchitecture, so the platform is ' +
      'that of the container instance, not known before the task is placed.',
    'evidence.platform-mismatch.single-platform':
      'The image manifest ({mediaType}) is single-platform; its architecture is in the config blob, ' +
      'which was not read.',
    'evidence.platform-mismatch.single-platform.unknown-type':
      'The image manifest (unknown type) is single-platform; its architecture is in the config blob, ' +
      'which was not read.',
    'evidence.platform-mismatch.stop-reason': 'The stop reason names a platform mismatch; the task needs {platform}.',
    'plan.platform-mismatch.multi-arch-build':
      'Image {image} offers {offered} but the task needs {needed}. Build and push a multi-architecture image.',
    'plan.platform-mismatch.runtime-platform':
      "Or run the task on the image's architecture: set runtimePlatform.cpuArchitecture to {cpu} " +
      'in task definition {family}.',
  },
  {
    'evidence.platform-mismatch.mismatch':
      'イメージ {image} が提供するのは {platforms} で、タスクに必要な {platform} はありません。',
    'evidence.platform-mismatch.no-platform':
      'イメージ {image} はどのプラットフォームも提供しておらず、タスクに必要な {platform} はありません。',
    'evidence.platform-mismatch.offers': 'イメージは {platform} を提供しています。',
    'evidence.part.what.image-config': '{image} の設定 blob（プラットフォーム）',
    'evidence.platform-mismatch.instance-unknown':
      'イメージが提供するのは {platforms} です。タスク定義に runtimePlatform.cpuArchitecture がないため、プラットフォームは' +
      'コンテナインスタンスのもので、タスクが配置されるまでわかりません。',
    'evidence.platform-mismatch.single-platform':
      'イメージマニフェスト（{mediaType}）は単一プラットフォームです。アーキテクチャは設定 blob にあり、読み取っていません。',
    'evidence.platform-mismatch.single-platform.unknown-type':
      'イメージマニフェスト（種類不明）は単一プラットフォームです。アーキテクチャは設定 blob にあり、読み取っていません。',
    'evidence.platform-mismatch.stop-reason':
      '停止理由はプラットフォームの不一致を示しています。タスクに必要なのは {platform} です。',
    'plan.platform-mismatch.multi-arch-build':
      'イメージ {image} は {offered} 向けですが、タスクには {needed} が必要です。マルチアーキテクチャのイメージをビルドしてプッシュしてください。',
    'plan.platform-mismatch.runtime-platform':
      'または、イメージのアーキテクチャでタスクを実行してください。タスク定義 {family} の runtimePlatform.cpuArchitecture を {cpu} にします。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('platform-mismatch');
  const platform = taskPlatform(ctx);
  f.fix({ taskPlatform: platform });
  const textSays = /descriptor (?:matching|for) platform|no matching manifest|exec format error/i.test(ctx.text);
  const found = ctx.imageRef?.registryType === 'ecr' ? ecrImage(f, ctx) : undefined;
  // A single-platform image's platform, when its config blob was read (preflight): one platform offered.
  const config = found && !found.platforms ? ctx.facts.ecr?.imageConfig : undefined;
  if (config && !config.ok)
    f.unknown('image-config', config, TEXTS.t('evidence.part.what.image-config', { image: ctx.imageRef!.raw }));
  const img = found && config?.ok ? { ...found, platforms: [config.value.platform] } : found;
  if (img?.platforms && ctx.failure.preflight && isEc2(ctx) && !ctx.taskDef?.cpuArchitecture)
    // Before a deploy on EC2 without runtimePlatform, the platform is that of an instance not chosen yet.
    return f
      .add(
        'task-platform',
        'unknown',
        TEXTS.t('evidence.platform-mismatch.instance-unknown', { platforms: img.platforms.join(', ') || 'none' }),
      )
      .done('unknown');
  if (img?.platforms) {
    f.fix({ imagePlatforms: img.platforms });
    const want = platform.split('/');
    const ok = img.platforms.some((p) => {
      const [os, arch] = p.split('/');
      return os === want[0] && arch === want[1];
    });
    if (!ok)
      return f
        .add(
          'image-platforms',
          'proven',
          img.platforms.length
            ? TEXTS.t('evidence.platform-mismatch.mismatch', {
                image: ctx.imageRef!.raw,
                platforms: img.platforms.join(', '),
                platform,
              })
            : TEXTS.t('evidence.platform-mismatch.no-platform', { image: ctx.imageRef!.raw, platform }),
        )
        .done('proven');
    return f
      .add('image-platforms', 'ruled-out', TEXTS.t('evidence.platform-mismatch.offers', { platform }))
      .done('ruled-out');
  }
  if (img && !config)
    f.add(
      'image-platforms',
      'unknown',
      img.manifestMediaType
        ? TEXTS.t('evidence.platform-mismatch.single-platform', { mediaType: img.manifestMediaType })
        : TEXTS.t('evidence.platform-mismatch.single-platform.unknown-type'),
    );
  if (textSays)
    return f.add('stop-reason', 'info', TEXTS.t('evidence.platform-mismatch.stop-reason', { platform })).done('likely');
  return f.done(img ? 'unknown' : 'not-applicable');
}

function plan(d: Diagnosis): Plan {
  const image = d.resources.image ?? '<IMAGE>';
  const offered = d.fixInputs.imagePlatforms ?? [];
  const needed = d.fixInputs.taskPlatform ?? '<TASK_PLATFORM>';
  const arch = offered.map((p) => p.split('/')[1]).find((a) => a === 'amd64' || a === 'arm64');
  const cpu = arch === 'arm64' ? 'ARM64' : arch === 'amd64' ? 'X86_64' : '<X86_64_OR_ARM64>';
  return basePlan(d, [
    manual('build-multi-arch', TEXTS.key('plan.platform-mismatch.multi-arch-build'), {
      action: 'manual',
      command: `docker buildx build --platform linux/amd64,linux/arm64 -t ${sh(image)} --push .`,
      textArgs: { image, needed, offered: offered.join(', ') || '?' },
    }),
    {
      ...newRevisionStep(
        d,
        'or-set-runtime-platform',
        `set "runtimePlatform": {"cpuArchitecture": "${cpu}", "operatingSystemFamily": "LINUX"}`,
      ),
      textKey: TEXTS.key('plan.platform-mismatch.runtime-platform'),
      textArgs: { cpu, family: d.resources.family ?? '<TASK_DEFINITION_FAMILY>' },
      document: { runtimePlatform: { cpuArchitecture: cpu, operatingSystemFamily: 'LINUX' } },
    },
  ]);
}

export const platformMismatch = defineCause({
  id: 'platform-mismatch',
  family: 'image',
  words: {
    en: {
      title: 'image platform does not match the task',
      explain:
        'The image has no variant for the platform the task runs on (CPU architecture or operating system), for ' +
        'example an amd64-only image on an ARM64 (Graviton) task.',
    },
    ja: {
      title: 'イメージのプラットフォームがタスクと合わない',
      explain:
        'タスクが動くプラットフォーム(CPU アーキテクチャまたは OS)向けのイメージがありません。例: amd64 専用のイメージを ARM64(Graviton)のタスクで使っている。',
    },
  },
  text: [
    { order: 40, match: (s) => (PLATFORM_TEXT.test(s.text) ? ['platform-mismatch', 'image-not-found'] : undefined) },
  ],
  calls: { proves: ['image'], informs: [] },
  check,
  plan,
  texts: [TEXTS, IMAGE_TEXTS],
});
