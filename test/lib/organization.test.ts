/**
 * Issue 18, organization mode, the templates: the central stack (`-c mode=organization`) and the member template its
 * StackSet deploys. Bus policy (organization only), the rules on the bus, the function's right to assume only the
 * member roles of the organization, the StackSet's service-managed auto-deployment; the member's forwarding rules, the
 * diagnosis role's trust (the central role, inside the organization) and its read-only policy, the condition-gated
 * fix roles. Both pass cdk-nag; the single-account template has none of it.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { allReadActions } from '../../lambda/causes/read-actions';
import { MEMBER_READ_ACTIONS } from '../../lambda/permissions';
import { MEMBER_ROLE_PREFIX } from '../../lambda/domain/member-roles';
import { configureApp } from '../../lib/app';
import { PULL_FAILURE_EVENT_PATTERN, SERVICE_SIGNAL_EVENT_PATTERN } from '../../lib/event-pattern';
import { PullDoctorMemberStack } from '../../lib/member-stack';
import { memberTemplate, ORGANIZATION_PARAMETER } from '../../lib/organization';
import { sharedPullDoctor, testApp } from '../helpers/stack';

let central: Template;
let centralApp: App;
let member: Template;
beforeAll(() => {
  centralApp = testApp({ context: { mode: 'organization' } });
  central = Template.fromStack(configureApp(centralApp));
  member = Template.fromJSON(memberTemplate());
});

const ref = (name: string) => ({ Ref: name });
const idOf = (t: Template, type: string, prefix: string) => {
  const ids = Object.keys(t.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('central stack, organization mode', () => {
  it('has an event bus that accepts events only from the organization', () => {
    central.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ref(ORGANIZATION_PARAMETER.organizationId) } },
      },
    });
  });

  it.each([
    ['OrganizationPullFailureRule', PULL_FAILURE_EVENT_PATTERN],
    ['OrganizationServiceSignalRule', SERVICE_SIGNAL_EVENT_PATTERN],
  ])(
    '%s takes the same pattern on the bus, from any account of it, to the function with retries and the DLQ',
    (id, pattern) => {
      const rule = central.findResources('AWS::Events::Rule')[idOf(central, 'AWS::Events::Rule', id)]!;
      expect(rule.Properties.EventBusName).toEqual(ref(idOf(central, 'AWS::Events::EventBus', 'OrganizationBus')));
      expect(rule.Properties.EventPattern).toEqual(JSON.parse(JSON.stringify(pattern)));
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: expect.any(Object),
        }),
      ]);
    },
  );

  it('lets the function assume only the member roles, only of the organization', () => {
    const policy =
      central.findResources('AWS::IAM::Policy')[idOf(central, 'AWS::IAM::Policy', 'AssumeMemberRolesPolicy')]!;
    expect(policy.Properties.PolicyDocument.Statement[0].Resource).toHaveLength(3);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'AssumeMemberRolesOfTheOrganization',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        // In any order (CDK sorts them).
        Resource: expect.arrayContaining(
          Object.values(MEMBER_ROLE_PREFIX).map((p) => ({
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::*:role/${p}-*`]],
          })),
        ),
        Condition: { StringEquals: { 'aws:ResourceOrgID': ref(ORGANIZATION_PARAMETER.organizationId) } },
      },
    ]);
    central.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ORGANIZATION_ID: ref(ORGANIZATION_PARAMETER.organizationId) }) },
    });
  });

  it('deploys the member stack with a service-managed StackSet to the OUs and Regions, also to accounts that join', () => {
    const set = Object.values(central.findResources('AWS::CloudFormation::StackSet'))[0]!.Properties;
    expect(set).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: ref(ORGANIZATION_PARAMETER.callAs),
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: ref(ORGANIZATION_PARAMETER.memberOus) },
          Regions: ref(ORGANIZATION_PARAMETER.memberRegions),
        },
      ],
    });
    const params = Object.fromEntries(
      (set.Parameters as Array<{ ParameterKey: string; ParameterValue: unknown }>).map((p) => [
        p.ParameterKey,
        p.ParameterValue,
      ]),
    );
    expect(params.CentralEventBusArn).toEqual({
      'Fn::GetAtt': [idOf(central, 'AWS::Events::EventBus', 'OrganizationBus'), 'Arn'],
    });
    expect(params.CentralFunctionRoleArn).toEqual({
      'Fn::GetAtt': [idOf(central, 'AWS::IAM::Role', 'FunctionRole'), 'Arn'],
    });
    expect(params.OrganizationId).toEqual(ref(ORGANIZATION_PARAMETER.organizationId));
    expect(params.ForceNewDeploymentAfterFix).toEqual(ref(ORGANIZATION_PARAMETER.memberForceNewDeployment));
    // The template body is the member template, without the bootstrap check a member account could not pass.
    const body = JSON.parse(set.TemplateBody as string);
    expect(body).toEqual(memberTemplate());
    expect(JSON.stringify(body)).not.toContain('BootstrapVersion');
    expect((set.TemplateBody as string).length).toBeLessThan(51_200);
  });

  it('passes cdk-nag', () => {
    const report = new AwsSolutionsChecks(centralApp).validateScope(centralApp.node.children[0] as never);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('is not in the single-account template', () => {
    const single = sharedPullDoctor().template;
    expect(Object.keys(single.findResources('AWS::CloudFormation::StackSet'))).toEqual([]);
    expect(Object.keys(single.findResources('AWS::Events::EventBus'))).toEqual([]);
    expect(Object.keys(single.findParameters('*'))).not.toContain(ORGANIZATION_PARAMETER.organizationId);
  });
});

describe('member template', () => {
  it.each(['PullFailureForwardRule', 'ServiceSignalForwardRule'])(
    '%s forwards this account’s events to the central bus through a role that may only put events there',
    (id) => {
      const rule = member.findResources('AWS::Events::Rule')[idOf(member, 'AWS::Events::Rule', id)]!;
      expect(rule.Properties.EventPattern.account).toEqual([{ Ref: 'AWS::AccountId' }]);
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: ref('CentralEventBusArn'),
          RoleArn: { 'Fn::GetAtt': [idOf(member, 'AWS::IAM::Role', 'ForwardRole'), 'Arn'] },
        }),
      ]);
      member.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: ref('CentralEventBusArn') }],
        },
      });
    },
  );

  it('has a read-only diagnosis role named per Region that only the central role, in the organization, may assume', () => {
    const role = member.findResources('AWS::IAM::Role')[idOf(member, 'AWS::IAM::Role', 'DiagnoseRole')]!.Properties;
    expect(role.RoleName).toEqual({ 'Fn::Join': ['-', [MEMBER_ROLE_PREFIX.read, { Ref: 'AWS::Region' }]] });
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: ref('CentralFunctionRoleArn') },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ref('OrganizationId') } },
      },
    ]);
    const actions = role.Policies[0].PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) =>
      Array.isArray(s.Action) ? s.Action : [s.Action],
    );
    expect([...actions].sort()).toEqual([...allReadActions(), ...MEMBER_READ_ACTIONS].sort());
  });

  it('has one fix role per auto-fix, each only where the member opted in, with the single-account conditions', () => {
    const roles = member.findResources('AWS::IAM::Role');
    const rolePolicy = roles[idOf(member, 'AWS::IAM::Role', 'FixRolePolicyRole')]!;
    const endpoints = roles[idOf(member, 'AWS::IAM::Role', 'FixEndpointsRole')]!;
    expect(rolePolicy.Condition).toBe('AutoFixExecutionRolePolicyEnabled');
    expect(endpoints.Condition).toBe('AutoFixVpcEndpointsEnabled');
    expect(JSON.stringify(rolePolicy.Properties.Policies)).toContain('iam:PolicyARN');
    expect(JSON.stringify(endpoints.Properties.Policies)).toContain('aws:RequestTag/ecs-pull-doctor:created-by');
    const redeploy = member.findResources('AWS::IAM::Policy');
    for (const id of ['FixRolePolicyRoleRedeploy', 'FixEndpointsRoleRedeploy'])
      expect(redeploy[idOf(member, 'AWS::IAM::Policy', id)]!.Condition).toMatch(/RedeployOn/);
    member.hasCondition('AutoFixExecutionRolePolicyEnabled', {
      'Fn::Equals': [ref('AutoFixExecutionRolePolicy'), 'true'],
    });
  });

  it('passes cdk-nag', () => {
    const app = new App();
    const stack = new PullDoctorMemberStack(app, 'Member');
    expect(new AwsSolutionsChecks(app).validateScope(stack).violations.map((v) => v.ruleName)).toEqual([]);
  });
});
