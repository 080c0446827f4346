/**
 * Gathers only the facts the text hint's candidate causes need, within the call budget (≤ 12 calls,
 * never the same API with the same input twice) and in at most four sequential waves:
 *   1. DescribeTaskDefinition · DescribeServices · DescribeSubnets + DescribeNetworkAcls · ECR image facts
 *   2. IAM simulation (+ ListAttachedRolePolicies) · secrets metadata · route tables, endpoints, SGs, DNS attrs
 *   3. kms:Decrypt simulation (keys known only now) · IAM fallback lists · DHCP options
 *   4. IAM fallback documents
 * Never throws: a failed call is an Unknown fact; an internal error is a `skipped` entry.
 */
import type { Clients } from '../aws/clients';
import { createClients } from '../aws/clients';
import type { CallContext } from '../aws/call';
import type { PullFailure } from '../event/pull-failure';
import type { Log } from '../log';
import type { CauseId } from '../diagnose/types';
import type { TextHint } from '../diagnose/message-text';
import { ecrRepositoryArn, parseImageRef, type ImageRef } from '../diagnose/image-ref';
import { evaluatePolicies } from './policy-eval';
import type { Facts, IamFacts, PermissionCheck, TaskDefinitionFacts } from './types';
import { CallBudget } from './probes/budget';
import { probeService, probeTaskDefinition } from './probes/task';
import { probeNetwork } from './probes/network';
import { probeEcr } from './probes/ecr';
import { probeIam, simulate, type ActionResource } from './probes/iam';
import { probeSecrets, secretRefsOf } from './probes/secrets';

const NETWORK: CauseId[] = ['network-no-route', 'public-ip-disabled', 'vpc-endpoint-missing', 'vpc-dns-disabled', 'security-group-blocks', 'network-acl-blocks', 'vpc-endpoint-policy-denies'];
const SECRETS: CauseId[] = ['registry-credentials-invalid', 'secret-or-parameter-unavailable', 'kms-decrypt-denied'];
const ECR_IMAGE: CauseId[] = ['repository-not-found', 'image-not-found', 'stale-image-digest', 'platform-mismatch', 'execution-role-ecr-permissions', 'repository-policy-denies'];

export interface Needs {
  taskDefinition: boolean;
  network: boolean;
  service: boolean;
  dhcp: boolean;
  securityGroups: boolean;
  ecrImage: boolean;
  ecrTags: boolean;
  repositoryPolicy: boolean;
  iamEcr: boolean;
  secrets: boolean;
  kms: boolean;
}

/** Which probes the candidates need (pure; exported for tests). */
export function needsFor(hint: TextHint, failure: PullFailure): Needs {
  const c = new Set<CauseId>(hint.candidates);
  const any = (list: CauseId[]) => list.some((x) => c.has(x));
  const unknown = hint.family === 'unknown';
  const network = any(NETWORK);
  return {
    taskDefinition: !!failure.task.taskDefinitionArn,
    network,
    service: network && !!failure.task.serviceName,
    // The endpoint auto-fix needs to know the VPC uses Amazon-provided DNS (otherwise it is refused).
    dhcp: network && (hint.candidates.slice(0, 2).includes('vpc-dns-disabled') || c.has('network-no-route') || c.has('vpc-endpoint-missing')),
    securityGroups: c.has('security-group-blocks'),
    ecrImage: any(ECR_IMAGE) || unknown,
    ecrTags: c.has('image-not-found') || c.has('stale-image-digest'),
    repositoryPolicy: c.has('repository-policy-denies'),
    iamEcr: c.has('execution-role-ecr-permissions') || unknown,
    secrets: any(SECRETS),
    kms: c.has('kms-decrypt-denied'),
  };
}

export async function gatherFacts(failure: PullFailure, hint: TextHint, env: { clients: Clients; ctx: CallContext; log?: Log }): Promise<Facts> {
  const facts: Facts = { skipped: [], calls: 0 };
  const budget = new CallBudget(env.ctx, facts.skipped);
  try {
    await gather(failure, hint, env, facts, budget);
  } catch (err) {
    facts.skipped.push({ check: 'gather', api: 'none', reason: `evidence gathering stopped: ${String((err as Error)?.message ?? err).slice(0, 200)}` });
    env.log?.error('facts gathering failed', { error: String(err).slice(0, 300) });
  }
  facts.calls = budget.count;
  env.log?.debug('facts gathered', { apiCalls: budget.count, skipped: facts.skipped.length });
  return facts;
}

