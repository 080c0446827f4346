import { evaluateCondition } from '../../../lambda/facts/policy-eval/condition';
import { requestContext, type RequestContext } from '../../../lambda/facts/policy-eval/context';
import { parsePolicyDocument } from '../../../lambda/facts/policy-eval/document';
import { evaluatePolicies, principalMatcher } from '../../../lambda/facts/policy-eval/evaluate';
import { knownManagedPolicy } from '../../../lambda/facts/policy-eval/managed-policies';
import { wildcardMatch } from '../../../lambda/facts/policy-eval/wildcard';

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
    [
      'exact action, single Resource string',
      { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: REPO },
      'allowed',
    ],
    ['service wildcard, case-insensitive action', { Effect: 'Allow', Action: 'ECR:*', Resource: '*' }, 'allowed'],
    [
      'resource wildcard with ?',
      { Effect: 'Allow', Action: ['ecr:Batch*'], Resource: ['arn:aws:ecr:us-east-1:111122223333:repository/team/we?'] },
      'allowed',
    ],
    [
      'another repository only',
      { Effect: 'Allow', Action: 'ecr:*', Resource: 'arn:aws:ecr:us-east-1:111122223333:repository/other' },
      'implicitDeny',
    ],
    ['NotAction excluding ecr', { Effect: 'Allow', NotAction: 'ecr:*', Resource: '*' }, 'implicitDeny'],
    ['NotAction excluding something else', { Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }, 'allowed'],
    ['NotResource excluding the repository', { Effect: 'Allow', Action: '*', NotResource: REPO }, 'implicitDeny'],
    [
      'conditional allow is not proof',
      { Effect: 'Allow', Action: 'ecr:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } },
      'conditional',
    ],
  ])('%s', (_n, statement, expected) => {
    expect(evaluatePolicies([doc(statement)], 'ecr:BatchGetImage', REPO).decision).toBe(expected);
  });

  it('lets an explicit deny in one document beat an allow in another', () => {
    const r = evaluatePolicies(
      [
        doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
        doc([{ Sid: 'NoPull', Effect: 'Deny', Action: 'ecr:BatchGetImage', Resource: '*' }]),
      ],
      'ecr:BatchGetImage',
      REPO,
    );
    expect(r).toEqual({ decision: 'explicitDeny', statements: ['NoPull'], unevaluatedKeys: [], conditionKeys: [] });
  });

  it('evaluates GetAuthorizationToken on "*" only against a "*" resource', () => {
    expect(
      evaluatePolicies([doc({ Effect: 'Allow', Action: 'ecr:*', Resource: REPO })], 'ecr:GetAuthorizationToken', '*')
        .decision,
    ).toBe('implicitDeny');
    expect(
      evaluatePolicies([doc({ Effect: 'Allow', Action: 'ecr:*', Resource: '*' })], 'ecr:GetAuthorizationToken', '*')
        .decision,
    ).toBe('allowed');
  });

  it('applies resource-policy principals (account root, role ARN, NotPrincipal)', () => {
    const role = 'arn:aws:iam::111122223333:role/exec';
    const m = principalMatcher(role, '111122223333');
    const policy = (p: unknown) => doc({ Effect: 'Allow', Principal: p, Action: 'ecr:BatchGetImage' });
    expect(
      evaluatePolicies([policy({ AWS: 'arn:aws:iam::111122223333:root' })], 'ecr:BatchGetImage', REPO, {
        principalMatches: m,
      }).decision,
    ).toBe('allowed');
    expect(
      evaluatePolicies([policy({ AWS: [role] })], 'ecr:BatchGetImage', REPO, { principalMatches: m }).decision,
    ).toBe('allowed');
    expect(
      evaluatePolicies([policy({ AWS: '444455556666' })], 'ecr:BatchGetImage', REPO, { principalMatches: m }).decision,
    ).toBe('implicitDeny');
  });

  it('knows the AWS managed execution-role policy without a call', () => {
    const d = knownManagedPolicy('arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy')!;
    for (const a of ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage'])
      expect(evaluatePolicies([d], a, a.endsWith('Token') ? '*' : REPO).decision).toBe('allowed');
    expect(knownManagedPolicy('arn:aws:iam::111122223333:policy/mine')).toBeUndefined();
  });

  it('matches wildcards literally otherwise', () => {
    expect(wildcardMatch('arn:aws:s3:::a.b/*', 'arn:aws:s3:::aXb/k')).toBe(false);
  });
});

