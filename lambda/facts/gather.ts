/**
 * Gathers only the facts the text hint's candidate causes need, within the call budget (≤ 15 calls,
 * never the same API with the same input twice, the same calls skipped for the same event: see
 * call-plan.ts and probes/budget.ts) and in at most four sequential waves:
 *   1. DescribeTaskDefinition · DescribeServices · DescribeSubnets (+ DescribeNetworkAcls) · ECR image facts
 *      (the subnets and the image are in the event: wave 1 does not wait for the task definition)
 *   2. route tables, endpoints, SGs, DNS attributes, DescribeVpcs · IAM simulation (+ ListAttachedRolePolicies,
 *      GetRole) · secrets metadata · ECR when the image is known only from the task definition
 *   3. DescribeDhcpOptions · kms:Decrypt simulation (keys known only now) · IAM fallback lists · the
 *      repository policy when the simulation's implicit deny hinges on it and it was not read in wave 1/2
 *   4. IAM fallback documents
 * (A task without subnets in the event gets them from the service, described with the service's other subnets for
 * endpoint placement per AZ: its network steps move one wave later.)
 * On a container instance: ecs:DescribeContainerInstances in wave 1, ec2:DescribeInstances in wave 2; a
 * bridge/host task's network is its instance's (subnets in wave 3, the rest in wave 4, no VPC/DHCP read), and
 * without an execution role the instance role pulls (iam:GetInstanceProfile in wave 3, its simulation in 4).
 * Every network diagnosis reads the VPC (CIDRs) and DHCP options (for the endpoint auto-fix). Never throws: a failed
 * call is an Unknown fact, an internal error `skipped`. Preflight gives the task definition and network (options).
 */
import type { Clients } from '../aws/clients';
import type { CallContext, Fact } from '../aws/call';
import type { PullFailure } from '../event/pull-failure';
import type { Log } from '../log';
import { safeText } from '../domain/redact';
import { ecrRepositoryArn, parseImageRef, type ImageRef } from '../domain/image-ref';
import { readActionFor, resourceArnFor } from '../domain/secret-ref';
import { failingContainer } from '../domain/failing-container';
import { onInstance, resolveLaunchType } from '../domain/launch-type';
import type { Facts, GatherOptions, NetworkFacts, ServiceFacts, TaskDefinitionFacts } from './types';
import { describeContainerInstance, instanceOf, instanceRoleIam } from './probes/instance';
import { CallBudget } from './probes/budget';
import { ECR_SLOTS, NETWORK_SLOTS, SLOT, type CallPlan } from './slots';
import { probeService, probeTask, probeTaskDefinition } from './probes/task';
import { probeNetwork } from './probes/network';
import { probeEcr } from './probes/ecr';
import { probeIam } from './probes/iam';
import { ecrPullActions, hingesOnRepositoryPolicy, kmsDecryptChecks, type ActionResource } from './probes/iam-checks';
import { probeSecrets, secretRefsOf } from './probes/secrets';
import { runnerOf } from './probes/runners';
import type { ImageProbe } from './image-probe';

export async function gatherFacts(
  failure: PullFailure,
  plan: CallPlan,
  env: { clients: Clients; ctx: CallContext; log?: Log } & GatherOptions,
): Promise<Facts> {
  const facts: Facts = { skipped: [], calls: 0 };
  const budget = new CallBudget(env.ctx, facts.skipped, env.maxCalls);
  try {
    await gather(failure, plan, env, facts, budget);
  } catch (err) {
    // A message may quote a name from the event or the account: cleaned and capped like any untrusted text.
    facts.skipped.push({
      check: 'gather',
      api: 'none',
      reason: `evidence gathering stopped: ${safeText(String((err as Error)?.message ?? err), 200)}`,
    });
    env.log?.error('facts gathering failed', { error: safeText(String(err), 300) });
  }
  facts.calls = budget.count;
  env.log?.debug('facts gathered', { apiCalls: budget.count, skipped: facts.skipped.length });
  return facts;
}

