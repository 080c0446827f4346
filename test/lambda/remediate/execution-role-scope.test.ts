/**
 * The attach auto-fix acts only where attaching the managed policy is the fix, and only on an ECS role in the
 * deployment's scope (issue 13). Pure: diagnosis fixtures in, plan / decision / validation out. The planner
 * refuses with a text that says why and what a person should do; validatePlan (before any write) repeats the
 * same checks independently.
 */
import { CAUSE_TEXTS } from '../../../lambda/causes/catalogue';
import type { FixInputs } from '../../../lambda/domain/diagnosis';
import { render } from '../../../lambda/notify/render';
import { validatePlan } from '../../../lambda/remediate/apply';
import { decide } from '../../../lambda/remediate/decide';
import { planRemediation } from '../../../lambda/causes/plan';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions } from '../../../lambda/remediate/plan-options';
import type { Plan } from '../../../lambda/remediate/types';
import { diagnosis, type Loose, ROLE_ARN, ROLE_FIX_INPUTS } from './diagnosis-builder';

const ON = { autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: false };
const INCIDENT = 'inc-role-scope';
const automatic = (p: Plan) => p.steps.filter((s) => s.automatic).map((s) => s.id);
const scoped = (path: string, requireTag = false): PlanOptions => ({
  ...DEFAULT_PLAN_OPTIONS,
  roleScope: { path, requireTag },
});
const role = (over: Partial<NonNullable<FixInputs['executionRole']>>) => ({
  executionRole: { ...ROLE_FIX_INPUTS.executionRole!, ...over },
});

/** A refused plan: no automatic step, a refusal text in both languages, and validatePlan would not write either. */
function expectRefused(fixInputs: Loose<FixInputs>, options: PlanOptions, textKey: string): Plan {
  const d = diagnosis('execution-role-ecr-permissions', { fixInputs });
  const plan = planRemediation(d, undefined, options);
  expect(plan.refusal?.textKey).toBe(textKey);
  expect(automatic(plan)).toEqual([]);
  expect(CAUSE_TEXTS.en[textKey]).toBeTruthy();
  expect(CAUSE_TEXTS.ja[textKey]).toBeTruthy();
  expect(decide(d, plan, ON)).toEqual({ apply: false, reason: 'refused' });
  // Belt and braces: the same plan, forced automatic, does not pass validation.
  const { refusal: _refused, ...unrefused } = plan;
  const forced: Plan = {
    ...unrefused,
    steps: plan.steps.map((s) => (s.id === 'attach-execution-role-policy' ? { ...s, automatic: true } : s)),
  };
  if (forced.steps.some((s) => s.automatic)) expect(validatePlan(forced, d, INCIDENT, options)).not.toEqual([]);
  return plan;
}

describe('execution-role-ecr-permissions: when attaching cannot help', () => {
  it('refuses an SCP deny, names it, and proposes no attach at all', () => {
    const plan = expectRefused({ denyKind: 'organizations' }, DEFAULT_PLAN_OPTIONS, 'plan.refusal.scp-deny');
    expect(plan.steps.map((s) => s.action)).not.toContain('iam:AttachRolePolicy');
    expect(plan.steps.map((s) => s.id)).toContain('find-deny');
  });

  it('refuses a permissions-boundary deny and proposes no attach', () => {
    const plan = expectRefused(
      { denyKind: 'permissions-boundary' },
      DEFAULT_PLAN_OPTIONS,
      'plan.refusal.permissions-boundary-deny',
    );
    expect(plan.steps.map((s) => s.action)).not.toContain('iam:AttachRolePolicy');
  });

  it('refuses a deny IAM could not decide, proposes no broad grant, and shows how to simulate with the missing keys', () => {
    const plan = expectRefused(
      { denyKind: 'undecided', missingContextKeys: ['aws:SourceVpce'] },
      DEFAULT_PLAN_OPTIONS,
      'plan.refusal.undecided-condition',
    );
    expect(plan.refusal?.textArgs).toMatchObject({ keys: 'aws:SourceVpce' });
    // No broad grant is proposed over the conditional one (neither the managed policy nor an inline one).
    expect(plan.steps.map((s) => s.action)).not.toEqual(expect.arrayContaining(['iam:AttachRolePolicy']));
    expect(plan.steps.map((s) => s.action)).not.toContain('iam:PutRolePolicy');
    expect(plan.steps.find((s) => s.id === 'review-condition')?.command).toContain(
      "'ContextKeyName=aws:SourceVpce,ContextKeyValues=<VALUE>,ContextKeyType=string'",
    );
  });
});

