/**
 * Pure: the one message of a surge — more new incidents in a minute than the deployment diagnoses in full
 * (MaxDiagnosesPerMinute). It says how many services fail, how many were diagnosed (each in its own
 * message) and how many only counted, groups them by their stop reason with what differs per service
 * masked (lambda/dedupe/rate-entry.ts), and says what a shared cause usually is. Same formats as a
 * diagnosis: ASCII subject, plain-text body, String attributes, chat JSON; every value from the event or
 * the account escaped for its format (./escape.ts).
 */
import { redact } from '../domain/redact';
import { cleanText, NAME_MAX } from '../domain/sanitize';
import type { Language } from '../config';
import { LISTED_MAX, type RateEntry, type SurgeSnapshot } from '../dedupe/types';
import { chatCode, chatValue, plainValue, type Escape } from './escape';
import { text } from './catalogue-text';
import { toAscii, utcMinute } from './render-helpers';
import { BODY_MAX } from './render-email';
import { CHAT_DESCRIPTION_MAX, CHAT_TITLE_MAX } from './render-chat';
import { SUBJECT_MAX } from './subject';
import type { RenderedNotification } from './types';

export interface SurgeSummaryInput {
  account: string;
  region: string;
  /** MaxDiagnosesPerMinute. */
  cap: number;
  surgeId: string;
  /** Epoch ms the surge ends. */
  surgeUntil: number;
  /** The surge as read back (undefined: unreadable; only `self` is listed). */
  snapshot?: SurgeSnapshot;
  /** The incident that sends the summary. */
  self: RateEntry;
  previous?: { startedAt: string; counted: number };
  language: Language;
}

/** Services listed under one text (the rest said as "and N more"). */
const WHERE_LISTED = 8;
/** Texts listed (the rest only counted in the total). */
const TEXTS_LISTED = 10;

interface Group {
  text: string;
  where: string[];
}

/** Entries grouped by text, largest group first (ties: text order, so the message is stable). */
export function groupByText(entries: RateEntry[]): Group[] {
  const groups = new Map<string, Set<string>>();
  for (const e of entries) {
    const g = groups.get(e.text) ?? new Set<string>();
    g.add(e.where);
    groups.set(e.text, g);
  }
  return [...groups.entries()]
    .map(([t, w]) => ({ text: t, where: [...w].sort() }))
    .sort((a, b) => b.where.length - a.where.length || a.text.localeCompare(b.text));
}

function counts(input: SurgeSummaryInput): { diagnosed: number; counted: number; total: number; entries: RateEntry[] } {
  const s = input.snapshot;
  if (!s) return { diagnosed: input.cap, counted: 1, total: input.cap + 1, entries: [input.self] };
  const counted = Math.max(s.countedTotal, s.counted.length, 1);
  const diagnosed = s.diagnosed.length;
  return { diagnosed, counted, total: diagnosed + counted, entries: [...s.diagnosed, ...s.counted] };
}

const utc = (ms: number) => utcMinute(new Date(ms).toISOString());

function textLines(lang: Language, groups: Group[], esc: Escape): string[] {
  const lines: string[] = [];
  for (const g of groups.slice(0, TEXTS_LISTED)) {
    lines.push(text(lang, 'surge.text', { n: g.where.length, text: g.text || '-' }, esc));
    const shown = g.where
      .slice(0, WHERE_LISTED)
      .map((w) => esc(w))
      .join(', ');
    const more = g.where.length - WHERE_LISTED;
    lines.push(
      more > 0
        ? text(lang, 'surge.where.more', { list: { said: shown }, more }, esc)
        : text(lang, 'surge.where', { list: { said: shown } }, esc),
    );
  }
  return lines;
}

function introLines(input: SurgeSummaryInput, esc: Escape): string[] {
  const lang = input.language;
  const c = counts(input);
  const lines = [
    text(lang, 'surge.intro', { total: c.total, account: input.account, region: input.region, cap: input.cap }, esc),
    text(lang, 'surge.split', { diagnosed: c.diagnosed, counted: c.counted, until: utc(input.surgeUntil) }, esc),
  ];
  if (input.previous)
    lines.push(
      text(lang, 'surge.previous', { startedAt: input.previous.startedAt, counted: input.previous.counted }, esc),
    );
  if (!input.snapshot) lines.push(text(lang, 'surge.unreadable', { where: input.self.where }, esc));
  return lines;
}

function renderBody(input: SurgeSummaryInput): string {
  const lang = input.language;
  const c = counts(input);
  const parts = [introLines(input, plainValue).join('\n')];
  const unlisted = input.snapshot ? input.snapshot.countedTotal - input.snapshot.counted.length : 0;
  const texts = textLines(lang, groupByText(c.entries), plainValue);
  if (unlisted > 0) texts.push(text(lang, 'surge.unlisted', { n: unlisted, max: LISTED_MAX }));
  parts.push(`${text(lang, 'surge.heading.texts')}\n${texts.join('\n')}`);
  if (input.snapshot?.diagnosed.length) {
    const diagnosed = input.snapshot.diagnosed.map((e) => `  - ${plainValue(e.where, NAME_MAX)}`);
    parts.push([text(lang, 'surge.heading.diagnosed'), ...diagnosed].join('\n'));
  }
  parts.push(
    [
      text(lang, 'surge.heading.todo'),
      text(lang, 'surge.todo.shared', { region: input.region }),
      text(lang, 'surge.todo.after', { until: utc(input.surgeUntil), cap: input.cap }),
    ].join('\n'),
  );
  parts.push(text(lang, 'surge.footer', { surge: input.surgeId }));
  const body = redact(parts.join('\n\n'));
  return cleanText(body.length > BODY_MAX ? `${body.slice(0, BODY_MAX)}\n…` : body, { multiline: true });
}

function renderChatDescription(input: SurgeSummaryInput): string {
  const lang = input.language;
  const c = counts(input);
  const lines = [
    ...introLines(input, chatValue),
    `*${text(lang, 'surge.heading.texts')}:*`,
    ...textLines(lang, groupByText(c.entries).slice(0, 5), chatValue),
  ];
  lines.push(
    `*${text(lang, 'surge.heading.todo')}:* ${text(lang, 'surge.todo.shared', { region: input.region }, chatValue)}`,
  );
  return cleanText(redact(lines.join('\n')), { multiline: true, max: CHAT_DESCRIPTION_MAX });
}

export function renderSurgeSummary(input: SurgeSummaryInput): RenderedNotification {
  const lang = input.language;
  const c = counts(input);
  const subject = toAscii(
    redact(text(lang, 'subject.surge', { total: c.total, account: input.account, region: input.region })),
  ).slice(0, SUBJECT_MAX);
  const attributes = {
    cause: 'surge',
    family: 'surge',
    action: 'summarized',
    confidence: 'possible',
    incident: input.surgeId,
    notice: 'summary',
    services: String(c.total),
  };
  const title = cleanText(
    redact(text(lang, 'surge.chat.title', { total: c.total, account: input.account, region: input.region }, chatValue)),
    { max: CHAT_TITLE_MAX },
  );
  return {
    subject,
    body: renderBody(input),
    attributes,
    chat: {
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown', title, description: renderChatDescription(input) },
      metadata: {
        threadId: chatCode(input.surgeId, NAME_MAX),
        summary: chatValue(subject),
        eventType: 'EcsImagePullFailureSurge',
        additionalContext: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, chatCode(v, NAME_MAX)])),
      },
    },
  };
}
