/** IAM wildcards (* any run, ? one character) as anchored regular expressions. */

/** One character of a resolved policy value; `wild`: * and ? in it are wildcards (policy text, not a substitution). */
export type Ch = { c: string; wild: boolean };

export function charsRegex(chars: Ch[], wildcards: boolean, ignoreCase: boolean): RegExp {
  const src = chars
    .map(({ c, wild }) =>
      wildcards && wild && c === '*'
        ? '.*'
        : wildcards && wild && c === '?'
          ? '.'
          : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${src}$`, ignoreCase ? 'is' : 's');
}

/** IAM wildcard match (* any run, ? one char); actions case-insensitive, resources case-sensitive. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  return charsRegex(
    [...pattern].map((c) => ({ c, wild: true })),
    true,
    caseInsensitive,
  ).test(value);
}
