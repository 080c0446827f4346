/**
 * The resources a diagnosis names (pure): from the event's task (baseResources), then from what the account
 * returned (fillResources: the task definition, the service, the container instance, the subnets' VPC and route
 * tables).
 */
import type { PullFailure } from '../event/pull-failure';
import type { Facts } from '../facts/types';
import { ecrRepositoryArn, parseImageRef } from '../domain/image-ref';
import { usesInstanceNetwork, type buildContext } from '../causes/context';
import type { Resources } from '../domain/diagnosis';

export function baseResources(failure: PullFailure): Resources {
  const t = failure.task;
  const r: Resources = {
    account: t.account,
    region: t.region,
    cluster: t.clusterName,
    clusterArn: t.clusterArn,
    task: t.taskId,
    taskArn: t.taskArn,
    subnetIds: [...t.subnetIds],
    routeTableIds: [],
    securityGroupIds: [],
  };
  if (t.serviceName) r.service = t.serviceName;
  if (t.taskDefinitionArn) r.taskDefinitionArn = t.taskDefinitionArn;
  if (t.family) r.family = t.family;
  if (t.launchType) r.launchType = t.launchType;
  if (failure.container?.name) r.container = failure.container.name;
  if (failure.image) r.image = failure.image;
  if (t.availabilityZone) r.availabilityZones = [t.availabilityZone];
  const ref = failure.image ? parseImageRef(failure.image) : undefined;
  if (ref?.ok) {
    const arn = ecrRepositoryArn(ref.ref);
    if (arn) r.repositoryArn = arn;
  }
  return r;
}

export function fillResources(
  r: Resources,
  ctx: ReturnType<typeof buildContext>,
  facts: Facts,
  failure: PullFailure,
): void {
  if (ctx.taskDef) {
    r.taskDefinitionArn = ctx.taskDef.arn;
    if (ctx.taskDef.family) r.family = ctx.taskDef.family;
    if (ctx.taskDef.executionRoleArn) r.executionRoleArn = ctx.taskDef.executionRoleArn;
    const secrets = ctx.taskDef.containers.flatMap((c) => [
      ...c.secrets.map((s) => s.valueFrom),
      ...(c.credentialsParameter ? [c.credentialsParameter] : []),
    ]);
    if (secrets.length) r.secretArns = [...new Set(secrets)];
  }
  if (ctx.launchType) r.launchType = ctx.launchType;
  if (ctx.container?.image) r.image = ctx.container.image;
  if (ctx.imageRef) {
    const arn = ecrRepositoryArn(ctx.imageRef);
    if (arn) r.repositoryArn = arn;
  }
  const svc = facts.service?.ok ? facts.service.value : undefined;
  if (svc) {
    if (r.subnetIds.length === 0) r.subnetIds = [...svc.subnets];
    r.securityGroupIds = [...svc.securityGroups];
  }
  // A bridge/host task pulls through its container instance: that instance's subnet and groups are its network.
  if (failure.task.containerInstanceArn) r.containerInstanceArn = failure.task.containerInstanceArn;
  const inst = facts.ec2Instance?.ok ? facts.ec2Instance.value : undefined;
  if (inst) r.ec2InstanceId = inst.id;
  if (inst?.subnetId && usesInstanceNetwork(ctx)) {
    r.subnetIds = [inst.subnetId];
    r.securityGroupIds = [...inst.securityGroupIds];
  }
  const n = facts.network;
  if (n?.subnets?.ok && n.subnets.value.length) {
    r.vpcId = n.subnets.value[0]!.vpcId;
    if (n.vpc?.ok && n.vpc.value.id === r.vpcId && n.vpc.value.cidrs.length) r.vpcCidrs = [...n.vpc.value.cidrs];
    const azs = [...new Set(n.subnets.value.map((s) => s.availabilityZone).filter((x): x is string => !!x))];
    if (azs.length) r.availabilityZones = azs;
    if (n.routeTables?.ok) {
      const tables = n.routeTables.value;
      const main = tables.find((t) => t.main);
      const ids = n.subnets.value.map((s) => tables.find((t) => t.subnetIds.includes(s.id))?.id ?? main?.id);
      r.routeTableIds = [...new Set(ids.filter((x): x is string => !!x))];
    }
  }
}
