/**
 * Pure: stop-reason text → ranked candidate causes. This is the prior, never enough to act on: the
 * evidence decides. Handles the ECS agent ≥ 1.83 prefix sentences ("The task can’t pull the image. …",
 * typographic apostrophe), Fargate's truncated containerd texts, and old Docker-daemon wordings
 * (DOMAIN.md "Error names and wording"; AWS doc "CannotPullContainer task errors in Amazon ECS";
 * amazon-ecs-agent errormessages/AugmentMessage).
 */
import { familyOf, type CauseId, type Family } from '../domain/diagnosis';
import { parseImageRef } from '../domain/image-ref';
import type { TextRule, TextSubject } from './module';
import { CAUSE_TEXT_RULES } from './registry';

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
  /pull command failed: panic|net\/http: timeout|failed to do request: .*: EOF\b/,
  // The SDK's transport errors (cut before "send request failed"), no registry answering, a stalled pull.
  /\bRequestError\b|\bRequestCanceled\b|Could not reach any registry endpoint|inactivity time exceeded timeout/,
);
const DNS_TEXT = /no such host|server misbehaving|lookup [^ ]+ on [^ ]+: |Temporary failure in name resolution/i;
const DENIED_TEXT =
  /not authorized to perform|AccessDenied|access denied|\b403\b|Forbidden|permissions to pull images/i;

const SECRETS_TEXT = anyOf(
  'i',
  /unable to retrieve secrets? from (?:asm|ssm)|secrets? from ssm|Fetching secret data/,
  /AWS Secrets Manager|Secrets Manager can't find|ssm parameter|GetSecretValue/,
  /GetParameters|registry auth from asm|private registry auth|asm fetching (?:secret|authorization data|username|password)/,
);
const REGISTRY_CREDENTIALS_TEXT = anyOf(
  'i',
  /registry auth from asm|private registry|repositoryCredentials|credentialsParameter|asm fetching secret/,
  /unexpected end of JSON|invalid character|unable to unmarshal/,
  // The EC2 agent's checks of the repositoryCredentials secret's content (agent/taskresource/asmauth).
  /asm fetching (?:authorization data|username|password)|AuthorizationData is malformed|empty secrets value/,
);
/** The agent could not get the execution role's credentials (no role, or ECS could not assume it). */
const NO_ROLE_CREDENTIALS_TEXT = /unable to find execution role credentials|engine ecr credentials: not found/i;
/**
 * The SDK retries only what may pass on a retry (transport errors, throttling, 5xx): "retried N time(s)" with no
 * answer after it (or only "failed to fetch", cut) points at the network, not at a missing secret or a denied call.
 */
function retriedWithoutAnswer(t: string): boolean {
  const m = /service call has been retried \d+ time\(s\)(.*)$/i.exec(t);
  if (!m) return false;
  const rest = m[1]!.replace(/^[:\s]+/, '');
  return /^(?:failed to fetch\s*)?(?:\.\.\.|…)?$/i.test(rest);
}
const PREFIX_NETWORK_TEXT = anyOf(
  'i',
  /The task can't pull the image\. Check your network configuration/,
  /There is a connection issue between the task and Amazon ECR/,
);
const PULL_ACCESS_DENIED_TEXT = anyOf(
  'i',
  /pull access denied|may require 'docker login'|requested access to the resource is denied/,
  /unauthorized: authentication required|no basic auth credentials/,
);
const MANIFEST_UNKNOWN_TEXT = anyOf(
  'i',
  /manifest unknown|manifest for .* not found|not found: manifest|ImageNotFoundException|No such image/,
  /failed to resolve ref.*not found/,
);
const TRUNCATED_MANIFEST_TEXT = anyOf(
  'i',
  /CannotPullImageManifestError|pull image manifest has been retried|failed to resolve ref/,
  /inspect image has been retried/,
);
const LAYER_TEXT = anyOf(
  'i',
  /ref pull has been retried|failed to copy|httpRead(?:er)?Seeker|error pulling image conf/,
  /failed to extract layer|unexpected status code/,
);

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
  const text = normalizeReason(reason ?? '');
  const parsed = image ? parseImageRef(image) : undefined;
  const lt = (launchType ?? '').toUpperCase();
  const subject: TextSubject = {
    text,
    unparsable: parsed?.ok === false,
    onInstance: lt === 'EC2' || lt === 'EXTERNAL',
    launchTypeKnown: !!launchType,
  };
  if (image !== undefined) subject.image = image;
  if (parsed?.ok) subject.registryType = parsed.ref.registryType;
  else if (image === undefined) {
    // No image in the event: the reference the text quotes names the registry (a prior only, like the rest).
    const quoted = /(?:failed to resolve ref|pull access denied for) "?([^\s",]+)/i.exec(text)?.[1];
    const fromText = quoted ? parseImageRef(quoted.replace(/:$/, '')) : undefined;
    if (fromText?.ok) subject.registryType = fromText.ref.registryType;
  }
  for (const rule of RULES) {
    const candidates = rule.match(subject);
    if (candidates) return hint(withInstanceRole(candidates, subject));
  }
  return hint(['unknown']);
}

