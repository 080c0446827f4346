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
  const unconfirmed = (reason: string, text: EvidenceText, contradicted = true): TaskConfirmation => ({
    fixInput: { confirmed: false, reason, contradicted },
    evidence: {
      check: 'task-confirmed',
      result: 'unknown',
      detail: reason,
      resourceIds: ids,
      textKey: text.key,
      ...(text.args ? { textArgs: text.args } : {}),
    },
  });
  const read = facts.task;
  if (!read)
    return unconfirmed(
      `Task ${t.taskArn} was not read back from the account, so no change is made for it.`,
      T('task-confirmed.not-read', { task: t.taskArn }),
      false,
    );
  if (!read.ok) {
    return unconfirmed(
      `Task ${t.taskArn} could not be read back from the account (${read.api}: ${read.reason}), ` +
        `so no change is made for it.`,
      T('task-confirmed.failed', { task: t.taskArn, api: read.api, reason: read.reason }),
      false,
    );
  }
  const task = read.value;
  if (!task) {
    return unconfirmed(
      `Cluster ${t.clusterName} does not return task ${t.taskArn} (ecs:DescribeTasks): the event ` +
        `may not come from ECS, or the task stopped more than about an hour ago. No change is made ` +
        `for it.`,
      T('task-confirmed.missing', { task: t.taskArn, cluster: t.clusterName }),
    );
  }
  if (task.lastStatus && task.lastStatus !== 'STOPPED') {
    return unconfirmed(
      `Task ${t.taskArn} is ${task.lastStatus} in the account, not STOPPED as the event says. No ` +
        `change is made for it.`,
      T('task-confirmed.not-stopped', { task: t.taskArn, status: task.lastStatus }),
    );
  }
  // Why it stopped, as the account recorded it: an image-pull failure of the same kind as the event says.
  if (!task.pullFailure) {
    const why = safeText(task.stoppedReason ?? '', 200) || 'no stop reason';
    const code = task.stopCode ?? 'no stop code';
    return unconfirmed(
      `Task ${t.taskArn} did not stop for an image-pull failure in the account's record ` +
        `(${code}: ${why}), although the event says so. No change is made for it.`,
      T('task-confirmed.not-a-pull-failure', { task: t.taskArn, stopCode: code, reason: why }),
    );
  }
  const said: string[] = [];
  const parts: EvidenceText[] = [];
  const differ = (what: string, actual: string, claimed: string) => {
    said.push(`${what} ${actual || 'none'} (the event says ${claimed || 'none'})`);
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
  if (said.length) {
    return unconfirmed(
      `Task ${t.taskArn} as the account describes it differs from the event: ${said.join('; ')}. ` +
        `No change is made for it.`,
      T('task-confirmed.differs', { task: t.taskArn, ...listArgs('differences', parts, 'semicolon') }),
    );
  }
  return {
    fixInput: { confirmed: true },
    evidence: {
      check: 'task-confirmed',
      result: 'info',
      detail:
        `Task ${t.taskArn} was read back from the account (ecs:DescribeTasks) and matches the ` +
        `event: cluster, task definition, service, subnets, image and an image-pull stop reason of ` +
        `the same kind.`,
      resourceIds: ids,
      textKey: T('task-confirmed.confirmed').key,
      textArgs: { task: t.taskArn },
    },
  };
}
