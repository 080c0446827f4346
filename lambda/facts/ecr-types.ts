/**
 * The ECR facts (facts/probes/ecr.ts): the image and its platforms, the repository's images and their storage class,
 * its policies, and preflight's config-blob read. Re-exported by ./types.
 */
import type { Fact } from '../aws/call';
import type { PolicyDocument } from './policy-eval/document';

export interface EcrImageFacts {
  /** The repository exists (false = RepositoryNotFoundException). */
  repositoryExists: boolean;
  /** Requested tag → digest it points to now (null: tag not found). Undefined: not asked. */
  tagDigest?: string | null;
  /** Requested digest exists (false: gone). Undefined: not asked. */
  digestExists?: boolean;
  /** Media type of the manifest for the tag/digest. */
  manifestMediaType?: string;
  /** Platforms offered by a manifest list / OCI index ("linux/arm64"); undefined for a single manifest. */
  platforms?: string[];
  /** A single manifest's config blob (its digest): where that image's os and architecture are written. */
  configDigest?: string;
}

/** A single-platform image's platform, from its config blob ("linux/arm64"). */
export interface ImageConfigFacts {
  platform: string;
}

export interface EcrTagFacts {
  /** Tags of the repository's pullable (ACTIVE) images, newest push first. */
  recentTags: string[];
  imageCount: number;
  /**
   * Tagged images that cannot be pulled now (issue 20): ECR's archive storage class (ARCHIVED), or a restore under way
   * (ACTIVATING). DescribeImages lists them only when asked (imageStatus ANY).
   */
  inactive?: InactiveImage[];
  /** Compressed size of the image the reference names, when the list has it (slow pulls). */
  imageSizeBytes?: number;
}

export interface InactiveImage {
  digest: string;
  tags: string[];
  status: 'ARCHIVED' | 'ACTIVATING';
  /** When it was last moved to the archive (ISO). */
  archivedAt?: string;
  sizeBytes?: number;
}

/** One rule of a repository's lifecycle policy, as far as it says which images it archives or expires. */
export interface LifecycleRule {
  priority: number;
  description?: string;
  action: 'expire' | 'transition';
  /** The storage class the rule selects from ("standard" unless the rule says "archive"). */
  storageClass: 'standard' | 'archive';
  tagStatus: 'tagged' | 'untagged' | 'any';
  tagPrefixList?: string[];
  tagPatternList?: string[];
  countType: string;
  countNumber: number;
  countUnit?: string;
}

export interface LifecyclePolicyFacts {
  rules: number;
  /** The rules that parse (a rule of an unknown shape is left out, never guessed). */
  parsed: LifecycleRule[];
}

export interface EcrFacts {
  /** Repository is in the task's account. */
  sameAccount: boolean;
  image?: Fact<EcrImageFacts>;
  tags?: Fact<EcrTagFacts>;
  /** null = the repository has no policy (RepositoryPolicyNotFoundException). */
  repositoryPolicy?: Fact<PolicyDocument | null>;
  /** null = no lifecycle policy. */
  lifecyclePolicy?: Fact<LifecyclePolicyFacts | null>;
  /** Preflight only (GatherOptions.readImageConfig): the single-platform image's config blob. */
  imageConfig?: Fact<ImageConfigFacts>;
}
