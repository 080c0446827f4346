/**
 * Pure: how a value from the event or the account (a name, an id, a stop reason, an error, a tag) is made
 * harmless in each format the notification has. Every rule starts from the one sanitizer
 * (../domain/sanitize.ts: control and format characters out, one line, capped) and redaction:
 *
 * - plain text (e-mail body, terminal, the names in the subject): URLs defanged ("https[:]//evil[.]example/a"),
 *   so that mail clients do not make them links;
 * - chat (Amazon Q Developer in chat applications, client-markdown, rendered as Slack or Teams markdown):
 *   the plain rules, then mentions and markup neutralised by replacing the characters that carry them
 *   with their full-width forms: `<` `>` (`<!channel>`, `<@U123>`, `<#C123>`, `<https://…>` and
 *   `<url|text>` links, Teams `<at>`), `@` before a word (`@user`), and before `channel`, `here`,
 *   `everyone`, `all` wherever it stands, `*` `_` `~`
 *   and the backtick (emphasis and code), and "](" becomes "] (" (a markdown link `[text](url)` is no
 *   longer one). Inside an inline code span and in chat metadata (ids, ARNs) `*`, `_` and `~` are kept
 *   (literal in code, exact in ids): names with underscores stay exact.
 *
 * The tool's own markup (headings, code fences, bullets) and its own links (console links) are added
 * around the escaped values, never passed through here. All escapers are idempotent.
 */
import { redact } from '../domain/redact';
import { capText, cleanText, defangUrls, STOP_REASON_MAX } from '../domain/sanitize';

/** How a value is made harmless in one format (applied to each {placeholder} value of a sentence). */
export type Escape = (value: string) => string;

/** Default cap of one value inside a sentence (the longest a stop reason is shown). */
export const VALUE_MAX = STOP_REASON_MAX;

/** Cleaned (one line unless `multiline`), redacted, URLs defanged, capped. */
function plainText(value: unknown, max: number, multiline: boolean): string {
  const s = typeof value === 'string' ? value : cleanText(value);
  // Bounded work on huge values; cleaned before redaction (a zero-width character must not hide a
  // credential), redacted before the URLs are defanged (the user:password pattern needs "://"), capped last.
  const bound = max * 2 + 64;
  const prefix = s.length > bound ? s.slice(0, bound) : s;
  return capText(defangUrls(redact(cleanText(prefix, { multiline }))), max, s.length - prefix.length);
}

/** A value in plain text, one line. */
export function plainValue(value: unknown, max = VALUE_MAX): string {
  return plainText(value, max, false);
}

/** A multi-line block in plain text (a command, a document): line feeds kept. */
export function plainBlock(value: unknown, max = VALUE_MAX): string {
  return plainText(value, max, true);
}

const FULL_WIDTH: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  '@': '＠',
  '*': '＊',
  _: '＿',
  '~': '～',
  '`': '｀',
};
const full = (ch: string) => FULL_WIDTH[ch] ?? ch;

/** "@" that starts a mention: at the start or after a character that is not part of a word, before a word. */
const MENTION_AT = /(^|[^\p{L}\p{N}_.+-])@(?=[\p{L}\p{N}_])/gu;
/** "@" before a channel-wide keyword: neutralised wherever it stands. */
const BROADCAST_AT = /@(?=(?:channel|here|everyone|all)(?![\p{L}\p{N}]))/giu;

function neutraliseMentions(s: string): string {
  return s
    .replace(/[<>]/g, full)
    .replace(BROADCAST_AT, '＠')
    .replace(MENTION_AT, (_all, before: string) => `${before}＠`);
}

/** A value in chat prose (client-markdown): plain rules, then mentions, links and markup neutralised. */
export function chatValue(value: unknown, max = VALUE_MAX): string {
  // Markup first: "_@here" is a mention once the "_" is no word character any more.
  return neutraliseMentions(plainValue(value, max).replace(/[*_~`]/g, full)).replace(/\]\(/g, '] (');
}

/**
 * A value inside an inline code span in chat, or a chat metadata value (ids, ARNs): what could end the span,
 * mention someone or make a link is neutralised; `*`, `_` and `~` are kept (literal in code, exact in ids).
 */
export function chatCode(value: unknown, max = VALUE_MAX): string {
  return neutraliseMentions(plainValue(value, max)).replace(/`/g, full).replace(/\]\(/g, '] (');
}

/** A block inside a chat code fence (a command): line feeds kept; backticks, mentions neutralised. */
export function chatCodeBlock(value: unknown, max = VALUE_MAX): string {
  return neutraliseMentions(plainBlock(value, max)).replace(/`/g, full);
}
