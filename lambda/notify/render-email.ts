/**
 * Pure: the plain-text email body — the summary lines at the top (readable without scrolling), the detail
 * sections, how to silence the incident, and the footer; redacted and cleaned once more as a whole and
 * capped at BODY_MAX characters.
 */
import { redact } from '../domain/redact';
import { cleanText } from '../domain/sanitize';
import { regionFlag, sh } from '../remediate/plans/shared';
import type { Language } from '../config';
import { earlierAttemptLines } from './earlier-attempt';
import { said, text } from './catalogue-text';
import { actionSummary } from './action-text';
import { detailSections, section } from './detail-sections';
import { causeTitle, confidenceText, nameOf, scopeText, stopReasonOf } from './render-helpers';
import type { NotificationInput } from './types';

/** Body cap (characters): SNS allows 256 KB for the whole message, which also carries the chat JSON. */
export const BODY_MAX = 40_000;

function silenceLines(lang: Language, input: NotificationInput): string[] {
  const { diagnosis: d, incident } = input;
  const r = d.resources;
  const lines: string[] = [];
  if (incident.id && incident.id !== '-') {
    lines.push(
      text(lang, 'silence.window', {
        incident: nameOf(incident.id),
        scope: said(scopeText(lang, d)),
        window: incident.windowMinutes,
      }),
    );
  }
  lines.push(text(lang, 'silence.filter', { policy: JSON.stringify({ cause: [{ 'anything-but': [d.cause] }] }) }));
  if (r.service) {
    const cmd =
      `aws ecs update-service${regionFlag(d)} --cluster ${sh(r.cluster)} --service ${sh(r.service)}` +
      ' --desired-count 0';
    lines.push(text(lang, 'silence.fix', { command: cmd }));
  } else {
    lines.push(text(lang, 'silence.fix.no-service'));
  }
  return lines;
}

/** The summary lines at the top of a message: what, why, what was done — readable without scrolling. */
function summaryLines(input: NotificationInput): string[] {
  const { diagnosis: d, outcome, incident, language: lang } = input;
  const r = d.resources;
  const summary = [
    text(lang, d.sidecar ? 'happened.intro.sidecar' : 'happened.intro', {
      scope: said(scopeText(lang, d)),
      cluster: nameOf(r.cluster),
      region: nameOf(r.region),
      ...(d.sidecar ? { container: nameOf(d.sidecar.container), stopReason: stopReasonOf(d) } : {}),
    }),
  ];
  if (incident.role === 'reminder')
    summary.push(text(lang, 'happened.reminder', { count: incident.count, firstSeenAt: incident.firstSeenAt }));
  summary.push(
    text(lang, 'cause.line', { title: causeTitle(lang, d.cause), confidence: confidenceText(lang, d.confidence) }),
  );
  summary.push(actionSummary(lang, d, outcome));
  summary.push(...earlierAttemptLines(input.earlier, (k, a) => text(lang, k, a)));
  return summary;
}

export function renderBody(input: NotificationInput): string {
  const { incident, language: lang } = input;
  const parts: string[] = [summaryLines(input).join('\n'), ...detailSections(input, 'notification')];
  parts.push(section(lang, 'heading.silence', silenceLines(lang, input)));
  parts.push(text(lang, 'footer', { incident: nameOf(incident.id) }));

  const body = redact(parts.join('\n\n'));
  // Cleaned once more as a whole (multi-line): no control or format character survives, whatever the path.
  return cleanText(body.length > BODY_MAX ? `${body.slice(0, BODY_MAX)}\n…` : body, { multiline: true });
}
