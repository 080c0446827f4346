/**
 * Pure: the Amazon Q Developer in chat applications custom notification — a short title, a markdown
 * description (cause, facts, what was done, top evidence, the next step) and metadata (thread per
 * incident, related resources, the message attributes). Values from the event or the account are escaped
 * for chat (./escape.ts): mentions and markup neutralised.
 */
import { redact, safeText } from '../domain/redact';
import { ARN_MAX, cleanText, NAME_MAX } from '../domain/sanitize';
import { chatCode, chatCodeBlock, chatValue } from './escape';
import { consoleLinks } from './console-links';
import { earlierAttemptLines } from './earlier-attempt';
import { evidenceText, said, SENTENCE_GAP, text } from './catalogue-text';
import { actionSummary } from './action-text';
import {
  causeTitle,
  changeLine,
  confidenceText,
  countArgs,
  cut,
  nameOf,
  scopeOf,
  sidecarLine,
  stepText,
} from './render-helpers';
import type { NotificationInput, RenderedNotification } from './types';

/** Chat description cap (Slack renders a section of at most 3,000 characters). */
export const CHAT_DESCRIPTION_MAX = 3_000;
export const CHAT_TITLE_MAX = 250;

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
  const sidecar = sidecarLine(lang, d, chatValue);
  if (sidecar) lines.push(sidecar);
  // Chat is short: the change is named when found; "none recorded" and "could not be read" stay in the e-mail.
  const change = d.change?.status === 'found' ? changeLine(lang, d.change, chatValue) : undefined;
  if (change) lines.push(`*${text(lang, 'heading.change')}:* ${change}`);
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
