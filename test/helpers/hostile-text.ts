/**
 * Hostile text (issue 14) as whoever controls a task definition, a registry or the event bus can write it,
 * and the checks that say which dangerous sequences survive in a rendered format. Used by the render()
 * test (test/lambda/notify/hostile-text.test.ts) and the pipeline test (test/lambda/hostile-event.test.ts).
 */

/**
 * Bidi override, NUL, zero-width space, an ANSI escape, Slack channel-wide, user and channel mentions, a
 * markdown link, emphasis, bare URLs and an autolink.
 */
export const HOSTILE =
  'gnp.\u202Eexe\u0000 zero\u200Bwidth \u001B[31mred <!channel> <@U12345> <#C123> @here [click](https://evil.example/x) **bold** _em_ ~strike~ `code` https://evil.example/a <https://evil.example/b|here>';

/** A 16 KB name: the hostile text, then filler. */
export function hostileName(prefix = ''): string {
  const head = `${prefix}${HOSTILE}`;
  return `${head}${'n'.repeat(16 * 1024 - head.length)}`;
}

/** Control and format characters (Cc, Cf) other than the line feed; lone surrogates. */
const CONTROL = /(?!\n)[\p{Cc}\p{Cf}\u2028\u2029]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Sequences that must not survive in any format (a clickable URL of the hostile text, invisible characters). */
const EVERYWHERE: Array<[string, RegExp]> = [
  ['control or format character', CONTROL],
  ['lone surrogate', LONE_SURROGATE],
  ['clickable URL of the stop reason', /[a-z]+:\/\/evil/i],
  ['linkable host of the stop reason', /evil\.example/],
];

/** Sequences that must not survive in chat (client-markdown): mentions, links, markup of the hostile text. */
const CHAT: Array<[string, RegExp]> = [
  ['<!channel>', /<!channel>/],
  ['<@U12345>', /<@U12345>/],
  ['<#C123>', /<#C123>/],
  ['a "<!", "<@" or "<#" mention', /<[!@#]/],
  ['@here', /(^|[^\w])@here\b/],
  ['an autolink', /<[a-z]+[:[]/i],
  ['a markdown link', /\]\(/],
  ['`code`', /`code`/],
];
/**
 * Emphasis that must not survive outside the tool's code spans and fences: inside them `*`, `_` and `~`
 * are literal in Slack and Teams, so names keep their underscores there (escape.ts, chatCode).
 */
const CHAT_OUTSIDE_CODE: Array<[string, RegExp]> = [
  ['**bold**', /\*\*bold\*\*/],
  ['_em_', /_em_/],
  ['~strike~', /~strike~/],
];

const withoutCode = (text: string) => text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');

/**
 * The dangerous sequences found in one text of a format (none: []). "chat": a markdown text of the chat
 * notification (title, description, summary); "chat-data": an id in its metadata (ARNs, attributes), where
 * `*`, `_` and `~` stay as they are.
 */
export function dangerousIn(text: string, format: 'plain' | 'chat' | 'chat-data'): string[] {
  const found = (rules: Array<[string, RegExp]>, t: string) =>
    rules.filter(([, re]) => re.test(t)).map(([name]) => name);
  if (format === 'plain') return found(EVERYWHERE, text);
  return [
    ...found([...EVERYWHERE, ...CHAT], text),
    ...(format === 'chat' ? found(CHAT_OUTSIDE_CODE, withoutCode(text)) : []),
  ];
}

/**
 * The text without the tool's own AWS console links: their host is the console's, and the names in their
 * path are percent-encoded (a "." stays a "."), so they are checked apart (consoleLinksIn).
 */
export function withoutConsoleLinks(text: string): string {
  return text.replace(CONSOLE_LINK, '<console link>');
}

/** The tool's AWS console links in a text. */
export function consoleLinksIn(text: string): string[] {
  return text.match(CONSOLE_LINK) ?? [];
}

const CONSOLE_LINK =
  /https:\/\/(?:[a-z0-9-]+\.)?console\.(?:aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)\/\S*/g;

/** Every string inside a value (log data, chat JSON), with its path. */
export function stringsOf(value: unknown, path = '$'): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringsOf(v, `${path}.${k}`));
  return [];
}
