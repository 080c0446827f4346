/**
 * The function bundle exactly as the stack builds it: the PullDoctorStack is synthesized with real
 * bundling (NodejsFunction → local esbuild), and the esbuild command line the CDK runs is captured on
 * the way, so that the bench's own entries (cold-entry, load-entry) and the metafile analysis are built
 * with the stack's options and not with a hand-written copy of them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpawnSyncOptions, SpawnSyncReturns } from 'node:child_process';
import { CORE_FILE } from '../../lib/function-bundling';

// A plain require (not an ES import): the CDK reads `spawnSync` off this very module object at call time,
// so replacing the property is seen by the CDK's bundling step.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require('node:child_process') as typeof import('node:child_process');

export interface EsbuildInvocation {
  /** Executable and arguments before `--bundle` (e.g. `npx --no-install esbuild`). */
  command: string;
  argv: string[];
  cwd: string;
}

export interface StackBundle {
  /** The synthesized cloud assembly (a temp dir; the caller removes it). */
  outdir: string;
  /** The function asset's index.js (the handler: what every event loads). */
  bundlePath: string;
  /** Both files' JavaScript: what a diagnosis compiles. */
  bundleBytes: number;
  entryBytes: number;
  coreBytes: number;
  /** The esbuild invocation the CDK ran for the function. */
  esbuild: EsbuildInvocation;
  /** The function's environment in the template (tokens left as CloudFormation intrinsics). */
  environment: Record<string, unknown>;
  /** Parameter defaults of the template (what a deployment with defaults passes). */
  parameterDefaults: Record<string, string>;
}

/** Synthesizes the stack with bundling on, capturing the esbuild call. Bundling output goes to stderr. */
export function synthesizeStackBundle(): StackBundle {
  const original = childProcess.spawnSync;
  const seen: EsbuildInvocation[] = [];
  (childProcess as { spawnSync: unknown }).spawnSync = (
    command: string,
    args?: readonly string[],
    options?: SpawnSyncOptions,
  ): SpawnSyncReturns<Buffer | string> => {
    if (Array.isArray(args) && args.includes('--bundle'))
      seen.push({ command, argv: [...args], cwd: String(options?.cwd ?? process.cwd()) });
    return original(command, args ?? [], options ?? {});
  };
  let synth: typeof import('../helpers/stack');
  try {
    // Loaded here, not at the top: aws-cdk-lib is only needed for this step.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    synth = require('../helpers/stack') as typeof import('../helpers/stack');
    const { app, template } = synth.synthPullDoctor({ bundle: true });
    const outdir = app.outdir;
    if (seen.length !== 1) throw new Error(`expected one esbuild run during synthesis, saw ${seen.length}`);
    const json = template.toJSON() as {
      Resources: Record<string, { Type: string; Properties?: any }>;
      Parameters?: Record<string, { Default?: unknown }>;
    };
    const fns = Object.values(json.Resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties?.Handler ?? '') === 'index.handler',
    );
    if (fns.length !== 1) throw new Error(`expected one index.handler function in the template, found ${fns.length}`);
    const s3Key = String(fns[0]!.Properties.Code.S3Key);
    const assetDir = path.join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
    const bundlePath = path.join(assetDir, 'index.js');

    const entryBytes = fs.statSync(bundlePath).size;
    const coreBytes = fs.statSync(path.join(assetDir, CORE_FILE)).size;
    const parameterDefaults: Record<string, string> = {};
    for (const [id, p] of Object.entries(json.Parameters ?? {}))
      if (typeof p.Default === 'string' || typeof p.Default === 'number') parameterDefaults[id] = String(p.Default);
    return {
      outdir,
      bundlePath,
      bundleBytes: entryBytes + coreBytes,
      entryBytes,
      coreBytes,
      esbuild: seen[0]!,
      environment: (fns[0]!.Properties.Environment?.Variables ?? {}) as Record<string, unknown>,
      parameterDefaults,
    };
  } finally {
    (childProcess as { spawnSync: unknown }).spawnSync = original;
  }
}

/**
 * Re-runs the stack's esbuild command with another entry and output file (and extra flags such as a
 * metafile). Everything else (target, platform, minify, source map, main fields, externals…) is the
 * stack's own argument list.
 */
export function rebuild(inv: EsbuildInvocation, entry: string, outfile: string, extra: string[] = []): void {
  const i = inv.argv.indexOf('--bundle');
  const args = inv.argv.map((a, k) => {
    if (k === i + 1) return entry;
    if (a.startsWith('--outfile=')) return `--outfile=${outfile}`;
    return a;
  });
  if (!args.some((a) => a.startsWith('--outfile='))) throw new Error('the captured esbuild call has no --outfile');
  const r = childProcess.spawnSync(inv.command, [...args, ...extra, '--log-level=warning'], {
    cwd: inv.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`esbuild failed for ${entry}: ${r.stderr || r.stdout || r.error}`);
  if (r.stderr.trim()) process.stderr.write(r.stderr);
}

/** The flags of the captured call, for the report (paths shortened). */
export function describeFlags(inv: EsbuildInvocation): string[] {
  return inv.argv.filter((a) => a.startsWith('--') && a !== '--no-install' && !a.startsWith('--outfile='));
}

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** Package (or first-party directory) an input path belongs to. */
function packageOf(input: string): string {
  const parts = input.split('/');
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) {
    const first = parts[nm + 1] ?? '?';
    return first.startsWith('@') ? `${first}/${parts[nm + 2] ?? '?'}` : first;
  }
  // First-party: lambda/<dir>
  const l = parts.indexOf('lambda');
  return l >= 0 ? `(own) lambda/${parts[l + 1]?.includes('.') ? parts[l + 1] : `${parts[l + 1]}/`}` : `(own) ${input}`;
}

export interface Contributor {
  name: string;
  bytes: number;
}

/** Bytes in the minified output per package, largest first. */
export function contributors(metafilePath: string): {
  outputBytes: number;
  top: Contributor[];
  groups: Record<string, number>;
} {
  const meta = JSON.parse(fs.readFileSync(metafilePath, 'utf8')) as Metafile;
  const out = Object.entries(meta.outputs).find(([name]) => name.endsWith('.js'));
  if (!out) throw new Error('no .js output in the metafile');
  const byPkg = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(out[1].inputs)) {
    const k = packageOf(input);
    byPkg.set(k, (byPkg.get(k) ?? 0) + bytesInOutput);
  }
  const top = [...byPkg.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
  const groups: Record<string, number> = {};
  const group = (name: string): string =>
    name.startsWith('@aws-sdk/client-')
      ? 'SDK service clients (@aws-sdk/client-*)'
      : name.startsWith('@aws-sdk/')
        ? 'SDK core (@aws-sdk/* other)'
        : name.startsWith('@smithy/')
          ? 'Smithy runtime (@smithy/*)'
          : name.startsWith('@aws-lambda-powertools/')
            ? 'Powertools logger'
            : name.startsWith('(own)')
              ? 'own code (lambda/**)'
              : 'other packages';
  for (const c of top) groups[group(c.name)] = (groups[group(c.name)] ?? 0) + c.bytes;
  return { outputBytes: out[1].bytes, top, groups };
}
