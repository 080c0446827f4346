import { classifyText } from '../../../lambda/causes/classify';

const ECR = '111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1';

describe('classifyText', () => {
  it.each([
    // agent ≥ 1.83 prefixes, typographic apostrophe
    [
      'The task can\u2019t pull the image. Check that the role has the permissions to pull images from the registry. Error response from daemon: pull access denied for x',
      ECR,
      'permissions',
      'execution-role-ecr-permissions',
    ],
    [
      'The task can\u2019t pull the image. Check your network configuration. RequestError: send request failed',
      ECR,
      'network',
      'network-no-route',
    ],
    [
      'The task can\u2019t pull the image. Check whether the image exists. Error response from daemon: pull access denied for some/nonsense',
      'some/nonsense',
      'image',
      'repository-not-found',
    ],
    [
      'CannotPullContainerError: The task cannot pull \u2018web\u2019 from the Amazon ECR repository \u2018x\u2019. There is a connection issue between the task and Amazon ECR. Check your task network configuration.',
      ECR,
      'network',
      'network-no-route',
    ],
    [
      'InternalError: failed to create container model: failed to normalize image reference "latest:latest"',
      'latest:latest',
      'image',
      'invalid-image-reference',
    ],
    [
      'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/sha256:abc: 429 Too Many Requests',
      'nginx',
      'rate-limit',
      'dockerhub-rate-limit',
    ],
    [
      'CannotPullContainerError: failed to extract layer sha256:abc: write /var/lib/containerd: no space left on device',
      ECR,
      'host',
      'disk-space',
    ],
    [
      "CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/arm64'",
      ECR,
      'image',
      'platform-mismatch',
    ],
    [
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: AccessDeniedException: Access to KMS is not allowed',
      ECR,
      'registry-auth',
      'kms-decrypt-denied',
    ],
    [
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): RequestError: send request failed caused by: dial tcp 10.0.0.1:443: i/o timeout',
      ECR,
      'network',
      'network-no-route',
    ],
    [
      'CannotPullECRContainerError: AccessDeniedException: User: arn:aws:sts::1:assumed-role/r/i is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action',
      ECR,
      'permissions',
      'execution-role-ecr-permissions',
    ],
    [
      'CannotPullContainerError: denied: User: arn:aws:sts::1:assumed-role/r/x is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:2:repository/web because no resource-based policy allows the ecr:BatchGetImage action',
      ECR,
      'permissions',
      'repository-policy-denies',
    ],
    [
      'CannotPullContainerError: failed to resolve ref: 403 Forbidden with an explicit deny in a VPC endpoint policy',
      ECR,
      'network',
      'vpc-endpoint-policy-denies',
    ],
    [
      'CannotPullContainerError: dial tcp: lookup api.ecr.us-east-1.amazonaws.com on 10.0.0.2:53: no such host',
      ECR,
      'network',
      'vpc-dns-disabled',
    ],
    ['Something entirely different', ECR, 'unknown', 'unknown'],
  ])('%s', (reason, image, family, top) => {
    const h = classifyText(reason, image, 'FARGATE');
    expect(h.family).toBe(family);
    expect(h.candidates[0]).toBe(top);
  });

  it('ranks a deleted digest first when the manifest is unknown for a pinned image', () => {
    const h = classifyText(
      'CannotPullContainerError: failed to resolve ref 111122223333.dkr.ecr.us-east-1.amazonaws.com/web@sha256:0123456789abcdef: not found',
      ECR,
    );
    expect(h.candidates.slice(0, 2)).toEqual(['stale-image-digest', 'image-not-found']);
  });

  it('treats "pull access denied" for a Docker Hub image as a missing repository or bad credentials, not ECR IAM', () => {
    const h = classifyText(
      "Error response from daemon: pull access denied for acme/private, repository does not exist or may require 'docker login'",
      'acme/private',
    );
    expect(h.candidates).not.toContain('execution-role-ecr-permissions');
    expect(h.candidates[0]).toBe('repository-not-found');
  });

  it('treats an unparsable image as an invalid reference whatever the text', () => {
    expect(classifyText('CannotPullContainerError: something', 'My App:1').candidates[0]).toBe(
      'invalid-image-reference',
    );
  });

  it('never throws and never returns no candidates', () => {
    for (const t of ['', '\u2019\u2019', 'x'.repeat(20000), 'CannotPullContainerError']) {
      const h = classifyText(t);
      expect(h.candidates.length).toBeGreaterThan(0);
    }
  });
});

/**
 * Issue 16's classes: the EC2 agent's secret wordings, Docker Hub texts that are not a rate limit, and texts whose
 * decisive part is cut or missing. Sources beside each message.
 */
