/**
 * ECR probes, against the image's own region: BatchGetImage (tag and pinned digest in one call, plus the
 * manifest for the platform check), DescribeImages (recent tags), GetRepositoryPolicy, GetLifecyclePolicy.
 * RepositoryNotFoundException / *PolicyNotFoundException are facts, not unknowns.
 */
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import type { Clients } from '../../aws/clients';
import type { ImageRef } from '../../domain/image-ref';
import { parsePolicyDocument, type PolicyDocument } from '../policy-eval/document';
import { parseLifecyclePolicy } from '../lifecycle-policy';
import type { EcrFacts, EcrImageFacts, EcrTagFacts, InactiveImage, LifecyclePolicyFacts } from '../types';
import type { CallBudget } from './budget';

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
];

export interface EcrProbeOptions {
  image: boolean;
  tags: boolean;
  repositoryPolicy: boolean;
  lifecyclePolicy: boolean;
  /** Digest the task resolved (event containers[].imageDigest). */
  pinnedDigest?: string;
}

/** Platforms of a manifest list / OCI index; undefined for a single-image manifest. */
export function manifestPlatforms(manifest: string | undefined): string[] | undefined {
  if (!manifest) return undefined;
  try {
    const m = JSON.parse(manifest) as {
      manifests?: Array<{ platform?: { os?: string; architecture?: string; variant?: string } }>;
    };
    if (!Array.isArray(m.manifests)) return undefined;
    return m.manifests
      .map((x) => x.platform)
      .filter((p): p is { os: string; architecture: string } => !!p?.os && !!p.architecture && p.os !== 'unknown')
      .map((p) => `${p.os}/${p.architecture}`);
  } catch {
    return undefined;
  }
}

/** The config blob's digest of a single image manifest (Docker v2 or OCI); undefined for anything else. */
export function configDigestOf(manifest: string | undefined): string | undefined {
  if (!manifest) return undefined;
  try {
    const digest = (JSON.parse(manifest) as { config?: { digest?: unknown } }).config?.digest;
    return typeof digest === 'string' && /^sha256:[a-f0-9]{64}$/.test(digest) ? digest : undefined;
  } catch {
    return undefined;
  }
}

const NOT_FOUND_REPO = { names: ['RepositoryNotFoundException'] as const };

