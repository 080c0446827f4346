/** Which container of a task definition failed to pull (pure; structural types, no import of ours). */

/** What the event says about the failure (event/pull-failure.ts's PullFailure has this shape). */
export interface FailureLike {
  reason: string;
  image?: string | undefined;
  container?: { name: string } | undefined;
}

/**
 * The failing container's definition: by name, else by the event's image, else the image a task-level
 * error quotes (e.g. Fargate's "failed to normalize image reference \"…\""), else the only container.
 * Evidence gathering and the checks both use this, so they reason about the same container.
 */
export function failingContainer<C extends { name: string; image?: string | undefined }>(
  failure: FailureLike,
  taskDef: { containers: readonly C[] } | undefined,
): C | undefined {
  if (!taskDef) return undefined;
  return (
    taskDef.containers.find((c) => c.name === failure.container?.name) ??
    (failure.image ? taskDef.containers.find((c) => c.image === failure.image) : undefined) ??
    (!failure.container
      ? taskDef.containers.find((c) => c.image && failure.reason.includes(`"${c.image}"`))
      : undefined) ??
    (taskDef.containers.length === 1 ? taskDef.containers[0] : undefined)
  );
}
