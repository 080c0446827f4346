/**
 * One realistic AWS account per cause, for end-to-end tests, fault injection and the bench.
 *
 *   import { SCENARIOS, mockScenario } from '../helpers/scenarios';
 *   const s = mockScenario('network-no-route');   // resetMocks() + this scenario's AWS world
 *   await runPipeline(s.event, deps);              // → cause 'network-no-route', confidence 'proven'
 *
 * Each scenario's mock() calls resetMocks() first, then installs a small *stateful* model of the
 * account on the strict mocks (test/helpers/aws-mocks.ts): ECS task definition and service, the VPC
 * (subnets, route tables with their Associations/Main flags, network ACLs, security groups, endpoints,
 * DNS attributes, DHCP options), ECR repositories, the execution role and its policies, Secrets Manager
 * and SSM. Read APIs answer from that state with the shapes real AWS returns (DOMAIN.md "AWS API facts":
 * URL-encoded IAM documents, EvalDecision values with ResourceSpecificResults, BatchGetImage failures[],
 * RepositoryPolicyNotFoundException / LifecyclePolicyNotFoundException, ResourceNotFoundException, EC2
 * *.NotFound errors, lowercase endpoint states). The write APIs of the two auto-fixes
 * (CreateSecurityGroup, AuthorizeSecurityGroupIngress, CreateVpcEndpoint with client-token idempotency,
 * AttachRolePolicy) change the state, so describes after a creation — the fix's own verification and a
 * second pipeline run — see what the first run created. Interface endpoints start "pending" (as in EC2,
 * for a minute or two); a gateway endpoint is "available" at once and adds its prefix-list route.
 *
 * To inject a fault, override one command after mock(): `mocks.ec2.on(DescribeVpcsCommand).rejects(…)`.
 * Nothing here imports jest, so the bench can use the scenarios too. Events are fresh copies on each read
 * of `scenario.event`.
 */
import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DescribeDhcpOptionsCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeInstancesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type Filter,
  type IpPermission,
  type NetworkAclEntry,
  type Route,
  type SecurityGroup,
  type Tag,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  DescribePullThroughCacheRulesCommand,
  ValidatePullThroughCacheRuleCommand,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  AttachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetInstanceProfileCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListHostedZonesByVPCCommand } from '@aws-sdk/client-route-53';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import { PublishCommand } from '@aws-sdk/client-sns';
import { LookupEventsCommand, type Event as LookupEvent } from '@aws-sdk/client-cloudtrail';
import { lookUp } from './trail';
import type { CauseId, Confidence } from '../../lambda/domain/diagnosis';
import { awsError, mocks, resetMocks } from './aws-mocks';
import { loadExample, type ExampleName } from './events';

// ---------------------------------------------------------------------------------------------
// The public API
// ---------------------------------------------------------------------------------------------

export interface Scenario {
  cause: CauseId;
  /** One line: what is wrong in this account. */
  title: string;
  /** Region of the event (use it for createClients and loadConfig's AWS_REGION). */
  region: string;
  /** A full EventBridge "ECS Task State Change" event (a fresh copy on every read). */
  event: unknown;
  /** Confidence runPipeline reaches with all reads answered ('proven' except for `unknown`). */
  confidence: Confidence;
  /**
   * Calls resetMocks(), then installs this scenario's account on the strict mocks (reads, the writes of
   * the auto-fix, SNS Publish). State persists until the next mock()/resetMocks(): a second run sees the
   * first run's creations. `alsoRan`: more events whose tasks the account returns to ecs:DescribeTasks
   * (the scenario's own event always is).
   */
  mock(alsoRan?: readonly unknown[], edit?: (account: AccountModel) => void): void;
  /** The stack parameter whose auto-fix applies to this cause (the two auto-fixable causes only). */
  autoFix?: 'AutoFixExecutionRolePolicy' | 'AutoFixVpcEndpoints';
}

/** Resets the mocks and installs the scenario of `cause`; returns the scenario. */
export function mockScenario(cause: CauseId): Scenario {
  const s = SCENARIOS[cause];
  s.mock();
  return s;
}

/** Forgets the calls recorded so far (keeps the behaviours and the account state): for "second run" assertions. */
export function clearCallHistory(): void {
  for (const m of Object.values(mocks)) m.resetHistory();
}

// ---------------------------------------------------------------------------------------------
// Shared ids (hex ids: the auto-fix validates vpc-/subnet-/rtb- formats)
// ---------------------------------------------------------------------------------------------

export const ACCOUNT = '123456789012';
/** The ECR registry of another account (repository-policy-denies). */
export const OTHER_ACCOUNT = '210987654321';
export const IDS = {
  vpc: 'vpc-0b5e3f4a1c2d3e4f5',
  vpcCidr: '10.0.0.0/16',
  dhcp: 'dopt-0d4e5f6a7b8c90123',
  customDhcp: 'dopt-0e5f6a7b8c9d01234',
  /** The private subnet of the Fargate examples (AZ a). */
  privateA: 'subnet-0a1b2c3d4e5f60718',
  privateC: 'subnet-0c3d4e5f6a7b80921',
  publicA: 'subnet-0e5f6a7b8c9d01234',
  publicC: 'subnet-0f6a7b8c9d0e12345',
  rtbMain: 'rtb-0c9d0e1f2a3b45678',
  rtbPrivate: 'rtb-0a7b8c9d0e1f23456',
  rtbPublic: 'rtb-0b8c9d0e1f2a34567',
  igw: 'igw-0d0e1f2a3b4c56789',
  nat: 'nat-0e1f2a3b4c5d67890',
  aclDefault: 'acl-0f2a3b4c5d6e78901',
  aclPrivate: 'acl-0a3b4c5d6e7f89012',
  sgTask: 'sg-0a1b2c3d4e5f60718',
  sgDefault: 'sg-0b2c3d4e5f6a70819',
  sgEndpoints: 'sg-0c3d4e5f6a7b80920',
  executionRole: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
} as const;

const EXECUTION_POLICY = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const LOGS_POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/ecs-task-logs`;
/** S3 managed prefix lists (com.amazonaws.<region>.s3) per Region, as DescribePrefixLists names them. */
const S3_PREFIX_LIST: Record<string, string> = {
  'ap-northeast-1': 'pl-61a54008',
  'us-east-1': 'pl-63a5400a',
  'eu-west-1': 'pl-6da54004',
  'us-west-2': 'pl-68a54001',
};
const DEFAULT_ENDPOINT_POLICY = JSON.stringify({
  Statement: [{ Action: '*', Effect: 'Allow', Principal: '*', Resource: '*' }],
});
const DIGEST = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`;

// ---------------------------------------------------------------------------------------------
// The model of one account and Region
// ---------------------------------------------------------------------------------------------

interface ContainerSpec {
  name: string;
  image: string;
  essential?: boolean;
  secrets?: Array<{ name: string; valueFrom: string }>;
  credentialsParameter?: string;
  awslogs?: boolean;
}

interface TaskDefinitionSpec {
  family: string;
  revision: number;
  executionRoleArn?: string;
  networkMode: 'awsvpc' | 'bridge';
  requiresCompatibilities: Array<'FARGATE' | 'EC2'>;
  cpuArchitecture?: 'X86_64' | 'ARM64';
  containers: ContainerSpec[];
}

interface ServiceSpec {
  cluster: string;
  name: string;
  launchType: 'FARGATE' | 'EC2';
  taskDefinition: string;
  /** awsvpc services only. */
  network?: { subnets: string[]; securityGroups: string[]; assignPublicIp: 'ENABLED' | 'DISABLED' };
  /**
   * Recovered: all desired tasks run and the rollout completed (issue 17's resolved message); by default the
   * service fails, none of its 2 tasks run and the rollout is in progress. `runningTaskDefinition`: what runs
   * after a rollback (default: taskDefinition).
   */
  recovered?: boolean;
  runningTaskDefinition?: string;
}

interface SubnetSpec {
  id: string;
  az: string;
  cidr: string;
  name: string;
  /** An IPv6 block (dual-stack, or IPv6-only with ipv6Native: then the IPv4 cidr is not returned). */
  ipv6Cidr?: string;
  ipv6Native?: boolean;
  dns64?: boolean;
}

interface RouteTableSpec {
  id: string;
  main: boolean;
  subnetIds: string[];
  routes: Route[];
  name: string;
}

interface NaclSpec {
  id: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntry[];
}

interface ImageSpec {
  digest: string;
  tags: string[];
  pushedAt: Date;
  mediaType: string;
  manifest: string;
  /** Compressed size (DescribeImages imageSizeInBytes); 48 MB unless set. */
  sizeBytes?: number;
  /** ECR's archive storage class (issue 20): absent is ACTIVE. */
  status?: 'ARCHIVED' | 'ACTIVATING';
  archivedAt?: Date;
}

interface RepositorySpec {
  registryId: string;
  name: string;
  images: ImageSpec[];
  /** Repository policy (object); absent: RepositoryPolicyNotFoundException. */
  policy?: object;
  lifecyclePolicy?: object;
  /** Another account's repository: ECR actions our account may call, as its repository policy allows. */
  allowsOurAccount?: string[];
}

interface RoleSpec {
  arn: string;
  attached: string[];
  inline: Record<string, object>;
}

interface SecretSpec {
  arn: string;
  name: string;
  kmsKeyId?: string;
}

interface ParameterSpec {
  name: string;
  type: 'String' | 'SecureString';
  keyId?: string;
}

type Decision = 'allowed' | 'implicitDeny' | 'explicitDeny';

const INSTANCE_POLICY = 'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role';
const SSM_CORE_POLICY = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';

/** Identity policies of AWS managed policies the scenarios attach (public, stable content). */
const AWS_MANAGED: Record<string, object> = {
  // The ECR part of AmazonEC2ContainerServiceforEC2Role (its ECS and logs statements do not matter here).
  [INSTANCE_POLICY]: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
        ],
        Resource: '*',
      },
    ],
  },
  // Session Manager only: nothing about ECR.
  [SSM_CORE_POLICY]: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['ssm:UpdateInstanceInformation', 'ssmmessages:*'], Resource: '*' }],
  },
  [EXECUTION_POLICY]: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
};

export class AccountModel {
  readonly taskDefinitions = new Map<string, TaskDefinitionSpec>();
  readonly services: ServiceSpec[] = [];
  vpc = {
    id: IDS.vpc as string,
    cidrs: [IDS.vpcCidr as string],
    dhcpOptionsId: IDS.dhcp as string,
    dnsSupport: true,
    dnsHostnames: true,
    /** An Amazon-provided IPv6 block, when the VPC has one. */
    ipv6Cidr: undefined as string | undefined,
  };
  readonly dhcpOptions = new Map<string, string[]>([
    [IDS.dhcp, ['AmazonProvidedDNS']],
    [IDS.customDhcp, ['10.0.0.53', '10.0.1.53']],
  ]);
  subnets: SubnetSpec[] = [];
  routeTables: RouteTableSpec[] = [];
  nacls: NaclSpec[] = [];
  securityGroups: SecurityGroup[] = [];
  endpoints: Array<VpcEndpoint & { clientToken?: string }> = [];
  /** Route 53 private hosted zones associated with the VPC (none by default). */
  hostedZones: Array<{ id: string; name: string; owningAccount?: string; owningService?: string }> = [];
  repositories: RepositorySpec[] = [];
  /**
   * ECR pull-through cache rules of this account's registry. `valid`: what ValidatePullThroughCacheRule says of a
   * rule with credentials (ECR logs in upstream with its secret); `failure`: ECR's free-text reason.
   */
  cacheRules: Array<{
    prefix: string;
    url: string;
    registry?: string;
    credentialArn?: string;
    valid?: boolean;
    failure?: string;
  }> = [];
  readonly roles = new Map<string, RoleSpec>();
  /** Container instances of the account's clusters, and the EC2 instance behind each (none: external). */
  containerInstances: Array<{ arn: string; ec2InstanceId?: string }> = [];
  /** EC2 instances (the container instances'): subnet, security groups, public IP, instance profile. */
  instances: Array<{
    id: string;
    subnetId: string;
    securityGroupIds: string[];
    publicIp?: string;
    profileArn?: string;
  }> = [];
  /** Instance profiles and the role each holds. */
  instanceProfiles: Array<{ arn: string; roleArn?: string }> = [];
  readonly customPolicies = new Map<string, object>();
  /** Decisions that no identity policy explains (SCP, permissions boundary): "action resource" → decision. */
  readonly simulationOverrides = new Map<string, Decision>();
  secrets: SecretSpec[] = [];
  parameters: ParameterSpec[] = [];
  /** CloudTrail event history (LookupEvents): none by default (test/helpers/trail.ts recorded() adds events). */
  trail: LookupEvent[] = [];
  /** Stopped tasks ecs:DescribeTasks returns (an event's `detail` is a DescribeTasks task); the scenario's own event is added by mock(). */
  readonly stoppedTasks: Json[] = [];
  private created = 0;

  constructor(readonly region: string) {}

  // ---- helpers used by the scenario definitions ----

  taskDefinitionArn(family: string, revision: number): string {
    return `arn:aws:ecs:${this.region}:${ACCOUNT}:task-definition/${family}:${revision}`;
  }

  addTaskDefinition(td: TaskDefinitionSpec): this {
    this.taskDefinitions.set(this.taskDefinitionArn(td.family, td.revision), td);
    return this;
  }

  ecrImage(repository: string, tag: string, registry = ACCOUNT): string {
    return `${registry}.dkr.ecr.${this.region}.amazonaws.com/${repository}:${tag}`;
  }

  repository(name: string, registryId = ACCOUNT): RepositorySpec {
    const r = this.repositories.find((x) => x.name === name && x.registryId === registryId);
    if (!r) throw new Error(`scenario bug: no repository ${registryId}/${name}`);
    return r;
  }

  role(arn: string): RoleSpec {
    const r = this.roles.get(arn);
    if (!r) throw new Error(`scenario bug: no role ${arn}`);
    return r;
  }

  routeTable(id: string): RouteTableSpec {
    const t = this.routeTables.find((x) => x.id === id);
    if (!t) throw new Error(`scenario bug: no route table ${id}`);
    return t;
  }

