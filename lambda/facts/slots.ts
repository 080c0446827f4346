/**
 * The facts layer's call vocabulary: the budget slots (one per API, or API plus what tells its calls apart),
 * the probe groups a diagnosis can ask for (Needs), and the plan the causes hand to gatherFacts (CallPlan).
 * Which causes need which calls is decided in causes/call-plan.ts, from the cause modules.
 */
import type { ImageProbe } from './image-probe';
import type { PlannedCall } from './probes/budget';

export interface Needs {
  /** ecs:DescribeTasks: the task read back (every auto-fix requires it; always asked, first). */
  task: boolean;
  taskDefinition: boolean;
  network: boolean;
  service: boolean;
  /** ec2:DescribeVpcs (CIDRs, DHCP options id) + ec2:DescribeDhcpOptions: the endpoint auto-fix needs them. */
  vpc: boolean;
  networkAcls: boolean;
  securityGroups: boolean;
  ecrImage: boolean;
  ecrTags: boolean;
  repositoryPolicy: boolean;
  iamEcr: boolean;
  secrets: boolean;
  kms: boolean;
  /**
   * ecs:DescribeContainerInstances + ec2:DescribeInstances: the container instance whose network a
   * bridge/host task uses, or whose role pulls (EC2 without an execution role). Only for a task on an instance.
   */
  instance: boolean;
  /** iam:GetInstanceProfile and the instance role's simulation (when the task definition has no execution role). */
  instanceRole: boolean;
  /** The probes cause modules bring along that the candidates list (run for the failing container's image). */
  probes: readonly ImageProbe[];
}

/** Budget slots (probes pass them to CallBudget.call). */
export const SLOT = {
  task: 'ecs:DescribeTasks',
  taskDefinition: 'ecs:DescribeTaskDefinition',
  service: 'ecs:DescribeServices',
  subnets: 'ec2:DescribeSubnets',
  routeTables: 'ec2:DescribeRouteTables',
  endpoints: 'ec2:DescribeVpcEndpoints',
  dnsSupport: 'ec2:DescribeVpcAttribute enableDnsSupport',
  dnsHostnames: 'ec2:DescribeVpcAttribute enableDnsHostnames',
  vpcs: 'ec2:DescribeVpcs',
  dhcp: 'ec2:DescribeDhcpOptions',
  securityGroups: 'ec2:DescribeSecurityGroups',
  networkAcls: 'ec2:DescribeNetworkAcls',
  hostedZones: 'route53:ListHostedZonesByVPC',
  image: 'ecr:BatchGetImage',
  repositoryPolicy: 'ecr:GetRepositoryPolicy',
  simulation: 'iam:SimulatePrincipalPolicy',
  attachedPolicies: 'iam:ListAttachedRolePolicies',
  role: 'iam:GetRole',
  secrets: 'secrets: DescribeSecret / DescribeParameters',
  kms: 'iam:SimulatePrincipalPolicy kms:Decrypt',
  tags: 'ecr:DescribeImages',
  lifecyclePolicy: 'ecr:GetLifecyclePolicy',
  containerInstance: 'ecs:DescribeContainerInstances',
  instance: 'ec2:DescribeInstances',
  instanceProfile: 'iam:GetInstanceProfile',
} as const;

export const NETWORK_SLOTS: readonly string[] = [
  SLOT.subnets,
  SLOT.routeTables,
  SLOT.endpoints,
  SLOT.dnsSupport,
  SLOT.dnsHostnames,
  SLOT.vpcs,
  SLOT.dhcp,
  SLOT.securityGroups,
  SLOT.networkAcls,
  SLOT.hostedZones,
];
export const INSTANCE_SLOTS: readonly string[] = [SLOT.containerInstance, SLOT.instance, SLOT.instanceProfile];
export const ECR_SLOTS: readonly string[] = [SLOT.image, SLOT.repositoryPolicy, SLOT.tags, SLOT.lifecyclePolicy];

/** What gatherFacts is asked to do: the probe groups to run and the calls, each with its priority. */
export interface CallPlan {
  needs: Needs;
  calls: PlannedCall[];
}
