/**
 * Pure: does the account confirm the task the event describes? The event is input whoever may invoke the
 * function (lambda:InvokeFunction) or forward events to its rule can write; ecs:DescribeTasks is the
 * account's own answer.
 * A fix may only follow a confirmed task: same task, cluster, task definition, service, subnets and
 * failing container image as the event says, and the account's own record of why it stopped must be an
 * image-pull failure of the same kind (a real task that stopped for another reason cannot carry forged text). Anything
 * else is diagnosed and proposed, never fixed, and
 * the message says why.
 */
import type { PullFailure } from '../event/pull-failure';
import type { Facts } from '../facts/types';
import { listArgs, T, type EvidenceText } from '../causes/context';
import type { Evidence, FixInputs } from '../domain/diagnosis';
import { classifyText } from '../causes/classify';
import { english, said } from '../causes/say';
import { safeText } from '../domain/redact';

export interface TaskConfirmation {
  fixInput: NonNullable<FixInputs['taskConfirmation']>;
  evidence: Evidence;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * `usedSubnets`: the subnets the diagnosis reasoned about (the event's, else the service's). The task's
 * own subnets must be among them, or the network facts were about another place.
 */
export function confirmTask(failure: PullFailure, facts: Facts, usedSubnets: readonly string[]): TaskConfirmation {
  const t = failure.task;
  const ids = [t.taskArn];
  const unconfirmed = (text: EvidenceText, contradicted = true): TaskConfirmation => ({
    fixInput: { confirmed: false, reason: english(text), contradicted },
    evidence: said({ check: 'task-confirmed', result: 'unknown', resourceIds: ids, text }),
  });
  const read = facts.task;
  if (!read) return unconfirmed(T('task-confirmed.not-read', { task: t.taskArn }), false);
  if (!read.ok) {
    return unconfirmed(T('task-confirmed.failed', { task: t.taskArn, api: read.api, reason: read.reason }), false);
  }
  const task = read.value;
  if (!task) {
    return unconfirmed(T('task-confirmed.missing', { task: t.taskArn, cluster: t.clusterName }));
  }
  if (task.lastStatus && task.lastStatus !== 'STOPPED') {
    return unconfirmed(T('task-confirmed.not-stopped', { task: t.taskArn, status: task.lastStatus }));
  }
  // Why it stopped, as the account recorded it: an image-pull failure of the same kind as the event says.
  if (!task.pullFailure) {
    const why = safeText(task.stoppedReason ?? '', 200) || 'no stop reason';
    const code = task.stopCode ?? 'no stop code';
    return unconfirmed(T('task-confirmed.not-a-pull-failure', { task: t.taskArn, stopCode: code, reason: why }));
  }
  const parts: EvidenceText[] = [];
  const differ = (what: string, actual: string, claimed: string) => {
    parts.push(T('part.task-differs', { what, actual: actual || 'none', claimed: claimed || 'none' }));
  };
  if (task.taskArn !== t.taskArn) differ('task', task.taskArn, t.taskArn);
  if (task.clusterArn && task.clusterArn !== t.clusterArn) differ('cluster', task.clusterArn, t.clusterArn);
  if ((task.taskDefinitionArn ?? '') !== (t.taskDefinitionArn ?? task.taskDefinitionArn ?? ''))
    differ('task definition', task.taskDefinitionArn ?? '', t.taskDefinitionArn ?? '');
  const service = task.group?.startsWith('service:') ? task.group.slice('service:'.length) : '';
  if (service !== (t.serviceName ?? '')) differ('service', service, t.serviceName ?? '');
  if (t.subnetIds.length && !sameSet(task.subnetIds, t.subnetIds))
    differ('subnets', task.subnetIds.join(', '), t.subnetIds.join(', '));
  else if (task.subnetIds.some((s) => !usedSubnets.includes(s)))
    differ('subnets', task.subnetIds.join(', '), usedSubnets.join(', '));
  const recorded = classifyText(task.pullFailure.reason, failure.image, t.launchType).family;
  const claimed = classifyText(failure.reason, failure.image, t.launchType).family;
  if (recorded !== claimed)
    differ(
      'stop reason',
      `${safeText(task.pullFailure.reason, 160)} [${recorded}]`,
      `${safeText(failure.reason, 160)} [${claimed}]`,
    );
  if (failure.container?.name && task.pullFailure.container && task.pullFailure.container !== failure.container.name)
    differ('failing container', task.pullFailure.container, failure.container.name);
  const name = failure.container?.name;
  if (name) {
    const c = task.containers.find((x) => x.name === name);
    if (!c) differ('container', '', name);
    else if (failure.image && c.image && c.image !== failure.image)
      differ(`image of container ${name}`, c.image, failure.image);
  }
  if (parts.length) {
    return unconfirmed(
      T('task-confirmed.differs', { task: t.taskArn, ...listArgs('differences', parts, 'semicolon') }),
    );
  }
  return {
    fixInput: { confirmed: true },
    evidence: said({
      check: 'task-confirmed',
      result: 'info',
      resourceIds: ids,
      text: T('task-confirmed.confirmed', { task: t.taskArn }),
    }),
  };
}
