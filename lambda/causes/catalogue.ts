/**
 * The sentences of every cause in every language: the shared evidence and plan texts (texts/*.ts) plus each
 * module's own. notify/ merges them into its catalogue; say.ts says evidence in English from them.
 */
import type { Language } from '../config';
import { CAUSE_LIST } from './registry';
import { evidenceTextsEn } from './texts/evidence-en';
import { evidenceTextsJa } from './texts/evidence-ja';
import { planTextsEn } from './texts/plan-en';
import { planTextsJa } from './texts/plan-ja';

const own = (language: Language) => CAUSE_LIST.flatMap((m) => m.texts.map((t) => t[language]));

export const CAUSE_TEXTS: { readonly [L in Language]: Readonly<Record<string, string>> } = {
  en: Object.assign({}, planTextsEn, evidenceTextsEn, ...own('en')),
  ja: Object.assign({}, planTextsJa, evidenceTextsJa, ...own('ja')),
};
