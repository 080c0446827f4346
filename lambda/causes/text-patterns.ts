/**
 * Pure: the wordings classify.ts recognises, as patterns and small predicates over the normalised stop reason
 * (sources: DOMAIN.md "Error names and wording", the AWS CannotPullContainer and secrets troubleshooting pages,
 * amazon-ecs-agent errormessages and taskresource/*, the cited corpus in test/fixtures/corpus).
 */
import type { TextSubject } from './module';

export const has = (t: string, re: RegExp) => re.test(t);

/** One pattern matching any of the given ones (sources joined by `|`), so a long alternation fits on lines. */
export function anyOf(flags: string, ...parts: RegExp[]): RegExp {
  return new RegExp(parts.map((p) => p.source).join('|'), flags);
}

export const NETWORK_TEXT = anyOf(
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
export const DNS_TEXT = /no such host|server misbehaving|lookup [^ ]+ on [^ ]+: |Temporary failure in name resolution/i;
export const DENIED_TEXT =
  /not authorized to perform|AccessDenied|access denied|\b403\b|Forbidden|permissions to pull images/i;

export const SECRETS_TEXT = anyOf(
  'i',
  /unable to retrieve secrets? from (?:asm|ssm)|secrets? from ssm|Fetching secret data/,
  /AWS Secrets Manager|Secrets Manager can't find|ssm parameter|GetSecretValue/,
  /GetParameters|registry auth from asm|private registry auth/,
  /asm fetching (?:secret|authorization data|username|password)/,
);
export const REGISTRY_CREDENTIALS_TEXT = anyOf(
  'i',
  /registry auth from asm|private registry|repositoryCredentials|credentialsParameter|asm fetching secret/,
  /unexpected end of JSON|invalid character|unable to unmarshal/,
  // The EC2 agent's checks of the repositoryCredentials secret's content (agent/taskresource/asmauth).
  /asm fetching (?:authorization data|username|password)|AuthorizationData is malformed|empty secrets value/,
);
/** The agent could not get the execution role's credentials (no role, or ECS could not assume it). */
export const NO_ROLE_CREDENTIALS_TEXT = /unable to find execution role credentials|engine ecr credentials: not found/i;
/**
 * The SDK retries only what may pass on a retry (transport errors, throttling, 5xx): "retried N time(s)" with no
 * answer after it (or only "failed to fetch", cut) points at the network, not at a missing secret or a denied call.
 */
export function retriedWithoutAnswer(t: string): boolean {
  const m = /service call has been retried \d+ time\(s\)(.*)$/i.exec(t);
  if (!m) return false;
  const rest = m[1]!.replace(/^[:\s]+/, '');
  return /^(?:failed to fetch\s*)?(?:\.\.\.|…)?$/i.test(rest);
}
export const PREFIX_NETWORK_TEXT = anyOf(
  'i',
  /The task can't pull the image\. Check your network configuration/,
  /There is a connection issue between the task and Amazon ECR/,
);
export const PULL_ACCESS_DENIED_TEXT = anyOf(
  'i',
  /pull access denied|may require 'docker login'|requested access to the resource is denied/,
  /unauthorized: authentication required|no basic auth credentials/,
);
export const MANIFEST_UNKNOWN_TEXT = anyOf(
  'i',
  /manifest unknown|manifest for .* not found|not found: manifest|ImageNotFoundException|No such image/,
  /failed to resolve ref.*not found/,
);
export const TRUNCATED_MANIFEST_TEXT = anyOf(
  'i',
  /CannotPullImageManifestError|pull image manifest has been retried|failed to resolve ref/,
  /inspect image has been retried/,
);
export const LAYER_TEXT = anyOf(
  'i',
  /ref pull has been retried|failed to copy|httpRead(?:er)?Seeker|error pulling image conf/,
  /failed to extract layer|unexpected status code/,
);

/** The ECS agent's own credentials on an instance: "assumed-role/<role>/i-0123…" names the instance role. */
export const INSTANCE_PRINCIPAL = /assumed-role\/[^/\s]+\/i-[0-9a-f]{8,17}\b/i;

export const dockerHub = (s: TextSubject) => s.registryType === 'dockerhub';
export const pinnedDigest = (s: TextSubject) => has(s.text, /@sha256:\S+/i) || /@sha256:/.test(s.image ?? '');
/**
 * A tag resolved to a digest ("name:tag@sha256:…": ECS pins the digest it resolved at deployment): a 403 on it
 * more often means the digest is gone (expired by a lifecycle rule) than IAM (DOMAIN.md).
 */
export const taggedDigest = (s: TextSubject) =>
  has(s.text, /:[\w][\w.-]{0,127}@sha256:\S+/) || /:[\w.-]+@sha256:/.test(s.image ?? '');
/** Docker Hub's registry, its status code cut off ("unexpected status code <url>" and nothing after it). */
export const dockerHubStatusCut = (s: TextSubject) =>
  (dockerHub(s) || dockerHubInText(s.text)) &&
  has(s.text, /unexpected status code/i) &&
  !has(s.text, /unexpected status code \S+: [1-5]\d\d\b/i);
/** Docker Hub named in the text itself (its registry host), when the event carries no image. */
export const dockerHubInText = (t: string) => /registry-1\.docker\.io|\bdocker\.io\//i.test(t);
/** A resolve or inspect that ended with nothing after it: no registry answered (no status, no reason). */
export const NO_ANSWER_TEXT = /(?:failed to resolve ref "[^"]+"|inspect image has been retried \d+ time\(s\):?)\s*$/i;
