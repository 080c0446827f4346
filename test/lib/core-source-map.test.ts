/**
 * scripts/function-core-build.mjs `ownSourcesOnly`: the pipeline file's source map keeps only the function's own
 * sources; each run of a dependency's mappings becomes one segment without a source (Node decodes a whole map the
 * first time it formats a stack through it: the SDK's mappings made that ≈ 370 ms). The build script is an ES module
 * run by the CDK's afterBundling hook, so it is called here the same way: in a node process of its own, where Node's
 * own source-map lookup (module.SourceMap, what --enable-source-maps uses) reads the result.
 */
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const ROOT = path.join(__dirname, '..', '..');
const BUILD = pathToFileURL(path.join(ROOT, 'scripts', 'function-core-build.mjs')).href;

interface Slim {
  sources: string[];
  names: string[];
  lines: number[][][];
  sourcesContent?: string[];
  /** Node's answer for each [generated line, column] of `lookups`: "source file:line", 0-based ("" for none). */
  found: string[];
}

/** Runs ownSourcesOnly on the map `build` evaluates to (encode is in scope) and Node's lookups on the result. */
function slim(build: string, lookups: Array<[number, number]> = []): Slim {
  const script = `
    import { ownSourcesOnly } from ${JSON.stringify(BUILD)};
    import { decode, encode } from '@jridgewell/sourcemap-codec';
    import { SourceMap } from 'node:module';
    const out = JSON.parse(ownSourcesOnly(JSON.stringify(${build})));
    const node = new SourceMap(out);
    const found = ${JSON.stringify(lookups)}.map(([l, c]) => {
      const e = node.findEntry(l, c);
      return e.originalSource === undefined ? '' : e.originalSource.split('/').pop() + ':' + e.originalLine;
    });
    process.stdout.write(JSON.stringify({ ...out, lines: decode(out.mappings), found }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('the pipeline file’s source map (ownSourcesOnly)', () => {
  it('turns each run of dependency code into one unmapped segment and renumbers the sources and names kept', () => {
    // Line 0: an SDK segment, then one of lambda/incident.ts with a name, then two SDK segments (one run);
    // line 1: a segment without a source, one of lambda/pipeline.ts, and the map's last segment, of another SDK file.
    const out = slim(
      `{
        version: 3, file: 'handler-core.js',
        sources: ['../node_modules/@smithy/core/dist-es/a.js', '../lambda/incident.ts', '../node_modules/@aws-sdk/b.js',
          '../lambda/pipeline.ts'],
        names: ['sdkName', 'notify', 'other'],
        sourcesContent: ['sdk a', 'incident', 'sdk b', 'pipeline'],
        mappings: encode([
          [[0, 0, 10, 2], [40, 1, 120, 6, 1], [70, 0, 11, 0], [90, 2, 3, 0, 0]],
          [[0], [12, 3, 33, 4], [30, 2, 5, 0, 2]],
        ]),
      }`,
      [
        [0, 5],
        [0, 45],
        [0, 80],
        [0, 95],
        [1, 15],
        [1, 31],
      ],
    );
    expect(out.sources).toEqual(['../lambda/incident.ts', '../lambda/pipeline.ts']);
    expect(out.sourcesContent).toEqual(['incident', 'pipeline']);
    expect(out.names).toEqual(['notify']);
    expect(out.lines).toEqual([[[0], [40, 0, 120, 6, 0], [70]], [[0], [12, 1, 33, 4], [30]], []]);
    // What Node says for a position in each run: never the line of lambda code before it (also for the map's last
    // segment, which Node would read as keeping the previous source without the empty line after it).
    expect(out.found).toEqual(['', 'incident.ts:120', '', '', 'pipeline.ts:33', '']);
  });

  it('keeps a map of the function’s own sources unchanged in meaning', () => {
    const out = slim(
      `{
        version: 3, file: 'handler-core.js', sources: ['../lambda/a.ts', '../lambda/b.ts'], names: ['x', 'y'],
        mappings: encode([[[0, 0, 0, 0, 1], [9, 1, 2, 3, 0]], [[4, 0, 7, 1]]]),
      }`,
      [
        [0, 3],
        [0, 12],
        [1, 8],
      ],
    );
    expect(out.sources).toEqual(['../lambda/a.ts', '../lambda/b.ts']);
    expect(out.names).toEqual(['y', 'x']);
    expect(out.lines).toEqual([
      [
        [0, 0, 0, 0, 0],
        [9, 1, 2, 3, 1],
      ],
      [[4, 0, 7, 1]],
      [],
    ]);
    expect(out.found).toEqual(['a.ts:0', 'b.ts:2', 'a.ts:7']);
  });
});
