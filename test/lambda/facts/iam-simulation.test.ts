/**
 * Reading iam:SimulatePrincipalPolicy and iam:GetRole answers (pure). Response shapes from the IAM API
 * reference: EvaluationResult {EvalActionName, EvalResourceName, EvalDecision, MissingContextValues,
 * OrganizationsDecisionDetail, PermissionsBoundaryDecisionDetail, ResourceSpecificResults[] {EvalResourceName,
 * EvalResourceDecision, MissingContextValues, PermissionsBoundaryDecisionDetail}}; GetRole's Role with its
 * trust policy URL-encoded (RFC 3986), Path, Tags and PermissionsBoundary.
 */
import type { EvaluationResult, Role } from '@aws-sdk/client-iam';
import { readSimulation, type ActionResource } from '../../../lambda/facts/probes/iam-checks';
import { roleFactsOf, trustsEcsTasks } from '../../../lambda/facts/probes/iam-role';
import { parsePolicyDocument } from '../../../lambda/facts/policy-eval/document';

const ROLE = 'arn:aws:iam::111122223333:role/ecs/web-execution-role';
const REPO = 'arn:aws:ecr:us-east-1:111122223333:repository/web';
const WANTED: ActionResource[] = [
  ['ecr:GetAuthorizationToken', '*'],
  ['ecr:BatchGetImage', REPO],
];

describe('readSimulation', () => {
  it('records the condition keys IAM lacked, from the result and from the resource-specific result', () => {
    const results: EvaluationResult[] = [
      {
        EvalActionName: 'ecr:GetAuthorizationToken',
        EvalResourceName: '*',
        EvalDecision: 'implicitDeny',
        MissingContextValues: ['aws:SourceVpce'],
      },
      {
        EvalActionName: 'ecr:BatchGetImage',
        EvalResourceName: '*',
        EvalDecision: 'implicitDeny',
        MissingContextValues: [],
        ResourceSpecificResults: [
          {
            EvalResourceName: REPO,
            EvalResourceDecision: 'implicitDeny',
            MissingContextValues: ['aws:SourceVpce', 'aws:SourceVpc'],
          },
        ],
      },
    ];
    expect(readSimulation(results, WANTED)).toEqual([
      {
        action: 'ecr:GetAuthorizationToken',
        resource: '*',
        decision: 'implicitDeny',
        deniedBy: 'identity',
        missingContextValues: ['aws:SourceVpce'],
      },
      {
        action: 'ecr:BatchGetImage',
        resource: REPO,
        decision: 'implicitDeny',
        deniedBy: 'identity',
        missingContextValues: ['aws:SourceVpce', 'aws:SourceVpc'],
      },
    ]);
  });

  it('leaves missingContextValues out when IAM had every key', () => {
    const results: EvaluationResult[] = [
      {
        EvalActionName: 'ecr:GetAuthorizationToken',
        EvalResourceName: '*',
        EvalDecision: 'allowed',
        MissingContextValues: [],
      },
    ];
    expect(readSimulation(results, WANTED.slice(0, 1))).toEqual([
      { action: 'ecr:GetAuthorizationToken', resource: '*', decision: 'allowed' },
    ]);
  });

  it('names an SCP deny (OrganizationsDecisionDetail) and a boundary deny (also per resource)', () => {
    const results: EvaluationResult[] = [
      {
        EvalActionName: 'ecr:GetAuthorizationToken',
        EvalResourceName: '*',
        EvalDecision: 'implicitDeny',
        OrganizationsDecisionDetail: { AllowedByOrganizations: false },
      },
      {
        EvalActionName: 'ecr:BatchGetImage',
        EvalResourceName: '*',
        EvalDecision: 'implicitDeny',
        OrganizationsDecisionDetail: { AllowedByOrganizations: true },
        ResourceSpecificResults: [
          {
            EvalResourceName: REPO,
            EvalResourceDecision: 'implicitDeny',
            PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false },
          },
        ],
      },
    ];
    expect(readSimulation(results, WANTED).map((c) => c.deniedBy)).toEqual(['organizations', 'permissions-boundary']);
  });
});

const trust = (statement: unknown) => ({ Version: '2012-10-17', Statement: statement });

describe('trustsEcsTasks', () => {
  it.each([
    [
      'a single Allow with the service as a string',
      true,
      trust([{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    ],
    [
      'the service in a list, the action in a list',
      true,
      trust([
        {
          Effect: 'Allow',
          Principal: { Service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ]),
    ],
    [
      'a statement object instead of a list',
      true,
      trust({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    ],
    [
      'a conditional trust (aws:SourceAccount narrows which tasks, not which service)',
      true,
      trust([
        {
          Effect: 'Allow',
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
        },
      ]),
    ],
    [
      'another service only',
      false,
      trust([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    ],
    [
      'an AWS account principal only',
      false,
      trust([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }]),
    ],
    [
      'ecs-tasks allowed another action only',
      false,
      trust([{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:TagSession' }]),
    ],
    [
      'an unconditional Deny of the same',
      false,
      trust([
        { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]),
    ],
  ])('%s → trusts ECS tasks: %s', (_n, expected, doc) => {
    expect(trustsEcsTasks(parsePolicyDocument(doc))).toBe(expected);
  });

  it('is false for an unreadable document', () => {
    expect(trustsEcsTasks(parsePolicyDocument('%7Bnot json'))).toBe(false);
  });
});

describe('roleFactsOf', () => {
  it('reads path, tags, boundary and the URL-encoded trust policy of a GetRole answer', () => {
    const role: Role = {
      Path: '/ecs/',
      RoleName: 'web-execution-role',
      RoleId: 'AROAEXAMPLEID1234567',
      Arn: ROLE,
      CreateDate: new Date('2025-06-01T00:00:00Z'),
      AssumeRolePolicyDocument: encodeURIComponent(
        JSON.stringify(
          trust([{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
        ),
      ),
      Tags: [
        { Key: 'ecs-pull-doctor:auto-fix', Value: 'allowed' },
        { Key: 'team', Value: 'web' },
      ],
      PermissionsBoundary: {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/boundary',
      },
    };
    expect(roleFactsOf(role)).toEqual({
      arn: ROLE,
      path: '/ecs/',
      trustsEcsTasks: true,
      tags: { 'ecs-pull-doctor:auto-fix': 'allowed', team: 'web' },
      permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/boundary',
    });
  });
});
