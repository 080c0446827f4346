/**
 * The CLI's terminal output: a one-screen summary (cause and confidence, the decisive evidence, the first
 * fix command, what an auto-fix would do), then the same detail sections as the notification, without
 * the lines that only make sense in an e-mail (incident id, storm counts, subscription filters). Pure.
 */
import { redact, safeText } from '../event/redact';
import type { Diagnosis, Evidence } from '../diagnose/types';
import type { Outcome } from '../remediate/types';
import type { Language } from '../config';
import { actionLines, causeTitle, confidenceText, coveredByFailedCall, detailSections, evidenceLine, stepText, text } from './render';
import type { NotificationInput } from './types';

/** Decisive evidence shown in the summary: at most this many lines. */
const DECISIVE_MAX = 3;
/** Lines of the first fix command shown in the summary. */
const COMMAND_LINES_MAX = 6;

/** The evidence that decided the cause: proven for it, else what supports it, else the stop reason's reading. */
export function decisiveEvidence(d: Diagnosis): Evidence[] {
  const forCause = d.evidence.filter((e) => e.cause === d.cause);
  const proven = forCause.filter((e) => e.result === 'proven');
  if (proven.length) return proven.slice(0, DECISIVE_MAX);
  const supporting = forCause.filter((e) => e.result === 'info');
  if (supporting.length) return supporting.slice(0, DECISIVE_MAX);
  return d.evidence.filter((e) => e.check === 'stop-reason-text' || (e.result === 'info' && !e.cause)).slice(0, 1);
}

function label(lang: Language, key: string, width: number): string {
  const l = text(lang, key);
  return lang === 'en' ? `${l}:`.padEnd(width) : `${l}: `;
}

export function renderTerminal(diagnosis: Diagnosis, outcome: Outcome, language: Language, stoppedAt?: string): string {
  const d = diagnosis;
  const lang = language;
  const r = d.resources;
  const W = 13;
  const lines: string[] = [];
  const where = [r.service ? text(lang, 'terminal.where.service', { service: r.service }) : '', text(lang, 'terminal.where.cluster', { cluster: r.cluster }), r.region]
    .filter(Boolean)
    .join(', ');
  lines.push(redact(text(lang, 'terminal.title', { task: r.task, where })));
  lines.push('');
  lines.push(`${label(lang, 'terminal.cause', W)}${causeTitle(lang, d.cause)} [${d.cause}] (${confidenceText(lang, d.confidence)})`);

  const decisive = decisiveEvidence(d);
  decisive.forEach((e, i) => lines.push(`${i === 0 ? label(lang, 'terminal.because', W) : ' '.repeat(lang === 'en' ? W : 4)}${evidenceLine(lang, e)}`));

  const first = outcome.kind === 'fixed' ? undefined : outcome.plan.steps[0];
  if (first) {
    lines.push(`${label(lang, 'terminal.fix', W)}${stepText(lang, first)}`);
    if (first.command) {
      const cmd = redact(first.command).split('\n');
      for (const c of cmd.slice(0, COMMAND_LINES_MAX)) lines.push(`${' '.repeat(lang === 'en' ? W : 4)}$ ${c}`);
      if (cmd.length > COMMAND_LINES_MAX) lines.push(`${' '.repeat(lang === 'en' ? W : 4)}${text(lang, 'terminal.more-lines', { count: cmd.length - COMMAND_LINES_MAX })}`);
    }
  }
  const action = actionLines(lang, d, outcome);
  lines.push(`${label(lang, 'terminal.done', W)}${action.slice(0, outcome.kind === 'proposed' ? 2 : 1).join(lang === 'en' ? ' ' : '')}`);

  const failedCalls = d.unchecked.filter((u) => u.api !== 'none' && u.api !== '-' && u.api !== '');
  if (failedCalls.length) lines.push(`${label(lang, 'terminal.unchecked', W)}${text(lang, 'terminal.unchecked.count', { count: failedCalls.length })}`);
  else if (d.mode === 'text-only') lines.push(`${label(lang, 'terminal.unchecked', W)}${text(lang, 'cause.text-only')}`);
  if (d.ignoredReason) lines.push(redact(text(lang, 'cause.ignored', { reason: safeText(d.ignoredReason, 300) })));

  const input: NotificationInput = {
    diagnosis: d,
    outcome,
    // The terminal shows no incident: these values are not printed (medium "terminal").
    incident: { id: '-', role: 'first', count: 1, firstSeenAt: stoppedAt ?? '', windowMinutes: 0 },
    language: lang,
    ...(stoppedAt ? { stoppedAt } : {}),
  };
  const details = detailSections(input, 'terminal');
  return `${lines.join('\n')}\n\n${text(lang, 'terminal.details')}\n\n${redact(details.join('\n\n'))}\n`;
}

/** Used by tests: every evidence line the summary shows is also in the details (nothing said only once at the top). */
export function summaryEvidenceIsDetailed(d: Diagnosis): boolean {
  return decisiveEvidence(d).every((e) => e.result !== 'not-applicable' && !coveredByFailedCall(d, e));
}
