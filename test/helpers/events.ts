/** Loads the example events (examples/*.json) and builds variants of them for tests. */
import { readFileSync } from 'node:fs';
import { parseTaskStateChange } from '../../lambda/event/schema';
import { findPullFailure, type PullFailure } from '../../lambda/event/pull-failure';
import { join } from 'node:path';

export const EXAMPLES = [
  'fargate-private-subnet-timeout',
  'ec2-pull-access-denied',
  'fargate-tag-not-found',
  'ec2-dockerhub-rate-limit',
  'fargate-secret-not-found',
] as const;

export type ExampleName = (typeof EXAMPLES)[number];

export function loadExample(name: ExampleName): any {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', `${name}.json`), 'utf8'));
}

/** A deep copy of an example with `detail` fields overridden (undefined deletes a field). */
export function exampleWith(
  name: ExampleName,
  detail: Record<string, unknown>,
  top: Record<string, unknown> = {},
): any {
  const e = loadExample(name);
  for (const [k, v] of Object.entries(detail)) {
    if (v === undefined) delete e.detail[k];
    else e.detail[k] = v;
  }
  for (const [k, v] of Object.entries(top)) {
    if (v === undefined) delete e[k];
    else e[k] = v;
  }
  return e;
}

/** The pull failure of an event, as the pipeline finds it (throws when the event is not one: a broken fixture). */
export function pullFailureOf(event: unknown): PullFailure {
  const parsed = parseTaskStateChange(event);
  if (!parsed.ok) throw new Error(parsed.reason);
  const f = findPullFailure(parsed.task);
  if (!f.ok) throw new Error(f.reason);
  return f.failure;
}
