/**
 * One moto account in the state of examples/fargate-private-subnet-timeout.json, and that event moved onto it:
 * shared by test/cli/handle-emulator.test.ts (the CLI against moto) and the bench (the deployed function's first
 * diagnosis against moto, test/bench/deployed-moto.ts).
 *
 * - The stopped task: moto 5.2.1 runs an awsvpc Fargate task only in a VPC with DNS hostnames on and with
 *   container-level cpu/memory (else HTTP 500), and sends no event; so the task is run and stopped in moto
 *   (ecs:DescribeTasks then returns it, as the auto-fixes require), and the event is the example moved onto that
 *   task and the seeded resources.
 * - The role is seeded with the AWS managed AmazonECSTaskExecutionRolePolicy: start moto with
 *   `loadAwsManagedPolicies: true`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AssociateDhcpOptionsCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateDhcpOptionsCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateRepositoryCommand, PutImageCommand } from '@aws-sdk/client-ecr';
import { MOTO_ACCOUNT, type MotoClients } from './moto';

const ROOT = join(__dirname, '..', '..');
export const SEED_REGION = 'us-east-1';
const REGION = SEED_REGION;
const AZ = 'us-east-1a';
export const SEED_VPC_CIDR = '10.0.0.0/16';
const VPC_CIDR = SEED_VPC_CIDR;
const EXECUTION_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

export interface Seeded {
  vpcId: string;
  privateSubnetId: string;
  privateRouteTableId: string;
  publicRouteTableId: string;
  taskSecurityGroupId: string;
  clusterArn: string;
  taskDefinitionArn: string;
  serviceName: string;
  image: string;
  eventFile: string;
}

/**
 * One account in the state the scenario names: a VPC with DNS on and Amazon-provided DNS, a public subnet
 * (internet gateway) and the task's private subnet whose own route table has only the local route, no
 * NAT, no endpoint; a task security group allowing all egress; the execution role with the AWS managed
 * policy; the image in ECR; a Fargate service with assignPublicIp DISABLED in the private subnet.
 */
export async function seedAccount(c: MotoClients, dir: string, name: string): Promise<Seeded> {
  const { ec2, ecs, iam, ecr } = c;
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: VPC_CIDR }))).Vpc!.VpcId!;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  // What AWS gives a new VPC: a DHCP options set with the Amazon-provided resolver (moto would say "default").
  const dhcpId = (
    await ec2.send(
      new CreateDhcpOptionsCommand({
        DhcpConfigurations: [
          { Key: 'domain-name', Values: ['ec2.internal'] },
          { Key: 'domain-name-servers', Values: ['AmazonProvidedDNS'] },
        ],
      }),
    )
  ).DhcpOptions!.DhcpOptionsId!;
  await ec2.send(new AssociateDhcpOptionsCommand({ VpcId: vpcId, DhcpOptionsId: dhcpId }));

  // Public subnet: its own route table with 0.0.0.0/0 → internet gateway (not the task's path).
  const publicSubnetId = (
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.0.0/24', AvailabilityZone: AZ }))
  ).Subnet!.SubnetId!;
  const igwId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ VpcId: vpcId, InternetGatewayId: igwId }));
  const publicRouteTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(
    new CreateRouteCommand({ RouteTableId: publicRouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId }),
  );
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRouteTableId, SubnetId: publicSubnetId }));

  // The task's private subnet: an explicit route table with only the local route.
  const privateSubnetId = (
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.12.0/24', AvailabilityZone: AZ }))
  ).Subnet!.SubnetId!;
  const privateRouteTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateRouteTableId, SubnetId: privateSubnetId }));

  // Task security group: no ingress, all egress (what CreateSecurityGroup gives; asserted, not assumed).
  const taskSecurityGroupId = (
    await ec2.send(
      new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `${name}-tasks`, Description: 'api tasks' }),
    )
  ).GroupId!;
  const sg = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [taskSecurityGroupId] })))
    .SecurityGroups![0]!;
  const allEgress = (sg.IpPermissionsEgress ?? []).some(
    (p) => p.IpProtocol === '-1' && (p.IpRanges ?? []).some((r) => r.CidrIp === '0.0.0.0/0'),
  );
  if (!allEgress) throw new Error(`moto's new security group ${taskSecurityGroupId} does not allow all egress`);

  // Execution role trusting ECS tasks, with the AWS managed execution policy.
  const roleName = `${name}-execution`;
  const executionRoleArn = (
    await iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    )
  ).Role!.Arn!;
  await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: EXECUTION_POLICY_ARN }));

  // The image exists in ECR.
  const repositoryName = `${name}/api`;
  const tag = '2026.11.24-3';
  await ecr.send(new CreateRepositoryCommand({ repositoryName }));
  await ecr.send(
    new PutImageCommand({
      repositoryName,
      imageTag: tag,
      imageManifest: JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: {
          mediaType: 'application/vnd.docker.container.image.v1+json',
          size: 1469,
          digest: `sha256:${'c'.repeat(64)}`,
        },
        layers: [
          {
            mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
            size: 3208942,
            digest: `sha256:${'d'.repeat(64)}`,
          },
        ],
      }),
    }),
  );
  const image = `${MOTO_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${repositoryName}:${tag}`;

  // ECS: cluster, Fargate task definition (awslogs: the logs endpoint is needed too), service.
  const clusterName = `${name}-prod`;
  const clusterArn = (await ecs.send(new CreateClusterCommand({ clusterName }))).cluster!.clusterArn!;
  const taskDefinitionArn = (
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: `${name}-api`,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '512',
        memory: '1024',
        executionRoleArn,
        containerDefinitions: [
          {
            name: 'api',
            image,
            essential: true,
            // Container-level cpu/memory: moto's RunTask adds them up (and fails without them).
            cpu: 512,
            memory: 1024,
            portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': `/ecs/${name}-api`,
                'awslogs-region': REGION,
                'awslogs-stream-prefix': 'api',
              },
            },
          },
        ],
      }),
    )
  ).taskDefinition!.taskDefinitionArn!;
  const serviceName = `${name}-api`;
  await ecs.send(
    new CreateServiceCommand({
      cluster: clusterArn,
      serviceName,
      taskDefinition: taskDefinitionArn,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [privateSubnetId],
          securityGroups: [taskSecurityGroupId],
          assignPublicIp: 'DISABLED',
        },
      },
    }),
  );

  // The service's task really runs, and stops: the account returns it to ecs:DescribeTasks, which every
  // auto-fix requires (issue 13). The event is the one ECS sends for it.
  const taskArn = (
    await ecs.send(
      new RunTaskCommand({
        cluster: clusterArn,
        taskDefinition: taskDefinitionArn,
        launchType: 'FARGATE',
        group: `service:${serviceName}`,
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: [privateSubnetId],
            securityGroups: [taskSecurityGroupId],
            assignPublicIp: 'DISABLED',
          },
        },
      }),
    )
  ).tasks![0]!.taskArn!;
  await ecs.send(new StopTaskCommand({ cluster: clusterArn, task: taskArn, reason: pullTimeout(image) }));
  const eventFile = writeEvent(dir, name, {
    clusterArn,
    taskDefinitionArn,
    serviceName,
    subnetId: privateSubnetId,
    image,
    taskArn,
  });
  return {
    vpcId,
    privateSubnetId,
    privateRouteTableId,
    publicRouteTableId,
    taskSecurityGroupId,
    clusterArn,
    taskDefinitionArn,
    serviceName,
    image,
    eventFile,
  };
}