  group(id: string): SecurityGroup {
    const g = this.securityGroups.find((x) => x.GroupId === id);
    if (!g) throw new Error(`scenario bug: no security group ${id}`);
    return g;
  }

  /** A usable interface endpoint with private DNS, attached to the endpoint security group. */
  addInterfaceEndpoint(service: string, id: string, opts: { privateDns?: boolean; policy?: object } = {}): this {
    this.endpoints.push({
      VpcEndpointId: id,
      VpcEndpointType: 'Interface',
      VpcId: this.vpc.id,
      ServiceName: `com.amazonaws.${this.region}.${service}`,
      State: 'available' as VpcEndpoint['State'],
      PolicyDocument: opts.policy ? JSON.stringify(opts.policy) : DEFAULT_ENDPOINT_POLICY,
      RouteTableIds: [],
      SubnetIds: [IDS.privateA, IDS.privateC],
      Groups: [{ GroupId: IDS.sgEndpoints, GroupName: 'vpc-endpoints' }],
      IpAddressType: 'ipv4',
      DnsOptions: { DnsRecordIpType: 'ipv4' },
      PrivateDnsEnabled: opts.privateDns ?? true,
      RequesterManaged: false,
      NetworkInterfaceIds: [`eni-0${id.slice(-16)}`],
      DnsEntries: [
        { DnsName: `${id}-abcdefgh.${service}.${this.region}.vpce.amazonaws.com`, HostedZoneId: 'Z2E726K9Y6RL4W' },
      ],
      CreationTimestamp: new Date('2026-03-02T09:00:00Z'),
      Tags: [],
      OwnerId: ACCOUNT,
    });
    return this;
  }

