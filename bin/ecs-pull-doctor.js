#!/usr/bin/env node
// Runs the TypeScript CLI (lambda/cli.ts) through tsx, so a clone works right after `npm ci`.
'use strict';
require('tsx/cjs');
const { main } = require('../lambda/cli.ts');

main(process.argv.slice(2), {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
