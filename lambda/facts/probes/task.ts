/** Task probes: ecs:DescribeTaskDefinition, ecs:DescribeServices, ecs:DescribeTasks. */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import type { Clients } from '../../aws/clients';
import { callAws, type CallContext, type Fact } from '../../aws/call';
import { parseTaskStateChange, type StoppedTask } from '../../event/schema';
import { taskToEvent } from '../../event/describe-tasks';
import { findPullFailure } from '../../event/pull-failure';
import type { ConfirmedTaskFacts, ServiceFacts, TaskDefinitionFacts } from '../types';
import type { CallBudget } from './budget';

export async function probeTaskDefinition(
  clients: Clients,
  budget: CallBudget,
  taskDefinitionArn: string,
): Promise<Fact<TaskDefinitionFacts>> {
  const input = { taskDefinition: taskDefinitionArn };
  const r = await budget.call('ecs:DescribeTaskDefinition', input, (abortSignal) =>
    clients.ecs.send(new DescribeTaskDefinitionCommand(input), { abortSignal }),
  );
  if (!r.ok) return r;
  const td = r.value.taskDefinition;
  if (!td)
    return {
      ok: false,
      api: 'ecs:DescribeTaskDefinition',
      kind: 'not-found',
      errorName: 'Empty',
      reason: 'ecs:DescribeTaskDefinition returned no task definition',
    };
  return { ok: true, value: taskDefinitionFactsOf(td, taskDefinitionArn) };
}

/** The service's network configuration; null when ECS reports the service MISSING. */
export async function probeService(
  clients: Clients,
  budget: CallBudget,
  cluster: string,
  serviceName: string,
): Promise<Fact<ServiceFacts | null>> {
  const input = { cluster, services: [serviceName] };
  const r = await budget.call('ecs:DescribeServices', input, (abortSignal) =>
    clients.ecs.send(new DescribeServicesCommand(input), { abortSignal }),
  );
  if (!r.ok) return r;
  const s = r.value.services?.[0];
  if (!s) return { ok: true, value: null };
  const aws = s.networkConfiguration?.awsvpcConfiguration;
  const out: ServiceFacts = {
    name: s.serviceName ?? serviceName,
    subnets: aws?.subnets ?? [],
    securityGroups: aws?.securityGroups ?? [],
  };
  if (s.serviceArn) out.arn = s.serviceArn;
  if (s.launchType) out.launchType = s.launchType;
  if (aws?.assignPublicIp === 'ENABLED' || aws?.assignPublicIp === 'DISABLED') out.assignPublicIp = aws.assignPublicIp;
  return { ok: true, value: out };
}

/**
 * The facts of a task definition (pure): from ecs:DescribeTaskDefinition's `taskDefinition`, or — the same field
 * names — the JSON a user passes to `aws ecs register-task-definition --cli-input-json` (preflight, issue 19).
 */
export function taskDefinitionFactsOf(td: TaskDefinition, taskDefinitionArn: string): TaskDefinitionFacts {
  const out: TaskDefinitionFacts = {
    arn: td.taskDefinitionArn ?? taskDefinitionArn,
    requiresCompatibilities: td.requiresCompatibilities ?? td.compatibilities ?? [],
    containers: (td.containerDefinitions ?? []).map((c) => {
      const cd: TaskDefinitionFacts['containers'][number] = {
        name: c.name ?? '',
        essential: c.essential !== false,
        secrets: (c.secrets ?? [])
          .filter((s) => s.name && s.valueFrom)
          .map((s) => ({ name: s.name!, valueFrom: s.valueFrom! })),
      };
      if (c.image) cd.image = c.image;
      if (c.repositoryCredentials?.credentialsParameter)
        cd.credentialsParameter = c.repositoryCredentials.credentialsParameter;
      if (c.logConfiguration?.logDriver) cd.logDriver = c.logConfiguration.logDriver;
      const lr = c.logConfiguration?.options?.['awslogs-region'];
      if (lr) cd.logRegion = lr;
      return cd;
    }),
  };
  if (td.family) out.family = td.family;
  if (td.executionRoleArn) out.executionRoleArn = td.executionRoleArn;
  if (td.networkMode) out.networkMode = td.networkMode;
  if (td.runtimePlatform?.operatingSystemFamily) out.osFamily = td.runtimePlatform.operatingSystemFamily;
  if (td.runtimePlatform?.cpuArchitecture) out.cpuArchitecture = td.runtimePlatform.cpuArchitecture;
  return out;
}

