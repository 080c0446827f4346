/**
 * Repository and VPC endpoint policies whose statements carry conditions: the checks evaluate what they
 * can (the execution role, its account, the VPC and endpoint of the pull) and name the keys they cannot.
 */
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { repositoryPolicyDenies } from '../../../lambda/causes/permissions/repository-policy-denies';
import { vpcEndpointPolicyDenies } from '../../../lambda/causes/network/vpc-endpoint-policy-denies';
import { buildContext } from '../../../lambda/causes/context';
import { said } from '../../../lambda/causes/say';
import { classifyText, normalizeReason } from '../../../lambda/causes/classify';
import type { CauseModule } from '../../../lambda/causes/module';
import type { Facts } from '../../../lambda/facts/types';
import type { PolicyDocument } from '../../../lambda/facts/policy-eval/document';
import {
  ACCOUNT,
  REPO_ARN,
  ROLE,
  allEndpoints,
  container,
  ecr,
  endpoint,
  facts,
  failure,
  iam,
  known,
  net,
  s3Route,
  taskDef,
} from '../../helpers/facts';
import { unsaidEvidence } from '../notify/evidence-said';

const DENIED =
  "CannotPullContainerError: Error response from daemon: pull access denied for 111122223333.dkr.ecr.us-east-1.amazonaws.com/web, repository does not exist or may require 'docker login'";
const AUTH =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth';
const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];

/** One check's result for these facts (same context as diagnose builds). */
/** The check's result with its evidence said as the diagnosis says it (detail, textKey, textArgs). */
function check(c: Pick<CauseModule, 'check'>, f: Facts, reason = DENIED) {
  const r = c.check!(buildContext(failure(reason), f, classifyText(reason), normalizeReason(reason)));
  return { ...r, evidence: r.evidence.map(said) };
}

/** The usual "only approved principals may pull" repository policy: allow the account, deny everyone else. */
const approvedOnly = (patterns: string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowAccount', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: PULL },
    {
      Sid: 'DenyUnapproved',
      Effect: 'Deny',
      Principal: '*',
      Action: PULL,
      Condition: { StringNotLike: { 'aws:PrincipalArn': patterns } },
    },
  ],
});
const withRepositoryPolicy = (policy: PolicyDocument) =>
  facts({ iam: known(iam()), ecr: ecr({ repositoryPolicy: known(policy) }) });

describe('repository-policy-denies with conditions', () => {
  it('proves a Deny + StringNotLike aws:PrincipalArn that excludes the execution role, naming the statement and the key', () => {
    // Prepare
    const f = withRepositoryPolicy(
      approvedOnly([`arn:aws:iam::${ACCOUNT}:role/approved-*`, `arn:aws:iam::${ACCOUNT}:role/ci-*`]),
    );
    // Act
    const r = check(repositoryPolicyDenies, f);
    const d = diagnose(failure(DENIED), f);
    // Assess
    expect(r.verdict).toBe('proven');
    expect(r.fixInputs.denyKind).toBe('explicit');
    expect(r.evidence).toContainEqual(
      expect.objectContaining({
        result: 'proven',
        detail: `The policy of ${REPO_ARN} explicitly denies ${PULL.join(', ')}: the condition of statement DenyUnapproved on aws:PrincipalArn holds for this pull.`,
      }),
    );
    expect([d.cause, d.confidence]).toEqual(['repository-policy-denies', 'proven']);
    expect(unsaidEvidence(d)).toEqual([]);
  });

  it('does not deny when the execution role is in the approved list', () => {
    const f = withRepositoryPolicy(approvedOnly([`arn:aws:iam::${ACCOUNT}:role/approved-*`, ROLE]));
    const r = check(repositoryPolicyDenies, f);
    expect(r.verdict).toBe('ruled-out');
    expect(diagnose(failure(DENIED), f).cause).not.toBe('repository-policy-denies');
  });

  it('also matches the approved list case-sensitively and key-insensitively (ArnNotLike, AWS:PRINCIPALARN)', () => {
    const policy: PolicyDocument = {
      Statement: [
        {
          Sid: 'DenyUnapproved',
          Effect: 'Deny',
          Principal: '*',
          Action: 'ecr:*',
          Condition: { ArnNotLike: { 'AWS:PRINCIPALARN': `arn:aws:iam::${ACCOUNT}:role/ECSTASKEXECUTIONROLE` } },
        },
      ],
    };
    expect(check(repositoryPolicyDenies, withRepositoryPolicy(policy)).verdict).toBe('proven');
  });

  it.each([
    [
      'aws:SourceIp (an operator and key not known here)',
      { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } },
      'aws:SourceIp',
    ],
    ['ecr:ResourceTag/team', { StringNotEquals: { 'ecr:ResourceTag/team': 'web' } }, 'ecr:ResourceTag/team'],
    [
      'aws:PrincipalOrgID (the organization is not known)',
      { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      'aws:PrincipalOrgID',
    ],
    [
      'aws:SourceVpce (the pull path is not known here)',
      { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' } },
      'aws:SourceVpce',
    ],
  ])('leaves a Deny on %s possible, naming the key it cannot evaluate', (_n, condition, key) => {
    // Prepare: same account, no Allow at all — today's "implicit deny" that same-account logic would rule out.
    const f = withRepositoryPolicy({
      Statement: [{ Sid: 'Guard', Effect: 'Deny', Principal: '*', Action: 'ecr:*', Condition: condition }],
    });
    // Act
    const r = check(repositoryPolicyDenies, f);
    // Assess
    expect(r.verdict).toBe('possible');
    const e = r.evidence.find((x) => x.check === 'repository-policy')!;
    expect(e.result).toBe('unknown');
    expect(e.detail).toBe(
      `The policy of ${REPO_ARN} may deny ${PULL.join(', ')}: the condition of statement Guard on ${key} cannot be evaluated here.`,
    );
    expect(e.detail).not.toMatch(/ruled out|proven/i);
    expect(unsaidEvidence({ evidence: r.evidence })).toEqual([]);
  });

  it('decides a block whose known condition is false even when another key is unknown (AND)', () => {
    const policy: PolicyDocument = {
      Statement: [
        { Sid: 'AllowAccount', Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'ecr:*' },
        {
          Sid: 'Guard',
          Effect: 'Deny',
          Principal: '*',
          Action: 'ecr:*',
          Condition: {
            StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT },
            NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
          },
        },
      ],
    };
    expect(check(repositoryPolicyDenies, withRepositoryPolicy(policy)).verdict).toBe('ruled-out');
  });

  it('says an Allow that only an unknown condition grants cannot be evaluated (cross-account: never proven)', () => {
    const image = '999988887777.dkr.ecr.us-east-1.amazonaws.com/shared/base:3';
    const repo = 'arn:aws:ecr:us-east-1:999988887777:repository/shared/base';
    const policy: PolicyDocument = {
      Statement: [
        {
          Sid: 'OrgPull',
          Effect: 'Allow',
          Principal: '*',
          Action: PULL,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
        },
      ],
    };
    const f = facts({
      taskDefinition: known(taskDef({ containers: [container({ image })] })),
      ecr: ecr({ sameAccount: false, image: known({ repositoryExists: true }), repositoryPolicy: known(policy) }),
    });
    const checked = repositoryPolicyDenies.check!(
      buildContext(failure(DENIED, { image }), f, classifyText(DENIED, image), normalizeReason(DENIED)),
    );
    const r = { ...checked, evidence: checked.evidence.map(said) };
    expect(r.verdict).toBe('possible');
    expect(r.evidence.find((x) => x.check === 'repository-policy')?.detail).toBe(
      `The policy of ${repo} allows ${PULL.join(', ')} only under the condition of statement OrgPull on aws:PrincipalOrgID, which cannot be evaluated here.`,
    );
    expect(unsaidEvidence({ evidence: r.evidence })).toEqual([]);
  });
});