async function gather(
  failure: PullFailure,
  plan: CallPlan,
  env: { clients: Clients; ctx: CallContext } & GatherOptions,
  facts: Facts,
  budget: CallBudget,
): Promise<void> {
  const task = failure.task;
  const needs = plan.needs;
  budget.plan(plan.calls);
  // Another Region of the same account (a registry elsewhere): the same credentials (organization mode: the member's).
  const clientsFor = (region: string | undefined): Clients =>
    !region || region === task.region ? env.clients : env.clients.forRegion(region);
  const eventRef = failure.image ? parseImageRef(failure.image) : undefined;

  // ---- wave 1: from the event alone (the task read back runs alongside: only writes wait for it) ----
  const taskP = needs.task ? probeTask(env.clients, budget, task.clusterArn, task.taskArn) : undefined;
  const given = env.taskDefinition && ({ ok: true, value: env.taskDefinition } as const);
  const tdP = given
    ? Promise.resolve(given)
    : needs.taskDefinition
      ? probeTaskDefinition(env.clients, budget, task.taskDefinitionArn!)
      : undefined;
  const givenSvc = env.service && ({ ok: true, value: env.service } as const);
  const readSvc = () => probeService(env.clients, budget, task.clusterArn, task.serviceName!);
  const svcP = givenSvc ? Promise.resolve(givenSvc) : needs.service ? readSvc() : undefined;
  const netOpts = { vpc: needs.vpc, securityGroups: needs.securityGroups, networkAcls: needs.networkAcls };
  // A service task's endpoints must reach every AZ of the service: its subnets are described with the task's.
  const placementOf = (svc: Fact<ServiceFacts | null>): string[] =>
    svc.ok && svc.value ? svc.value.subnets.filter((id) => !task.subnetIds.includes(id)) : [];
  let netP: Promise<NetworkFacts> | undefined =
    needs.network && task.subnetIds.length
      ? svcP
        ? svcP.then((svc) =>
            probeNetwork(env.clients, budget, task.subnetIds, { ...netOpts, placementSubnetIds: placementOf(svc) }),
          )
        : probeNetwork(env.clients, budget, task.subnetIds, netOpts)
      : undefined;
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
  // The probes cause modules bring along (facts/image-probe.ts): for the same image as the ECR probe.
  const probesFor = (r: ImageRef | undefined) => (r ? needs.probes.filter((p) => p.applies(r, task.account)) : []);
  const runProbes = (r: ImageRef, probes: readonly ImageProbe[]) =>
    Promise.all(
      probes.map(async (p): Promise<readonly [string, Fact<unknown>]> => {
        const runner = runnerOf(p);
        if (runner) return [p.check, await runner.run(clientsFor(r.region), budget, r)];
        const reason = 'no runner for this probe (facts/probes/runners.ts)';
        return [p.check, { ok: false, api: p.slots[0] ?? 'none', kind: 'unexpected', errorName: 'NoRunner', reason }];
      }),
    );
  // From the event's image when they apply to it (wave 1), else from the task definition's (wave 2).
  const early = probesFor(eventRef?.ok ? eventRef.ref : undefined);
  let probedP = early.length && eventRef?.ok ? runProbes(eventRef.ref, early) : undefined;
  const ciP =
    needs.instance && task.containerInstanceArn
      ? describeContainerInstance(env.clients, budget, task.clusterArn, task.containerInstanceArn)
      : undefined;

  if (taskP) facts.task = await taskP;
  const ci = ciP ? await ciP : undefined;
  if (svcP) facts.service = await svcP;
  let td: TaskDefinitionFacts | undefined;
  if (tdP) {
    facts.taskDefinition = await tdP;
    td = facts.taskDefinition.ok ? facts.taskDefinition.value : undefined;
  }
  const container = failingContainer(failure, td);
  const serviceLaunchType = facts.service?.ok ? facts.service.value?.launchType : undefined;
  const ec2 = onInstance(resolveLaunchType(task.launchType, serviceLaunchType, td?.requiresCompatibilities));

  // ---- what wave 2 will ask for (pure): unneeded allowances are released before anything unplanned runs ----
  const imageString = container?.image ?? failure.image;
  const ref = imageString ? parseImageRef(imageString) : undefined;
  const ecrFromTaskDefinition = !ecrP && wantsEcr && ref?.ok && ref.ref.registryType === 'ecr' ? ref.ref : undefined;
  const role = td?.executionRoleArn;
  const repoArn = ref?.ok ? ecrRepositoryArn(ref.ref) : undefined;
  // The execution role pulls from ECR whenever the task definition names one (the agent uses its credentials,
  // on EC2 as on Fargate); on an instance without one, the container instance's role pulls.
  const instanceRolePulls = ec2 && !!td && !role && !!repoArn && needs.instanceRole;
  const instanceNetwork = needs.network && !netP && ec2 && !!td && td.networkMode !== 'awsvpc';
  const instanceP =
    ci?.ok && (instanceNetwork || instanceRolePulls) ? instanceOf(env.clients, budget, ci.value, facts) : undefined;
  // Asked early (the instance: bridge/host network or instance role) on the chance it matters; recorded only if so.
  if (ci && (instanceNetwork || instanceRolePulls)) facts.containerInstance = ci;

  let networkSubnets: string[] = [];
  if (needs.network && !netP) {
    if (instanceNetwork) {
      // A bridge/host task pulls through its instance's network: the instance's subnet and security groups.
      // No VPC CIDRs or DHCP options (they serve only the endpoint auto-fix, refused for such a task).
      netP = instanceP
        ? instanceP.then((inst) =>
            inst?.ok && inst.value.subnetId
              ? probeNetwork(env.clients, budget, [inst.value.subnetId], { ...netOpts, vpc: false }).then((n) => ({
                  ...n,
                  instanceNetwork: true,
                }))
              : { instanceNetwork: true },
          )
        : undefined;
      if (!netP) {
        facts.network = { instanceNetwork: true };
        // A failed DescribeContainerInstances is reported as such (facts.containerInstance).
        if (!task.containerInstanceArn)
          facts.skipped.push({
            check: 'container-instance',
            api: 'ecs:DescribeContainerInstances',
            reason: 'the event names no container instance: the network the task pulls through is not known',
          });
      }
    } else {
      networkSubnets = facts.service?.ok ? (facts.service.value?.subnets ?? []) : [];
      if (!networkSubnets.length)
        facts.skipped.push({
          check: 'subnets',
          api: 'ec2:DescribeSubnets',
          reason: facts.service
            ? 'no subnet in the event (no ENI attachment) nor in a service network configuration'
            : 'no subnet in the event (no ENI attachment), and the service was not read (taken for bridge/host)',
        });
    }
  }

  const secretRefs = td && needs.secrets ? secretRefsOf(td, container?.name, task.region, task.account) : [];
  const wanted: ActionResource[] = [];
  const roleEcr = !!repoArn && !!role && needs.iamEcr;
  if (roleEcr) wanted.push(...ecrPullActions(repoArn));
  // The same action and ARN the registry-auth checks look up in the answers.
  for (const s of secretRefs) wanted.push([readActionFor(s), resourceArnFor(s, task.account)]);
  const probeRole = !!role && wanted.length > 0;

  // The single release point: decided from the task definition and the service, never from timing.
  const release = (slots: readonly string[]) => {
    for (const s of slots) budget.release(s);
  };
  if (!probeRole) release([SLOT.kms]);
  if (!probeRole && !instanceRolePulls) release([SLOT.simulation, SLOT.attachedPolicies]);
  if (!instanceRolePulls) release([SLOT.instanceProfile]);
  if (!instanceP) release([SLOT.instance]);
  if (!probeRole || !roleEcr) release([SLOT.role]);
  if (secretRefs.length === 0) release([SLOT.secrets, SLOT.kms]);
  if (!ecrP && !ecrFromTaskDefinition) release(ECR_SLOTS);
  if (!netP && networkSubnets.length === 0) release(NETWORK_SLOTS);
  const late = probedP ? [] : probesFor(ref?.ok ? ref.ref : undefined);
  release(needs.probes.filter((p) => !early.includes(p) && !late.includes(p)).flatMap((p) => p.slots));

  // ---- wave 2: needs the task definition or the service ----
  if (ecrFromTaskDefinition) ecrP = ecrFor(ecrFromTaskDefinition);
  if (networkSubnets.length) netP = probeNetwork(env.clients, budget, networkSubnets, netOpts);
  if (late.length && ref?.ok) probedP = runProbes(ref.ref, late);
  const iamP = probeRole
    ? probeIam(env.clients, budget, role!, wanted, { listAttached: true, readRole: roleEcr })
    : instanceRolePulls && instanceP && repoArn
      ? instanceP.then((inst) => instanceRoleIam(env.clients, budget, inst, repoArn, facts))
      : undefined;
  const secretsP = secretRefs.length ? probeSecrets(env.clients, budget, secretRefs, clientsFor) : undefined;
  // Unchecked only when something needed the role: a secret to read, or a private ECR image it would pull.
  if (!role && td && (secretRefs.length > 0 || (needs.iamEcr && !!repoArn && !instanceRolePulls)))
    facts.skipped.push({
      check: 'execution-role-permissions',
      api: 'iam:SimulatePrincipalPolicy',
      reason: 'the task definition has no execution role',
    });

  // The network steps run on their own (their third call, DescribeDhcpOptions, must not hold back wave 3).
  const [ecr, iam, secrets] = await Promise.all([ecrP, iamP, secretsP]);
  if (ecr) facts.ecr = ecr;
  // Preflight: a single-platform image's platform is in its config blob (wave 3).
  const configDigest = ecr?.image?.ok ? ecr.image.value.configDigest : undefined;
  const configRef = env.readImageConfig && configDigest && ref?.ok ? ref.ref : undefined;
  const configP = configRef
    ? env.readImageConfig!(clientsFor(configRef.region), budget, configRef, configDigest!)
    : undefined;
  if (secrets) facts.secrets = secrets;
  if (iam) facts.iam = iam;

  // ---- wave 3: the repository policy, when the simulation's implicit deny hinges on it ----
  // In the task's account a repository policy naming the role grants the pull by itself, and
  // SimulatePrincipalPolicy cannot take a role as the caller of a resource policy: the diagnosis evaluates
  // the policy. Read up front when repository-policy-denies is a candidate; otherwise only here, when needed.
  const sameAccountRef =
    ref?.ok && ref.ref.registryType === 'ecr' && ref.ref.accountId === task.account ? ref.ref : undefined;
  // (The instance role's answer comes in wave 4: its repository policy is read up front or not at all.)
  const repoPolicyP =
    iam?.ok &&
    iam.value.principal !== 'instance-role' &&
    ecr &&
    !ecr.repositoryPolicy &&
    sameAccountRef &&
    repoArn &&
    iam.value.method === 'simulation' &&
    hingesOnRepositoryPolicy(iam.value.checks, repoArn)
      ? probeEcr(clientsFor(sameAccountRef.region), budget, sameAccountRef, true, {
          image: false,
          tags: false,
          repositoryPolicy: true,
          lifecyclePolicy: false,
        })
      : undefined;

  // ---- wave 3: kms:Decrypt, once the keys are known ----
  const keys = [...new Set((secrets?.items ?? []).map((i) => i.kmsKeyId).filter((k): k is string => !!k))];
  if (role && needs.kms && keys.length && iam?.ok) {
    const kms = await kmsDecryptChecks(env.clients, budget, iam.value, keys);
    if (kms.ok) facts.iam = { ok: true, value: { ...iam.value, checks: [...iam.value.checks, ...kms.value] } };
    else facts.skipped.push({ check: 'kms-decrypt', api: kms.api, reason: kms.reason });
  }

  const repoPolicy = (await repoPolicyP)?.repositoryPolicy;
  if (repoPolicy && facts.ecr) facts.ecr = { ...facts.ecr, repositoryPolicy: repoPolicy };
  if (configP && facts.ecr) facts.ecr = { ...facts.ecr, imageConfig: await configP };

  const network = await netP;
  if (network) facts.network = network;
  const probed = await probedP;
  if (probed?.length) facts.probed = Object.fromEntries(probed);
}
