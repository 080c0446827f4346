/**
 * Checks that a diagnosis's evidence can be said in every language: each piece has a textKey found in the
 * English and Japanese catalogues (its list parts too), the English rendering is exactly its `detail` (so
 * the two never drift) and the Japanese one is not the English sentence. Returns the problems found.
 */
import type { Diagnosis, Evidence } from '../../../lambda/domain/diagnosis';
import { catalogue, evidenceText } from '../../../lambda/notify/catalogue-text';

const PLACEHOLDER = /\{[A-Za-z0-9_.-]+\}/;
/** The wording is compared before any format's escaping (escape.ts defangs URLs and caps values when shown). */
const AS_IS = (value: string) => value;

/** Every catalogue key an evidence names: its textKey and the keys of its list parts. */
export function evidenceKeys(e: Evidence): string[] {
  const parts = Object.entries(e.textArgs ?? {})
    .filter(([k]) => /\.\d+\.key$/.test(k))
    .map(([, v]) => String(v));
  const joins = Object.entries(e.textArgs ?? {})
    .filter(([k]) => k.endsWith('.join'))
    .map(([, v]) => `evidence.join.${v}`);
  return e.textKey ? [e.textKey, ...parts, ...joins] : [];
}

export function unsaidEvidence(d: Pick<Diagnosis, 'evidence'>): string[] {
  const en = catalogue('en');
  const ja = catalogue('ja');
  const problems: string[] = [];
  for (const e of d.evidence) {
    const at = `${e.check} "${e.detail}"`;
    if (!e.textKey) {
      problems.push(`${at}: no textKey`);
      continue;
    }
    for (const k of evidenceKeys(e)) {
      if (en[k] === undefined) problems.push(`${at}: ${k} missing in English`);
      if (ja[k] === undefined) problems.push(`${at}: ${k} missing in Japanese`);
    }
    const said = evidenceText('en', e, AS_IS);
    if (said !== e.detail) problems.push(`${at}: English rendering differs: "${said}"`);
    const saidJa = evidenceText('ja', e, AS_IS);
    if (saidJa === e.detail) problems.push(`${at}: Japanese rendering is the English detail`);
    if (PLACEHOLDER.test(saidJa) || PLACEHOLDER.test(said))
      problems.push(`${at}: a placeholder is left unfilled: "${saidJa}"`);
  }
  return problems;
}
