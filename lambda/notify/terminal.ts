/**
 * The CLI's terminal output: a one-screen summary (cause and confidence, the decisive evidence, the first
 * fix command, what an auto-fix would do), then the same detail sections as the notification, without
 * the lines that only make sense in an e-mail (incident id, storm counts, subscription filters). Pure.
 */
import { redact } from '../domain/redact';
import { cleanText } from '../domain/sanitize';
import { plainBlock } from './escape';
import { isFailedCall, type Diagnosis, type Evidence } from '../domain/diagnosis';
import type { Outcome } from '../remediate/types';
import type { Language } from '../config';
import { text } from './catalogue-text';
import { actionSummary } from './action-text';
import { detailSections, evidenceLine } from './detail-sections';
import { causeTitle, changeLine, confidenceText, sidecarLine, stepText } from './render-helpers';
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

/** Width of the summary's labels in English ("Not checked: "); Japanese labels are not padded. */
const LABEL_WIDTH = 13;

function label(lang: Language, key: string): string {
  const l = text(lang, key);
  return lang === 'en' ? `${l}:`.padEnd(LABEL_WIDTH) : `${l}: `;
}

export function renderTerminal(diagnosis: Diagnosis, outcome: Outcome, language: Language, stoppedAt?: string): string {
  const d = diagnosis;
  const lang = language;
  const r = d.resources;
  // Continuation lines line up under the first value (English) or are indented (Japanese).
  const pad = ' '.repeat(lang === 'en' ? LABEL_WIDTH : 4);
  const lines: string[] = [];
  const where = [
    r.service ? text(lang, 'terminal.where.service', { service: r.service }) : '',
    text(lang, 'terminal.where.cluster', { cluster: r.cluster }),
    r.region,
  ]
    .filter(Boolean)
    .join(', ');
  lines.push(redact(text(lang, 'terminal.title', { task: r.task, where })));
  lines.push('');
  lines.push(
    `${label(lang, 'terminal.cause')}${causeTitle(lang, d.cause)} [${d.cause}] (${confidenceText(lang, d.confidence)})`,
  );

  const decisive = decisiveEvidence(d);
  for (const [i, e] of decisive.entries()) {
    lines.push(`${i === 0 ? label(lang, 'terminal.because') : pad}${evidenceLine(lang, e)}`);
  }

  if (d.change?.status === 'found') lines.push(`${label(lang, 'terminal.changed')}${changeLine(lang, d.change)}`);

  const first = outcome.kind === 'fixed' ? undefined : outcome.plan.steps[0];
  if (first) {
    lines.push(`${label(lang, 'terminal.fix')}${stepText(lang, first)}`);
    if (first.command) {
      const cmd = plainBlock(first.command, 6_000).split('\n');
      for (const c of cmd.slice(0, COMMAND_LINES_MAX)) lines.push(`${pad}$ ${c}`);
      if (cmd.length > COMMAND_LINES_MAX)
        lines.push(`${pad}${text(lang, 'terminal.more-lines', { count: cmd.length - COMMAND_LINES_MAX })}`);
    }
  }
  lines.push(`${label(lang, 'terminal.done')}${actionSummary(lang, d, outcome)}`);

  const failedCalls = d.unchecked.filter(isFailedCall);
  if (failedCalls.length)
    lines.push(
      `${label(lang, 'terminal.unchecked')}${text(lang, 'terminal.unchecked.count', { count: failedCalls.length })}`,
    );
  else if (d.mode === 'text-only') lines.push(`${label(lang, 'terminal.unchecked')}${text(lang, 'cause.text-only')}`);
  const sidecar = sidecarLine(lang, d);
  if (sidecar) lines.push(sidecar);

  const input: NotificationInput = {
    diagnosis: d,
    outcome,
    // The terminal shows no incident: these values are not printed (medium "terminal").
    incident: { id: '-', role: 'first', count: 1, firstSeenAt: stoppedAt ?? '', windowMinutes: 0 },
    language: lang,
    ...(stoppedAt ? { stoppedAt } : {}),
  };
  const details = detailSections(input, 'terminal');
  // Cleaned as a whole (multi-line): no control character (an ESC sequence in a name) reaches the terminal.
  return cleanText(`${lines.join('\n')}\n\n${text(lang, 'terminal.details')}\n\n${redact(details.join('\n\n'))}\n`, {
    multiline: true,
  });
}
