/**
 * The call budget is deterministic: when the candidates need more than MAX_CALLS_PER_DIAGNOSIS (15) calls, the calls that can prove
 * the top-ranked candidate go first, and the same event skips the same calls whatever the latencies —
 * each skip recorded as an Unchecked entry "skipped: call budget …".
 */
import { pullFailureOf } from '../../helpers/events';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { CallContext } from '../../../lambda/aws/call';
import { createClients } from '../../../lambda/aws/clients';
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { classifyText } from '../../../lambda/causes/classify';
import { callPlanFor, needsFor, planCalls } from '../../../lambda/causes/call-plan';
import { SLOT } from '../../../lambda/facts/slots';
import { gatherFacts } from '../../../lambda/facts/gather';
import { MAX_CALLS_PER_DIAGNOSIS, BUDGET_SKIP_REASON, CallBudget } from '../../../lambda/facts/probes/budget';
import { awsError, mocks } from '../../helpers/aws-mocks';
import { SCENARIOS, type Scenario } from '../../helpers/scenarios';

/** Truncated Fargate text: network path or permissions, so every network check and the role are candidates (14 calls). */
const TRUNCATED =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestEr';

const CLASSES = [ECSClient, EC2Client, ECRClient, IAMClient, SecretsManagerClient, SSMClient] as unknown as Array<{
  prototype: { send: (...a: unknown[]) => Promise<unknown> };
}>;
let originals: Array<(...a: unknown[]) => Promise<unknown>> = [];

/** Every answer arrives after a pseudo-random 0–9 ms (a different order of answers for each seed). */
function randomLatency(seed: number) {
  let x = seed * 2654435761 + 1;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % 10;
  };
  originals = CLASSES.map((Cls) => {
    const stub = Cls.prototype.send;
    Cls.prototype.send = function (this: unknown, ...a: unknown[]) {
      return new Promise((r) => setTimeout(r, next())).then(() => stub.apply(this, a));
    };
    return stub;
  });
}
function restoreLatency() {
  for (const [i, Cls] of CLASSES.entries()) Cls.prototype.send = originals[i] ?? Cls.prototype.send;
  originals = [];
}
afterEach(restoreLatency);

const failureOf = pullFailureOf;

function truncatedEvent(s: Scenario): unknown {
  const e = s.event as { detail: { stoppedReason: string } };
  e.detail.stoppedReason = TRUNCATED;
  return e;
}

type Run = Awaited<ReturnType<typeof gatherOnce>>;

async function gatherOnce(s: Scenario, event: unknown, seed: number, extraMocks: () => void = () => {}) {
  s.mock();
  extraMocks();
  randomLatency(seed);
  try {
    const f = failureOf(event);
    const ctx = new CallContext();
    const facts = await gatherFacts(f, callPlanFor(classifyText(f.reason, f.image, f.task.launchType), f), {
      clients: createClients(s.region),
      ctx,
    });
    return { facts, d: diagnose(f, facts), apis: ctx.calls.map((c) => c.api).sort() };
  } finally {
    restoreLatency();
  }
}

