/**
 * Issue 13, the execution-role auto-fix: "proven" means proven for the fix. The scenario account of
 * execution-role-ecr-permissions (test/helpers/scenarios.ts: a role with only a logs policy) through
 * runPipeline with AutoFixExecutionRolePolicy on, its IAM answers changed one at a time: an SCP deny, a
 * permissions-boundary deny, a grant IAM cannot decide, a repository policy that grants the role, a role that
 * is not an ECS role. None of them is fixed, each message says why; the genuine case is fixed and the message
 * says whether a new simulation allows the pull. (SimulatePrincipalPolicy is not in moto: SDK mocks only.)
 */
import { callPlanFor } from '../../lambda/causes/call-plan';
import {
  GetRoleCommand,
  SimulatePrincipalPolicyCommand,
  type SimulatePrincipalPolicyCommandInput,
} from '@aws-sdk/client-iam';
import { GetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { CallContext, criticalPathRounds } from '../../lambda/aws/call';
import { createClients } from '../../lambda/aws/clients';
import { diagnose } from '../../lambda/diagnose/diagnose';
import { classifyText } from '../../lambda/causes/classify';
import { findPullFailure } from '../../lambda/event/pull-failure';
import { parseTaskStateChange } from '../../lambda/event/schema';
import { gatherFacts } from '../../lambda/facts/gather';
import { runPipeline } from '../../lambda/pipeline';
import { decide } from '../../lambda/remediate/decide';
import { mocks, writeCommands } from '../helpers/aws-mocks';
import { emailOf, expectNotified, harnessDeps, PublishCommand } from '../helpers/pipeline-harness';
import { IDS, SCENARIOS } from '../helpers/scenarios';
import { withLatency } from '../helpers/latency';

const s = SCENARIOS['execution-role-ecr-permissions'];
const ROLE = IDS.executionRole;
const ON = { autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: false };

async function run(event: unknown = s.event) {
  const result = expectNotified(await runPipeline(event, harnessDeps({ config: ON })));
  const published = mocks.sns.commandCalls(PublishCommand);
  expect(published).toHaveLength(1);
  return { result, email: emailOf(published[0]!.args[0].input), writes: writeCommands() };
}

type Decision = 'allowed' | 'implicitDeny' | 'explicitDeny';
/** SimulatePrincipalPolicy as AWS answers it; `decide` per action, `extra` on every EvaluationResult. */
function simulation(
  decideFor: (action: string) => Decision,
  extra: (action: string) => Record<string, unknown> = () => ({}),
  perResource: (action: string) => Record<string, unknown> = () => ({}),
) {
  mocks.iam.on(SimulatePrincipalPolicyCommand).callsFake(async (input: SimulatePrincipalPolicyCommandInput) => ({
    IsTruncated: false,
    EvaluationResults: input.ActionNames!.map((a) => ({
      EvalActionName: a,
      EvalResourceName: '*',
      EvalDecision: decideFor(a),
      MatchedStatements: [],
      MissingContextValues: [],
      OrganizationsDecisionDetail: { AllowedByOrganizations: true },
      ...extra(a),
      ResourceSpecificResults: (input.ResourceArns ?? ['*']).map((r) => ({
        EvalResourceName: r,
        EvalResourceDecision: decideFor(a),
        MatchedStatements: [],
        MissingContextValues: [],
        ...perResource(a),
      })),
    })),
  }));
}
const denyAll = (): Decision => 'implicitDeny';

describe('execution-role auto-fix with AutoFixExecutionRolePolicy on', () => {
  it('fixes the genuine case and says that a new simulation allows the pull (control)', async () => {
    s.mock();
    const { result, email, writes } = await run();
    expect(result.outcome.kind).toBe('fixed');
    expect(writes).toEqual(['iam:AttachRolePolicy']);
    if (result.outcome.kind !== 'fixed') throw new Error('not fixed');
    expect(result.outcome.applied[0]).toMatchObject({ permissionCheck: 'allowed' });
    expect(email).toContain(`A new IAM simulation now allows ${ROLE} the ECR pull.`);
  });

  it.each([
    [
      'a service control policy (OrganizationsDecisionDetail)',
      'organizations',
      () => ({ OrganizationsDecisionDetail: { AllowedByOrganizations: false } }),
      () => ({}),
      `A service control policy of the organization denies ${ROLE} the ECR pull, so attaching a policy to the role cannot help.`,
    ],
    [
      'the permissions boundary (PermissionsBoundaryDecisionDetail)',
      'permissions-boundary',
      () => ({ PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false } }),
      () => ({ PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false } }),
      `The permissions boundary of ${ROLE} denies it the ECR pull, so attaching a policy to the role cannot help.`,
    ],
  ] as const)(
    'does not attach when %s denies: not proven, no automatic step, the reason in the message',
    async (_n, kind, extra, perResource, sentence) => {
      s.mock();
      simulation(denyAll, extra, perResource);
      const { result, email, writes } = await run();
      const d = result.diagnosis;
      expect(d).toMatchObject({
        cause: 'execution-role-ecr-permissions',
        confidence: 'likely',
        fixInputs: { denyKind: kind },
      });
      expect(result.outcome.plan.steps.filter((x) => x.automatic)).toEqual([]);
      expect(decide(d, result.outcome.plan, ON)).toEqual({ apply: false, reason: 'not-proven' });
      expect(result.outcome).toMatchObject({ kind: 'proposed', reason: 'not-proven' });
      expect(writes).toEqual([]);
      expect(email).toContain(sentence);
    },
  );

  it('does not attach over a conditional grant IAM could not decide (MissingContextValues), and names the key', async () => {
    s.mock();
    simulation(
      denyAll,
      () => ({ MissingContextValues: ['aws:SourceVpce'] }),
      () => ({ MissingContextValues: ['aws:SourceVpce'] }),
    );
    const { result, email, writes } = await run();
    expect(result.diagnosis).toMatchObject({
      cause: 'execution-role-ecr-permissions',
      confidence: 'possible',
      fixInputs: { denyKind: 'undecided', missingContextKeys: ['aws:SourceVpce'] },
    });
    expect(result.outcome.kind).toBe('proposed');
    expect(writes).toEqual([]);
    expect(email).toContain('IAM could not decide without aws:SourceVpce: the grant is conditional.');
  });

  it('does not attach when the same-account repository policy grants the role the pull (identity implicit deny is no proof)', async () => {
    s.mock();
    simulation((a) => (a === 'ecr:GetAuthorizationToken' ? 'allowed' : 'implicitDeny'));
    mocks.ecr
      .on(GetRepositoryPolicyCommand)
      .callsFake(async (input: { registryId: string; repositoryName: string }) => ({
        registryId: input.registryId,
        repositoryName: input.repositoryName,
        policyText: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'PullForTheService',
              Effect: 'Allow',
              Principal: { AWS: ROLE },
              Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
            },
          ],
        }),
      }));
    const { result, email, writes } = await run();
    expect(
      result.diagnosis.cause === 'execution-role-ecr-permissions' && result.diagnosis.confidence === 'proven',
    ).toBe(false);
    expect(result.outcome.kind).toBe('proposed');
    expect(writes).toEqual([]);
    expect(email).toContain(
      `grants ${ROLE} ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer, ecr:BatchGetImage: in the task's account that is enough without any identity policy`,
    );
  });

  it('refuses a role that does not trust ecs-tasks.amazonaws.com, and says so', async () => {
    s.mock();
    mocks.iam.on(GetRoleCommand).callsFake(async (input: { RoleName: string }) => ({
      Role: {
        Path: '/',
        RoleName: input.RoleName,
        RoleId: `AROA${'Z'.repeat(17)}`,
        Arn: ROLE,
        CreateDate: new Date('2025-06-01T00:00:00Z'),
        AssumeRolePolicyDocument: encodeURIComponent(
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          }),
        ),
      },
    }));
    const { result, email, writes } = await run();
    expect(result.diagnosis).toMatchObject({
      confidence: 'proven',
      fixInputs: { executionRole: { trustsEcsTasks: false } },
    });
    expect(result.outcome).toMatchObject({
      kind: 'proposed',
      reason: 'refused',
      plan: { refusal: { textKey: 'plan.refusal.role-not-ecs-tasks' } },
    });
    expect(writes).toEqual([]);
    expect(email).toContain(`Not applied automatically: ${ROLE} does not trust ecs-tasks.amazonaws.com`);
  });
});