  addS3Gateway(id: string, routeTableIds: string[]): this {
    this.endpoints.push({
      VpcEndpointId: id,
      VpcEndpointType: 'Gateway',
      VpcId: this.vpc.id,
      ServiceName: `com.amazonaws.${this.region}.s3`,
      State: 'available' as VpcEndpoint['State'],
      PolicyDocument: JSON.stringify({
        Version: '2008-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      }),
      RouteTableIds: [...routeTableIds],
      SubnetIds: [],
      Groups: [],
      PrivateDnsEnabled: false,
      RequesterManaged: false,
      NetworkInterfaceIds: [],
      DnsEntries: [],
      CreationTimestamp: new Date('2026-03-02T09:00:00Z'),
      Tags: [],
      OwnerId: ACCOUNT,
    });
    for (const rt of routeTableIds)
      this.routeTable(rt).routes.push({
        DestinationPrefixListId: S3_PREFIX_LIST[this.region] ?? 'pl-00000000',
        GatewayId: id,
        Origin: 'CreateRoute',
        State: 'active',
      });
    return this;
  }

  // ---- installs the model on the strict mocks ----

  install(): void {
    const m = mocks;
    // ECS
    m.ecs
      .on(DescribeTaskDefinitionCommand)
      .callsFake(async (input: { taskDefinition: string }) => this.describeTaskDefinition(input.taskDefinition));
    m.ecs
      .on(DescribeServicesCommand)
      .callsFake(async (input: { cluster?: string; services: string[] }) => this.describeServices(input));
    m.ecs.on(DescribeTasksCommand).callsFake(async (input: { cluster?: string; tasks: string[] }) => {
      const found = (t: string) =>
        this.stoppedTasks.find(
          (x) =>
            (x.taskArn === t || String(x.taskArn).endsWith(`/${t}`)) &&
            (!input.cluster || x.clusterArn === input.cluster || String(x.clusterArn).endsWith(`/${input.cluster}`)),
        );
      return {
        tasks: input.tasks
          .map(found)
          .filter(Boolean)
          .map((x) => structuredClone(x)),
        failures: input.tasks
          .filter((t) => !found(t))
          .map((t) => ({
            arn: t.startsWith('arn:') ? t : `arn:aws:ecs:${this.region}:${ACCOUNT}:task/${t}`,
            reason: 'MISSING',
          })),
      };
    });
    // ListTasks: the stopped tasks of a service (or family), newest first, as ECS lists them.
    m.ecs
      .on(ListTasksCommand)
      .callsFake(
        async (input: { cluster?: string; serviceName?: string; desiredStatus?: string; maxResults?: number }) => {
          const cluster = (input.cluster ?? 'default').replace(/^.*:cluster\//, '');
          const tasks = this.stoppedTasks
            .filter((x) => String(x.clusterArn).endsWith(`/${cluster}`))
            .filter((x) => !input.serviceName || x.group === `service:${input.serviceName}`)
            .filter(() => !input.desiredStatus || input.desiredStatus === 'STOPPED')
            .sort((a, b) => String(b.stoppedAt ?? '').localeCompare(String(a.stoppedAt ?? '')));
          return { taskArns: tasks.slice(0, input.maxResults ?? 100).map((x) => String(x.taskArn)) };
        },
      );
    m.ecs
      .on(DescribeContainerInstancesCommand)
      .callsFake(async (input: { containerInstances: string[] }) => this.describeContainerInstances(input));
    m.ec2
      .on(DescribeInstancesCommand)
      .callsFake(async (input: { InstanceIds?: string[] }) => this.describeInstances(input));
    m.iam
      .on(GetInstanceProfileCommand)
      .callsFake(async (input: { InstanceProfileName: string }) => this.getInstanceProfile(input.InstanceProfileName));
    // EC2 reads
    m.ec2
      .on(DescribeSubnetsCommand)
      .callsFake(async (input: { SubnetIds?: string[]; Filters?: Filter[] }) => this.describeSubnets(input));
    m.ec2
      .on(DescribeNetworkAclsCommand)
      .callsFake(async (input: { Filters?: Filter[]; NetworkAclIds?: string[] }) => this.describeNetworkAcls(input));
    m.ec2
      .on(DescribeRouteTablesCommand)
      .callsFake(async (input: { Filters?: Filter[]; RouteTableIds?: string[] }) => this.describeRouteTables(input));
    m.ec2
      .on(DescribeVpcEndpointsCommand)
      .callsFake(async (input: { Filters?: Filter[]; VpcEndpointIds?: string[] }) => this.describeVpcEndpoints(input));
    m.ec2
      .on(DescribeSecurityGroupsCommand)
      .callsFake(async (input: { Filters?: Filter[]; GroupIds?: string[] }) => this.describeSecurityGroups(input));
    m.ec2
      .on(DescribeVpcAttributeCommand)
      .callsFake(async (input: { VpcId: string; Attribute: string }) => this.describeVpcAttribute(input));
    m.ec2
      .on(DescribeVpcsCommand)
      .callsFake(async (input: { VpcIds?: string[]; Filters?: Filter[] }) => this.describeVpcs(input));
    m.ec2
      .on(DescribeDhcpOptionsCommand)
      .callsFake(async (input: { DhcpOptionsIds?: string[] }) => this.describeDhcpOptions(input));
    m.cloudtrail.on(LookupEventsCommand).callsFake(async (input) => lookUp(this.trail, input));
    // Route 53: the VPC's private hosted zones (names end with a dot, as Route 53 returns them).
    m.route53.on(ListHostedZonesByVPCCommand).callsFake(async (input: { VPCId: string; VPCRegion: string }) => {
      if (input.VPCId !== this.vpc.id || input.VPCRegion !== this.region)
        return { HostedZoneSummaries: [], MaxItems: 100 };
      return {
        HostedZoneSummaries: this.hostedZones.map((z) => ({
          HostedZoneId: z.id,
          Name: `${z.name}.`,
          Owner: z.owningService ? { OwningService: z.owningService } : { OwningAccount: z.owningAccount ?? ACCOUNT },
        })),
        MaxItems: 100,
      };
    });
    // EC2 writes (AutoFixVpcEndpoints)
    m.ec2
      .on(CreateSecurityGroupCommand)
      .callsFake(async (input: Record<string, any>) => this.createSecurityGroup(input));
    m.ec2
      .on(AuthorizeSecurityGroupIngressCommand)
      .callsFake(async (input: Record<string, any>) => this.authorizeIngress(input));
    m.ec2.on(CreateVpcEndpointCommand).callsFake(async (input: Record<string, any>) => this.createVpcEndpoint(input));
    // ECR
    m.ecr.on(BatchGetImageCommand).callsFake(async (input: Record<string, any>) => this.batchGetImage(input));
    m.ecr.on(DescribeImagesCommand).callsFake(async (input: Record<string, any>) => this.describeImages(input));
    m.ecr
      .on(DescribeRepositoriesCommand)
      .callsFake(async (input: Record<string, any>) => this.describeRepositories(input));
    m.ecr
      .on(GetRepositoryPolicyCommand)
      .callsFake(async (input: Record<string, any>) => this.getRepositoryPolicy(input));
    m.ecr.on(GetLifecyclePolicyCommand).callsFake(async (input: Record<string, any>) => this.getLifecyclePolicy(input));
    // Pull-through cache rules (moto 5.2.1 has no pull-through cache API: docs/research/pull-through-cache.md §5).
    m.ecr.on(DescribePullThroughCacheRulesCommand).callsFake(async (input: { registryId?: string }) => ({
      pullThroughCacheRules:
        (input.registryId ?? ACCOUNT) === ACCOUNT
          ? this.cacheRules.map((r) => ({
              ecrRepositoryPrefix: r.prefix,
              upstreamRegistryUrl: r.url,
              registryId: ACCOUNT,
              ...(r.registry ? { upstreamRegistry: r.registry } : {}),
              ...(r.credentialArn ? { credentialArn: r.credentialArn } : {}),
            }))
          : [],
    }));
    m.ecr.on(ValidatePullThroughCacheRuleCommand).callsFake(async (input: { ecrRepositoryPrefix: string }) => {
      const rule = this.cacheRules.find((r) => r.prefix === input.ecrRepositoryPrefix);
      if (!rule)
        throw awsError('PullThroughCacheRuleNotFoundException', 400, 'The pull through cache rule was not found.');
      return {
        ecrRepositoryPrefix: rule.prefix,
        registryId: ACCOUNT,
        upstreamRegistryUrl: rule.url,
        ...(rule.credentialArn ? { credentialArn: rule.credentialArn } : {}),
        isValid: rule.valid !== false,
        ...(rule.failure ? { failure: rule.failure } : {}),
      };
    });
    // IAM
    m.iam.on(SimulatePrincipalPolicyCommand).callsFake(async (input: Record<string, any>) => this.simulate(input));
    m.iam.on(ListAttachedRolePoliciesCommand).callsFake(async (input: { RoleName: string }) => {
      const role = this.roleByName(input.RoleName);
      return {
        AttachedPolicies: role.attached.map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn })),
        IsTruncated: false,
      };
    });
    m.iam.on(ListRolePoliciesCommand).callsFake(async (input: { RoleName: string }) => ({
      PolicyNames: Object.keys(this.roleByName(input.RoleName).inline),
      IsTruncated: false,
    }));
    m.iam.on(GetRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyName: string }) => {
      const doc = this.roleByName(input.RoleName).inline[input.PolicyName];
      if (!doc) throw awsError('NoSuchEntity', 404, `The role policy with name ${input.PolicyName} cannot be found.`);
      // IAM returns policy documents URL-encoded (RFC 3986).
      return {
        RoleName: input.RoleName,
        PolicyName: input.PolicyName,
        PolicyDocument: encodeURIComponent(JSON.stringify(doc)),
      };
    });
    m.iam.on(GetPolicyCommand).callsFake(async (input: { PolicyArn: string }) => {
      if (!this.customPolicies.has(input.PolicyArn) && !AWS_MANAGED[input.PolicyArn])
        throw awsError('NoSuchEntity', 404, `Policy ${input.PolicyArn} does not exist or is not attachable.`);
      return {
        Policy: {
          PolicyName: input.PolicyArn.split('/').pop(),
          PolicyId: `ANPA${'X'.repeat(17)}`,
          Arn: input.PolicyArn,
          Path: '/',
          DefaultVersionId: 'v1',
          AttachmentCount: 1,
          PermissionsBoundaryUsageCount: 0,
          IsAttachable: true,
          CreateDate: new Date('2025-06-01T00:00:00Z'),
          UpdateDate: new Date('2025-06-01T00:00:00Z'),
        },
      };
    });
    m.iam.on(GetPolicyVersionCommand).callsFake(async (input: { PolicyArn: string; VersionId: string }) => {
      const doc = this.customPolicies.get(input.PolicyArn) ?? AWS_MANAGED[input.PolicyArn];
      if (!doc || input.VersionId !== 'v1')
        throw awsError('NoSuchEntity', 404, `Policy ${input.PolicyArn} version ${input.VersionId} does not exist.`);
      return {
        PolicyVersion: {
          Document: encodeURIComponent(JSON.stringify(doc)),
          VersionId: 'v1',
          IsDefaultVersion: true,
          CreateDate: new Date('2025-06-01T00:00:00Z'),
        },
      };
    });
    m.iam.on(GetRoleCommand).callsFake(async (input: { RoleName: string }) => {
      const role = this.roleByName(input.RoleName);
      return {
        Role: {
          Path: '/',
          RoleName: input.RoleName,
          RoleId: `AROA${'Y'.repeat(17)}`,
          Arn: role.arn,
          CreateDate: new Date('2025-06-01T00:00:00Z'),
          AssumeRolePolicyDocument: encodeURIComponent(
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            }),
          ),
          MaxSessionDuration: 3600,
        },
      };
    });
    m.iam.on(AttachRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyArn: string }) => {
      const role = this.roleByName(input.RoleName);
      if (!AWS_MANAGED[input.PolicyArn] && !this.customPolicies.has(input.PolicyArn))
        throw awsError('NoSuchEntity', 404, `Policy ${input.PolicyArn} does not exist or is not attachable.`);
      if (!role.attached.includes(input.PolicyArn)) role.attached.push(input.PolicyArn);
      return {};
    });
    // Secrets Manager / SSM
    m.secretsManager.on(DescribeSecretCommand).callsFake(async (input: { SecretId: string }) => {
      const s = this.secrets.find(
        (x) => x.arn === input.SecretId || x.name === input.SecretId || x.arn.startsWith(`${input.SecretId}`),
      );
      if (!s) throw awsError('ResourceNotFoundException', 400, "Secrets Manager can't find the specified secret.");
      return {
        ARN: s.arn,
        Name: s.name,
        ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
        LastChangedDate: new Date('2026-10-01T00:00:00Z'),
        LastAccessedDate: new Date('2026-11-24T00:00:00Z'),
        VersionIdsToStages: { 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111': ['AWSCURRENT'] },
        CreatedDate: new Date('2025-01-10T00:00:00Z'),
      };
    });
    m.ssm
      .on(DescribeParametersCommand)
      .callsFake(async (input: { ParameterFilters?: Array<{ Key: string; Values?: string[] }> }) => {
        const names = input.ParameterFilters?.find((f) => f.Key === 'Name')?.Values ?? [];
        const norm = (n: string) => (n.includes('/') && !n.startsWith('/') ? `/${n}` : n);
        return {
          Parameters: this.parameters
            .filter((p) => names.some((n) => norm(n) === norm(p.name)))
            .map((p) => ({
              Name: p.name,
              ARN: `arn:aws:ssm:${this.region}:${ACCOUNT}:parameter${p.name.startsWith('/') ? '' : '/'}${p.name}`,
              Type: p.type,
              ...(p.type === 'SecureString' ? { KeyId: p.keyId ?? 'alias/aws/ssm' } : {}),
              LastModifiedDate: new Date('2026-10-01T00:00:00Z'),
              LastModifiedUser: `arn:aws:iam::${ACCOUNT}:user/ops`,
              Version: 3,
              Tier: 'Standard',
              Policies: [],
              DataType: 'text',
            })),
        };
      });
    // SNS (the handler publishes; pipeline tests usually inject a recorder instead)
    let published = 0;
    m.sns
      .on(PublishCommand)
      .callsFake(async () => ({ MessageId: `5a1e1b7c-0000-4000-8000-${String(++published).padStart(12, '0')}` }));
  }

  // ---- ECS ----

  private describeTaskDefinition(ref: string) {
    const td =
      this.taskDefinitions.get(ref) ??
      [...this.taskDefinitions.values()].find((t) => ref === `${t.family}:${t.revision}`);
    if (!td) throw awsError('ClientException', 400, 'Unable to describe task definition.');
    const arn = this.taskDefinitionArn(td.family, td.revision);
    return {
      taskDefinition: {
        taskDefinitionArn: arn,
        containerDefinitions: td.containers.map((c) => ({
          name: c.name,
          image: c.image,
          cpu: 0,
          portMappings: [],
          essential: c.essential ?? true,
          environment: [],
          mountPoints: [],
          volumesFrom: [],
          ...(c.secrets ? { secrets: c.secrets } : {}),
          ...(c.credentialsParameter
            ? { repositoryCredentials: { credentialsParameter: c.credentialsParameter } }
            : {}),
          ...(c.awslogs
            ? {
                logConfiguration: {
                  logDriver: 'awslogs',
                  options: {
                    'awslogs-group': `/ecs/${td.family}`,
                    'awslogs-region': this.region,
                    'awslogs-stream-prefix': 'ecs',
                  },
                  secretOptions: [],
                },
              }
            : {}),
          systemControls: [],
        })),
        family: td.family,
        ...(td.executionRoleArn ? { executionRoleArn: td.executionRoleArn } : {}),
        networkMode: td.networkMode,
        revision: td.revision,
        volumes: [],
        status: 'ACTIVE',
        requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
        placementConstraints: [],
        compatibilities: td.requiresCompatibilities.includes('FARGATE') ? ['EC2', 'FARGATE'] : ['EC2'],
        ...(td.cpuArchitecture
          ? { runtimePlatform: { cpuArchitecture: td.cpuArchitecture, operatingSystemFamily: 'LINUX' } }
          : {}),
        requiresCompatibilities: td.requiresCompatibilities,
        cpu: '512',
        memory: '1024',
        registeredAt: new Date('2026-11-24T10:00:00Z'),
        registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/ci`,
      },
      tags: [],
    };
  }

  private describeServices(input: { cluster?: string; services: string[] }) {
    const clusterName = (input.cluster ?? 'default').replace(/^.*:cluster\//, '');
    const clusterArn = `arn:aws:ecs:${this.region}:${ACCOUNT}:cluster/${clusterName}`;
    const services = [];
    const failures = [];
    for (const name of input.services) {
      const s = this.services.find(
        (x) => x.cluster === clusterName && x.name === name.replace(/^.*:service\/[^/]+\//, ''),
      );
      const serviceArn = `arn:aws:ecs:${this.region}:${ACCOUNT}:service/${clusterName}/${name}`;
      if (!s) {
        failures.push({ arn: serviceArn, reason: 'MISSING' });
        continue;
      }
      services.push({
        serviceArn,
        serviceName: s.name,
        clusterArn,
        loadBalancers: [],
        serviceRegistries: [],
        status: 'ACTIVE',
        desiredCount: 2,
        runningCount: s.recovered ? 2 : 0,
        pendingCount: 0,
        launchType: s.launchType,
        ...(s.launchType === 'FARGATE' ? { platformVersion: 'LATEST', platformFamily: 'Linux' } : {}),
        taskDefinition: s.taskDefinition,
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: false, rollback: false },
          maximumPercent: 200,
          minimumHealthyPercent: 100,
        },
        deployments: [
          {
            id: 'ecs-svc/1234567890123456789',
            status: 'PRIMARY',
            taskDefinition: s.recovered ? (s.runningTaskDefinition ?? s.taskDefinition) : s.taskDefinition,
            desiredCount: 2,
            pendingCount: 0,
            runningCount: s.recovered ? 2 : 0,
            failedTasks: 7,
            rolloutState: s.recovered ? 'COMPLETED' : 'IN_PROGRESS',
          },
        ],
        ...(s.network
          ? {
              networkConfiguration: {
                awsvpcConfiguration: {
                  subnets: s.network.subnets,
                  securityGroups: s.network.securityGroups,
                  assignPublicIp: s.network.assignPublicIp,
                },
              },
            }
          : {}),
        schedulingStrategy: 'REPLICA',
        createdAt: new Date('2025-04-01T00:00:00Z'),
        enableECSManagedTags: true,
        propagateTags: 'NONE',
      });
    }
    return { services, failures };
  }

  // ---- EC2 reads ----

  private describeContainerInstances(input: { containerInstances: string[] }) {
    const found = input.containerInstances.map((arn) => this.containerInstances.find((c) => c.arn === arn));
    return {
      containerInstances: found
        .filter((c): c is NonNullable<typeof c> => !!c)
        .map((c) => ({
          containerInstanceArn: c.arn,
          ...(c.ec2InstanceId ? { ec2InstanceId: c.ec2InstanceId } : {}),
          status: 'ACTIVE',
          agentConnected: true,
          versionInfo: { agentVersion: '1.89.2', agentHash: '3a1f2c9b', dockerVersion: 'DockerVersion: 25.0.8' },
        })),
      failures: input.containerInstances.filter((_, i) => !found[i]).map((arn) => ({ arn, reason: 'MISSING' })),
    };
  }

  private describeInstances(input: { InstanceIds?: string[] }) {
    const ids = input.InstanceIds ?? [];
    const missing = ids.find((id) => !this.instances.some((i) => i.id === id));
    // EC2 fails the whole call for an unknown id (it does not return a partial answer).
    if (missing) throw awsError('InvalidInstanceID.NotFound', 400, `The instance ID '${missing}' does not exist`);
    const Instances = this.instances
      .filter((i) => ids.includes(i.id))
      .map((i) => {
        const groups = i.securityGroupIds.map((GroupId) => ({
          GroupId,
          GroupName: this.securityGroups.find((g) => g.GroupId === GroupId)?.GroupName ?? GroupId,
        }));
        const az = this.subnets.find((x) => x.id === i.subnetId)?.az ?? `${this.region}a`;
        return {
          InstanceId: i.id,
          InstanceType: 'm7g.large',
          State: { Code: 16, Name: 'running' },
          SubnetId: i.subnetId,
          VpcId: this.vpc.id,
          Placement: { AvailabilityZone: az, Tenancy: 'default' },
          PrivateIpAddress: '10.0.12.34',
          ...(i.publicIp ? { PublicIpAddress: i.publicIp } : {}),
          ...(i.profileArn ? { IamInstanceProfile: { Arn: i.profileArn, Id: 'AIPAEXAMPLEPROFILE0001' } } : {}),
          SecurityGroups: groups,
          NetworkInterfaces: [
            {
              NetworkInterfaceId: 'eni-0a1b2c3d4e5f60719',
              SubnetId: i.subnetId,
              VpcId: this.vpc.id,
              Groups: groups,
              Attachment: { AttachmentId: 'eni-attach-0a1b2c3d4e5f6071a', DeviceIndex: 0, Status: 'attached' },
              ...(i.publicIp ? { Association: { PublicIp: i.publicIp, IpOwnerId: 'amazon' } } : {}),
            },
          ],
        };
      });
    return { Reservations: Instances.length ? [{ ReservationId: 'r-0a1b2c3d4e5f60718', Instances }] : [] };
  }

  private getInstanceProfile(name: string) {
    const p = this.instanceProfiles.find((x) => x.arn.split('/').pop() === name);
    if (!p) throw awsError('NoSuchEntity', 404, `Instance Profile ${name} cannot be found.`);
    const role = p.roleArn;
    return {
      InstanceProfile: {
        InstanceProfileName: name,
        InstanceProfileId: 'AIPAEXAMPLEPROFILE0001',
        Arn: p.arn,
        Path: '/',
        CreateDate: new Date('2026-01-01T00:00:00Z'),
        Roles: role
          ? [
              {
                RoleName: role.split('/').pop(),
                RoleId: 'AROAEXAMPLEINSTANCE01',
                Arn: role,
                Path: '/',
                CreateDate: new Date('2026-01-01T00:00:00Z'),
              },
            ]
          : [],
      },
    };
  }

  private describeSubnets(input: { SubnetIds?: string[]; Filters?: Filter[] }) {
    const missing = (input.SubnetIds ?? []).find((id) => !this.subnets.some((s) => s.id === id));
    if (missing) throw awsError('InvalidSubnetID.NotFound', 400, `The subnet ID '${missing}' does not exist`);
    const list = this.subnets
      .filter((s) => !input.SubnetIds?.length || input.SubnetIds.includes(s.id))
      .filter((s) =>
        matchesFilters(input.Filters, { 'vpc-id': [this.vpc.id], 'subnet-id': [s.id], 'availability-zone': [s.az] }),
      );
    return {
      Subnets: list.map((s) => ({
        AvailabilityZone: s.az,
        AvailabilityZoneId: `apne1-az${s.az.endsWith('a') ? 4 : 1}`,
        AvailableIpAddressCount: 250,
        ...(s.ipv6Native ? {} : { CidrBlock: s.cidr }),
        DefaultForAz: false,
        MapPublicIpOnLaunch: false,
        State: 'available',
        SubnetId: s.id,
        VpcId: this.vpc.id,
        OwnerId: ACCOUNT,
        AssignIpv6AddressOnCreation: !!s.ipv6Cidr,
        Ipv6CidrBlockAssociationSet: s.ipv6Cidr
          ? [
              {
                AssociationId: `subnet-cidr-assoc-0${s.id.slice(-8)}`,
                Ipv6CidrBlock: s.ipv6Cidr,
                Ipv6CidrBlockState: { State: 'associated' },
                Ipv6AddressAttribute: 'public',
                IpSource: 'amazon',
              },
            ]
          : [],
        Ipv6Native: !!s.ipv6Native,
        EnableDns64: !!s.dns64,
        Tags: [{ Key: 'Name', Value: s.name }],
        SubnetArn: `arn:aws:ec2:${this.region}:${ACCOUNT}:subnet/${s.id}`,
      })),
    };
  }

  private describeNetworkAcls(input: { Filters?: Filter[]; NetworkAclIds?: string[] }) {
    return {
      NetworkAcls: this.nacls
        .filter((a) => !input.NetworkAclIds?.length || input.NetworkAclIds.includes(a.id))
        .filter((a) =>
          matchesFilters(input.Filters, {
            'association.subnet-id': a.subnetIds,
            'vpc-id': [this.vpc.id],
            default: [String(a.isDefault)],
            'network-acl-id': [a.id],
          }),
        )
        .map((a) => ({
          // Every association of the ACL is returned, not only the filtered subnet's.
          Associations: a.subnetIds.map((s, i) => ({
            NetworkAclAssociationId: `aclassoc-0${a.id.slice(-8)}${i}`,
            NetworkAclId: a.id,
            SubnetId: s,
          })),
          Entries: a.entries,
          IsDefault: a.isDefault,
          NetworkAclId: a.id,
          Tags: [],
          VpcId: this.vpc.id,
          OwnerId: ACCOUNT,
        })),
    };
  }

  private describeRouteTables(input: { Filters?: Filter[]; RouteTableIds?: string[] }) {
    return {
      RouteTables: this.routeTables
        .filter((t) => !input.RouteTableIds?.length || input.RouteTableIds.includes(t.id))
        .filter((t) =>
          matchesFilters(input.Filters, {
            'vpc-id': [this.vpc.id],
            'route-table-id': [t.id],
            'association.subnet-id': t.subnetIds,
            'association.main': t.main ? ['true'] : ['false'],
          }),
        )
        .map((t) => ({
          Associations: [
            ...(t.main
              ? [
                  {
                    Main: true,
                    RouteTableAssociationId: `rtbassoc-0${t.id.slice(-8)}m`,
                    RouteTableId: t.id,
                    AssociationState: { State: 'associated' },
                  },
                ]
              : []),
            ...t.subnetIds.map((s, i) => ({
              Main: false,
              RouteTableAssociationId: `rtbassoc-0${t.id.slice(-8)}${i}`,
              RouteTableId: t.id,
              SubnetId: s,
              AssociationState: { State: 'associated' },
            })),
          ],
          PropagatingVgws: [],
          RouteTableId: t.id,
          Routes: [
            {
              DestinationCidrBlock: this.vpc.cidrs[0],
              GatewayId: 'local',
              Origin: 'CreateRouteTable',
              State: 'active',
            },
            ...t.routes,
          ],
          Tags: [{ Key: 'Name', Value: t.name }],
          VpcId: this.vpc.id,
          OwnerId: ACCOUNT,
        })),
    };
  }

  private describeVpcEndpoints(input: { Filters?: Filter[]; VpcEndpointIds?: string[] }) {
    return {
      VpcEndpoints: this.endpoints
        .filter((e) => !input.VpcEndpointIds?.length || input.VpcEndpointIds.includes(e.VpcEndpointId!))
        .filter((e) =>
          matchesFilters(input.Filters, {
            'vpc-id': [e.VpcId!],
            'service-name': [e.ServiceName!],
            'vpc-endpoint-id': [e.VpcEndpointId!],
            'vpc-endpoint-state': [String(e.State)],
            'vpc-endpoint-type': [e.VpcEndpointType!],
          }),
        )
        .map(({ clientToken: _token, ...e }) => structuredClone(e)),
    };
  }

  private describeSecurityGroups(input: { Filters?: Filter[]; GroupIds?: string[] }) {
    const missing = (input.GroupIds ?? []).find((id) => !this.securityGroups.some((g) => g.GroupId === id));
    if (missing) throw awsError('InvalidGroup.NotFound', 400, `The security group '${missing}' does not exist`);
    return {
      SecurityGroups: this.securityGroups
        .filter((g) => !input.GroupIds?.length || input.GroupIds.includes(g.GroupId!))
        .filter((g) =>
          matchesFilters(input.Filters, {
            'vpc-id': [g.VpcId!],
            'group-name': [g.GroupName!],
            'group-id': [g.GroupId!],
            ...tagFilterValues(g.Tags),
          }),
        )
        .map((g) => structuredClone(g)),
    };
  }

  private describeVpcAttribute(input: { VpcId: string; Attribute: string }) {
    if (input.VpcId !== this.vpc.id)
      throw awsError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`);
    if (input.Attribute === 'enableDnsSupport')
      return { VpcId: input.VpcId, EnableDnsSupport: { Value: this.vpc.dnsSupport } };
    if (input.Attribute === 'enableDnsHostnames')
      return { VpcId: input.VpcId, EnableDnsHostnames: { Value: this.vpc.dnsHostnames } };
    throw awsError('InvalidParameterValue', 400, `Value (${input.Attribute}) for parameter attribute is invalid.`);
  }

  private describeVpcs(input: { VpcIds?: string[]; Filters?: Filter[] }) {
    const missing = (input.VpcIds ?? []).find((id) => id !== this.vpc.id);
    if (missing) throw awsError('InvalidVpcID.NotFound', 400, `The vpc ID '${missing}' does not exist`);
    if (!matchesFilters(input.Filters, { 'vpc-id': [this.vpc.id] })) return { Vpcs: [] };
    return {
      Vpcs: [
        {
          CidrBlock: this.vpc.cidrs[0],
          DhcpOptionsId: this.vpc.dhcpOptionsId,
          State: 'available',
          VpcId: this.vpc.id,
          OwnerId: ACCOUNT,
          InstanceTenancy: 'default',
          CidrBlockAssociationSet: this.vpc.cidrs.map((c, i) => ({
            AssociationId: `vpc-cidr-assoc-0${this.vpc.id.slice(-8)}${i}`,
            CidrBlock: c,
            CidrBlockState: { State: 'associated' },
          })),
          ...(this.vpc.ipv6Cidr
            ? {
                Ipv6CidrBlockAssociationSet: [
                  {
                    AssociationId: `vpc-cidr-assoc-0${this.vpc.id.slice(-8)}6`,
                    Ipv6CidrBlock: this.vpc.ipv6Cidr,
                    Ipv6CidrBlockState: { State: 'associated' },
                    NetworkBorderGroup: this.region,
                    Ipv6Pool: 'Amazon',
                  },
                ],
              }
            : {}),
          IsDefault: false,
          Tags: [{ Key: 'Name', Value: 'prod' }],
        },
      ],
    };
  }

  private describeDhcpOptions(input: { DhcpOptionsIds?: string[] }) {
    const ids = input.DhcpOptionsIds?.length ? input.DhcpOptionsIds : [...this.dhcpOptions.keys()];
    const missing = ids.find((id) => !this.dhcpOptions.has(id));
    if (missing) throw awsError('InvalidDhcpOptionID.NotFound', 400, `The dhcpOption ID '${missing}' does not exist`);
    return {
      DhcpOptions: ids.map((id) => ({
        DhcpConfigurations: [
          {
            Key: 'domain-name',
            Values: [{ Value: this.region === 'us-east-1' ? 'ec2.internal' : `${this.region}.compute.internal` }],
          },
          { Key: 'domain-name-servers', Values: this.dhcpOptions.get(id)!.map((v) => ({ Value: v })) },
        ],
        DhcpOptionsId: id,
        OwnerId: ACCOUNT,
        Tags: [],
      })),
    };
  }

  // ---- EC2 writes ----

  private nextId(prefix: string): string {
    this.created++;
    return `${prefix}-0feed${String(this.created).padStart(12, '0')}`;
  }

  private createSecurityGroup(input: Record<string, any>) {
    if (input.VpcId !== this.vpc.id)
      throw awsError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`);
    if (this.securityGroups.some((g) => g.VpcId === input.VpcId && g.GroupName === input.GroupName)) {
      throw awsError(
        'InvalidGroup.Duplicate',
        400,
        `The security group '${input.GroupName}' already exists for VPC '${input.VpcId}'`,
      );
    }
    const tags: Tag[] = (input.TagSpecifications ?? []).flatMap((t: { Tags?: Tag[] }) => t.Tags ?? []);
    const id = this.nextId('sg');
    this.securityGroups.push({
      GroupId: id,
      GroupName: input.GroupName,
      Description: input.Description,
      VpcId: input.VpcId,
      OwnerId: ACCOUNT,
      IpPermissions: [],
      // A new group allows all outbound traffic.
      IpPermissionsEgress: [
        {
          IpProtocol: '-1',
          IpRanges: [{ CidrIp: '0.0.0.0/0' }],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ],
      Tags: tags,
      SecurityGroupArn: `arn:aws:ec2:${this.region}:${ACCOUNT}:security-group/${id}`,
    });
    return { GroupId: id, Tags: tags, SecurityGroupArn: `arn:aws:ec2:${this.region}:${ACCOUNT}:security-group/${id}` };
  }

  private authorizeIngress(input: Record<string, any>) {
    const g = this.securityGroups.find((x) => x.GroupId === input.GroupId);
    if (!g) throw awsError('InvalidGroup.NotFound', 400, `The security group '${input.GroupId}' does not exist`);
    const rules = [];
    for (const p of (input.IpPermissions ?? []) as IpPermission[]) {
      for (const r of p.IpRanges ?? []) {
        const dup = (g.IpPermissions ?? []).some(
          (q) =>
            q.IpProtocol === p.IpProtocol &&
            q.FromPort === p.FromPort &&
            q.ToPort === p.ToPort &&
            (q.IpRanges ?? []).some((x) => x.CidrIp === r.CidrIp),
        );
        if (dup)
          throw awsError(
            'InvalidPermission.Duplicate',
            400,
            `the specified rule "peer: ${r.CidrIp}, TCP, from port: ${p.FromPort}, to port: ${p.ToPort}, ALLOW" already exists`,
          );
      }
      g.IpPermissions = [
        ...(g.IpPermissions ?? []),
        {
          IpProtocol: p.IpProtocol,
          FromPort: p.FromPort,
          ToPort: p.ToPort,
          IpRanges: p.IpRanges ?? [],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ];
      rules.push(
        ...(p.IpRanges ?? []).map((r, i) => ({
          SecurityGroupRuleId: `sgr-0feed${String(this.created).padStart(8, '0')}${i}`,
          GroupId: g.GroupId,
          GroupOwnerId: ACCOUNT,
          IsEgress: false,
          IpProtocol: p.IpProtocol,
          FromPort: p.FromPort,
          ToPort: p.ToPort,
          CidrIpv4: r.CidrIp,
        })),
      );
    }
    return { Return: true, SecurityGroupRules: rules };
  }

  private createVpcEndpoint(input: Record<string, any>) {
    if (input.VpcId !== this.vpc.id)
      throw awsError('InvalidVpcId.NotFound', 400, `The Vpc Id '${input.VpcId}' does not exist`);
    // Idempotency: the same client token returns the endpoint created with it.
    const again = input.ClientToken ? this.endpoints.find((e) => e.clientToken === input.ClientToken) : undefined;
    if (again) {
      const { clientToken: _t, ...e } = again;
      return { VpcEndpoint: structuredClone(e), ClientToken: input.ClientToken };
    }
    const gateway = input.VpcEndpointType === 'Gateway';
    if (!gateway && input.PrivateDnsEnabled) {
      const dnsOwner = this.endpoints.find(
        (e) =>
          e.ServiceName === input.ServiceName &&
          e.VpcEndpointType === 'Interface' &&
          e.PrivateDnsEnabled &&
          String(e.State) !== 'deleted',
      );
      if (dnsOwner) {
        const host = String(input.ServiceName).split('.').slice(3).join('.');
        throw awsError(
          'InvalidParameter',
          400,
          `private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${host}.${this.region}.amazonaws.com in the VPC ${this.vpc.id}`,
        );
      }
    }
    for (const rt of (input.RouteTableIds ?? []) as string[])
      if (!this.routeTables.some((t) => t.id === rt))
        throw awsError('InvalidRouteTableId.NotFound', 400, `The routeTable ID '${rt}' does not exist`);
    for (const s of (input.SubnetIds ?? []) as string[])
      if (!this.subnets.some((x) => x.id === s))
        throw awsError('InvalidSubnetId.NotFound', 400, `The subnet ID '${s}' does not exist`);
    const id = this.nextId('vpce');
    const service = String(input.ServiceName).split('.').slice(3).join('.');
    const endpoint: VpcEndpoint & { clientToken?: string } = {
      VpcEndpointId: id,
      VpcEndpointType: input.VpcEndpointType,
      VpcId: input.VpcId,
      ServiceName: input.ServiceName,
      // Interface endpoints take a minute or two; a gateway endpoint is usable at once.
      State: (gateway ? 'available' : 'pending') as VpcEndpoint['State'],
      PolicyDocument: input.PolicyDocument ?? DEFAULT_ENDPOINT_POLICY,
      RouteTableIds: gateway ? [...(input.RouteTableIds ?? [])] : [],
      SubnetIds: gateway ? [] : [...(input.SubnetIds ?? [])],
      Groups: gateway
        ? []
        : ((input.SecurityGroupIds ?? []) as string[]).map((gid) => ({
            GroupId: gid,
            GroupName: this.securityGroups.find((g) => g.GroupId === gid)?.GroupName ?? '',
          })),
      ...(gateway ? {} : { IpAddressType: 'ipv4' as const, DnsOptions: { DnsRecordIpType: 'ipv4' as const } }),
      PrivateDnsEnabled: gateway ? false : input.PrivateDnsEnabled === true,
      RequesterManaged: false,
      NetworkInterfaceIds: gateway
        ? []
        : ((input.SubnetIds ?? []) as string[]).map(
            (_s, i) => `eni-0feed${String(this.created).padStart(10, '0')}${i}`,
          ),
      DnsEntries: gateway
        ? []
        : [{ DnsName: `${id}-x1y2z3.${service}.${this.region}.vpce.amazonaws.com`, HostedZoneId: 'Z2E726K9Y6RL4W' }],
      CreationTimestamp: new Date(),
      Tags: (input.TagSpecifications ?? []).flatMap((t: { Tags?: Tag[] }) => t.Tags ?? []),
      OwnerId: ACCOUNT,
      ...(input.ClientToken ? { clientToken: input.ClientToken } : {}),
    };
    this.endpoints.push(endpoint);
    if (gateway)
      for (const rt of endpoint.RouteTableIds ?? [])
        this.routeTable(rt).routes.push({
          DestinationPrefixListId: S3_PREFIX_LIST[this.region] ?? 'pl-00000000',
          GatewayId: id,
          Origin: 'CreateRoute',
          State: 'active',
        });
    const { clientToken: _t, ...out } = endpoint;
    return { VpcEndpoint: structuredClone(out), ClientToken: input.ClientToken };
  }

  // ---- ECR ----

  private repoFor(input: Record<string, any>, action: string): RepositorySpec {
    const registryId = input.registryId ?? ACCOUNT;
    const repo = this.repositories.find((r) => r.registryId === registryId && r.name === input.repositoryName);
    const arn = `arn:aws:ecr:${this.region}:${registryId}:repository/${input.repositoryName}`;
    if (registryId !== ACCOUNT && !repo?.allowsOurAccount?.includes(action)) {
      // Another account's registry: its repository policy decides, and "not found" is never revealed.
      throw awsError(
        'AccessDeniedException',
        400,
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/ecs-pull-doctor-function/ecs-pull-doctor is not authorized to perform: ${action} on resource: ${arn} because no resource-based policy allows the ${action} action`,
      );
    }
    if (!repo)
      throw awsError(
        'RepositoryNotFoundException',
        400,
        `The repository with name '${input.repositoryName}' does not exist in the registry with id '${registryId}'`,
      );
    return repo;
  }

  private batchGetImage(input: Record<string, any>) {
    const repo = this.repoFor(input, 'ecr:BatchGetImage');
    const images = [];
    const failures = [];
    for (const id of (input.imageIds ?? []) as Array<{ imageTag?: string; imageDigest?: string }>) {
      // An archived image cannot be pulled: ECR answers 404, as for a missing one (archive-image.html).
      const img = repo.images
        .filter((i) => !i.status)
        .find(
          (i) =>
            (id.imageDigest ? i.digest === id.imageDigest : false) ||
            (id.imageTag ? i.tags.includes(id.imageTag) : false),
        );
      if (
        !img ||
        (id.imageDigest && id.imageTag && (img.digest !== id.imageDigest || !img.tags.includes(id.imageTag)))
      ) {
        failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' });
        continue;
      }
      images.push({
        registryId: repo.registryId,
        repositoryName: repo.name,
        imageId: { imageDigest: img.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
        imageManifest: img.manifest,
        imageManifestMediaType: img.mediaType,
      });
    }
    return { images, failures };
  }

  private describeImages(input: Record<string, any>) {
    const repo = this.repoFor(input, 'ecr:DescribeImages');
    const tagged = input.filter?.tagStatus === 'TAGGED';
    // Without imageStatus in the filter DescribeImages lists ACTIVE images only (DescribeImagesFilter docs).
    const status: string = input.filter?.imageStatus ?? 'ACTIVE';
    return {
      imageDetails: repo.images
        .filter((i) => !tagged || i.tags.length > 0)
        .filter((i) => status === 'ANY' || (i.status ?? 'ACTIVE') === status)
        .map((i) => ({
          imageStatus: i.status ?? 'ACTIVE',
          ...(i.archivedAt ? { lastArchivedAt: i.archivedAt } : {}),
          registryId: repo.registryId,
          repositoryName: repo.name,
          imageDigest: i.digest,
          ...(i.tags.length ? { imageTags: i.tags } : {}),
          imageSizeInBytes: i.sizeBytes ?? 48_213_511,
          imagePushedAt: i.pushedAt,
          imageManifestMediaType: i.mediaType,
          lastRecordedPullTime: new Date('2026-11-24T12:00:00Z'),
        })),
    };
  }

  private describeRepositories(input: Record<string, any>) {
    const names: string[] = input.repositoryNames ?? [];
    const repos = names.map((n) => this.repoFor({ ...input, repositoryName: n }, 'ecr:DescribeRepositories'));
    return {
      repositories: repos.map((r) => ({
        repositoryArn: `arn:aws:ecr:${this.region}:${r.registryId}:repository/${r.name}`,
        registryId: r.registryId,
        repositoryName: r.name,
        repositoryUri: `${r.registryId}.dkr.ecr.${this.region}.amazonaws.com/${r.name}`,
        createdAt: new Date('2025-02-01T00:00:00Z'),
        imageTagMutability: 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: { encryptionType: 'AES256' },
      })),
    };
  }

  private getRepositoryPolicy(input: Record<string, any>) {
    const repo = this.repoFor(input, 'ecr:GetRepositoryPolicy');
    if (!repo.policy)
      throw awsError(
        'RepositoryPolicyNotFoundException',
        400,
        `Repository policy does not exist for the repository with name '${repo.name}' in the registry with id '${repo.registryId}'`,
      );
    return { registryId: repo.registryId, repositoryName: repo.name, policyText: JSON.stringify(repo.policy, null, 2) };
  }

  private getLifecyclePolicy(input: Record<string, any>) {
    const repo = this.repoFor(input, 'ecr:GetLifecyclePolicy');
    if (!repo.lifecyclePolicy)
      throw awsError(
        'LifecyclePolicyNotFoundException',
        400,
        `Lifecycle policy does not exist for the repository with name '${repo.name}' in the registry with id '${repo.registryId}'`,
      );
    return {
      registryId: repo.registryId,
      repositoryName: repo.name,
      lifecyclePolicyText: JSON.stringify(repo.lifecyclePolicy),
      lastEvaluatedAt: new Date('2026-11-24T00:00:00Z'),
    };
  }

  // ---- IAM ----

  private roleByName(name: string): RoleSpec {
    const role = [...this.roles.values()].find((r) => r.arn.split('/').pop() === name);
    if (!role) throw awsError('NoSuchEntity', 404, `The role with name ${name} cannot be found.`);
    return role;
  }

  /** The role's identity policies, with an id for MatchedStatements. */
  private documentsOf(role: RoleSpec): Array<{ id: string; type: string; doc: object }> {
    return [
      ...role.attached.map((arn) => ({
        id: arn,
        type: 'IAM Policy',
        doc: AWS_MANAGED[arn] ?? this.customPolicies.get(arn) ?? { Statement: [] },
      })),
      ...Object.entries(role.inline).map(([name, doc]) => ({ id: name, type: 'IAM Policy', doc })),
    ];
  }

  private decide(role: RoleSpec, action: string, resource: string): { decision: Decision; matched: string[] } {
    const override =
      this.simulationOverrides.get(`${action} ${resource}`) ?? this.simulationOverrides.get(`${action} *any*`);
    if (override) return { decision: override, matched: [] };
    const allow: string[] = [];
    const deny: string[] = [];
    for (const { id, doc } of this.documentsOf(role)) {
      for (const s of statements(doc)) {
        if (!matchAny(s.Action, action, true) || !matchAny(s.Resource ?? '*', resource, false)) continue;
        (s.Effect === 'Deny' ? deny : allow).push(id);
      }
    }
    if (deny.length) return { decision: 'explicitDeny', matched: deny };
    if (allow.length) return { decision: 'allowed', matched: allow };
    return { decision: 'implicitDeny', matched: [] };
  }

  private simulate(input: Record<string, any>) {
    const role = this.roles.get(input.PolicySourceArn);
    if (!role)
      throw awsError(
        'NoSuchEntity',
        404,
        `The role with name ${String(input.PolicySourceArn).split('/').pop()} cannot be found.`,
      );
    const resources: string[] = input.ResourceArns?.length ? input.ResourceArns : ['*'];
    const order: Decision[] = ['allowed', 'implicitDeny', 'explicitDeny'];
    // One EvaluationResult per action (aggregate = most restrictive), per-resource decisions in ResourceSpecificResults.
    const EvaluationResults = (input.ActionNames as string[]).map((action) => {
      const per = resources.map((r) => ({ r, ...this.decide(role, action, r) }));
      const worst = per.reduce<Decision>(
        (acc, p) => (order.indexOf(p.decision) > order.indexOf(acc) ? p.decision : acc),
        'allowed',
      );
      const stmts = (ids: string[]) =>
        ids.map((id) => ({
          SourcePolicyId: id,
          SourcePolicyType: 'IAM Policy',
          StartPosition: { Line: 1, Column: 1 },
          EndPosition: { Line: 1, Column: 200 },
        }));
      return {
        EvalActionName: action,
        EvalResourceName: resources.length === 1 ? resources[0] : '*',
        EvalDecision: worst,
        MatchedStatements: stmts([...new Set(per.flatMap((p) => p.matched))]),
        MissingContextValues: [],
        OrganizationsDecisionDetail: { AllowedByOrganizations: true },
        EvalDecisionDetails: {},
        ResourceSpecificResults: per.map((p) => ({
          EvalResourceName: p.r,
          EvalResourceDecision: p.decision,
          MatchedStatements: stmts(p.matched),
          MissingContextValues: [],
          EvalDecisionDetails: {},
        })),
      };
    });
    return { EvaluationResults, IsTruncated: false };
  }
}