describe('CallBudget.plan', () => {
  const ctx = () => new CallContext();
  const call = (b: CallBudget, slot: string) =>
    b.call(slot.split(' ')[0]!, { slot }, async () => 'ok', undefined, slot);

  it('admits by priority while the calls fit, keeping the list order for equal priorities', () => {
    const b = new CallBudget(ctx(), [], 3);
    const plan = b.plan([
      { slot: 'a', check: 'a', count: 1, priority: 5 },
      { slot: 'b', check: 'b', count: 2, priority: 0 },
      { slot: 'c', check: 'c', count: 1, priority: 5 },
      { slot: 'd', check: 'd', count: 1, priority: 9 },
    ]);
    expect(plan).toEqual({ admitted: ['b', 'a'], rankedOut: ['c', 'd'] });
  });

  it('skips a ranked-out call even after a release, and records it with the slot and check', async () => {
    const skipped: Array<{ check: string; api: string; reason: string }> = [];
    const b = new CallBudget(ctx(), skipped, 2);
    b.plan([
      { slot: 'ec2:DescribeVpcAttribute enableDnsSupport', check: 'vpc-dns-support', count: 1, priority: 0 },
      { slot: 'ecs:DescribeServices', check: 'service', count: 1, priority: 1 },
      { slot: 'ec2:DescribeVpcAttribute enableDnsHostnames', check: 'vpc-dns-hostnames', count: 1, priority: 2 },
    ]);
    b.release('ecs:DescribeServices');
    const r = await call(b, 'ec2:DescribeVpcAttribute enableDnsHostnames');
    expect(r).toMatchObject({ ok: false, errorName: 'CallBudgetExceeded' });
    expect(skipped).toEqual([
      {
        check: 'vpc-dns-hostnames',
        api: 'ec2:DescribeVpcAttribute',
        reason: expect.stringMatching(/^skipped: call budget \(enableDnsHostnames\)/),
      },
    ]);
    expect((await call(b, 'ec2:DescribeVpcAttribute enableDnsSupport')).ok).toBe(true);
  });

  it('gives unplanned calls only what the plan left free (plus released allowances)', async () => {
    const b = new CallBudget(ctx(), [], 3);
    b.plan([
      { slot: 'x', check: 'x', count: 1, priority: 0 },
      { slot: 'y', check: 'y', count: 1, priority: 1 },
    ]);
    expect((await call(b, 'iam:GetPolicy p1')).ok).toBe(true);
    expect((await call(b, 'iam:GetPolicy p2')).ok).toBe(false);
    b.release('y');
    expect((await call(b, 'iam:GetPolicy p3')).ok).toBe(true);
    expect((await call(b, 'x')).ok).toBe(true);
    expect(b.count).toBe(3);
  });
});

describe('planCalls', () => {
  it('puts the task read-back and the task definition first, then the calls that can prove the top-ranked candidate', () => {
    const s = SCENARIOS['network-no-route'];
    const f = failureOf(truncatedEvent(s));
    const hint = classifyText(f.reason, f.image, f.task.launchType);
    expect(hint.candidates.slice(0, 3)).toEqual([
      'network-no-route',
      'execution-role-ecr-permissions',
      'execution-role-missing',
    ]);
    const plan = planCalls(needsFor(hint, f), hint, f);
    const order = [...plan].sort((a, b) => a.priority - b.priority).map((p) => p.slot);
    expect(order.slice(0, 5)).toEqual([SLOT.task, SLOT.taskDefinition, SLOT.subnets, SLOT.routeTables, SLOT.endpoints]);
    // Proving the second candidate (the simulation) beats what only informs it and the lower-ranked network checks.
    expect(order.indexOf(SLOT.simulation)).toBeLessThan(order.indexOf(SLOT.attachedPolicies));
    expect(order.indexOf(SLOT.simulation)).toBeLessThan(order.indexOf(SLOT.securityGroups));
    expect(order.slice(-2)).toEqual([SLOT.securityGroups, SLOT.networkAcls]);
    // More than the budget: the over-budget tests below rest on it.
    expect(plan.reduce((n, p) => n + p.count, 0)).toBe(17);
    expect(MAX_CALLS_PER_DIAGNOSIS).toBe(15);
  });
});

