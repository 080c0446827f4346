import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyText } from '../../../lambda/causes/classify';
import { CAUSE_IDS, type Family } from '../../../lambda/domain/diagnosis';

interface Entry {
  message: string;
  cause: string;
  launchType: string;
  source: string;
}
const corpus = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/corpus/error-messages.json'), 'utf8'),
) as Entry[];

/** Corpus label → what the hint must satisfy. */
function expectation(e: Entry): { family?: Family; include?: string[] } {
  if (e.cause.startsWith('ambiguous')) {
    const include: string[] = [];
    if (/execution-role|permissions/.test(e.cause)) include.push('execution-role-ecr-permissions');
    if (/repository not found/.test(e.cause)) include.push('repository-not-found');
    if (/cross-account/.test(e.cause)) include.push('repository-policy-denies');
    if (/network path/.test(e.cause)) include.push('network-no-route');
    return { include };
  }
  if (e.cause === 'registry-auth-secret' || e.cause === 'secret-reference-invalid') return { family: 'registry-auth' };
  if (e.cause === 'other') return {};
  if ((CAUSE_IDS as string[]).includes(e.cause)) return { include: [e.cause] };
  throw new Error(`unmapped corpus label ${e.cause}`);
}

describe('classifyText over the shared corpus', () => {
  it('has the corpus entries', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(15);
  });

  it.each(corpus.map((e, i) => [i + 1, e.cause, e] as const))(
    'entry %i (%s) yields its documented family',
    (_i, _c, e) => {
      const lt = e.launchType === 'unknown' ? undefined : e.launchType;
      const hint = classifyText(e.message, undefined, lt);
      const exp = expectation(e);
      if (exp.family) expect(hint.family).toBe(exp.family);
      for (const c of exp.include ?? []) expect(hint.candidates).toContain(c);
      // A documented single cause is the top candidate's family.
      if ((CAUSE_IDS as string[]).includes(e.cause)) {
        const { CAUSES } = jest.requireActual(
          '../../../lambda/domain/diagnosis',
        ) as typeof import('../../../lambda/domain/diagnosis');
        expect(hint.family).toBe(CAUSES[e.cause as keyof typeof CAUSES]);
      }
    },
  );
});
