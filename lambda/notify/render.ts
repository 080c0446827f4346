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
 */
import { redact, safeText } from '../event/redact';
import { ARN_MAX, cleanText, NAME_MAX, STOP_REASON_MAX } from '../event/sanitize';
import { chatCode, chatCodeBlock, chatValue, plainBlock, plainValue, type Escape } from './escape';
import {
  blockedBy,
  isFailedCall,
  type CauseId,
  type Confidence,
  type Diagnosis,
  type Evidence,
} from '../diagnose/types';
import type { AppliedStep, Outcome, Plan, PlanStep } from '../remediate/types';
import { regionFlag, sh } from '../remediate/plans/shared';
import type { Language } from '../config';
import { consoleLinks } from './console-links';
import { earlierAttemptLines } from './earlier-attempt';
import { en } from './messages/en';
import { ja } from './messages/ja';
import { planTextsEn } from './messages/plan-en';
import { planTextsJa } from './messages/plan-ja';
import { evidenceTextsEn } from './messages/evidence-en';
import { evidenceTextsJa } from './messages/evidence-ja';
import type { NotificationInput, RenderedNotification } from './types';

export const SUBJECT_MAX = 100;
/** Body cap (characters): SNS allows 256 KB for the whole message, which also carries the chat JSON. */
export const BODY_MAX = 40_000;
/** Chat description cap (Slack renders a section of at most 3,000 characters). */
export const CHAT_DESCRIPTION_MAX = 3_000;
export const CHAT_TITLE_MAX = 250;
const EVIDENCE_MAX = 25;
const DOCUMENT_MAX = 6_000;

type Catalogue = Record<string, string>;
/** A text already said in the target format (a catalogue sentence whose values were escaped): inserted as it is. */
export interface Said {
  readonly said: string;
}
export const said = (text: string): Said => ({ said: text });
type Args = Record<string, string | number | undefined | Said>;

/** Each language's catalogue: the notification texts plus the planner's plan texts and the evidence sentences. */
const CATALOGUES: Record<Language, Catalogue> = {
  en: { ...planTextsEn, ...evidenceTextsEn, ...en },
  ja: { ...planTextsJa, ...evidenceTextsJa, ...ja },
};
/** Sentences run together with a space in English, without one in Japanese. */
const SENTENCE_GAP: Record<Language, string> = { en: ' ', ja: '' };

/** The catalogue of a language (English for unknown languages). */
export function catalogue(language: Language): Catalogue {
  return CATALOGUES[language] ?? en;
}

/** One value as its format says it: a Said text as it is, anything else through the format's Escape. */
const valueText = (v: string | number | Said, esc: Escape) => (typeof v === 'object' ? v.said : esc(String(v)));

/**
 * Fills {placeholders}, each value escaped for the format (plain text unless told); a placeholder without a
 * value is left as written.
 */
export function fill(template: string, args: Args = {}, esc: Escape = plainValue): string {
  return template.replace(/\{([A-Za-z0-9_.-]+)\}/g, (whole, name: string) => {
    const v = args[name];
    return v === undefined ? whole : valueText(v, esc);
  });
}

/** Text of a key in a language, falling back to English, then to the raw key (with its arguments). */
export function text(language: Language, key: string, args: Args = {}, esc: Escape = plainValue): string {
  const template = catalogue(language)[key] ?? CATALOGUES.en[key];
  if (template !== undefined) return fill(template, args, esc);
  const shown = Object.entries(args).filter((kv): kv is [string, string | number | Said] => kv[1] !== undefined);
  return shown.length ? `${key} (${shown.map(([k, v]) => `${k}=${valueText(v, esc)}`).join(', ')})` : key;
}

/**
 * textArgs of an evidence sentence with its lists said: "<list>.join" marks a list whose parts are
 * "<list>.<i>.key" (a catalogue key) and "<list>.<i>.<arg>"; they become {<list>}.
 */
