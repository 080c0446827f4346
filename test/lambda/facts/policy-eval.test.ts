import { evaluatePolicies, knownManagedPolicy, parsePolicyDocument, principalMatcher, wildcardMatch } from '../../../lambda/facts/policy-eval';

const REPO = 'arn:aws:ecr:us-east-1:111122223333:repository/team/web';
const doc = (statement: unknown) => parsePolicyDocument({ Version: '2012-10-17', Statement: statement })!;

describe('parsePolicyDocument', () => {
  const raw = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'ecr:*', Resource: '*' } };
  it.each([
    ['URL-encoded (as IAM returns it)', encodeURIComponent(JSON.stringify(raw))],
    ['already decoded JSON text', JSON.stringify(raw)],
    ['an object', raw],
  ])('reads %s and turns a single Statement into a list', (_n, input) => {
    expect(parsePolicyDocument(input)?.Statement).toEqual([raw.Statement]);
  });
  it('returns undefined for garbage instead of throwing', () => {
    expect(parsePolicyDocument('%E0%A4%A')).toBeUndefined();
    expect(parsePolicyDocument(42)).toBeUndefined();
  });
});

describe('evaluatePolicies', () => {
  it.each([
    ['exact action, single Resource string', { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: REPO }, 'allowed'],
    ['service wildcard, case-insensitive action', { Effect: 'Allow', Action: 'ECR:*', Resource: '*' }, 'allowed'],
    ['resource wildcard with ?', { Effect: 'Allow', Action: ['ecr:Batch*'], Resource: ['arn:aws:ecr:us-east-1:111122223333:repository/team/we?'] }, 'allowed'],
    ['another repository only', { Effect: 'Allow', Action: 'ecr:*', Resource: 'arn:aws:ecr:us-east-1:111122223333:repository/other' }, 'implicitDeny'],
    ['NotAction excluding ecr', { Effect: 'Allow', NotAction: 'ecr:*', Resource: '*' }, 'implicitDeny'],
    ['NotAction excluding something else', { Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }, 'allowed'],
    ['NotResource excluding the repository', { Effect: 'Allow', Action: '*', NotResource: REPO }, 'implicitDeny'],
    ['conditional allow is not proof', { Effect: 'Allow', Action: 'ecr:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }, 'conditional'],
  ])('%s', (_n, statement, expected) => {
    expect(evaluatePolicies([doc(statement)], 'ecr:BatchGetImage', REPO).decision).toBe(expected);
  });

  it('lets an explicit deny in one document beat an allow in another', () => {
    const r = evaluatePolicies([doc({ Effect: 'Allow', Action: '*', Resource: '*' }), doc([{ Sid: 'NoPull', Effect: 'Deny', Action: 'ecr:BatchGetImage', Resource: '*' }])], 'ecr:BatchGetImage', REPO);
    expect(r).toEqual({ decision: 'explicitDeny', statements: ['NoPull'] });
  });

  it('evaluates GetAuthorizationToken on "*" only against a "*" resource', () => {
    expect(evaluatePolicies([doc({ Effect: 'Allow', Action: 'ecr:*', Resource: REPO })], 'ecr:GetAuthorizationToken', '*').decision).toBe('implicitDeny');
    expect(evaluatePolicies([doc({ Effect: 'Allow', Action: 'ecr:*', Resource: '*' })], 'ecr:GetAuthorizationToken', '*').decision).toBe('allowed');
  });

  it('applies resource-policy principals (account root, role ARN, NotPrincipal)', () => {
    const role = 'arn:aws:iam::111122223333:role/exec';
    const m = principalMatcher(role, '111122223333');
    const policy = (p: unknown) => doc({ Effect: 'Allow', Principal: p, Action: 'ecr:BatchGetImage' });
    expect(evaluatePolicies([policy({ AWS: 'arn:aws:iam::111122223333:root' })], 'ecr:BatchGetImage', REPO, { principalMatches: m }).decision).toBe('allowed');
    expect(evaluatePolicies([policy({ AWS: [role] })], 'ecr:BatchGetImage', REPO, { principalMatches: m }).decision).toBe('allowed');
    expect(evaluatePolicies([policy({ AWS: '444455556666' })], 'ecr:BatchGetImage', REPO, { principalMatches: m }).decision).toBe('implicitDeny');
  });

  it('knows the AWS managed execution-role policy without a call', () => {
    const d = knownManagedPolicy('arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy')!;
    for (const a of ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage']) expect(evaluatePolicies([d], a, a.endsWith('Token') ? '*' : REPO).decision).toBe('allowed');
    expect(knownManagedPolicy('arn:aws:iam::111122223333:policy/mine')).toBeUndefined();
  });

  it('matches wildcards literally otherwise', () => {
    expect(wildcardMatch('arn:aws:s3:::a.b/*', 'arn:aws:s3:::aXb/k')).toBe(false);
  });
});
