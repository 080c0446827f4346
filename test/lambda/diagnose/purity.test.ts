import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** diagnose/ is the pure core (STYLE.md §2.1): it must not import the AWS SDK or the call wrapper. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('lambda/diagnose purity', () => {
  const dir = join(__dirname, '../../../lambda/diagnose');
  it.each(files(dir).map((f) => [f.slice(dir.length + 1), f]))('%s imports no AWS SDK and makes no calls', (_n, f) => {
    const src = readFileSync(f, 'utf8');
    expect(src).not.toMatch(/from '@aws-sdk\//);
    expect(src).not.toMatch(/from '\.\.\/(?:\.\.\/)?aws\/(?:clients|call)'|facts\/(?:gather|probes)/);
  });
});