function evidenceArgs(lang: Language, args: Record<string, string | number>, esc: Escape): Args {
  const lists = Object.keys(args)
    .filter((k) => k.endsWith('.join'))
    .map((k) => k.slice(0, -'.join'.length));
  const out: Args = {};
  const parts = new Map<string, Map<number, { key?: string; args: Args }>>(lists.map((l) => [l, new Map()]));
  for (const [k, v] of Object.entries(args)) {
    const list = lists.find((l) => k.startsWith(`${l}.`));
    const m = list === undefined ? null : /^(\d+)\.(.+)$/.exec(k.slice(list.length + 1));
    if (list === undefined || !m) {
      if (list === undefined) out[k] = v;
      continue;
    }
    const items = parts.get(list)!;
    const i = Number(m[1]);
    const item: { key?: string; args: Args } = items.get(i) ?? { args: {} };
    if (m[2] === 'key') item.key = String(v);
    else item.args[m[2]!] = v;
    items.set(i, item);
  }
  for (const l of lists) {
    const items = [...parts.get(l)!.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, it]) => (it.key ? text(lang, it.key, it.args, esc) : ''));
    out[l] = said(items.join(text(lang, `evidence.join.${String(args[`${l}.join`])}`)));
  }
  return out;
}

/**
 * The sentence of one piece of evidence in a language: its catalogue entry (textKey, textArgs) when the
 * language's catalogue has it, else the English `detail` (a sentence with the values in it: escaped whole).
 */
export function evidenceText(
  lang: Language,
  e: Pick<Evidence, 'detail' | 'textKey' | 'textArgs'>,
  esc: Escape = plainValue,
): string {
  const template = e.textKey ? catalogue(lang)[e.textKey] : undefined;
  return template === undefined ? esc(e.detail) : fill(template, evidenceArgs(lang, e.textArgs ?? {}, esc), esc);
}

/** Printable ASCII only, one line. */
export function toAscii(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7E]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return s.slice(0, Math.max(0, max));
  return `${s.slice(0, max - 1)}~`;
}

/** Shares `avail` characters between two names: the shorter keeps its length when it can. */
function share(a: string, b: string, avail: number): [string, string] {
  if (a.length + b.length <= avail) return [a, b];
  const half = Math.floor(avail / 2);
  if (a.length <= half) return [a, cut(b, avail - a.length)];
  if (b.length <= half) return [cut(a, avail - b.length), b];
  return [cut(a, avail - half), cut(b, half)];
}

type ScopeKind = 'service' | 'family' | 'task';

function scopeOf(d: Diagnosis): { kind: ScopeKind; name: string } {
  const r = d.resources;
  if (r.service) return { kind: 'service', name: r.service };
  if (r.family) return { kind: 'family', name: r.family };
  return { kind: 'task', name: r.task };
}

/** Names from the account or the event, for display: plain text (escape.ts), ≤ NAME_MAX characters, never empty. */
function nameOf(s: string | undefined, max = NAME_MAX): string {
  const v = plainValue(s ?? '', max);
  return v === '' ? '-' : v;
}

// ---------------------------------------------------------------------------------------------------
// Subject

export function renderSubject(input: NotificationInput): string {
  const { diagnosis: d, outcome, incident } = input;
  const E = en as Catalogue;
  const tags: string[] = [];
  if (incident.role === 'reminder') tags.push(fill(E['subject.tag.reminder']!, { count: incident.count }));
  if (outcome.kind === 'fixed') tags.push(E['subject.tag.fixed']!);
  if (outcome.kind === 'failed') tags.push(E['subject.tag.failed']!);
  const prefix = tags.length ? `${tags.join('')} ` : '';
  const certainty = d.cause === 'unknown' ? '' : (E[`subject.confidence.${d.confidence}`] ?? '');
  const causeWords = toAscii(`${certainty}${E[`cause.${d.cause}.title`] ?? d.cause}`);
  const scope = scopeOf(d);
  const scopeTemplate = E[`subject.scope.${scope.kind}`]!;
  const [scopeHead, scopeTail] = scopeTemplate.split('{name}') as [string, string?];
  const scopeName = toAscii(nameOf(scope.name)) || '-';
  const cluster = toAscii(nameOf(d.resources.cluster)) || '-';
  const region = toAscii(d.resources.region ?? '');
  const MIN_NAMES = 16;

  for (const head of [E['subject.head']!, E['subject.head.short']!]) {
    for (const withRegion of region ? [true, false] : [false]) {
      const regionTail = withRegion ? `, ${region}` : '';
      const fixed = `${prefix}${head}${causeWords} - ${scopeHead}${scopeTail ?? ''} (${regionTail})`;
      const avail = SUBJECT_MAX - fixed.length;
      if (avail < MIN_NAMES) continue;
      const [s, c] = share(scopeName, cluster, avail);
      return `${prefix}${head}${causeWords} - ${scopeHead}${s}${scopeTail ?? ''} (${c}${regionTail})`;
    }
  }
  // Only reachable with a long prefix (reminder count + failed fix + "possibly" + a long cause):
  // the cause words win over the names, then over the count in the reminder tag.
  const short = E['subject.head.short']!;
  const withScope = `${prefix}${short}${causeWords} - ${scopeHead}`;
  if (withScope.length + 4 <= SUBJECT_MAX) return `${withScope}${cut(scopeName, SUBJECT_MAX - withScope.length)}`;
  if (`${prefix}${short}${causeWords}`.length <= SUBJECT_MAX) return `${prefix}${short}${causeWords}`;
  const compactTags = tags.map((tag) => tag.replace(/^\[reminder[^\]]*\]$/, '[reminder]')).join('');
  return cut(`${compactTags} ${short}${causeWords}`, SUBJECT_MAX);
}

