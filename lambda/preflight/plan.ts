/**
 * Preflight (issue 19), groundwork: what a diagnosis engine needs to examine a container's pull before it happens —
 * the candidate causes (every cause the account can prove; none read from a stop text, as there is none) and the
 * pull as a PullFailure-shaped subject: the task definition's container, in the network the task would get. Pure.
 * The cause modules then answer "would this pull fail?" from facts gathered for it, with their own checks.
 */
import type { TextHint } from '../causes/classify';
import { partitionOf } from '../domain/image-ref';
import { CAUSE_IDS, type CauseId } from '../domain/diagnosis';
import type { PullFailure } from '../event/pull-failure';
import type { StoppedTask } from '../event/schema';
import type { ServiceFacts, TaskDefinitionFacts } from '../facts/types';

/**
 * The causes preflight asks about: every one but `unknown` (no finding) and `disk-space` (a host's disk, known only
 * from a stop text); Docker Hub's rate limit stays, as a risk of the image's registry.
 */
export const PREFLIGHT_CAUSES: readonly CauseId[] = CAUSE_IDS.filter((c) => c !== 'unknown' && c !== 'disk-space');

export function preflightHint(): TextHint {
  return { family: 'image', candidates: [...PREFLIGHT_CAUSES] };
}

/**
 * Causes whose `possible` is reported before a deploy: a risk rather than a certainty (the rate limit bites when many
 * pulls share an address), said as a warning that never fails the check.
 */
export const PREFLIGHT_RISKS: readonly CauseId[] = ['dockerhub-rate-limit'];

/** Where the task would run: from the flags, else the service's network configuration. */
export interface PreflightTarget {
  account: string;
  region: string;
  cluster: string;
  service?: string;
  launchType: 'FARGATE' | 'EC2';
  subnetIds: string[];
  securityGroupIds: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
}

/**
 * The network configuration the task would get, as the service facts a diagnosis reads it from (security groups,
 * assignPublicIp, subnets): named after the service, or the family when only flags give it. None when nothing is given.
 */
export function preflightNetwork(td: TaskDefinitionFacts, target: PreflightTarget): ServiceFacts | undefined {
  if (!target.subnetIds.length && !target.securityGroupIds.length && !target.assignPublicIp) return undefined;
  return {
    name: target.service ?? `${td.family ?? 'task'} (preflight)`,
    launchType: target.launchType,
    subnets: [...target.subnetIds],
    securityGroups: [...target.securityGroupIds],
    ...(target.assignPublicIp ? { assignPublicIp: target.assignPublicIp } : {}),
  };
}

/** The subject of one container's preflight, shaped as the stopped task a diagnosis reads (nothing stopped). */
export function preflightSubject(td: TaskDefinitionFacts, container: string, target: PreflightTarget): PullFailure {
  const c = td.containers.find((x) => x.name === container);
  const family = td.family ?? 'preflight';
  const partition = partitionOf(target.region);
  const task: StoppedTask = {
    account: target.account,
    region: target.region,
    taskArn: `arn:${partition}:ecs:${target.region}:${target.account}:task/${target.cluster}/preflight`,
    taskId: 'preflight',
    clusterArn: `arn:${partition}:ecs:${target.region}:${target.account}:cluster/${target.cluster}`,
    clusterName: target.cluster,
    family,
    launchType: target.launchType,
    containers: td.containers.map((x) => ({ name: x.name, ...(x.image ? { image: x.image } : {}) })),
    subnetIds: [...target.subnetIds],
    ...(td.arn.startsWith('arn:') ? { taskDefinitionArn: td.arn } : {}),
    ...(target.service ? { serviceName: target.service, group: `service:${target.service}` } : {}),
  };
  return {
    task,
    reason: '',
    source: 'container',
    ...(c ? { container: { name: c.name, ...(c.image ? { image: c.image } : {}) } } : {}),
    ...(c?.image ? { image: c.image } : {}),
    otherFailingContainers: [],
    taskStoppedForOtherReason: false,
    preflight: true,
  };
}
