/**
 * Preflight (issue 19), groundwork: the task definition a user is about to deploy, read from the JSON they hold —
 * the input of `aws ecs register-task-definition --cli-input-json`, or the output of `describe-task-definition` —
 * into the same TaskDefinitionFacts a diagnosis reads from ecs:DescribeTaskDefinition (one mapping,
 * facts/probes/task.ts taskDefinitionFactsOf). Pure; never throws: bad input is a reason to show the user.
 */
import { cleanText } from '../domain/sanitize';
import { taskDefinitionFactsOf } from '../facts/probes/task';
import type { TaskDefinitionFacts } from '../facts/types';

/** ECS allows 10 containers in a task definition; more is not a task definition. */
export const MAX_CONTAINERS = 10;

export type TaskDefinitionInput =
  | { ok: true; taskDefinition: TaskDefinitionFacts; registered: boolean }
  | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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
  for (const [i, c] of containers.entries()) {
    if (!isObject(c) || typeof c.name !== 'string' || !c.name)
      return { ok: false, reason: `containerDefinitions[${i}] has no name` };
    if (typeof c.image !== 'string' || !c.image)
      return { ok: false, reason: `container ${cleanText(c.name, { max: 100 })} has no image` };
  }
  const family = typeof td.family === 'string' ? cleanText(td.family, { max: 255 }) : '';
  const arn = typeof td.taskDefinitionArn === 'string' ? td.taskDefinitionArn : '';
  const registered = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]+:\d+$/.test(arn);
  if (!registered && !family) return { ok: false, reason: 'the task definition has neither a family nor an ARN' };
  const facts = taskDefinitionFactsOf(
    td as Parameters<typeof taskDefinitionFactsOf>[0],
    registered ? arn : `${family} (not registered)`,
  );
  // Every name and image as a diagnosis shows it: one line, no control character, capped.
  return {
    ok: true,
    registered,
    taskDefinition: {
      ...facts,
      containers: facts.containers.map((c) => ({
        ...c,
        name: cleanText(c.name, { max: 255 }),
        ...(c.image ? { image: cleanText(c.image, { max: 1024 }) } : {}),
      })),
    },
  };
}
