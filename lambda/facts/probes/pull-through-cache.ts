/**
 * ECR pull-through cache probe (docs/research/pull-through-cache.md): which cache rule, if any, serves the image's
 * repository (ecr:DescribePullThroughCacheRules, every page), and — for a rule that authenticates upstream — whether
 * ECR itself can use its credentials (ecr:ValidatePullThroughCacheRule: ECR reads the secret and logs in upstream).
 * Declared (slots, actions, check names) in ../pull-through-cache.ts; run through probes/runners.ts.
 *
 * Facts only: "no rule matches" is a fact when the rules were read (an empty list, or the not-found error a prefix
 * filter gives); an error is unknown, never "no rule". moto 5.2.1 implements neither API: tested with SDK mocks.
 */
import { DescribePullThroughCacheRulesCommand, ValidatePullThroughCacheRuleCommand } from '@aws-sdk/client-ecr';
import type { Fact } from '../../aws/call';
import type { Clients } from '../../aws/clients';
import type { ImageProbeRunner } from '../image-probe';
import {
  type CacheRule,
  type CacheRuleValidation,
  DESCRIBE_RULES,
  matchingRule,
  PULL_THROUGH_CACHE,
  type PullThroughCacheFacts,
  VALIDATE_RULE,
} from '../pull-through-cache';
import type { CallBudget } from './budget';

const MAX_PAGES = 3;
const NO_RULE = ['PullThroughCacheRuleNotFoundException'] as const;

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
    DESCRIBE_RULES,
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
  facts.validation = await budget.call<CacheRuleValidation>(VALIDATE_RULE, input, async (abortSignal) => {
    const r = await clients.ecr.send(new ValidatePullThroughCacheRuleCommand(input), { abortSignal });
    const v: CacheRuleValidation = { isValid: r.isValid === true };
    if (r.failure) v.failure = r.failure;
    return v;
  });
  return { ok: true, value: facts };
}

export const PULL_THROUGH_CACHE_RUNNER: ImageProbeRunner<PullThroughCacheFacts> = {
  probe: PULL_THROUGH_CACHE,
  run: (clients, budget, ref) => probePullThroughCache(clients, budget, ref.accountId ?? '', ref.repository),
};
