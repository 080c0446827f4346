/**
 * The two pull-through cache causes (lambda/causes/image/pull-through-cache-rule-missing.ts,
 * lambda/causes/registry-auth/pull-through-cache-upstream-auth.ts): facts in, diagnosis and plan out. Error texts
 * and API shapes from docs/research/pull-through-cache.md (ECR user guide, aws/containers-roadmap#2354, botocore).
 */
import { planRemediation } from '../../../lambda/causes/plan';
import { classifyText } from '../../../lambda/causes/classify';
import { diagnose } from '../../../lambda/diagnose/diagnose';
import type { Diagnosis } from '../../../lambda/domain/diagnosis';
import type { CacheRule, CacheRuleValidation } from '../../../lambda/facts/pull-through-cache';
import type { Fact, Facts } from '../../../lambda/facts/types';
import { ACCOUNT, REGION, container, denied, ecr, facts, failure, known, taskDef } from '../../helpers/facts';
import { unsaidEvidence } from '../notify/evidence-said';

const HOST = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:ecr-pullthroughcache/docker-hub-AbCdEf`;
const HUB: CacheRule = {
  prefix: 'docker-hub',
  upstreamRegistryUrl: 'registry-1.docker.io',
  upstreamRegistry: 'docker-hub',
  credentialArn: SECRET,
};
const notFound = (image: string) =>
  `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${image}: not found`;
const upstreamAuth = (image: string) =>
  `CannotPullContainerError: Error response from daemon: pull access denied for ${image.split(':')[0]}, repository does not exist or may require 'docker login': denied: The authentication to the upstream registry failed. Verify that the credentials provided in the pull through cache rule are correct, and try again.`;

function cache(
  rules: CacheRule[],
  validation?: Fact<CacheRuleValidation>,
  repository = '',
): NonNullable<Facts['probed']> {
  const match = rules.find((r) => repository.startsWith(`${r.prefix}/`)) ?? null;
  return { 'pull-through-cache-rules': known({ rules, match, ...(validation ? { validation } : {}) }) };
}

function run(reason: string, image: string, over: Partial<Facts>): { d: Diagnosis; steps: ReturnType<typeof stepsOf> } {
  const f = failure(reason, { image });
  const d = diagnose(f, facts({ taskDefinition: known(taskDef({ containers: [container({ image })] })), ...over }));
  expect(unsaidEvidence(d)).toEqual([]);
  return { d, steps: stepsOf(d) };
}
const stepsOf = (d: Diagnosis) => planRemediation(d).steps;
const verdictOf = (d: Diagnosis, cause: string) => d.evidence.filter((e) => e.cause === cause).map((e) => e.result);

describe('pull-through-cache-rule-missing', () => {
  const image = `${HOST}/docker-hub/library/nginx:1.27`;
  const missingRepo = { ecr: ecr({ image: known({ repositoryExists: false }) }) };

  it('ranks first for a not-found text under a conventional cache prefix, not for other repositories', () => {
    expect(classifyText(notFound(image), image, 'FARGATE').candidates[0]).toBe('pull-through-cache-rule-missing');
    const web = `${HOST}/web:1.4.2`;
    expect(classifyText(notFound(web), web, 'FARGATE').candidates).not.toContain('pull-through-cache-rule-missing');
    const custom = `${HOST}/mirror/library/nginx:1.27`;
    expect(classifyText(notFound(custom), custom, 'FARGATE').candidates[0]).toBe('image-not-found');
  });

  it('proposes the secret, the rule with credentials, the import permissions and the redeploy, in that order', () => {
    const { d, steps } = run(notFound(image), image, { ...missingRepo, probed: cache([]) });
    expect([d.cause, d.confidence]).toEqual(['pull-through-cache-rule-missing', 'proven']);
    expect(steps.map((s) => [s.id, s.automatic])).toEqual([
      ['create-secret', false],
      ['create-rule', false],
      ['grant-import', false],
      ['redeploy', false],
      ['or-fix-image-uri', false],
    ]);
    expect(steps[0]!.command).toBe(
      `SECRET_ARN=$(aws secretsmanager create-secret --region ${REGION} --name ecr-pullthroughcache/docker-hub ` +
        `--secret-string '{"username":"<USERNAME>","accessToken":"<ACCESS_TOKEN>"}' --query ARN --output text)`,
    );
    expect(steps[1]!.command).toBe(
      `aws ecr create-pull-through-cache-rule --region ${REGION} --registry-id ${ACCOUNT} --ecr-repository-prefix ` +
        'docker-hub --upstream-registry-url registry-1.docker.io --credential-arn "$SECRET_ARN"',
    );
    expect(steps[2]!.document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
          Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/docker-hub/*`,
        },
      ],
    });
  });

  it('asks for no secret for an upstream that needs none (ecr-public/)', () => {
    const pub = `${HOST}/ecr-public/nginx/nginx:stable`;
    const { d, steps } = run(notFound(pub), pub, { ...missingRepo, probed: cache([HUB]) });
    expect(d.cause).toBe('pull-through-cache-rule-missing');
    expect(steps[0]!.id).toBe('create-rule');
    expect(steps[0]!.command).toContain('--upstream-registry-url public.ecr.aws');
    expect(steps[0]!.command).not.toContain('--credential-arn');
  });

  it('names the rules it found in the evidence', () => {
    const { d } = run(notFound(image), image, {
      ...missingRepo,
      probed: cache([{ prefix: 'ecr-public', upstreamRegistryUrl: 'public.ecr.aws' }]),
    });
    const decisive = d.evidence.find((e) => e.check === 'pull-through-cache-rules');
    expect(decisive?.detail).toBe(
      `No pull-through cache rule of registry ${ACCOUNT} serves docker-hub/library/nginx (rules: ecr-public); ` +
        'docker-hub/ is the prefix ECR proposes for registry-1.docker.io.',
    );
  });

  it('is not proven when the rules cannot be read: the missing repository is, and the read is said', () => {
    const { d } = run(notFound(image), image, {
      ...missingRepo,
      probed: { 'pull-through-cache-rules': denied('ecr:DescribePullThroughCacheRules') },
    });
    expect([d.cause, d.confidence]).toEqual(['repository-not-found', 'proven']);
    expect(d.unchecked).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'pull-through-cache-rules', api: 'ecr:DescribePullThroughCacheRules' }),
      ]),
    );
  });

  it('is ruled out when the repository exists', () => {
    const { d } = run(notFound(image), image, { ecr: ecr(), probed: cache([]) });
    expect(d.cause).not.toBe('pull-through-cache-rule-missing');
    expect(verdictOf(d, 'pull-through-cache-rule-missing')).toEqual(['ruled-out']);
  });
});

