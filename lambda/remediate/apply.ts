/**
 * applyPlan: executes the automatic steps of a plan that decide() allowed. Never throws; returns
 * `fixed` (with what changed, verification and the optional follow-up) or `failed` (what was done, the
 * step that failed and the steps not done).
 *
 * Order: validate the WHOLE plan (fail before the first write) → re-read state → write only what is
 * missing → describe again to verify → optional ecs:UpdateService --force-new-deployment.
 *
 * Deadline: the writes use their own CallContext with APPLY_DEADLINE_MS, independent of the evidence
 * deadline in env.ctx, so a slow diagnosis cannot cut a fix in half (a call abandoned mid-way is the worst
 * case: its result is unknown) — but never beyond env.deadlineAt, the time the invocation has left: a fix
 * cut off there is reported as failed (applied / not done); one cut off by the Lambda timeout is not
 * reported at all. The calls made are appended to env.ctx.calls for logs and the permission test.
 */
import { CallContext } from '../aws/call';
import type { Clients } from '../aws/clients';
import type { Diagnosis } from '../domain/diagnosis';
import type { Log } from '../log';
import { WRITE_ACTIONS } from '../permissions';
import { applyAttachExecutionRolePolicy, validateAttachStep } from './attach-execution-role-policy';
import { applyVpcEndpoints } from './create-vpc-endpoints';
import { validateEndpointSteps } from './vpc-endpoints/validate';
import { forceNewDeployment } from './force-new-deployment';
import type { PlanOptions } from './plan-options';
import type { StepRun } from './step-run';
import type { AppliedStep, Outcome, Plan, PlanStep } from './types';

/** Budget for all calls of one fix (describes + writes + verification + follow-up). */
export const APPLY_DEADLINE_MS = 60_000;

export interface ApplyEnv {
  clients: Clients;
  ctx: CallContext;
  incidentId: string;
  forceNewDeployment: boolean;
  /** The deployment's choices the plan was made with (the role scope is checked again before the write). */
  planOptions: PlanOptions;
  log?: Log;
  /**
   * Epoch ms by which the fix must have ended (the invocation's time left minus the time to notify), so
   * that a slow write ends as a reported 'failed' outcome instead of a Lambda timeout that nobody is told
   * about. APPLY_DEADLINE_MS still caps it.
   */
  deadlineAt?: number;
}

/** Validates the whole plan; an empty list means every automatic step may run. Pure. */
export function validatePlan(plan: Plan, diagnosis: Diagnosis, incidentId: string, options: PlanOptions): string[] {
  const steps = plan.steps.filter((s) => s.automatic);
  const problems: string[] = [];
  if (plan.cause !== diagnosis.cause)
    problems.push(`the plan is for ${plan.cause}, the diagnosis for ${diagnosis.cause}`);
  if (diagnosis.confidence !== 'proven') problems.push(`the cause is only ${diagnosis.confidence}`);
  if (plan.refusal) problems.push(`the plan is refused (${plan.refusal.textKey})`);
  if (diagnosis.fixInputs.taskConfirmation?.confirmed !== true)
    problems.push('the account does not confirm the task the event describes (ecs:DescribeTasks)');
  if (steps.length === 0) problems.push('the plan has no automatic step');
  switch (plan.autoFix) {
    case 'AutoFixExecutionRolePolicy':
      if (steps.length !== 1) problems.push('expected exactly one automatic step (attach the managed policy)');
      for (const s of steps) problems.push(...validateAttachStep(s, diagnosis, options.roleScope));
      problems.push(...outside(steps, WRITE_ACTIONS.executionRolePolicy));
      break;
    case 'AutoFixVpcEndpoints':
      problems.push(...validateEndpointSteps(steps, diagnosis, incidentId, options.endpointPolicy));
      problems.push(...outside(steps, WRITE_ACTIONS.vpcEndpoints));
      break;
    default:
      problems.push('the plan has no auto-fix');
  }
  return [...new Set(problems)];
}

function outside(steps: readonly PlanStep[], allowed: readonly string[]): string[] {
  return steps
    .filter((s) => !allowed.includes(s.action))
    .map((s) => `step ${s.id}: ${s.action} is not a declared write action of this auto-fix`);
}

export async function applyPlan(plan: Plan, diagnosis: Diagnosis, env: ApplyEnv): Promise<Outcome> {
  const steps = plan.steps.filter((s) => s.automatic);
  const writeCtx = new CallContext(
    Math.min(Date.now() + APPLY_DEADLINE_MS, env.deadlineAt ?? Number.POSITIVE_INFINITY),
  );
  const failed = (applied: AppliedStep[], failedStepId: string, error: string, notDone: string[]): Outcome => {
    env.log?.warn('auto-fix failed', {
      cause: plan.cause,
      failedStepId,
      error,
      applied: applied.map((a) => `${a.stepId}:${a.result}`),
      notDone,
    });
    return { kind: 'failed', plan, applied, failedStepId, error, notDone };
  };
  try {
    const problems = validatePlan(plan, diagnosis, env.incidentId, env.planOptions);
    if (problems.length > 0)
      return failed(
        [],
        'validate',
        `plan not applied, nothing was changed: ${problems.join('; ')}`,
        steps.map((s) => s.id),
      );

    let run: StepRun & { notDone?: string[] };
    if (plan.autoFix === 'AutoFixExecutionRolePolicy') {
      run = await applyAttachExecutionRolePolicy(steps[0]!, {
        iam: env.clients.iam,
        ctx: writeCtx,
        repositoryArn: diagnosis.resources.repositoryArn,
      });
    } else {
      run = await applyVpcEndpoints(steps, diagnosis, {
        ec2: env.clients.ec2,
        ctx: writeCtx,
        incidentId: env.incidentId,
      });
    }
    if (run.failure) {
      const notDone =
        run.notDone ??
        steps.map((s) => s.id).filter((id) => id !== run.failure!.stepId && !run.applied.some((a) => a.stepId === id));
      return failed(run.applied, run.failure.stepId, run.failure.error, notDone);
    }
    env.log?.info('auto-fix applied', {
      cause: plan.cause,
      verified: run.verified,
      applied: run.applied.map((a) => `${a.stepId}:${a.result}`),
    });

    const followUp: AppliedStep[] = [];
    if (env.forceNewDeployment && diagnosis.resources.service) {
      followUp.push(
        run.verified
          ? await forceNewDeployment(diagnosis, { ecs: env.clients.ecs, ctx: writeCtx })
          : {
              stepId: 'force-new-deployment',
              action: 'ecs:UpdateService',
              result: 'skipped',
              detail: 'the fix could not be verified; no new deployment started',
            },
      );
    }
    return {
      kind: 'fixed',
      plan,
      applied: run.applied,
      verified: run.verified,
      ...(followUp.length > 0 ? { followUp } : {}),
    };
  } catch (err) {
    // Only a bug gets here (every AWS call goes through callAws, which never throws).
    return failed(
      [],
      'unexpected',
      `unexpected error while applying: ${err instanceof Error ? err.message : String(err)}`,
      steps.map((s) => s.id),
    );
  } finally {
    env.ctx.calls.push(...writeCtx.calls);
  }
}