describe('the repository policy, when only it decides (not a candidate from the text)', () => {
  // An unrecognised stop reason (the `unknown` scenario's): repository-policy-denies is no candidate, so the
  // policy is not read up front; the simulation still runs (an unknown cause examines the role).
  const unknownText = () => {
    const e = s.event as { detail: { stoppedReason: string; containers: Array<{ reason?: string }> } };
    e.detail.stoppedReason =
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: an internal error occurred. Launch a new task to retry.';
    for (const c of e.detail.containers) if (c.reason) c.reason = e.detail.stoppedReason;
    return e;
  };
  async function gather(event: unknown) {
    const parsed = parseTaskStateChange(event);
    if (!parsed.ok) throw new Error(parsed.reason);
    const f = findPullFailure(parsed.task);
    if (!f.ok) throw new Error(f.reason);
    const ctx = new CallContext();
    const hint = classifyText(f.failure.reason, f.failure.image, f.failure.task.launchType);
    const facts = await gatherFacts(f.failure, callPlanFor(hint, f.failure), { clients: createClients(s.region), ctx });
    return { hint, ctx, facts, d: diagnose(f.failure, facts) };
  }

  it('is read after the simulation (wave 3) when the simulation denies only repository actions, and decides', async () => {
    s.mock();
    simulation((a) => (a === 'ecr:GetAuthorizationToken' ? 'allowed' : 'implicitDeny'));
    const restore = withLatency(); // waves overlap as against AWS, so the round count is not microtask order
    const { hint, ctx, facts, d } = await gather(unknownText()).finally(restore);
    expect(hint.candidates).not.toContain('repository-policy-denies');
    const apis = ctx.calls.map((c) => c.api);
    expect(apis.filter((a) => a === 'ecr:GetRepositoryPolicy')).toHaveLength(1);
    expect(apis.indexOf('ecr:GetRepositoryPolicy')).toBeGreaterThan(apis.indexOf('iam:SimulatePrincipalPolicy'));
    expect(criticalPathRounds(ctx.calls)).toBeLessThanOrEqual(4);
    // The scenario's repository has no policy: the identity implicit deny is proof.
    expect(facts.ecr?.repositoryPolicy).toEqual({ ok: true, value: null });
    expect(d).toMatchObject({ cause: 'execution-role-ecr-permissions', confidence: 'proven' });
  });

  it('is not read when the ECR token is denied too (only an identity policy can grant that)', async () => {
    s.mock();
    const { ctx, d } = await gather(unknownText());
    expect(ctx.calls.map((c) => c.api)).not.toContain('ecr:GetRepositoryPolicy');
    expect(d).toMatchObject({ cause: 'execution-role-ecr-permissions', confidence: 'proven' });
  });
});