// ---------------------------------------------------------------------------------------------------
// Body

export function stepText(
  lang: Language,
  step: { textKey: string; textArgs?: Record<string, string | number> },
  esc: Escape = plainValue,
): string {
  return redact(text(lang, step.textKey, step.textArgs ?? {}, esc));
}

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

export function confidenceText(lang: Language, c: Confidence): string {
  return text(lang, `confidence.${c}`);
}

export function causeTitle(lang: Language, cause: CauseId | string): string {
  return text(lang, `cause.${cause}.title`);
}

function scopeText(lang: Language, d: Diagnosis, esc: Escape = plainValue): string {
  const s = scopeOf(d);
  return text(lang, `scope.${s.kind}`, { name: nameOf(s.name) }, esc);
}

function stepById(plan: Plan, id: string): PlanStep | undefined {
  return plan.steps.find((s) => s.id === id);
}

/** The "what was done" lines for each outcome; values escaped with `esc` (plain text unless told). */
function actionLines(lang: Language, d: Diagnosis, outcome: Outcome, esc: Escape = plainValue): string[] {
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
    default:
      return text(lang, `reason.${String(reason)}`);
  }
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

const countArgs = (incident: { count: number; firstSeenAt: string }) => ({
  count: incident.count,
  firstSeenAt: incident.firstSeenAt,
});

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

