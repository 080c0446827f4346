/**
 * ECR pull-through cache probe (docs/research/pull-through-cache.md): which cache rule, if any, serves the image's
 * repository (ecr:DescribePullThroughCacheRules, every page), and — for a rule that authenticates upstream — whether
 * ECR itself can use its credentials (ecr:ValidatePullThroughCacheRule: ECR reads the secret and logs in upstream).
 *
 * Facts only: "no rule matches" is a fact when the rules were read (an empty list, or the not-found error a prefix
 * filter gives); an error is unknown, never "no rule". moto 5.2.1 implements neither API: tested with SDK mocks.
 */
import { DescribePullThroughCacheRulesCommand, ValidatePullThroughCacheRuleCommand } from '@aws-sdk/client-ecr';
import type { Fact } from '../../aws/call';
import type { Clients } from '../../aws/clients';
import type { ImageRef } from '../../domain/image-ref';
import type { ImageProbe } from '../image-probe';
import type { CallBudget } from './budget';

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

const MAX_PAGES = 3;
const NO_RULE = ['PullThroughCacheRuleNotFoundException'] as const;
const DESCRIBE = 'ecr:DescribePullThroughCacheRules';
const VALIDATE = 'ecr:ValidatePullThroughCacheRule';

/** The rule whose prefix the repository name lies under; the longest prefix wins, ROOT only when no other does. */
export function matchingRule(rules: readonly CacheRule[], repository: string): CacheRule | null {
  const under = (p: string) => repository.startsWith(`${p.replace(/\/$/, '')}/`);
  const named = rules
    .filter((r) => r.prefix !== 'ROOT' && under(r.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return named[0] ?? rules.find((r) => r.prefix === 'ROOT') ?? null;
}

function ruleOf(r: {
  ecrRepositoryPrefix?: string | undefined;
  upstreamRegistryUrl?: string | undefined;
  upstreamRegistry?: string | undefined;
  credentialArn?: string | undefined;
  upstreamRepositoryPrefix?: string | undefined;
}): CacheRule | undefined {
  if (!r.ecrRepositoryPrefix) return undefined;
  const rule: CacheRule = { prefix: r.ecrRepositoryPrefix, upstreamRegistryUrl: r.upstreamRegistryUrl ?? '' };
  if (r.upstreamRegistry) rule.upstreamRegistry = r.upstreamRegistry;
  if (r.credentialArn) rule.credentialArn = r.credentialArn;
  if (r.upstreamRepositoryPrefix) rule.upstreamRepositoryPrefix = r.upstreamRepositoryPrefix;
  return rule;
}

/**
 * Reads the registry's cache rules and, when one serves `repository` with upstream credentials, validates it.
 * `registryId`: the account of the image's registry (the rules belong to it).
 */
export async function probePullThroughCache(
  clients: Clients,
  budget: CallBudget,
  registryId: string,
  repository: string,
): Promise<Fact<PullThroughCacheFacts>> {
  const rules = await budget.call<CacheRule[]>(
    DESCRIBE,
    { registryId },
    async (abortSignal) => {
      const out: CacheRule[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const input = { registryId, ...(nextToken ? { nextToken } : {}) };
        const r = await clients.ecr.send(new DescribePullThroughCacheRulesCommand(input), { abortSignal });
        for (const x of r.pullThroughCacheRules ?? []) {
          const rule = ruleOf(x);
          if (rule) out.push(rule);
        }
        nextToken = r.nextToken;
        if (!nextToken) break;
      }
      return out;
    },
    { names: NO_RULE, value: () => [] },
  );
  if (!rules.ok) return rules;
  const match = matchingRule(rules.value, repository);
  const facts: PullThroughCacheFacts = { rules: rules.value, match };
  if (!match?.credentialArn) return { ok: true, value: facts };
  const input = { registryId, ecrRepositoryPrefix: match.prefix };
  facts.validation = await budget.call<CacheRuleValidation>(VALIDATE, input, async (abortSignal) => {
    const r = await clients.ecr.send(new ValidatePullThroughCacheRuleCommand(input), { abortSignal });
    const v: CacheRuleValidation = { isValid: r.isValid === true };
    if (r.failure) v.failure = r.failure;
    return v;
  });
  return { ok: true, value: facts };
}

/**
 * The probe as the pull-through cache causes list it: a private ECR image of the task's own account whose
 * repository lies under a prefix (the rules belong to the image's registry; another account's are not readable).
 * The caller needs no Secrets Manager access: ECR reads the rule's secret itself when it validates.
 */
export const PULL_THROUGH_CACHE: ImageProbe<PullThroughCacheFacts> = {
  check: 'pull-through-cache-rules',
  slots: [DESCRIBE, VALIDATE],
  actions: [DESCRIBE, VALIDATE],
  applies: (ref: ImageRef, account: string) =>
    ref.registryType === 'ecr' && ref.accountId === account && ref.repository.includes('/'),
  run: (clients, budget, ref) => probePullThroughCache(clients, budget, ref.accountId ?? '', ref.repository),
  nested: (value) => [{ check: 'pull-through-cache-validation', fact: value.validation }],
};
