/**
 * Pure: (diagnosis, outcome, incident, language) → the notification in every format SNS carries:
 * an ASCII subject (≤ 100 characters, SNS), a plain-text email body, String message attributes for
 * subscription filter policies, and an Amazon Q Developer in chat applications custom notification.
 *
 * Words live in messages/en.ts and messages/ja.ts (plus the planner's plan-*.ts texts for plan steps,
 * cost, risk and refusals). A missing key falls back to English, then to the raw key, never to a throw.
 * Every value that comes from the account or the event (stop reason, evidence, commands, documents,
 * errors, names) is escaped for its format by ./escape.ts (cleaned of control and format characters,
 * capped, redacted, URLs defanged; in chat also mentions and markup neutralised): each {placeholder}
 * value of a catalogue sentence through the format's Escape, each field and block directly. Each finished
 * format is redacted and cleaned once more.
 *
 * Here the formats are put together; each lives in its own module: subject.ts, render-email.ts (with
 * detail-sections.ts and action-text.ts, shared with the terminal), render-chat.ts, the catalogue lookup in
 * catalogue-text.ts and the shared helpers in render-helpers.ts.
 */
import { redact } from '../domain/redact';
import { renderBody } from './render-email';
import { renderChat } from './render-chat';
import { cut, nameOf, toAscii } from './render-helpers';
import { renderSubject, SUBJECT_MAX } from './subject';
import type { NotificationInput, RenderedNotification } from './types';

export function renderAttributes(input: NotificationInput): Record<string, string> {
  const { diagnosis: d, outcome, incident } = input;
  const v = (s: string | undefined) => nameOf(s).slice(0, 256);
  return {
    cause: d.cause,
    family: d.family,
    cluster: v(d.resources.cluster),
    service: v(d.resources.service),
    action: outcome.kind,
    confidence: d.confidence,
    incident: v(incident.id),
    notice: incident.role,
    // A filter policy {"finding": ["stop-cause"]} leaves out sidecar findings (README "Notifications").
    finding: d.sidecar ? 'sidecar' : 'stop-cause',
  };
}

export function render(input: NotificationInput): RenderedNotification {
  const subject = cut(toAscii(redact(renderSubject(input))), SUBJECT_MAX);
  const attributes = renderAttributes(input);
  return { subject, body: renderBody(input), attributes, chat: renderChat(input, subject, attributes) };
}
