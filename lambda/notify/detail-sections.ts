/**
 * Pure: the detail sections shared by the notification body and the CLI's terminal output — what happened,
 * cause, evidence, what could not be checked, what was done, how to fix it, console links — and the
 * "--- title ---" section they are set in.
 */
import { redact, safeText } from '../domain/redact';
import { ARN_MAX, NAME_MAX, STOP_REASON_MAX } from '../domain/sanitize';
import { blockedBy, isFailedCall, type Diagnosis, type Evidence } from '../domain/diagnosis';
import type { Plan } from '../remediate/types';
import type { Language } from '../config';
import { plainBlock, plainValue } from './escape';
import { consoleLinks } from './console-links';
import { evidenceText, said, text } from './catalogue-text';
import { actionLines } from './action-text';
import { causeTitle, changeLine, confidenceText, countArgs, oneLine, sidecarLine, stepText } from './render-helpers';
import type { NotificationInput } from './types';

const EVIDENCE_MAX = 25;
const DOCUMENT_MAX = 6_000;

function indent(block: string, pad: string): string {
  return block
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

function documentText(doc: unknown): string {
  const raw = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
  return plainBlock(raw ?? '', DOCUMENT_MAX);
}

function proposalLines(lang: Language, plan: Plan): string[] {
  const lines: string[] = [];
  if (plan.steps.length === 0) lines.push(text(lang, 'proposal.none'));
  plan.steps.forEach((step, i) => {
    const how =
      step.automatic && plan.autoFix
        ? text(lang, 'proposal.step.auto', { parameter: plan.autoFix })
        : text(lang, 'proposal.step.manual');
    lines.push(`${i + 1}. ${stepText(lang, step)} ${how} [${step.id}]`);
    if (step.command) {
      lines.push(`   ${text(lang, 'proposal.command')}`);
      lines.push(indent(plainBlock(step.command, DOCUMENT_MAX), '     '));
    }
    if (step.document !== undefined) {
      lines.push(`   ${text(lang, 'proposal.document')}`);
      lines.push(indent(documentText(step.document), '     '));
    }
  });
  // The planner's cost and risk texts carry their own "Cost:" / "Risk:" words.
  if (plan.cost) lines.push(stepText(lang, plan.cost));
  if (plan.risk) lines.push(stepText(lang, plan.risk));
  return lines;
}

/** True when the evidence only says a fact could not be read because of a call listed under "could not be checked". */
export function coveredByFailedCall(d: Diagnosis, e: Evidence): boolean {
  return d.unchecked.some((u) => u.blocked && blockedBy(e, u));
}

/** One line per failed call (API once, then every check it blocked), or per reason no call was made. */
function uncheckedLines(lang: Language, d: Diagnosis): string[] {
  return d.unchecked.map((u) => {
    const noCall = !isFailedCall(u);
    const blocked = (u.blocked ?? [u.check]).join(', ');
    const args = { check: u.check, api: u.api, reason: oneLine(safeText(u.reason, 400)), blocked };
    return `- ${redact(text(lang, noCall ? 'unchecked.item.no-call' : 'unchecked.item', args))}`;
  });
}

export function section(lang: Language, key: string, lines: string[]): string {
  const title = text(lang, key);
  return [`--- ${title} ---`, ...lines].join('\n');
}

/** Where a text goes: the notification (email/SNS) or the CLI's terminal output (no incident or e-mail lines). */
export type Medium = 'notification' | 'terminal';

/**
 * The detail sections, shared by the notification body and the terminal: what happened, cause, evidence,
 * what could not be checked, what was done, how to fix it, console links.
 */
export function detailSections(input: NotificationInput, medium: Medium): string[] {
  const { diagnosis: d, outcome, incident, language: lang } = input;
  const r = d.resources;
  // Each field: one line, cleaned, redacted, URLs defanged, capped (escape.ts); names at NAME_MAX, ARNs and
  // image references at ARN_MAX, the stop reason at STOP_REASON_MAX.
  const field = (key: string, value: string | undefined, max = NAME_MAX) =>
    value ? [`${text(lang, key)}: ${plainValue(value, max)}`] : [];
  const parts: string[] = [];
  parts.push(
    section(lang, 'heading.what-happened', [
      ...field('field.account', r.accountAlias ? `${r.account} (${r.accountAlias})` : r.account),
      ...field('field.region', r.region),
      ...field('field.cluster', r.cluster),
      ...field('field.service', r.service),
      ...field('field.task', r.task),
      ...field('field.task-definition', r.taskDefinitionArn ?? r.family, ARN_MAX),
      ...field('field.container', r.container),
      ...field('field.image', r.image, ARN_MAX),
      ...field('field.stopped-at', input.stoppedAt),
      ...field('field.stop-reason', d.stopReason, STOP_REASON_MAX),
      ...(medium === 'notification'
        ? [`${text(lang, 'field.count')}: ${text(lang, 'field.count.value', countArgs(incident))}`]
        : []),
      ...(medium === 'notification' && incident.id && incident.id !== '-' ? field('field.incident', incident.id) : []),
    ]),
  );

  const causeLines = [
    text(lang, 'cause.line', { title: causeTitle(lang, d.cause), confidence: confidenceText(lang, d.confidence) }),
  ];
  causeLines.push(text(lang, `cause.${d.cause}.explain`));
  const others = d.candidates.filter((c) => c !== d.cause);
  if (others.length)
    causeLines.push(
      text(lang, 'cause.candidates', { list: others.map((c) => `${causeTitle(lang, c)} (${c})`).join(', ') }),
    );
  if (d.mode === 'text-only') causeLines.push(text(lang, 'cause.text-only'));
  const sidecar = sidecarLine(lang, d);
  if (sidecar) causeLines.push(sidecar);
  parts.push(section(lang, 'heading.cause', causeLines));
  const change = changeLine(lang, d.change);
  if (change) parts.push(section(lang, 'heading.change', [change]));
  // Open AWS Health events of ECR, ECS or Fargate in the Region (issue 20): what the pull may have met, said as is.
  const health = (input.health ?? []).slice(0, 3).map((h) =>
    text(lang, 'health.event', {
      service: h.service,
      type: h.eventTypeCode,
      since: h.startTime ?? '?',
      arn: plainValue(h.eventArn, ARN_MAX),
      description: plainValue(h.description ?? '', 300),
    }),
  );
  if (health.length) parts.push(section(lang, 'heading.health', [...health, text(lang, 'health.note')]));

  // A short list: checks that did not apply to this task are counted, not listed (the CLI's --json has them).
  // "Could not be checked" evidence caused by a failed call is said once, in the section on failed calls.
  const relevant = d.evidence.filter((e) => e.result !== 'not-applicable' && !coveredByFailedCall(d, e));
  const notApplicable = d.evidence.filter((e) => e.result === 'not-applicable').length;
  const evidence = relevant.slice(0, EVIDENCE_MAX).map((e) => `- ${evidenceLine(lang, e)}`);
  if (relevant.length > EVIDENCE_MAX)
    evidence.push(text(lang, 'evidence.more', { count: relevant.length - EVIDENCE_MAX }));
  if (notApplicable > 0) evidence.push(text(lang, 'evidence.not-applicable', { count: notApplicable }));
  parts.push(section(lang, 'heading.evidence', evidence.length ? evidence : [text(lang, 'evidence.none')]));

  const unchecked = uncheckedLines(lang, d);
  parts.push(
    section(
      lang,
      'heading.unchecked',
      unchecked.length ? [...unchecked, text(lang, 'unchecked.advice')] : [text(lang, 'unchecked.none')],
    ),
  );

  parts.push(section(lang, 'heading.action', actionLines(lang, d, outcome)));
  parts.push(
    section(
      lang,
      outcome.kind === 'fixed' ? 'heading.proposal.fixed' : 'heading.proposal',
      proposalLines(lang, outcome.plan),
    ),
  );

  const links = consoleLinks(d).map((l) => `${text(lang, `link.${l.kind}`, { id: l.id })}: ${l.url}`);
  if (links.length) parts.push(section(lang, 'heading.links', links));
  return parts;
}

/** One evidence item: "[result] sentence", in the message language, its values escaped as plain text. */
export function evidenceLine(lang: Language, e: Evidence): string {
  return redact(
    text(lang, 'evidence.item', {
      result: said(text(lang, `evidence.result.${e.result}`)),
      detail: said(safeText(evidenceText(lang, e), 600)),
    }),
  );
}
