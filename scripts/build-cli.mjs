// Builds the CLI into dist/: dist/cli.mjs (argument handling and the offline diagnosis) and chunks that
// load only when a command needs them (dist/chunks/: the AWS SDK and everything that calls AWS). Run by
// `npm run build`, which `npm ci` runs through the `prepare` script, and by the tests before they spawn
// the CLI (test/helpers/global-setup.ts), so `npx ecs-pull-doctor` never runs stale code.
// The SDK is bundled from its ES module builds (as for the Lambda), so only the classes used are kept.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildCli() {
  const outdir = join(root, 'dist');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // Built beside, then swapped in: a CLI started meanwhile (another test run) never sees a half-written dist/.
  const fresh = `${outdir}.build-${process.pid}`;
  const old = `${outdir}.old-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  await build({
    entryPoints: { cli: join(root, 'lambda', 'cli.ts') },
    outdir: fresh,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    // CommonJS dependencies bundled into ES modules still call require() for Node's built-in modules.
    banner: {
      js: "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);",
    },
    define: { __ECS_PULL_DOCTOR_VERSION__: JSON.stringify(version) },
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
  });
  try {
    renameSync(outdir, old);
  } catch {
    // no earlier build
  }
  renameSync(fresh, outdir);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli();
}
