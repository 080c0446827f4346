// The CDK's afterBundling step for the function (lib/function-bundling.ts): builds handler-core.js into the asset
// directory given as the only argument (scripts/function-core-build.mjs) and fails loudly when it did not appear,
// so that a broken build never deploys a function whose every diagnosis would fail to load its pipeline.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunctionCore, CORE_FILE } from './function-core-build.mjs';

const outdir = process.argv[2];
if (!outdir) {
  process.stderr.write('usage: node scripts/build-function-core.mjs <asset directory>\n');
  process.exit(2);
}
const { bytes, esbuildBytes } = await buildFunctionCore(outdir);
if (!statSync(join(outdir, CORE_FILE)).isFile()) throw new Error(`${CORE_FILE} was not written to ${outdir}`);
process.stderr.write(`${CORE_FILE}: ${bytes} bytes (esbuild alone: ${esbuildBytes})\n`);
