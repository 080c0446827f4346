/**
 * Preflight (issue 19), the engine: each container of a task definition examined as if its pull started now, by the
 * diagnosis's own probes and cause checks — the task definition and network given, nothing read back, a larger call
 * budget. A finding is a cause the account proves or makes likely for that container (or a risk, PREFLIGHT_RISKS),
 * with the diagnosis's evidence and proposal. What could not be checked — a failed call, or a check that ran and could
 * not decide — is listed, never taken for a pass, once for all the containers it concerns.
 */
import type { CallContext } from '../aws/call';
import type { Clients } from '../aws/clients';
import { callPlanFor } from '../causes/call-plan';
import { diagnose, diagnoseEach, type Undecided } from '../diagnose/diagnose';
import {
  blockedBy,
  isFailedCall,
  type CauseId,
  type Confidence,
  type Diagnosis,
  type Evidence,
  type Unchecked,
} from '../domain/diagnosis';
import { gatherFacts } from '../facts/gather';
import { readImageConfig } from '../facts/probes/image-config';
import type { TaskDefinitionFacts } from '../facts/types';
import type { PlanOptions } from '../remediate/plan-options';
import { PREFLIGHT_RISKS, preflightHint, preflightNetwork, preflightSubject, type PreflightTarget } from './plan';
import { proposalOf } from './proposal';

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
  proposal: ReturnType<typeof proposalOf>;
}

export interface PreflightReport {
  taskDefinition: string;
  target: PreflightTarget;
  /** The containers examined (those with an image), in task definition order. */
  containers: Array<{ name: string; image: string }>;
  findings: PreflightFinding[];
  /** `container`: the containers it concerns, comma-separated (a network check is the same for all of them). */
  unchecked: Array<Unchecked & { container: string }>;
  /** A bridge/host task on EC2: its network is a container instance's, which preflight cannot know. */
  instanceNetwork: boolean;
}

/** Evidence only a stopped task has: its stop text and its read-back (ecs:DescribeTasks). */
const TASK_ONLY_CHECKS = new Set(['stop-reason-text', 'task-confirmed']);
const beforeDeploy = (e: Evidence) => !TASK_ONLY_CHECKS.has(e.check);

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
  if (u.check === 'execution-role-permissions' && target.launchType === 'EC2')
    return {
      ...u,
      reason:
        'the task definition has no execution role, so the container instance role would pull; preflight does ' +
        'not pick an instance, so that role was not checked',
    };
  return u;
}

/** A check that ran and could not decide, unless a failed call it depends on already says why. */
function undecidedOf(u: Undecided, failed: readonly Unchecked[]): Unchecked | undefined {
  const open = u.evidence.filter((e) => !failed.some((f) => blockedBy(e, f)));
  if (u.evidence.some((e) => e.result === 'unknown') && !open.some((e) => e.result === 'unknown')) return undefined;
  const why = open.find((e) => e.result === 'unknown') ?? open[0];
  const verdict = u.verdict === 'possible' ? 'possible, not decided' : 'could not be decided';
  return { check: u.cause, api: '-', reason: why ? `${verdict}: ${why.detail}` : verdict };
}

/** A subnet given for a bridge/host task on EC2 is not where it pulls from: the instance's network is. */
const pullsThroughInstance = (td: TaskDefinitionFacts, t: PreflightTarget) =>
  t.launchType === 'EC2' && (td.networkMode ?? 'bridge') !== 'awsvpc';

export async function runPreflight(
  td: TaskDefinitionFacts,
  given: PreflightTarget,
  clients: Clients,
  ctx: CallContext,
  options?: PlanOptions,
): Promise<PreflightReport> {
  const instanceNetwork = pullsThroughInstance(td, given);
  const { assignPublicIp: _, ...rest } = given;
  const target: PreflightTarget = instanceNetwork ? { ...rest, subnetIds: [], securityGroupIds: [] } : given;
  const containers = td.containers.filter((c) => c.image).map((c) => ({ name: c.name, image: c.image! }));
  const findings: PreflightFinding[] = [];
  const unchecked = new Map<string, Unchecked & { container: string }>();
  const note = (u: Unchecked, container: string) => {
    const key = `${u.check}\u0000${u.api}\u0000${u.reason}`;
    const seen = unchecked.get(key);
    unchecked.set(key, seen ? { ...seen, container: `${seen.container}, ${container}` } : { ...u, container });
  };
  const service = preflightNetwork(td, target);
  for (const c of containers) {
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
        readImageConfig,
        ...(service ? { service } : {}),
      },
    );
    const each = diagnoseEach(subject, facts, PREFLIGHT_RISKS);
    for (const found of each.findings) {
      const d = { ...found, evidence: found.evidence.filter(beforeDeploy) };
      const f = { container: c.name, image: c.image, cause: d.cause, confidence: d.confidence, diagnosis: d };
      findings.push({ ...f, proposal: proposalOf(d, td, options) });
    }
    // Nothing was read back for a task that never ran: that is not a check that failed.
    const failed = diagnose(subject, facts).unchecked.filter((u) => u.api !== 'ecs:DescribeTasks');
    const proven = new Set(findings.filter((f) => f.container === c.name).map((f) => f.cause));
    for (const u of failed) if (!missingRepositoryEcho(u, proven)) note(uncheckedOf(u, target), c.name);
    // A pull proven to fail is fixed first: what else could not be decided is told once that is done.
    const fails = findings.some((f) => f.container === c.name && f.confidence === 'proven');
    for (const u of fails ? [] : each.undecided) {
      const entry = undecidedOf(u, failed.filter(isFailedCall));
      if (entry && !proven.has(u.cause)) note(entry, c.name);
    }
  }
  return { taskDefinition: td.arn, target, containers, findings, unchecked: [...unchecked.values()], instanceNetwork };
}

/** A repository that does not exist has no policy, images or tags to read: not a check that could not run. */
function missingRepositoryEcho(u: Unchecked, found: ReadonlySet<CauseId>): boolean {
  return found.has('repository-not-found') && u.api.startsWith('ecr:') && /RepositoryNotFoundException/.test(u.reason);
}
