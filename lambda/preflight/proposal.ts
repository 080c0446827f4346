/**
 * The fix preflight proposes for a finding (pure): the diagnosis's own plan, without the steps about a task that ran
 * or a service to roll (before a deploy there is neither). For a definition not registered yet, the steps that would
 * read it back from ECS say instead to correct the file, which is what the user edits.
 */
import { planRemediation } from '../causes/plan';
import type { Diagnosis } from '../domain/diagnosis';
import type { TaskDefinitionFacts } from '../facts/types';
import type { PlanOptions } from '../remediate/plan-options';
import type { Plan, PlanStep } from '../remediate/types';

const NEW_REVISION = 'plan.common.new-revision';

function forFile(s: PlanStep, td: TaskDefinitionFacts): PlanStep {
  if (!s.command?.includes(td.arn)) return s;
  const { command, ...rest } = s;
  if (s.textKey !== NEW_REVISION) return rest;
  const what = /# edit taskdef\.json \(([^)]*)\)/.exec(command)?.[1] ?? 'the container definition';
  return { ...rest, textKey: 'preflight.plan.edit-file', textArgs: { what, family: td.family ?? '' } };
}

export function proposalOf(d: Diagnosis, td: TaskDefinitionFacts, options: PlanOptions | undefined): Plan {
  const plan = planRemediation(d, undefined, options);
  const registered = td.arn.startsWith('arn:');
  const steps = plan.steps
    .filter((s) => !s.id.startsWith('redeploy') && !s.command?.includes('describe-tasks'))
    .map((s) => (registered ? s : forFile(s, td)));
  return { ...plan, steps };
}