export async function probeEcr(
  clients: Clients,
  budget: CallBudget,
  ref: ImageRef,
  sameAccount: boolean,
  opts: EcrProbeOptions,
): Promise<EcrFacts> {
  const ecr = clients.ecr;
  const base = { registryId: ref.accountId!, repositoryName: ref.repository };
  const out: EcrFacts = { sameAccount };
  const ids: Array<{ imageTag?: string; imageDigest?: string }> = [];
  if (ref.digest) ids.push({ imageDigest: ref.digest });
  else if (ref.tag) ids.push({ imageTag: ref.tag });
  if (opts.pinnedDigest && !ref.digest && opts.pinnedDigest !== ref.digest)
    ids.push({ imageDigest: opts.pinnedDigest });
  const batchIn = { ...base, imageIds: ids, acceptedMediaTypes: MANIFEST_MEDIA_TYPES };
  // imageStatus ANY: archived images too (issue 20), which DescribeImages otherwise leaves out.
  const listIn = { ...base, filter: { tagStatus: 'TAGGED' as const, imageStatus: 'ANY' as const }, maxResults: 1000 };
  const [img, tags, policy, lifecycle] = await Promise.all([
    opts.image
      ? budget.call<EcrImageFacts>(
          'ecr:BatchGetImage',
          batchIn,
          async (abortSignal) => {
            const r = await ecr.send(new BatchGetImageCommand(batchIn), { abortSignal });
            const facts: EcrImageFacts = { repositoryExists: true };
            const images = r.images ?? [];
            const missing = (r.failures ?? []).filter(
              (f) =>
                f.failureCode === 'ImageNotFound' ||
                f.failureCode === 'ImageTagDoesNotMatchDigest' ||
                f.failureCode === 'InvalidImageDigest',
            );
            const main = ref.digest
              ? images.find((i) => i.imageId?.imageDigest === ref.digest)
              : images.find((i) => i.imageId?.imageTag === ref.tag);
            if (!ref.digest && ref.tag) {
              if (main?.imageId?.imageDigest) facts.tagDigest = main.imageId.imageDigest;
              else if (missing.some((f) => f.imageId?.imageTag === ref.tag)) facts.tagDigest = null;
            }
            const digestAsked = ref.digest ?? opts.pinnedDigest;
            if (digestAsked)
              facts.digestExists =
                images.some((i) => i.imageId?.imageDigest === digestAsked) &&
                !missing.some((f) => f.imageId?.imageDigest === digestAsked);
            if (main?.imageManifestMediaType) facts.manifestMediaType = main.imageManifestMediaType;
            const platforms = manifestPlatforms(main?.imageManifest);
            if (platforms) facts.platforms = platforms;
            else {
              const config = configDigestOf(main?.imageManifest);
              if (config) facts.configDigest = config;
            }
            return facts;
          },
          { ...NOT_FOUND_REPO, value: () => ({ repositoryExists: false }) },
        )
      : undefined,
    opts.tags
      ? budget.call<EcrTagFacts>(
          'ecr:DescribeImages',
          listIn,
          async (abortSignal) => {
            const r = await ecr.send(new DescribeImagesCommand(listIn), { abortSignal });
            const details = [...(r.imageDetails ?? [])].sort(
              (a, b) => (b.imagePushedAt?.getTime() ?? 0) - (a.imagePushedAt?.getTime() ?? 0),
            );
            // No status (an API before the archive class, or an emulator) is an image that can be pulled.
            const active = details.filter((d) => !d.imageStatus || d.imageStatus === 'ACTIVE');
            const inactive = details.flatMap((d): InactiveImage[] =>
              d.imageDigest && (d.imageStatus === 'ARCHIVED' || d.imageStatus === 'ACTIVATING')
                ? [
                    {
                      digest: d.imageDigest,
                      tags: d.imageTags ?? [],
                      status: d.imageStatus,
                      ...(d.lastArchivedAt ? { archivedAt: d.lastArchivedAt.toISOString() } : {}),
                      ...(d.imageSizeInBytes !== undefined ? { sizeBytes: d.imageSizeInBytes } : {}),
                    },
                  ]
                : [],
            );
            const named = details.find((d) =>
              ref.digest ? d.imageDigest === ref.digest : !!ref.tag && (d.imageTags ?? []).includes(ref.tag),
            );
            return {
              ...(named?.imageSizeInBytes !== undefined ? { imageSizeBytes: named.imageSizeInBytes } : {}),
              recentTags: active.flatMap((d) => d.imageTags ?? []).slice(0, 20),
              imageCount: active.length,
              ...(inactive.length ? { inactive: inactive.slice(0, 50) } : {}),
            };
          },
          { ...NOT_FOUND_REPO, value: () => ({ recentTags: [], imageCount: 0 }) },
        )
      : undefined,
    opts.repositoryPolicy
      ? budget.call<PolicyDocument | null>(
          'ecr:GetRepositoryPolicy',
          base,
          async (abortSignal) => {
            const r = await ecr.send(new GetRepositoryPolicyCommand(base), { abortSignal });
            return r.policyText ? (parsePolicyDocument(r.policyText) ?? null) : null;
          },
          { names: ['RepositoryPolicyNotFoundException'], value: () => null },
        )
      : undefined,
    opts.lifecyclePolicy
      ? budget.call<LifecyclePolicyFacts | null>(
          'ecr:GetLifecyclePolicy',
          base,
          async (abortSignal) => {
            const r = await ecr.send(new GetLifecyclePolicyCommand(base), { abortSignal });
            return parseLifecyclePolicy(r.lifecyclePolicyText);
          },
          // No repository, no lifecycle policy: a fact, not something left unchecked.
          { names: ['LifecyclePolicyNotFoundException', 'RepositoryNotFoundException'], value: () => null },
        )
      : undefined,
  ]);
  if (img) out.image = img;
  if (tags) out.tags = tags;
  if (policy) out.repositoryPolicy = policy;
  if (lifecycle) out.lifecyclePolicy = lifecycle;
  return out;
}
