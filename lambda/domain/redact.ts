/**
 * Stop reasons are copied into logs and notifications; some carry credentials (a registry URL with
 * user:password, an access key id, a token in a query string). Everything user-visible goes through here.
 */
import { capText, cleanText } from './sanitize';

const BROAD_KEYS = [
  'password|passwd|pwd|secret|token|access[_-]?token|auth|authorization|api[_-]?key|apikey',
  'x-amz-security-token|x-amz-signature|signature|credential',
  'session[_-]?token|client[_-]?secret|secret[_-]?access[_-]?key',
].join('|');
const STRICT_KEYS = [
  'password|passwd|pwd|api[_-]?key|apikey|access[_-]?token',
  'session[_-]?token|client[_-]?secret|secret[_-]?access[_-]?key',
].join('|');

// Keys and tokens start and end where a letter or digit does not continue them: "_" separates them too
// (DB_PASSWORD=…, a key id after "_"), as it does once chat turns it into its full-width form.
/** A secret value masked in the quotes it had, so that masking masked text changes nothing. */
const masked = (_all: string, key: string, sep: string, value: string) =>
  `${key}${sep}${value.startsWith('"') ? '"***"' : value.startsWith("'") ? "'***'" : '***'}`;

const PATTERNS: Array<[RegExp, string | typeof masked]> = [
  // https://user:pass@host → https://***:***@host (the scheme's length bounded: linear time on a long word)
  [/([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/:@]+:[^\s/@]+@/gi, '$1***:***@'],
  // AWS access key ids (long-term AKIA, temporary ASIA, and the other documented prefixes)
  [/(?<![A-Za-z0-9])(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[A-Z0-9]{12,}(?![A-Za-z0-9])/g, '$1****************'],
  // Bearer / Basic authorization values
  [/(?<![A-Za-z0-9])(Bearer|Basic)\s+[A-Za-z0-9+/=._~-]{8,}/g, '$1 ***'],
  // key=value for secret-looking keys (query strings, env dumps, docker flags)
  [new RegExp(`(?<![A-Za-z0-9])(${BROAD_KEYS})(\\s*=\\s*)("[^"]*"|'[^']*'|[^\\s&,;"']+)`, 'gi'), masked],
  // "key": "value" in JSON
  [new RegExp(`"(${BROAD_KEYS})"(\\s*:\\s*)"[^"]*"`, 'gi'), '"$1"$2"***"'],
  // "key: value" only for keys that cannot be prose: "registry auth: execution resource retrieval
  // failed" (the most common Fargate message) must stay readable.
  [new RegExp(`(?<![A-Za-z0-9])(${STRICT_KEYS})(\\s*:\\s*)("[^"]*"|'[^']*'|[^\\s&,;"']+)`, 'gi'), masked],
  // 40-char AWS secret access keys following an access key context
  [/(?<![A-Za-z0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9])(?=.*(?:secret|aws))/gi, '***'],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, repl] of PATTERNS) out = typeof repl === 'string' ? out.replace(re, repl) : out.replace(re, repl);
  return out;
}

/**
 * Cleans (./sanitize.ts: control and format characters out, one line unless `multiline`), redacts and
 * caps a string that goes into logs or notifications: at most `max` characters, the "… (N more
 * characters)" marker included. Never throws.
 */
export function safeText(text: string | undefined, max = 2_000, options: { multiline?: boolean } = {}): string {
  if (typeof text !== 'string' || text === '') return cleanText(text);
  // Redact a bounded prefix (a credential cut in half at the boundary is still removed by the patterns).
  // Cleaned before redaction: a zero-width character inside "pass\u200Bword=…" must not hide the key.
  const bound = max * 2 + 64;
  const prefix = text.length > bound ? text.slice(0, bound) : text;
  return capText(redact(cleanText(prefix, options)), max, text.length - prefix.length);
}
