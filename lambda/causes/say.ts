/**
 * Pure: the English sentence of a piece of evidence, said from the catalogue (the only place its words are
 * written), and the stored form of evidence: `detail` for logs and --json, `textKey`/`textArgs` (lists
 * flattened as "<list>.join", "<list>.<i>.key", "<list>.<i>.<arg>") for notifications in other languages.
 */
import type { Evidence } from '../domain/diagnosis';
import { CAUSE_TEXTS } from './catalogue';
import type { EvidenceDraft, EvidenceText, TextArgs } from './context';

const EN = CAUSE_TEXTS.en;

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{([A-Za-z0-9_.-]+)\}/g, (whole, name: string) => values[name] ?? whole);

/** The sentence in English; a key the catalogue lacks is said as the key with its values (never a throw). */
export function english(t: EvidenceText): string {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.args ?? {}))
    values[k] = typeof v === 'object' ? v.parts.map(english).join(EN[`evidence.join.${v.join}`] ?? ', ') : String(v);
  const template = EN[t.key];
  if (template !== undefined) return fill(template, values);
  const shown = Object.entries(values).map(([k, v]) => `${k}=${v}`);
  return shown.length ? `${t.key} (${shown.join(', ')})` : t.key;
}

/** The values as Evidence.textArgs: lists flattened, scalars as they are. */
export function flatArgs(args: TextArgs): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(args)) {
    if (typeof v !== 'object') {
      out[k] = v;
      continue;
    }
    out[`${k}.join`] = v.join;
    v.parts.forEach((p, i) => {
      out[`${k}.${i}.key`] = p.key;
      for (const [a, x] of Object.entries(p.args ?? {})) out[`${k}.${i}.${a}`] = x;
    });
  }
  return out;
}

/** The stored form of a piece of evidence. */
export function said(draft: EvidenceDraft): Evidence {
  const { text } = draft;
  const e: Evidence = { check: draft.check, result: draft.result, detail: english(text) };
  if (draft.cause) e.cause = draft.cause;
  if (draft.resourceIds) e.resourceIds = draft.resourceIds;
  e.textKey = text.key;
  if (text.args && Object.keys(text.args).length) e.textArgs = flatArgs(text.args);
  return e;
}