describe('execution-role-ecr-permissions: only an ECS role in scope', () => {
  it('applies for an ECS role under the configured path (control)', () => {
    const d = diagnosis('execution-role-ecr-permissions');
    const plan = planRemediation(d, undefined, scoped('/ecs/'));
    expect(plan.refusal).toBeUndefined();
    expect(automatic(plan)).toEqual(['attach-execution-role-policy']);
    expect(decide(d, plan, ON)).toEqual({ apply: true });
    expect(validatePlan(plan, d, INCIDENT, scoped('/ecs/'))).toEqual([]);
  });

  it('refuses when the trust policy was not read', () => {
    expectRefused({ executionRole: undefined }, DEFAULT_PLAN_OPTIONS, 'plan.refusal.role-trust-unknown');
  });

  it('refuses a role that does not trust ecs-tasks.amazonaws.com', () => {
    expectRefused(role({ trustsEcsTasks: false }), DEFAULT_PLAN_OPTIONS, 'plan.refusal.role-not-ecs-tasks');
  });

  it('refuses a role outside the path scope (and "/ecsx/" is not under "/ecs/")', () => {
    const plan = expectRefused(role({ path: '/admin/' }), scoped('/ecs/'), 'plan.refusal.role-path-out-of-scope');
    expect(plan.refusal?.textArgs).toMatchObject({ path: '/admin/', scopePath: '/ecs/', roleArn: ROLE_ARN });
    expectRefused(role({ path: '/ecsx/' }), scoped('/ecs/'), 'plan.refusal.role-path-out-of-scope');
  });

  it('refuses a role without the opt-in tag when the tag is required, and applies with it', () => {
    const plan = expectRefused(role({ tags: { team: 'web' } }), scoped('/', true), 'plan.refusal.role-tag-missing');
    expect(plan.refusal?.textArgs).toMatchObject({ tagKey: 'ecs-pull-doctor:auto-fix', tagValue: 'allowed' });
    expectRefused(
      role({ tags: { 'ecs-pull-doctor:auto-fix': 'yes' } }),
      scoped('/', true),
      'plan.refusal.role-tag-missing',
    );
    const d = diagnosis('execution-role-ecr-permissions', {
      fixInputs: role({ tags: { 'ecs-pull-doctor:auto-fix': 'allowed' } }),
    });
    const tagged = planRemediation(d, undefined, scoped('/', true));
    expect(automatic(tagged)).toEqual(['attach-execution-role-policy']);
    expect(validatePlan(tagged, d, INCIDENT, scoped('/', true))).toEqual([]);
  });

  it('validatePlan checks the scope it is given, whatever the plan says', () => {
    const d = diagnosis('execution-role-ecr-permissions');
    const plan = planRemediation(d); // planned with the default scope
    expect(validatePlan(plan, d, INCIDENT, scoped('/teams/'))).toEqual([
      expect.stringContaining('the role path /ecs/ is outside /teams/'),
    ]);
    expect(validatePlan(plan, d, INCIDENT, scoped('/', true))).toEqual([
      expect.stringContaining('lacks the auto-fix tag'),
    ]);
  });

  it('says in the message why the role was not changed (refused, with what to do)', () => {
    const d = diagnosis('execution-role-ecr-permissions', { fixInputs: role({ trustsEcsTasks: false }) });
    const plan = planRemediation(d);
    const body = render({
      diagnosis: d,
      outcome: { kind: 'proposed', plan, reason: 'refused' },
      incident: { id: INCIDENT, role: 'first', count: 1, firstSeenAt: '2026-12-04T00:00:00Z', windowMinutes: 60 },
      language: 'en',
    }).body;
    expect(body).toContain(`Not applied automatically: ${ROLE_ARN} does not trust ecs-tasks.amazonaws.com`);
  });
});
