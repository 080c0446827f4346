/**
 * English texts of every Evidence.textKey the diagnosis uses (lambda/diagnose/**), with the values of
 * Evidence.textArgs as {placeholders}. Rendered with its args, an entry gives the evidence's English
 * `detail` exactly (a test checks it). "evidence.part.*" are parts of a sentence: list items, joined by
 * "evidence.join.*", and "what" phrases. Keep the key set identical to evidence-ja.ts (a test checks it);
 * merged into the main catalogue by `catalogue()` in ../render.ts.
 */
export const evidenceTextsEn: Record<string, string> = {
  // Parts of sentences
  'evidence.join.comma': ', ',
  'evidence.join.semicolon': '; ',
  'evidence.part.value': '{value}',
  'evidence.part.none': 'none',
  'evidence.part.nothing': 'nothing',
  'evidence.cannot-check': '{what} could not be checked: {reason}',
  // The task read back (diagnose/confirm-task.ts)
  'evidence.task-confirmed.confirmed':
    'Task {task} was read back from the account (ecs:DescribeTasks) and matches the event: ' +
    'cluster, task definition, service, subnets, image and an image-pull stop reason of the ' +
    'same kind.',
  'evidence.task-confirmed.not-a-pull-failure':
    "Task {task} did not stop for an image-pull failure in the account's record ({stopCode}: " +
    '{reason}), although the event says so. No change is made for it.',
  'evidence.task-confirmed.not-read': 'Task {task} was not read back from the account, so no change is made for it.',
  'evidence.task-confirmed.failed':
    'Task {task} could not be read back from the account ({api}: {reason}), so no change is made for it.',
  'evidence.task-confirmed.missing':
    'Cluster {cluster} does not return task {task} (ecs:DescribeTasks): the event may not come ' +
    'from ECS, or the task stopped more than about an hour ago. No change is made for it.',
  'evidence.task-confirmed.not-stopped':
    'Task {task} is {status} in the account, not STOPPED as the event says. No change is made for it.',
  'evidence.task-confirmed.differs':
    'Task {task} as the account describes it differs from the event: {differences}. No change is made for it.',
  // Shared by the pull-through cache causes (facts/pull-through-cache.ts).
  'evidence.part.what.pull-through-cache-rules': 'The pull-through cache rules of registry {account}',
  'evidence.part.task-differs': '{what} {actual} (the event says {claimed})',

  // Network (shared)

  // network-no-route

  // public-ip-disabled

  // vpc-endpoint-missing

  // vpc-dns-disabled

  // security-group-blocks

  // network-acl-blocks

  // Unknown facts, stop reason, check failures (diagnose.ts)
  'evidence.check-failed': 'The {cause} check failed: {error}',
  'evidence.stop-reason-text': 'The stop reason matches the {family} family; candidates from the text: {candidates}.',
  'evidence.stop-reason-text.alone':
    'The stop reason matches the {family} family; candidates from the text alone: {candidates}.',
  'evidence.summary.unknown': 'No cause proven. Ruled out: {ruledOut}. Could not check: {unchecked}.',

  // Image reference parse errors (image-ref.ts)

  // Image family
};
