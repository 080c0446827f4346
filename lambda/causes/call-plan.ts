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
import type { TextHint } from './classify';
import type { PullFailure } from '../event/pull-failure';
import type { PlannedCall } from '../facts/probes/budget';
import { SLOT, type CallPlan, type Needs } from '../facts/slots';

export const NETWORK: CauseId[] = [
  'network-no-route',
  'public-ip-disabled',
  'vpc-endpoint-missing',
  'vpc-dns-disabled',
  'security-group-blocks',
  'network-acl-blocks',
  'vpc-endpoint-policy-denies',
];
export const SECRETS: CauseId[] = [
  'registry-credentials-invalid',
  'secret-or-parameter-unavailable',
  'kms-decrypt-denied',
];
export const ECR_IMAGE: CauseId[] = [
  'repository-not-found',
  'image-not-found',
  'stale-image-digest',
  'platform-mismatch',
  'execution-role-ecr-permissions',
  'repository-policy-denies',
];

/** Which probes the candidates need (pure). */
export function needsFor(hint: TextHint, failure: PullFailure): Needs {
  const c = new Set<CauseId>(hint.candidates);
  const any = (list: CauseId[]) => list.some((x) => c.has(x));
  const unknown = hint.family === 'unknown';
  const network = any(NETWORK);
  return {
    task: true,
    taskDefinition: !!failure.task.taskDefinitionArn,
    network,
    service: network && !!failure.task.serviceName,
    vpc: network,
    networkAcls: c.has('network-acl-blocks'),
    securityGroups: c.has('security-group-blocks'),
    ecrImage: any(ECR_IMAGE) || unknown,
    ecrTags: c.has('image-not-found') || c.has('stale-image-digest'),
    repositoryPolicy: c.has('repository-policy-denies'),
    iamEcr: c.has('execution-role-ecr-permissions') || unknown,
    secrets: any(SECRETS),
    kms: c.has('kms-decrypt-denied'),
  };
}

interface CallSpec {
  slot: string;
  check: string;
  when: (n: Needs) => boolean;
  /** Causes the call's answer can prove or rule out. */
  proves: CauseId[];
  /** Causes it only informs (proposal details, auto-fix inputs). */
  informs: CauseId[];
}

const VIEW: CauseId[] = NETWORK; // every network check needs the subnets and their route tables
const FIX_DNS: CauseId[] = ['network-no-route', 'vpc-endpoint-missing'];

