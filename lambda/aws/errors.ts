/** One classifier for AWS SDK v3 errors, by `name` and HTTP status (DOMAIN.md, "SDK v3 errors"). */
import { cleanText } from '../domain/sanitize';

/** String(err), or '' when even that throws (an object with a throwing toString). */
function safeString(err: unknown): string {
  try {
    return String(err);
  } catch {
    return '';
  }
}

export type ErrorKind = 'access-denied' | 'throttled' | 'not-found' | 'timeout' | 'server-error' | 'unexpected';

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);
const TIMEOUT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  'DeadlineExceededError',
]);

export interface ClassifiedError {
  kind: ErrorKind;
  /** The SDK error name, e.g. "AccessDeniedException". */
  name: string;
  /** A one-line message safe to log and show (truncated). */
  message: string;
  httpStatus?: number;
}

export function classifyError(err: unknown): ClassifiedError {
  const e = (err ?? {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const name =
    cleanText(typeof e.name === 'string' ? e.name : typeof e.code === 'string' ? e.code : '', { max: 100 }) || 'Error';
  // AWS messages echo names from the account: cleaned like any untrusted text (one line, no control or format
  // character).
  const message = cleanText(typeof e.message === 'string' ? e.message : safeString(err), { max: 300 }).replace(
    / {2,}/g,
    ' ',
  );
  const httpStatus = e.$metadata?.httpStatusCode;
  let kind: ErrorKind;
  if (ACCESS_DENIED.has(name) || httpStatus === 403) kind = 'access-denied';
  else if (THROTTLED.has(name) || httpStatus === 429) kind = 'throttled';
  else if (TIMEOUT.has(name) || /ETIMEDOUT|timed? ?out/i.test(message)) kind = 'timeout';
  else if (
    /NotFound|NoSuch|^InvalidParameterException$/.test(name) &&
    /not ?found|does not exist|cannot be found|can't find/i.test(message + name)
  )
    kind = 'not-found';
  else if (/NotFound|NoSuch/.test(name) || httpStatus === 404) kind = 'not-found';
  else if ((httpStatus ?? 0) >= 500 || /InternalFailure|ServiceUnavailable|InternalError|ServerException/.test(name))
    kind = 'server-error';
  else kind = 'unexpected';
  return { kind, name, message, ...(httpStatus !== undefined ? { httpStatus } : {}) };
}

/**
 * Why AWS could not be asked at all, when that is what the error says: no credentials, no region, or no
 * connection (refused, unknown host, unreachable network, connection timeout). The CLI exits 4 when every
 * call of a run failed this way, instead of presenting a diagnosis in which nothing could be checked.
 */
export function unreachableReason(err: unknown): string | undefined {
  const e = (err ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (
    name === 'CredentialsProviderError' ||
    /Could not load credentials|Unable to load credentials|credential.* not found|profile .* could not be found/i.test(
      message,
    )
  )
    return 'no AWS credentials found';
  if (/Region is missing/i.test(message)) return 'no AWS region set';
  const net = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET/.exec(`${code} ${message}`);
  if (net) return `AWS endpoint not reachable (${net[0]})`;
  if (/without establishing a connection|connection timeout/i.test(message))
    return 'AWS endpoint not reachable (connection timeout)';
  return undefined;
}

/** True when an error means "the thing we are about to create is already there" (idempotent success). */
export function isAlreadyExists(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? '';
  return (
    /AlreadyExists|Duplicate|IdempotentParameterMismatch|EntityAlreadyExists/.test(name) ||
    name === 'RouteAlreadyExists'
  );
}
