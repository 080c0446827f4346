// Builds the function's second file, handler-core.js (the pipeline: SDK clients, causes, catalogues, writers).
// `node scripts/function-core-build.mjs <asset directory>` is the CDK's afterBundling step (lib/function-bundling.ts,
// issue 21): any failure (esbuild, swc, writing) rejects the top-level await, so it exits non-zero and the CDK stops
// the synth — a broken build never deploys a function whose every diagnosis would fail to load its pipeline. The
// bench and the tests import secondPass and ownSourcesOnly from here.
//
// The same esbuild options as index.js (lib/function-build.json, which the CDK's options are read from too), then
// one more pass of @swc/core's minifier over the whole file. esbuild keeps
// every schema of an SDK client's operations — about 400 KB of EC2 operations this function never calls —
// because their object literals use computed keys (`{ [_xN]: "…" }`), which esbuild does not prove free of side
// effects; swc evaluates those constants and drops what nothing uses. The source map is carried through, then cut
// down to the function's own sources (ownSourcesOnly below).
import { build } from 'esbuild';
import { minify } from '@swc/core';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const options = JSON.parse(readFileSync(join(root, 'lib', 'function-build.json'), 'utf8'));
/** The file lambda/handler.ts requires as function-build.json's coreModule (lib/function-bundling.ts CORE_FILE). */
export const CORE_FILE = `${options.coreModule.slice(2)}.js`;

export async function buildFunctionCore(outdir) {
  const outfile = join(outdir, CORE_FILE);
  const bundled = await build({
    entryPoints: [join(root, 'lambda', `${options.coreModule.slice(2)}.ts`)],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    target: options.target,
    format: 'cjs',
    minify: options.minify,
    sourcemap: options.sourceMap ? 'external' : false,
    sourcesContent: options.sourcesContent,
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
  const slim = ownSourcesOnly(min.map);
  writeFileSync(`${outfile}.map`, slim);
  return {
    bytes: Buffer.byteLength(min.code),
    esbuildBytes: Buffer.byteLength(code),
    mapBytes: Buffer.byteLength(slim),
    fullMapBytes: Buffer.byteLength(min.map),
  };
}

/**
 * The source map cut down to the function's own sources (lambda/…). With NODE_OPTIONS=--enable-source-maps, Node
 * decodes a file's whole map the first time it formats a stack trace through it: ≈ 370 ms (Node 24, this machine)
 * for the 3.3 MB map of every SDK line, paid on the error paths, when the error is logged. Each run of consecutive
 * mappings into node_modules (or into no source) becomes one segment without a source at the run's start, so a
 * frame in a dependency prints its place in handler-core.js. Dropping them would not do: Node attributes a position
 * to the closest mapping before it, which would name a line of lambda/ for code of the SDK. The function's own
 * frames still point into lambda/*.ts (test/lib/core-source-map.test.ts reads the result through Node's lookup).
 */
export function ownSourcesOnly(mapJson) {
  const map = JSON.parse(mapJson);
  const own = map.sources.map((s) => !/(^|\/)node_modules\//.test(s));
  const sourceIndex = [];
  const sources = [];
  map.sources.forEach((s, i) => {
    if (own[i]) sourceIndex[i] = sources.push(s) - 1;
  });
  const nameIndex = new Map();
  const names = [];
  const lines = decode(map.mappings).map((line) => {
    const out = [];
    let inRun = false; // the last segment written on this line is a source-less one
    for (const seg of line) {
      if (seg.length >= 4 && own[seg[1]]) {
        const kept = [seg[0], sourceIndex[seg[1]], seg[2], seg[3]];
        if (seg.length === 5) {
          if (!nameIndex.has(seg[4])) nameIndex.set(seg[4], names.push(map.names[seg[4]]) - 1);
          kept.push(nameIndex.get(seg[4]));
        }
        out.push(kept);
        inRun = false;
      } else if (!inRun) {
        out.push([seg[0]]);
        inRun = true;
      }
    }
    return out;
  });
  // Node (20 and 24) reads a source-less segment at the very end of the mappings as one that keeps the previous
  // source: an empty last line puts a separator after it.
  lines.push([]);
  const slim = { version: 3, file: map.file, sources, names, mappings: encode(lines) };
  if (map.sourceRoot) slim.sourceRoot = map.sourceRoot;
  if (map.sourcesContent) slim.sourcesContent = map.sourcesContent.filter((_, i) => own[i]);
  return JSON.stringify(slim);
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2];
  if (!outdir) {
    process.stderr.write('usage: node scripts/function-core-build.mjs <asset directory>\n');
    process.exit(2);
  }
  const { bytes, esbuildBytes, mapBytes, fullMapBytes } = await buildFunctionCore(outdir);
  process.stderr.write(
    `${CORE_FILE}: ${bytes} bytes (esbuild alone: ${esbuildBytes}); its map ${mapBytes} bytes ` +
      `(with the SDK's: ${fullMapBytes})\n`,
  );
}
