/**
 * The README's "Causes recognised" table is the public list of cause ids (CLI JSON, the SNS `cause` attribute):
 * it must say exactly what the code decides, family by family. When causes become modules (issue 15) the
 * registry they form stays the source; this test reads CAUSES, which every check and planner is keyed by.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAUSES } from '../lambda/domain/diagnosis';

/** The table's rows: family, the cause id(s) of the row, and what the cause reads on EC2 (issue 16). */
function readmeRows(): Array<{ family: string; ids: string[]; onEc2: string }> {
  const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
  const section = readme.split('### Causes recognised')[1]?.split('\n### ')[0]?.split('\n## ')[0] ?? '';
  const table = section.split('\n\n').find((block) => block.startsWith('| family')) ?? '';
  return table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| family'))
    .map((row) => {
      const cells = row.split('|').map((c) => c.trim());
      return {
        family: cells[1]!,
        ids: [...(cells[2] ?? '').matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]!),
        onEc2: cells[4] ?? '',
      };
    });
}

function readmeTable(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of readmeRows()) out[r.family] = [...(out[r.family] ?? []), ...r.ids];
  return out;
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

  it('says for every cause what it reads on the EC2 launch type', () => {
    const rows = readmeRows();
    expect(rows.length).toBe(Object.keys(CAUSES).length);
    expect(rows.filter((r) => r.onEc2 === '').map((r) => r.ids.join())).toEqual([]);
  });
});