/** The stop reason of a Fargate pull of `image` that timed out (the example event's wording). */
function pullTimeout(image: string): string {
  return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: failed to do request: Head "https://${image.split('/')[0]}/v2/${image
    .split('/')
    .slice(1)
    .join('/')
    .replace(/:[^:]+$/, '')}/manifests/${image.split(':').pop()}": dial tcp 54.239.31.83:443: i/o timeout`;
}

/**
 * The example event of a Fargate pull that timed out, moved to the seeded account, region and resources.
 * `taskArn`: the task that ran (omitted: an invented one, which the account does not know — a forged event).
 */
export function writeEvent(
  dir: string,
  name: string,
  r: {
    clusterArn: string;
    taskDefinitionArn: string;
    serviceName: string;
    subnetId: string;
    image: string;
    taskArn?: string;
  },
): string {
  const event = JSON.parse(readFileSync(join(ROOT, 'examples', 'fargate-private-subnet-timeout.json'), 'utf8'));
  const clusterName = r.clusterArn.split('/').pop()!;
  const taskArn =
    r.taskArn ??
    `arn:aws:ecs:${REGION}:${MOTO_ACCOUNT}:task/${clusterName}/${'f'.repeat(8) + Buffer.from(name).toString('hex').padEnd(24, '0').slice(0, 24)}`;
  const taskId = taskArn.split('/').pop()!;
  const d = event.detail;
  event.account = MOTO_ACCOUNT;
  event.region = REGION;
  event.resources = [taskArn];
  d.clusterArn = r.clusterArn;
  d.taskArn = taskArn;
  d.taskDefinitionArn = r.taskDefinitionArn;
  d.group = `service:${r.serviceName}`;
  d.availabilityZone = AZ;
  d.attachments[0].details.find((x: { name: string }) => x.name === 'subnetId').value = r.subnetId;
  d.containers[0].image = r.image;
  d.containers[0].taskArn = taskArn;
  d.containers[0].containerArn = `arn:aws:ecs:${REGION}:${MOTO_ACCOUNT}:container/${clusterName}/${taskId}/5f1c3a2e-9d8b-4c7a-b6e5-0123456789ab`;
  d.stoppedReason = pullTimeout(r.image);
  const file = join(dir, `${name}${r.taskArn ? '' : '-forged'}.json`);
  writeFileSync(file, JSON.stringify(event, null, 2));
  return file;
}
