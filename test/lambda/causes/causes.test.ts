/**
 * Pure decision tests: facts in, diagnosis out. For every cause a proving case, and an ambiguity case
 * (same text, different facts → a different cause, or missing facts → not proven).
 */
import { diagnose } from '../../../lambda/diagnose/diagnose';
import type { CauseId, Confidence } from '../../../lambda/domain/diagnosis';
import { CAUSE_IDS } from '../../../lambda/domain/diagnosis';
import type { Facts } from '../../../lambda/facts/types';
import {
  ACCOUNT,
  REGION,
  REPO_ARN,
  ROLE,
  allEndpoints,
  container,
  denied,
  ecr,
  egress443,
  endpoint,
  facts,
  failure,
  iam,
  igwRoute,
  known,
  nacl,
  natRoute,
  net,
  route,
  routeTable,
  s3Route,
  securityGroups,
  taskDef,
} from '../../helpers/facts';
import { unsaidEvidence } from '../notify/evidence-said';

const AUTH =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth';
const DENIED =
  "CannotPullContainerError: Error response from daemon: pull access denied for 111122223333.dkr.ecr.us-east-1.amazonaws.com/web, repository does not exist or may require 'docker login'";
const MANIFEST =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2: not found';
const ASM =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s)';
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-AbCdEf`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1`;
const OTHER_ACCT_IMAGE = '999988887777.dkr.ecr.us-east-1.amazonaws.com/shared/base:3';
const OTHER_REPO = 'arn:aws:ecr:us-east-1:999988887777:repository/shared/base';
const DIGEST_OLD = `sha256:${'1'.repeat(64)}`;
const THROTTLED = 'CannotPullECRContainerError: ThrottlingException: Rate exceeded\n status code: 400';
const REGISTRY_DOWN = 'CannotPullContainerError: received unexpected HTTP status: 503 Service Unavailable';

/** DescribeImages (imageStatus ANY): tag 1.4.2 of MANIFEST's image is in the archive (issue 20). */
const ARCHIVED_TAGS = known({
  recentTags: ['1.4.3'],
  imageCount: 1,
  inactive: [{ digest: `sha256:${'9'.repeat(64)}`, tags: ['1.4.2'], status: 'ARCHIVED' as const }],
});
const DIGEST_NEW = `sha256:${'2'.repeat(64)}`;
const CI_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:container-instance/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0`;
const INSTANCE_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsInstanceRole`;
const INSTANCE_DENIED =
  'CannotPullECRContainerError: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsInstanceRole/' +
  'i-0abc1234def567890 is not authorized to perform: ecr:GetAuthorizationToken on resource: *';