describe('classifyText: EC2 wordings and registries outside ECR', () => {
  const HUB = 'nginx:1.99';
  it.each([
    // ECS documentation, "Troubleshoot … secrets" (EC2 agent, task-level stoppedReason).
    [
      "Fetching secret data from AWS Secrets Manager in region us-east-1: secret arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
      ECR,
      'registry-auth',
      'secret-or-parameter-unavailable',
    ],
    // amazon-ecs-agent agent/taskresource/ssmsecret terminal reason (quoted in GitHub issues and re:Post).
    [
      'Fetching secret data from SSM Parameter Store in eu-west-1: invalid parameters: /demo/dev/MY_INVALID_PARAMETER',
      ECR,
      'registry-auth',
      'secret-or-parameter-unavailable',
    ],
    // amazon-ecs-agent agent/taskresource/asmauth: repositoryCredentials read on EC2 (Qiita, quoted error).
    [
      'Asm fetching secret from the service for arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:gitlab-registry-y54JnU: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/14edf050 is not authorized to perform: secretsmanager:GetSecretValue',
      'registry.gitlab.com/acme/app:1',
      'registry-auth',
      'registry-credentials-invalid',
    ],
    // Docker daemon (moby) "No such image" after a failed pull on EC2: the image, not a rate limit.
    [
      'CannotPullContainerError: Error response from daemon: No such image: nginx:1.99',
      HUB,
      'image',
      'image-not-found',
    ],
    // containerd: a 404 on a blob or manifest download is missing content, not the network.
    [
      'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/sha256:0123456789abcdef: 404 Not Found',
      HUB,
      'image',
      'stale-image-digest',
    ],
    // containerd: the registry closed the connection (EOF) while resolving: the network, whatever the registry.
    [
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:latest: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/latest": EOF',
      'nginx:latest',
      'network',
      'network-no-route',
    ],
  ])('%s', (reason, image, family, first) => {
    const h = classifyText(reason, image, 'EC2');
    expect([h.family, h.candidates[0]]).toEqual([family, first]);
  });

  it('never says rate limit for a Docker Hub image unless the text names a limit', () => {
    const texts = [
      'CannotPullContainerError: context canceled',
      'CannotPullContainerError: Error response from daemon: No such image: nginx:1.99',
      'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/x: 500 Internal Server Error',
    ];
    for (const t of texts)
      expect([t, classifyText(t, HUB, 'FARGATE').candidates]).not.toContainEqual(
        expect.arrayContaining(['dockerhub-rate-limit']),
      );
    expect(
      classifyText('CannotPullContainerError: toomanyrequests: You have reached your pull rate limit.', HUB).family,
    ).toBe('rate-limit');
  });

  it('keeps the image, network and credential families among the candidates when nothing decisive is left', () => {
    const h = classifyText('CannotPullContainerError: context canceled', 'ghcr.io/acme/app:1', 'FARGATE');
    expect(h.family).toBe('network');
    const bare = classifyText('CannotPullContainerError: unknown', 'ghcr.io/acme/app:1', 'FARGATE');
    expect(bare.candidates).toEqual([
      'image-not-found',
      'repository-not-found',
      'network-no-route',
      'registry-credentials-invalid',
    ]);
  });
});

describe('classifyText: issue 16 wordings (agent source, truncations, the instance role)', () => {
  const SECRETS =
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
    'unable to retrieve secret from asm: service call has been retried 5 time(s)';

  it('takes a retry with no answer after it for the network, and a retry with an AWS error for the secret', () => {
    expect(classifyText(SECRETS, ECR, 'FARGATE').family).toBe('network');
    expect(classifyText(`${SECRETS}: failed to fetch`, ECR, 'FARGATE').family).toBe('network');
    const notFound = `${SECRETS}: failed to fetch secret x: ResourceNotFoundException: Secrets Manager can't find it`;
    expect(classifyText(notFound, ECR, 'FARGATE').candidates[0]).toBe('secret-or-parameter-unavailable');
    // The secret causes stay candidates: the evidence decides.
    expect(classifyText(SECRETS, ECR, 'FARGATE').candidates).toContain('secret-or-parameter-unavailable');
  });

  it.each([
    ['Asm fetching username: AuthorizationData is malformed, empty field', 'registry-credentials-invalid'],
    ['Asm fetching authorization data: empty secrets value', 'registry-credentials-invalid'],
    ['ASM secret resource: unable to find execution role credentials', 'execution-role-missing'],
    ['CannotPullECRContainerError: engine ecr credentials: not found', 'execution-role-missing'],
    [
      'CannotPullContainerError: failed to register layer: devmapper: Thin Pool has 4446 free data blocks',
      'disk-space',
    ],
  ])('reads the EC2 agent wording "%s" as %s', (text, cause) => {
    expect(classifyText(text, ECR, 'EC2').candidates[0]).toBe(cause);
  });

  it('keeps a rate limit among the candidates of a Docker Hub text cut before its status code, never first', () => {
    const cut =
      'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: ' +
      'unexpected status code https://registry-1.docker.io/v2/amazon/aws-xray-daemon/manifests/sha256:2d96';
    const hint = classifyText(cut, 'amazon/aws-xray-daemon:3.x', 'FARGATE');
    expect(hint.candidates).toContain('dockerhub-rate-limit');
    expect(hint.candidates[0]).not.toBe('dockerhub-rate-limit');
    expect(classifyText(`${cut}: 500 Internal Server Error`, 'amazon/aws-xray-daemon:3.x').candidates).not.toContain(
      'dockerhub-rate-limit',
    );
  });

  it('ranks the instance role first when the text names the instance credentials, and never on Fargate', () => {
    const denied =
      'CannotPullECRContainerError: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsInstanceRole/' +
      'i-0abc1234def567890 is not authorized to perform: ecr:GetAuthorizationToken on resource: *';
    expect(classifyText(denied, ECR, 'EC2').candidates[0]).toBe('instance-role-ecr-permissions');
    expect(classifyText(denied, ECR, 'FARGATE').candidates).not.toContain('instance-role-ecr-permissions');
    const generic =
      "CannotPullContainerError: pull access denied for x, repository does not exist or may require 'docker login'";
    const onEc2 = classifyText(generic, ECR, 'EC2').candidates;
    expect(onEc2.indexOf('instance-role-ecr-permissions')).toBe(onEc2.indexOf('execution-role-ecr-permissions') + 1);
  });

  it('takes a resolve that ended with nothing after the reference for the network', () => {
    const hint = classifyText('CannotPullContainerError: failed to resolve ref "docker.io/docker/sidecar:1.0"');
    expect(hint.family).toBe('network');
    expect(hint.candidates).toContain('image-not-found');
  });
});
