/**
 * Preflight (issue 19), the engine run (not yet a CLI command): each container of a task definition examined as if its
 * pull started now, by the diagnosis's own probes and cause checks — the task definition given, nothing read back,
 * a larger call budget. A finding is a cause the account proves (or makes likely) for that container; what could not
 * be checked is listed, never taken for a pass.
 */
import type { CallContext } from '../aws/call';
import type { Clients } from '../aws/clients';
import { callPlanFor } from '../causes/call-plan';
import { diagnose } from '../diagnose/diagnose';
import type { CauseId, Confidence, Diagnosis, Unchecked } from '../domain/diagnosis';
import { gatherFacts } from '../facts/gather';
import type { TaskDefinitionFacts } from '../facts/types';
import { preflightHint, preflightSubject, type PreflightTarget } from './plan';

/** Calls per container: every cause's checks at once (a diagnosis of a stop text needs fewer). */
export const PREFLIGHT_MAX_CALLS = 40;

export interface PreflightFinding {
  container: string;
  cause: CauseId;
  confidence: Confidence;
  diagnosis: Diagnosis;
}

export interface PreflightReport {
  findings: PreflightFinding[];
  unchecked: Array<Unchecked & { container: string }>;
}

export async function runPreflight(
  td: TaskDefinitionFacts,
  target: PreflightTarget,
  clients: Clients,
  ctx: CallContext,
): Promise<PreflightReport> {
  const report: PreflightReport = { findings: [], unchecked: [] };
  for (const c of td.containers.filter((x) => x.image)) {
    const subject = preflightSubject(td, c.name, target);
    // The call plan of every cause, without the read-back of a task that never ran.
    const plan = callPlanFor(preflightHint(), subject);
    const facts = await gatherFacts(
      subject,
      { ...plan, needs: { ...plan.needs, task: false } },
      {
        clients,
        ctx,
        taskDefinition: td,
        maxCalls: PREFLIGHT_MAX_CALLS,
      },
    );
    const d = diagnose(subject, facts);
    if (d.cause !== 'unknown' && (d.confidence === 'proven' || d.confidence === 'likely'))
      report.findings.push({ container: c.name, cause: d.cause, confidence: d.confidence, diagnosis: d });
    // Nothing was read back for a task that never ran: that is not a check that failed.
    for (const u of d.unchecked) if (u.api !== 'ecs:DescribeTasks') report.unchecked.push({ ...u, container: c.name });
  }
  return report;
}
