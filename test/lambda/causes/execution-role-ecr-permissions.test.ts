/**
 * execution-role-ecr-permissions: "proven" means proven for the auto-fix (issue 13). Pure: facts in
 * (test/helpers/facts.ts), diagnosis out. An SCP or permissions-boundary deny, a grant IAM could not decide
 * (MissingContextValues), and a same-account repository policy that may grant the role by itself all keep the
 * cause from being proven; each says why, in a sentence both catalogues can say.
 */
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { planRemediation } from '../../../lambda/causes/plan';
import type { IamFacts, PermissionCheck } from '../../../lambda/facts/types';
import type { PolicyDocument } from '../../../lambda/facts/policy-eval/document';
import { ACCOUNT, REPO_ARN, ROLE, denied, ecr, facts, failure, known } from '../../helpers/facts';
import { unsaidEvidence } from '../notify/evidence-said';

const DENIED =
  "CannotPullContainerError: Error response from daemon: pull access denied for 111122223333.dkr.ecr.us-east-1.amazonaws.com/web, repository does not exist or may require 'docker login'";
const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];

/** The four ECR checks; `over` changes some of them (by action). */
function checks(over: Record<string, Partial<PermissionCheck>> = {}): PermissionCheck[] {
  return [['ecr:GetAuthorizationToken', '*'] as const, ...PULL.map((a) => [a, REPO_ARN] as const)].map(
    ([action, resource]) => ({ action, resource, decision: 'allowed' as const, ...over[action] }),
  );
}
const allDenied = (extra: Partial<PermissionCheck> = {}) =>
  Object.fromEntries(
    ['ecr:GetAuthorizationToken', ...PULL].map((a) => [
      a,
      { decision: 'implicitDeny' as const, deniedBy: 'identity' as const, ...extra },
    ]),
  );
const pullDenied = (extra: Partial<PermissionCheck> = {}) =>
  Object.fromEntries(
    PULL.map((a) => [a, { decision: 'implicitDeny' as const, deniedBy: 'identity' as const, ...extra }]),
  );

function iamFacts(c: PermissionCheck[], over: Partial<IamFacts> = {}): IamFacts {
  return {
    roleArn: ROLE,
    method: 'simulation',
    checks: c,
    attachedPolicyArns: [],
    role: known({ arn: ROLE, path: '/', trustsEcsTasks: true, tags: {} }),
    ...over,
  };
}

function run(iam: IamFacts, e = ecr()) {
  const d = diagnose(failure(DENIED, { task: { launchType: 'FARGATE' } }), facts({ iam: known(iam), ecr: e }));
  expect(unsaidEvidence(d)).toEqual([]);
  const result = d.evidence.filter((x) => x.cause === 'execution-role-ecr-permissions');
  return { d, evidence: result, said: result.map((x) => x.detail).join('\n') };
}

const policy = (statements: PolicyDocument['Statement']): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});