// ---- tiny, independent policy matching for the simulated IAM (no conditions) ----

interface Stmt {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
}

function statements(doc: object): Stmt[] {
  const s = (doc as { Statement?: Stmt | Stmt[] }).Statement;
  return Array.isArray(s) ? s : s ? [s] : [];
}

function matchAny(patterns: string | string[] | undefined, value: string, ci: boolean): boolean {
  return [patterns ?? []].flat().some((p) => {
    const re = new RegExp(
      `^${p
        .split('*')
        .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      ci ? 'i' : '',
    );
    return re.test(value);
  });
}

function matchesFilters(filters: Filter[] | undefined, values: Record<string, string[]>): boolean {
  return (filters ?? []).every((f) => {
    const have = values[f.Name ?? ''];
    if (have === undefined) return false;
    return (f.Values ?? []).some((v) => have.some((h) => matchAny(v, h, false)));
  });
}

function tagFilterValues(tags: Tag[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of tags ?? []) if (t.Key) out[`tag:${t.Key}`] = [t.Value ?? ''];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Building blocks: the Fargate "api" service in a private VPC (ap-northeast-1, examples/fargate-*.json)
// ---------------------------------------------------------------------------------------------

const allowAll = (egress: boolean): NetworkAclEntry[] => [
  { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: egress, CidrBlock: '0.0.0.0/0' },
  { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: egress, CidrBlock: '0.0.0.0/0' },
];

function egressAll(): IpPermission[] {
  return [
    { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
  ];
}

function manifestV2(): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 7023, digest: DIGEST('c') },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 32654, digest: DIGEST('e') }],
  });
}

function image(digest: string, tags: string[], pushedAt: string): ImageSpec {
  return {
    digest,
    tags,
    pushedAt: new Date(pushedAt),
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    manifest: manifestV2(),
  };
}

const LIFECYCLE_KEEP_30 = {
  rules: [
    {
      rulePriority: 1,
      description: 'keep the last 30 images',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
      action: { type: 'expire' },
    },
  ],
};

/**
 * The EC2 queue worker of examples/ec2-dockerhub-rate-limit.json: a bridge-mode task of a Docker Hub image, or of
 * the image `imageOf` names in the account.
 */
function queueWorkerAccount(imageOf: (a: AccountModel) => string = () => 'redis:7.4-alpine'): AccountModel {
  const a = new AccountModel('us-west-2');
  const role = `arn:aws:iam::${ACCOUNT}:role/queue-worker-execution`;
  a.roles.set(role, { arn: role, attached: [EXECUTION_POLICY], inline: {} });
  a.addTaskDefinition({
    family: 'queue-worker',
    revision: 12,
    executionRoleArn: role,
    networkMode: 'bridge',
    requiresCompatibilities: ['EC2'],
    containers: [{ name: 'worker', image: imageOf(a), awslogs: true }],
  });
  return a;
}

/** ECR's archive class: tagged images not pulled for 30 days go to the archive; archived ones expire after 180 days. */
const LIFECYCLE_ARCHIVE_UNPULLED = {
  rules: [
    {
      rulePriority: 1,
      description: 'archive images not pulled for 30 days',
      selection: {
        tagStatus: 'tagged',
        tagPatternList: ['v*'],
        countType: 'sinceImagePulled',
        countUnit: 'days',
        countNumber: 30,
      },
      action: { type: 'transition', targetStorageClass: 'archive' },
    },
    {
      rulePriority: 2,
      description: 'delete archived images after 180 days',
      selection: {
        tagStatus: 'any',
        storageClass: 'archive',
        countType: 'sinceImageTransitioned',
        countUnit: 'days',
        countNumber: 180,
      },
      action: { type: 'expire' },
    },
  ],
};

/** The VPC: private subnets (main table has no default route; the private table is set per scenario), public subnets via an IGW. */
function withVpc(a: AccountModel, privateRoutes: Route[] = []): AccountModel {
  const az = (s: string) => `${a.region}${s}`;
  a.subnets = [
    { id: IDS.privateA, az: az('a'), cidr: '10.0.12.0/24', name: 'prod-private-a' },
    { id: IDS.privateC, az: az('c'), cidr: '10.0.13.0/24', name: 'prod-private-c' },
    { id: IDS.publicA, az: az('a'), cidr: '10.0.0.0/24', name: 'prod-public-a' },
    { id: IDS.publicC, az: az('c'), cidr: '10.0.1.0/24', name: 'prod-public-c' },
  ];
  a.routeTables = [
    { id: IDS.rtbMain, main: true, subnetIds: [], routes: [], name: 'prod-main' },
    {
      id: IDS.rtbPrivate,
      main: false,
      subnetIds: [IDS.privateA, IDS.privateC],
      routes: privateRoutes,
      name: 'prod-private',
    },
    {
      id: IDS.rtbPublic,
      main: false,
      subnetIds: [IDS.publicA, IDS.publicC],
      routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: IDS.igw, Origin: 'CreateRoute', State: 'active' }],
      name: 'prod-public',
    },
  ];
  a.nacls = [
    {
      id: IDS.aclDefault,
      isDefault: true,
      subnetIds: [IDS.privateA, IDS.privateC, IDS.publicA, IDS.publicC],
      entries: [...allowAll(true), ...allowAll(false)],
    },
  ];
  a.securityGroups = [
    {
      GroupId: IDS.sgDefault,
      GroupName: 'default',
      Description: 'default VPC security group',
      VpcId: a.vpc.id,
      OwnerId: ACCOUNT,
      IpPermissions: [
        {
          IpProtocol: '-1',
          IpRanges: [],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [{ GroupId: IDS.sgDefault, UserId: ACCOUNT }],
        },
      ],
      IpPermissionsEgress: egressAll(),
      Tags: [],
    },
    {
      GroupId: IDS.sgTask,
      GroupName: 'api-tasks',
      Description: 'api tasks',
      VpcId: a.vpc.id,
      OwnerId: ACCOUNT,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 8080,
          ToPort: 8080,
          IpRanges: [{ CidrIp: IDS.vpcCidr, Description: 'ALB' }],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ],
      IpPermissionsEgress: egressAll(),
      Tags: [{ Key: 'Name', Value: 'api-tasks' }],
    },
    {
      GroupId: IDS.sgEndpoints,
      GroupName: 'vpc-endpoints',
      Description: 'HTTPS to interface endpoints',
      VpcId: a.vpc.id,
      OwnerId: ACCOUNT,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: IDS.vpcCidr }],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ],
      IpPermissionsEgress: egressAll(),
      Tags: [],
    },
  ];
  return a;
}

const NAT_ROUTE: Route = {
  DestinationCidrBlock: '0.0.0.0/0',
  NatGatewayId: IDS.nat,
  Origin: 'CreateRoute',
  State: 'active',
};

const INSTANCE_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecs-batch-instance-role`;
const INSTANCE_PROFILE = `arn:aws:iam::${ACCOUNT}:instance-profile/ecs-batch-instance-profile`;

/**
 * The event's container instance, on an EC2 instance in `subnetId` with the instance profile of INSTANCE_ROLE
 * (AmazonEC2ContainerServiceforEC2Role attached unless `attached` says otherwise). Returns the instance id.
 */
function withContainerInstance(
  a: AccountModel,
  arn: string,
  opts: { subnetId: string; securityGroupIds?: string[]; publicIp?: string; attached?: string[] },
): string {
  const id = `i-0${arn.split('/').pop()!.slice(0, 16)}`;
  a.containerInstances.push({ arn, ec2InstanceId: id });
  a.instances.push({
    id,
    subnetId: opts.subnetId,
    securityGroupIds: opts.securityGroupIds ?? [IDS.sgDefault],
    ...(opts.publicIp ? { publicIp: opts.publicIp } : {}),
    profileArn: INSTANCE_PROFILE,
  });
  a.instanceProfiles.push({ arn: INSTANCE_PROFILE, roleArn: INSTANCE_ROLE });
  a.roles.set(INSTANCE_ROLE, { arn: INSTANCE_ROLE, attached: opts.attached ?? [INSTANCE_POLICY], inline: {} });
  return id;
}

/** nightly-reports on EC2 (eu-west-1), bridge mode, no execution role; the instance role has `attached`. */
function batchInstanceAccount(attached: string[]): AccountModel {
  const a = withVpc(new AccountModel('eu-west-1'), [NAT_ROUTE]);
  withContainerInstance(a, EC2_BATCH_INSTANCE, { subnetId: IDS.privateA, attached });
  a.addTaskDefinition({
    family: 'nightly-reports',
    revision: 7,
    networkMode: 'bridge',
    requiresCompatibilities: ['EC2'],
    containers: [{ name: 'reports', image: a.ecrImage('reports', '1.8.0') }],
  });
  a.repositories.push({
    registryId: ACCOUNT,
    name: 'reports',
    images: [image(DIGEST('d1'), ['1.8.0'], '2026-11-01T00:00:00Z')],
  });
  return a;
}

function withExecutionRole(a: AccountModel, attached: string[] = [EXECUTION_POLICY]): AccountModel {
  a.customPolicies.set(LOGS_POLICY_ARN, {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
  });
  a.roles.set(IDS.executionRole, { arn: IDS.executionRole, attached: [...attached], inline: {} });
  return a;
}

/** examples/fargate-private-subnet-timeout.json's account: service "api" in cluster "prod", ap-northeast-1. */
function apiAccount(
  opts: {
    privateRoutes?: Route[];
    container?: Partial<ContainerSpec>;
    td?: Partial<TaskDefinitionSpec>;
    subnets?: string[];
  } = {},
): AccountModel {
  const a = withExecutionRole(withVpc(new AccountModel('ap-northeast-1'), opts.privateRoutes ?? []));
  const img = a.ecrImage('api', '2026.11.24-3');
  a.addTaskDefinition({
    family: 'api',
    revision: 42,
    executionRoleArn: IDS.executionRole,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpuArchitecture: 'X86_64',
    containers: [{ name: 'api', image: img, awslogs: true, ...opts.container }],
    ...opts.td,
  });
  a.services.push({
    cluster: 'prod',
    name: 'api',
    launchType: 'FARGATE',
    taskDefinition: a.taskDefinitionArn('api', 42),
    network: {
      subnets: opts.subnets ?? [IDS.privateA, IDS.privateC],
      securityGroups: [IDS.sgTask],
      assignPublicIp: 'DISABLED',
    },
  });
  a.repositories.push({
    registryId: ACCOUNT,
    name: 'api',
    images: [
      image(DIGEST('a3'), ['2026.11.24-3', 'latest'], '2026-11-24T09:00:00Z'),
      image(DIGEST('a2'), ['2026.11.24-2'], '2026-11-24T05:00:00Z'),
      image(DIGEST('a1'), ['2026.11.23-1'], '2026-11-23T05:00:00Z'),
    ],
    lifecyclePolicy: LIFECYCLE_KEEP_30,
  });
  return a;
}

/** examples/fargate-tag-not-found.json's account: service "web" in cluster "staging", us-east-1. */
function webAccount(
  opts: { td?: Partial<TaskDefinitionSpec>; images?: ImageSpec[]; repository?: boolean } = {},
): AccountModel {
  const a = withExecutionRole(withVpc(new AccountModel('us-east-1'), [NAT_ROUTE]));
  a.subnets[0]!.id = 'subnet-0f9e8d7c6b5a40312';
  a.routeTables[1]!.subnetIds[0] = 'subnet-0f9e8d7c6b5a40312';
  a.nacls[0]!.subnetIds[0] = 'subnet-0f9e8d7c6b5a40312';
  a.addTaskDefinition({
    family: 'web',
    revision: 118,
    executionRoleArn: IDS.executionRole,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpuArchitecture: 'X86_64',
    containers: [
      { name: 'web', image: a.ecrImage('web', 'v2.3.1'), awslogs: true },
      {
        name: 'log-router',
        image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
        essential: false,
        awslogs: true,
      },
    ],
    ...opts.td,
  });
  a.services.push({
    cluster: 'staging',
    name: 'web',
    launchType: 'FARGATE',
    taskDefinition: a.taskDefinitionArn('web', 118),
    network: {
      subnets: ['subnet-0f9e8d7c6b5a40312', IDS.privateC],
      securityGroups: [IDS.sgTask],
      assignPublicIp: 'DISABLED',
    },
  });
  if (opts.repository !== false) {
    a.repositories.push({
      registryId: ACCOUNT,
      name: 'web',
      images: opts.images ?? [
        image(DIGEST('b3'), ['v2.3.0', 'latest'], '2026-11-20T09:00:00Z'),
        image(DIGEST('b2'), ['v2.2.9'], '2026-11-10T09:00:00Z'),
        image(DIGEST('b1'), ['v2.2.8'], '2026-11-01T09:00:00Z'),
      ],
      lifecyclePolicy: LIFECYCLE_KEEP_30,
    });
  }
  return a;
}

// ---- events ----

type Json = any;

/** The container instance of examples/ec2-pull-access-denied.json. */
const EC2_BATCH_INSTANCE = `arn:aws:ecs:eu-west-1:${ACCOUNT}:container-instance/batch/8a7b6c5d4e3f40a1b2c3d4e5f6a7b8c9`;
/** The container instance of examples/ec2-dockerhub-rate-limit.json. */
const EC2_WORKERS_INSTANCE = `arn:aws:ecs:us-west-2:${ACCOUNT}:container-instance/workers/1b2c3d4e5f6a47b8c9d0e1f2a3b4c5d6`;
/** The EC2 agent's own ECR login with the instance role's credentials, denied (agent ≥ 1.x wording). */
const EC2_INSTANCE_ROLE_DENIED =
  'CannotPullECRContainerError: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/' +
  'ecs-batch-instance-role/i-08a7b6c5d4e3f40a1 is not authorized to perform: ecr:GetAuthorizationToken on ' +
  'resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action\n\tstatus code: ' +
  '400, request id: 4f9a2c1e-6b3d-4e8f-9a7b-2c1d0e9f8a7b';

function eventFrom(name: ExampleName, edit: (detail: Json, event: Json) => void = () => {}): Json {
  const e = loadExample(name);
  edit(e.detail, e);
  return e;
}

const ECR_AUTH_TIMEOUT =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp 99.77.52.130:443: i/o timeout. Please check your task network configuration.';

function apiEvent(stoppedReason: string, edit: (detail: Json) => void = () => {}): Json {
  return eventFrom('fargate-private-subnet-timeout', (d) => {
    d.stoppedReason = stoppedReason;
    edit(d);
  });
}

function webEvent(reason: string, edit: (detail: Json) => void = () => {}): Json {
  return eventFrom('fargate-tag-not-found', (d) => {
    d.stoppedReason = reason;
    d.containers[0].reason = reason;
    edit(d);
  });
}

function setSubnet(detail: Json, subnet: string): void {
  for (const kv of detail.attachments[0].details) if (kv.name === 'subnetId') kv.value = subnet;
}

// ---------------------------------------------------------------------------------------------
// The scenarios
// ---------------------------------------------------------------------------------------------

function scenario(s: {
  cause: CauseId;
  title: string;
  region: string;
  confidence?: Confidence;
  autoFix?: Scenario['autoFix'];
  event: () => Json;
  account: () => AccountModel;
}): Scenario {
  return {
    cause: s.cause,
    title: s.title,
    region: s.region,
    confidence: s.confidence ?? 'proven',
    ...(s.autoFix ? { autoFix: s.autoFix } : {}),
    get event() {
      return s.event();
    },
    mock(alsoRan: readonly unknown[] = [], edit?: (account: AccountModel) => void) {
      resetMocks();
      const account = s.account();
      edit?.(account);
      // The task really ran: the account returns it to ecs:DescribeTasks as the event describes it.
      account.stoppedTasks.push(s.event().detail, ...alsoRan.map((e) => (e as Json).detail));
      account.install();
    },
  };
}

const PTC_IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27`;
const PTC_SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:ecr-pullthroughcache/docker-hub-Xy12Ab`;
const SECRET_ARN = `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:prod/db-password-AbCdEf`;
const REGISTRY_SECRET_ARN = `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:dockerhub/acme-ci-Gh7Jk9`;
const KMS_KEY_ARN = `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b`;

function billingAccount(
  opts: { secrets?: ContainerSpec['secrets']; credentialsParameter?: string; image?: string } = {},
): AccountModel {
  const a = withExecutionRole(withVpc(new AccountModel('ap-northeast-1'), [NAT_ROUTE]));
  a.addTaskDefinition({
    family: 'billing',
    revision: 31,
    executionRoleArn: IDS.executionRole,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    containers: [
      {
        name: 'billing',
        image: opts.image ?? a.ecrImage('billing', '5.2.0'),
        awslogs: true,
        ...(opts.secrets ? { secrets: opts.secrets } : {}),
        ...(opts.credentialsParameter ? { credentialsParameter: opts.credentialsParameter } : {}),
      },
    ],
  });
  a.services.push({
    cluster: 'prod',
    name: 'billing',
    launchType: 'FARGATE',
    taskDefinition: a.taskDefinitionArn('billing', 31),
    network: { subnets: [IDS.privateA, IDS.privateC], securityGroups: [IDS.sgTask], assignPublicIp: 'DISABLED' },
  });
  a.repositories.push({
    registryId: ACCOUNT,
    name: 'billing',
    images: [image(DIGEST('c5'), ['5.2.0'], '2026-11-22T09:00:00Z')],
  });
  // The execution role reads its secrets through an inline policy (the managed policy has no secrets access).
  a.role(IDS.executionRole).inline['read-prod-secrets'] = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Secrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [
          `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:prod/*`,
          `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:dockerhub/*`,
        ],
      },
      {
        Sid: 'Parameters',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: `arn:aws:ssm:ap-northeast-1:${ACCOUNT}:parameter/prod/*`,
      },
    ],
  };
  a.parameters.push({ name: '/prod/billing/api-url', type: 'String' });
  return a;
}

const DEFINITIONS: Scenario[] = [
  // ---------------- permissions ----------------
  scenario({
    cause: 'execution-role-missing',
    title: 'Fargate task definition without executionRoleArn pulls a private ECR image',
    region: 'ap-northeast-1',
    event: () =>
      apiEvent(
        'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:2026.11.24-3: pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials',
      ),
    account: () => {
      const a = apiAccount({ privateRoutes: [NAT_ROUTE], container: { awslogs: false } });
      delete a.taskDefinitions.get(a.taskDefinitionArn('api', 42))!.executionRoleArn;
      return a;
    },
  }),
  scenario({
    cause: 'execution-role-ecr-permissions',
    title: 'The execution role has only a logs policy: ecr:GetAuthorizationToken is implicitly denied',
    region: 'ap-northeast-1',
    autoFix: 'AutoFixExecutionRolePolicy',
    event: () =>
      apiEvent(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/0f6a8c2b9d4e4b1a8f3c5d7e9a1b2c3d is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action',
      ),
    account: () => withExecutionRole(apiAccount({ privateRoutes: [NAT_ROUTE] }), [LOGS_POLICY_ARN]),
  }),
  scenario({
    cause: 'instance-role-ecr-permissions',
    title: 'EC2, no execution role: the container instance role has no ECR permissions (only SSM)',
    region: 'eu-west-1',
    event: () =>
      eventFrom('ec2-pull-access-denied', (d) => {
        d.containers[0].image = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/reports:1.8.0`;
        d.containers[0].reason = EC2_INSTANCE_ROLE_DENIED;
      }),
    account: () => batchInstanceAccount([SSM_CORE_POLICY]),
  }),
  scenario({
    cause: 'repository-policy-denies',
    title:
      "Another account's repository policy does not let this account pull (EC2, examples/ec2-pull-access-denied.json)",
    region: 'eu-west-1',
    event: () => eventFrom('ec2-pull-access-denied'),
    account: () => {
      const a = new AccountModel('eu-west-1');
      const role = `arn:aws:iam::${ACCOUNT}:role/reports-execution-role`;
      a.roles.set(role, { arn: role, attached: [EXECUTION_POLICY], inline: {} });
      a.addTaskDefinition({
        family: 'nightly-reports',
        revision: 7,
        executionRoleArn: role,
        networkMode: 'bridge',
        requiresCompatibilities: ['EC2'],
        containers: [{ name: 'reports', image: a.ecrImage('reports', '1.8.0', OTHER_ACCOUNT), awslogs: true }],
      });
      a.repositories.push({
        registryId: OTHER_ACCOUNT,
        name: 'reports',
        images: [image(DIGEST('d1'), ['1.8.0'], '2026-11-01T00:00:00Z')],
        // The owner shared the repository with the CI role only, and let this account read the policy.
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AllowPullFromCi',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ci-build` },
              Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
            },
            {
              Sid: 'AllowDescribeFromProd',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
              Action: ['ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories'],
            },
          ],
        },
        allowsOurAccount: ['ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories'],
      });
      return a;
    },
  }),
  // ---------------- image ----------------
  scenario({
    cause: 'repository-not-found',
    title: 'The task definition names a repository that does not exist',
    region: 'us-east-1',
    event: () =>
      webEvent(
        'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/web-frontend:v2.3.1: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web-frontend:v2.3.1: not found',
        (d) => (d.containers[0].image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web-frontend:v2.3.1'),
      ),
    account: () => {
      const a = webAccount();
      a.taskDefinitions.get(a.taskDefinitionArn('web', 118))!.containers[0]!.image = a.ecrImage(
        'web-frontend',
        'v2.3.1',
      );
      return a;
    },
  }),
  scenario({
    cause: 'pull-through-cache-rule-missing',
    title: 'The image is pulled through the docker-hub/ cache prefix, but the registry has no rule for it',
    region: 'us-east-1',
    event: () =>
      webEvent(
        `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${PTC_IMAGE}: ${PTC_IMAGE}: not found`,
        (d) => (d.containers[0].image = PTC_IMAGE),
      ),
    account: () => {
      const a = webAccount();
      a.taskDefinitions.get(a.taskDefinitionArn('web', 118))!.containers[0]!.image = PTC_IMAGE;
      a.cacheRules.push({ prefix: 'ecr-public', url: 'public.ecr.aws', registry: 'ecr-public' });
      return a;
    },
  }),
  scenario({
    cause: 'image-not-found',
    title: 'Tag v2.3.1 was never pushed (examples/fargate-tag-not-found.json)',
    region: 'us-east-1',
    event: () => eventFrom('fargate-tag-not-found'),
    account: () => webAccount(),
  }),
  scenario({
    cause: 'image-archived',
    title: 'Tag v2.3.1 exists but a lifecycle rule moved it to the ECR archive (not pulled for 30 days)',
    region: 'us-east-1',
    event: () => eventFrom('fargate-tag-not-found'),
    account: () => {
      const archived: ImageSpec = {
        ...image(DIGEST('a9'), ['v2.3.1'], '2026-09-01T09:00:00Z'),
        status: 'ARCHIVED',
        archivedAt: new Date('2026-11-20T03:00:00Z'),
      };
      const a = webAccount({
        images: [
          image(DIGEST('b3'), ['v2.3.0', 'latest'], '2026-11-20T09:00:00Z'),
          archived,
          image(DIGEST('b2'), ['v2.2.9'], '2026-11-10T09:00:00Z'),
        ],
      });
      a.repositories[0]!.lifecyclePolicy = LIFECYCLE_ARCHIVE_UNPULLED;
      return a;
    },
  }),
  scenario({
    cause: 'pull-timeout',
    title: 'A 3.4 GB image stalled for 13 minutes behind the NAT gateway (agent inactivity timeout)',
    region: 'us-east-1',
    confidence: 'likely',
    event: () =>
      webEvent('CannotPullContainerError: inactivity time exceeded timeout while pulling image', (d) => {
        d.pullStartedAt = '2026-11-25T05:28:40.114Z';
        d.pullStoppedAt = '2026-11-25T05:41:58.902Z';
      }),
    account: () =>
      webAccount({
        images: [{ ...image(DIGEST('b7'), ['v2.3.1'], '2026-11-25T05:00:00Z'), sizeBytes: 3_650_000_000 }],
      }),
  }),
  scenario({
    cause: 'stale-image-digest',
    title: 'The tag was overwritten and the digest the task resolved was expired by the lifecycle policy',
    region: 'us-east-1',
    event: () =>
      webEvent(
        `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/web@${DIGEST('b0')}: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web@${DIGEST('b0')}: not found`,
        (d) => (d.containers[0].imageDigest = DIGEST('b0')),
      ),
    account: () =>
      webAccount({
        images: [
          image(DIGEST('b4'), ['v2.3.1', 'latest'], '2026-11-25T05:30:00Z'),
          image(DIGEST('b3'), ['v2.3.0'], '2026-11-20T09:00:00Z'),
          image(DIGEST('b2'), ['v2.2.9'], '2026-11-10T09:00:00Z'),
        ],
      }),
  }),
  scenario({
    cause: 'platform-mismatch',
    title: 'An ARM64 task pulls an image index that offers linux/amd64 only',
    region: 'us-east-1',
    event: () =>
      webEvent(
        "CannotPullContainerError: pull image manifest has been retried 5 time(s): image Manifest does not contain descriptor matching platform 'linux/arm64'",
      ),
    account: () => {
      const index = JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            size: 1234,
            digest: DIGEST('f1'),
            platform: { architecture: 'amd64', os: 'linux' },
          },
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            size: 566,
            digest: DIGEST('f2'),
            platform: { architecture: 'unknown', os: 'unknown' },
            annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
          },
        ],
      });
      const a = webAccount({
        images: [
          {
            digest: DIGEST('f0'),
            tags: ['v2.3.1'],
            pushedAt: new Date('2026-11-25T05:00:00Z'),
            mediaType: 'application/vnd.oci.image.index.v1+json',
            manifest: index,
          },
        ],
      });
      a.taskDefinitions.get(a.taskDefinitionArn('web', 118))!.cpuArchitecture = 'ARM64';
      return a;
    },
  }),
  scenario({
    cause: 'invalid-image-reference',
    title: 'The image string has an upper-case repository name (Fargate reports an InternalError)',
    region: 'us-east-1',
    event: () =>
      webEvent(
        'InternalError: failed to create container model: failed to normalize image reference "123456789012.dkr.ecr.us-east-1.amazonaws.com/Web:v2.3.1". Launch a new task to retry.',
        (d) => {
          d.containers[0].image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/Web:v2.3.1';
          delete d.containers[0].reason;
        },
      ),
    account: () => {
      const a = webAccount();
      a.taskDefinitions.get(a.taskDefinitionArn('web', 118))!.containers[0]!.image =
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/Web:v2.3.1';
      return a;
    },
  }),
  // ---------------- network ----------------
  scenario({
    cause: 'network-no-route',
    title: 'Private subnets without NAT and without any VPC endpoint (examples/fargate-private-subnet-timeout.json)',
    region: 'ap-northeast-1',
    autoFix: 'AutoFixVpcEndpoints',
    event: () => eventFrom('fargate-private-subnet-timeout'),
    account: () => apiAccount(),
  }),
  scenario({
    cause: 'public-ip-disabled',
    title: 'Service in public subnets (IGW route) with assignPublicIp DISABLED',
    region: 'ap-northeast-1',
    event: () => apiEvent(ECR_AUTH_TIMEOUT, (d) => setSubnet(d, IDS.publicA)),
    account: () => apiAccount({ subnets: [IDS.publicA, IDS.publicC] }),
  }),
  scenario({
    cause: 'vpc-endpoint-missing',
    title: 'ECR and logs interface endpoints exist, the S3 gateway endpoint (image layers) does not',
    region: 'ap-northeast-1',
    autoFix: 'AutoFixVpcEndpoints',
    event: () =>
      apiEvent(
        'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com/a1b2-c3d4/layer": dial tcp 52.219.16.10:443: i/o timeout',
      ),
    account: () =>
      apiAccount()
        .addInterfaceEndpoint('ecr.api', 'vpce-0a1a2a3a4a5a6a7a8')
        .addInterfaceEndpoint('ecr.dkr', 'vpce-0b1b2b3b4b5b6b7b8')
        .addInterfaceEndpoint('logs', 'vpce-0c1c2c3c4c5c6c7c8'),
  }),
  scenario({
    cause: 'vpc-dns-disabled',
    title: 'enableDnsSupport was turned off: the registry name does not resolve',
    region: 'ap-northeast-1',
    event: () =>
      apiEvent(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp: lookup api.ecr.ap-northeast-1.amazonaws.com on 10.0.0.2:53: read udp 10.0.12.34:41234->10.0.0.2:53: i/o timeout',
      ),
    account: () => {
      const a = apiAccount({ privateRoutes: [NAT_ROUTE] });
      a.vpc.dnsSupport = false;
      return a;
    },
  }),
  scenario({
    cause: 'security-group-blocks',
    title: 'The task security group allows egress to the database port only',
    region: 'ap-northeast-1',
    event: () => apiEvent(ECR_AUTH_TIMEOUT),
    account: () => {
      const a = apiAccount({ privateRoutes: [NAT_ROUTE] });
      a.group(IDS.sgTask).IpPermissionsEgress = [
        {
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
          IpRanges: [{ CidrIp: IDS.vpcCidr, Description: 'PostgreSQL' }],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ];
      return a;
    },
  }),
  scenario({
    cause: 'network-acl-blocks',
    title: "The private subnets' network ACL lets no return traffic in from the internet",
    region: 'ap-northeast-1',
    event: () => apiEvent(ECR_AUTH_TIMEOUT),
    account: () => {
      const a = apiAccount({ privateRoutes: [NAT_ROUTE] });
      a.nacls[0]!.subnetIds = [IDS.publicA, IDS.publicC];
      a.nacls.push({
        id: IDS.aclPrivate,
        isDefault: false,
        subnetIds: [IDS.privateA, IDS.privateC],
        entries: [
          { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: IDS.vpcCidr },
          { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
        ],
      });
      return a;
    },
  }),
  scenario({
    cause: 'vpc-endpoint-policy-denies',
    title: 'The ecr.api endpoint policy allows the CI role only',
    region: 'ap-northeast-1',
    event: () =>
      apiEvent(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/0f6a8c2b9d4e4b1a8f3c5d7e9a1b2c3d is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no VPC endpoint policy allows the ecr:GetAuthorizationToken action',
      ),
    account: () =>
      apiAccount()
        .addInterfaceEndpoint('ecr.api', 'vpce-0a1a2a3a4a5a6a7a8', {
          policy: {
            Statement: [
              {
                Sid: 'CiOnly',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ci-build` },
                Action: 'ecr:*',
                Resource: '*',
              },
            ],
          },
        })
        .addInterfaceEndpoint('ecr.dkr', 'vpce-0b1b2b3b4b5b6b7b8')
        .addInterfaceEndpoint('logs', 'vpce-0c1c2c3c4c5c6c7c8')
        .addS3Gateway('vpce-0d1d2d3d4d5d6d7d8', [IDS.rtbPrivate]),
  }),
  // ---------------- registry auth ----------------
  scenario({
    cause: 'registry-credentials-invalid',
    title: 'The Docker Hub credentials secret of repositoryCredentials was deleted',
    region: 'ap-northeast-1',
    event: () =>
      eventFrom('fargate-secret-not-found', (d) => {
        d.containers[0].image = 'acme/billing-worker:5.2.0';
        d.stoppedReason = `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve private registry auth from asm: service call has been retried 1 time(s): failed to fetch secret ${REGISTRY_SECRET_ARN} from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.`;
      }),
    account: () => billingAccount({ image: 'acme/billing-worker:5.2.0', credentialsParameter: REGISTRY_SECRET_ARN }),
  }),
  scenario({
    cause: 'pull-through-cache-upstream-auth',
    title: 'The Docker Hub token in the pull-through cache secret was revoked',
    region: 'us-east-1',
    event: () =>
      webEvent(
        `CannotPullContainerError: Error response from daemon: pull access denied for ${PTC_IMAGE.split(':')[0]}, repository does not exist or may require 'docker login': denied: The authentication to the upstream registry failed. Verify that the credentials provided in the pull through cache rule are correct, and try again.`,
        (d) => (d.containers[0].image = PTC_IMAGE),
      ),
    account: () => {
      const a = webAccount();
      a.taskDefinitions.get(a.taskDefinitionArn('web', 118))!.containers[0]!.image = PTC_IMAGE;
      a.cacheRules.push({
        prefix: 'docker-hub',
        url: 'registry-1.docker.io',
        registry: 'docker-hub',
        credentialArn: PTC_SECRET_ARN,
        valid: false,
        failure: 'Invalid credentials for the upstream registry',
      });
      return a;
    },
  }),
  scenario({
    cause: 'secret-or-parameter-unavailable',
    title:
      'A secrets[] entry names a Secrets Manager secret that does not exist (examples/fargate-secret-not-found.json)',
    region: 'ap-northeast-1',
    event: () => eventFrom('fargate-secret-not-found'),
    account: () =>
      billingAccount({
        secrets: [
          { name: 'DB_PASSWORD', valueFrom: SECRET_ARN },
          { name: 'API_URL', valueFrom: `arn:aws:ssm:ap-northeast-1:${ACCOUNT}:parameter/prod/billing/api-url` },
        ],
      }),
  }),
  scenario({
    cause: 'kms-decrypt-denied',
    title: 'The secret is encrypted with a customer managed key the execution role may not use',
    region: 'ap-northeast-1',
    event: () =>
      eventFrom('fargate-secret-not-found', (d) => {
        d.stoppedReason = `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret ${SECRET_ARN} from secrets manager: AccessDeniedException: Access to KMS is not allowed`;
      }),
    account: () => {
      const a = billingAccount({ secrets: [{ name: 'DB_PASSWORD', valueFrom: `${SECRET_ARN}:password::` }] });
      a.secrets.push({ arn: SECRET_ARN, name: 'prod/db-password', kmsKeyId: KMS_KEY_ARN });
      return a;
    },
  }),
  // ---------------- rate limit, host ----------------
  scenario({
    cause: 'dockerhub-rate-limit',
    title: 'Anonymous Docker Hub pulls hit the rate limit (EC2, examples/ec2-dockerhub-rate-limit.json)',
    region: 'us-west-2',
    event: () => eventFrom('ec2-dockerhub-rate-limit'),
    account: () => queueWorkerAccount(),
  }),
  scenario({
    cause: 'aws-api-throttled',
    title: 'ECR throttled GetAuthorizationToken while a deployment started many tasks (amazon-ecs-agent#498)',
    region: 'us-east-1',
    confidence: 'likely',
    event: () =>
      webEvent(
        'CannotPullECRContainerError: ThrottlingException: Rate exceeded\n        status code: 400, request id: 75567eb3-6abb-11e6-9d4c-cb4ccd1cee97',
      ),
    account: () => webAccount({ images: [image(DIGEST('b5'), ['v2.3.1'], '2026-11-25T05:30:00Z')] }),
  }),
  scenario({
    cause: 'registry-unavailable',
    title: 'Docker Hub was down: no registry endpoint answered (amazon-ecs-agent#719)',
    region: 'us-west-2',
    confidence: 'likely',
    event: () =>
      eventFrom('ec2-dockerhub-rate-limit', (d) => {
        d.containers[0].reason = 'CannotPullContainerError: Could not reach any registry endpoint';
      }),
    account: () => queueWorkerAccount(),
  }),
  scenario({
    cause: 'disk-space',
    title: "The container instance's Docker volume is full",
    region: 'us-west-2',
    event: () =>
      eventFrom('ec2-dockerhub-rate-limit', (d) => {
        d.containers[0].image = `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/queue-worker:3.4.1`;
        d.containers[0].reason =
          'CannotPullContainerError: failed to register layer: Error processing tar file(exit status 1): write /usr/lib/x86_64-linux-gnu/libLLVM-15.so.1: no space left on device';
      }),
    account: () => {
      const a = queueWorkerAccount((m) => m.ecrImage('queue-worker', '3.4.1'));
      a.repositories.push({
        registryId: ACCOUNT,
        name: 'queue-worker',
        images: [image(DIGEST('e3'), ['3.4.1'], '2026-11-01T00:00:00Z')],
      });
      return a;
    },
  }),
  // ---------------- nothing provable ----------------
  scenario({
    cause: 'unknown',
    title: 'An unrecognised stop reason, and every read is denied (e.g. an SCP on the function role)',
    region: 'ap-northeast-1',
    confidence: 'possible',
    event: () =>
      apiEvent(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: an internal error occurred. Launch a new task to retry.',
      ),
    account: () => {
      const a = apiAccount();
      const denied = new AccountModel(a.region);
      // Installs nothing but denials: every read of every service is AccessDenied.
      denied.install = () => {
        for (const name of ['ecs', 'ec2', 'ecr', 'iam', 'route53', 'secretsManager', 'ssm'] as const) {
          mocks[name].callsFake(async () => {
            throw awsError(
              name === 'ec2'
                ? 'UnauthorizedOperation'
                : name === 'iam' || name === 'route53'
                  ? 'AccessDenied'
                  : 'AccessDeniedException',
              403,
              'with an explicit deny in a service control policy',
            );
          });
        }
        let n = 0;
        mocks.sns
          .on(PublishCommand)
          .callsFake(async () => ({ MessageId: `5a1e1b7c-0000-4000-8000-${String(++n).padStart(12, '0')}` }));
      };
      return denied;
    },
  }),
];

/** One scenario per cause id (including `unknown`). */
export const SCENARIOS: Record<CauseId, Scenario> = Object.fromEntries(DEFINITIONS.map((s) => [s.cause, s])) as Record<
  CauseId,
  Scenario
>;

// ---------------------------------------------------------------------------------------------
// Issue 16: one EC2 scenario per class of message the EC2 launch type brings (the instance-role one is
// SCENARIOS['instance-role-ecr-permissions']). Each title says what is wrong; `cause` is what must be found.
// ---------------------------------------------------------------------------------------------

const WORKER_IMAGE = `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/queue-worker:3.4.1`;
const WORKER_SECRET = `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:prod/worker-token-AbCdEf`;

/** The queue-worker service on EC2 (us-west-2), bridge mode, on an instance in `subnetId`, execution role set. */
function workerAccount(opts: {
  privateRoutes?: Route[];
  subnetId?: string;
  publicIp?: string;
  containers?: ContainerSpec[];
}): AccountModel {
  const a = withExecutionRole(withVpc(new AccountModel('us-west-2'), opts.privateRoutes ?? []));
  withContainerInstance(a, EC2_WORKERS_INSTANCE, {
    subnetId: opts.subnetId ?? IDS.privateA,
    ...(opts.publicIp ? { publicIp: opts.publicIp } : {}),
  });
  a.addTaskDefinition({
    family: 'queue-worker',
    revision: 12,
    executionRoleArn: IDS.executionRole,
    networkMode: 'bridge',
    requiresCompatibilities: ['EC2'],
    containers: opts.containers ?? [{ name: 'worker', image: WORKER_IMAGE, awslogs: true }],
  });
  a.repositories.push({
    registryId: ACCOUNT,
    name: 'queue-worker',
    images: [image(DIGEST('e3'), ['3.4.1'], '2026-11-01T00:00:00Z')],
  });
  return a;
}

function workerEvent(reason: string, edit: (detail: Json) => void = () => {}): Json {
  return eventFrom('ec2-dockerhub-rate-limit', (d) => {
    d.containers[0].image = WORKER_IMAGE;
    d.containers[0].reason = reason;
    edit(d);
  });
}

export const EC2_SCENARIOS = {
  bridgePrivateNoNat: scenario({
    cause: 'network-no-route',
    title: 'EC2 bridge mode: the instance is in a private subnet without NAT and there are no endpoints',
    region: 'us-west-2',
    event: () =>
      workerEvent(
        'CannotPullContainerError: Error response from daemon: Get "https://123456789012.dkr.ecr.us-west-2.amazonaws.com/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      ),
    account: () => workerAccount({}),
  }),
  bridgePublicNoIp: scenario({
    cause: 'public-ip-disabled',
    title: 'EC2 bridge mode: the instance is in a public subnet but has no public IP',
    region: 'us-west-2',
    event: () =>
      workerEvent(
        'CannotPullContainerError: Error response from daemon: Get "https://123456789012.dkr.ecr.us-west-2.amazonaws.com/v2/": dial tcp 52.94.177.40:443: i/o timeout',
      ),
    account: () => workerAccount({ subnetId: IDS.publicA }),
  }),
  agentSecretWording: scenario({
    cause: 'secret-or-parameter-unavailable',
    title: "EC2 agent's own wording: the secret the task definition names does not exist",
    region: 'us-west-2',
    event: () =>
      workerEvent('', (d) => {
        delete d.containers[0].reason;
        d.stoppedReason =
          `Fetching secret data from AWS Secrets Manager in region us-west-2: secret ${WORKER_SECRET}: ` +
          "ResourceNotFoundException: Secrets Manager can't find the specified secret.\n\tstatus code: 400, " +
          'request id: 0b6d2f7e-3c8a-4d1f-9e2b-5a7c8d9e0f1a';
      }),
    account: () =>
      workerAccount({
        containers: [
          {
            name: 'worker',
            image: WORKER_IMAGE,
            awslogs: true,
            secrets: [{ name: 'WORKER_TOKEN', valueFrom: WORKER_SECRET }],
          },
        ],
      }),
  }),
  dockerHubTagNotFound: scenario({
    cause: 'image-not-found',
    title: 'EC2, Docker Hub image: the tag does not exist (not a rate limit)',
    region: 'us-west-2',
    confidence: 'possible',
    event: () =>
      eventFrom('ec2-dockerhub-rate-limit', (d) => {
        d.containers[0].image = 'nginx:1.99.9';
        d.containers[0].reason =
          'CannotPullContainerError: Error response from daemon: manifest for nginx:1.99.9 not found: manifest unknown: manifest unknown';
      }),
    account: () => workerAccount({ containers: [{ name: 'worker', image: 'nginx:1.99.9', awslogs: true }] }),
  }),
  sidecar: scenario({
    cause: 'image-not-found',
    title: 'EC2: the essential container exited; only the non-essential X-Ray sidecar failed to pull (tag missing)',
    region: 'us-west-2',
    event: () =>
      workerEvent('', (d) => {
        d.stopCode = 'EssentialContainerExited';
        d.stoppedReason = 'Essential container in task exited';
        d.containers[0].exitCode = 1;
        delete d.containers[0].reason;
        d.containers.push({
          ...structuredClone(d.containers[0]),
          name: 'xray-daemon',
          image: `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/xray-daemon:3.3.99`,
          reason:
            'CannotPullContainerError: Error response from daemon: manifest for 123456789012.dkr.ecr.us-west-2.amazonaws.com/xray-daemon:3.3.99 not found: manifest unknown: manifest unknown',
        });
        delete d.containers[1].exitCode;
      }),
    account: () => {
      const a = workerAccount({
        privateRoutes: [NAT_ROUTE],
        containers: [
          { name: 'worker', image: WORKER_IMAGE, awslogs: true },
          {
            name: 'xray-daemon',
            image: `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/xray-daemon:3.3.99`,
            essential: false,
          },
        ],
      });
      a.repositories.push({
        registryId: ACCOUNT,
        name: 'xray-daemon',
        images: [image(DIGEST('f1'), ['3.3.12', 'latest'], '2026-10-01T00:00:00Z')],
      });
      return a;
    },
  }),
  instanceRoleAllowed: scenario({
    cause: 'unknown',
    title: 'EC2, no execution role: the instance role has AmazonEC2ContainerServiceforEC2Role (the text is stale)',
    region: 'eu-west-1',
    confidence: 'possible',
    event: () => SCENARIOS['instance-role-ecr-permissions'].event,
    account: () => batchInstanceAccount([INSTANCE_POLICY]),
  }),
} as const satisfies Record<string, Scenario>;

// ---------------------------------------------------------------------------------------------
// Issue 20: IPv6-only and dual-stack subnets (the api service of apiAccount, its private subnets given IPv6).
// ---------------------------------------------------------------------------------------------

const IPV6_VPC = '2406:da14:0abc:7d00::/56';
const EIGW = 'eigw-0a1b2c3d4e5f60718';
const EIGW_ROUTE: Route = {
  DestinationIpv6CidrBlock: '::/0',
  EgressOnlyInternetGatewayId: EIGW,
  Origin: 'CreateRoute',
  State: 'active',
};

/** The VPC gets an IPv6 block, the private subnets one /64 each: IPv6-only (no IPv4 range) or dual-stack. */
function withIpv6(a: AccountModel, stack: 'ipv6-only' | 'dual-stack'): AccountModel {
  a.vpc.ipv6Cidr = IPV6_VPC;
  a.subnets.forEach((s, i) => {
    if (s.id !== IDS.privateA && s.id !== IDS.privateC) return;
    s.ipv6Cidr = IPV6_VPC.replace('7d00::/56', `7d0${i}::/64`);
    if (stack === 'ipv6-only') s.ipv6Native = true;
  });
  // As AWS does for a VPC's IPv6 block: the default network ACL allows IPv6 too (rule 101, then the ::/0
  // deny), and egress that allows all IPv4 allows ::/0 as well.
  for (const acl of a.nacls)
    for (const egress of [true, false])
      acl.entries.push(
        { RuleNumber: 101, Protocol: '-1', RuleAction: 'allow', Egress: egress, Ipv6CidrBlock: '::/0' },
        { RuleNumber: 32768, Protocol: '-1', RuleAction: 'deny', Egress: egress, Ipv6CidrBlock: '::/0' },
      );
  for (const g of a.securityGroups)
    for (const p of g.IpPermissionsEgress ?? [])
      if (p.IpProtocol === '-1' && p.IpRanges?.some((r) => r.CidrIp === '0.0.0.0/0'))
        p.Ipv6Ranges = [{ CidrIpv6: '::/0' }];
  return a;
}

/** The api image by ECR's dual-stack name (same repository and tag as apiAccount's). */
const API_DUAL_IMAGE = `${ACCOUNT}.dkr-ecr.ap-northeast-1.on.aws/api:2026.11.24-3`;

export const IPV6_SCENARIOS = {
  ipv6OnlyClassicName: scenario({
    cause: 'network-no-route',
    title: 'IPv6-only subnets with an egress-only gateway pull by the classic ECR name, which has IPv4 addresses only',
    region: 'ap-northeast-1',
    event: () =>
      apiEvent(
        'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ' +
          `${ACCOUNT}.dkr.ecr.ap-northeast-1.amazonaws.com/api:2026.11.24-3: failed to do request: Head ` +
          `"https://${ACCOUNT}.dkr.ecr.ap-northeast-1.amazonaws.com/v2/api/manifests/2026.11.24-3": ` +
          'dial tcp 3.112.64.10:443: connect: network is unreachable',
      ),
    account: () => withIpv6(apiAccount({ privateRoutes: [EIGW_ROUTE] }), 'ipv6-only'),
  }),
  // The registry-auth wording of aws/containers-roadmap#2287 (test/fixtures/corpus/public-messages.json), moved
  // from eu-west-3 to this account's Region: the image by ECR's dual-stack name, the auth call to an IPv4 name.
  ipv6OnlyDualNameAuth: scenario({
    cause: 'network-no-route',
    confidence: 'possible',
    title: 'IPv6-only subnets, the image by ECR’s dual-stack name, registry auth timing out on the IPv4-only API name',
    region: 'ap-northeast-1',
    event: () =>
      apiEvent(
        'ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth ' +
          'from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network ' +
          'configuration. operation error ECR: GetAuthorizationToken, exceeded maximum number of attempts, 3, https ' +
          'response error StatusCode: 0, RequestID: , request send failed, Post ' +
          '"https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp 99.77.52.130:443: i/o timeout.',
        (d) => {
          for (const c of d.containers) c.image = API_DUAL_IMAGE;
        },
      ),
    account: () => {
      const a = withIpv6(apiAccount({ privateRoutes: [EIGW_ROUTE] }), 'ipv6-only');
      a.taskDefinitions.get(a.taskDefinitionArn('api', 42))!.containers[0]!.image = API_DUAL_IMAGE;
      return a;
    },
  }),
  dualStackNameBehindEndpoints: scenario({
    cause: 'network-no-route',
    title:
      'Private IPv4 subnets with every ECR endpoint and no NAT: the image by ECR’s dual-stack name, which no endpoint serves',
    region: 'ap-northeast-1',
    event: () =>
      apiEvent(
        'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ' +
          `${ACCOUNT}.dkr-ecr.ap-northeast-1.on.aws/api:2026.11.24-3: failed to do request: Head ` +
          `"https://${ACCOUNT}.dkr-ecr.ap-northeast-1.on.aws/v2/api/manifests/2026.11.24-3": dial tcp ` +
          '13.112.9.41:443: i/o timeout',
        (d) => {
          for (const c of d.containers) c.image = API_DUAL_IMAGE;
        },
      ),
    account: () => {
      const a = apiAccount()
        .addInterfaceEndpoint('ecr.api', 'vpce-0a1a2a3a4a5a6a7a8')
        .addInterfaceEndpoint('ecr.dkr', 'vpce-0b1b2b3b4b5b6b7b8')
        .addInterfaceEndpoint('logs', 'vpce-0c1c2c3c4c5c6c7c8')
        .addS3Gateway('vpce-0d1d2d3d4d5d6d7d8', [IDS.rtbPrivate]);
      a.taskDefinitions.get(a.taskDefinitionArn('api', 42))!.containers[0]!.image = API_DUAL_IMAGE;
      return a;
    },
  }),
};
