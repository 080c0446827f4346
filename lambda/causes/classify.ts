/**
 * Pure: stop-reason text → ranked candidate causes. This is the prior, never enough to act on: the
 * evidence decides. Handles the ECS agent ≥ 1.83 prefix sentences ("The task can’t pull the image. …",
 * typographic apostrophe), Fargate's truncated containerd texts, and old Docker-daemon wordings
 * (DOMAIN.md "Error names and wording"; AWS doc "CannotPullContainer task errors in Amazon ECS";
 * amazon-ecs-agent errormessages/AugmentMessage).
 */
import { familyOf, type CauseId, type Family } from '../domain/diagnosis';
import { parseImageRef, type RegistryType } from '../domain/image-ref';

export interface TextHint {
  family: Family;
  candidates: CauseId[];
}

/** Every network cause, most common first. */
export const NETWORK_CAUSES: CauseId[] = [
  'network-no-route',
  'public-ip-disabled',
  'vpc-endpoint-missing',
  'security-group-blocks',
  'vpc-dns-disabled',
  'network-acl-blocks',
  'vpc-endpoint-policy-denies',
];
const PERMISSION_CAUSES: CauseId[] = [
  'execution-role-ecr-permissions',
  'execution-role-missing',
  'repository-policy-denies',
];
const SECRET_CAUSES: CauseId[] = [
  'secret-or-parameter-unavailable',
  'registry-credentials-invalid',
  'kms-decrypt-denied',
];

