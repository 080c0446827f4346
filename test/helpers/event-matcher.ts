/**
 * A small EventBridge pattern matcher for the operators lib/event-pattern.ts uses, so the pattern can be
 * tested against sample events offline. No npm package matches EventBridge patterns correctly (one
 * ignores the siblings of `$or`, another mishandles `anything-but`), hence this.
 *
 * Semantics (EventBridge user guide, "Event patterns", "Content filtering", "Arrays"):
 * - every field named in the pattern must match (AND), fields the pattern does not name are ignored;
 * - a leaf is an array of matchers: the field matches when any matcher matches (OR);
 * - exact values match strings, numbers, booleans and null by type and value (case-sensitive);
 * - `{ prefix: "…" }` and `{ wildcard: "…" }` (`*` = any run of characters, `\*` and `\\` literal) match
 *   strings only;
 * - when the event value is an array, the field matches when any element matches (also for arrays of
 *   objects under a nested pattern: `containers: { reason: […] }`);
 * - `$or: [p1, p2, …]` matches when any sub-pattern matches, in addition to its sibling fields;
 * - a field missing from the event never matches (there is no `exists` here).
 *
 * Not modelled, because the pattern does not use them: `anything-but`, `exists`, `numeric`, `suffix`,
 * `equals-ignore-case`, `cidr`. An unknown operator throws instead of silently not matching. With two or
 * more fields under one array of objects, this matcher requires them in the same element; EventBridge's
 * behaviour there is not relied on.
 */

/** Any JSON object shape (interfaces such as PullFailureEventPattern included). */
export type EventPattern = object;

export class UnsupportedPatternError extends Error {
  override readonly name = 'UnsupportedPatternError';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Compiles an EventBridge wildcard to an anchored regular expression. */
export function wildcardToRegExp(wildcard: string): RegExp {
  let source = '';
  for (let i = 0; i < wildcard.length; i += 1) {
    const c = wildcard[i]!;
    if (c === '\\') {
      const next = wildcard[i + 1];
      if (next !== '*' && next !== '\\') {
        throw new UnsupportedPatternError(`wildcard "${wildcard}": "\\" must escape "*" or "\\"`);
      }
      source += next === '*' ? '\\*' : '\\\\';
      i += 1;
    } else if (c === '*') {
      source += '[\\s\\S]*';
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 'u');
}

function matchesValue(matcher: unknown, value: unknown): boolean {
  if (matcher === null || ['string', 'number', 'boolean'].includes(typeof matcher)) {
    return matcher === value;
  }
  if (isPlainObject(matcher)) {
    const keys = Object.keys(matcher);
    if (keys.length !== 1)
      throw new UnsupportedPatternError(`matcher ${JSON.stringify(matcher)} has ${keys.length} keys`);
    const [op] = keys as [string];
    const arg = matcher[op];
    if (op === 'prefix' && typeof arg === 'string') return typeof value === 'string' && value.startsWith(arg);
    if (op === 'wildcard' && typeof arg === 'string') {
      return typeof value === 'string' && wildcardToRegExp(arg).test(value);
    }
    throw new UnsupportedPatternError(`operator ${JSON.stringify(matcher)} is not supported`);
  }
  throw new UnsupportedPatternError(`matcher ${JSON.stringify(matcher)} is not supported`);
}

function matchesLeaf(matchers: readonly unknown[], value: unknown): boolean {
  if (matchers.length === 0) throw new UnsupportedPatternError('an empty array matches nothing in EventBridge');
  const candidates = Array.isArray(value) ? value : [value];
  // Objects and arrays inside the event are never equal to a leaf matcher.
  return candidates.some(
    (candidate) =>
      !isPlainObject(candidate) && !Array.isArray(candidate) && matchers.some((m) => matchesValue(m, candidate)),
  );
}

function matchesField(patternValue: unknown, eventValue: unknown): boolean {
  if (Array.isArray(patternValue)) return matchesLeaf(patternValue, eventValue);
  if (isPlainObject(patternValue)) {
    const candidates = Array.isArray(eventValue) ? eventValue : [eventValue];
    return candidates.some((candidate) => isPlainObject(candidate) && matchesPattern(patternValue, candidate));
  }
  throw new UnsupportedPatternError(`pattern value ${JSON.stringify(patternValue)} must be an array or an object`);
}

/** True when `event` matches `pattern` (see the semantics above). */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  if (!isPlainObject(event)) return false;
  return Object.entries(pattern as Record<string, unknown>).every(([key, patternValue]) => {
    if (key === '$or') {
      if (!Array.isArray(patternValue) || patternValue.length < 2) {
        throw new UnsupportedPatternError('$or needs an array of at least two patterns');
      }
      return patternValue.some((sub) => {
        if (!isPlainObject(sub)) throw new UnsupportedPatternError('$or elements must be patterns');
        return matchesPattern(sub, event);
      });
    }
    if (!(key in event)) return false;
    return matchesField(patternValue, event[key]);
  });
}