/** Every planned call, in tie-break order. */
const CALLS: readonly CallSpec[] = [
  { slot: SLOT.task, check: 'task', when: (n) => n.task, proves: [], informs: [] },
  { slot: SLOT.taskDefinition, check: 'task-definition', when: (n) => n.taskDefinition, proves: [], informs: [] },
  { slot: SLOT.subnets, check: 'subnets', when: (n) => n.network, proves: VIEW, informs: [] },
  { slot: SLOT.routeTables, check: 'route-tables', when: (n) => n.network, proves: VIEW, informs: [] },
  {
    slot: SLOT.endpoints,
    check: 'vpc-endpoints',
    when: (n) => n.network,
    proves: [
      'network-no-route',
      'vpc-endpoint-missing',
      'vpc-endpoint-policy-denies',
      'vpc-dns-disabled',
      'public-ip-disabled',
      'security-group-blocks',
    ],
    informs: [],
  },
  {
    slot: SLOT.service,
    check: 'service',
    when: (n) => n.service,
    proves: ['public-ip-disabled', 'security-group-blocks'],
    informs: NETWORK,
  },
  {
    slot: SLOT.dnsSupport,
    check: 'vpc-dns-support',
    when: (n) => n.network,
    proves: ['vpc-dns-disabled'],
    informs: FIX_DNS,
  },
  {
    slot: SLOT.dnsHostnames,
    check: 'vpc-dns-hostnames',
    when: (n) => n.network,
    proves: ['vpc-dns-disabled'],
    informs: FIX_DNS,
  },
  { slot: SLOT.vpcs, check: 'vpc', when: (n) => n.vpc, proves: ['vpc-dns-disabled'], informs: FIX_DNS },
  { slot: SLOT.dhcp, check: 'dhcp-options', when: (n) => n.vpc, proves: ['vpc-dns-disabled'], informs: FIX_DNS },
  {
    slot: SLOT.securityGroups,
    check: 'security-groups',
    when: (n) => n.network && n.securityGroups,
    proves: ['security-group-blocks'],
    informs: [],
  },
  {
    slot: SLOT.networkAcls,
    check: 'network-acls',
    when: (n) => n.network && n.networkAcls,
    proves: ['network-acl-blocks'],
    informs: [],
  },
  // A customer private hosted zone for the ECR/S3 names (central endpoints) keeps both from being proven.
  {
    slot: SLOT.hostedZones,
    check: 'private-hosted-zones',
    when: (n) => n.network,
    proves: ['network-no-route', 'vpc-endpoint-missing'],
    informs: ['public-ip-disabled'],
  },
  {
    slot: SLOT.image,
    check: 'ecr-image',
    when: (n) => n.ecrImage,
    proves: ['repository-not-found', 'image-not-found', 'stale-image-digest', 'platform-mismatch'],
    informs: ['unknown', 'execution-role-ecr-permissions', 'repository-policy-denies'],
  },
  {
    slot: SLOT.repositoryPolicy,
    check: 'repository-policy',
    when: (n) => n.repositoryPolicy,
    proves: ['repository-policy-denies'],
    informs: [],
  },
  {
    slot: SLOT.simulation,
    check: 'execution-role-permissions',
    when: (n) => n.iamEcr || n.secrets,
    proves: ['execution-role-ecr-permissions', 'secret-or-parameter-unavailable', 'registry-credentials-invalid'],
    informs: ['unknown', 'kms-decrypt-denied'],
  },
  {
    slot: SLOT.attachedPolicies,
    check: 'execution-role-policies',
    when: (n) => n.iamEcr || n.secrets,
    proves: [],
    informs: ['execution-role-ecr-permissions', ...SECRETS, 'unknown'],
  },
  // The role's trust, path and tags: only the attach auto-fix's scope checks need them.
  {
    slot: SLOT.role,
    check: 'execution-role',
    when: (n) => n.iamEcr,
    proves: [],
    informs: ['execution-role-ecr-permissions'],
  },
  { slot: SLOT.secrets, check: 'secrets', when: (n) => n.secrets, proves: SECRETS, informs: [] },
  { slot: SLOT.kms, check: 'kms-decrypt', when: (n) => n.kms, proves: ['kms-decrypt-denied'], informs: [] },
  {
    slot: SLOT.tags,
    check: 'recent-tags',
    when: (n) => n.ecrTags,
    proves: [],
    informs: ['image-not-found', 'stale-image-digest'],
  },
  {
    slot: SLOT.lifecyclePolicy,
    check: 'lifecycle-policy',
    when: (n) => n.ecrTags,
    proves: [],
    informs: ['image-not-found', 'stale-image-digest'],
  },
];

const UNRANKED = 1_000;

/** The calls `needs` asks for, each with its priority (lower first). Pure and deterministic. */
export function planCalls(needs: Needs, hint: TextHint, failure: PullFailure): PlannedCall[] {
  const rank = (c: CauseId) => {
    const i = hint.candidates.indexOf(c);
    return i < 0 ? UNRANKED : i;
  };
  const best = (list: CauseId[]) => Math.min(UNRANKED, ...list.map(rank));
  const subnetsFromService = needs.network && failure.task.subnetIds.length === 0;
  return CALLS.filter((c) => c.when(needs)).map((c) => {
    const prerequisite =
      c.slot === SLOT.task || c.slot === SLOT.taskDefinition || (c.slot === SLOT.service && subnetsFromService);
    const priority = prerequisite ? -1 : Math.min(2 * best(c.proves), 2 * best(c.informs) + 1, 2 * UNRANKED);
    return { slot: c.slot, check: c.check, count: 1, priority };
  });
}

/** The call plan of a text hint: the probe groups its candidates need and every call's priority. */
export function callPlanFor(hint: TextHint, failure: PullFailure): CallPlan {
  const needs = needsFor(hint, failure);
  return { needs, calls: planCalls(needs, hint, failure) };
}
