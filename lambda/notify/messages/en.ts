/**
 * English message catalogue: every word the notification shows, keyed by a stable id, with {placeholders}.
 * ja.ts has exactly the same keys and placeholders (a test checks it); the remediation planner's texts
 * and evidence texts and each cause's title and explanation (causes/catalogue.ts) are merged in by `catalogue()`
 * in ../catalogue-text.ts.
 *
 * The subject is ASCII in every language (SNS), so `subject.*` here and each cause's English `words.title` must
 * stay printable ASCII: the subject is always built from the English catalogue.
 */
export const en = {
  // Subject (ASCII only, ≤ 100 characters after truncating names; see render.ts)
  'subject.head': 'ECS image pull failed: ',
  'subject.head.short': 'ECS pull failed: ',
  'subject.tag.fixed': '[fixed]',
  'subject.tag.failed': '[fix failed]',
  'subject.tag.reminder': '[reminder: {count} failed]',
  'subject.tag.sidecar': '[sidecar]',
  'subject.confidence.proven': '',
  'subject.confidence.likely': 'likely ',
  'subject.confidence.possible': 'possibly ',
  'subject.scope.service': 'svc {name}',
  'subject.scope.family': 'taskdef {name}',
  'subject.scope.task': 'task {name}',

  // Confidence
  'confidence.proven': 'proven by the evidence',
  'confidence.likely': 'likely, not proven',
  'confidence.possible': 'possible, not confirmed',

  // Evidence result labels
  'evidence.result.proven': 'confirmed',
  'evidence.result.ruled-out': 'ruled out',
  'evidence.result.unknown': 'could not check',
  'evidence.result.not-applicable': 'not applicable',
  'evidence.result.info': 'info',

  // Section headings
  'heading.summary': 'Summary',
  'heading.what-happened': 'What happened',
  'heading.cause': 'Cause',
  'heading.evidence': 'Evidence',
  'heading.unchecked': 'What could not be checked',
  'heading.action': 'What was done',
  'heading.proposal': 'How to fix it',
  'heading.proposal.fixed': 'The steps of the fix',
  'heading.links': 'AWS console',
  'heading.change': 'What changed',
  'heading.health': 'AWS Health',
  'health.event': 'Open event of {service} in this Region: {type}, since {since} ({arn}). {description}',
  'health.note':
    'The pull may have failed because of it: nothing was changed for it. The event closes when AWS resolves it.',
  'heading.silence': 'About this incident',

  // What happened
  'happened.intro':
    'A task of {scope} in cluster {cluster} ({region}) stopped because its container image could not be pulled.',
  'happened.intro.sidecar':
    'A task of {scope} in cluster {cluster} ({region}) ran without its non-essential container {container}: ' +
    "that container's image could not be pulled. The task stopped for another reason ({stopReason}).",
  'happened.reminder':
    'Reminder: the failure is still happening. {count} tasks have failed since the first message ({firstSeenAt}).',
  'field.account': 'Account',
  'field.region': 'Region',
  'field.cluster': 'Cluster',
  'field.service': 'Service',
  'field.task': 'Task',
  'field.task-definition': 'Task definition',
  'field.container': 'Container',
  'field.image': 'Image',
  'field.stopped-at': 'Stopped at',
  'field.stop-reason': 'Stop reason',
  'field.count': 'Failed tasks in this incident',
  'field.count.value': '{count} (since {firstSeenAt})',
  'field.incident': 'Incident',
  'scope.service': 'service {name}',
  'scope.family': 'task definition {name}',
  'scope.task': 'task {name}',

  // Cause section
  'cause.line': 'Cause: {title} ({confidence}).',
  // What changed (CloudTrail event history)
  'change.found':
    '{resource}: {eventName} by {actor} at {time}, {minutes} min before the first failure ' +
    '(CloudTrail event {eventId}).',
  'change.actor.unknown': 'an unknown caller',
  'change.events': '{name} events',
  'change.none':
    'No change recorded in CloudTrail event history in the {days} days before the first failure explains it ' +
    '(looked up: {checked}).',
  'change.unchecked':
    'CloudTrail event history could not be read ({reason}); the cause above does not depend on it. To see who ' +
    'changed what, search CloudTrail Event history in this Region for the resources named in the evidence.',
  'change.pending.lag':
    'No change found yet ({checked}): CloudTrail event history can take up to 15 minutes to show a call. ' +
    'The reminder looks again.',
  'change.pending.page':
    'No change found among the latest events ({checked}); older ones were not read. The reminder looks again.',
  'cause.candidates': 'Other causes considered: {list}.',
  'cause.text-only': 'Diagnosed from the stop reason text only: no AWS API was called (other account, or offline).',
  'cause.sidecar':
    'Sidecar finding, lower severity: container {container} is not essential (task definition), so its ' +
    'pull failure did not stop the task, which stopped for another reason ({stopReason}). The cause above is ' +
    'why the sidecar never ran, not why the task stopped.',

  // Terminal (CLI) output
  'terminal.title': 'Image pull failure of task {task} ({where})',
  'terminal.where.service': 'service {service}',
  'terminal.where.cluster': 'cluster {cluster}',
  'terminal.cause': 'Cause',
  'terminal.because': 'Because',
  'terminal.changed': 'Changed',
  'terminal.fix': 'Fix',
  'terminal.more-lines': '… {count} more lines under "How to fix it" below',
  'terminal.done': 'Changed',
  'terminal.unchecked': 'Not checked',
  'terminal.unchecked.count': '{count} AWS call(s) failed; see "What could not be checked" below.',
  'terminal.details': '=== Details ===',
  // Evidence / unchecked
  'evidence.item': '[{result}] {detail}',
  'evidence.not-applicable':
    '{count} other checks did not apply to this task (listed by: ecs-pull-doctor diagnose --json).',
  'evidence.none': 'No evidence was gathered.',
  'evidence.more': '…and {count} more (see the function log).',
  'unchecked.item': '{api} failed: {reason}. Not checked because of it: {blocked}.',
  'unchecked.item.no-call': '{check}: {reason}',
  'unchecked.none': 'Everything the diagnosis needed could be checked.',
  'unchecked.advice':
    'A check that could not run never counts as proof: grant the read permission or check it by hand.',

  // What was done
  'action.fixed': 'Fixed automatically.',
  'action.fixed.verified': 'The fix was verified after it was applied.',
  'action.fixed.unverified': 'The fix was applied but not verified yet: watch the next task start.',
  'action.fixed.permission-check.allowed': 'A new IAM simulation now allows {role} the ECR pull.',
  'action.fixed.permission-check.still-denied':
    'A new IAM simulation still denies {role} the ECR pull. IAM changes can take a few seconds ' +
    'to propagate: watch the next task start, and if it fails again look for a permissions ' +
    'boundary, a service control policy or the repository policy.',
  'action.fixed.permission-check.could-not-check':
    'Whether {role} may pull now could not be checked by an IAM simulation: watch the next task start.',
  'action.fixed.follow-up': 'Follow-up:',
  'action.applied.item': '{step} ({action}): {result} {resource}. {detail}',
  'action.applied.created': 'created',
  'action.applied.already-present': 'already present',
  'action.applied.changed': 'changed',
  'action.applied.skipped': 'skipped',
  'action.failed': 'The automatic fix failed at step {step}: {error}',
  'action.failed.done': 'Done before the failure (kept):',
  'action.failed.not-done': 'Not done:',
  'action.failed.advice':
    'Nothing was rolled back. Complete the steps that were not done by hand (below), or fix ' +
    'the error and let the next failed task retry.',
  'action.proposed': 'Nothing was changed.',
  'reason.not-opted-in':
    'The automatic fix for this cause is off. To let ecs-pull-doctor apply it next time, ' +
    'deploy the stack with --parameters {parameter}=true.',
  'reason.not-opted-in.refused':
    'The automatic fix for this cause is off, and it would not be applied here even if it were on: {refusal}',
  'reason.not-opted-in.no-parameter': 'Automatic fixes are off for this cause.',
  'reason.not-proven': 'The cause is {confidence}, so nothing is changed automatically: only a proven cause is fixed.',
  'reason.sidecar':
    'Nothing is changed automatically for a non-essential sidecar: its pull failure is not why the task ' +
    'stopped. If the sidecar should run, the steps below are for a person to do.',
  'reason.no-auto-fix-for-cause': 'There is no automatic fix for this cause: the steps below are for a person to do.',
  'reason.refused': 'The automatic fix is on, but it was not applied because it would not be safe here: {refusal}',
  'reason.refused.unknown': 'The automatic fix is on, but it was not applied because it would not be safe here.',
  'reason.duplicate-fix':
    'This is a reminder: the automatic fix is attempted only with the first message of an ' +
    'incident, so nothing was changed now. The failure goes on: the steps below are still ' +
    'needed.',
  'reason.no-time':
    'The automatic fix was not started for lack of time: this run had too little time left to ' +
    'apply it and still send this message and record it. Nothing was changed: the steps below ' +
    'are for a person to do.',
  'reason.member-not-opted-in':
    'The automatic fix is on centrally, but account {account} has not opted in to it in {region}: its role {role} ' +
    'could not be assumed. Nothing was changed: the steps below are for a person to do. To let ecs-pull-doctor ' +
    'apply it there, set {parameter}=true on the member stack instance of {account} in {region}.',
  'reason.not-recorded':
    'The automatic fix was not started: the change it would make could not be recorded on the ' +
    'incident first (the incident table did not answer). Nothing was changed: the steps below ' +
    'are for a person to do.',
  'reason.failed-in-earlier-attempt':
    'An earlier attempt of this incident started the automatic fix and it failed part-way ' +
    '(what it changed is listed above); it is not started again without a person looking, so ' +
    'nothing was changed now. Finish it with the steps below.',
  'reason.fixed-by-earlier-attempt':
    'An earlier attempt of this incident already applied the automatic fix (listed above): it ' +
    'is never applied twice, so nothing was changed now.',

  // An earlier attempt of this incident stopped before notifying; this one took over (lambda/notify/earlier-attempt.ts)
  'earlier.stopped':
    'An earlier attempt of this incident stopped before it could notify (its claim ran out at ' +
    '{at}); this message is sent in its place.',
  'earlier.changed':
    'An earlier attempt of this incident changed your account at {at} and stopped before it could notify:',
  'earlier.failed':
    'An earlier attempt of this incident started the automatic fix at {at}; it failed part-way ' +
    'and stopped before it could notify. What it changed:',
  'earlier.failed.nothing':
    'An earlier attempt of this incident started the automatic fix at {at}; it failed before ' +
    'changing anything and stopped before it could notify.',
  'earlier.changed.item': '{result} {resource} ({action}) at {at}, by an earlier attempt of this incident',
  'earlier.intended':
    'An earlier attempt of this incident started the automatic fix at {at} and stopped before ' +
    'recording what it did. It set out to do the following; check these resources (the state ' +
    'read now is reported here):',
  'earlier.intended.item': '{action} on {resource}',
  'earlier.intended.item.token': '{action} on {resource} (client token {token})',

  // Proposal
  'proposal.step.auto': '(the automatic fix does this with {parameter}=true)',
  'proposal.step.manual': '(manual)',
  'proposal.command': 'Command:',
  'proposal.document': 'Document:',
  'proposal.none': 'No steps can be proposed from what is known. Start with the evidence above.',

  // Links
  'link.task': 'Task',
  'link.service': 'Service',
  'link.task-definition': 'Task definition',
  'link.role': 'Task execution role',
  'link.repository': 'ECR repository',
  'link.endpoints': 'VPC endpoints',
  'link.subnet': 'Subnet {id}',
  'link.security-group': 'Security group {id}',

  // Silence / incident
  'silence.window':
    'Incident {incident}: further failures of {scope} with this cause are counted but not sent ' +
    'for {window} minutes (stack parameter NotificationWindowMinutes); if it still fails after ' +
    'that, you get one reminder with the count.',
  'silence.filter': 'To stop receiving this cause on a subscription, set its filter policy: {policy}',
  'silence.fix':
    'The messages stop when tasks start again: fix the cause, or stop the retries by scaling ' +
    'the service to 0: {command}',
  'silence.fix.no-service':
    'The messages stop when tasks start again: fix the cause, or stop whatever starts these tasks.',

  // Chat (Amazon Q Developer in chat applications, client-markdown)
  'chat.title': ':rotating_light: ECS image pull failed: {cause} ({scope}, {cluster})',
  'chat.title.fixed': ':white_check_mark: ECS image pull fixed: {cause} ({scope}, {cluster})',
  'chat.title.failed': ':x: ECS image pull, automatic fix failed: {cause} ({scope}, {cluster})',
  'chat.title.reminder': ':repeat: Still failing ({count} tasks): {cause} ({scope}, {cluster})',
  'chat.next-step': '*Next step:* {text}',
  'chat.full-text': 'The full diagnosis, with commands and documents, is in the email notification.',

  footer: 'Sent by ecs-pull-doctor. Incident {incident}.',

  // Surge summary (more new incidents in a minute than MaxDiagnosesPerMinute). Subject: ASCII.
  'subject.surge': 'ECS image pulls failing in {total} services ({account}, {region}): summary',
  'surge.intro':
    '{total} new image-pull incidents started in account {account}, region {region}, more than ' +
    'the {cap} full diagnoses per minute this deployment makes (stack parameter ' +
    'MaxDiagnosesPerMinute).',
  'surge.split':
    'Diagnosed in full: {diagnosed} (each in its own message). Counted, not diagnosed: ' +
    '{counted}, until {until}, so that the tool does not use up the account’s Lambda ' +
    'concurrency or the IAM request rate that deploy pipelines share.',
  'surge.previous': 'The previous surge, from {startedAt}, counted {counted} incidents without a diagnosis.',
  'surge.heading.texts': 'Stop reasons, by number of services (image names, ids and addresses masked)',
  'surge.text': '{n} × {text}',
  'surge.where': '    {list}',
  'surge.where.more': '    {list} and {more} more',
  'surge.unlisted': '{n} more incidents were counted without being listed (the list keeps the first {max}).',
  'surge.heading.diagnosed': 'Diagnosed in full (own messages)',
  'surge.heading.todo': 'What to check',
  'surge.todo.shared':
    'Many services failing at once with the same text usually share one cause: a regional ECR, ' +
    'STS or network outage (check the AWS Health Dashboard for ECR, ECS and Fargate in ' +
    '{region}), a change to a network they share (route tables, VPC endpoints, firewall, DNS), ' +
    'or a permission change that applies to all of them (SCP, permissions boundary, KMS key). ' +
    'Read one full diagnosis of a service with the same text first.',
  'surge.todo.after':
    'After {until}, an incident that still fails gets its own diagnosis again (at most {cap} ' +
    'per minute). Raise MaxDiagnosesPerMinute if this many incidents at once is normal for ' +
    'this account.',
  'surge.unreadable':
    'The list of services could not be read back from the incident table; this summary names ' +
    'only the incident that sent it: {where}.',
  'surge.footer': 'Sent by ecs-pull-doctor. Surge {surge}.',
  'surge.chat.title': ':rotating_light: ECS image pulls failing in {total} services ({account}, {region})',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
