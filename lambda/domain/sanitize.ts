/**
 * The one sanitizer for untrusted text: anything that comes from the event or the account (stop reasons,
 * image, container, service and task definition names, tags, AWS error messages) passes through
 * `cleanText` before it is shown in any format or logged. Pure; never throws, whatever the input.
 *
 * - Unicode control and format characters (general categories Cc and Cf: NUL, ESC, DEL, C1 controls, bidi
 *   embeddings/overrides/isolates U+202A–U+202E and U+2066–U+2069, zero-width U+200B–U+200F, U+2060,
 *   U+FEFF, soft hyphen, tag characters…) are removed. Lone surrogates become U+FFFD.
 * - Line breaks (CR, LF, CRLF, VT, FF, NEL, U+2028, U+2029) and tabs: one-line text (the default: stop
 *   reasons, names, ids, errors) turns each run of them into one space; multi-line text (documents,
 *   commands) keeps line feeds only (each break becomes "\n", a tab a space).
 * - `max` caps the result, the cut marker included: "… (N more characters)" says how much was cut.
 *
 * Idempotent: cleaning cleaned text returns it unchanged. Format rules (redaction, defanged URLs, chat
 * markdown) are layered on top of it in ./redact.ts and ../notify/escape.ts.
 */

/** Stop reasons, as shown and logged. */
export const STOP_REASON_MAX = 1_000;
/** Names and ids (cluster, service, container, family, image, task id). */
export const NAME_MAX = 256;
/** ARNs (task definition, role, task). */
export const ARN_MAX = 512;

export interface CleanOptions {
  /** Longest result in UTF-16 code units, the cut marker included. No cap when absent. */
  max?: number;
  /** Keep line feeds (documents, commands). Otherwise every line break and tab becomes a space. */
  multiline?: boolean;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Cc and Cf, plus the two Unicode separators that break lines (Zl, Zp). */
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
/** Characters that break a line or indent: the only controls that become text (a space, or "\n"). */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/;
const BREAK_RUN = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
const LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/g;

/** The string of a value, or '' when it has none (objects, symbols, a throwing toString). */
function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '';
}

/** The marker that ends a cut text. */
export function cutMarker(cut: number): string {
  return `… (${cut} more characters)`;
}

/**
 * `text` cut to at most `max` code units, the marker included, without splitting a surrogate pair.
 * `alreadyCut`: characters dropped before (counted in the marker, which is then always added).
 */
export function capText(text: string, max: number, alreadyCut = 0): string {
  if (text.length <= max && alreadyCut <= 0) return text;
  if (!(max > 0)) return '';
  const total = text.length + Math.max(0, alreadyCut);
  // keep + marker length never shrinks as keep grows (the count loses at most one digit per step).
  let keep = Math.min(text.length, max);
  while (keep > 0 && keep + cutMarker(total - keep).length > max) keep--;
  if (keep === 0 && cutMarker(total).length > max) return `${text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
  if (keep > 0 && /[\uD800-\uDBFF]/.test(text[keep - 1]!)) keep--;
  return `${text.slice(0, keep)}${cutMarker(total - keep)}`;
}

/** Control and format characters removed, lone surrogates replaced, line breaks said as the options ask. No cap. */
function strip(s: string, multiline: boolean): string {
  const stripped = s.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL_OR_FORMAT, (ch) => (BREAKS.test(ch) ? ch : ''));
  if (!multiline) return stripped.replace(BREAK_RUN, ' ');
  return stripped.replace(LINE_BREAK, '\n').replace(/\t/g, ' ');
}

/** The one sanitizer (see the file comment). */
export function cleanText(value: unknown, options: CleanOptions = {}): string {
  const s = asString(value);
  if (s === '') return '';
  const { max, multiline = false } = options;
  if (max === undefined || !Number.isFinite(max)) return strip(s, multiline);
  // Bounded work on huge input: only a prefix can be shown; what lies past it is counted as cut.
  const bound = Math.max(0, max) * 2 + 64;
  const prefix = s.length > bound ? s.slice(0, bound) : s;
  return capText(strip(prefix, multiline), max, s.length - prefix.length);
}

/** True when the text holds a character cleanText removes or replaces (tests and assertions). */
export function hasControlOrFormat(text: string, options: { multiline?: boolean } = {}): boolean {
  const controls = options.multiline ? /(?!\n)[\p{Cc}\p{Cf}\u2028\u2029]/u : /[\p{Cc}\p{Cf}\u2028\u2029]/u;
  return controls.test(text) || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** A dot that is not already defanged as "[.]". */
const BARE_DOT = /(?<!\[)\.(?!\])/g;

/**
 * The rest of a URL after its scheme separator: up to a space, a quote or an angle bracket (or the full-width forms
 * chat uses for them).
 */
const URL_REST = /\[:\]\/\/[^\s"'`<>｀＜＞]*/g;

/**
 * URLs in untrusted text made non-clickable, the same way in every format: the scheme separator becomes
 * "[:]//" and every dot of the URL "[.]" ("https[:]//evil[.]example/a"), and so do the dots of a token
 * that starts with "www.". The tool's own links (console links) are never passed here. Idempotent.
 * A bare host name without a scheme (an image reference such as "registry.example.com/app:1") is left
 * as it is: it is the text the reader needs.
 */
export function defangUrls(text: string): string {
  return text
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):\/\//g, '$1[:]//')
    .replace(URL_REST, (url) => url.replace(BARE_DOT, '[.]'))
    .replace(/(?<![A-Za-z0-9])www\.[^\s"'`<>｀＜＞]+/gi, (token) => token.replace(BARE_DOT, '[.]'));
}
