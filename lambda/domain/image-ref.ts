/**
 * Pure image-reference parser with Docker's normalisation rules (distribution/reference):
 *   "nginx"            → docker.io/library/nginx:latest
 *   "me/app:1"         → docker.io/me/app:1
 *   "<acct>.dkr.ecr.<region>.amazonaws.com/app@sha256:…" → ECR, account/region extracted
 *   "<acct>.dkr-ecr.<region>.on.aws/app:1" → ECR through its dual-stack (IPv4 and IPv6) name
 * A first path component is a registry host only when it contains "." or ":" or is "localhost".
 */

export type RegistryType = 'ecr' | 'ecr-public' | 'dockerhub' | 'other';

export interface ImageRef {
  /** The string as written in the task definition. */
  raw: string;
  /** Registry host, "docker.io" for Docker Hub. */
  registry: string;
  registryType: RegistryType;
  /** ECR only. */
  accountId?: string;
  /** ECR only. */
  region?: string;
  /**
   * ECR only: the registry name ECR documents for IPv6 — `<acct>.dkr-ecr.<region>.on.aws` (or `.on.amazonwebservices
   * .com.cn`) resolves to IPv4 and IPv6 addresses; the classic `dkr.ecr` name to IPv4 only (ecr-requests.html).
   */
  dualStack?: boolean;
  /** Repository path inside the registry ("library/nginx" for official Docker Hub images). */
  repository: string;
  /** Tag; "latest" when neither tag nor digest is given. */
  tag?: string;
  /** "sha256:…" when pinned by digest. */
  digest?: string;
  /** registry/repository[:tag][@digest] */
  normalized: string;
}

export type ImageRefResult = { ok: true; ref: ImageRef } | { ok: false; reason: string };

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;
const ECR_DUAL_STACK_HOST =
  /^(\d{12})\.dkr-ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.on\.(?:aws|amazonwebservices\.com\.cn)$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const LABEL = /[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?/.source;
/** A DNS name (labels joined by dots) or a bracketed IPv6 address, either with an optional port. */
const HOST = new RegExp(`^(?:${LABEL})(?:\\.${LABEL})*(?::\\d+)?$|^\\[[0-9a-fA-F:]+\\](?::\\d+)?$`);
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export function parseImageRef(image: string | undefined): ImageRefResult {
  if (image === undefined) return { ok: false, reason: 'no image reference' };
  const raw = image;
  const s = image.trim();
  if (s.length === 0) return { ok: false, reason: 'image reference is empty' };
  if (s.length > 1024) return { ok: false, reason: 'image reference is longer than 1024 characters' };
  if (/\s/.test(s)) return { ok: false, reason: 'image reference contains whitespace' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return { ok: false, reason: 'image reference must not contain a URL scheme' };

  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, reason: `invalid digest "${digest.slice(0, 80)}"` };
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { ok: false, reason: `invalid tag "${tag.slice(0, 80)}"` };
  }
  if (rest.length === 0) return { ok: false, reason: 'image reference has no repository name' };

  const parts = rest.split('/');
  let registry = 'docker.io';
  const first = parts[0]!;
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = parts.shift()!;
    if (!HOST.test(registry)) return { ok: false, reason: `invalid registry host "${registry.slice(0, 80)}"` };
  }
  if (DOCKER_HUB_HOSTS.has(registry.toLowerCase())) {
    registry = 'docker.io';
    if (parts.length === 1) parts.unshift('library');
  }
  for (const p of parts) {
    if (!PATH_COMPONENT.test(p)) {
      return {
        ok: false,
        reason: /[A-Z]/.test(p)
          ? `repository name "${p.slice(0, 80)}" must be lowercase`
          : `invalid repository name component "${p.slice(0, 80)}"`,
      };
    }
  }
  const repository = parts.join('/');
  if (repository.length > 255) return { ok: false, reason: 'repository name is longer than 255 characters' };
  if (!tag && !digest) tag = 'latest';

  let registryType: RegistryType = 'other';
  let accountId: string | undefined;
  let region: string | undefined;
  const dual = ECR_DUAL_STACK_HOST.exec(registry.toLowerCase());
  const ecr = ECR_HOST.exec(registry.toLowerCase()) ?? dual;
  if (ecr) {
    registryType = 'ecr';
    accountId = ecr[1];
    region = ecr[2];
  } else if (registry.toLowerCase() === 'public.ecr.aws') registryType = 'ecr-public';
  else if (registry === 'docker.io') registryType = 'dockerhub';

  const ref: ImageRef = {
    raw,
    registry,
    registryType,
    repository,
    normalized: `${registry}/${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`,
  };
  if (accountId) ref.accountId = accountId;
  if (region) ref.region = region;
  if (dual) ref.dualStack = true;
  if (tag) ref.tag = tag;
  if (digest) ref.digest = digest;
  return { ok: true, ref };
}

/** ECR repository ARN for an ECR image (partition from the region). */
export function ecrRepositoryArn(ref: ImageRef): string | undefined {
  if (ref.registryType !== 'ecr' || !ref.accountId || !ref.region) return undefined;
  return `arn:${partitionOf(ref.region)}:ecr:${ref.region}:${ref.accountId}:repository/${ref.repository}`;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
