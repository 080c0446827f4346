/**
 * Pure: the resolved message of an incident whose service runs its tasks again (issue 17) — how long it failed, how
 * many tasks, what runs now, and what fixed it (this tool's fix, an outside change with its CloudTrail event, or
 * not known and why). Same four forms as every notification: ASCII subject, plain-text body, String attributes,
 * chat JSON; every value from the account or the event is escaped for its format.
 */
import type { Language } from '../config';
import type { WhatChanged, WhatFixed } from '../domain/change';
import { redact } from '../domain/redact';
import { ARN_MAX, cleanText, NAME_MAX } from '../domain/sanitize';
import type { ServiceRef } from '../dedupe/recovery-store';
import { text } from './catalogue-text';
import { chatCode, chatValue, plainValue, type Escape } from './escape';
import { CHAT_DESCRIPTION_MAX, CHAT_TITLE_MAX } from './render-chat';
import { BODY_MAX } from './render-email';
import { causeTitle, changeArgs, changeLine, cut, nameOf, toAscii, utcMinute } from './render-helpers';
import { SUBJECT_MAX } from './subject';
import type { RenderedNotification } from './types';

export interface ResolvedInput {
  service: ServiceRef;
  incident: {
    id: string;
    cause: string;
    firstSeenAt: string;
    count: number;
    taskDefinitionArn?: string;
    whatChanged?: WhatChanged;
  };
  /** ISO time of the recovery (the signal, confirmed from the account). */
  recoveredAt: string;
  /** The ECS event name that announced it (SERVICE_STEADY_STATE, SERVICE_DEPLOYMENT_COMPLETED). */
  signal: string;
  health: { running: number; desired: number; taskDefinition?: string };
  fixed: WhatFixed;
  language: Language;
}

function duration(lang: Language, fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (Number.isNaN(minutes)) return '-';
  if (minutes < 60) return text(lang, 'resolved.duration.minutes', { minutes });
  return text(lang, 'resolved.duration.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

function fixedLine(lang: Language, f: WhatFixed, esc: Escape): string {
  if (f.by === 'this-tool')
    return text(lang, 'resolved.fixed.tool', { at: utcMinute(f.at), steps: plainValue(f.steps.join('; '), 600) }, esc);
  if (f.by === 'outside') return text(lang, 'resolved.fixed.outside', changeArgs(lang, f.change), esc);
  if (f.by === 'rollback')
    return text(
      lang,
      'resolved.fixed.rollback',
      { taskDefinition: plainValue(f.taskDefinition, ARN_MAX), failed: plainValue(f.failed, ARN_MAX) },
      esc,
    );
  if (f.reason) return text(lang, 'resolved.fixed.unchecked', { reason: plainValue(f.reason, 300) }, esc);
  if (f.checked?.length)
    return text(
      lang,
      f.pending ? 'resolved.fixed.pending' : 'resolved.fixed.none',
      { checked: plainValue(f.checked.join(', '), 400) },
      esc,
    );
  return text(lang, 'resolved.fixed.not-asked', {}, esc);
}

function lines(input: ResolvedInput, esc: Escape): { intro: string[]; fixed: string; changed?: string } {
  const lang = input.language;
  const s = input.service;
  const i = input.incident;
  const intro = [
    text(
      lang,
      'resolved.intro',
      {
        service: nameOf(s.service),
        cluster: nameOf(s.cluster),
        region: s.region,
        running: input.health.running,
        desired: input.health.desired,
        signal: input.signal,
      },
      esc,
    ),
    text(
      lang,
      'resolved.incident',
      {
        incident: i.id,
        cause: `${causeTitle(lang, i.cause)} (${i.cause})`,
        firstSeenAt: utcMinute(i.firstSeenAt),
        recoveredAt: utcMinute(input.recoveredAt),
        duration: duration(lang, i.firstSeenAt, input.recoveredAt),
        count: i.count,
      },
      esc,
    ),
  ];
  const now = input.health.taskDefinition;
  if (now && i.taskDefinitionArn && input.fixed.by !== 'rollback')
    intro.push(
      now === i.taskDefinitionArn
        ? text(lang, 'resolved.td.same', { taskDefinition: plainValue(now, ARN_MAX) }, esc)
        : text(
            lang,
            'resolved.td.other',
            { taskDefinition: plainValue(now, ARN_MAX), failed: plainValue(i.taskDefinitionArn, ARN_MAX) },
            esc,
          ),
    );
  const changed = i.whatChanged?.status === 'found' ? changeLine(lang, i.whatChanged, esc) : undefined;
  return { intro, fixed: fixedLine(lang, input.fixed, esc), ...(changed ? { changed } : {}) };
}

export function renderResolved(input: ResolvedInput): RenderedNotification {
  const lang = input.language;
  const s = input.service;
  // A rollback runs the service again, but the failing revision is not fixed: said so, from the subject on.
  const rolledBack = input.fixed.by === 'rollback';
  const names = { service: nameOf(s.service), cluster: nameOf(s.cluster), region: s.region };
  const subject = cut(
    toAscii(redact(text('en', rolledBack ? 'subject.rolled-back' : 'subject.resolved', names))),
    SUBJECT_MAX,
  );
  const plain = lines(input, plainValue);
  const parts = [
    plain.intro.join('\n'),
    `--- ${text(lang, 'resolved.heading.fixed-by')} ---\n${plain.fixed}`,
    ...(plain.changed ? [`--- ${text(lang, 'resolved.heading.changed')} ---\n${plain.changed}`] : []),
    text(lang, 'resolved.footer', { incident: input.incident.id }),
  ];
  const body = cleanText(redact(parts.join('\n\n')), { multiline: true, max: BODY_MAX });
  const attributes = {
    cause: input.incident.cause,
    cluster: nameOf(s.cluster).slice(0, 256),
    service: nameOf(s.service).slice(0, 256),
    action: rolledBack ? 'rolled-back' : 'resolved',
    incident: input.incident.id,
    notice: 'resolved',
    fixedBy: input.fixed.by,
  };
  const chat = lines(input, chatValue);
  const description = cleanText(
    redact([...chat.intro, `*${text(lang, 'resolved.heading.fixed-by')}:* ${chat.fixed}`].join('\n')),
    { multiline: true, max: CHAT_DESCRIPTION_MAX },
  );
  const title = cleanText(
    redact(
      text(
        lang,
        rolledBack ? 'resolved.chat.title.rolled-back' : 'resolved.chat.title',
        { service: nameOf(s.service), cluster: nameOf(s.cluster) },
        chatValue,
      ),
    ),
    { max: CHAT_TITLE_MAX },
  );
  return {
    subject,
    body,
    attributes,
    chat: {
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown', title, description },
      metadata: {
        threadId: chatCode(input.incident.id, NAME_MAX),
        summary: chatValue(subject),
        eventType: 'EcsImagePullResolved',
        additionalContext: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, chatCode(v, NAME_MAX)])),
      },
    },
  };
}
