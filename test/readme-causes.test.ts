/**
 * The README's "Causes recognised" table is the public list of cause ids (CLI JSON, the SNS `cause` attribute):
 * it must say exactly what the code decides, family by family. When causes become modules (issue 15) the
 * registry they form stays the source; this test reads CAUSES, which every check and planner is keyed by.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAUSES } from '../lambda/domain/diagnosis';

function readmeTable(): Record<string, string[]> {
  const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
  const section = readme.split('### Causes recognised')[1]?.split('\n\n')[1] ?? '';
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| family'));
  return Object.fromEntries(
    rows.map((row) => {
      const [family, ids] = row
        .split('|')
        .slice(1, 3)
        .map((c) => c.trim());
      return [family!, [...(ids ?? '').matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]!)];
    }),
  );
}

describe('README cause table', () => {
  it('lists every cause id under its family, and nothing else', () => {
    const fromCode: Record<string, string[]> = {};
    for (const [id, family] of Object.entries(CAUSES)) fromCode[family] = [...(fromCode[family] ?? []), id];
    const table = readmeTable();
    expect(Object.keys(table).length).toBeGreaterThan(3);
    expect(Object.fromEntries(Object.entries(table).map(([f, ids]) => [f, [...ids].sort()]))).toEqual(
      Object.fromEntries(Object.entries(fromCode).map(([f, ids]) => [f, [...ids].sort()])),
    );
  });
});
