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
