/** The IAM fallback (the role's own policy documents) evaluates the conditions it can and lists the keys it cannot. */
import { evaluateDocuments } from '../../../../lambda/facts/probes/iam-checks';
import type { PolicyDocument } from '../../../../lambda/facts/policy-eval/document';

const ROLE = 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole';
const REPO = 'arn:aws:ecr:us-east-1:111122223333:repository/web';
const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement });
const pull = { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage'], Resource: '*' };

describe('evaluateDocuments', () => {
  it('allows when the condition on the role or its account holds', () => {
    const docs = [
      doc({
        ...pull,
        Condition: {
          StringEquals: { 'aws:PrincipalAccount': '111122223333' },
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ecs*' },
        },
      }),
    ];
    expect(evaluateDocuments(docs, [['ecr:BatchGetImage', REPO]], ROLE)).toEqual([
      { action: 'ecr:BatchGetImage', resource: REPO, decision: 'allowed' },
    ]);
  });

  it('denies explicitly when a Deny excludes the role from an approved list', () => {
    const docs = [
      doc(pull, {
        Sid: 'OnlyApproved',
        Effect: 'Deny',
        Action: 'ecr:*',
        Resource: '*',
        Condition: { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/approved-*' } },
      }),
    ];
    expect(evaluateDocuments(docs, [['ecr:BatchGetImage', REPO]], ROLE)).toEqual([
      { action: 'ecr:BatchGetImage', resource: REPO, decision: 'explicitDeny', deniedBy: 'identity' },
    ]);
  });

  it('lists the keys it cannot evaluate in missingContextValues (not proof either way)', () => {
    const docs = [doc({ ...pull, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0abc' } } })];
    expect(evaluateDocuments(docs, [['ecr:GetAuthorizationToken', '*']], ROLE)).toEqual([
      {
        action: 'ecr:GetAuthorizationToken',
        resource: '*',
        decision: 'implicitDeny',
        deniedBy: 'identity',
        missingContextValues: ['aws:SourceVpce'],
      },
    ]);
  });

  it('lists the keys of an undecidable Deny too, even when an Allow applies', () => {
    const docs = [
      doc(pull, {
        Effect: 'Deny',
        Action: 'ecr:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      }),
    ];
    expect(evaluateDocuments(docs, [['ecr:BatchGetImage', REPO]], ROLE)[0]).toMatchObject({
      decision: 'implicitDeny',
      missingContextValues: ['aws:PrincipalOrgID'],
    });
  });
});
