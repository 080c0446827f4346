/**
 * Image family: repository-not-found, image-not-found, stale-image-digest, platform-mismatch, invalid-image-reference.
 */
import { ecrRepositoryArn } from '../../domain/image-ref';
import type { EcrImageFacts } from '../../facts/types';
import {
  Finding,
  listArgs,
  read,
  T,
  taskPlatform,
  type CauseCheck,
  type CheckContext,
  type EvidenceText,
} from '../context';

function ecrImage(f: Finding, ctx: CheckContext): EcrImageFacts | undefined {
  return read(f, ctx.facts.ecr?.image, 'ecr-image', T('part.what.ecr-image', { image: ctx.imageRef?.raw ?? '' }));
}

/** The reason parseImageRef gives (image-ref.ts), as a catalogue part. */
export function imageRefReasonPart(reason: string): EvidenceText {
  const quoted: Array<[RegExp, string]> = [
    [/^invalid digest "([\s\S]*)"$/, 'invalid-digest'],
    [/^invalid tag "([\s\S]*)"$/, 'invalid-tag'],
    [/^invalid registry host "([\s\S]*)"$/, 'invalid-host'],
    [/^repository name "([\s\S]*)" must be lowercase$/, 'uppercase'],
    [/^invalid repository name component "([\s\S]*)"$/, 'invalid-component'],
  ];
  for (const [re, key] of quoted) {
    const m = re.exec(reason);
    if (m) return T(`part.image-ref.${key}`, { value: m[1]! });
  }
  const plain: Record<string, string> = {
    'no image reference': 'none',
    'image reference is empty': 'empty',
    'image reference is longer than 1024 characters': 'too-long',
    'image reference contains whitespace': 'whitespace',
    'image reference must not contain a URL scheme': 'url-scheme',
    'image reference has no repository name': 'no-repository',
    'repository name is longer than 255 characters': 'repository-too-long',
  };
  return plain[reason] ? T(`part.image-ref.${plain[reason]}`) : T('part.value', { value: reason });
}

/** Text of `The image "<image>" cannot be parsed: <reason>.` (here and in diagnose.ts). */
export function unparsableImageText(image: string, reason: string): EvidenceText {
  return T('invalid-image-reference.unparsable', { image, ...listArgs('reason', [imageRefReasonPart(reason)]) });
}

function tagsAndLifecycle(f: Finding, ctx: CheckContext): void {
  const repository = (ctx.imageRef && ecrRepositoryArn(ctx.imageRef)) ?? ctx.imageRef?.repository ?? '';
  const tags = ctx.facts.ecr?.tags;
  if (tags?.ok) {
    f.fix({ recentTags: tags.value.recentTags.slice(0, 10) });
    const recent = tags.value.recentTags.slice(0, 5).join(', ');
    f.add('recent-tags', 'info', recent ? T('image.recent-tags', { tags: recent }) : T('image.no-tags'));
  } else if (tags && !tags.ok) f.unknown('recent-tags', tags, T('part.what.repository-tags', { repository }));
  const lc = ctx.facts.ecr?.lifecyclePolicy;
  if (lc?.ok) {
    f.fix({ lifecyclePolicyPresent: lc.value !== null });
    f.add(
      'lifecycle-policy',
      'info',
      lc.value ? T('image.lifecycle-policy', { rules: lc.value.rules }) : T('image.no-lifecycle-policy'),
    );
  } else if (lc && !lc.ok) f.unknown('lifecycle-policy', lc, T('part.what.lifecycle-policy', { repository }));
}

/** Digest the task resolved/pinned (agent ≥ 1.83 pulls by resolved digest), from the event. */
function taskDigest(ctx: CheckContext): string | undefined {
  return ctx.failure.container?.imageDigest;
}

