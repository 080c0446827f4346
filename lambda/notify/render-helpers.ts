/**
 * Pure helpers shared by every format of a notification (subject, email body, chat, terminal): one-line
 * ASCII, cutting to a cap, the scope and the names shown, and the short catalogue texts (cause title,
 * confidence, a plan step).
 */
import { redact } from '../domain/redact';
import { ARN_MAX, NAME_MAX } from '../domain/sanitize';
import type { WhatChanged } from '../domain/change';
import type { CauseId, Confidence, Diagnosis } from '../domain/diagnosis';
import type { Language } from '../config';
import { plainValue, type Escape } from './escape';
import { text } from './catalogue-text';

/** Printable ASCII only, one line. */
export function toAscii(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7E]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return s.slice(0, Math.max(0, max));
  return `${s.slice(0, max - 1)}~`;
}

export type ScopeKind = 'service' | 'family' | 'task';

export function scopeOf(d: Diagnosis): { kind: ScopeKind; name: string } {
  const r = d.resources;
  if (r.service) return { kind: 'service', name: r.service };
  if (r.family) return { kind: 'family', name: r.family };
  return { kind: 'task', name: r.task };
}

/** Names from the account or the event, for display: plain text (escape.ts), ≤ NAME_MAX characters, never empty. */
export function nameOf(s: string | undefined, max = NAME_MAX): string {
  const v = plainValue(s ?? '', max);
  return v === '' ? '-' : v;
}

export function scopeText(lang: Language, d: Diagnosis, esc: Escape = plainValue): string {
  const s = scopeOf(d);
  return text(lang, `scope.${s.kind}`, { name: nameOf(s.name) }, esc);
}

export const countArgs = (incident: { count: number; firstSeenAt: string }) => ({
  count: incident.count,
  firstSeenAt: incident.firstSeenAt,
});

export function stepText(
  lang: Language,
  step: { textKey: string; textArgs?: Record<string, string | number> },
  esc: Escape = plainValue,
): string {
  return redact(text(lang, step.textKey, step.textArgs ?? {}, esc));
}

export function confidenceText(lang: Language, c: Confidence): string {
  return text(lang, `confidence.${c}`);
}

export function causeTitle(lang: Language, cause: CauseId | string): string {
  return text(lang, `cause.${cause}.title`);
}

/** The sidecar finding's sentence (every format says it; the values escaped for the format), or none. */
export function sidecarLine(lang: Language, d: Diagnosis, esc: Escape = plainValue): string | undefined {
  if (!d.sidecar) return undefined;
  return redact(
    text(lang, 'cause.sidecar', { container: nameOf(d.sidecar.container), stopReason: stopReasonOf(d) }, esc),
  );
}

/** Why the task stopped instead, for a sidecar finding ("-" when the event said nothing). */
export function stopReasonOf(d: Diagnosis): string {
  return plainValue(d.sidecar?.taskStoppedReason ?? '', 200) || '-';
}

/** "2026-11-25 10:02 UTC" from an ISO time. */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** What changed, as one sentence (every format says it; the values escaped for the format), or none. */
export function changeLine(lang: Language, c: WhatChanged | undefined, esc: Escape = plainValue): string | undefined {
  if (!c) return undefined;
  if (c.status === 'unchecked')
    return redact(text(lang, 'change.unchecked', { reason: plainValue(c.reason, 300) }, esc));
  if (c.status === 'none' || c.status === 'pending') {
    const asked = [...c.resources, ...c.events.map((name) => text(lang, 'change.events', { name }))];
    const checked = plainValue(asked.join(', '), 400);
    if (c.status === 'pending') return redact(text(lang, `change.pending.${c.why}`, { checked }, esc));
    return redact(text(lang, 'change.none', { days: c.days, checked }, esc));
  }
  return redact(text(lang, 'change.found', changeArgs(lang, c), esc));
}

/** The values a sentence about a recorded change names: resource, event, who, when, how long before, event id. */
export function changeArgs(lang: Language, c: Extract<WhatChanged, { status: 'found' }>) {
  return {
    resource: plainValue(c.resource, ARN_MAX),
    eventName: plainValue(c.eventName, NAME_MAX),
    actor: c.actor ? plainValue(c.actor, ARN_MAX) : text(lang, 'change.actor.unknown'),
    time: utcMinute(c.eventTime),
    minutes: c.minutesBefore,
    eventId: plainValue(c.eventId, NAME_MAX),
  };
}