describe('execution-role-ecr-permissions: what is proof for the auto-fix', () => {
  it('proves an identity implicit deny when the repository has no policy (control)', () => {
    const { d } = run(iamFacts(checks(allDenied())));
    expect(d).toMatchObject({ cause: 'execution-role-ecr-permissions', confidence: 'proven' });
    expect(d.fixInputs).toMatchObject({
      denyKind: 'implicit',
      executionRole: { trustsEcsTasks: true, path: '/', tags: {} },
    });
  });

  it('does not prove a deny IAM could not decide (MissingContextValues): undecided, the keys named', () => {
    const { d, evidence, said } = run(iamFacts(checks(allDenied({ missingContextValues: ['aws:SourceVpce'] }))));
    expect(d.cause).toBe('execution-role-ecr-permissions');
    expect(d.confidence).toBe('possible');
    expect(d.fixInputs).toMatchObject({ denyKind: 'undecided', missingContextKeys: ['aws:SourceVpce'] });
    expect(said).toContain('IAM could not decide without aws:SourceVpce: the grant is conditional.');
    expect(evidence.some((e) => e.result === 'proven')).toBe(false);
  });

  it.each([
    [
      'a service control policy',
      'organizations',
      `A service control policy of the organization denies ${ROLE} the ECR pull, so attaching a policy to the role cannot help.`,
    ],
    [
      'the permissions boundary',
      'permissions-boundary',
      `The permissions boundary of ${ROLE} denies it the ECR pull, so attaching a policy to the role cannot help.`,
    ],
  ] as const)(
    'does not prove a deny by %s: the role cannot pull, attaching cannot help (likely)',
    (_n, kind, sentence) => {
      const c = checks(allDenied({ deniedBy: kind }));
      const { d, said } = run(iamFacts(c));
      expect(d.cause).toBe('execution-role-ecr-permissions');
      expect(d.confidence).toBe('likely');
      expect(d.fixInputs.denyKind).toBe(kind);
      expect(said).toContain(sentence);
    },
  );

  it('an SCP deny wins over an identity explicit deny (the most fundamental reason)', () => {
    const c = checks({
      'ecr:GetAuthorizationToken': { decision: 'implicitDeny', deniedBy: 'organizations' },
      'ecr:BatchGetImage': { decision: 'explicitDeny', deniedBy: 'identity' },
    });
    expect(run(iamFacts(c)).d.fixInputs.denyKind).toBe('organizations');
  });

  describe('a same-account repository policy can grant the role the pull by itself', () => {
    it('rules the cause out (unlikely) when the policy grants the role the denied pull actions', () => {
      const p = policy([
        {
          Sid: 'Pull',
          Effect: 'Allow',
          Principal: { AWS: ROLE },
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        },
      ]);
      const { d, said } = run(iamFacts(checks(pullDenied())), ecr({ repositoryPolicy: known(p) }));
      expect(d.confidence === 'proven' && d.cause === 'execution-role-ecr-permissions').toBe(false);
      expect(said).toContain(
        `The repository policy of ${REPO_ARN} grants ${ROLE} ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer, ecr:BatchGetImage: in the task's account that is enough`,
      );
    });

    it('is not proof when the repository policy could not be read (likely), and says so', () => {
      const { d, said } = run(
        iamFacts(checks(pullDenied())),
        ecr({ repositoryPolicy: denied('ecr:GetRepositoryPolicy') }),
      );
      expect(d).toMatchObject({ cause: 'execution-role-ecr-permissions', confidence: 'likely' });
      expect(said).toContain(
        `The repository policy of ${REPO_ARN} could not be read (ecr:GetRepositoryPolicy: AccessDeniedException)`,
      );
    });

    it('is not proof when the repository policy was not read at all (likely)', () => {
      const { repositoryPolicy: _omit, ...withoutPolicy } = ecr();
      const { d, said } = run(iamFacts(checks(pullDenied())), withoutPolicy);
      expect(d).toMatchObject({ cause: 'execution-role-ecr-permissions', confidence: 'likely' });
      expect(said).toContain("was not read: in the task's account it can grant");
    });

    it('is not proof when the policy grants "*" only under conditions (possible)', () => {
      const p = policy([
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'ecr:*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
        },
      ]);
      const { d } = run(iamFacts(checks(pullDenied())), ecr({ repositoryPolicy: known(p) }));
      expect(d.confidence === 'proven' && d.cause === 'execution-role-ecr-permissions').toBe(false);
    });

    it('evaluates a condition on what is known of the pull (aws:PrincipalArn is the role): the grant holds', () => {
      const p = policy([
        { Effect: 'Allow', Principal: '*', Action: 'ecr:*', Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } } },
      ]);
      const { d, said } = run(iamFacts(checks(pullDenied())), ecr({ repositoryPolicy: known(p) }));
      expect(d.confidence === 'proven' && d.cause === 'execution-role-ecr-permissions').toBe(false);
      expect(said).toContain('that is enough without any identity policy');
    });

    it.each([
      [
        'explicitly denies the role',
        { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/approved-*' } },
        'explicitly denies',
      ],
      [
        'may deny the role (a condition on a key not known here)',
        { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
        'may deny',
      ],
    ])(
      'is never proof for the attach when the repository policy %s: attaching cannot override it (also with the token denied)',
      (_n, condition, words) => {
        const p = policy([{ Sid: 'Gate', Effect: 'Deny', Principal: '*', Action: 'ecr:*', Condition: condition }]);
        for (const denials of [pullDenied(), allDenied()]) {
          const { d, said } = run(iamFacts(checks(denials)), ecr({ repositoryPolicy: known(p) }));
          expect(d.confidence === 'proven' && d.cause === 'execution-role-ecr-permissions').toBe(false);
          expect(d.fixInputs.denyKind).toBe('explicit');
          expect(said).toContain(`The repository policy of ${REPO_ARN} ${words} ${ROLE}`);
          const plan = planRemediation(d);
          expect(plan.steps.some((x) => x.automatic)).toBe(false);
        }
      },
    );

    it('stays proof when the policy names only the account (that delegates to identity policies)', () => {
      const p = policy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'ecr:*' }]);
      const { d } = run(iamFacts(checks(pullDenied())), ecr({ repositoryPolicy: known(p) }));
      expect(d).toMatchObject({ cause: 'execution-role-ecr-permissions', confidence: 'proven' });
    });

    it('stays proof when ecr:GetAuthorizationToken is denied too (only an identity policy grants it)', () => {
      const { d } = run(iamFacts(checks(allDenied())), ecr({ repositoryPolicy: denied('ecr:GetRepositoryPolicy') }));
      expect(d).toMatchObject({ cause: 'execution-role-ecr-permissions', confidence: 'proven' });
    });
  });

  it('reports an unread role (iam:GetRole) as not checked, and leaves executionRole unset (the plan then refuses)', () => {
    const { d } = run(iamFacts(checks(allDenied()), { role: denied('iam:GetRole') }));
    expect(d.confidence).toBe('proven');
    expect(d.fixInputs.executionRole).toBeUndefined();
    expect(d.unchecked).toEqual(expect.arrayContaining([expect.objectContaining({ api: 'iam:GetRole' })]));
  });

  it('an allow decided without a condition key is not a clean "ruled out" (unlikely)', () => {
    const { evidence } = run(iamFacts(checks({ 'ecr:BatchGetImage': { missingContextValues: ['aws:SourceVpce'] } })));
    expect(evidence.find((e) => e.check === 'execution-role-permissions')).toMatchObject({
      result: 'info',
      detail: expect.stringContaining('but IAM decided without aws:SourceVpce'),
    });
  });
});