/** The ECS agent's own credentials on an instance: "assumed-role/<role>/i-0123…" names the instance role. */
const INSTANCE_PRINCIPAL = /assumed-role\/[^/\s]+\/i-[0-9a-f]{8,17}\b/i;

/**
 * On a container instance (or where the launch type is not known) the instance role pulls when the task
 * definition has no execution role: wherever the execution role's ECR permissions are a candidate, so are the
 * instance role's — first when the text names the instance's own credentials.
 */
function withInstanceRole(candidates: CauseId[], s: TextSubject): CauseId[] {
  const i = candidates.indexOf('execution-role-ecr-permissions');
  if (i < 0 || (s.launchTypeKnown && !s.onInstance)) return candidates;
  if (s.onInstance && INSTANCE_PRINCIPAL.test(s.text)) return ['instance-role-ecr-permissions', ...candidates];
  return [...candidates.slice(0, i + 1), 'instance-role-ecr-permissions', ...candidates.slice(i + 1)];
}

const dockerHub = (s: TextSubject) => s.registryType === 'dockerhub';
const pinnedDigest = (s: TextSubject) => has(s.text, /@sha256:\S+/i) || /@sha256:/.test(s.image ?? '');
/**
 * A tag resolved to a digest ("name:tag@sha256:…": ECS pins the digest it resolved at deployment): a 403 on it
 * more often means the digest is gone (expired by a lifecycle rule) than IAM (DOMAIN.md).
 */
const taggedDigest = (s: TextSubject) =>
  has(s.text, /:[\w][\w.-]{0,127}@sha256:\S+/) || /:[\w.-]+@sha256:/.test(s.image ?? '');
/** Docker Hub's registry, its status code cut off ("unexpected status code <url>" and nothing after it). */
const dockerHubStatusCut = (s: TextSubject) =>
  (dockerHub(s) || dockerHubInText(s.text)) &&
  has(s.text, /unexpected status code/i) &&
  !has(s.text, /unexpected status code \S+: [1-5]\d\d\b/i);
/** Docker Hub named in the text itself (its registry host), when the event carries no image. */
const dockerHubInText = (t: string) => /registry-1\.docker\.io|\bdocker\.io\//i.test(t);
/** A resolve or inspect that ended with nothing after it: no registry answered (no status, no reason). */
const NO_ANSWER_TEXT = /(?:failed to resolve ref "[^"]+"|inspect image has been retried \d+ time\(s\):?)\s*$/i;

