/** One classifier for AWS SDK v3 errors, by `name` and HTTP status (DOMAIN.md, "SDK v3 errors"). */

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
const TIMEOUT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError', 'DeadlineExceededError']);

export interface ClassifiedError {
  kind: ErrorKind;
  /** The SDK error name, e.g. "AccessDeniedException". */
  name: string;
  /** A one-line message safe to log and show (truncated). */
  message: string;
  httpStatus?: number;
}

export function classifyError(err: unknown): ClassifiedError {
  const e = (err ?? {}) as { name?: unknown; message?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } };
  const name = typeof e.name === 'string' ? e.name : typeof e.code === 'string' ? e.code : 'Error';
  const message = (typeof e.message === 'string' ? e.message : String(err)).replace(/\s+/g, ' ').slice(0, 300);
  const httpStatus = e.$metadata?.httpStatusCode;
  let kind: ErrorKind;
  if (ACCESS_DENIED.has(name) || httpStatus === 403) kind = 'access-denied';
  else if (THROTTLED.has(name) || httpStatus === 429) kind = 'throttled';
  else if (TIMEOUT.has(name) || /ETIMEDOUT|timed? ?out/i.test(message)) kind = 'timeout';
  else if (/NotFound|NoSuch|^InvalidParameterException$/.test(name) && /not ?found|does not exist|cannot be found|can't find/i.test(message + name)) kind = 'not-found';
  else if (/NotFound|NoSuch/.test(name) || httpStatus === 404) kind = 'not-found';
  else if ((httpStatus ?? 0) >= 500 || /InternalFailure|ServiceUnavailable|InternalError|ServerException/.test(name)) kind = 'server-error';
  else kind = 'unexpected';
  return { kind, name, message, ...(httpStatus !== undefined ? { httpStatus } : {}) };
}

/** True when an error means "the thing we are about to create is already there" (idempotent success). */
export function isAlreadyExists(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? '';
  return /AlreadyExists|Duplicate|IdempotentParameterMismatch|EntityAlreadyExists/.test(name) || name === 'RouteAlreadyExists';
}
