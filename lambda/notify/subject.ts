/**
 * Pure: the notification's subject — printable ASCII on one line, at most SUBJECT_MAX characters (SNS),
 * always in English. The cause words win over the names when space runs out.
 */
import { catalogue, fill } from './catalogue-text';
import { cut, nameOf, scopeOf, toAscii } from './render-helpers';
import type { NotificationInput } from './types';

export const SUBJECT_MAX = 100;

/** Shares `avail` characters between two names: the shorter keeps its length when it can. */
function share(a: string, b: string, avail: number): [string, string] {
  if (a.length + b.length <= avail) return [a, b];
  const half = Math.floor(avail / 2);
  if (a.length <= half) return [a, cut(b, avail - a.length)];
  if (b.length <= half) return [cut(a, avail - b.length), b];
  return [cut(a, avail - half), cut(b, half)];
}

export function renderSubject(input: NotificationInput): string {
  const { diagnosis: d, outcome, incident } = input;
  const E = catalogue('en');
  const tags: string[] = [];
  if (d.sidecar) tags.push(E['subject.tag.sidecar']!);
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
