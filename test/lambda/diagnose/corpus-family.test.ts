import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyText } from '../../../lambda/causes/classify';
import { CAUSES, CAUSE_IDS, type CauseId, type Family } from '../../../lambda/domain/diagnosis';

/**
 * Family top-1 of classifyText over real, cited stop reasons: test/fixtures/corpus/public-messages.json (labelled
 * from what each source documents as the cause, never from the classifier) plus the shared corpus
 * (error-messages.json, its labels mapped as in corpus.test.ts).
 *
 * Issue 16 asks for ≥ 95 % family top-1 on messages whose source documents one cause. A message its source leaves
 * open ("ambiguous: a|b", e.g. a text cut before its status code) has no right first family: for those the text-only
 * prior must keep every listed cause among its candidates and let the evidence decide (issue 16, class 5). Every
 * labelled message, ambiguous ones included, is also counted against a lower floor, so that a regression there shows.
 */

interface PublicEntry {
  message: string;
  family: string;
  cause: string;
  launchType: string;
  image?: string;
  source: string;
  note?: string;
}
interface SharedEntry {
  message: string;
  cause: string;
  launchType: string;
  source: string;
}

/** One message to classify, with the family (and single cause, when the label names one) it must yield. */
interface Case {
  corpus: 'public' | 'shared';
  index: number;
  message: string;
  image?: string;
  launchType: string;
  family?: Family;
  cause?: CauseId;
  /** The causes an "ambiguous: a|b" label lists (ids the product knows). */
  ambiguous?: CauseId[];
}

const PUBLIC_FAMILIES: Family[] = [
  'permissions',
  'image',
  'network',
  'registry-auth',
  'rate-limit',
  'transient',
  'host',
];
const FAMILY_TOP1_MIN = 0.95;
/** Over every labelled message, ambiguous ones included (their first family is a guess either way). */
const ALL_LABELLED_MIN = 0.9;

const dir = join(__dirname, '../../fixtures/corpus');
const publicCorpus = JSON.parse(readFileSync(join(dir, 'public-messages.json'), 'utf8')) as PublicEntry[];
const sharedCorpus = JSON.parse(readFileSync(join(dir, 'error-messages.json'), 'utf8')) as SharedEntry[];

const isCauseId = (c: string): c is CauseId => (CAUSE_IDS as string[]).includes(c);

/** The shared corpus' labels, mapped as corpus.test.ts does: ambiguous and 'other' carry no single family. */
function sharedFamily(cause: string): Family | undefined {
  if (cause === 'registry-auth-secret' || cause === 'secret-reference-invalid') return 'registry-auth';
  if (isCauseId(cause)) return CAUSES[cause];
  return undefined;
}

const cases: Case[] = [
  ...publicCorpus.map((e, i) => {
    const c: Case = {
      corpus: 'public',
      index: i + 1,
      message: e.message,
      launchType: e.launchType,
      family: e.family as Family,
    };
    if (e.image !== undefined) c.image = e.image;
    if (isCauseId(e.cause)) c.cause = e.cause;
    if (e.cause.startsWith('ambiguous:'))
      c.ambiguous = e.cause
        .slice('ambiguous:'.length)
        .split('|')
        .map((x) => x.trim())
        .filter(isCauseId);
    return c;
  }),
  ...sharedCorpus.map((e, i) => {
    const c: Case = { corpus: 'shared', index: i + 1, message: e.message, launchType: e.launchType };
    const family = sharedFamily(e.cause);
    if (family) c.family = family;
    if (isCauseId(e.cause)) c.cause = e.cause;
    return c;
  }),
];

function classify(c: Case) {
  return classifyText(c.message, c.image, c.launchType === 'unknown' ? undefined : c.launchType);
}

const label = (c: Case) => `${c.corpus} #${c.index}`;
const short = (m: string) => (m.length > 220 ? `${m.slice(0, 217)}...` : m);

