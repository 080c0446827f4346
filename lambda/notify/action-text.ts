/**
 * Pure: "what was done" for each outcome — what a fix changed (and whether a new check confirms it), what
 * a failed fix did and did not do, or why a proposal was not applied.
 */
import { redact, safeText } from '../domain/redact';
import type { Diagnosis } from '../domain/diagnosis';
import { MEMBER_ROLE_PREFIX, type MemberPurpose } from '../domain/member-roles';
import type { AppliedStep, Outcome, Plan, PlanStep } from '../remediate/types';
import type { Language } from '../config';
import { plainValue, type Escape } from './escape';
import { said, SENTENCE_GAP, text } from './catalogue-text';
import { confidenceText, stepText } from './render-helpers';

function appliedLine(lang: Language, a: AppliedStep, esc: Escape): string {
  return redact(
    text(
      lang,
      'action.applied.item',
      {
        step: a.stepId,
        action: a.action,
        result: said(text(lang, `action.applied.${a.result}`)),
        resource: a.resourceId ?? '-',
        detail: safeText(a.detail, 500),
      },
      esc,
    ),
  );
}

function stepById(plan: Plan, id: string): PlanStep | undefined {
  return plan.steps.find((s) => s.id === id);
}

/** The "what was done" lines for each outcome; values escaped with `esc` (plain text unless told). */
export function actionLines(lang: Language, d: Diagnosis, outcome: Outcome, esc: Escape = plainValue): string[] {
  const lines: string[] = [];
  if (outcome.kind === 'fixed') {
    lines.push(text(lang, 'action.fixed'));
    for (const a of outcome.applied) lines.push(`- ${appliedLine(lang, a, esc)}`);
    lines.push(text(lang, outcome.verified ? 'action.fixed.verified' : 'action.fixed.unverified'));
    // After an IAM change: whether a new simulation allows what the fix was for (not the same as "attached").
    for (const a of outcome.applied)
      if (a.permissionCheck)
        lines.push(
          redact(text(lang, `action.fixed.permission-check.${a.permissionCheck}`, { role: a.resourceId ?? '-' }, esc)),
        );
    if (outcome.followUp?.length) {
      lines.push(text(lang, 'action.fixed.follow-up'));
      for (const a of outcome.followUp) lines.push(`- ${appliedLine(lang, a, esc)}`);
    }
    return lines;
  }
  if (outcome.kind === 'failed') {
    lines.push(
      redact(text(lang, 'action.failed', { step: outcome.failedStepId, error: safeText(outcome.error, 600) }, esc)),
    );
    if (outcome.applied.length) {
      lines.push(text(lang, 'action.failed.done'));
      for (const a of outcome.applied) lines.push(`- ${appliedLine(lang, a, esc)}`);
    }
    if (outcome.notDone.length) {
      lines.push(text(lang, 'action.failed.not-done'));
      for (const id of outcome.notDone) {
        const step = stepById(outcome.plan, id);
        lines.push(`- ${esc(id)}${step ? `: ${stepText(lang, step, esc)}` : ''}`);
      }
    }
    lines.push(text(lang, 'action.failed.advice'));
    return lines;
  }
  lines.push(text(lang, 'action.proposed'));
  lines.push(reasonText(lang, d, outcome.plan, outcome.reason, esc));
  return lines;
}

/** "What was done" in one sentence or two: the first line, and for a proposal the reason nothing was applied. */
export function actionSummary(lang: Language, d: Diagnosis, outcome: Outcome, esc: Escape = plainValue): string {
  return actionLines(lang, d, outcome, esc)
    .slice(0, outcome.kind === 'proposed' ? 2 : 1)
    .join(SENTENCE_GAP[lang]);
}

function reasonText(
  lang: Language,
  d: Diagnosis,
  plan: Plan,
  reason: Extract<Outcome, { kind: 'proposed' }>['reason'],
  esc: Escape,
): string {
  switch (reason) {
    case 'not-opted-in':
      // Turning the fix on would not apply it here either: say why, not how to turn it on.
      if (plan.refusal)
        return text(lang, 'reason.not-opted-in.refused', { refusal: said(stepText(lang, plan.refusal, esc)) });
      return plan.autoFix
        ? text(lang, 'reason.not-opted-in', { parameter: plan.autoFix }, esc)
        : text(lang, 'reason.not-opted-in.no-parameter');
    case 'not-proven':
      // A plan that would be refused anyway says why too (an SCP deny, an undecided condition, a network out of
      // sight…).
      return [
        text(lang, 'reason.not-proven', { confidence: said(confidenceText(lang, d.confidence)) }),
        ...(plan.refusal ? [stepText(lang, plan.refusal, esc)] : []),
      ].join(SENTENCE_GAP[lang]);
    case 'refused':
      return plan.refusal
        ? text(lang, 'reason.refused', { refusal: said(stepText(lang, plan.refusal, esc)) })
        : text(lang, 'reason.refused.unknown');
    case 'no-auto-fix-for-cause':
      return text(lang, 'reason.no-auto-fix-for-cause');
    case 'duplicate-fix':
      return text(lang, 'reason.duplicate-fix');
    case 'member-not-opted-in': {
      // Which account, Region and role, and the member stack's parameter that creates the role.
      const autoFix = (plan.autoFix ?? 'AutoFixVpcEndpoints') as Exclude<MemberPurpose, 'read'>;
      const r = d.resources;
      return text(
        lang,
        'reason.member-not-opted-in',
        {
          account: r.account,
          region: r.region,
          role: `${MEMBER_ROLE_PREFIX[autoFix]}-${r.region}`,
          parameter: autoFix,
        },
        esc,
      );
    }
    default:
      return text(lang, `reason.${String(reason)}`);
  }
}