export const repositoryNotFound: CauseCheck = {
  id: 'repository-not-found',
  title: 'The repository does not exist',
  check(ctx) {
    const f = new Finding('repository-not-found');
    const ref = ctx.imageRef;
    if (!ref) return f.add('image-reference', 'not-applicable', T('image.no-reference')).done('not-applicable');
    if (ref.registryType !== 'ecr') {
      const says = /repository does not exist|name unknown|not found/i.test(ctx.text);
      return f
        .add(
          'registry-repository',
          'unknown',
          T('repository-not-found.not-ecr', { repository: `${ref.registry}/${ref.repository}` }),
        )
        .done(says ? 'possible' : 'not-applicable');
    }
    const img = ecrImage(f, ctx);
    const repoArn = ecrRepositoryArn(ref)!;
    if (!img)
      return f.done(ctx.facts.ecr?.image ? (ref.accountId !== ctx.account ? 'possible' : 'unknown') : 'not-applicable');
    if (img.repositoryExists)
      return f
        .add('ecr-repository', 'ruled-out', T('repository-not-found.exists', { repository: repoArn }), [repoArn])
        .done('ruled-out');
    const same = ref.accountId === ctx.account;
    return f
      .add(
        'ecr-repository',
        same ? 'proven' : 'info',
        T(same ? 'repository-not-found.missing' : 'repository-not-found.missing.other-account', {
          repository: ref.repository,
          account: ref.accountId ?? '',
          region: ref.region ?? '',
        }),
        [repoArn],
      )
      .done(same ? 'proven' : 'likely');
  },
};

export const imageNotFound: CauseCheck = {
  id: 'image-not-found',
  title: 'The tag or digest does not exist in the repository',
  check(ctx) {
    const f = new Finding('image-not-found');
    const ref = ctx.imageRef;
    if (!ref) return f.add('image-reference', 'not-applicable', T('image.no-reference')).done('not-applicable');
    if (ref.registryType !== 'ecr') {
      return f
        .add('registry-image', 'unknown', T('image-not-found.not-ecr', { image: ref.normalized }))
        .done(/manifest unknown|not found/i.test(ctx.text) ? 'possible' : 'not-applicable');
    }
    const img = ecrImage(f, ctx);
    const repoArn = ecrRepositoryArn(ref)!;
    if (!img) return f.done(ctx.facts.ecr?.image ? 'unknown' : 'not-applicable');
    if (!img.repositoryExists)
      return f
        .add('ecr-repository', 'not-applicable', T('image-not-found.no-repository', { repository: ref.repository }), [
          repoArn,
        ])
        .done('not-applicable');
    tagsAndLifecycle(f, ctx);
    if (ref.digest && img.digestExists === false) {
      return f
        .add(
          'ecr-image-digest',
          'proven',
          T('image-not-found.no-digest', { digest: ref.digest, repository: repoArn }),
          [repoArn],
        )
        .done('proven');
    }
    if (ref.tag && !ref.digest && img.tagDigest === null) {
      return f
        .add('ecr-image-tag', 'proven', T('image-not-found.no-tag', { tag: ref.tag, repository: repoArn }), [repoArn])
        .done('proven');
    }
    if (ref.tag && !ref.digest && img.tagDigest === undefined)
      return f
        .add('ecr-image-tag', 'unknown', T('image-not-found.tag-not-looked-up', { tag: ref.tag }))
        .done('unknown');
    return f
      .add(
        'ecr-image-tag',
        'ruled-out',
        ref.tag
          ? T('image-not-found.tag-exists', { tag: ref.tag, repository: repoArn })
          : T('image-not-found.digest-exists', { digest: ref.digest ?? '', repository: repoArn }),
        [repoArn],
      )
      .done('ruled-out');
  },
};