describe('classifyText family top-1 over the cited public corpus', () => {
  it('has a well-formed corpus: at least 80 entries, each with a source and a public family', () => {
    expect(publicCorpus.length).toBeGreaterThanOrEqual(80);
    const bad = publicCorpus
      .map((e, i) => ({ i: i + 1, e }))
      .filter(
        ({ e }) =>
          typeof e.message !== 'string' ||
          e.message.trim() === '' ||
          typeof e.source !== 'string' ||
          e.source.trim() === '' ||
          !PUBLIC_FAMILIES.includes(e.family as Family) ||
          !['FARGATE', 'EC2', 'unknown'].includes(e.launchType) ||
          typeof e.cause !== 'string' ||
          e.cause.trim() === '',
      )
      .map(({ i, e }) => `#${i}: family=${e.family} launchType=${e.launchType} source=${JSON.stringify(e.source)}`);
    expect(bad).toEqual([]);
    // No message is counted twice (within the public corpus, or again from the shared corpus).
    const shared = new Set(sharedCorpus.map((e) => e.message));
    const seen = new Set<string>();
    const dupes = publicCorpus.map((e) => e.message).filter((m) => shared.has(m) || seen.size === seen.add(m).size);
    expect(dupes).toEqual([]);
  });

  /** Family misses among `list`, with the rate and every miss as the report. */
  function familyMisses(list: Case[]): { rate: number; report: string } {
    const misses = list
      .map((c) => ({ c, got: classify(c) }))
      .filter(({ c, got }) => got.family !== c.family)
      .map(
        ({ c, got }) =>
          `${label(c)}: expected ${c.family}${c.cause ? ` (${c.cause})` : ''}, got ${got.family} ` +
          `[${got.candidates.join(', ')}] :: ${short(c.message)}`,
      );
    const rate = (list.length - misses.length) / list.length;
    const head = `family top-1 ${(rate * 100).toFixed(1)}% (${list.length - misses.length}/${list.length})`;
    return { rate, report: `${head}; misses:\n${misses.join('\n')}` };
  }

  it(`family top-1 over the messages whose source documents one cause is >= ${FAMILY_TOP1_MIN}`, () => {
    const documented = cases.filter((c) => c.family !== undefined && c.ambiguous === undefined);
    expect(documented.length).toBeGreaterThanOrEqual(70);
    const { rate, report } = familyMisses(documented);
    // The report (rate and every miss) is the failure message.
    expect(rate >= FAMILY_TOP1_MIN ? 'ok' : report).toBe('ok');
  });

  it(`family top-1 over every labelled message, ambiguous ones included, is >= ${ALL_LABELLED_MIN}`, () => {
    const labelled = cases.filter((c) => c.family !== undefined);
    expect(labelled.length).toBeGreaterThanOrEqual(publicCorpus.length);
    const { rate, report } = familyMisses(labelled);
    expect(rate >= ALL_LABELLED_MIN ? 'ok' : report).toBe('ok');
  });

  it('keeps every cause an ambiguous message may have among its candidates', () => {
    const open = cases.filter((c) => c.ambiguous?.length);
    expect(open.length).toBeGreaterThan(5);
    const misses = open
      .map((c) => ({ c, got: classify(c) }))
      .filter(({ c, got }) => c.ambiguous!.some((id) => !got.candidates.includes(id)))
      .map(({ c, got }) => `${label(c)}: [${c.ambiguous!.join(', ')}] not all in [${got.candidates.join(', ')}]`);
    expect(misses).toEqual([]);
  });

  it('names the documented single cause among the candidates', () => {
    const single = cases.filter((c) => c.cause !== undefined);
    expect(single.length).toBeGreaterThan(0);
    const misses = single
      .map((c) => ({ c, got: classify(c) }))
      .filter(({ c, got }) => !got.candidates.includes(c.cause as CauseId))
      .map(
        ({ c, got }) =>
          `${label(c)}: expected ${c.cause} among [${got.candidates.join(', ')}] (family ${got.family}) :: ${short(c.message)}`,
      );
    const rate = `${(((single.length - misses.length) / single.length) * 100).toFixed(1)}%`;
    const report = `cause in candidates ${rate} (${single.length - misses.length}/${single.length}); misses:\n${misses.join('\n')}`;
    expect(misses.length === 0 ? 'ok' : report).toBe('ok');
  });
});
