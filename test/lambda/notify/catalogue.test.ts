/** The two catalogues say the same things: same keys, same {placeholders}, a text for every cause. */
import { CAUSE_TEXTS } from '../../../lambda/causes/catalogue';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAUSE_IDS } from '../../../lambda/domain/diagnosis';
import { catalogue } from '../../../lambda/notify/catalogue-text';
import { en } from '../../../lambda/notify/messages/en';
import { ja } from '../../../lambda/notify/messages/ja';

const placeholders = (s: string) => [...s.matchAll(/\{([A-Za-z0-9_.-]+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const enAll = catalogue('en');
  const jaAll = catalogue('ja');

  it('have the same keys in English and Japanese (plan and evidence texts included)', () => {
    expect(Object.keys(jaAll).sort()).toEqual(Object.keys(enAll).sort());
    expect(Object.keys(CAUSE_TEXTS.ja).sort()).toEqual(Object.keys(CAUSE_TEXTS.en).sort());
  });

  it('merges the evidence texts under their own keys (no evidence key shadows or is shadowed by another text)', () => {
    for (const k of Object.keys(CAUSE_TEXTS.en)) {
      expect([k, enAll[k]]).toEqual([k, CAUSE_TEXTS.en[k]]);
      expect([k, jaAll[k]]).toEqual([k, CAUSE_TEXTS.ja[k]]);
    }
  });

  it('use the same placeholders per key in both languages', () => {
    const mismatches = Object.keys(enAll).filter(
      (k) => placeholders(enAll[k]!).join() !== placeholders(jaAll[k] ?? '').join(),
    );
    expect(mismatches).toEqual([]);
  });

  it.each(CAUSE_IDS)('has a title and an explanation for %s in both languages', (cause) => {
    for (const c of [enAll, jaAll]) {
      expect(c[`cause.${cause}.title`]).toBeTruthy();
      expect(c[`cause.${cause}.explain`]).toBeTruthy();
    }
  });

  it('has a label for every evidence result, confidence and propose reason', () => {
    const keys = [
      ...['proven', 'ruled-out', 'unknown', 'not-applicable', 'info'].map((r) => `evidence.result.${r}`),
      ...['proven', 'likely', 'possible'].map((c) => `confidence.${c}`),
      ...['not-opted-in', 'not-proven', 'no-auto-fix-for-cause', 'refused', 'duplicate-fix'].map((r) => `reason.${r}`),
      ...['created', 'already-present', 'changed', 'skipped'].map((r) => `action.applied.${r}`),
    ];
    for (const k of keys) {
      expect([k, enAll[k]]).toEqual([k, expect.any(String)]);
      expect([k, jaAll[k]]).toEqual([k, expect.any(String)]);
    }
  });

  it('keeps the English subject words and cause titles printable ASCII (the subject is ASCII in every language)', () => {
    const subjectKeys = Object.keys(enAll).filter((k) => k.startsWith('subject.') || /^cause\.[^.]+\.title$/.test(k));
    expect(subjectKeys.length).toBeGreaterThan(CAUSE_IDS.length);
    for (const k of subjectKeys) expect([k, /^[\x20-\x7E]*$/.test(enAll[k]!)]).toEqual([k, true]);
  });

  it('writes the Japanese texts in Japanese (no English sentence left untranslated)', () => {
    const untranslated = Object.entries(ja).filter(
      ([k, v]) =>
        !k.startsWith('subject.') &&
        /[A-Za-z]{3,}/.test(v.replace(/\{[^}]+\}/g, '')) &&
        v === (en as Record<string, string>)[k],
    );
    expect(untranslated).toEqual([]);
    const evidenceUntranslated = Object.entries(CAUSE_TEXTS.ja).filter(
      ([k, v]) => /[A-Za-z]{3,}/.test(v.replace(/\{[^}]+\}/g, '')) && v === CAUSE_TEXTS.en[k],
    );
    expect(evidenceUntranslated).toEqual([]);
  });

  it('keeps @aws-sdk out of every notify module but publish.ts (renderers, catalogues, helpers)', () => {
    const dir = join(__dirname, '../../../lambda/notify');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && f !== 'publish.ts',
    );
    expect(files).toEqual(expect.arrayContaining(['render.ts', 'render-email.ts', 'messages/en.ts']));
    for (const f of files) {
      const src = readFileSync(join(__dirname, '../../../lambda/notify', f), 'utf8');
      expect([f, /from ['"]@aws-sdk\//.test(src)]).toEqual([f, false]);
    }
  });
});
