/**
 * Least privilege, read from the synthesized template: what the function may do with every combination
 * of the auto-fix parameters, and how each write action is scoped.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import {
  CREATED_BY_TAG,
  READ_ACTIONS,
  WRITE_ACTIONS,
  allWriteActions,
  executionRoleManagedPolicyArn,
} from '../../lambda/permissions';
import { allReadActions } from '../../lambda/causes/read-actions';
import { CREATED_BY_VALUE } from '../../lib/permissions';
import { AUTO_FIX_ROLE_TAG_KEY, AUTO_FIX_ROLE_TAG_VALUE } from '../../lambda/config';
import { CONDITION, PARAMETER } from '../../lib/parameters';
import { sharedPullDoctor } from '../helpers/stack';

interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string[];
  readonly Resource: unknown[];
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Sid?: string;
}
interface PolicyResource {
  readonly condition?: string;
  readonly statements: Statement[];
}

const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

let template: Template;
let policies: PolicyResource[];
beforeAll(() => {
  template = sharedPullDoctor().template;
  policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p) => ({
    condition: p.Condition,
    statements: p.Properties.PolicyDocument.Statement.map((s: Record<string, unknown>) => ({
      ...s,
      Action: asArray(s.Action),
      Resource: asArray(s.Resource),
    })),
  }));
});

/** Renders an ARN built with Fn::Join of pseudo parameters as "arn:${AWS::Partition}:…". */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const o = value as Record<string, unknown>;
  if ('Ref' in o) return `\${${String(o.Ref)}}`;
  if ('Fn::GetAtt' in o) return `\${${(o['Fn::GetAtt'] as string[]).join('.')}}`;
  if ('Fn::Join' in o) {
    const [separator, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/** Evaluates a template condition (Fn::Equals / Fn::Not / Fn::And / Fn::Or over Refs) for given parameters. */
function evaluate(expression: unknown, parameters: Record<string, string>): boolean | string {
  const e = expression as Record<string, unknown[]>;
  if (typeof expression === 'string') return expression;
  if ('Ref' in e) {
    const name = e.Ref as unknown as string;
    if (!(name in parameters)) throw new Error(`no value for parameter ${name}`);
    return parameters[name]!;
  }
  if ('Condition' in e) return evaluateCondition(e.Condition as unknown as string, parameters);
  if ('Fn::Equals' in e) return evaluate(e['Fn::Equals']![0], parameters) === evaluate(e['Fn::Equals']![1], parameters);
  if ('Fn::Not' in e) return !evaluate(e['Fn::Not']![0], parameters);
  if ('Fn::And' in e) return e['Fn::And']!.every((x) => evaluate(x, parameters) === true);
  if ('Fn::Or' in e) return e['Fn::Or']!.some((x) => evaluate(x, parameters) === true);
  throw new Error(`cannot evaluate ${JSON.stringify(expression)}`);
}
function evaluateCondition(name: string, parameters: Record<string, string>): boolean {
  const result = evaluate(template.toJSON().Conditions[name], parameters);
  if (typeof result !== 'boolean') throw new Error(`condition ${name} is not boolean`);
  return result;
}

/** Parameter values CloudFormation would use: defaults, overridden by `values`. */
function parameterValues(values: Record<string, string> = {}): Record<string, string> {
  const defaults = Object.fromEntries(
    Object.entries(template.toJSON().Parameters as Record<string, { Default?: unknown }>).map(([k, v]) => [
      k,
      String(v.Default ?? ''),
    ]),
  );
  return { ...defaults, ...values };
}

/** Allow statements of the policies that exist for these parameter values. */
function grantedStatements(values: Record<string, string>): Statement[] {
  const parameters = parameterValues(values);
  return policies
    .filter((p) => p.condition === undefined || evaluateCondition(p.condition, parameters))
    .flatMap((p) => p.statements)
    .filter((s) => s.Effect === 'Allow');
}
const grantedActions = (values: Record<string, string>) => new Set(grantedStatements(values).flatMap((s) => s.Action));

const WRITE_GROUP_SWITCH: Record<keyof typeof WRITE_ACTIONS, { parameter: string; condition: string }> = {
  executionRolePolicy: {
    parameter: PARAMETER.autoFixExecutionRolePolicy,
    condition: CONDITION.autoFixExecutionRolePolicyEnabled,
  },
  vpcEndpoints: { parameter: PARAMETER.autoFixVpcEndpoints, condition: CONDITION.autoFixVpcEndpointsEnabled },
  forceNewDeployment: {
    parameter: PARAMETER.forceNewDeploymentAfterFix,
    condition: CONDITION.forceNewDeploymentEnabled,
  },
};
const groups = Object.keys(WRITE_GROUP_SWITCH) as (keyof typeof WRITE_ACTIONS)[];

/** Actions on the stack's own resources that the always-on policies may hold besides the reads. */
const OWN_RESOURCE_ACTIONS = [
  'sns:Publish',
  'kms:GenerateDataKey',
  'kms:Decrypt',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'sqs:SendMessage',
];

describe('always-on permissions', () => {
  it('grant every declared read action, in one statement on "*"', () => {
    const reads = policies
      .filter((p) => p.condition === undefined)
      .flatMap((p) => p.statements)
      .filter((s) => s.Resource.includes('*'));
    expect(reads).toHaveLength(1);
    expect([...reads[0]!.Action].sort()).toEqual(allReadActions().sort());
    expect(reads[0]!.Condition).toBeUndefined();
  });

  it('hold no write action: only reads and the stack’s own topic, key, table, log group and DLQ', () => {
    const always = policies.filter((p) => p.condition === undefined).flatMap((p) => p.statements);
    for (const action of always.flatMap((s) => s.Action)) {
      expect([...allReadActions(), ...OWN_RESOURCE_ACTIONS]).toContain(action);
      expect(allWriteActions()).not.toContain(action);
    }
  });

  it('scope every non-read action to one resource of this stack', () => {
    const own = policies
      .filter((p) => p.condition === undefined)
      .flatMap((p) => p.statements)
      .filter((s) => !s.Resource.includes('*'));
    const expected: Record<string, string> = {
      'sns:Publish': 'AWS::SNS::Topic',
      'kms:GenerateDataKey': 'AWS::KMS::Key',
      'kms:Decrypt': 'AWS::KMS::Key',
      'dynamodb:PutItem': 'AWS::DynamoDB::Table',
      'logs:PutLogEvents': 'AWS::Logs::LogGroup',
      'sqs:SendMessage': 'AWS::SQS::Queue',
    };
    for (const [action, type] of Object.entries(expected)) {
      const [logicalId] = Object.keys(template.findResources(type));
      const statement = own.find((s) => s.Action.includes(action));
      expect(statement?.Resource).toHaveLength(1);
      expect(JSON.stringify(statement?.Resource)).toContain(`"${logicalId}"`);
    }
  });

  it('use no AWS managed policy (the role gets exactly its own log group)', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
      },
    });
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0]!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('write permissions per auto-fix', () => {
  it.each(groups)('put the %s actions only in policies that exist only with its parameter on', (group) => {
    const { parameter } = WRITE_GROUP_SWITCH[group];
    const holders = policies.filter((p) =>
      p.statements.some((s) => s.Action.some((a) => (WRITE_ACTIONS[group] as readonly string[]).includes(a))),
    );
    expect(holders.length).toBeGreaterThan(0);
    for (const requireTag of ['true', 'false']) {
      const others = Object.fromEntries(groups.map((g) => [WRITE_GROUP_SWITCH[g].parameter, 'true']));
      const on = parameterValues({ ...others, [PARAMETER.autoFixRoleRequireTag]: requireTag });
      const off = { ...on, [parameter]: 'false' };
      for (const p of holders) {
        expect(p.condition).toBeDefined();
        expect(evaluateCondition(p.condition!, off)).toBe(false);
        // Nothing else rides along in such a policy.
        expect(
          p.statements.flatMap((s) => s.Action).every((a) => (WRITE_ACTIONS[group] as readonly string[]).includes(a)),
        ).toBe(true);
      }
      // With the parameter on, every action of the group is granted by exactly the existing holders.
      const existing = holders.filter((p) => evaluateCondition(p.condition!, on));
      expect([...new Set(existing.flatMap((p) => p.statements.flatMap((s) => s.Action)))].sort()).toEqual(
        [...WRITE_ACTIONS[group]].sort(),
      );
    }
  });

  // Every combination of the three switches: granted = reads + own resources + the enabled groups.
  const combinations = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => groups.filter((_, i) => bits & (1 << i)));
  it.each(combinations.map((enabled) => [enabled.join(' + ') || 'none (defaults)', enabled] as const))(
    'with %s enabled, grant exactly those write actions',
    (_, enabled) => {
      const values = Object.fromEntries(
        groups.map((g) => [WRITE_GROUP_SWITCH[g].parameter, enabled.includes(g) ? 'true' : 'false']),
      );
      const actions = grantedActions(values);
      for (const group of groups) {
        for (const action of WRITE_ACTIONS[group]) expect(actions.has(action)).toBe(enabled.includes(group));
      }
      expect([...actions].filter((a) => !allWriteActions().includes(a)).sort()).toEqual(
        [...new Set([...allReadActions(), ...OWN_RESOURCE_ACTIONS])].sort(),
      );
    },
  );

  it('grant no write action with the default parameters', () => {
    const actions = grantedActions({});
    expect(allWriteActions().filter((a) => actions.has(a))).toEqual([]);
  });
});