describe('vpc-endpoint-policy-denies with conditions', () => {
  const dkrPolicy = (condition: Record<string, unknown>): PolicyDocument => ({
    Statement: [
      { Sid: 'All', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Sid: 'Guard', Effect: 'Deny', Principal: '*', Action: 'ecr:*', Resource: '*', Condition: condition },
    ],
  });
  const withDkrPolicy = (policy: PolicyDocument) =>
    facts({
      network: net({
        routes: [s3Route()],
        endpoints: [
          ...allEndpoints().filter((e) => !e.serviceName.endsWith('ecr.dkr')),
          endpoint('ecr.dkr', { policy }),
        ],
      }),
    });

  it('evaluates aws:SourceVpc and aws:SourceVpce as the VPC and the endpoint of the pull', () => {
    expect(
      check(
        vpcEndpointPolicyDenies,
        withDkrPolicy(dkrPolicy({ StringNotEquals: { 'aws:SourceVpc': 'vpc-0a', 'aws:SourceVpce': 'vpce-ecrdkr' } })),
        AUTH,
      ).verdict,
    ).toBe('ruled-out');
    const r = check(
      vpcEndpointPolicyDenies,
      withDkrPolicy(dkrPolicy({ StringNotEquals: { 'aws:SourceVpc': 'vpc-other' } })),
      AUTH,
    );
    expect(r.verdict).toBe('proven');
    expect(r.fixInputs.denyingEndpointIds).toEqual(['vpce-ecrdkr']);
  });

  it('proves a Deny for principals outside the approved list, and not for the approved role', () => {
    expect(
      check(
        vpcEndpointPolicyDenies,
        withDkrPolicy(dkrPolicy({ ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/approved-*` } })),
        AUTH,
      ).verdict,
    ).toBe('proven');
    expect(
      check(
        vpcEndpointPolicyDenies,
        withDkrPolicy(
          dkrPolicy({ ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:role/approved-*`, ROLE] } }),
        ),
        AUTH,
      ).verdict,
    ).toBe('ruled-out');
  });

  it('leaves a Deny on a key it does not know possible, naming the key', () => {
    const r = check(
      vpcEndpointPolicyDenies,
      withDkrPolicy(dkrPolicy({ StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })),
      AUTH,
    );
    expect(r.verdict).toBe('possible');
    expect(r.evidence.filter((e) => e.result === 'unknown').map((e) => e.detail)).toEqual([
      `The policy of endpoint vpce-ecrdkr (com.amazonaws.us-east-1.ecr.dkr) may deny ecr:BatchGetImage on ${REPO_ARN}: the condition of statement Guard on aws:PrincipalOrgID cannot be evaluated here.`,
      `The policy of endpoint vpce-ecrdkr (com.amazonaws.us-east-1.ecr.dkr) may deny ecr:GetDownloadUrlForLayer on ${REPO_ARN}: the condition of statement Guard on aws:PrincipalOrgID cannot be evaluated here.`,
    ]);
    expect(unsaidEvidence({ evidence: r.evidence })).toEqual([]);
  });
});