function section(lang: Language, key: string, lines: string[]): string {
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
      ...field('field.account', r.account),
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
  if (d.ignoredReason)
    causeLines.push(redact(text(lang, 'cause.ignored', { reason: oneLine(safeText(d.ignoredReason, 500)) })));
  parts.push(section(lang, 'heading.cause', causeLines));

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

/** The summary lines at the top of a message: what, why, what was done — readable without scrolling. */
function summaryLines(input: NotificationInput): string[] {
  const { diagnosis: d, outcome, incident, language: lang } = input;
  const r = d.resources;
  const summary = [
    text(lang, 'happened.intro', {
      scope: said(scopeText(lang, d)),
      cluster: nameOf(r.cluster),
      region: nameOf(r.region),
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

// ---------------------------------------------------------------------------------------------------
// Attributes and chat

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
  };
}

function chatTitle(input: NotificationInput): string {
  const { diagnosis: d, outcome, incident, language: lang } = input;
  const key =
    incident.role === 'reminder'
      ? 'chat.title.reminder'
      : outcome.kind === 'fixed'
        ? 'chat.title.fixed'
        : outcome.kind === 'failed'
          ? 'chat.title.failed'
          : 'chat.title';
  const s = scopeOf(d);
  const title = text(
    lang,
    key,
    {
      cause: said(causeTitle(lang, d.cause)),
      scope: nameOf(s.name),
      cluster: nameOf(d.resources.cluster),
      count: incident.count,
    },
    chatValue,
  );
  return cut(cleanText(redact(title)), CHAT_TITLE_MAX);
}

function chatDescription(input: NotificationInput): string {
  const { diagnosis: d, outcome, incident, language: lang } = input;
  const r = d.resources;
  const lines: string[] = [];
  lines.push(`*${text(lang, 'heading.cause')}:* ${causeTitle(lang, d.cause)} (${confidenceText(lang, d.confidence)})`);
  lines.push(text(lang, `cause.${d.cause}.explain`));
  // Values from the event or the account: chatCode inside `code`, chatValue in prose, chatCodeBlock in a fence
  // (escape.ts). The markup around them and the console links are the tool's own.
  const facts = [
    `*${text(lang, 'field.cluster')}:* \`${chatCode(nameOf(r.cluster))}\``,
    ...(r.service ? [`*${text(lang, 'field.service')}:* \`${chatCode(nameOf(r.service))}\``] : []),
    `*${text(lang, 'field.task')}:* \`${chatCode(nameOf(r.task))}\``,
    `*${text(lang, 'field.region')}:* \`${chatCode(nameOf(r.region))}\``,
  ];
  lines.push(facts.join(' · '));
  lines.push(`*${text(lang, 'field.count')}:* ${text(lang, 'field.count.value', countArgs(incident), chatValue)}`);
  lines.push(`*${text(lang, 'heading.action')}:* ${actionSummary(lang, d, outcome, chatValue)}`);
  lines.push(...earlierAttemptLines(input.earlier, (k, a) => text(lang, k, a, chatValue)));
  const top = d.evidence.filter((e) => e.result === 'proven' || e.result === 'unknown').slice(0, 3);
  if (top.length) {
    lines.push(`*${text(lang, 'heading.evidence')}:*`);
    for (const e of top)
      lines.push(`• [${text(lang, `evidence.result.${e.result}`)}] ${safeText(evidenceText(lang, e, chatValue), 300)}`);
  }
  if (outcome.kind !== 'fixed') {
    const next = outcome.plan.steps[0];
    if (next) {
      lines.push(text(lang, 'chat.next-step', { text: said(stepText(lang, next, chatValue)) }));
      if (next.command) lines.push(`\`\`\`\n${chatCodeBlock(next.command, 600)}\n\`\`\``);
    }
  }
  const links = consoleLinks(d).filter((l) => l.kind === 'task' || l.kind === 'service');
  for (const l of links) lines.push(`${text(lang, `link.${l.kind}`)}: ${l.url}`);
  lines.push(
    `_${text(lang, 'chat.full-text')}${SENTENCE_GAP[lang]}` +
      `${text(lang, 'field.incident')}: ${chatValue(nameOf(incident.id))}_`,
  );
  // Redacted and cleaned once more as a whole (multi-line), capped with the "… (N more characters)" marker.
  return cleanText(redact(lines.join('\n')), { multiline: true, max: CHAT_DESCRIPTION_MAX });
}

export function renderChat(
  input: NotificationInput,
  subject: string,
  attributes: Record<string, string>,
): RenderedNotification['chat'] {
  const r = input.diagnosis.resources;
  return {
    version: '1.0',
    source: 'custom',
    content: { textType: 'client-markdown', title: chatTitle(input), description: chatDescription(input) },
    metadata: {
      // One chat thread per incident: the reminder lands under the first message.
      ...(input.incident.id && input.incident.id !== '-' ? { threadId: chatCode(input.incident.id, NAME_MAX) } : {}),
      // The subject is ASCII but may carry "<!channel>" or "@here" from a name: neutralised as chat prose.
      summary: chatValue(subject),
      eventType: 'EcsImagePullFailure',
      relatedResources: [r.taskArn, r.clusterArn, r.taskDefinitionArn, r.executionRoleArn]
        .filter((x): x is string => !!x)
        .map((x) => chatCode(x, ARN_MAX)),
      additionalContext: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, chatCode(v, NAME_MAX)])),
    },
  };
}

export function render(input: NotificationInput): RenderedNotification {
  const subject = cut(toAscii(redact(renderSubject(input))), SUBJECT_MAX);
  const attributes = renderAttributes(input);
  return { subject, body: renderBody(input), attributes, chat: renderChat(input, subject, attributes) };
}