/** A bridge task without an execution role on a container instance whose role has `deny` (simulated). */
const onInstance = (deny: NonNullable<Parameters<typeof iam>[0]>['deny'] = []) =>
  facts({
    taskDefinition: known(
      taskDef({ executionRoleArn: undefined as never, networkMode: 'bridge', requiresCompatibilities: ['EC2'] }),
    ),
    containerInstance: known({ arn: CI_ARN, ec2InstanceId: 'i-0abc1234def567890' }),
    ec2Instance: known({
      id: 'i-0abc1234def567890',
      subnetId: 'subnet-0a1',
      securityGroupIds: ['sg-0a1'],
      instanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/ecsInstanceRole`,
    }),
    instanceProfile: known({ arn: `arn:aws:iam::${ACCOUNT}:instance-profile/ecsInstanceRole`, roleArn: INSTANCE_ROLE }),
    iam: known({ ...iam({ deny }), roleArn: INSTANCE_ROLE, principal: 'instance-role' }),
    ecr: ecr(),
  });
const privateNoRoute = (o: Parameters<typeof net>[0] = {}) => net({ routes: [], ...o });
const secretsFacts = (over: Partial<NonNullable<Facts['secrets']>['items'][number]> = {}) => ({
  items: [
    {
      ref: SECRET,
      kind: 'secretsmanager' as const,
      id: SECRET,
      region: REGION,
      use: 'secret' as const,
      exists: known(true),
      ...over,
    },
  ],
});
const withSecret = () => known(taskDef({ containers: [container({ secrets: [{ name: 'DB', valueFrom: SECRET }] })] }));

// ECR pull-through cache (docs/research/pull-through-cache.md): an image under the docker-hub/ prefix.
const PTC_IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/docker-hub/library/nginx:1.27`;
const PTC_NOT_FOUND = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${PTC_IMAGE}: ${PTC_IMAGE}: not found`;
const PTC_AUTH = `CannotPullContainerError: Error response from daemon: pull access denied for ${PTC_IMAGE.split(':')[0]}, repository does not exist or may require 'docker login': denied: The authentication to the upstream registry failed. Verify that the credentials provided in the pull through cache rule are correct, and try again.`;
const PTC_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:ecr-pullthroughcache/docker-hub-AbCdEf`;
const HUB_RULE = {
  prefix: 'docker-hub',
  upstreamRegistryUrl: 'registry-1.docker.io',
  upstreamRegistry: 'docker-hub',
  credentialArn: PTC_SECRET,
};
const cacheRules = (
  rules: Array<typeof HUB_RULE | { prefix: string; upstreamRegistryUrl: string }>,
  validation?: { isValid: boolean; failure?: string },
) => ({
  'pull-through-cache-rules': known({
    rules,
    match: rules.find((r) => r.prefix === 'docker-hub') ?? null,
    ...(validation ? { validation: known(validation) } : {}),
  }),
});
const ptcTaskDef = () => known(taskDef({ containers: [container({ image: PTC_IMAGE })] }));

interface Case {
  name: string;
  reason: string;
  facts: Facts;
  image?: string;
  launchType?: string;
  imageDigest?: string;
  cause: CauseId;
  confidence: Confidence;
}

const proving: Case[] = [
  {
    name: 'no executionRoleArn with a private ECR image',
    reason: DENIED,
    facts: facts({ taskDefinition: known(taskDef({ executionRoleArn: undefined as never })) }),
    cause: 'execution-role-missing',
    confidence: 'proven',
  },
  {
    name: 'simulation: implicit deny on BatchGetImage',
    reason: DENIED,
    facts: facts({ iam: known(iam({ deny: [['ecr:BatchGetImage', REPO_ARN, 'implicitDeny']] })), ecr: ecr() }),
    cause: 'execution-role-ecr-permissions',
    confidence: 'proven',
  },
  {
    name: 'EC2 without an execution role: the instance role is denied the ECR token',
    reason: INSTANCE_DENIED,
    launchType: 'EC2',
    facts: onInstance([['ecr:GetAuthorizationToken', '*', 'implicitDeny']]),
    cause: 'instance-role-ecr-permissions',
    confidence: 'proven',
  },
  {
    name: 'cross-account repository without a policy',
    reason: DENIED,
    image: OTHER_ACCT_IMAGE,
    facts: facts({
      taskDefinition: known(taskDef({ containers: [container({ image: OTHER_ACCT_IMAGE })] })),
      iam: known({
        roleArn: ROLE,
        method: 'simulation',
        checks: [
          ['ecr:GetAuthorizationToken', '*'],
          ['ecr:BatchCheckLayerAvailability', OTHER_REPO],
          ['ecr:GetDownloadUrlForLayer', OTHER_REPO],
          ['ecr:BatchGetImage', OTHER_REPO],
        ].map(([action, resource]) => ({ action: action!, resource: resource!, decision: 'allowed' as const })),
      }),
      ecr: ecr({ sameAccount: false, image: denied('ecr:BatchGetImage'), repositoryPolicy: known(null) }),
    }),
    cause: 'repository-policy-denies',
    confidence: 'proven',
  },
  {
    name: 'docker-hub/ image, repository missing, no pull-through cache rule for the prefix',
    reason: PTC_NOT_FOUND,
    image: PTC_IMAGE,
    facts: facts({
      taskDefinition: ptcTaskDef(),
      ecr: ecr({ image: known({ repositoryExists: false }) }),
      probed: cacheRules([{ prefix: 'ecr-public', upstreamRegistryUrl: 'public.ecr.aws' }]),
    }),
    cause: 'pull-through-cache-rule-missing',
    confidence: 'proven',
  },
  {
    name: 'ECR validates the docker-hub rule: its credentials do not log in',
    reason: PTC_AUTH,
    image: PTC_IMAGE,
    facts: facts({
      taskDefinition: ptcTaskDef(),
      probed: cacheRules([HUB_RULE], { isValid: false, failure: 'Invalid username or token' }),
    }),
    cause: 'pull-through-cache-upstream-auth',
    confidence: 'proven',
  },
  {
    name: 'RepositoryNotFoundException in the same account',
    reason: DENIED,
    facts: facts({ iam: known(iam()), ecr: ecr({ image: known({ repositoryExists: false }) }) }),
    cause: 'repository-not-found',
    confidence: 'proven',
  },
  {
    name: 'tag missing',
    reason: MANIFEST,
    facts: facts({ ecr: ecr({ image: known({ repositoryExists: true, tagDigest: null }) }) }),
    cause: 'image-not-found',
    confidence: 'proven',
  },
  {
    name: 'the pull stalled past the inactivity timeout while the network path exists',
    reason: 'CannotPullContainerError: inactivity time exceeded timeout while pulling image',
    facts: facts({ ecr: ecr(), iam: known(iam()) }),
    cause: 'pull-timeout',
    confidence: 'likely',
  },
  {
    name: 'ECR throttled the registry auth while the image and the role are fine',
    reason: THROTTLED,
    facts: facts({ ecr: ecr(), iam: known(iam()) }),
    cause: 'aws-api-throttled',
    confidence: 'likely',
  },
  {
    name: 'the registry answered 503 while the image and the role are fine',
    reason: REGISTRY_DOWN,
    facts: facts({ ecr: ecr(), iam: known(iam()) }),
    cause: 'registry-unavailable',
    confidence: 'likely',
  },
  {
    name: 'tag archived by a lifecycle rule (the pull says "not found")',
    reason: MANIFEST,
    facts: facts({ ecr: ecr({ image: known({ repositoryExists: true, tagDigest: null }), tags: ARCHIVED_TAGS }) }),
    cause: 'image-archived',
    confidence: 'proven',
  },
  {
    name: 'tag moved, pinned digest gone',
    reason: `CannotPullImageManifestError: failed to resolve ref: 111122223333.dkr.ecr.us-east-1.amazonaws.com/web@${DIGEST_OLD}: not found`,
    imageDigest: DIGEST_OLD,
    facts: facts({
      ecr: ecr({
        image: known({ repositoryExists: true, tagDigest: DIGEST_NEW, digestExists: false }),
        lifecyclePolicy: known({ rules: 1, parsed: [] }),
      }),
    }),
    cause: 'stale-image-digest',
    confidence: 'proven',
  },
  {
    name: 'manifest list without the task platform',
    reason: "CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/arm64'",
    facts: facts({
      taskDefinition: known(taskDef({ cpuArchitecture: 'ARM64' })),
      ecr: ecr({ image: known({ repositoryExists: true, tagDigest: DIGEST_NEW, platforms: ['linux/amd64'] }) }),
    }),
    cause: 'platform-mismatch',
    confidence: 'proven',
  },
  {
    name: 'unparsable image',
    reason: 'InternalError: failed to create container model: failed to normalize image reference "Web App"',
    image: 'Web App',
    facts: facts({ taskDefinition: known(taskDef({ containers: [container({ image: 'Web App' })] })) }),
    cause: 'invalid-image-reference',
    confidence: 'proven',
  },
  {
    name: 'private subnet, no route, no endpoints',
    reason: AUTH,
    facts: facts({ network: privateNoRoute() }),
    cause: 'network-no-route',
    confidence: 'proven',
  },
  {
    name: 'IGW subnet, assignPublicIp DISABLED',
    reason: AUTH,
    facts: facts({ network: net({ routes: [igwRoute()] }) }),
    cause: 'public-ip-disabled',
    confidence: 'proven',
  },
  {
    name: 'no route, ECR endpoints but no S3 gateway',
    reason: AUTH,
    facts: facts({
      network: privateNoRoute({ endpoints: allEndpoints().filter((e) => !e.serviceName.endsWith('s3')) }),
    }),
    cause: 'vpc-endpoint-missing',
    confidence: 'proven',
  },
  {
    name: 'enableDnsHostnames off with private-DNS endpoints',
    reason: AUTH,
    facts: facts({ network: privateNoRoute({ endpoints: allEndpoints(), routes: [s3Route()], dnsHostnames: false }) }),
    cause: 'vpc-dns-disabled',
    confidence: 'proven',
  },
  {
    name: 'task SG egress misses the S3 prefix list',
    reason: AUTH,
    facts: facts({
      network: privateNoRoute({
        endpoints: allEndpoints(),
        routes: [s3Route()],
        groups: securityGroups({ task: { egress: [egress443({ cidr: '10.0.0.0/16' })] } }),
      }),
    }),
    cause: 'security-group-blocks',
    confidence: 'proven',
  },
  {
    name: 'NACL denies return ports',
    reason: AUTH,
    facts: facts({
      network: net({
        acls: [
          nacl([
            { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
            {
              ruleNumber: 100,
              egress: false,
              protocol: '6',
              action: 'allow',
              cidr: '0.0.0.0/0',
              fromPort: 443,
              toPort: 443,
            },
            { ruleNumber: 32767, egress: false, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' },
          ]),
        ],
      }),
    }),
    cause: 'network-acl-blocks',
    confidence: 'proven',
  },
  {
    name: 'S3 gateway endpoint policy allows only another bucket',
    reason: AUTH,
    facts: facts({
      network: privateNoRoute({
        routes: [s3Route()],
        endpoints: [
          ...allEndpoints().filter((e) => !e.serviceName.endsWith('s3')),
          endpoint('s3', {
            policy: {
              Statement: [
                { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' },
              ],
            },
          }),
        ],
      }),
    }),
    cause: 'vpc-endpoint-policy-denies',
    confidence: 'proven',
  },
  {
    name: 'registry credentials secret missing',
    reason: ASM,
    image: 'acme/private:1',
    facts: facts({
      taskDefinition: known(
        taskDef({ containers: [container({ image: 'acme/private:1', credentialsParameter: SECRET })] }),
      ),
      secrets: {
        items: [
          {
            ref: SECRET,
            kind: 'secretsmanager',
            id: SECRET,
            region: REGION,
            use: 'registry-credentials',
            exists: known(false),
          },
        ],
      },
    }),
    cause: 'registry-credentials-invalid',
    confidence: 'proven',
  },
  {
    name: 'secret not readable by the role',
    reason: ASM,
    facts: facts({
      taskDefinition: withSecret(),
      secrets: secretsFacts(),
      iam: known(iam({ deny: [['secretsmanager:GetSecretValue', SECRET, 'implicitDeny']] })),
    }),
    cause: 'secret-or-parameter-unavailable',
    confidence: 'proven',
  },
  {
    name: 'customer key not decryptable',
    reason: `${ASM}: AccessDeniedException: Access to KMS is not allowed`,
    facts: facts({
      taskDefinition: withSecret(),
      secrets: secretsFacts({ kmsKeyId: KEY }),
      iam: known(iam({ deny: [['kms:Decrypt', KEY, 'explicitDeny']] })),
    }),
    cause: 'kms-decrypt-denied',
    confidence: 'proven',
  },
  {
    name: 'Docker Hub toomanyrequests without credentials',
    reason: 'CannotPullContainerError: toomanyrequests: You have reached your pull rate limit.',
    image: 'nginx:1.27',
    facts: facts({ taskDefinition: known(taskDef({ containers: [container({ image: 'nginx:1.27' })] })) }),
    cause: 'dockerhub-rate-limit',
    confidence: 'proven',
  },
  {
    name: 'EC2 disk full',
    reason: 'CannotPullContainerError: write /var/lib/docker/tmp/GetImageBlob1: no space left on device',
    launchType: 'EC2',
    facts: facts({ taskDefinition: known(taskDef({ requiresCompatibilities: ['EC2'], networkMode: 'bridge' })) }),
    cause: 'disk-space',
    confidence: 'proven',
  },
];

function run(c: Pick<Case, 'reason' | 'facts' | 'image' | 'launchType' | 'imageDigest'>) {
  const f = failure(c.reason, {
    ...(c.image ? { image: c.image } : {}),
    ...(c.imageDigest ? { imageDigest: c.imageDigest } : {}),
    task: {
      launchType: c.launchType ?? 'FARGATE',
      ...(c.launchType === 'EC2' ? { containerInstanceArn: CI_ARN } : {}),
    },
  });
  const d = diagnose(f, c.facts);
  // Every piece of evidence can be said in every notification language, and its English text is its detail.
  expect(unsaidEvidence(d)).toEqual([]);
  return d;
}

describe('every cause has a proving case', () => {
  it('covers every cause id except unknown', () => {
    expect(new Set(proving.map((p) => p.cause))).toEqual(new Set(CAUSE_IDS.filter((c) => c !== 'unknown')));
  });
  it.each(proving.map((p) => [p.cause, p.name, p] as const))('%s: %s', (_c, _n, p) => {
    const d = run(p);
    expect({ cause: d.cause, confidence: d.confidence }).toEqual({ cause: p.cause, confidence: p.confidence });
    expect(d.mode).toBe('evidence');
    expect(d.evidence.some((e) => e.cause === p.cause && e.result === 'proven')).toBe(true);
  });
});

interface Ambiguity {
  cause: CauseId;
  name: string;
  reason: string;
  a: Facts;
  b: Facts;
  /** Expected for b: another cause, or the same cause not proven. */
  bCause?: CauseId;
  /** What a decides: proven unless the cause can never be (a passing failure is at most likely). */
  aConfidence?: Confidence;
  image?: string;
  launchType?: string;
  imageDigest?: string;
}

const ambiguity: Ambiguity[] = [
  {
    cause: 'pull-timeout',
    name: 'a cancelled pull of a 3 GiB image → slow; the same text with no route → the network',
    reason: 'CannotPullContainerError: context canceled',
    a: facts({ ecr: ecr({ tags: known({ recentTags: ['1.4.2'], imageCount: 1, imageSizeBytes: 3 * 1024 ** 3 }) }) }),
    aConfidence: 'likely',
    b: facts({ ecr: ecr() }),
  },
  {
    cause: 'aws-api-throttled',
    name: 'the image still there and the role allowed → throttling; the image gone → the missing image explains it',
    reason: THROTTLED,
    a: facts({ ecr: ecr(), iam: known(iam()) }),
    aConfidence: 'likely',
    b: facts({ ecr: ecr({ image: known({ repositoryExists: true, tagDigest: null }) }), iam: known(iam()) }),
  },
  {
    cause: 'registry-unavailable',
    name: 'a 503 while the role may pull → the registry; the role denied → not a passing failure',
    reason: REGISTRY_DOWN,
    a: facts({ ecr: ecr(), iam: known(iam()) }),
    aConfidence: 'likely',
    b: facts({ ecr: ecr(), iam: known(iam({ deny: [['ecr:BatchGetImage', REPO_ARN, 'implicitDeny']] })) }),
  },
  {
    cause: 'pull-through-cache-rule-missing',
    name: 'a rule serves the prefix → the repository is simply missing',
    reason: PTC_NOT_FOUND,
    image: PTC_IMAGE,
    a: facts({
      taskDefinition: ptcTaskDef(),
      ecr: ecr({ image: known({ repositoryExists: false }) }),
      probed: cacheRules([]),
    }),
    b: facts({
      taskDefinition: ptcTaskDef(),
      ecr: ecr({ image: known({ repositoryExists: false }) }),
      probed: cacheRules([HUB_RULE]),
    }),
    bCause: 'repository-not-found',
  },
  {
    cause: 'pull-through-cache-upstream-auth',
    name: 'the rule validates → credentials are not the cause (a Docker Hub path may be)',
    reason: PTC_AUTH,
    image: PTC_IMAGE,
    a: facts({ taskDefinition: ptcTaskDef(), probed: cacheRules([HUB_RULE], { isValid: false }) }),
    b: facts({ taskDefinition: ptcTaskDef(), probed: cacheRules([HUB_RULE], { isValid: true }) }),
  },
  {
    cause: 'execution-role-missing',
    name: 'role present → permissions decided by simulation',
    reason: DENIED,
    a: facts({ taskDefinition: known(taskDef({ executionRoleArn: undefined as never })) }),
    b: facts({ iam: known(iam({ deny: [['ecr:GetAuthorizationToken', '*', 'implicitDeny']] })), ecr: ecr() }),
    bCause: 'execution-role-ecr-permissions',
  },
  {
    cause: 'instance-role-ecr-permissions',
    name: 'instance role allowed → not the cause; an execution role → it pulls, not the instance role',
    reason: INSTANCE_DENIED,
    launchType: 'EC2',
    a: onInstance([['ecr:GetAuthorizationToken', '*', 'implicitDeny']]),
    b: onInstance(),
  },
  {
    cause: 'execution-role-ecr-permissions',
    name: 'allowed → repository missing instead',
    reason: DENIED,
    a: facts({ iam: known(iam({ deny: [['ecr:BatchGetImage', REPO_ARN, 'explicitDeny']] })), ecr: ecr() }),
    b: facts({ iam: known(iam()), ecr: ecr({ image: known({ repositoryExists: false }) }) }),
    bCause: 'repository-not-found',
  },
  {
    cause: 'execution-role-ecr-permissions',
    name: 'simulation unavailable → not proven',
    reason: DENIED,
    a: facts({ iam: known(iam({ deny: [['ecr:BatchGetImage', REPO_ARN, 'implicitDeny']] })), ecr: ecr() }),
    b: facts({ iam: denied('iam:SimulatePrincipalPolicy'), ecr: ecr({ image: denied('ecr:BatchGetImage') }) }),
  },
  {
    cause: 'repository-policy-denies',
    name: 'cross-account policy unreadable → candidate, not proven',
    reason: DENIED,
    image: OTHER_ACCT_IMAGE,
    a: facts({
      taskDefinition: known(taskDef({ containers: [container({ image: OTHER_ACCT_IMAGE })] })),
      ecr: ecr({ sameAccount: false, image: denied('ecr:BatchGetImage'), repositoryPolicy: known(null) }),
    }),
    b: facts({
      taskDefinition: known(taskDef({ containers: [container({ image: OTHER_ACCT_IMAGE })] })),
      ecr: ecr({
        sameAccount: false,
        image: denied('ecr:BatchGetImage'),
        repositoryPolicy: denied('ecr:GetRepositoryPolicy'),
      }),
    }),
  },
  {
    cause: 'repository-not-found',
    name: 'repository exists, tag missing',
    reason: DENIED,
    a: facts({ ecr: ecr({ image: known({ repositoryExists: false }) }), iam: known(iam()) }),
    b: facts({ ecr: ecr({ image: known({ repositoryExists: true, tagDigest: null }) }), iam: known(iam()) }),
    bCause: 'image-not-found',
  },
  {
    cause: 'image-not-found',
    name: 'lookup denied → not proven',
    reason: MANIFEST,
    a: facts({ ecr: ecr({ image: known({ repositoryExists: true, tagDigest: null }) }) }),
    b: facts({ ecr: ecr({ image: denied('ecr:BatchGetImage') }) }),
  },
  {
    cause: 'image-archived',
    name: 'the tag in the active list only → missing, not archived',
    reason: MANIFEST,
    a: facts({ ecr: ecr({ image: known({ repositoryExists: true, tagDigest: null }), tags: ARCHIVED_TAGS }) }),
    b: facts({ ecr: ecr({ image: known({ repositoryExists: true, tagDigest: null }) }) }),
    bCause: 'image-not-found',
  },
  {
    cause: 'stale-image-digest',
    name: 'pinned digest still present → not stale',
    reason: MANIFEST,
    imageDigest: DIGEST_OLD,
    a: facts({ ecr: ecr({ image: known({ repositoryExists: true, tagDigest: DIGEST_NEW, digestExists: false }) }) }),
    b: facts({ ecr: ecr({ image: known({ repositoryExists: true, tagDigest: DIGEST_NEW, digestExists: true }) }) }),
  },
  {
    cause: 'platform-mismatch',
    name: 'single-platform manifest → only likely',
    reason: "CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/arm64'",
    a: facts({
      taskDefinition: known(taskDef({ cpuArchitecture: 'ARM64' })),
      ecr: ecr({ image: known({ repositoryExists: true, tagDigest: DIGEST_NEW, platforms: ['linux/amd64'] }) }),
    }),
    b: facts({ taskDefinition: known(taskDef({ cpuArchitecture: 'ARM64' })), ecr: ecr() }),
  },
  {
    cause: 'invalid-image-reference',
    name: 'valid image but Fargate says so → only likely',
    reason: 'InternalError: failed to create container model: failed to normalize image reference "latest:latest"',
    image: 'Web App',
    a: facts({ taskDefinition: known(taskDef({ containers: [container({ image: 'Web App' })] })) }),
    b: facts({ taskDefinition: known(taskDef({ containers: [container({ image: 'latest:latest' })] })) }),
  },
  {
    cause: 'network-no-route',
    name: 'NAT route present → the role is denied',
    reason: AUTH,
    a: facts({ network: privateNoRoute(), iam: known(iam()) }),
    b: facts({ network: net(), iam: known(iam({ deny: [['ecr:GetAuthorizationToken', '*', 'implicitDeny']] })) }),
    bCause: 'execution-role-ecr-permissions',
  },
  {
    cause: 'network-no-route',
    name: 'route tables unreadable → not proven',
    reason: AUTH,
    a: facts({ network: privateNoRoute() }),
    b: facts({ network: { ...privateNoRoute(), routeTables: denied('ec2:DescribeRouteTables') } }),
  },
  {
    cause: 'public-ip-disabled',
    name: 'standalone task (assignPublicIp unknown) → not proven',
    reason: AUTH,
    a: facts({ network: net({ routes: [igwRoute()] }) }),
    b: facts({ network: net({ routes: [igwRoute()] }), service: known(null) }),
  },
  {
    cause: 'vpc-endpoint-missing',
    name: 'NAT present → endpoints optional',
    reason: AUTH,
    a: facts({ network: privateNoRoute({ endpoints: [endpoint('ecr.api')] }) }),
    b: facts({ network: net({ routes: [natRoute()], endpoints: [endpoint('ecr.api')] }) }),
  },
  {
    cause: 'vpc-dns-disabled',
    name: 'attributes unreadable → not proven',
    reason: AUTH,
    a: facts({ network: { ...net(), dnsSupport: known(false) } }),
    b: facts({
      network: {
        ...net(),
        dnsSupport: denied('ec2:DescribeVpcAttribute'),
        dnsHostnames: denied('ec2:DescribeVpcAttribute'),
      },
    }),
  },
  {
    cause: 'security-group-blocks',
    name: 'standalone task SGs unknown → not proven',
    reason: AUTH,
    a: facts({ network: net({ groups: securityGroups({ task: { egress: [] } }) }) }),
    b: facts({ network: net({ groups: securityGroups({ task: { egress: [] } }) }), service: known(null) }),
  },
  {
    cause: 'network-acl-blocks',
    name: 'NACL allows → no-route decides',
    reason: AUTH,
    a: facts({
      network: net({
        acls: [
          nacl([
            {
              ruleNumber: 50,
              egress: true,
              protocol: '6',
              action: 'deny',
              cidr: '0.0.0.0/0',
              fromPort: 443,
              toPort: 443,
            },
            { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
            { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
          ]),
        ],
      }),
    }),
    b: facts({ network: privateNoRoute() }),
    bCause: 'network-no-route',
  },
  {
    cause: 'vpc-endpoint-policy-denies',
    name: 'default (full access) policies → not this cause',
    reason: AUTH,
    a: facts({
      network: privateNoRoute({
        routes: [s3Route()],
        endpoints: [
          ...allEndpoints().filter((e) => !e.serviceName.endsWith('s3')),
          endpoint('s3', {
            policy: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] },
          }),
        ],
      }),
    }),
    b: facts({ network: privateNoRoute({ routes: [s3Route()], endpoints: allEndpoints() }) }),
  },
  {
    cause: 'registry-credentials-invalid',
    name: 'secret exists and readable → shape only a candidate',
    reason: ASM,
    image: 'acme/private:1',
    a: facts({
      taskDefinition: known(
        taskDef({ containers: [container({ image: 'acme/private:1', credentialsParameter: SECRET })] }),
      ),
      secrets: {
        items: [
          {
            ref: SECRET,
            kind: 'secretsmanager',
            id: SECRET,
            region: 'eu-west-1',
            use: 'registry-credentials',
            exists: known(true),
          },
        ],
      },
    }),
    b: facts({
      taskDefinition: known(
        taskDef({ containers: [container({ image: 'acme/private:1', credentialsParameter: SECRET })] }),
      ),
      secrets: {
        items: [
          {
            ref: SECRET,
            kind: 'secretsmanager',
            id: SECRET,
            region: REGION,
            use: 'registry-credentials',
            exists: known(true),
          },
        ],
      },
      iam: known(
        iam({ deny: [], checks: [{ action: 'secretsmanager:GetSecretValue', resource: SECRET, decision: 'allowed' }] }),
      ),
    }),
  },
  {
    cause: 'secret-or-parameter-unavailable',
    name: 'DescribeSecret denied → not proven',
    reason: ASM,
    a: facts({ taskDefinition: withSecret(), secrets: secretsFacts({ exists: known(false) }) }),
    b: facts({
      taskDefinition: withSecret(),
      secrets: secretsFacts({ exists: denied('secretsmanager:DescribeSecret') }),
    }),
  },
  {
    cause: 'kms-decrypt-denied',
    name: 'AWS managed key → the secret is missing instead',
    reason: `${ASM}: KMS`,
    a: facts({
      taskDefinition: withSecret(),
      secrets: secretsFacts({ kmsKeyId: KEY }),
      iam: known(iam({ deny: [['kms:Decrypt', KEY, 'implicitDeny']] })),
    }),
    b: facts({ taskDefinition: withSecret(), secrets: secretsFacts({ exists: known(false) }), iam: known(iam()) }),
    bCause: 'secret-or-parameter-unavailable',
  },
  {
    cause: 'dockerhub-rate-limit',
    name: 'authenticated pulls → only likely',
    reason: 'CannotPullContainerError: toomanyrequests: Too Many Requests',
    image: 'nginx:1.27',
    a: facts({ taskDefinition: known(taskDef({ containers: [container({ image: 'nginx:1.27' })] })) }),
    b: facts({
      taskDefinition: known(
        taskDef({ containers: [container({ image: 'nginx:1.27', credentialsParameter: SECRET })] }),
      ),
    }),
  },
  {
    cause: 'disk-space',
    name: 'on Fargate → only likely (ephemeral storage)',
    reason: 'CannotPullContainerError: failed to extract layer: no space left on device',
    launchType: 'EC2',
    a: facts(),
    b: facts(),
  },
];

describe('ambiguity: same text, different facts', () => {
  it('covers every cause id except unknown', () => {
    expect(new Set(ambiguity.map((p) => p.cause))).toEqual(new Set(CAUSE_IDS.filter((c) => c !== 'unknown')));
  });
  it.each(ambiguity.map((a) => [a.cause, a.name, a] as const))('%s: %s', (_c, _n, t) => {
    const base = {
      reason: t.reason,
      ...(t.image ? { image: t.image } : {}),
      ...(t.imageDigest ? { imageDigest: t.imageDigest } : {}),
    };
    const a = run({ ...base, facts: t.a, ...(t.launchType ? { launchType: t.launchType } : {}) });
    expect([a.cause, a.confidence]).toEqual([t.cause, t.aConfidence ?? 'proven']);
    const b = run({
      ...base,
      facts: t.b,
      ...(t.cause === 'disk-space' ? { launchType: 'FARGATE' } : t.launchType ? { launchType: t.launchType } : {}),
    });
    if (t.bCause) expect([b.cause, b.confidence]).toEqual([t.bCause, 'proven']);
    else expect(b.cause === t.cause && b.confidence === 'proven').toBe(false);
  });
});

describe('unknown', () => {
  it('says what was checked and what could not be when nothing is proven', () => {
    const d = run({
      reason: 'CannotPullContainerError: something new',
      facts: facts({ ecr: ecr(), iam: known(iam()), service: denied('ecs:DescribeServices') }),
    });
    expect(d.cause).toBe('unknown');
    expect(d.unchecked).toContainEqual({
      check: 'service',
      api: 'ecs:DescribeServices',
      reason: 'AccessDeniedException',
      blocked: ['service'],
    });
    expect(d.evidence.find((e) => e.check === 'summary')?.detail).toMatch(
      /Ruled out: .*execution-role-ecr-permissions/,
    );
  });

  it('ranks remaining candidates when the task definition cannot be read', () => {
    const d = run({
      reason: AUTH,
      facts: facts({ taskDefinition: denied('ecs:DescribeTaskDefinition'), network: privateNoRoute() }),
    });
    expect(d.cause).toBe('network-no-route');
    expect(d.unchecked.some((u) => u.api === 'ecs:DescribeTaskDefinition')).toBe(true);
  });

  it('keeps route-table and security-group ids in resources and fills FixInputs for the planner', () => {
    const d = run({
      reason: AUTH,
      facts: facts({
        network: privateNoRoute({ tables: [routeTable([], { id: 'rtb-main', subnetIds: [], main: true })] }),
      }),
    });
    expect(d.resources).toMatchObject({
      vpcId: 'vpc-0a',
      routeTableIds: ['rtb-main'],
      securityGroupIds: ['sg-task'],
      executionRoleArn: ROLE,
    });
    expect(d.fixInputs).toMatchObject({
      neededEndpoints: ['ecr.api', 'ecr.dkr', 's3', 'logs'],
      endpointSubnetIds: ['subnet-0a1'],
      vpcDnsSupport: true,
      vpcDnsHostnames: true,
      vpcCustomDns: false,
      assignPublicIp: 'DISABLED',
    });
  });

  it('names the resource it could not check', () => {
    const d = run({
      reason: MANIFEST,
      facts: facts({
        ecr: ecr({ tags: denied('ecr:DescribeImages'), lifecyclePolicy: denied('ecr:GetLifecyclePolicy') }),
        iam: denied('iam:SimulatePrincipalPolicy'),
      }),
    });
    const details = d.evidence.filter((e) => e.result === 'unknown').map((e) => e.detail);
    expect(details).toEqual(
      expect.arrayContaining([
        `The tags of repository ${REPO_ARN} could not be checked: ecr:DescribeImages: AccessDeniedException`,
        `The lifecycle policy of repository ${REPO_ARN} could not be checked: ecr:GetLifecyclePolicy: AccessDeniedException`,
        `The permissions of execution role ${ROLE} could not be checked: iam:SimulatePrincipalPolicy: AccessDeniedException`,
      ]),
    );
  });

  it('names the service subnets when the event has none and the route tables cannot be read', () => {
    const f = failure(AUTH, { task: { launchType: 'FARGATE', subnetIds: [] } });
    const d = diagnose(f, facts({ network: { ...net(), routeTables: denied('ec2:DescribeRouteTables') } }));
    expect(unsaidEvidence(d)).toEqual([]);
    expect(d.evidence.map((e) => e.detail)).toContain(
      'The route tables of subnets subnet-0a1 could not be checked: ec2:DescribeRouteTables: AccessDeniedException',
    );
  });

  it('never proves anything for a blackhole default route but calls it no route', () => {
    const d = run({
      reason: AUTH,
      facts: facts({ network: net({ routes: [route('0.0.0.0/0', 'nat', 'nat-1', 'blackhole')] }) }),
    });
    expect(d.cause).toBe('network-no-route');
  });
});

describe('disk-space without the words "no space"', () => {
  const LAYER = 'CannotPullContainerError: failed to register layer: ApplyLayer exit status 1 stdout:  stderr: ';
  const ec2Facts = facts({
    taskDefinition: known(taskDef({ requiresCompatibilities: ['EC2'], networkMode: 'bridge' })),
  });

  it('is possible on an instance when a layer could not be extracted, and says what to check', () => {
    const d = run({ reason: LAYER, launchType: 'EC2', facts: ec2Facts });
    expect(d.candidates).toContain('disk-space');
    expect(d.cause === 'disk-space' && d.confidence === 'proven').toBe(false);
    expect(d.evidence.find((e) => e.cause === 'disk-space')?.textKey).toBe('evidence.disk-space.register-layer');
  });

  it("is proven from devicemapper's full thin pool on an instance", () => {
    const d = run({
      reason: 'CannotPullContainerError: failed to register layer: devmapper: Thin Pool has 4446 free data blocks',
      launchType: 'EC2',
      facts: ec2Facts,
    });
    expect([d.cause, d.confidence]).toEqual(['disk-space', 'proven']);
  });
});

describe('a Docker Hub text cut before its status code', () => {
  it('lists a rate limit in the text prior, but the evidence never concludes one the text does not name', () => {
    const CUT =
      'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: ' +
      'unexpected status code https://registry-1.docker.io/v2/amazon/aws-xray-daemon/manifests/sha256:2d96';
    const image = 'amazon/aws-xray-daemon:3.x';
    const d = run({
      reason: CUT,
      image,
      facts: facts({ taskDefinition: known(taskDef({ containers: [container({ image })] })) }),
    });
    expect(d.cause).not.toBe('dockerhub-rate-limit');
    expect(d.candidates).not.toContain('dockerhub-rate-limit');
  });
});
