/**
 * Pure: (failure, facts) → Diagnosis. With facts undefined it is the text-only mode (offline CLI): the
 * family and ranked candidates come from the stop reason alone. With facts, every cause check runs
 * (checks whose facts were not gathered answer not-applicable) and the candidates are ranked:
 * proven > likely > possible > unknown > unlikely, ties broken by the text's ranking; ruled-out and
 * not-applicable causes are dropped from the candidates but their evidence is kept.
 */
import { namedInStopReason } from '../domain/named-in-text';
import { confirmTask } from './confirm-task';
import { baseResources, fillResources } from './resources';
import { groupByFailedCall, uniqueUnknowns, unknownFacts } from './unchecked';
import type { PullFailure } from '../event/pull-failure';
import { safeText } from '../domain/redact';
import type { Facts } from '../facts/types';
import { classifyText, normalizeReason, type TextHint } from '../causes/classify';
import { parseImageRef } from '../domain/image-ref';
import { CAUSE_CHECKS } from '../causes/registry';
import { said } from '../causes/say';
import { buildContext, listArgs, T, valueParts, type CheckResult, type Verdict } from '../causes/context';
import { unparsableImageText } from '../causes/image/shared';
import {
  familyOf,
  type CauseId,
  type Confidence,
  type Diagnosis,
  type Evidence,
  type FixInputs,
  type SidecarFinding,
} from '../domain/diagnosis';

const RANK: Record<Verdict, number> = {
  proven: 0,
  likely: 1,
  possible: 2,
  unknown: 3,
  unlikely: 4,
  'ruled-out': 9,
  'not-applicable': 9,
};

/** Text alone is decisive for these (with the stated condition). */
function textConfidence(hint: TextHint, failure: PullFailure, text: string): Confidence {
  const top = hint.candidates[0];
  const ref = failure.image ? parseImageRef(failure.image) : undefined;
  const lt = (failure.task.launchType ?? '').toUpperCase();
  if (top === 'dockerhub-rate-limit' && ref?.ok && ref.ref.registryType === 'dockerhub') return 'likely';
  if (top === 'disk-space' && (lt === 'EC2' || lt === 'EXTERNAL')) return 'likely';
  if (
    top === 'invalid-image-reference' &&
    (/failed to normalize image reference|invalid reference format/i.test(text) || ref?.ok === false)
  )
    return 'likely';
  if (top === 'platform-mismatch') return 'likely';
  return 'possible';
}

export function diagnose(failure: PullFailure, facts?: Facts): Diagnosis {
  const d = diagnoseFrom(failure, facts);
  const named = namedInStopReason(failure.reason);
  if (named.secrets || named.executionRoleName) d.fixInputs.namedInStopReason = named;
  return d;
}

function diagnoseFrom(failure: PullFailure, facts?: Facts): Diagnosis {
  const text = normalizeReason(failure.reason);
  const hint = classifyText(failure.reason, failure.image, failure.task.launchType);
  const stopReason = safeText(failure.reason);
  const resources = baseResources(failure);
  if (!facts) {
    const evidence: Evidence[] = [
      said({
        check: 'stop-reason-text',
        result: 'info',
        text: T('stop-reason-text.alone', { family: hint.family, candidates: hint.candidates.join(', ') }),
      }),
    ];
    const fixInputs: FixInputs = {};
    const ref = failure.image ? parseImageRef(failure.image) : undefined;
    if (ref?.ok && ref.ref.registryType === 'dockerhub') fixInputs.dockerHubImage = true;
    if (ref && !ref.ok) {
      evidence.push(
        said({
          check: 'image-reference',
          result: 'proven',
          cause: 'invalid-image-reference',
          text: unparsableImageText(String(failure.image), ref.reason),
        }),
      );
    }
    const candidates =
      ref && !ref.ok
        ? (['invalid-image-reference', ...hint.candidates.filter((c) => c !== 'invalid-image-reference')] as CauseId[])
        : hint.candidates;
    const cause = candidates[0]!;
    return {
      cause,
      family: familyOf(cause),
      confidence: ref && !ref.ok ? 'likely' : textConfidence(hint, failure, text),
      candidates,
      evidence,
      unchecked: [{ check: 'aws-evidence', api: 'none', reason: 'no AWS call made (offline)' }],
      resources,
      fixInputs,
      stopReason,
      mode: 'text-only',
    };
  }

  return assemble(failure, facts, checkAll(failure, facts));
}

