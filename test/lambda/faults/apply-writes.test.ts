/**
 * No fix is half-applied without being reported: every write (and re-read) of the two auto-fixes fails in
 * turn — throttled, denied, SDK timeout, 500, and a call that never answers before the apply deadline —
 * against a stateful fake of the VPC / role. applyPlan must return 'failed' with exactly the steps done
 * before the failure (applied), the failing step, and the steps not done, and send no write after it.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  type AuthorizeSecurityGroupIngressCommandInput,
  type CreateSecurityGroupCommandInput,
  type CreateVpcEndpointCommandInput,
  type SecurityGroup,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  AttachRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  type AttachRolePolicyCommandInput,
} from '@aws-sdk/client-iam';
import { CallContext } from '../../../lambda/aws/call';
import { createClients } from '../../../lambda/aws/clients';
import { applyPlan } from '../../../lambda/remediate/apply';
import { decide } from '../../../lambda/remediate/decide';
import { planRemediation } from '../../../lambda/causes/plan';
import { DEFAULT_PLAN_OPTIONS } from '../../../lambda/remediate/plan-options';
import type { Outcome } from '../../../lambda/remediate/types';
import { mocks, resetMocks, writeCommands } from '../../helpers/aws-mocks';
import { BOUNDED_FAULTS, errorNameOf, faultBehaviour, FAULTS, type Fault } from '../../helpers/faults';
import { diagnosis, REGION } from '../remediate/diagnosis-builder';

const clients = createClients(REGION);
const INCIDENT = 'inc-0123456789ab';
const SG_ID = 'sg-0e0d0c0b0a0918273';
const MANAGED = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

/** Writes fail, or hang until the apply deadline ('hang', with a short deadlineAt). */
const HANG_DEADLINE_MS = 250;

function expectFailed(o: Outcome): Extract<Outcome, { kind: 'failed' }> {
  if (o.kind !== 'failed') throw new Error(`expected failed, got ${JSON.stringify(o).slice(0, 400)}`);
  return o;
}

function env(fault: Fault) {
  return {
    clients,
    ctx: new CallContext(),
    incidentId: INCIDENT,
    forceNewDeployment: false,
    planOptions: DEFAULT_PLAN_OPTIONS,
    ...(fault === 'hang' ? { deadlineAt: Date.now() + HANG_DEADLINE_MS } : {}),
  };
}

/** A VPC without endpoints, whose state follows the writes (as EC2 would). */
function fakeVpc() {
  const state: { endpoints: VpcEndpoint[]; group?: SecurityGroup } = { endpoints: [] };
  mocks.ec2.on(DescribeVpcEndpointsCommand).callsFake(async () => ({ VpcEndpoints: structuredClone(state.endpoints) }));
  mocks.ec2
    .on(DescribeSecurityGroupsCommand)
    .callsFake(async () => ({ SecurityGroups: state.group ? [structuredClone(state.group)] : [] }));
  mocks.ec2.on(CreateSecurityGroupCommand).callsFake(async (input: CreateSecurityGroupCommandInput) => {
    state.group = { GroupId: SG_ID, GroupName: input.GroupName, VpcId: input.VpcId, IpPermissions: [] };
    return { GroupId: SG_ID };
  });
  mocks.ec2
    .on(AuthorizeSecurityGroupIngressCommand)
    .callsFake(async (input: AuthorizeSecurityGroupIngressCommandInput) => {
      state.group!.IpPermissions!.push(...(input.IpPermissions ?? []));
      return { Return: true };
    });
  mocks.ec2.on(CreateVpcEndpointCommand).callsFake(fakeCreateEndpoint(state));
  return state;
}

function endpointPlan() {
  const d = diagnosis('vpc-endpoint-missing');
  const plan = planRemediation(d);
  expect(decide(d, plan, { autoFixExecutionRolePolicy: false, autoFixVpcEndpoints: true })).toEqual({ apply: true });
  return { d, plan, stepIds: plan.steps.filter((s) => s.automatic).map((s) => s.id) };
}

beforeEach(() => resetMocks());

