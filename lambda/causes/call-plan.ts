/**
 * Pure: which probes the text's candidate causes need, and in which order their calls get the budget.
 *
 * A call's priority comes from the best-ranked candidate it serves: calls that can *prove* a candidate
 * rank before calls that only *inform* it (recent tags, fix inputs such as the VPC's DNS settings and
 * CIDRs), candidate by candidate; the task definition comes first (every check and every later call
 * needs it), and so does the service when it is the only source of the subnets. Equal priorities keep
 * the order of CALLS. The same event therefore always admits — and skips — the same calls.
 */
import type { CauseId } from '../domain/diagnosis';
import type { ImageProbe } from '../facts/image-probe';
import type { Call, CallName } from './module';
import { CAUSE_LIST, CAUSE_MODULES } from './registry';
import type { TextHint } from './classify';
import type { PullFailure } from '../event/pull-failure';
import type { PlannedCall } from '../facts/probes/budget';
import { SLOT, type CallPlan, type Needs } from '../facts/slots';

/**
 * The causes a hint's calls are planned for: its candidates, where "unknown" counts only as the top candidate
 * (a hint that merely lists it last does not ask for the unknown cause's calls).
 */
function plannedFor(hint: TextHint): CauseId[] {
  return hint.candidates.filter((c) => c !== 'unknown' || hint.family === 'unknown');
}

const NETWORK_CALLS: readonly CallName[] = [
  'subnets',
  'routeTables',
  'endpoints',
  'dnsSupport',
  'dnsHostnames',
  'vpcs',
  'dhcp',
  'hostedZones',
];

/** Which probes the candidates need (pure): a call is wanted when a candidate's module lists it. */
export function needsFor(hint: TextHint, failure: PullFailure): Needs {
  const causes = plannedFor(hint);
  const wants = (call: Call) =>
    causes.some((c) => CAUSE_MODULES[c].calls.proves.includes(call) || CAUSE_MODULES[c].calls.informs.includes(call));
  // The network probe reads the subnets' whole view at once (and the service when it names the subnets).
  const network = NETWORK_CALLS.some(wants);
  const instanceNet = network && onInstanceNetwork(failure);
  const instanceRole = onInstance(failure) && wants('instanceProfile');
  return {
    task: true,
    taskDefinition: !!failure.task.taskDefinitionArn,
    network,
    // An EC2 task without an ENI in its event is taken for bridge/host (the task definition says, later): it
    // pulls through its instance's network, so no service network configuration is read (≤ 12 calls), and the
    // VPC's CIDRs and DHCP options only serve the endpoint auto-fix, which such a task never gets.
    service: network && !instanceNet && !!failure.task.serviceName,
    vpc: network && !instanceNet,
    instance: instanceNet || instanceRole,
    instanceRole,
    networkAcls: wants('networkAcls'),
    securityGroups: wants('securityGroups'),
    ecrImage: wants('image'),
    ecrTags: wants('tags') || wants('lifecyclePolicy'),
    repositoryPolicy: wants('repositoryPolicy'),
    iamEcr: wants('role'),
    secrets: wants('secrets'),
    kms: wants('kms'),
    probes: CAUSE_PROBES.filter(wants),
  };
}

/** The task ran on a container instance (EC2 or EXTERNAL): the event names one, and no Fargate launch type. */
export function onInstance(failure: PullFailure): boolean {
  return !!failure.task.containerInstanceArn && (failure.task.launchType ?? '').toUpperCase() !== 'FARGATE';
}

/**
 * On an instance and without a task ENI in the event (bridge, host or none network mode): the pull goes
 * through the instance's own network. (An awsvpc task's ENI attachment names its subnet.)
 */
export function onInstanceNetwork(failure: PullFailure): boolean {
  return onInstance(failure) && failure.task.subnetIds.length === 0;
}

/** Every probe a cause module brings along (facts/image-probe.ts), once, in check order. */
export const CAUSE_PROBES: readonly ImageProbe[] = [
  ...new Set(
    CAUSE_LIST.flatMap((m) => [...m.calls.proves, ...m.calls.informs]).filter(
      (c): c is ImageProbe => typeof c !== 'string',
    ),
  ),
];

interface CallSpec {
  call: Call;
  check: string;
  when: (n: Needs) => boolean;
}

