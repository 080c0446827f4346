/**
 * scripts/function-core-build.mjs `ownSourcesOnly`: the pipeline file's source map keeps only the function's own
 * sources (Node decodes a whole map the first time it formats a stack through it: the SDK's mappings made that
 * ≈ 370 ms). The build script is an ES module run by the CDK's afterBundling hook, so it is called here the same
 * way: in a node process of its own.
 */
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const ROOT = path.join(__dirname, '..', '..');

/** Runs ownSourcesOnly on `map` (with the codec's encode available to build it) and returns the decoded result. */
function slim(build: string): { sources: string[]; names: string[]; lines: number[][][]; sourcesContent?: string[] } {
  const script = `
    import { ownSourcesOnly } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'scripts', 'function-core-build.mjs')).href)};
    import { decode, encode } from '@jridgewell/sourcemap-codec';
    const map = ${build};
    const out = JSON.parse(ownSourcesOnly(JSON.stringify(map)));
    process.stdout.write(JSON.stringify({ ...out, lines: decode(out.mappings) }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('the pipeline file’s source map (ownSourcesOnly)', () => {
  it('drops every mapping into node_modules and renumbers the sources and names the rest use', () => {
    // Line 0: an SDK segment, then one of lambda/incident.ts with a name; line 1: a segment without a source, one
    // of lambda/pipeline.ts, one of another SDK file with a name; line 2: SDK only.
    const out = slim(`{
      version: 3, file: 'handler-core.js',
      sources: ['../node_modules/@smithy/core/dist-es/a.js', '../lambda/incident.ts', '../node_modules/@aws-sdk/b.js',
        '../lambda/pipeline.ts'],
      names: ['sdkName', 'notify', 'other'],
      sourcesContent: ['sdk a', 'incident', 'sdk b', 'pipeline'],
      mappings: encode([
        [[0, 0, 10, 2], [40, 1, 120, 6, 1]],
        [[0], [12, 3, 33, 4], [30, 2, 5, 0, 2]],
        [[5, 2, 1, 1]],
      ]),
    }`);
    expect(out.sources).toEqual(['../lambda/incident.ts', '../lambda/pipeline.ts']);
    expect(out.sourcesContent).toEqual(['incident', 'pipeline']);
    expect(out.names).toEqual(['notify']);
    // Generated lines stay where they were (an emptied line is kept as an empty line).
    expect(out.lines).toEqual([[[40, 0, 120, 6, 0]], [[12, 1, 33, 4]], []]);
  });

  it('keeps a map of the function’s own sources unchanged in meaning', () => {
    const out = slim(`{
      version: 3, file: 'handler-core.js', sources: ['../lambda/a.ts', '../lambda/b.ts'], names: ['x', 'y'],
      mappings: encode([[[0, 0, 0, 0, 1], [9, 1, 2, 3, 0]], [[4, 0, 7, 1]]]),
    }`);
    expect(out.sources).toEqual(['../lambda/a.ts', '../lambda/b.ts']);
    expect(out.names).toEqual(['y', 'x']);
    expect(out.lines).toEqual([
      [
        [0, 0, 0, 0, 0],
        [9, 1, 2, 3, 1],
      ],
      [[4, 0, 7, 1]],
    ]);
  });
});
