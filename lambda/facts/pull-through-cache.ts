/**
 * ECR pull-through cache (docs/research/pull-through-cache.md), the pure half: the rules as the diagnosis sees them,
 * which rule serves a repository, the upstreams and their conventional prefixes, and the probe's declaration
 * (facts/image-probe.ts). The SDK half is probes/pull-through-cache.ts: the offline CLI loads every cause module
 * and must not load the AWS SDK.
 */
import type { Fact } from '../aws/call';
import type { ImageRef } from '../domain/image-ref';
import type { ImageProbe } from './image-probe';

export const DESCRIBE_RULES = 'ecr:DescribePullThroughCacheRules';
export const VALIDATE_RULE = 'ecr:ValidatePullThroughCacheRule';

/** A pull-through cache rule as ECR describes it (the fields a diagnosis uses). */
export interface CacheRule {
  /** The repository prefix of the rule ("docker-hub", "ROOT" for a registry-wide ECR-to-ECR rule). */
  prefix: string;
  upstreamRegistryUrl: string;
  upstreamRegistry?: string;
  /** The Secrets Manager secret ECR logs in upstream with (ecr-pullthroughcache/…), when the upstream needs one. */
  credentialArn?: string;
  upstreamRepositoryPrefix?: string;
}

export interface CacheRuleValidation {
  isValid: boolean;
  /** ECR's reason, free text (not documented): shown as it is, never parsed. */
  failure?: string;
}

export interface PullThroughCacheFacts {
  /** Every rule of the registry (up to MAX_PAGES pages). */
  rules: CacheRule[];
  /** The rule serving the repository (longest matching prefix), or null when none does. */
  match: CacheRule | null;
  /** The match's validation; only asked for a rule with upstream credentials. */
  validation?: Fact<CacheRuleValidation>;
}

/** An upstream registry ECR can cache (CreatePullThroughCacheRule; pull-through-cache.html). */
export interface Upstream {
  /** The API's UpstreamRegistry value. */
  registry: string;
  /** upstreamRegistryUrl ("<REGISTRY>" where each user has their own host). */
  url: string;
  /** The rule needs a Secrets Manager secret (ecr-pullthroughcache/…) to log in upstream. */
  credentials: boolean;
}

/**
 * The repository prefixes the ECR console and guide use for each upstream (pull-through-cache-working-pulling.html).
 * A rule may use any prefix: only these make a missing rule recognisable from the image name alone.
 * Chainguard's URL is not in the API reference (cgr.dev is its registry host).
 */
export const CONVENTIONAL_PREFIXES: Readonly<Record<string, Upstream>> = {
  'docker-hub': { registry: 'docker-hub', url: 'registry-1.docker.io', credentials: true },
  'ecr-public': { registry: 'ecr-public', url: 'public.ecr.aws', credentials: false },
  quay: { registry: 'quay', url: 'quay.io', credentials: false },
  k8s: { registry: 'k8s', url: 'registry.k8s.io', credentials: false },
  kubernetes: { registry: 'k8s', url: 'registry.k8s.io', credentials: false },
  github: { registry: 'github-container-registry', url: 'ghcr.io', credentials: true },
  ghcr: { registry: 'github-container-registry', url: 'ghcr.io', credentials: true },
  gitlab: { registry: 'gitlab-container-registry', url: 'registry.gitlab.com', credentials: true },
  azure: { registry: 'azure-container-registry', url: '<REGISTRY>.azurecr.io', credentials: true },
  chainguard: { registry: 'chainguard', url: 'cgr.dev', credentials: true },
};

/** The conventional prefix a repository name starts with, and its upstream (undefined: none). */
export function conventionalPrefixOf(repository: string): { prefix: string; upstream: Upstream } | undefined {
  const [first, ...rest] = repository.split('/');
  const upstream = first && rest.length ? CONVENTIONAL_PREFIXES[first] : undefined;
  return upstream ? { prefix: first!, upstream } : undefined;
}

/** The upstream path of a repository served by `rule` (the repository name without the rule's prefix). */
export function upstreamPathOf(rule: CacheRule, repository: string): string {
  return rule.prefix === 'ROOT' ? repository : repository.slice(rule.prefix.replace(/\/$/, '').length + 1);
}

/** The rule's upstream is Docker Hub (by its registry type, or its URL for rules described without one). */
export function isDockerHubRule(rule: CacheRule): boolean {
  return rule.upstreamRegistry === 'docker-hub' || /(^|\.)docker\.io$/.test(rule.upstreamRegistryUrl);
}

/** The rule whose prefix the repository name lies under; the longest prefix wins, ROOT only when no other does. */
export function matchingRule(rules: readonly CacheRule[], repository: string): CacheRule | null {
  const under = (p: string) => repository.startsWith(`${p.replace(/\/$/, '')}/`);
  const named = rules
    .filter((r) => r.prefix !== 'ROOT' && under(r.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return named[0] ?? rules.find((r) => r.prefix === 'ROOT') ?? null;
}

/**
 * The probe as the pull-through cache causes list it: a private ECR image of the task's own account whose
 * repository lies under a prefix (the rules belong to the image's registry; another account's are not readable).
 * The caller needs no Secrets Manager access: ECR reads the rule's secret itself when it validates.
 */
export const PULL_THROUGH_CACHE: ImageProbe<PullThroughCacheFacts> = {
  check: 'pull-through-cache-rules',
  slots: [DESCRIBE_RULES, VALIDATE_RULE],
  actions: [DESCRIBE_RULES, VALIDATE_RULE],
  applies: (ref: ImageRef, account: string) =>
    ref.registryType === 'ecr' && ref.accountId === account && ref.repository.includes('/'),
  nested: (value) => [{ check: 'pull-through-cache-validation', fact: value.validation }],
};