describe('VPC endpoint fix: a write fails mid-way', () => {
  const { stepIds } = (() => {
    resetMocks();
    return endpointPlan();
  })();

  it('has the steps this table is about (the plan of a VPC without any endpoint)', () => {
    expect(stepIds).toEqual([
      'create-endpoint-security-group',
      'allow-https-to-endpoints',
      'create-endpoint-ecr.api',
      'create-endpoint-ecr.dkr',
      'create-endpoint-s3',
      'create-endpoint-logs',
    ]);
  });

  const cases = stepIds.flatMap((stepId, i) => FAULTS.map((fault) => [stepId, fault, i] as const));

  it.each(cases)(
    '%s %s → failed at that step; earlier steps reported as done, later ones as not done, nothing sent after it',
    async (stepId, fault, i) => {
      const state = fakeVpc();
      const inject = faultBehaviour('ec2', fault);
      if (stepId === 'create-endpoint-security-group') mocks.ec2.on(CreateSecurityGroupCommand).callsFake(inject);
      else if (stepId === 'allow-https-to-endpoints')
        mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).callsFake(inject);
      else {
        const service = stepId.replace('create-endpoint-', '');
        const others = fakeCreateEndpoint(state);
        mocks.ec2
          .on(CreateVpcEndpointCommand)
          .callsFake((input: CreateVpcEndpointCommandInput) =>
            input.ServiceName === `com.amazonaws.${REGION}.${service}` ? inject() : others(input),
          );
      }
      const { d, plan } = endpointPlan();
      const started = Date.now();

      const outcome = expectFailed(await applyPlan(plan, d, env(fault)));

      expect(outcome.failedStepId).toBe(stepId);
      expect(outcome.error).toContain(errorNameOf('ec2', fault));
      expect(outcome.applied.map((a) => a.stepId)).toEqual(stepIds.slice(0, i));
      expect(outcome.notDone).toEqual(stepIds.slice(i + 1));
      // What was applied is what EC2 now has; nothing was written after the failing step.
      expect(state.endpoints.map((e) => e.ServiceName!.split('.').slice(3).join('.'))).toEqual(
        stepIds
          .slice(0, i)
          .filter((s) => s.startsWith('create-endpoint-') && s !== 'create-endpoint-security-group')
          .map((s) => s.replace('create-endpoint-', '')),
      );
      const writesAfter = stepIds
        .slice(i + 1)
        .filter((s) => s.startsWith('create-endpoint-') && s !== 'create-endpoint-security-group');
      for (const s of writesAfter) {
        expect(
          mocks.ec2
            .commandCalls(CreateVpcEndpointCommand)
            .some((c) => c.args[0].input.ServiceName?.endsWith(`.${s.replace('create-endpoint-', '')}`)),
        ).toBe(false);
      }
      if (fault === 'hang') expect(Date.now() - started).toBeLessThan(HANG_DEADLINE_MS + 500);
    },
  );
});

/** The fake's CreateVpcEndpoint, for the services a test does not break. */
function fakeCreateEndpoint(state: { endpoints: VpcEndpoint[] }) {
  return async (input: CreateVpcEndpointCommandInput) => {
    const e: VpcEndpoint = {
      VpcEndpointId: `vpce-0${state.endpoints.length + 1}`,
      VpcId: input.VpcId,
      ServiceName: input.ServiceName,
      VpcEndpointType: input.VpcEndpointType,
      State: 'pending' as VpcEndpoint['State'], // EC2 answers lowercase; the SDK's enum says 'Pending'
      PrivateDnsEnabled: input.PrivateDnsEnabled ?? false,
      SubnetIds: input.SubnetIds ?? [],
      RouteTableIds: input.RouteTableIds ?? [],
      Groups: (input.SecurityGroupIds ?? []).map((GroupId) => ({ GroupId, GroupName: 'ecs-pull-doctor-endpoints' })),
    };
    state.endpoints.push(e);
    return { VpcEndpoint: e };
  };
}

describe('VPC endpoint fix: the re-read before the first write fails', () => {
  it.each(
    (['DescribeVpcEndpoints', 'DescribeSecurityGroups'] as const).flatMap((api) =>
      FAULTS.map((fault) => [api, fault] as const),
    ),
  )('ec2:%s %s → failed at precheck, every step not done, no write sent', async (api, fault) => {
    fakeVpc();
    mocks.ec2
      .on(api === 'DescribeVpcEndpoints' ? DescribeVpcEndpointsCommand : DescribeSecurityGroupsCommand)
      .callsFake(faultBehaviour('ec2', fault));
    const { d, plan, stepIds } = endpointPlan();

    const outcome = expectFailed(await applyPlan(plan, d, env(fault)));

    expect(outcome).toMatchObject({ failedStepId: 'precheck', applied: [], notDone: stepIds });
    expect(outcome.error).toContain(`ec2:${api}`);
    expect(writeCommands()).toEqual([]);
  });
});