/** Every cause's check on the facts (a check that throws is its own unknown result), before any ranking. */
interface Checked {
  hint: TextHint;
  ctx: ReturnType<typeof buildContext>;
  results: CheckResult[];
}

function checkAll(failure: PullFailure, facts: Facts): Checked {
  const text = normalizeReason(failure.reason);
  const hint = classifyText(failure.reason, failure.image, failure.task.launchType);
  const ctx = buildContext(failure, facts, hint, text);
  const results: CheckResult[] = CAUSE_CHECKS.map((c) => {
    try {
      return c.check(ctx);
    } catch (err) {
      // A check that throws is its own result (cdk-nag), never a silent pass.
      const error = String((err as Error)?.message ?? err).slice(0, 200);
      return {
        cause: c.id,
        verdict: 'unknown',
        evidence: [{ check: c.id, result: 'unknown', cause: c.id, text: T('check-failed', { cause: c.id, error }) }],
        unchecked: [],
        fixInputs: {},
      } satisfies CheckResult;
    }
  });
  return { hint, ctx, results };
}

/** A cause whose check ran but could not decide (unknown, or possible without being a risk), and why. */
export interface Undecided {
  cause: CauseId;
  verdict: 'unknown' | 'possible';
  /** Its evidence that is unknown (what could not be told), else all of it. */
  evidence: Evidence[];
}

/**
 * Preflight (issue 19): one diagnosis per cause the account proves or makes likely (or, for the `risks`, calls
 * possible), strongest first, each as the diagnosis reads with that cause chosen (its evidence decisive, its fix
 * inputs winning); and the causes that could not be decided, which a check before a deploy must not take for a pass.
 */
export function diagnoseEach(
  failure: PullFailure,
  facts: Facts,
  risks: readonly CauseId[] = [],
): { findings: Diagnosis[]; undecided: Undecided[] } {
  const checked = checkAll(failure, facts);
  const named = namedInStopReason(failure.reason);
  const strong = (r: CheckResult) =>
    r.verdict === 'proven' || r.verdict === 'likely' || (r.verdict === 'possible' && risks.includes(r.cause));
  const findings = checked.results
    .filter(strong)
    .sort((a, b) => RANK[a.verdict] - RANK[b.verdict])
    .map((r) => {
      const d = assemble(failure, facts, checked, r.cause);
      if (named.secrets || named.executionRoleName) d.fixInputs.namedInStopReason = named;
      return d;
    });
  const undecided = checked.results.flatMap((r): Undecided[] => {
    if (r.verdict !== 'unknown' && (r.verdict !== 'possible' || risks.includes(r.cause))) return [];
    const all = r.evidence.map(said);
    const unknown = all.filter((e) => e.result === 'unknown');
    return [{ cause: r.cause, verdict: r.verdict, evidence: unknown.length ? unknown : all }];
  });
  return { findings, undecided };
}

