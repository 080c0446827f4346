import { classifyError, isAlreadyExists } from '../../../lambda/aws/errors';
import { awsError } from '../../helpers/aws-mocks';

describe('classifyError', () => {
  it.each([
    ['AccessDeniedException', 400, 'access-denied'],
    ['AccessDenied', 403, 'access-denied'],
    ['UnauthorizedOperation', 403, 'access-denied'],
    ['ThrottlingException', 400, 'throttled'],
    ['Throttling', 400, 'throttled'],
    ['RequestLimitExceeded', 503, 'throttled'],
    ['TooManyRequestsException', 429, 'throttled'],
    ['RepositoryNotFoundException', 400, 'not-found'],
    ['NoSuchEntity', 404, 'not-found'],
    ['InternalFailure', 500, 'server-error'],
    ['ServiceUnavailable', 503, 'server-error'],
    ['TimeoutError', 0, 'timeout'],
    ['ValidationException', 400, 'unexpected'],
  ])('classifies %s (%i) as %s', (name, status, kind) => {
    expect(classifyError(awsError(name, status)).kind).toBe(kind);
  });

  it('never throws on odd values', () => {
    expect(classifyError(undefined).kind).toBe('unexpected');
    expect(classifyError('boom').message).toBe('boom');
  });

  it('recognises "already exists" errors as idempotent success', () => {
    expect(isAlreadyExists(awsError('InvalidGroup.Duplicate'))).toBe(true);
    expect(isAlreadyExists(awsError('IdempotentParameterMismatch'))).toBe(true);
    expect(isAlreadyExists(awsError('AccessDenied'))).toBe(false);
  });
});
