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
import { withRelated } from './related-candidates';
import {
  has,
  NETWORK_TEXT,
  DNS_TEXT,
  DENIED_TEXT,
  SECRETS_TEXT,
  REGISTRY_CREDENTIALS_TEXT,
  NO_ROLE_CREDENTIALS_TEXT,
  retriedWithoutAnswer,
  PREFIX_NETWORK_TEXT,
  PULL_ACCESS_DENIED_TEXT,
  MANIFEST_UNKNOWN_TEXT,
  TRUNCATED_MANIFEST_TEXT,
  LAYER_TEXT,
  dockerHub,
  pinnedDigest,
  taggedDigest,
  dockerHubStatusCut,
  NO_ANSWER_TEXT,
} from './text-patterns';

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
    if (candidates) return hint(withRelated(candidates, subject));
  }
  return hint(['unknown']);
}

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
