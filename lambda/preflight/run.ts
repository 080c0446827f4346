/**
 * Preflight (issue 19), the engine: each container of a task definition examined as if its pull started now, by the
 * diagnosis's own probes and cause checks — the task definition and network given, nothing read back, a larger call
 * budget. A finding is a cause the account proves or makes likely for that container (or a risk, PREFLIGHT_RISKS),
 * with the diagnosis's evidence and proposal; what could not be checked is listed, never taken for a pass.
 */
import type { CallContext } from '../aws/call';
import type { Clients } from '../aws/clients';
import { callPlanFor } from '../causes/call-plan';
import { planRemediation } from '../causes/plan';
import { diagnose, diagnoseEach } from '../diagnose/diagnose';
import type { CauseId, Confidence, Diagnosis, Evidence, Unchecked } from '../domain/diagnosis';
import { gatherFacts } from '../facts/gather';
import type { TaskDefinitionFacts } from '../facts/types';
import type { PlanOptions } from '../remediate/plan-options';
import type { Plan } from '../remediate/types';
import { PREFLIGHT_RISKS, preflightHint, preflightNetwork, preflightSubject, type PreflightTarget } from './plan';

/** Calls per container: every cause's checks at once (a diagnosis of a stop text needs fewer). */
export const PREFLIGHT_MAX_CALLS = 40;

export interface PreflightFinding {
  container: string;
  image: string;
  cause: CauseId;
  confidence: Confidence;
  /** The diagnosis with this cause chosen, without the evidence only a task that ran has (stop text, read-back). */
  diagnosis: Diagnosis;
  /** The fix as a person would run it before the deploy (no redeploy of a service that has not failed). */
  proposal: Plan;
}

export interface PreflightReport {
  taskDefinition: string;
  target: PreflightTarget;
  /** The containers examined (those with an image), in task definition order. */
  containers: Array<{ name: string; image: string }>;
  findings: PreflightFinding[];
  unchecked: Array<Unchecked & { container: string }>;
}

/** Evidence only a stopped task has: its stop text and its read-back (ecs:DescribeTasks). */
const TASK_ONLY_CHECKS = new Set(['stop-reason-text', 'task-confirmed']);
const beforeDeploy = (e: Evidence) => !TASK_ONLY_CHECKS.has(e.check);

/**
 * The plan without the steps about a task that ran or a service to roll (before a deploy there is neither), and
 * without the commands that would read a definition not registered yet (its file is what the user edits).
 */
function proposalOf(d: Diagnosis, td: TaskDefinitionFacts, options: PlanOptions | undefined): Plan {
  const plan = planRemediation(d, undefined, options);
  const registered = td.arn.startsWith('arn:');
  const steps = plan.steps
    .filter((s) => !s.id.startsWith('redeploy') && s.action !== 'ecs:RunTask' && !s.command?.includes('describe-tasks'))
    .map((s) => {
      if (registered || !s.command?.includes(td.arn)) return s;
      const { command: _, ...rest } = s;
      return rest;
    });
  return { ...plan, steps };
}

/** A repository that does not exist has no policy, images or tags to read: not a check that could not run. */
function missingRepositoryEcho(u: Unchecked, findings: readonly PreflightFinding[], container: string): boolean {
  const missing = findings.some(
    (f) => f.container === container && f.cause === 'repository-not-found' && f.confidence === 'proven',
  );
  return missing && u.api.startsWith('ecr:') && /RepositoryNotFoundException/.test(u.reason);
}

/** Why a check could not run, as preflight says it (the gatherer speaks of an event). */
function uncheckedOf(u: Unchecked, target: PreflightTarget): Unchecked {
  if (u.check === 'subnets' && target.subnetIds.length === 0)
    return {
      ...u,
      reason:
        'no subnets given: pass --subnets (with --security-groups and --assign-public-ip), or --cluster and ' +
        "--service to use the service's network configuration",
    };
  if (u.check === 'container-instance')
    return {
      ...u,
      reason:
        'the task would pull through a container instance (EC2, bridge or host network mode); preflight does not ' +
        "pick one, so that instance's network path was not checked",
    };
  return u;
}

export async function runPreflight(
  td: TaskDefinitionFacts,
  target: PreflightTarget,
  clients: Clients,
  ctx: CallContext,
  options?: PlanOptions,
): Promise<PreflightReport> {
  const containers = td.containers.filter((c) => c.image).map((c) => ({ name: c.name, image: c.image! }));
  const report: PreflightReport = { taskDefinition: td.arn, target, containers, findings: [], unchecked: [] };
  const service = preflightNetwork(td, target);
  for (const c of containers) {
    const subject = preflightSubject(td, c.name, target);
    // The call plan of every cause, without the read-back of a task that never ran.
    const plan = callPlanFor(preflightHint(), subject);
    const facts = await gatherFacts(
      subject,
      { ...plan, needs: { ...plan.needs, task: false } },
      { clients, ctx, taskDefinition: td, maxCalls: PREFLIGHT_MAX_CALLS, ...(service ? { service } : {}) },
    );
    for (const found of diagnoseEach(subject, facts, PREFLIGHT_RISKS)) {
      const d = { ...found, evidence: found.evidence.filter(beforeDeploy) };
      const f = { container: c.name, image: c.image, cause: d.cause, confidence: d.confidence, diagnosis: d };
      report.findings.push({ ...f, proposal: proposalOf(d, td, options) });
    }
    // Nothing was read back for a task that never ran: that is not a check that failed.
    for (const u of diagnose(subject, facts).unchecked)
      if (u.api !== 'ecs:DescribeTasks' && !missingRepositoryEcho(u, report.findings, c.name))
        report.unchecked.push({ ...uncheckedOf(u, target), container: c.name });
  }
  return report;
}
