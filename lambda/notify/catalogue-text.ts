/**
 * Pure: the catalogue lookup — a key and its arguments → a sentence in the message language, each
 * {placeholder} value escaped for the target format. Words live in messages/en.ts and messages/ja.ts
 * (plus the causes' evidence and plan sentences, causes/catalogue.ts). A missing key falls back to English,
 * then to the raw key, never to a throw.
 */
import type { Evidence } from '../domain/diagnosis';
import type { Language } from '../config';
import { plainValue, type Escape } from './escape';
import { en } from './messages/en';
import { ja } from './messages/ja';
import { preflightTexts } from './messages/preflight';
import { recoveryTexts } from './messages/recovery';
import { CAUSE_TEXTS } from '../causes/catalogue';

export type Catalogue = Record<string, string>;
/** A text already said in the target format (a catalogue sentence whose values were escaped): inserted as it is. */
export interface Said {
  readonly said: string;
}
export const said = (text: string): Said => ({ said: text });
export type Args = Record<string, string | number | undefined | Said>;

/** Each language's catalogue: the notification texts plus the planner's plan texts and the evidence sentences. */
const CATALOGUES: Record<Language, Catalogue> = {
  en: { ...CAUSE_TEXTS.en, ...en, ...recoveryTexts.en, ...preflightTexts.en },
  ja: { ...CAUSE_TEXTS.ja, ...ja, ...recoveryTexts.ja, ...preflightTexts.ja },
};
/** Sentences run together with a space in English, without one in Japanese. */
export const SENTENCE_GAP: Record<Language, string> = { en: ' ', ja: '' };

/** The catalogue of a language (English for unknown languages). */
export function catalogue(language: Language): Catalogue {
  return CATALOGUES[language] ?? en;
}

/** One value as its format says it: a Said text as it is, anything else through the format's Escape. */
const valueText = (v: string | number | Said, esc: Escape) => (typeof v === 'object' ? v.said : esc(String(v)));

/**
 * Fills {placeholders}, each value escaped for the format (plain text unless told); a placeholder without a
 * value is left as written.
 */
export function fill(template: string, args: Args = {}, esc: Escape = plainValue): string {
  return template.replace(/\{([A-Za-z0-9_.-]+)\}/g, (whole, name: string) => {
    const v = args[name];
    return v === undefined ? whole : valueText(v, esc);
  });
}

/** Text of a key in a language, falling back to English, then to the raw key (with its arguments). */
export function text(language: Language, key: string, args: Args = {}, esc: Escape = plainValue): string {
  const template = catalogue(language)[key] ?? CATALOGUES.en[key];
  if (template !== undefined) return fill(template, args, esc);
  const shown = Object.entries(args).filter((kv): kv is [string, string | number | Said] => kv[1] !== undefined);
  return shown.length ? `${key} (${shown.map(([k, v]) => `${k}=${valueText(v, esc)}`).join(', ')})` : key;
}

/**
 * textArgs of an evidence sentence with its lists said: "<list>.join" marks a list whose parts are
 * "<list>.<i>.key" (a catalogue key) and "<list>.<i>.<arg>"; they become {<list>}.
 */
function evidenceArgs(lang: Language, args: Record<string, string | number>, esc: Escape): Args {
  const lists = Object.keys(args)
    .filter((k) => k.endsWith('.join'))
    .map((k) => k.slice(0, -'.join'.length));
  const out: Args = {};
  const parts = new Map<string, Map<number, { key?: string; args: Args }>>(lists.map((l) => [l, new Map()]));
  for (const [k, v] of Object.entries(args)) {
    const list = lists.find((l) => k.startsWith(`${l}.`));
    const m = list === undefined ? null : /^(\d+)\.(.+)$/.exec(k.slice(list.length + 1));
    if (list === undefined || !m) {
      if (list === undefined) out[k] = v;
      continue;
    }
    const items = parts.get(list)!;
    const i = Number(m[1]);
    const item: { key?: string; args: Args } = items.get(i) ?? { args: {} };
    if (m[2] === 'key') item.key = String(v);
    else item.args[m[2]!] = v;
    items.set(i, item);
  }
  for (const l of lists) {
    const items = [...parts.get(l)!.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, it]) => (it.key ? text(lang, it.key, it.args, esc) : ''));
    out[l] = said(items.join(text(lang, `evidence.join.${String(args[`${l}.join`])}`)));
  }
  return out;
}

/**
 * The sentence of one piece of evidence in a language: its catalogue entry (textKey, textArgs) when the
 * language's catalogue has it, else the English `detail` (a sentence with the values in it: escaped whole).
 */
export function evidenceText(
  lang: Language,
  e: Pick<Evidence, 'detail' | 'textKey' | 'textArgs'>,
  esc: Escape = plainValue,
): string {
  const template = e.textKey ? catalogue(lang)[e.textKey] : undefined;
  return template === undefined ? esc(e.detail) : fill(template, evidenceArgs(lang, e.textArgs ?? {}, esc), esc);
}
