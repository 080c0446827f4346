/**
 * The direction of every stage (issue 15): event → facts → causes → diagnose → remediate → notify, on a shared
 * vocabulary (lambda/domain) that imports nothing of ours. A module may import its own stage and the stages
 * listed for it here; the entry points (pipeline, deps, handler, cli) wire everything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

const LAMBDA = join(__dirname, '../../lambda');

/** Stage → the stages it may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  domain: [],
  log: ['domain'],
  config: ['domain'],
  permissions: ['domain'],
  aws: ['domain', 'log'],
  event: ['domain'],
  // The handler's pure first step (issue 21): what an event is, with no SDK, cause or catalogue behind it.
  triage: ['domain', 'event', 'log', 'pipeline-contract'],
  facts: ['domain', 'aws', 'event', 'log', 'permissions'],
  // One module per cause (check, text rules, needs, planner, messages) on the check and plan kits below it.
  causes: ['domain', 'config', 'event', 'facts', 'permissions', 'remediate'],
  diagnose: ['domain', 'causes', 'event', 'facts', 'permissions'],
  // What changed (issue 17): attribution of a proven cause to a recorded management event, pure.
  changes: ['domain'],
  // Preflight (issue 19): a task definition before its deploy, on the facts and checks of a diagnosis.
  preflight: ['domain', 'aws', 'causes', 'config', 'diagnose', 'event', 'facts', 'notify', 'remediate'],
  remediate: ['domain', 'aws', 'config', 'facts', 'log', 'permissions'],
  dedupe: ['domain', 'aws', 'event', 'log'],
  notify: ['domain', 'aws', 'causes', 'config', 'dedupe', 'event', 'log', 'remediate'],
};
const ENTRY_POINTS = [
  'what-changed',
  'service-signals',
  'metrics',
  'account-scope',
  'pipeline',
  'pipeline-contract',
  'incident',
  'deps',
  'handler',
  'handler-core',
  'cli',
  'cli-input',
  'cli-online',
  'cli-preflight',
  'diagnose-event',
];

/** Where `@aws-sdk/*` may be imported: the SDK stays at the edges (STYLE.md §1). */
const SDK_ALLOWED = [/^aws\//, /^facts\/probes\//, /^remediate\//, /^dedupe\//, /^notify\/publish\.ts$/, /^deps\.ts$/];
const SDK_FORBIDDEN_IN_REMEDIATE = [/^remediate\/plans\//, /^remediate\/decide\.ts$/, /^remediate\/plan-options\.ts$/];

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split(sep).join('/'));
}

function stageOf(file: string): string {
  const [first] = file.split('/');
  return file.includes('/') ? first! : first!.replace(/\.ts$/, '');
}

const IMPORT = /(?:from|import)\s*\(?\s*'([^']+)'/g;

function importsOf(file: string): Array<{ spec: string; target?: string }> {
  const src = readFileSync(join(LAMBDA, file), 'utf8');
  return [...src.matchAll(IMPORT)].map((m) => {
    const spec = m[1]!;
    if (!spec.startsWith('.')) return { spec };
    const target = relative(LAMBDA, normalize(join(LAMBDA, dirname(file), spec)))
      .split(sep)
      .join('/');
    return { spec, target };
  });
}

/** The rule broken by `file` importing `spec`, if any (entry points may import anything). */
function crossing(file: string, spec: string): string | undefined {
  const stage = stageOf(file);
  if (ENTRY_POINTS.includes(stage) || !spec.startsWith('.')) return undefined;
  const target = relative(LAMBDA, normalize(join(LAMBDA, dirname(file), spec)))
    .split(sep)
    .join('/');
  if (target.startsWith('..')) return `${file} → ${spec} (outside lambda/)`;
  const to = stageOf(target.includes('/') ? target : `${target}.ts`);
  return to === stage || ALLOWED[stage]!.includes(to) ? undefined : `${file} → ${spec} (${stage} → ${to})`;
}

const FILES = sources(LAMBDA);

describe('import rules of lambda/', () => {
  it('knows every stage (a new folder gets its place in the table, deliberately)', () => {
    const stages = [...new Set(FILES.map(stageOf))].sort();
    expect(stages.filter((s) => !(s in ALLOWED) && !ENTRY_POINTS.includes(s))).toEqual([]);
  });

  it('imports only downward: each stage from itself and the stages allowed for it', () => {
    const violations = FILES.flatMap((file) => importsOf(file).flatMap(({ spec }) => crossing(file, spec) ?? []));
    expect(violations).toEqual([]);
  });

  it('keeps lambda/domain free of any import of ours and of any package', () => {
    const domain = FILES.filter((f) => f.startsWith('domain/'));
    expect(domain.length).toBeGreaterThan(5);
    for (const file of domain) {
      const foreign = importsOf(file).filter(({ target }) => !target?.startsWith('domain/'));
      expect([file, foreign.map((i) => i.spec)]).toEqual([file, []]);
    }
  });

  it('keeps @aws-sdk at the edges: probes, writers, stores, publish and the client factory', () => {
    const offenders = FILES.filter((file) =>
      importsOf(file).some(({ spec }) => spec.startsWith('@aws-sdk/') && !spec.startsWith('@aws-sdk/types')),
    ).filter(
      (file) => !SDK_ALLOWED.some((re) => re.test(file)) || SDK_FORBIDDEN_IN_REMEDIATE.some((re) => re.test(file)),
    );
    expect(offenders).toEqual([]);
  });

  it('reports an upward import and lets a downward one pass (the rule itself can fail)', () => {
    expect(crossing('diagnose/diagnose.ts', '../notify/render')).toBe(
      'diagnose/diagnose.ts → ../notify/render (diagnose → notify)',
    );
    expect(crossing('facts/gather.ts', '../diagnose/causes/context')).toMatch(/facts → diagnose/);
    expect(crossing('diagnose/diagnose.ts', '../facts/types')).toBeUndefined();
    expect(crossing('pipeline.ts', './notify/render')).toBeUndefined();
  });
});
