/**
 * The shape limits of issue 15: no line over 120 characters in lambda/ and lib/, no file over 300 lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

const ROOT = join(__dirname, '..');
const MAX_LINE = 120;
const MAX_FILE = 300;

const files = ['lambda', 'lib'].flatMap((dir) =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${dir}/${f.split(sep).join('/')}`),
);
const linesOf = (f: string) => readFileSync(join(ROOT, f), 'utf8').replace(/\n$/, '').split('\n');

describe('code shape of lambda/ and lib/', () => {
  it('has no line over 120 characters', () => {
    const long = files.flatMap((f) =>
      linesOf(f).flatMap((l, i) => ([...l].length > MAX_LINE ? [`${f}:${i + 1} (${[...l].length})`] : [])),
    );
    expect(files.length).toBeGreaterThan(50);
    expect(long).toEqual([]);
  });

  it('has no file over 300 lines', () => {
    const over = files.map((f) => [f, linesOf(f).length] as const).filter(([, n]) => n > MAX_FILE);
    expect(over).toEqual([]);
  });
});
