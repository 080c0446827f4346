/**
 * The sentences of every cause in every language: the shared evidence and plan texts (texts/*.ts) plus each
 * module's own, and each cause's title and explanation (`cause.<id>.title`, `cause.<id>.explain`). notify/
 * merges them into its catalogue; say.ts says evidence in English from them.
 */
import type { Language } from '../config';
import { CAUSE_LIST } from './registry';
import { evidenceTextsEn } from './texts/evidence-en';
import { evidenceTextsJa } from './texts/evidence-ja';
import { planTextsEn } from './texts/plan-en';
import { planTextsJa } from './texts/plan-ja';

const own = (language: Language) => CAUSE_LIST.flatMap((m) => m.texts.map((t) => t[language]));
const words = (language: Language) =>
  Object.fromEntries(
    CAUSE_LIST.flatMap((m) => [
      [`cause.${m.id}.title`, m.words[language].title],
      [`cause.${m.id}.explain`, m.words[language].explain],
    ]),
  );

export const CAUSE_TEXTS: { readonly [L in Language]: Readonly<Record<string, string>> } = {
  en: Object.assign({}, planTextsEn, evidenceTextsEn, ...own('en'), words('en')),
  ja: Object.assign({}, planTextsJa, evidenceTextsJa, ...own('ja'), words('ja')),
};