describe('gatherFacts over budget', () => {
  it('skips the same calls — the lowest-ranked — whatever the order of the answers, and lists them as unchecked', async () => {
    const s = SCENARIOS['network-no-route'];
    const runs: Run[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) runs.push(await gatherOnce(s, truncatedEvent(s), seed));

    const first = runs[0]!;
    const budgetSkips = (r: Run) => r.facts.skipped.filter((x) => x.reason.startsWith(BUDGET_SKIP_REASON));
    expect(budgetSkips(first).map((x) => [x.check, x.api])).toEqual([
      ['network-acls', 'ec2:DescribeNetworkAcls'],
      ['security-groups', 'ec2:DescribeSecurityGroups'],
    ]);
    for (const r of runs) {
      expect(budgetSkips(r)).toEqual(budgetSkips(first));
      expect(r.apis).toEqual(first.apis);
      expect(r.apis).toHaveLength(MAX_CALLS_PER_DIAGNOSIS);
    }
    // The top candidate is still proven, and the skips are reported as things not checked.
    expect(first.d.cause).toBe('network-no-route');
    expect(first.d.confidence).toBe('proven');
    expect(first.d.unchecked).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          api: 'ec2:DescribeSecurityGroups',
          reason: expect.stringMatching(/^skipped: call budget/),
        }),
        expect.objectContaining({
          api: 'ec2:DescribeNetworkAcls',
          reason: expect.stringMatching(/^skipped: call budget/),
        }),
      ]),
    );
  });

  it('shares what is left among the policy-document fallback calls in a fixed order', async () => {
    const s = SCENARIOS['execution-role-ecr-permissions'];
    const custom = [1, 2, 3, 4, 5].map((i) => `arn:aws:iam::123456789012:policy/team-${i}`);
    const fallback = () => {
      mocks.iam
        .on(SimulatePrincipalPolicyCommand)
        .rejects(awsError('AccessDenied', 403, 'with an explicit deny in a service control policy'));
      mocks.iam.on(ListAttachedRolePoliciesCommand).resolves({
        AttachedPolicies: custom.map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split('/').pop() })),
        IsTruncated: false,
      });
      mocks.iam
        .on(ListRolePoliciesCommand)
        .resolves({ PolicyNames: ['inline-a', 'inline-b', 'inline-c'], IsTruncated: false });
      mocks.iam
        .on(GetPolicyCommand)
        .callsFake(async (i: { PolicyArn: string }) => ({ Policy: { Arn: i.PolicyArn, DefaultVersionId: 'v2' } }));
      const doc = encodeURIComponent(
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }],
        }),
      );
      mocks.iam
        .on(GetPolicyVersionCommand)
        .resolves({ PolicyVersion: { Document: doc, VersionId: 'v2', IsDefaultVersion: true } });
      mocks.iam.on(GetRolePolicyCommand).callsFake(async (i: { RoleName: string; PolicyName: string }) => ({
        RoleName: i.RoleName,
        PolicyName: i.PolicyName,
        PolicyDocument: doc,
      }));
    };
    const runs: Run[] = [];
    for (const seed of [11, 12, 13, 14, 15]) runs.push(await gatherOnce(s, s.event, seed, fallback));

    const skips = (r: Run) => r.facts.skipped.filter((x) => x.reason.startsWith(BUDGET_SKIP_REASON)).map((x) => x.api);
    for (const r of runs) {
      expect(r.apis).toHaveLength(MAX_CALLS_PER_DIAGNOSIS);
      expect(skips(r)).toEqual(skips(runs[0]!));
      expect(r.apis).toEqual(runs[0]!.apis);
    }
    // 7 planned calls (the task, its definition, the image, the repository policy, the simulation, the attached
    // policies, the role), then ListRolePolicies + 5 GetPolicy, then two GetPolicyVersion; the rest is skipped.
    expect(runs[0]!.apis.filter((a) => a === 'iam:GetPolicyVersion')).toHaveLength(2);
    expect(skips(runs[0]!)).toEqual([
      'iam:GetPolicyVersion',
      'iam:GetPolicyVersion',
      'iam:GetPolicyVersion',
      'iam:GetRolePolicy',
      'iam:GetRolePolicy',
      'iam:GetRolePolicy',
    ]);
    // With documents unread, the deny is not proven.
    expect(runs[0]!.d.confidence).not.toBe('proven');
  });
});
