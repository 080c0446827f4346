#!/usr/bin/env node
// Runs the built CLI (dist/cli.mjs, built by `npm run build`, which `npm ci` runs through `prepare`).

const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const entry = join(__dirname, '..', 'dist', 'cli.mjs');
if (!existsSync(entry)) {
  process.stderr.write(
    'ecs-pull-doctor: the CLI is not built (dist/cli.mjs is missing). Run `npm run build` in the project (`npm ci` runs it).\n',
  );
  process.exitCode = 3;
} else {
  import(pathToFileURL(entry).href).then(
    (cli) => cli.runAsProcess(process.argv.slice(2)),
    (err) => {
      process.stderr.write(`ecs-pull-doctor: failed to load the CLI: ${err?.stack ? err.stack : err}\n`);
      process.exitCode = 3;
    },
  );
}