describe('VPC endpoint fix: the verification describe fails after every write succeeded', () => {
  it.each(BOUNDED_FAULTS)('%s → fixed but not verified (every change reported)', async (fault) => {
    const state = fakeVpc();
    const healthyDescribe = async () => ({ VpcEndpoints: structuredClone(state.endpoints) });
    // The re-read (1st call) answers; the verification (after the writes) fails.
    let reads = 0;
    mocks.ec2
      .on(DescribeVpcEndpointsCommand)
      .callsFake(() => (++reads === 1 ? healthyDescribe() : faultBehaviour('ec2', fault)()));
    const { d, plan, stepIds } = endpointPlan();

    const outcome = await applyPlan(plan, d, env(fault));

    expect(outcome).toMatchObject({ kind: 'fixed', verified: false });
    expect(outcome.kind === 'fixed' && outcome.applied.map((a) => a.stepId)).toEqual(stepIds);
    expect(state.endpoints).toHaveLength(4);
  });
});

describe('execution role fix', () => {
  function rolePlan() {
    const d = diagnosis('execution-role-ecr-permissions');
    const plan = planRemediation(d);
    expect(decide(d, plan, { autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: false })).toEqual({ apply: true });
    return { d, plan, stepId: plan.steps.find((s) => s.automatic)!.id };
  }

  /** A role without the managed policy whose attachments follow AttachRolePolicy. */
  function fakeRole() {
    const attached: string[] = [];
    mocks.iam.on(ListAttachedRolePoliciesCommand).callsFake(async () => ({
      AttachedPolicies: attached.map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split('/').pop() })),
      IsTruncated: false,
    }));
    mocks.iam.on(AttachRolePolicyCommand).callsFake(async (input: AttachRolePolicyCommandInput) => {
      attached.push(input.PolicyArn!);
      return {};
    });
    return attached;
  }

  it.each(FAULTS)(
    'iam:AttachRolePolicy %s → failed at the attach step, nothing applied, the role unchanged',
    async (fault) => {
      const attached = fakeRole();
      mocks.iam.on(AttachRolePolicyCommand).callsFake(faultBehaviour('iam', fault));
      const { d, plan, stepId } = rolePlan();

      const outcome = expectFailed(await applyPlan(plan, d, env(fault)));

      expect(outcome).toMatchObject({ failedStepId: stepId, applied: [], notDone: [] });
      expect(outcome.error).toContain(`iam:AttachRolePolicy: ${errorNameOf('iam', fault)}`);
      expect(attached).toEqual([]);
    },
  );

  it.each(FAULTS)(
    'iam:ListAttachedRolePolicies (re-check) %s → failed before the attach, no AttachRolePolicy sent',
    async (fault) => {
      fakeRole();
      mocks.iam.on(ListAttachedRolePoliciesCommand).callsFake(faultBehaviour('iam', fault));
      const { d, plan, stepId } = rolePlan();

      const outcome = expectFailed(await applyPlan(plan, d, env(fault)));

      expect(outcome).toMatchObject({ failedStepId: stepId, applied: [] });
      expect(outcome.error).toMatch(/could not re-check the attached policies/);
      expect(mocks.iam).not.toHaveReceivedCommand(AttachRolePolicyCommand);
    },
  );

  it.each(BOUNDED_FAULTS)(
    'the verification list %s after a successful attach → fixed, not verified, the change reported',
    async (fault) => {
      const attached = fakeRole();
      let lists = 0;
      const list = async () => ({ AttachedPolicies: attached.map((PolicyArn) => ({ PolicyArn })), IsTruncated: false });
      mocks.iam
        .on(ListAttachedRolePoliciesCommand)
        .callsFake(() => (++lists === 1 ? list() : faultBehaviour('iam', fault)()));
      const { d, plan, stepId } = rolePlan();

      const outcome = await applyPlan(plan, d, env(fault));

      expect(outcome).toMatchObject({ kind: 'fixed', verified: false, applied: [{ stepId, result: 'changed' }] });
      expect(attached).toEqual([MANAGED]);
    },
  );
});

describe('apply deadline', () => {
  it('a deadline already passed changes nothing and reports every step as not done', async () => {
    fakeVpc();
    const { d, plan, stepIds } = endpointPlan();

    const outcome = expectFailed(await applyPlan(plan, d, { ...env('throttled'), deadlineAt: Date.now() - 1 }));

    expect(outcome).toMatchObject({ failedStepId: 'precheck', applied: [], notDone: stepIds });
    expect(mocks.ec2.calls()).toHaveLength(0);
  });
});