/** The fields of a DescribeTasks task that the confirmation compares (pure). */
export function confirmedTaskOf(t: Task): ConfirmedTaskFacts | undefined {
  if (!t.taskArn) return undefined;
  const parsed = parseTaskStateChange(taskToEvent(t));
  const out: ConfirmedTaskFacts = {
    taskArn: t.taskArn,
    subnetIds: parsed.ok ? parsed.task.subnetIds : [],
    containers: (t.containers ?? [])
      .filter((c) => c.name)
      .map((c) => (c.image ? { name: c.name!, image: c.image } : { name: c.name! })),
  };
  if (t.clusterArn) out.clusterArn = t.clusterArn;
  if (t.lastStatus) out.lastStatus = t.lastStatus;
  if (t.taskDefinitionArn) out.taskDefinitionArn = t.taskDefinitionArn;
  if (t.group) out.group = t.group;
  if (t.launchType) out.launchType = t.launchType;
  if (t.availabilityZone) out.availabilityZone = t.availabilityZone;
  if (t.stopCode) out.stopCode = t.stopCode;
  if (t.stoppedReason) out.stoppedReason = t.stoppedReason;
  const pull = parsed.ok ? findPullFailure(parsed.task) : undefined;
  if (pull?.ok)
    out.pullFailure = pull.failure.container?.name
      ? { reason: pull.failure.reason, container: pull.failure.container.name }
      : { reason: pull.failure.reason };
  return out;
}

/**
 * The stopped task read back from the account (ecs:DescribeTasks), so that a fix never rests on what an
 * event claims. null: the account does not return it (MISSING — a forged event, another account's task,
 * or one that stopped more than about an hour ago).
 */
export async function probeTask(
  clients: Clients,
  budget: CallBudget,
  clusterArn: string,
  taskArn: string,
): Promise<Fact<ConfirmedTaskFacts | null>> {
  const input = { cluster: clusterArn, tasks: [taskArn] };
  const r = await budget.call('ecs:DescribeTasks', input, (abortSignal) =>
    clients.ecs.send(new DescribeTasksCommand(input), { abortSignal }),
  );
  if (!r.ok) return r;
  // moto (and only moto) answers an unknown task with neither a task nor a failure: "not returned" is missing either
  // way.
  const t = r.value.tasks?.find((x) => x.taskArn === taskArn) ?? r.value.tasks?.[0];
  if (!t) return { ok: true, value: null };
  const confirmed = confirmedTaskOf(t);
  return { ok: true, value: confirmed ?? null };
}

/** Loads a stopped task by id (CLI / replays). Stopped tasks stay visible for about an hour only. */
export async function loadStoppedTask(
  clients: Clients,
  ctx: CallContext,
  cluster: string,
  taskId: string,
): Promise<{ ok: true; task: StoppedTask } | { ok: false; reason: string }> {
  const r = await callAws(ctx, 'ecs:DescribeTasks', (abortSignal) =>
    clients.ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskId] }), { abortSignal }),
  );
  if (!r.ok) return { ok: false, reason: r.reason };
  const t = r.value.tasks?.[0];
  if (!t) {
    const f = r.value.failures?.[0];
    if (f?.reason === 'MISSING')
      return {
        ok: false,
        reason: `task ${taskId} not found in cluster ${cluster} (MISSING: stopped tasks are visible for about an hour)`,
      };
    return {
      ok: false,
      reason: `task ${taskId}: ${f?.reason ?? 'not returned by ecs:DescribeTasks'}${f?.detail ? ` (${f.detail})` : ''}`,
    };
  }
  const m = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):/.exec(t.taskArn ?? '');
  if (!m) return { ok: false, reason: `ecs:DescribeTasks returned a task without a valid ARN` };
  if (t.lastStatus !== 'STOPPED')
    return { ok: false, reason: `task ${taskId} is ${t.lastStatus ?? 'in an unknown state'}, not STOPPED` };
  const parsed = parseTaskStateChange(taskToEvent(t));
  return parsed.ok ? { ok: true, task: parsed.task } : { ok: false, reason: parsed.reason };
}
