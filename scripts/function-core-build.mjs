// Builds the function's second file, handler-core.js (the pipeline: SDK clients, causes, catalogues, writers).
// scripts/build-function-core.mjs runs it in the CDK's afterBundling hook (lib/function-bundling.ts, issue 21);
// the bench imports secondPass from here.
//
// The same esbuild options as index.js (lib/function-build.json, plus minified and a source map without
// sources, as the CDK passes them), then one more pass of @swc/core's minifier over the whole file. esbuild keeps
// every schema of an SDK client's operations — about 400 KB of EC2 operations this function never calls —
// because their object literals use computed keys (`{ [_xN]: "…" }`), which esbuild does not prove free of side
// effects; swc evaluates those constants and drops what nothing uses. The source map is carried through.
import { build } from 'esbuild';
import { minify } from '@swc/core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const options = JSON.parse(readFileSync(join(root, 'lib', 'function-build.json'), 'utf8'));
/** lib/function-bundling.ts CORE_FILE: the file lambda/handler.ts requires as './handler-core'. */
export const CORE_FILE = 'handler-core.js';

export async function buildFunctionCore(outdir) {
  const outfile = join(outdir, CORE_FILE);
  const bundled = await build({
    entryPoints: [join(root, 'lambda', 'handler-core.ts')],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    target: options.target,
    format: 'cjs',
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    mainFields: options.mainFields,
    charset: options.charset,
    logLevel: 'warning',
  });
  const code = bundled.outputFiles.find((f) => f.path.endsWith('.js')).text;
  const map = bundled.outputFiles.find((f) => f.path.endsWith('.map')).text;
  const min = await secondPass(code, map, CORE_FILE);
  mkdirSync(outdir, { recursive: true });
  const link = `//# sourceMappingURL=${CORE_FILE}.map`;
  writeFileSync(outfile, min.code.includes(link) ? `${min.code}\n` : `${min.code}\n${link}\n`);
  writeFileSync(`${outfile}.map`, min.map);
  return { bytes: Buffer.byteLength(min.code), esbuildBytes: Buffer.byteLength(code) };
}

/** The @swc/core pass over an esbuild bundle (also used by the bench for its own entries): code and composed map. */
export async function secondPass(code, map, filename) {
  return minify(code, {
    compress: { toplevel: true, passes: 2 },
    mangle: { toplevel: true },
    module: false,
    sourceMap: { content: map, filename, url: `${filename}.map` },
    format: { asciiOnly: false, comments: false },
  });
}