async function gather(failure: PullFailure, hint: TextHint, env: { clients: Clients; ctx: CallContext }, facts: Facts, budget: CallBudget): Promise<void> {
  const task = failure.task;
  const needs = needsFor(hint, failure);
  const regional = new Map<string, Clients>();
  const clientsFor = (region: string | undefined): Clients => {
    if (!region || region === task.region) return env.clients;
    if (!regional.has(region)) regional.set(region, createClients(region));
    return regional.get(region)!;
  };
  const eventRef = failure.image ? parseImageRef(failure.image) : undefined;

  // ---- wave 1: independent of the task definition ----
  const tdP = needs.taskDefinition ? probeTaskDefinition(env.clients, budget, task.taskDefinitionArn!) : undefined;
  const svcP = needs.service ? probeService(env.clients, budget, task.clusterArn, task.serviceName!) : undefined;
  const netOpts = { dhcp: needs.dhcp, securityGroups: needs.securityGroups };
  let netP = needs.network && task.subnetIds.length ? probeNetwork(env.clients, budget, task.subnetIds, netOpts) : undefined;
  const ecrFor = (ref: ImageRef) =>
    probeEcr(clientsFor(ref.region), budget, ref, ref.accountId === task.account, {
      image: needs.ecrImage,
      tags: needs.ecrTags,
      repositoryPolicy: needs.repositoryPolicy,
      lifecyclePolicy: needs.ecrTags,
      ...(failure.container?.imageDigest ? { pinnedDigest: failure.container.imageDigest } : {}),
    });
  const wantsEcr = needs.ecrImage || needs.ecrTags || needs.repositoryPolicy;
  let ecrP = wantsEcr && eventRef?.ok && eventRef.ref.registryType === 'ecr' ? ecrFor(eventRef.ref) : undefined;

  if (svcP) facts.service = await svcP;
  let td: TaskDefinitionFacts | undefined;
  if (tdP) {
    facts.taskDefinition = await tdP;
    td = facts.taskDefinition.ok ? facts.taskDefinition.value : undefined;
  }
  const container = td?.containers.find((c) => c.name === failure.container?.name) ?? (td?.containers.length === 1 ? td.containers[0] : undefined);
  const launchType = (task.launchType ?? (facts.service?.ok ? facts.service.value?.launchType : undefined) ?? (td?.requiresCompatibilities.length === 1 ? td.requiresCompatibilities[0] : undefined) ?? '').toUpperCase();
  const ec2 = launchType === 'EC2' || launchType === 'EXTERNAL';

  // ---- wave 2: needs the task definition or the service ----
  const imageString = failure.image ?? container?.image;
  const ref = imageString ? parseImageRef(imageString) : undefined;
  if (!ecrP && wantsEcr && ref?.ok && ref.ref.registryType === 'ecr') ecrP = ecrFor(ref.ref);

  if (needs.network && !netP) {
    if (ec2 && td && td.networkMode !== 'awsvpc') facts.network = { instanceNetwork: true };
    else {
      const subnets = facts.service?.ok ? (facts.service.value?.subnets ?? []) : [];
      if (subnets.length) netP = probeNetwork(env.clients, budget, subnets, netOpts);
      else facts.skipped.push({ check: 'subnets', api: 'ec2:DescribeSubnets', reason: 'no subnet in the event (no ENI attachment) nor in a service network configuration' });
    }
  }

  const role = td?.executionRoleArn;
  const secretRefs = td && needs.secrets ? secretRefsOf(td, container?.name, task.region, task.account) : [];
  const wanted: ActionResource[] = [];
  const repoArn = ref?.ok ? ecrRepositoryArn(ref.ref) : undefined;
  // On EC2 the instance role pulls from ECR: only secrets go through the execution role.
  if (repoArn && !ec2 && needs.iamEcr) {
    wanted.push(['ecr:GetAuthorizationToken', '*']);
    for (const a of ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage']) wanted.push([a, repoArn]);
  }
  for (const s of secretRefs) {
    const arn = s.kind === 'secretsmanager' ? s.id : s.id.startsWith('arn:') ? s.id : `arn:aws:ssm:${s.region}:${task.account}:parameter/${s.id.replace(/^\//, '')}`;
    wanted.push([s.kind === 'secretsmanager' ? 'secretsmanager:GetSecretValue' : 'ssm:GetParameters', arn]);
  }
  const iamP = role && wanted.length ? probeIam(env.clients, budget, role, wanted, { listAttached: true }) : undefined;
  const secretsP = secretRefs.length ? probeSecrets(env.clients, budget, secretRefs, clientsFor) : undefined;

  const [network, ecr, iam, secrets] = await Promise.all([netP, ecrP, iamP, secretsP]);
  if (network) facts.network = network;
  if (ecr) facts.ecr = ecr;
  if (secrets) facts.secrets = secrets;
  if (iam) facts.iam = iam;
  if (!role && td && (needs.iamEcr || needs.secrets)) facts.skipped.push({ check: 'execution-role-permissions', api: 'iam:SimulatePrincipalPolicy', reason: 'the task definition has no execution role' });

  // ---- wave 3: kms:Decrypt, once the keys are known ----
  const keys = [...new Set((secrets?.items ?? []).map((i) => i.kmsKeyId).filter((k): k is string => !!k))];
  if (role && needs.kms && keys.length && iam?.ok) {
    const kmsWanted: ActionResource[] = keys.map((k) => ['kms:Decrypt', k]);
    let extra: PermissionCheck[] | undefined;
    if (iam.value.method === 'policy-documents') {
      extra = kmsWanted.map(([action, resource]) => {
        const d = evaluatePolicies(iam.value.documents ?? [], action, resource).decision;
        return { action, resource, decision: d === 'allowed' ? 'allowed' : d === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny' };
      });
    } else {
      const sim = await simulate(env.clients, budget, role, kmsWanted);
      if (sim.ok) extra = sim.value;
      else facts.skipped.push({ check: 'kms-decrypt', api: sim.api, reason: sim.reason });
    }
    if (extra) facts.iam = { ok: true, value: { ...iam.value, checks: [...iam.value.checks, ...extra] } satisfies IamFacts };
  }
}
