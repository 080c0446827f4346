/**
 * Container instance probes (EC2/EXTERNAL launch types), one call per step: the container instance in the
 * task's cluster (ecs:DescribeContainerInstances) → its EC2 instance (ec2:DescribeInstances: subnet, VPC,
 * security groups, public IP, instance profile) → the instance profile's role (iam:GetInstanceProfile).
 * The container instance ARN comes from the event, but it is only ever read, and read in the task's own
 * cluster: what the later steps use is what the account answered.
 */
import { DescribeContainerInstancesCommand } from '@aws-sdk/client-ecs';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand } from '@aws-sdk/client-iam';
import type { Clients } from '../../aws/clients';
import type { Fact } from '../../aws/call';
import type { ContainerInstanceFacts, Ec2InstanceFacts, Facts, IamFacts, InstanceProfileFacts } from '../types';
import type { CallBudget } from './budget';
import { probeIam } from './iam';
import { ecrPullActions } from './iam-checks';

const missing = (api: string, reason: string) =>
  ({ ok: false, api, kind: 'not-found', errorName: 'NotFound', reason }) as const;

export async function describeContainerInstance(
  clients: Clients,
  budget: CallBudget,
  cluster: string,
  arn: string,
): Promise<Fact<ContainerInstanceFacts>> {
  const input = { cluster, containerInstances: [arn] };
  const r = await budget.call('ecs:DescribeContainerInstances', input, (abortSignal) =>
    clients.ecs.send(new DescribeContainerInstancesCommand(input), { abortSignal }),
  );
  if (!r.ok) return r;
  const ci = r.value.containerInstances?.find((c) => c.containerInstanceArn === arn) ?? r.value.containerInstances?.[0];
  if (!ci) {
    const why = r.value.failures?.[0]?.reason ?? 'not returned';
    return missing('ecs:DescribeContainerInstances', `container instance ${arn}: ${why}`);
  }
  const out: ContainerInstanceFacts = { arn: ci.containerInstanceArn ?? arn };
  if (ci.ec2InstanceId) out.ec2InstanceId = ci.ec2InstanceId;
  if (ci.versionInfo?.agentVersion) out.agentVersion = ci.versionInfo.agentVersion;
  return { ok: true, value: out };
}

export async function describeInstance(
  clients: Clients,
  budget: CallBudget,
  instanceId: string,
): Promise<Fact<Ec2InstanceFacts>> {
  const input = { InstanceIds: [instanceId] };
  const r = await budget.call('ec2:DescribeInstances', input, (abortSignal) =>
    clients.ec2.send(new DescribeInstancesCommand(input), { abortSignal }),
  );
  if (!r.ok) return r;
  const i = (r.value.Reservations ?? []).flatMap((x) => x.Instances ?? []).find((x) => x.InstanceId === instanceId);
  if (!i) return missing('ec2:DescribeInstances', `instance ${instanceId} not returned`);
  // The primary network interface (device index 0) carries the instance's subnet and groups.
  const primary = (i.NetworkInterfaces ?? []).find((n) => n.Attachment?.DeviceIndex === 0);
  const groups = (primary?.Groups ?? i.SecurityGroups ?? []).map((g) => g.GroupId).filter((g): g is string => !!g);
  const out: Ec2InstanceFacts = { id: instanceId, securityGroupIds: [...new Set(groups)] };
  const subnet = primary?.SubnetId ?? i.SubnetId;
  const vpc = primary?.VpcId ?? i.VpcId;
  if (subnet) out.subnetId = subnet;
  if (vpc) out.vpcId = vpc;
  if (i.Placement?.AvailabilityZone) out.availabilityZone = i.Placement.AvailabilityZone;
  const publicIp = i.PublicIpAddress ?? primary?.Association?.PublicIp;
  if (publicIp) out.publicIp = publicIp;
  if (i.IamInstanceProfile?.Arn) out.instanceProfileArn = i.IamInstanceProfile.Arn;
  return { ok: true, value: out };
}

/** The profile's name is the last part of its ARN (after an optional path). */
export function instanceProfileName(arn: string): string {
  return arn.replace(/^.*:instance-profile\//, '').replace(/^.*\//, '');
}

export async function getInstanceProfile(
  clients: Clients,
  budget: CallBudget,
  profileArn: string,
): Promise<Fact<InstanceProfileFacts>> {
  const input = { InstanceProfileName: instanceProfileName(profileArn) };
  const r = await budget.call('iam:GetInstanceProfile', input, (abortSignal) =>
    clients.iam.send(new GetInstanceProfileCommand(input), { abortSignal }),
  );
  if (!r.ok) return r;
  const p = r.value.InstanceProfile;
  const out: InstanceProfileFacts = { arn: p?.Arn ?? profileArn };
  const role = p?.Roles?.[0]?.Arn;
  if (role) out.roleArn = role;
  return { ok: true, value: out };
}

/** The container instance's EC2 instance (recorded in facts); undefined for an instance without one (EXTERNAL). */
export async function instanceOf(
  clients: Clients,
  budget: CallBudget,
  ci: ContainerInstanceFacts,
  facts: Facts,
): Promise<Fact<Ec2InstanceFacts> | undefined> {
  if (!ci.ec2InstanceId) {
    facts.skipped.push({
      check: 'ec2-instance',
      api: 'ec2:DescribeInstances',
      reason: `container instance ${ci.arn} is not an EC2 instance (external): its network and role are not read`,
    });
    return undefined;
  }
  const inst = await describeInstance(clients, budget, ci.ec2InstanceId);
  facts.ec2Instance = inst;
  return inst;
}

/**
 * The instance role's ECR permissions (EC2 without an execution role): the instance profile's role, then the
 * same simulation as an execution role's. Recorded in facts (instanceProfile, and iam with principal
 * 'instance-role').
 */
export async function instanceRoleIam(
  clients: Clients,
  budget: CallBudget,
  inst: Fact<Ec2InstanceFacts> | undefined,
  repoArn: string,
  facts: Facts,
): Promise<Fact<IamFacts> | undefined> {
  if (!inst?.ok) return undefined;
  const profileArn = inst.value.instanceProfileArn;
  if (!profileArn) return undefined;
  const profile = await getInstanceProfile(clients, budget, profileArn);
  facts.instanceProfile = profile;
  if (!profile.ok || !profile.value.roleArn) return undefined;
  // Wave 4: no policy-document fallback after it (two more waves); a denied simulation is reported as such.
  const iam = await probeIam(clients, budget, profile.value.roleArn, ecrPullActions(repoArn), {
    listAttached: true,
    fallback: false,
  });
  return iam.ok ? { ok: true, value: { ...iam.value, principal: 'instance-role' } } : iam;
}