/** Normalises typographic quotes and whitespace so the patterns below stay simple. */
export function normalizeReason(reason: string): string {
  return reason
    .replace(/[\u2018\u2019\u02BC\u2032]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

const has = (t: string, re: RegExp) => re.test(t);

/** One pattern matching any of the given ones (sources joined by `|`), so a long alternation fits on lines. */
function anyOf(flags: string, ...parts: RegExp[]): RegExp {
  return new RegExp(parts.map((p) => p.source).join('|'), flags);
}

const NETWORK_TEXT = anyOf(
  'i',
  /i\/o timeout|dial tcp|request canceled while waiting for connection/,
  /Client\.Timeout exceeded|context deadline exceeded|context canceled/,
  /connection (?:refused|reset|timed out)|TLS handshake timeout|send request failed/,
  /network is unreachable|no route to host|check your (?:task )?network configuration/,
  /connection issue between the task and Amazon ECR|DockerTimeoutError|signal: killed/,
  /pull command failed: panic|net\/http: timeout/,
);
const DNS_TEXT = /no such host|server misbehaving|lookup [^ ]+ on [^ ]+: |Temporary failure in name resolution/i;
const DENIED_TEXT =
  /not authorized to perform|AccessDenied|access denied|\b403\b|Forbidden|permissions to pull images/i;

function uniq(list: CauseId[]): CauseId[] {
  return [...new Set(list)];
}

function hint(candidates: CauseId[]): TextHint {
  const c = uniq(candidates);
  return { family: familyOf(c[0] ?? 'unknown'), candidates: c.length ? c : ['unknown'] };
}

/** Network causes, DNS first when the text names a name-resolution failure. */
function networkCauses(t: string): CauseId[] {
  if (has(t, DNS_TEXT)) return uniq(['vpc-dns-disabled', 'vpc-endpoint-missing', ...NETWORK_CAUSES]);
  return NETWORK_CAUSES;
}

/** Which policy the "not authorized" text names, when AWS says so. */
function deniedBy(t: string): CauseId[] {
  if (/VPC endpoint policy/i.test(t)) return ['vpc-endpoint-policy-denies', 'execution-role-ecr-permissions'];
  if (/resource-based policy|repository policy/i.test(t))
    return ['repository-policy-denies', 'execution-role-ecr-permissions'];
  if (/kms:Decrypt|\bKMS\b/i.test(t)) return ['kms-decrypt-denied', 'secret-or-parameter-unavailable'];
  return PERMISSION_CAUSES;
}

export function classifyText(reason: string, image?: string, launchType?: string): TextHint {
  const t = normalizeReason(reason ?? '');
  const parsed = image ? parseImageRef(image) : undefined;
  const registryType: RegistryType | undefined = parsed?.ok ? parsed.ref.registryType : undefined;
  const isDockerHub = registryType === 'dockerhub';
  const isEc2 = (launchType ?? '').toUpperCase() === 'EC2' || (launchType ?? '').toUpperCase() === 'EXTERNAL';

  // 1. An image string that cannot be parsed (Fargate reports it as an InternalError, not a pull error).
  if (
    has(
      t,
      anyOf(
        'i',
        /failed to normalize image reference|invalid reference format/,
        /repository name must be lowercase|failed to parse image reference/,
      ),
    ) ||
    parsed?.ok === false
  ) {
    return hint(['invalid-image-reference', 'unknown']);
  }
  // 2. Host disk.
  if (has(t, /no space left on device/i))
    return hint(isEc2 || !launchType ? ['disk-space', 'unknown'] : ['disk-space', 'unknown']);
  // 3. Rate limits (Docker Hub wording, or a 429 from a registry).
  if (has(t, /toomanyrequests|pull rate limit|Too Many Requests|\b429\b/i)) {
    return hint(['dockerhub-rate-limit', ...(isDockerHub ? [] : (['network-no-route'] as CauseId[]))]);
  }
  // 4. Platform.
  if (
    has(
      t,
      anyOf(
        'i',
        /descriptor (?:matching|for) platform|no matching manifest for/,
        /does not contain descriptor matching|exec format error|image platform .* does not match/,
      ),
    )
  ) {
    return hint(['platform-mismatch', 'image-not-found']);
  }
  // 5. Secrets Manager / SSM (secrets[] and repositoryCredentials).
  const secretsText = has(
    t,
    anyOf(
      'i',
      /unable to retrieve secrets? from (?:asm|ssm)|secrets? from ssm|Fetching secret data/,
      /AWS Secrets Manager|Secrets Manager can't find|ssm parameter|GetSecretValue/,
      /GetParameters|registry auth from asm|private registry auth/,
    ),
  );
  if (secretsText) {
    if (has(t, NETWORK_TEXT) || has(t, DNS_TEXT)) return hint([...networkCauses(t), ...SECRET_CAUSES]);
    if (has(t, /kms|decrypt/i))
      return hint(['kms-decrypt-denied', 'secret-or-parameter-unavailable', 'registry-credentials-invalid']);
    if (
      has(
        t,
        anyOf(
          'i',
          /registry auth from asm|private registry|repositoryCredentials|credentialsParameter/,
          /unexpected end of JSON|invalid character|unable to unmarshal/,
        ),
      )
    ) {
      return hint(['registry-credentials-invalid', 'secret-or-parameter-unavailable', 'kms-decrypt-denied']);
    }
    return hint(SECRET_CAUSES);
  }
  // 6. Agent ≥ 1.83 prefix sentences (decisive about the family, not the cause).
  if (
    has(
      t,
      anyOf(
        'i',
        /The task can't pull the image\. Check your network configuration/,
        /There is a connection issue between the task and Amazon ECR/,
      ),
    )
  ) {
    return hint(networkCauses(t));
  }
  if (has(t, /The task can't pull the image\. Check that the role has the permissions/i)) {
    return hint([...deniedBy(t), 'image-not-found', 'repository-not-found']);
  }
  if (has(t, /The task can't pull the image\. Check whether the image exists/i)) {
    return hint(
      isDockerHub
        ? ['repository-not-found', 'registry-credentials-invalid', 'image-not-found']
        : ['repository-not-found', 'image-not-found', ...PERMISSION_CAUSES],
    );
  }
  // 7. ECR registry auth (Fargate ResourceInitializationError / EC2 CannotPullECRContainerError).
  if (has(t, /unable to retrieve ecr registry auth|CannotPullECRContainerError|GetAuthorizationToken/i)) {
    if (has(t, DENIED_TEXT)) return hint([...deniedBy(t), 'execution-role-missing']);
    if (has(t, NETWORK_TEXT) || has(t, DNS_TEXT)) return hint(networkCauses(t));
    // Truncated: network path or permissions, decided by evidence.
    return hint(['network-no-route', 'execution-role-ecr-permissions', 'execution-role-missing', ...NETWORK_CAUSES]);
  }
  // 8. Network wordings (containerd, Docker, agent).
  if (has(t, NETWORK_TEXT) || has(t, DNS_TEXT)) return hint(networkCauses(t));
  // 9. "not authorized" with the policy named.
  if (has(t, /not authorized to perform|explicit deny/i)) return hint([...deniedBy(t), 'execution-role-missing']);
  // 10. Docker's "pull access denied" (permissions, missing repository, or cross-account; old agents said "not found").
  if (
    has(
      t,
      anyOf(
        'i',
        /pull access denied|may require 'docker login'|requested access to the resource is denied/,
        /unauthorized: authentication required|no basic auth credentials/,
      ),
    )
  ) {
    if (isDockerHub || registryType === 'other') {
      return hint(['repository-not-found', 'registry-credentials-invalid', 'image-not-found']);
    }
    return hint([
      'execution-role-ecr-permissions',
      'repository-not-found',
      'repository-policy-denies',
      'execution-role-missing',
      'image-not-found',
    ]);
  }
  if (has(t, /unauthorized|incorrect username or password/i))
    return hint(['registry-credentials-invalid', 'execution-role-ecr-permissions']);
  // 11. Missing repository / tag / digest.
  if (has(t, /name unknown|repository (?:does not exist|\S+ not found)|RepositoryNotFoundException/i)) {
    return hint(['repository-not-found', 'image-not-found', 'repository-policy-denies']);
  }
  if (has(t, /repository .* not found|API error \(404\)/i))
    return hint(['image-not-found', 'repository-not-found', 'repository-policy-denies']);
  const pinned = has(t, /@sha256:[0-9a-f]{8,}/i) || /@sha256:/.test(image ?? '');
  if (
    has(
      t,
      anyOf(
        'i',
        /manifest unknown|manifest for .* not found|not found: manifest|ImageNotFoundException/,
        /failed to resolve ref.*not found/,
      ),
    )
  ) {
    return hint(
      pinned
        ? ['stale-image-digest', 'image-not-found', 'repository-not-found']
        : ['image-not-found', 'stale-image-digest', 'repository-not-found'],
    );
  }
  if (has(t, DENIED_TEXT)) {
    // A 403 on a digest can mean the digest was deleted rather than IAM (DOMAIN.md).
    return hint([
      ...PERMISSION_CAUSES,
      ...(pinned ? (['stale-image-digest'] as CauseId[]) : []),
      'vpc-endpoint-policy-denies',
      'image-not-found',
    ]);
  }
  // 12. Truncated Fargate texts: the decisive part (status code) is often cut off.
  if (
    has(
      t,
      anyOf(
        'i',
        /CannotPullImageManifestError|pull image manifest has been retried|failed to resolve ref/,
        /inspect image has been retried/,
      ),
    )
  ) {
    return hint([
      'image-not-found',
      'stale-image-digest',
      'repository-not-found',
      'network-no-route',
      'execution-role-ecr-permissions',
      'repository-policy-denies',
      'vpc-endpoint-missing',
    ]);
  }
  if (
    has(
      t,
      anyOf(
        'i',
        /ref pull has been retried|failed to copy|httpRead(?:er)?Seeker|error pulling image conf/,
        /failed to extract layer|unexpected status code/,
      ),
    )
  ) {
    // Layer download from S3 (ECR) or the registry: S3 path/policy, permissions, or a rate limit.
    return hint([
      'security-group-blocks',
      'vpc-endpoint-missing',
      'vpc-endpoint-policy-denies',
      'network-no-route',
      'execution-role-ecr-permissions',
      ...(isDockerHub ? (['dockerhub-rate-limit'] as CauseId[]) : []),
      'stale-image-digest',
    ]);
  }
  if (has(t, /CannotPullContainerError|can't pull the image/i)) {
    return hint([
      ...(isDockerHub ? (['dockerhub-rate-limit', 'repository-not-found'] as CauseId[]) : []),
      'image-not-found',
      'network-no-route',
      'execution-role-ecr-permissions',
      'repository-not-found',
    ]);
  }
  return hint(['unknown']);
}