export const staleImageDigest: CauseCheck = {
  id: 'stale-image-digest',
  title: 'The tag now points to another digest and the pinned one is gone',
  check(ctx) {
    const f = new Finding('stale-image-digest');
    const ref = ctx.imageRef;
    const pinned = taskDigest(ctx);
    if (ref?.registryType !== 'ecr' || !ref.tag || ref.digest) {
      return f.add('pinned-digest', 'not-applicable', T('stale-image-digest.not-ecr-tag')).done('not-applicable');
    }
    if (!pinned)
      return f.add('pinned-digest', 'not-applicable', T('stale-image-digest.no-pinned')).done('not-applicable');
    const img = ecrImage(f, ctx);
    const repoArn = ecrRepositoryArn(ref)!;
    if (!img) return f.done(ctx.facts.ecr?.image ? 'unknown' : 'not-applicable');
    if (!img.repositoryExists) return f.done('not-applicable');
    tagsAndLifecycle(f, ctx);
    if (img.tagDigest === null)
      return f
        .add('ecr-image-tag', 'not-applicable', T('stale-image-digest.tag-gone', { tag: ref.tag }))
        .done('not-applicable');
    if (img.tagDigest === undefined || img.digestExists === undefined)
      return f.add('pinned-digest', 'unknown', T('stale-image-digest.not-looked-up')).done('unknown');
    if (img.tagDigest !== pinned && img.digestExists === false) {
      return f
        .add(
          'pinned-digest',
          'proven',
          T('stale-image-digest.moved', { tag: ref.tag, digest: img.tagDigest, pinned, repository: repoArn }),
          [repoArn],
        )
        .done('proven');
    }
    if (img.digestExists === false)
      return f
        .add('pinned-digest', 'proven', T('stale-image-digest.gone', { pinned, repository: repoArn }), [repoArn])
        .done('proven');
    return f
      .add('pinned-digest', 'ruled-out', T('stale-image-digest.exists', { pinned, repository: repoArn }), [repoArn])
      .done('ruled-out');
  },
};

export const platformMismatch: CauseCheck = {
  id: 'platform-mismatch',
  title: 'The image has no manifest for the task platform',
  check(ctx) {
    const f = new Finding('platform-mismatch');
    const platform = taskPlatform(ctx);
    f.fix({ taskPlatform: platform });
    const textSays = /descriptor (?:matching|for) platform|no matching manifest|exec format error/i.test(ctx.text);
    const img = ctx.imageRef?.registryType === 'ecr' ? ecrImage(f, ctx) : undefined;
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
              ? T('platform-mismatch.mismatch', {
                  image: ctx.imageRef!.raw,
                  platforms: img.platforms.join(', '),
                  platform,
                })
              : T('platform-mismatch.no-platform', { image: ctx.imageRef!.raw, platform }),
          )
          .done('proven');
      return f.add('image-platforms', 'ruled-out', T('platform-mismatch.offers', { platform })).done('ruled-out');
    }
    if (img)
      f.add(
        'image-platforms',
        'unknown',
        img.manifestMediaType
          ? T('platform-mismatch.single-platform', { mediaType: img.manifestMediaType })
          : T('platform-mismatch.single-platform.unknown-type'),
      );
    if (textSays) return f.add('stop-reason', 'info', T('platform-mismatch.stop-reason', { platform })).done('likely');
    return f.done(img ? 'unknown' : 'not-applicable');
  },
};

export const invalidImageReference: CauseCheck = {
  id: 'invalid-image-reference',
  title: 'The image string is not a valid reference',
  check(ctx) {
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
            ? T('invalid-image-reference.stop-reason', { image: ctx.imageRef.raw })
            : T('invalid-image-reference.stop-reason.no-image'),
        )
        .done('likely');
    if (ctx.image?.ok) {
      const { raw, normalized } = ctx.image.ref;
      // Name the normalized form only when it says something more (e.g. nginx → docker.io/library/nginx:latest).
      return (
        raw === normalized
          ? f.add('image-reference', 'ruled-out', T('invalid-image-reference.valid-as-is', { image: raw }))
          : f.add('image-reference', 'ruled-out', T('invalid-image-reference.valid', { image: raw, normalized }))
      ).done('ruled-out');
    }
    return f.done('not-applicable');
  },
};
