/**
 * Builds the CLI once before any test runs (`npm run build`'s script), so the process-level tests spawn
 * bin/ → dist/ exactly as `npx ecs-pull-doctor` runs it after `npm ci`, with the code under test.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export default function globalSetup(): void {
  const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build-cli.mjs')], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`building the CLI failed (exit ${r.status}): ${r.stderr}`);
}
