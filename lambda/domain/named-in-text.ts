/**
 * Values a stop reason names outright, for the proposal's commands when the account did not tell us (offline,
 * or the read failed): the secret or parameter the agent failed to fetch, and the execution role it pulled as
 * (`assumed-role/NAME/session`). Used only in proposed text, never for a write: a stop reason is event text.
 */
export interface NamedInStopReason {
  /** Secrets Manager / SSM parameter ARNs quoted by the stop reason. */
  secrets?: string[];
  /** The execution role's name, from an `assumed-role/NAME/…` ARN (its path is not in the text). */
  executionRoleName?: string;
}

const SECRETS_MANAGER_ARN = /secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+/.source;
const SSM_PARAMETER_ARN = /ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9/_.-]+/.source;
const SECRET_ARN = new RegExp(`arn:aws[a-z-]*:(?:${SECRETS_MANAGER_ARN}|${SSM_PARAMETER_ARN})`, 'g');
const ASSUMED_ROLE = /arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([A-Za-z0-9+=,.@_-]{1,64})\//;

export function namedInStopReason(text: string): NamedInStopReason {
  const out: NamedInStopReason = {};
  // A secret ARN can be followed by ":json-key:version-stage:version-id" in a task definition, never here;
  // trailing punctuation of the sentence is not part of it.
  const secrets = [...new Set((text.match(SECRET_ARN) ?? []).map((s) => s.replace(/[.,;:]+$/, '')))];
  if (secrets.length) out.secrets = secrets.slice(0, 10);
  const role = ASSUMED_ROLE.exec(text)?.[1];
  if (role) out.executionRoleName = role;
  return out;
}
