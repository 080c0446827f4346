/**
 * The faults the fault tests inject, shaped as each service's SDK client throws them (DOMAIN.md, "SDK v3
 * errors"): EC2 says RequestLimitExceeded / UnauthorizedOperation, IAM Throttling / AccessDenied, SNS
 * Throttling / AuthorizationError, the JSON services ThrottlingException / AccessDeniedException.
 *
 * - 'throttled', 'access-denied', 'server-error': a rejected promise with the service's error name and status.
 * - 'sdk-timeout': what @smithy/node-http-handler rejects with when requestTimeout passes (no HTTP status).
 * - 'hang': a promise that never settles — only the pipeline deadline (callAws) ends the wait, so use it
 *   only for calls that run under a deadline (the evidence reads), with a short PIPELINE_DEADLINE_MS.
 */
import { awsError, type MockName } from './aws-mocks';
import type { ErrorKind } from '../../lambda/aws/errors';

export const FAULTS = ['throttled', 'access-denied', 'sdk-timeout', 'server-error', 'hang'] as const;
export type Fault = (typeof FAULTS)[number];
/** Faults for calls without a pipeline deadline (writes, SNS, DynamoDB): a hang would hang the test. */
export const BOUNDED_FAULTS = [
  'throttled',
  'access-denied',
  'sdk-timeout',
  'server-error',
] as const satisfies readonly Fault[];

/** The Unknown.kind callAws reports for each fault. */
export const KIND_OF: Record<Fault, ErrorKind | 'deadline'> = {
  throttled: 'throttled',
  'access-denied': 'access-denied',
  'sdk-timeout': 'timeout',
  'server-error': 'server-error',
  hang: 'deadline',
};

const NAMES: Record<MockName, { throttled: [string, number]; accessDenied: [string, number]; serverError: string }> = {
  ecs: {
    throttled: ['ThrottlingException', 400],
    accessDenied: ['AccessDeniedException', 400],
    serverError: 'ServerException',
  },
  ecr: {
    throttled: ['ThrottlingException', 400],
    accessDenied: ['AccessDeniedException', 400],
    serverError: 'ServerException',
  },
  ec2: {
    throttled: ['RequestLimitExceeded', 503],
    accessDenied: ['UnauthorizedOperation', 403],
    serverError: 'InternalError',
  },
  iam: { throttled: ['Throttling', 400], accessDenied: ['AccessDenied', 403], serverError: 'ServiceFailure' },
  route53: { throttled: ['Throttling', 400], accessDenied: ['AccessDenied', 403], serverError: 'InternalFailure' },
  secretsManager: {
    throttled: ['ThrottlingException', 400],
    accessDenied: ['AccessDeniedException', 400],
    serverError: 'InternalServiceError',
  },
  ssm: {
    throttled: ['ThrottlingException', 400],
    accessDenied: ['AccessDeniedException', 400],
    serverError: 'InternalServerError',
  },
  sns: { throttled: ['Throttling', 400], accessDenied: ['AuthorizationError', 403], serverError: 'InternalError' },
  dynamodb: {
    throttled: ['ThrottlingException', 400],
    accessDenied: ['AccessDeniedException', 400],
    serverError: 'InternalServerError',
  },
  cloudtrail: {
    throttled: ['ThrottlingException', 400],
    accessDenied: ['AccessDeniedException', 400],
    serverError: 'InternalServerError',
  },
  sts: { throttled: ['Throttling', 400], accessDenied: ['AccessDenied', 403], serverError: 'InternalFailure' },
};

/** The SDK's request-timeout error (@smithy/node-http-handler): name TimeoutError, code ETIMEDOUT, no $metadata. */
export function sdkTimeoutError(): Error {
  return Object.assign(
    new Error('@smithy/node-http-handler - [ERROR] a request has exceeded the configured 8000 ms requestTimeout.'),
    {
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
    },
  );
}

/** The error a client of `service` rejects with for `fault` ('hang' has none: see faultBehaviour). */
export function faultError(service: MockName, fault: Exclude<Fault, 'hang'>): Error {
  const n = NAMES[service];
  switch (fault) {
    case 'throttled':
      return awsError(n.throttled[0], n.throttled[1], 'Rate exceeded');
    case 'access-denied':
      return awsError(
        n.accessDenied[0],
        n.accessDenied[1],
        `User: arn:aws:sts::123456789012:assumed-role/ecs-pull-doctor/fn is not authorized to perform this operation`,
      );
    case 'server-error':
      return awsError(n.serverError, 500, 'We encountered an internal error. Please try again.');
    case 'sdk-timeout':
      return sdkTimeoutError();
  }
}

/** A callsFake implementation injecting `fault` (a never-settling promise for 'hang'). */
export function faultBehaviour(service: MockName, fault: Fault): () => Promise<never> {
  if (fault === 'hang') return () => new Promise<never>(() => {});
  const err = faultError(service, fault);
  return () => Promise.reject(err);
}

/** The error name callAws records for a fault (the deadline's own error for 'hang'). */
export function errorNameOf(service: MockName, fault: Fault): string {
  return fault === 'hang' ? 'DeadlineExceededError' : faultError(service, fault).name;
}
