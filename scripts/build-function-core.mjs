// The CDK's afterBundling step for the function (lib/function-bundling.ts): builds handler-core.js into the asset
// directory given as the only argument (scripts/function-core-build.mjs). Any failure (esbuild, swc, writing)
// rejects the top-level await, so this exits non-zero and the CDK stops the synth: a broken build never deploys a
// function whose every diagnosis would fail to load its pipeline. No argument: exit 2.
import { buildFunctionCore, CORE_FILE } from './function-core-build.mjs';

const outdir = process.argv[2];
if (!outdir) {
  process.stderr.write('usage: node scripts/build-function-core.mjs <asset directory>\n');
  process.exit(2);
}
const { bytes, esbuildBytes, mapBytes, fullMapBytes } = await buildFunctionCore(outdir);
process.stderr.write(
  `${CORE_FILE}: ${bytes} bytes (esbuild alone: ${esbuildBytes}); its map ${mapBytes} bytes (with the SDK's: ${fullMapBytes})\n`,
);