/** Every planned call, in tie-break order; which causes it proves or informs comes from the modules. */
const CALLS: readonly CallSpec[] = [
  { call: 'task', check: 'task', when: (n) => n.task },
  { call: 'taskDefinition', check: 'task-definition', when: (n) => n.taskDefinition },
  { call: 'subnets', check: 'subnets', when: (n) => n.network },
  { call: 'routeTables', check: 'route-tables', when: (n) => n.network },
  { call: 'endpoints', check: 'vpc-endpoints', when: (n) => n.network },
  { call: 'service', check: 'service', when: (n) => n.service },
  { call: 'dnsSupport', check: 'vpc-dns-support', when: (n) => n.network },
  { call: 'dnsHostnames', check: 'vpc-dns-hostnames', when: (n) => n.network },
  { call: 'vpcs', check: 'vpc', when: (n) => n.vpc },
  { call: 'dhcp', check: 'dhcp-options', when: (n) => n.vpc },
  { call: 'securityGroups', check: 'security-groups', when: (n) => n.network && n.securityGroups },
  { call: 'networkAcls', check: 'network-acls', when: (n) => n.network && n.networkAcls },
  // A customer private hosted zone for the ECR/S3 names (central endpoints) keeps both from being proven.
  { call: 'hostedZones', check: 'private-hosted-zones', when: (n) => n.network },
  { call: 'containerInstance', check: 'container-instance', when: (n) => n.instance },
  { call: 'instance', check: 'ec2-instance', when: (n) => n.instance },
  { call: 'instanceProfile', check: 'instance-profile', when: (n) => n.instanceRole },
  { call: 'image', check: 'ecr-image', when: (n) => n.ecrImage },
  { call: 'repositoryPolicy', check: 'repository-policy', when: (n) => n.repositoryPolicy },
  { call: 'simulation', check: 'execution-role-permissions', when: (n) => n.iamEcr || n.secrets || n.instanceRole },
  { call: 'attachedPolicies', check: 'execution-role-policies', when: (n) => n.iamEcr || n.secrets || n.instanceRole },
  // The role's trust, path and tags: only the attach auto-fix's scope checks need them.
  { call: 'role', check: 'execution-role', when: (n) => n.iamEcr },
  { call: 'secrets', check: 'secrets', when: (n) => n.secrets },
  { call: 'kms', check: 'kms-decrypt', when: (n) => n.kms },
  { call: 'tags', check: 'recent-tags', when: (n) => n.ecrTags },
  { call: 'lifecyclePolicy', check: 'lifecycle-policy', when: (n) => n.ecrTags },
  ...CAUSE_PROBES.map((p) => ({ call: p, check: p.check, when: (n: Needs) => n.probes.includes(p) })),
];

/** The causes whose module lists `call` as proving (or only informing) them. */
const servedBy = (call: Call, how: 'proves' | 'informs'): CauseId[] =>
  CAUSE_LIST.filter((m) => m.calls[how].includes(call)).map((m) => m.id);

const UNRANKED = 1_000;

/** The calls `needs` asks for, each with its priority (lower first). Pure and deterministic. */
export function planCalls(needs: Needs, hint: TextHint, failure: PullFailure): PlannedCall[] {
  const planned = plannedFor(hint);
  const rank = (c: CauseId) => (planned.includes(c) ? hint.candidates.indexOf(c) : UNRANKED);
  const best = (list: CauseId[]) => Math.min(UNRANKED, ...list.map(rank));
  const subnetsFromService = needs.network && failure.task.subnetIds.length === 0;
  // A bridge/host task's subnet comes from its instance: those two calls come first, like the task definition.
  const instanceNet = needs.network && onInstanceNetwork(failure);
  return CALLS.filter((c) => c.when(needs)).flatMap((c) => {
    const prerequisite =
      c.call === 'task' ||
      c.call === 'taskDefinition' ||
      (c.call === 'service' && subnetsFromService) ||
      ((c.call === 'containerInstance' || c.call === 'instance') && instanceNet);
    const proves = best(servedBy(c.call, 'proves'));
    const informs = best(servedBy(c.call, 'informs'));
    const priority = prerequisite ? -1 : Math.min(2 * proves, 2 * informs + 1, 2 * UNRANKED);
    const slots = typeof c.call === 'string' ? [SLOT[c.call]] : c.call.slots;
    return slots.map((slot) => ({ slot, check: c.check, count: 1, priority }));
  });
}

/** The call plan of a text hint: the probe groups its candidates need and every call's priority. */
export function callPlanFor(hint: TextHint, failure: PullFailure): CallPlan {
  const needs = needsFor(hint, failure);
  return { needs, calls: planCalls(needs, hint, failure) };
}