describe('pull-through-cache-upstream-auth', () => {
  const image = `${HOST}/docker-hub/library/nginx:1.27`;
  const invalid = known({ isValid: false, failure: 'Invalid username or token' });

  it("ranks first on ECR's own words, and for a denial under a prefix whose upstream needs credentials", () => {
    expect(classifyText(upstreamAuth(image), image).candidates).toEqual(['pull-through-cache-upstream-auth']);
    const denied403 = `CannotPullContainerError: failed to resolve ref "${image}": unexpected status code [manifests 1.27]: 403 Forbidden`;
    expect(classifyText(denied403, image).candidates[0]).toBe('pull-through-cache-upstream-auth');
    const quay = `${HOST}/quay/prometheus/node-exporter:v1`;
    const quay403 = denied403.replaceAll(image, quay);
    expect(classifyText(quay403, quay).candidates[0]).not.toBe('pull-through-cache-upstream-auth');
  });

  it("is proven by ECR's validation, shows ECR's reason and proposes new credentials in the rule's secret", () => {
    const { d, steps } = run(upstreamAuth(image), image, {
      probed: cache([HUB], invalid, 'docker-hub/library/nginx'),
    });
    expect([d.cause, d.confidence]).toEqual(['pull-through-cache-upstream-auth', 'proven']);
    expect(d.evidence.find((e) => e.result === 'proven')?.detail).toBe(
      `ECR validated pull-through cache rule docker-hub: it cannot log in to registry-1.docker.io with secret ${SECRET} ` +
        '(ECR says: Invalid username or token).',
    );
    expect(steps.map((s) => s.id)).toEqual(['update-secret', 'validate-rule', 'redeploy']);
    expect(steps[0]!.command).toContain(`put-secret-value --region ${REGION} --secret-id ${SECRET}`);
    expect(steps[1]!.command).toBe(
      `aws ecr validate-pull-through-cache-rule --region ${REGION} --registry-id ${ACCOUNT} --ecr-repository-prefix docker-hub`,
    );
  });

  it.each([
    ['an official image without library/', 'docker-hub/nginx', 'docker-hub/library/nginx'],
    ['another image with library/', 'docker-hub/library/bitnami/redis', 'docker-hub/bitnami/redis'],
  ])('blames the Docker Hub path, never the credentials, when the rule validates: %s', (_n, repository, fixed) => {
    const img = `${HOST}/${repository}:7`;
    const { d, steps } = run(upstreamAuth(img), img, {
      probed: cache([HUB], known({ isValid: true }), repository),
    });
    expect([d.cause, d.confidence]).toEqual(['pull-through-cache-upstream-auth', 'likely']);
    expect(d.evidence.filter((e) => e.cause === d.cause).map((e) => [e.check, e.result])).toEqual([
      ['pull-through-cache-validation', 'ruled-out'],
      ['docker-hub-path', 'info'],
    ]);
    expect(steps[0]!.id).toBe('fix-image-path');
    expect(steps[0]!.textArgs).toEqual({ image: img, suggested: `${HOST}/${fixed}:7` });
  });

  it('says what could not be checked when the validation fails, and stays likely on the text', () => {
    const { d, steps } = run(upstreamAuth(image), image, {
      probed: cache([HUB], denied('ecr:ValidatePullThroughCacheRule'), 'docker-hub/library/nginx'),
    });
    expect([d.cause, d.confidence]).toEqual(['pull-through-cache-upstream-auth', 'likely']);
    expect(d.unchecked.map((u) => [u.check, u.api])).toContainEqual([
      'pull-through-cache-validation',
      'ecr:ValidatePullThroughCacheRule',
    ]);
    expect(steps[0]!.id).toBe('update-secret');
  });

  it('proposes credentials for a rule that has none', () => {
    const { d, steps } = run(upstreamAuth(image), image, {
      probed: cache([{ prefix: 'docker-hub', upstreamRegistryUrl: 'registry-1.docker.io' }], undefined, 'docker-hub/x'),
    });
    expect([d.cause, d.confidence]).toEqual(['pull-through-cache-upstream-auth', 'likely']);
    expect(steps[0]!.id).toBe('add-credentials');
    expect(steps[0]!.command).toContain('update-pull-through-cache-rule');
  });

  it('is ruled out when no rule serves the repository', () => {
    const { d } = run(upstreamAuth(image), image, { probed: cache([]) });
    expect(verdictOf(d, 'pull-through-cache-upstream-auth')).toEqual(['ruled-out']);
    expect(d.confidence).not.toBe('proven');
  });
});

describe('pull-through-cache-rule-missing, a rule serves the prefix', () => {
  it('says which permissions let ECR create the repository on the first pull', () => {
    const image = `${HOST}/docker-hub/library/nginx:1.27`;
    const { d } = run(notFound(image), image, {
      ecr: ecr({ image: known({ repositoryExists: false }) }),
      probed: cache([HUB], undefined, 'docker-hub/library/nginx'),
    });
    const served = d.evidence.find((e) => e.cause === 'pull-through-cache-rule-missing');
    expect(served?.result).toBe('ruled-out');
    expect(served?.detail).toBe(
      'Pull-through cache rule docker-hub (upstream registry-1.docker.io) serves repository docker-hub/library/nginx: ' +
        'ECR creates it on the first pull only if the pulling role may ecr:CreateRepository and ' +
        'ecr:BatchImportUpstreamImage.',
    );
  });
});
