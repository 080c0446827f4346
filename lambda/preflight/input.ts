/**
 * Preflight (issue 19): the task definition a user is about to deploy, read from the JSON they hold — the input of
 * `aws ecs register-task-definition --cli-input-json`, or the output of `describe-task-definition` — into the same
 * TaskDefinitionFacts a diagnosis reads from ecs:DescribeTaskDefinition (one mapping, facts/probes/task.ts
 * taskDefinitionFactsOf). Pure; never throws: input of another shape is a reason to show the user, as ECS would
 * refuse it. Names and images are kept as written (the checks judge them as ECS would); the renderers clean them
 * for display.
 */
import { cleanText } from '../domain/sanitize';
import { taskDefinitionFactsOf } from '../facts/probes/task';
import type { TaskDefinitionFacts } from '../facts/types';

/** ECS allows 10 containers in a task definition; more is not a task definition. */
export const MAX_CONTAINERS = 10;

export type TaskDefinitionInput =
  | { ok: true; taskDefinition: TaskDefinitionFacts; registered: boolean }
  | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (s: string) => cleanText(s, { max: 100 });

/** Fields read elsewhere must have ECS's types: a field of another type is named, never passed on to a check. */
function fieldTypeError(td: Obj): string | undefined {
  for (const f of ['family', 'executionRoleArn', 'networkMode', 'taskDefinitionArn'] as const)
    if (td[f] !== undefined && typeof td[f] !== 'string') return `${f} is not a string`;
  const compat = td.requiresCompatibilities ?? td.compatibilities;
  if (compat !== undefined && !(Array.isArray(compat) && compat.every((x) => typeof x === 'string')))
    return 'requiresCompatibilities is not a list of strings';
  const rp = td.runtimePlatform;
  if (rp !== undefined) {
    if (!isObject(rp)) return 'runtimePlatform is not an object';
    for (const f of ['cpuArchitecture', 'operatingSystemFamily'] as const)
      if (rp[f] !== undefined && typeof rp[f] !== 'string') return `runtimePlatform.${f} is not a string`;
  }
  return undefined;
}

function containerError(c: unknown, i: number, names: Set<string>): string | undefined {
  if (!isObject(c) || typeof c.name !== 'string' || !c.name) return `containerDefinitions[${i}] has no name`;
  const name = shown(c.name);
  if (names.has(c.name)) return `two containers are named ${name}; ECS requires unique names`;
  names.add(c.name);
  if (typeof c.image !== 'string' || !c.image) return `container ${name} has no image`;
  const secrets = c.secrets;
  if (secrets !== undefined) {
    if (!Array.isArray(secrets)) return `secrets of container ${name} is not a list`;
    for (const s of secrets)
      if (!isObject(s) || typeof s.name !== 'string' || typeof s.valueFrom !== 'string')
        return `a secret of container ${name} has no name or valueFrom`;
  }
  const creds = c.repositoryCredentials;
  if (creds !== undefined && !(isObject(creds) && typeof creds.credentialsParameter === 'string'))
    return `repositoryCredentials of container ${name} has no credentialsParameter`;
  const log = c.logConfiguration;
  if (log !== undefined) {
    if (!isObject(log) || typeof log.logDriver !== 'string')
      return `logConfiguration of container ${name} has no logDriver`;
    if (
      log.options !== undefined &&
      !(isObject(log.options) && Object.values(log.options).every((v) => typeof v === 'string'))
    )
      return `logConfiguration.options of container ${name} are not strings`;
  }
  if (c.essential !== undefined && typeof c.essential !== 'boolean')
    return `essential of container ${name} is not true or false`;
  return undefined;
}

/**
 * `registered`: the JSON names a registered revision (describe-task-definition output, with its ARN); otherwise it is
 * a definition not registered yet, named `<family> (not registered)`.
 */
export function readTaskDefinitionInput(json: unknown): TaskDefinitionInput {
  const td = isObject(json) && isObject(json.taskDefinition) ? json.taskDefinition : json;
  if (!isObject(td)) return { ok: false, reason: 'the task definition JSON is not an object' };
  const containers = td.containerDefinitions;
  if (!Array.isArray(containers) || containers.length === 0)
    return { ok: false, reason: 'the task definition has no containerDefinitions' };
  if (containers.length > MAX_CONTAINERS)
    return {
      ok: false,
      reason: `the task definition has ${containers.length} containers; ECS allows ${MAX_CONTAINERS}`,
    };
  const typeError = fieldTypeError(td);
  if (typeError) return { ok: false, reason: `the task definition's ${typeError}` };
  const names = new Set<string>();
  for (const [i, c] of containers.entries()) {
    const error = containerError(c, i, names);
    if (error) return { ok: false, reason: error };
  }
  const family = typeof td.family === 'string' ? cleanText(td.family, { max: 255 }) : '';
  const arn = typeof td.taskDefinitionArn === 'string' ? td.taskDefinitionArn : '';
  const registered = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]+:\d+$/.test(arn);
  if (!registered && !family) return { ok: false, reason: 'the task definition has neither a family nor an ARN' };
  const facts = taskDefinitionFactsOf(
    td as Parameters<typeof taskDefinitionFactsOf>[0],
    registered ? arn : `${family} (not registered)`,
  );
  return { ok: true, registered, taskDefinition: facts };
}
