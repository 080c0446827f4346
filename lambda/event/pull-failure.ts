/**
 * Pure: is this stopped task an image-pull failure, and which container/image/text is it about?
 * The pull error may be in the task's stoppedReason, only in a container's reason, or in both
 * (DOMAIN.md). Which containers are essential is only known from the task definition, so the
 * "non-essential sidecar failed while the task stopped for another reason" case is decided later,
 * in diagnose(), once the task definition is known.
 */
import type { ContainerState, StoppedTask } from './schema';
import { safeText } from '../domain/redact';
import { PULL_ERROR_NAMES, PULL_ERROR_SENTENCES, TASK_LEVEL_PULL_PREFIXES, UNPREFIXED_PULL_TEXTS } from './pull-texts';

/** Texts that name a pull failure wherever they stand in a reason (the rule matches the same: pull-texts.ts). */
export const PULL_ERROR_MARKERS: readonly string[] = [
  ...PULL_ERROR_NAMES,
  ...TASK_LEVEL_PULL_PREFIXES,
  ...PULL_ERROR_SENTENCES,
];

/** Wordings of older agents, Docker and Docker Hub the rule does not list (besides UNPREFIXED_PULL_TEXTS). */
const LOOSE_PULL_TEXT: readonly RegExp[] = [
  /pull rate limit/i,
  /manifest (?:for .+ )?(?:not found|unknown)/i,
  /no space left on device/i,
  /failed to (?:find|extract) .*(?:descriptor|layer)/i,
  /can[’']t pull the image/i,
];

export function isPullErrorText(text: string | undefined): boolean {
  if (!text) return false;
  const lower = text.toLowerCase();
  return (
    PULL_ERROR_MARKERS.some((p) => text.includes(p)) ||
    UNPREFIXED_PULL_TEXTS.some((t) => lower.includes(t)) ||
    LOOSE_PULL_TEXT.some((re) => re.test(text))
  );
}

export interface PullFailure {
  task: StoppedTask;
  /** The text the diagnosis starts from (unredacted; redact before showing). */
  reason: string;
  /** Where the text came from. */
  source: 'task' | 'container';
  /** The failing container (by reason), or the only container with an image. */
  container?: ContainerState;
  /** Image reference of the failing container, when known from the event. */
  image?: string;
  /** Other containers whose reason also names a pull failure. */
  otherFailingContainers: string[];
  /**
   * True when only a container's reason names the pull error and the task did not fail to start (it ran, and
   * stopped for another reason); diagnose() decides with the task definition whether that container is a sidecar.
   */
  taskStoppedForOtherReason: boolean;
  /**
   * Preflight (issue 19): no task has run; the pull is examined before it starts (no stop text). Checks whose
   * cause is a risk rather than a certainty (a rate limit) then say so as `possible`.
   */
  preflight?: true;
}

export type PullFailureResult = { ok: true; failure: PullFailure } | { ok: false; reason: string };

export function findPullFailure(task: StoppedTask): PullFailureResult {
  const failing = task.containers.filter((c) => isPullErrorText(c.reason));
  const taskLevel = isPullErrorText(task.stoppedReason);
  if (!taskLevel && failing.length === 0) {
    return {
      ok: false,
      reason:
        `task stopped for another reason ` +
        `(${safeText(task.stoppedReason, 120) || 'no stoppedReason'}); no container reason names ` +
        `an image-pull failure`,
    };
  }
  const withImage = task.containers.filter((c) => c.image);
  const reasonText = taskLevel ? task.stoppedReason! : '';
  const container =
    failing[0] ??
    (withImage.length === 1
      ? withImage[0]
      : // A task-level error often quotes the image (or its repository): pick the container it names.
        withImage
          .filter((c) => reasonText.includes(c.image!) || reasonText.includes(c.image!.replace(/[:@].*$/, '')))
          .sort((a, b) => b.image!.length - a.image!.length)[0]);
  const failure: PullFailure = {
    task,
    reason: taskLevel ? task.stoppedReason! : failing[0]!.reason!,
    source: taskLevel ? 'task' : 'container',
    otherFailingContainers: failing.slice(1).map((c) => c.name),
    // "Essential container in task exited" is another reason too: an essential container ran and exited
    // while a sidecar never started. Only a task that failed to start may have failed because of the pull.
    taskStoppedForOtherReason:
      !taskLevel && !/TaskFailedToStart/i.test(`${task.stoppedReason ?? ''} ${task.stopCode ?? ''}`),
  };
  if (container) failure.container = container;
  if (container?.image) failure.image = container.image;
  // When the task-level text is the error and a container's reason is more specific, prefer the container's.
  if (taskLevel && failing[0]?.reason && failing[0].reason.length > failure.reason.length) {
    failure.reason = failing[0].reason;
    failure.source = 'container';
  }
  return { ok: true, failure };
}