describe('evaluateCondition', () => {
  const ROLE = 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole';
  // What the tool knows about a pull over the internet: principal keys set, aws:SourceVpce known to be absent.
  const ctx: RequestContext = {
    'aws:PrincipalArn': ROLE,
    'aws:PrincipalAccount': '111122223333',
    'aws:SourceVpce': undefined,
    'aws:SecureTransport': true,
    'aws:PrincipalOrgPaths': ['o-1/r-1/ou-a/', 'o-1/r-1/ou-b/'],
  };
  const result = (condition: unknown, c: RequestContext = ctx) => evaluateCondition(condition, c).result;

  it.each([
    // String operators: case-sensitive values, case-insensitive keys; IgnoreCase variants.
    ['StringEquals match', { StringEquals: { 'aws:PrincipalAccount': '111122223333' } }, true],
    [
      'StringEquals with the key spelled in another case',
      { StringEquals: { 'AWS:principalaccount': '111122223333' } },
      true,
    ],
    ['StringEquals other value', { StringEquals: { 'aws:PrincipalAccount': '444455556666' } }, false],
    ['StringEquals is case-sensitive on values', { StringEquals: { 'aws:PrincipalArn': ROLE.toUpperCase() } }, false],
    [
      'StringEquals takes * literally',
      { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } },
      false,
    ],
    ['StringNotEquals other value', { StringNotEquals: { 'aws:PrincipalAccount': '444455556666' } }, true],
    ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:PrincipalArn': ROLE.toUpperCase() } }, true],
    ['StringNotEqualsIgnoreCase', { StringNotEqualsIgnoreCase: { 'aws:PrincipalArn': ROLE.toUpperCase() } }, false],
    ['StringLike with *', { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ecs*' } }, true],
    [
      'StringLike with ?',
      { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ecsTaskExecutionRol?' } },
      true,
    ],
    [
      'StringLike is case-sensitive',
      { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ECS*' } },
      false,
    ],
    ['StringNotLike matching', { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ecs*' } }, false],
    ['StringNotLike not matching', { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ci-*' } }, true],
    // ARN operators: component-wise, wildcards in each component, case-sensitive.
    ['ArnEquals exact', { ArnEquals: { 'aws:PrincipalArn': ROLE } }, true],
    ['ArnLike with wildcard account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ecs*' } }, true],
    ['ArnLike: * does not cross the account component', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } }, false],
    ['ArnLike "*" matches any ARN', { ArnLike: { 'aws:PrincipalArn': '*' } }, true],
    ['ArnNotEquals', { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/other' } }, true],
    ['ArnNotLike matching', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } }, false],
    // Bool and Null.
    ['Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, true],
    ['Bool false', { Bool: { 'aws:SecureTransport': false } }, false],
    ['Null true on an absent key', { Null: { 'aws:SourceVpce': 'true' } }, true],
    ['Null false on an absent key', { Null: { 'aws:SourceVpce': 'false' } }, false],
    ['Null true on a present key', { Null: { 'aws:PrincipalArn': 'true' } }, false],
    // A key known to be absent from the request.
    ['absent key, positive operator', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, false],
    ['absent key, negated operator', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, true],
    ['absent key, …IfExists', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, true],
    ['absent key, negated …IfExists', { ArnNotLikeIfExists: { 'aws:SourceVpce': 'vpce-1' } }, true],
    [
      'present key, …IfExists evaluates normally',
      { StringEqualsIfExists: { 'aws:PrincipalAccount': '444455556666' } },
      false,
    ],
    ['absent key, ForAllValues', { 'ForAllValues:StringEquals': { 'aws:SourceVpce': 'vpce-1' } }, true],
    ['absent key, ForAnyValue', { 'ForAnyValue:StringEquals': { 'aws:SourceVpce': 'vpce-1' } }, false],
    // Set operators over a multivalued key.
    [
      'ForAnyValue: one value matches',
      { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-1/r-1/ou-a/*' } },
      true,
    ],
    [
      'ForAllValues: not every value matches',
      { 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': 'o-1/r-1/ou-a/*' } },
      false,
    ],
    [
      'ForAllValues: every value matches one of the policy values',
      { 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': ['o-1/r-1/ou-a/*', 'o-1/r-1/ou-b/*'] } },
      true,
    ],
    [
      'ForAnyValue with a negated operator',
      { 'ForAnyValue:StringNotLike': { 'aws:PrincipalOrgPaths': 'o-1/r-1/ou-a/*' } },
      true,
    ],
    [
      'ForAllValues with a negated operator',
      { 'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': 'o-1/*' } },
      false,
    ],
    // Several values of one key are ORed; negated operators with several values mean "none of them".
    ['multi-value OR', { StringEquals: { 'aws:PrincipalAccount': ['444455556666', '111122223333'] } }, true],
    [
      'negated multi-value: not any of',
      { StringNotEquals: { 'aws:PrincipalAccount': ['444455556666', '111122223333'] } },
      false,
    ],
    [
      'negated multi-value: none matches',
      { StringNotEquals: { 'aws:PrincipalAccount': ['444455556666', '777788889999'] } },
      true,
    ],
    // Several keys and several operators are ANDed.
    [
      'multi-key AND, both hold',
      { StringEquals: { 'aws:PrincipalAccount': '111122223333', 'aws:PrincipalArn': ROLE } },
      true,
    ],
    [
      'multi-key AND, one fails',
      {
        StringEquals: {
          'aws:PrincipalAccount': '111122223333',
          'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/x',
        },
      },
      false,
    ],
    [
      'multi-operator AND, one fails',
      { StringEquals: { 'aws:PrincipalAccount': '111122223333' }, Bool: { 'aws:SecureTransport': 'false' } },
      false,
    ],
    // Policy variables resolved from the context.
    [
      'a policy variable the context holds',
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/ecs*' } },
      true,
    ],
    ['${*} is a literal *', { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/${*}' } }, false],
    [
      'a variable default for an absent key',
      { StringEquals: { 'aws:PrincipalAccount': "${aws:SourceVpce, '111122223333'}" } },
      true,
    ],
  ])('%s', (_n, condition, expected) => {
    expect(result(condition)).toBe(expected);
  });

  it.each([
    ['a key the caller does not know', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, ['aws:SourceIp']],
    [
      'an unknown key under a String operator',
      { StringEquals: { 'ecr:ResourceTag/team': 'web' } },
      ['ecr:ResourceTag/team'],
    ],
    [
      'an unknown key under …IfExists (it may be present)',
      { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } },
      ['aws:PrincipalOrgID'],
    ],
    ['Null on an unknown key', { Null: { 'aws:SourceVpc': 'true' } }, ['aws:SourceVpc']],
    ['ForAllValues on an unknown key', { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'a' } }, ['aws:TagKeys']],
    [
      'an operator not evaluated here, on a known key',
      { NumericLessThan: { 'aws:PrincipalAccount': '5' } },
      ['aws:PrincipalAccount'],
    ],
    ['a Date operator', { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, ['aws:CurrentTime']],
    [
      'a policy variable the context does not hold',
      { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/${aws:username}' } },
      ['aws:username'],
    ],
    [
      'a single-valued operator on a multivalued key',
      { StringLike: { 'aws:PrincipalOrgPaths': 'o-1/*' } },
      ['aws:PrincipalOrgPaths'],
    ],
    [
      'only the undecided keys of an AND',
      {
        StringEquals: { 'aws:PrincipalAccount': '111122223333', 'aws:SourceVpc': 'vpc-1' },
        StringLike: { 'aws:userid': 'AROA*' },
      },
      ['aws:SourceVpc', 'aws:userid'],
    ],
  ])('cannot evaluate %s, and names the key', (_n, condition, keys) => {
    expect(evaluateCondition(condition, ctx)).toMatchObject({ result: undefined, unevaluatedKeys: keys });
  });

  it('lets a false condition decide an AND that also has an unknown key', () => {
    expect(
      evaluateCondition(
        { StringEquals: { 'aws:PrincipalAccount': '444455556666' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        ctx,
      ),
    ).toEqual({ result: false, unevaluatedKeys: [], keys: ['aws:PrincipalAccount', 'aws:SourceIp'] });
  });

  it('builds the context from what the tool knows: null is absent, undefined is unknown', () => {
    const c = requestContext({
      principalArn: ROLE,
      principalAccount: '111122223333',
      sourceVpce: null,
      sourceVpc: undefined,
    });
    expect(c).toEqual({
      'aws:PrincipalArn': ROLE,
      'aws:PrincipalAccount': '111122223333',
      'aws:SourceVpce': undefined,
    });
    expect(result({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, c)).toBe(false);
    expect(result({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }, c)).toBeUndefined();
    expect(result({ StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }, c)).toBeUndefined();
  });
});

describe('evaluatePolicies with conditions', () => {
  const ROLE = 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole';
  const context = requestContext({ principalArn: ROLE, principalAccount: '111122223333' });
  const m = principalMatcher(ROLE, '111122223333');
  const allowAll = {
    Sid: 'AllowAccount',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::111122223333:root' },
    Action: 'ecr:*',
  };
  const denyOutside = (pattern: string) => ({
    Sid: 'DenyOutsideApproved',
    Effect: 'Deny',
    Principal: '*',
    Action: 'ecr:BatchGetImage',
    Condition: { StringNotLike: { 'aws:PrincipalArn': [pattern] } },
  });
  const run = (statements: unknown[], opts: { context?: RequestContext } = { context }) =>
    evaluatePolicies([doc(statements)], 'ecr:BatchGetImage', REPO, { principalMatches: m, ...opts });

  it('applies a Deny whose condition holds (the role is outside the approved list)', () => {
    expect(run([allowAll, denyOutside('arn:aws:iam::111122223333:role/approved-*')])).toEqual({
      decision: 'explicitDeny',
      statements: ['DenyOutsideApproved'],
      unevaluatedKeys: [],
      conditionKeys: ['aws:PrincipalArn'],
    });
  });

  it('skips a Deny whose condition does not hold (the role is approved)', () => {
    expect(run([allowAll, denyOutside('arn:aws:iam::111122223333:role/ecs*')])).toMatchObject({
      decision: 'allowed',
      statements: ['AllowAccount'],
    });
  });

  it('leaves an undecidable Deny undecided, even without any Allow (never an implicit deny)', () => {
    const deny = {
      Sid: 'OnlyFromVpc',
      Effect: 'Deny',
      Principal: '*',
      Action: 'ecr:*',
      Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } },
    };
    expect(run([deny])).toEqual({
      decision: 'conditional',
      statements: ['OnlyFromVpc'],
      unevaluatedKeys: ['aws:SourceVpc'],
      conditionKeys: [],
      undecided: 'deny',
    });
    expect(run([allowAll, deny])).toMatchObject({
      decision: 'conditional',
      undecided: 'deny',
      unevaluatedKeys: ['aws:SourceVpc'],
    });
  });

  it('lets an applying Deny win over an undecided one', () => {
    const undecided = {
      Sid: 'Org',
      Effect: 'Deny',
      Principal: '*',
      Action: 'ecr:*',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } },
    };
    expect(run([allowAll, undecided, denyOutside('arn:aws:iam::*:role/approved-*')])).toMatchObject({
      decision: 'explicitDeny',
      statements: ['DenyOutsideApproved'],
      unevaluatedKeys: [],
    });
  });

  it('reports an Allow that only an undecidable condition grants', () => {
    const allow = {
      Sid: 'FromEndpoint',
      Effect: 'Allow',
      Principal: '*',
      Action: 'ecr:*',
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
    };
    expect(run([allow])).toMatchObject({
      decision: 'conditional',
      undecided: 'allow',
      statements: ['FromEndpoint'],
      unevaluatedKeys: ['aws:SourceVpce'],
    });
    expect(run([allow], { context: { ...context, 'aws:SourceVpce': 'vpce-1' } })).toMatchObject({
      decision: 'allowed',
      conditionKeys: ['aws:SourceVpce'],
    });
    expect(run([allow], { context: { ...context, 'aws:SourceVpce': undefined } })).toMatchObject({
      decision: 'implicitDeny',
    });
  });

  it('without a context evaluates no condition (a conditional Deny stays undecided)', () => {
    expect(run([allowAll, denyOutside('arn:aws:iam::111122223333:role/approved-*')], {})).toMatchObject({
      decision: 'conditional',
      undecided: 'deny',
      unevaluatedKeys: ['aws:PrincipalArn'],
    });
  });
});
