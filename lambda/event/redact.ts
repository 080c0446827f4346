/**
 * Stop reasons are copied into logs and notifications; some carry credentials (a registry URL with
 * user:password, an access key id, a token in a query string). Everything user-visible goes through here.
 */
const BROAD_KEYS =
  'password|passwd|pwd|secret|token|access[_-]?token|auth|authorization|api[_-]?key|apikey|x-amz-security-token|x-amz-signature|signature|credential|session[_-]?token|client[_-]?secret|secret[_-]?access[_-]?key';
const STRICT_KEYS = 'password|passwd|pwd|api[_-]?key|apikey|access[_-]?token|session[_-]?token|client[_-]?secret|secret[_-]?access[_-]?key';

const PATTERNS: Array<[RegExp, string]> = [
  // https://user:pass@host → https://***:***@host
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi, '$1***:***@'],
  // AWS access key ids (long-term AKIA, temporary ASIA, and the other documented prefixes)
  [/\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[A-Z0-9]{12,}\b/g, '$1****************'],
  // Bearer / Basic authorization values
  [/\b(Bearer|Basic)\s+[A-Za-z0-9+/=._~-]{8,}/g, '$1 ***'],
  // key=value for secret-looking keys (query strings, env dumps, docker flags)
  [new RegExp(`\\b(${BROAD_KEYS})(\\s*=\\s*)("[^"]*"|'[^']*'|[^\\s&,;"']+)`, 'gi'), '$1$2***'],
  // "key": "value" in JSON
  [new RegExp(`"(${BROAD_KEYS})"(\\s*:\\s*)"[^"]*"`, 'gi'), '"$1"$2"***"'],
  // "key: value" only for keys that cannot be prose: "registry auth: execution resource retrieval
  // failed" (the most common Fargate message) must stay readable.
  [new RegExp(`\\b(${STRICT_KEYS})(\\s*:\\s*)("[^"]*"|'[^']*'|[^\\s&,;"']+)`, 'gi'), '$1$2***'],
  // 40-char AWS secret access keys following an access key context
  [/\b[A-Za-z0-9/+]{40}\b(?=.*(?:secret|aws))/gi, '***'],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, repl] of PATTERNS) out = out.replace(re, repl);
  return out;
}

/** Redacts and caps a string that goes into logs or notifications. */
export function safeText(text: string | undefined, max = 2_000): string {
  if (!text) return '';
  // Redact a bounded prefix (a credential cut in half at the boundary is still removed by the patterns).
  const r = redact(text.length > max * 2 ? text.slice(0, max * 2) : text);
  return r.length > max ? `${r.slice(0, max)}… (${text.length - max} more characters)` : r;
}
