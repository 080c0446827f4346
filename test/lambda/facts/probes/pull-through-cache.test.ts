/**
 * The pull-through cache probe against SDK mocks (moto 5.2.1 implements neither DescribePullThroughCacheRules nor
 * ValidatePullThroughCacheRule; shapes from botocore 1.43.11, see docs/research/pull-through-cache.md).
 */
import { DescribePullThroughCacheRulesCommand, ValidatePullThroughCacheRuleCommand } from '@aws-sdk/client-ecr';
import { CallContext } from '../../../../lambda/aws/call';
import { createClients } from '../../../../lambda/aws/clients';
import { CallBudget } from '../../../../lambda/facts/probes/budget';
import { matchingRule } from '../../../../lambda/facts/pull-through-cache';
import { probePullThroughCache } from '../../../../lambda/facts/probes/pull-through-cache';
import { awsError, mocks, resetMocks } from '../../../helpers/aws-mocks';

const ACCOUNT = '111122223333';
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:ecr-pullthroughcache/docker-hub-AbCdEf`;
const HUB = {
  ecrRepositoryPrefix: 'docker-hub',
  upstreamRegistryUrl: 'registry-1.docker.io',
  upstreamRegistry: 'docker-hub' as const,
  credentialArn: SECRET,
  registryId: ACCOUNT,
};
const PUBLIC = {
  ecrRepositoryPrefix: 'ecr-public',
  upstreamRegistryUrl: 'public.ecr.aws',
  upstreamRegistry: 'ecr-public' as const,
  registryId: ACCOUNT,
};

const probe = (repository: string) =>
  probePullThroughCache(createClients('us-east-1'), new CallBudget(new CallContext()), ACCOUNT, repository);

beforeEach(() => resetMocks());

describe('matchingRule', () => {
  const rules = [
    { prefix: 'docker-hub', upstreamRegistryUrl: 'registry-1.docker.io' },
    { prefix: 'docker-hub/library', upstreamRegistryUrl: 'registry-1.docker.io' },
    { prefix: 'ROOT', upstreamRegistryUrl: '222233334444.dkr.ecr.us-east-1.amazonaws.com' },
  ];
  it('takes the longest prefix the repository lies under', () => {
    expect(matchingRule(rules, 'docker-hub/library/nginx')?.prefix).toBe('docker-hub/library');
    expect(matchingRule(rules, 'docker-hub/bitnami/redis')?.prefix).toBe('docker-hub');
  });
  it('does not match a prefix that is only the start of a path component', () => {
    expect(matchingRule(rules.slice(0, 1), 'docker-hubby/nginx')).toBeNull();
  });
  it('falls back to a ROOT rule only when no named prefix matches', () => {
    expect(matchingRule(rules, 'team/api')?.prefix).toBe('ROOT');
  });
});

describe('probePullThroughCache', () => {
  it('finds no rule for a repository outside every prefix, and validates nothing', async () => {
    mocks.ecr.on(DescribePullThroughCacheRulesCommand).resolves({ pullThroughCacheRules: [HUB, PUBLIC] });
    const r = await probe('quay/prometheus/node-exporter');
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ match: null }) });
    expect(mocks.ecr.commandCalls(ValidatePullThroughCacheRuleCommand)).toHaveLength(0);
  });

  it('reads every page of rules', async () => {
    mocks.ecr
      .on(DescribePullThroughCacheRulesCommand, { registryId: ACCOUNT })
      .resolves({ pullThroughCacheRules: [PUBLIC], nextToken: 't1' })
      .on(DescribePullThroughCacheRulesCommand, { registryId: ACCOUNT, nextToken: 't1' })
      .resolves({ pullThroughCacheRules: [HUB] });
    const r = await probe('docker-hub/library/nginx');
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.rules.map((x) => x.prefix)).toEqual(['ecr-public', 'docker-hub']);
    expect(r.value.match?.prefix).toBe('docker-hub');
  });

  it('validates a matching rule with upstream credentials and keeps ECR failure text as it is', async () => {
    mocks.ecr.on(DescribePullThroughCacheRulesCommand).resolves({ pullThroughCacheRules: [HUB] });
    mocks.ecr
      .on(ValidatePullThroughCacheRuleCommand, { ecrRepositoryPrefix: 'docker-hub', registryId: ACCOUNT })
      .resolves({ ecrRepositoryPrefix: 'docker-hub', isValid: false, failure: 'Unable to authenticate upstream' });
    const r = await probe('docker-hub/library/nginx');
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.match).toEqual({
      prefix: 'docker-hub',
      upstreamRegistryUrl: 'registry-1.docker.io',
      upstreamRegistry: 'docker-hub' as const,
      credentialArn: SECRET,
    });
    expect(r.value.validation).toEqual({
      ok: true,
      value: { isValid: false, failure: 'Unable to authenticate upstream' },
    });
  });

  it('does not validate a rule without credentials (public upstreams)', async () => {
    mocks.ecr.on(DescribePullThroughCacheRulesCommand).resolves({ pullThroughCacheRules: [PUBLIC] });
    const r = await probe('ecr-public/amazonlinux/amazonlinux');
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.match?.prefix).toBe('ecr-public');
    expect(r.value.validation).toBeUndefined();
    expect(mocks.ecr.commandCalls(ValidatePullThroughCacheRuleCommand)).toHaveLength(0);
  });

  it('treats the not-found error of the API as "no rule" (a fact)', async () => {
    mocks.ecr
      .on(DescribePullThroughCacheRulesCommand)
      .rejects(awsError('PullThroughCacheRuleNotFoundException', 400, 'The pull through cache rule was not found.'));
    const r = await probe('docker-hub/library/nginx');
    expect(r).toEqual({ ok: true, value: { rules: [], match: null } });
  });

  it('reports AccessDenied and server errors as unknown, never as "no rule"', async () => {
    mocks.ecr.on(DescribePullThroughCacheRulesCommand).rejects(awsError('AccessDeniedException', 400, 'not allowed'));
    const denied = await probe('docker-hub/library/nginx');
    expect(denied).toMatchObject({ ok: false, api: 'ecr:DescribePullThroughCacheRules' });
    resetMocks();
    mocks.ecr.on(DescribePullThroughCacheRulesCommand).rejects(awsError('ServerException', 500, 'internal'));
    const failed = await probe('docker-hub/library/nginx');
    expect(failed.ok).toBe(false);
  });

  it('keeps the rule when its validation fails to run (unknown validation, known rule)', async () => {
    mocks.ecr.on(DescribePullThroughCacheRulesCommand).resolves({ pullThroughCacheRules: [HUB] });
    mocks.ecr.on(ValidatePullThroughCacheRuleCommand).rejects(awsError('ThrottlingException', 400, 'Rate exceeded'));
    const r = await probe('docker-hub/library/nginx');
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.match?.prefix).toBe('docker-hub');
    expect(r.value.validation).toMatchObject({ ok: false, api: 'ecr:ValidatePullThroughCacheRule' });
  });
});