describe('scoping', () => {
  const allStatements = () => policies.flatMap((p) => p.statements);

  it('never grants a service wildcard or "*" action', () => {
    for (const action of allStatements().flatMap((s) => s.Action)) {
      expect(action).not.toContain('*');
    }
  });

  it('never grants a write action on Resource "*"', () => {
    // ec2:DescribeVpcEndpointServices is the endpoint auto-fix's one read (granted only with it): a read all the same.
    const isRead = (a: string) => allReadActions().includes(a) || a === 'ec2:DescribeVpcEndpointServices';
    for (const statement of allStatements()) {
      if (statement.Action.some((a) => !isRead(a))) expect(statement.Resource).not.toContain('*');
    }
  });

  it('allows iam:AttachRolePolicy for AmazonECSTaskExecutionRolePolicy only, on roles of this account under AutoFixRolePath', () => {
    const statements = allStatements().filter((s) => s.Action.includes('iam:AttachRolePolicy'));
    expect(statements).toHaveLength(2); // one per AutoFixRoleRequireTag value; exactly one of the two policies exists
    for (const statement of statements) {
      expect(statement.Action).toEqual(['iam:AttachRolePolicy']);
      expect(statement.Resource.map(render)).toEqual([
        `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role\${${PARAMETER.autoFixRolePath}}*`,
      ]);
      expect(Object.keys(statement.Condition!.ArnEquals!)).toEqual(['iam:PolicyARN']);
      expect(render(statement.Condition!.ArnEquals!['iam:PolicyARN'])).toBe(
        executionRoleManagedPolicyArn('${AWS::Partition}'),
      );
    }
    const tagged = (values: Record<string, string>) =>
      grantedStatements(values)
        .filter((s) => s.Action.includes('iam:AttachRolePolicy'))
        .map((s) => s.Condition?.StringEquals ?? null);
    const on = { [PARAMETER.autoFixExecutionRolePolicy]: 'true' };
    expect(tagged(on)).toEqual([null]);
    expect(tagged({ ...on, [PARAMETER.autoFixRoleRequireTag]: 'true' })).toEqual([
      { [`iam:ResourceTag/${AUTO_FIX_ROLE_TAG_KEY}`]: AUTO_FIX_ROLE_TAG_VALUE },
    ]);
    expect(tagged({ [PARAMETER.autoFixRoleRequireTag]: 'true' })).toEqual([]);
  });

  it('allows ecs:UpdateService only without a task definition or capacity provider change and without switching ECS Exec on', () => {
    const [statement, ...others] = allStatements().filter((s) => s.Action.includes('ecs:UpdateService'));
    expect(others).toEqual([]);
    expect(statement!.Resource.map(render)).toEqual([
      'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/*',
    ]);
    expect(statement!.Condition).toEqual({
      Null: { 'ecs:task-definition': 'true', 'ecs:capacity-provider': 'true' },
      BoolIfExists: { 'ecs:enable-execute-command': 'false' },
    });
  });

  it('allows the Route 53 association (private DNS of new endpoints) on hosted zones only', () => {
    const [statement, ...others] = allStatements().filter((s) =>
      s.Action.includes('route53:AssociateVPCWithHostedZone'),
    );
    expect(others).toEqual([]);
    expect(statement!.Action).toEqual(['route53:AssociateVPCWithHostedZone']);
    expect(statement!.Resource.map(render)).toEqual(['arn:${AWS::Partition}:route53:::hostedzone/*']);
  });

  describe('VPC endpoint auto-fix', () => {
    const ec2 = (resource: string) => `arn:\${AWS::Partition}:ec2:\${AWS::Region}:\${AWS::AccountId}:${resource}`;
    const statementsFor = (action: string) => allStatements().filter((s) => s.Action.includes(action));
    const taggedAsOurs = { [`aws:RequestTag/${CREATED_BY_TAG}`]: CREATED_BY_VALUE };

    it('creates endpoints and security groups only with our tag (the resource types they create)', () => {
      for (const [action, created] of [
        ['ec2:CreateVpcEndpoint', 'vpc-endpoint/*'],
        ['ec2:CreateSecurityGroup', 'security-group/*'],
      ] as const) {
        const onCreated = statementsFor(action).filter((s) => s.Resource.map(render).includes(ec2(created)));
        expect(onCreated).toHaveLength(1);
        expect(onCreated[0]!.Condition?.StringEquals).toMatchObject(taggedAsOurs);
      }
    });

    it('creates endpoints to AWS services only', () => {
      const [onEndpoint] = statementsFor('ec2:CreateVpcEndpoint').filter((s) =>
        s.Resource.map(render).includes(ec2('vpc-endpoint/*')),
      );
      expect(onEndpoint!.Condition?.StringEquals).toMatchObject({ 'ec2:VpceServiceOwner': 'amazon' });
    });

    it('lets them reference existing network resources of this account and region, without the tag', () => {
      const untagged = (action: string) =>
        statementsFor(action)
          .filter((s) => s.Condition === undefined)
          .flatMap((s) => s.Resource.map(render))
          .sort();
      expect(untagged('ec2:CreateVpcEndpoint')).toEqual(
        [ec2('vpc/*'), ec2('subnet/*'), ec2('security-group/*'), ec2('route-table/*')].sort(),
      );
      // Never security-group/* here: that would allow creating an untagged group.
      expect(untagged('ec2:CreateSecurityGroup')).toEqual([ec2('vpc/*')]);
    });

    it('authorizes ingress only on security groups carrying our tag', () => {
      const statements = statementsFor('ec2:AuthorizeSecurityGroupIngress');
      expect(statements).toHaveLength(1);
      expect(statements[0]!.Resource.map(render)).toEqual([ec2('security-group/*')]);
      expect(statements[0]!.Condition).toEqual({
        StringEquals: { [`aws:ResourceTag/${CREATED_BY_TAG}`]: CREATED_BY_VALUE },
      });
    });

    it('extends (ec2:ModifyVpcEndpoint) only endpoints carrying our tag, to subnets of this account, and only with AutoFixVpcEndpoints=true', () => {
      const statements = statementsFor('ec2:ModifyVpcEndpoint');
      const onEndpoint = statements.filter((s) => s.Resource.map(render).includes(ec2('vpc-endpoint/*')));
      expect(onEndpoint).toHaveLength(1);
      expect(onEndpoint[0]!.Action).toEqual(['ec2:ModifyVpcEndpoint']);
      expect(onEndpoint[0]!.Resource.map(render)).toEqual([ec2('vpc-endpoint/*')]);
      expect(onEndpoint[0]!.Condition).toEqual({
        StringEquals: { [`aws:ResourceTag/${CREATED_BY_TAG}`]: CREATED_BY_VALUE },
      });
      // The subnets it is extended to are referenced resources (no tag); nothing else is.
      const untagged = statements.filter((s) => s.Condition === undefined);
      expect(untagged.flatMap((s) => s.Resource.map(render))).toEqual([ec2('subnet/*')]);
      // Both sit in the AutoFixVpcEndpointsPolicy: absent with the defaults, present when the auto-fix is on.
      const holders = policies.filter((p) => p.statements.some((st) => st.Action.includes('ec2:ModifyVpcEndpoint')));
      expect(holders.map((p) => p.condition)).toEqual([CONDITION.autoFixVpcEndpointsEnabled]);
      expect(grantedActions({}).has('ec2:ModifyVpcEndpoint')).toBe(false);
      expect(grantedActions({ [PARAMETER.autoFixVpcEndpoints]: 'true' }).has('ec2:ModifyVpcEndpoint')).toBe(true);
    });

    it('passes the EndpointPolicy parameter to the function as ENDPOINT_POLICY (default account)', () => {
      const fns = Object.values(template.findResources('AWS::Lambda::Function')).filter(
        (f) => f.Properties?.Environment?.Variables?.ENDPOINT_POLICY !== undefined,
      );
      expect(fns).toHaveLength(1);
      expect(fns[0]!.Properties.Environment.Variables.ENDPOINT_POLICY).toEqual({ Ref: PARAMETER.endpointPolicy });
      expect(template.toJSON().Parameters[PARAMETER.endpointPolicy]).toMatchObject({
        Type: 'String',
        Default: 'account',
        AllowedValues: ['account', 'ecr-only', 'full'],
      });
    });

    it('tags only as part of creating an endpoint or a security group', () => {
      const statements = statementsFor('ec2:CreateTags');
      expect(statements).toHaveLength(1);
      expect(statements[0]!.Resource.map(render).sort()).toEqual([ec2('security-group/*'), ec2('vpc-endpoint/*')]);
      expect(statements[0]!.Condition).toEqual({
        StringEquals: { 'ec2:CreateAction': ['CreateVpcEndpoint', 'CreateSecurityGroup'] },
      });
    });
  });

  it('allows ecs:UpdateService on services of this account and region only', () => {
    const statements = allStatements().filter((s) => s.Action.includes('ecs:UpdateService'));
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Resource.map(render)).toEqual([
      'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/*',
    ]);
  });

  it('declares at least one read action per probe (guards an emptied list)', () => {
    for (const actions of Object.values(READ_ACTIONS)) expect(actions.length).toBeGreaterThan(0);
  });
});
