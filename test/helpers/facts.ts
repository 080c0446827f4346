/**
 * Builders for pure diagnosis tests: a StoppedTask/PullFailure and a Facts record with sensible
 * defaults (Fargate service task in a private subnet with a NAT route, ECR image in the same account).
 * Override what a test is about: facts({ network: net({ routes: noDefaultRoute() }) }).
 */
import type { PullFailure } from '../../lambda/event/pull-failure';
import type { StoppedTask } from '../../lambda/event/schema';
import type {
  ContainerDefinitionFacts,
  EcrFacts,
  Facts,
  HostedZoneFacts,
  IamFacts,
  NetworkAclFacts,
  NetworkFacts,
  RouteFacts,
  RouteTableFacts,
  SecurityGroupFacts,
  ServiceFacts,
  TaskDefinitionFacts,
  VpcEndpointFacts,
  Unknown,
} from '../../lambda/facts/types';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:1.4.2`;
export const REPO_ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/web`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
export const TD_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web:7`;

export function task(over: Partial<StoppedTask> = {}): StoppedTask {
  return {
    account: ACCOUNT,
    region: REGION,
    taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/0123456789abcdef0123456789abcdef`,
    taskId: '0123456789abcdef0123456789abcdef',
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`,
    clusterName: 'prod',
    taskDefinitionArn: TD_ARN,
    group: 'service:web',
    serviceName: 'web',
    family: 'web',
    launchType: 'FARGATE',
    stopCode: 'TaskFailedToStart',
    stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref',
    containers: [{ name: 'web', image: IMAGE, lastStatus: 'STOPPED' }],
    subnetIds: ['subnet-0a1'],
    availabilityZone: 'us-east-1a',
    ...over,
  };
}

export function failure(
  reason: string,
  over: { task?: Partial<StoppedTask>; image?: string; imageDigest?: string; stoppedForOther?: boolean } = {},
): PullFailure {
  const image = over.image ?? IMAGE;
  const t = task({
    stoppedReason: reason,
    containers: [
      { name: 'web', image, lastStatus: 'STOPPED', ...(over.imageDigest ? { imageDigest: over.imageDigest } : {}) },
    ],
    ...over.task,
  });
  return {
    task: t,
    reason,
    source: 'task',
    container: t.containers[0]!,
    image,
    otherFailingContainers: [],
    taskStoppedForOtherReason: over.stoppedForOther ?? false,
  };
}

export const known = <T>(value: T) => ({ ok: true as const, value });
export const denied = (api: string): Unknown => ({
  ok: false,
  api,
  kind: 'access-denied',
  errorName: 'AccessDeniedException',
  reason: `${api}: AccessDeniedException`,
});

export function container(over: Partial<ContainerDefinitionFacts> = {}): ContainerDefinitionFacts {
  return { name: 'web', image: IMAGE, essential: true, secrets: [], logDriver: 'awslogs', ...over };
}

export function taskDef(over: Partial<TaskDefinitionFacts> = {}): TaskDefinitionFacts {
  return {
    arn: TD_ARN,
    family: 'web',
    executionRoleArn: ROLE,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    containers: [container()],
    ...over,
  };
}

export function service(over: Partial<ServiceFacts> = {}): ServiceFacts {
  return { name: 'web', subnets: ['subnet-0a1'], securityGroups: ['sg-task'], assignPublicIp: 'DISABLED', ...over };
}

export const route = (
  destination: string,
  targetKind: RouteFacts['targetKind'],
  targetId: string,
  state = 'active',
): RouteFacts => ({ destination, targetKind, targetId, state });
export const natRoute = () => route('0.0.0.0/0', 'nat', 'nat-0abc');
export const igwRoute = () => route('0.0.0.0/0', 'igw', 'igw-0abc');
export const s3Route = () => route('pl-63a5400a', 'gateway-endpoint', 'vpce-s3');

export function routeTable(routes: RouteFacts[], over: Partial<RouteTableFacts> = {}): RouteTableFacts {
  return {
    id: 'rtb-0a1',
    vpcId: 'vpc-0a',
    subnetIds: ['subnet-0a1'],
    main: false,
    routes: [route('10.0.0.0/16', 'local', 'local'), ...routes],
    ...over,
  };
}

export function endpoint(svc: string, over: Partial<VpcEndpointFacts> = {}): VpcEndpointFacts {
  const gateway = svc === 's3';
  return {
    id: `vpce-${svc.replace('.', '')}`,
    serviceName: `com.amazonaws.${REGION}.${svc}`,
    type: gateway ? 'Gateway' : 'Interface',
    state: 'available',
    privateDnsEnabled: !gateway,
    subnetIds: gateway ? [] : ['subnet-0a1'],
    groupIds: gateway ? [] : ['sg-endpoint'],
    routeTableIds: gateway ? ['rtb-0a1'] : [],
    ...over,
  };
}

export const allEndpoints = () => ['ecr.api', 'ecr.dkr', 's3', 'logs'].map((s) => endpoint(s));

export const egress443 = (dest: { cidr?: string; pl?: string; sg?: string }) => ({
  protocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  cidrs: dest.cidr ? [dest.cidr] : [],
  ipv6Cidrs: [],
  prefixListIds: dest.pl ? [dest.pl] : [],
  groupIds: dest.sg ? [dest.sg] : [],
});
export const allTraffic = () => ({
  protocol: '-1',
  cidrs: ['0.0.0.0/0'],
  ipv6Cidrs: [],
  prefixListIds: [],
  groupIds: [],
});

export function securityGroups(
  over: { task?: Partial<SecurityGroupFacts>; endpoint?: Partial<SecurityGroupFacts> } = {},
): SecurityGroupFacts[] {
  return [
    { id: 'sg-task', vpcId: 'vpc-0a', ingress: [], egress: [allTraffic()], ...over.task },
    {
      id: 'sg-endpoint',
      vpcId: 'vpc-0a',
      ingress: [egress443({ cidr: '10.0.0.0/16' })],
      egress: [allTraffic()],
      ...over.endpoint,
    },
  ];
}

export function nacl(entries?: NetworkAclFacts['entries']): NetworkAclFacts {
  return {
    id: 'acl-0a',
    subnetIds: ['subnet-0a1'],
    entries: entries ?? [
      { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
      { ruleNumber: 32767, egress: true, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' },
      { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
      { ruleNumber: 32767, egress: false, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' },
    ],
  };
}

export interface NetOptions {
  routes?: RouteFacts[];
  tables?: RouteTableFacts[];
  endpoints?: VpcEndpointFacts[];
  groups?: SecurityGroupFacts[];
  acls?: NetworkAclFacts[];
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
  dns?: string[];
  /** Private hosted zones of the VPC (route53:ListHostedZonesByVPC), or the failed read; absent: not gathered. */
  zones?: HostedZoneFacts[] | Unknown;
}

export function net(o: NetOptions = {}): NetworkFacts {
  return {
    subnets: known([
      {
        id: 'subnet-0a1',
        vpcId: 'vpc-0a',
        availabilityZone: 'us-east-1a',
        cidr: '10.0.1.0/24',
        mapPublicIpOnLaunch: false,
      },
    ]),
    routeTables: known(o.tables ?? [routeTable(o.routes ?? [natRoute()])]),
    endpoints: known(o.endpoints ?? []),
    securityGroups: known(o.groups ?? securityGroups()),
    networkAcls: known(o.acls ?? [nacl()]),
    dnsSupport: known(o.dnsSupport ?? true),
    dnsHostnames: known(o.dnsHostnames ?? true),
    dhcp: known({ id: 'dopt-0a', domainNameServers: o.dns ?? ['AmazonProvidedDNS'] }),
    ...(o.zones ? { hostedZones: Array.isArray(o.zones) ? known(o.zones) : o.zones } : {}),
  };
}

/** IAM facts with every listed action/resource allowed unless overridden. */
export function iam(
  over: Partial<IamFacts> & { deny?: Array<[string, string, 'implicitDeny' | 'explicitDeny']> } = {},
): IamFacts {
  const base: Array<[string, string]> = [
    ['ecr:GetAuthorizationToken', '*'],
    ['ecr:BatchCheckLayerAvailability', REPO_ARN],
    ['ecr:GetDownloadUrlForLayer', REPO_ARN],
    ['ecr:BatchGetImage', REPO_ARN],
  ];
  const { deny = [], ...rest } = over;
  const checks = base.map(([action, resource]) => {
    const d = deny.find((x) => x[0] === action && x[1] === resource);
    return { action, resource, decision: d ? d[2] : ('allowed' as const) };
  });
  for (const d of deny)
    if (!checks.some((c) => c.action === d[0] && c.resource === d[1]))
      checks.push({ action: d[0], resource: d[1], decision: d[2] });
  return { roleArn: ROLE, method: 'simulation', checks, ...rest };
}

export function ecr(over: Partial<EcrFacts> = {}): EcrFacts {
  return {
    sameAccount: true,
    image: known({
      repositoryExists: true,
      tagDigest: `sha256:${'a'.repeat(64)}`,
      manifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    }),
    tags: known({ recentTags: ['1.4.3', '1.4.2'], imageCount: 2 }),
    repositoryPolicy: known(null),
    lifecyclePolicy: known(null),
    ...over,
  };
}

export function facts(over: Partial<Facts> = {}): Facts {
  return {
    taskDefinition: known(taskDef()),
    service: known(service()),
    skipped: [],
    calls: 0,
    ...over,
  };
}