/** The family-wide rules (the ones a single cause owns are in its module), tried after the modules' rules. */
const FAMILY_RULES: readonly TextRule[] = [
  // The execution role's credentials were not there at all (EC2 agent wordings).
  {
    order: 95,
    match: ({ text: t }) =>
      has(t, NO_ROLE_CREDENTIALS_TEXT) ? ['execution-role-missing', 'execution-role-ecr-permissions'] : undefined,
  },
  // Secrets Manager / SSM (secrets[] and repositoryCredentials).
  {
    order: 100,
    match: ({ text: t }) => {
      if (!has(t, SECRETS_TEXT)) return undefined;
      if (has(t, NETWORK_TEXT) || has(t, DNS_TEXT)) return [...networkCauses(t), ...SECRET_CAUSES];
      if (retriedWithoutAnswer(t)) return [...NETWORK_CAUSES, ...SECRET_CAUSES];
      if (has(t, /kms|decrypt/i))
        return ['kms-decrypt-denied', 'secret-or-parameter-unavailable', 'registry-credentials-invalid'];
      if (has(t, REGISTRY_CREDENTIALS_TEXT))
        return ['registry-credentials-invalid', 'secret-or-parameter-unavailable', 'kms-decrypt-denied'];
      return SECRET_CAUSES;
    },
  },
  // Agent ≥ 1.83 prefix sentences (decisive about the family, not the cause).
  {
    order: 110,
    match: (s) => {
      const t = s.text;
      if (has(t, PREFIX_NETWORK_TEXT)) return networkCauses(t);
      if (has(t, /The task can't pull the image\. Check that the role has the permissions/i))
        return [...deniedBy(t), 'image-not-found', 'repository-not-found'];
      if (has(t, /The task can't pull the image\. Check whether the image exists/i))
        return dockerHub(s)
          ? ['repository-not-found', 'registry-credentials-invalid', 'image-not-found']
          : ['repository-not-found', 'image-not-found', ...PERMISSION_CAUSES];
      return undefined;
    },
  },
  // ECR registry auth (Fargate ResourceInitializationError / EC2 CannotPullECRContainerError).
  {
    order: 120,
    match: ({ text: t }) => {
      if (!has(t, /unable to retrieve ecr registry auth|CannotPullECRContainerError|GetAuthorizationToken/i))
        return undefined;
      if (has(t, DENIED_TEXT)) return [...deniedBy(t), 'execution-role-missing'];
      if (has(t, NETWORK_TEXT) || has(t, DNS_TEXT)) return networkCauses(t);
      // Truncated: network path or permissions, decided by evidence.
      return ['network-no-route', 'execution-role-ecr-permissions', 'execution-role-missing', ...NETWORK_CAUSES];
    },
  },
  // Network wordings (containerd, Docker, agent).
  { order: 130, match: ({ text: t }) => (has(t, NETWORK_TEXT) || has(t, DNS_TEXT) ? networkCauses(t) : undefined) },
  // "not authorized" with the policy named.
  {
    order: 140,
    match: ({ text: t }) =>
      has(t, /not authorized to perform|explicit deny/i) ? [...deniedBy(t), 'execution-role-missing'] : undefined,
  },
  // Docker's "pull access denied" (permissions, missing repository, or cross-account; old agents said "not found").
  {
    order: 150,
    match: (s) => {
      if (has(s.text, PULL_ACCESS_DENIED_TEXT))
        return dockerHub(s) || s.registryType === 'other'
          ? [
              'repository-not-found',
              'registry-credentials-invalid',
              'image-not-found',
              // "docker.io/library/sha256:…": the image field held only a digest, read as a repository "sha256".
              ...(has(s.text, /docker\.io\/library\/sha256:/) ? (['invalid-image-reference'] as CauseId[]) : []),
            ]
          : [
              'execution-role-ecr-permissions',
              'repository-not-found',
              'repository-policy-denies',
              'execution-role-missing',
              'image-not-found',
            ];
      if (has(s.text, /unauthorized|incorrect username or password/i))
        return ['registry-credentials-invalid', 'execution-role-ecr-permissions'];
      return undefined;
    },
  },
  // Missing repository / tag / digest.
  {
    order: 160,
    match: (s) => {
      const t = s.text;
      if (has(t, /name unknown|repository (?:does not exist|\S+ not found)|RepositoryNotFoundException/i))
        return ['repository-not-found', 'image-not-found', 'repository-policy-denies'];
      if (has(t, /repository .* not found|API error \(404\)/i))
        return [
          'image-not-found',
          'repository-not-found',
          'repository-policy-denies',
          // Old Docker said only "API error (404)" for a pull it was not allowed, too.
          ...(has(t, /API error \(404\)\s*$/i) ? (['execution-role-ecr-permissions'] as CauseId[]) : []),
        ];
      if (has(t, MANIFEST_UNKNOWN_TEXT))
        return pinnedDigest(s)
          ? ['stale-image-digest', 'image-not-found', 'repository-not-found']
          : ['image-not-found', 'stale-image-digest', 'repository-not-found'];
      // A 403 on a digest can mean the digest was deleted rather than IAM (DOMAIN.md).
      if (has(t, DENIED_TEXT) && taggedDigest(s) && has(t, /\b403\b|Forbidden/))
        return ['stale-image-digest', ...PERMISSION_CAUSES, 'vpc-endpoint-policy-denies', 'image-not-found'];
      if (has(t, DENIED_TEXT))
        return [
          ...PERMISSION_CAUSES,
          ...(pinnedDigest(s) ? (['stale-image-digest'] as CauseId[]) : []),
          'vpc-endpoint-policy-denies',
          'image-not-found',
        ];
      return undefined;
    },
  },
  // Truncated Fargate texts: the decisive part (status code) is often cut off.
  {
    order: 190,
    match: (s) => {
      const t = s.text;
      if (has(t, NO_ANSWER_TEXT))
        return [...NETWORK_CAUSES, 'image-not-found', 'repository-not-found', 'execution-role-ecr-permissions'];
      if (has(t, TRUNCATED_MANIFEST_TEXT))
        return [
          'image-not-found',
          'stale-image-digest',
          'repository-not-found',
          'network-no-route',
          'execution-role-ecr-permissions',
          'repository-policy-denies',
          'vpc-endpoint-missing',
          ...(dockerHubStatusCut(s) ? (['dockerhub-rate-limit'] as CauseId[]) : []),
        ];
      // A 404 on a layer or manifest download: the content is gone (a deleted digest, a missing tag).
      if (has(t, LAYER_TEXT) && has(t, /\b404\b|Not Found\b/))
        return ['stale-image-digest', 'image-not-found', 'repository-not-found'];
      // Layer download from S3 (ECR) or the registry: S3 path/policy, permissions. A rate limit only when the
      // text names one (the rate-limit module's rule runs first).
      // Docker Hub with the status code cut off: a rate limit stays a candidate, never the first one (the text
      // names no limit).
      if (has(t, LAYER_TEXT))
        return [
          'security-group-blocks',
          'vpc-endpoint-missing',
          'vpc-endpoint-policy-denies',
          'network-no-route',
          'execution-role-ecr-permissions',
          'stale-image-digest',
          ...(dockerHubStatusCut(s) ? (['dockerhub-rate-limit'] as CauseId[]) : []),
        ];
      // Nothing decisive left: every plausible family stays a candidate; a registry outside ECR is reached over
      // the internet with its own credentials (never a rate limit unless the text names one).
      if (has(t, /CannotPullContainerError|can't pull the image/i))
        return s.registryType === 'ecr' || s.registryType === undefined
          ? ['image-not-found', 'network-no-route', 'execution-role-ecr-permissions', 'repository-not-found']
          : ['image-not-found', 'repository-not-found', 'network-no-route', 'registry-credentials-invalid'];
      return undefined;
    },
  },
];

const RULES: readonly TextRule[] = [...CAUSE_TEXT_RULES, ...FAMILY_RULES].sort((a, b) => a.order - b.order);