/** The diagnosis from the checks' results: ranked, or with `chosen` first (diagnoseEach). */
function assemble(failure: PullFailure, facts: Facts, checked: Checked, chosen?: CauseId): Diagnosis {
  const { hint, ctx, results } = checked;
  const stopReason = safeText(failure.reason);
  const resources = baseResources(failure);
  const hintPos = (id: CauseId) => {
    const i = hint.candidates.indexOf(id);
    return i < 0 ? 100 : i;
  };
  const first = (id: CauseId) => (id === chosen ? 0 : 1);
  const ranked = results
    .filter((r) => RANK[r.verdict] < 9)
    // Causes the text does not point at only rank when evidence supports them.
    .filter((r) => r.cause === chosen || hintPos(r.cause) < 100 || r.verdict === 'proven' || r.verdict === 'likely')
    .sort(
      (a, b) =>
        first(a.cause) - first(b.cause) || RANK[a.verdict] - RANK[b.verdict] || hintPos(a.cause) - hintPos(b.cause),
    );
  const top = ranked[0];
  const cause: CauseId = top ? top.cause : 'unknown';
  const confidence: Confidence =
    top?.verdict === 'proven' ? 'proven' : top?.verdict === 'likely' ? 'likely' : 'possible';
  const candidates: CauseId[] = ranked.length ? ranked.map((r) => r.cause) : ['unknown'];

  const evidence: Evidence[] = [
    said({
      check: 'stop-reason-text',
      result: 'info',
      text: T('stop-reason-text', { family: hint.family, candidates: hint.candidates.join(', ') }),
    }),
    ...uniqueUnknowns(results.flatMap((r) => r.evidence.map(said))),
  ];
  const unchecked = groupByFailedCall(
    [...results.flatMap((r) => r.unchecked), ...unknownFacts(facts), ...facts.skipped],
    evidence,
  );
  // FixInputs: the chosen cause's inputs win over the others'.
  const fixInputs: FixInputs = {};
  for (const r of [...results].reverse()) if (r.cause !== cause) Object.assign(fixInputs, r.fixInputs);
  if (top) Object.assign(fixInputs, top.fixInputs);

  fillResources(resources, ctx, facts, failure);
  // Whether the account confirms the task the event describes: every auto-fix requires it.
  const confirmation = confirmTask(failure, facts, resources.subnetIds);
  fixInputs.taskConfirmation = confirmation.fixInput;
  evidence.splice(1, 0, confirmation.evidence);
  const diagnosis: Diagnosis = {
    cause,
    family: familyOf(cause),
    confidence,
    candidates,
    evidence,
    unchecked,
    resources,
    fixInputs,
    stopReason,
    mode: 'evidence',
  };
  if (cause === 'unknown') {
    const ruledOut = results.filter((r) => r.verdict === 'ruled-out').map((r) => r.cause);
    const notChecked = unchecked.map((u) => u.check);
    diagnosis.evidence.push(
      said({
        check: 'summary',
        result: 'info',
        text: T('summary.unknown', {
          ...listArgs('ruledOut', valueParts(ruledOut)),
          ...listArgs('unchecked', valueParts(notChecked, 'nothing')),
        }),
      }),
    );
  }
  const sidecar = sidecarOf(failure, ctx.container, ctx.taskDef?.containers);
  if (sidecar) {
    diagnosis.sidecar = sidecar;
    diagnosis.ignoredReason =
      `Container ${sidecar.container} is not essential and the task stopped for ` +
      `another reason (${sidecar.taskStoppedReason || 'no stoppedReason'}).`;
  }
  return diagnosis;
}

/**
 * A sidecar finding when every container whose reason names the pull failure is non-essential (as the task
 * definition says) and the task-level text names no pull failure: the task stopped for another reason.
 * Unknown essential flags (no task definition) never make one: the failure is then taken for the stop cause.
 */
function sidecarOf(
  failure: PullFailure,
  container: { name: string; essential: boolean } | undefined,
  containers: ReadonlyArray<{ name: string; essential: boolean }> | undefined,
): SidecarFinding | undefined {
  if (!failure.taskStoppedForOtherReason || !container || container.essential) return undefined;
  const others = failure.otherFailingContainers.map((name) => containers?.find((c) => c.name === name));
  if (others.some((c) => !c || c.essential)) return undefined;
  return {
    container: safeText(container.name, 256),
    taskStoppedReason: safeText(failure.task.stoppedReason, 200),
  };
}
