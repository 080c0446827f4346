/** Builds Diagnosis fixtures for the remediation tests (our own builder; pure data, no I/O). */
import { CAUSES, type CauseId, type Diagnosis, type FixInputs, type Resources } from '../../../lambda/domain/diagnosis';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const VPC = 'vpc-0a1b2c3d4e5f60718';
export const SUBNET_A = 'subnet-0aaa1111aaaa1111a';
export const SUBNET_B = 'subnet-0bbb2222bbbb2222b';
export const RTB_A = 'rtb-0aaa1111aaaa1111a';
export const RTB_B = 'rtb-0bbb2222bbbb2222b';
/** The VPC's main route table (no task subnet uses it unless a test says so). */
export const RTB_MAIN = 'rtb-0eee9999eeee9999e';
export const TASK_SG = 'sg-0task1111task1111';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ecs/web-execution-role`;
export const IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/team/web:1.4.2`;

/** Overrides where `undefined` means "absent" (the key is dropped after the merge). */
export type Loose<T> = { [K in keyof T]?: T[K] | undefined };

/** The object without its keys whose value is `undefined` (exactOptionalPropertyTypes: absent, not undefined). */
export function dropUndefined<T extends object>(o: Loose<T>): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function resources(overrides: Loose<Resources> = {}): Resources {
  return dropUndefined<Resources>({
    account: ACCOUNT,
    region: REGION,
    cluster: 'prod',
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`,
    service: 'web',
    task: '0123456789abcdef0123456789abcdef',
    taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/0123456789abcdef0123456789abcdef`,
    taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web:7`,
    family: 'web',
    launchType: 'FARGATE',
    container: 'app',
    image: IMAGE,
    executionRoleArn: ROLE_ARN,
    repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team/web`,
    vpcId: VPC,
    vpcCidrs: ['10.0.0.0/16'],
    subnetIds: [SUBNET_A, SUBNET_B],
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    routeTableIds: [RTB_A, RTB_B],
    securityGroupIds: [TASK_SG],
    ...overrides,
  });
}

/** Fix inputs a full evidence diagnosis of a private subnet without NAT would carry. */
export const NETWORK_FIX_INPUTS: FixInputs = {
  neededEndpoints: ['ecr.api', 'ecr.dkr', 's3', 'logs'],
  missingEndpoints: ['ecr.api', 'ecr.dkr', 's3', 'logs'],
  routeTablesWithoutS3: [RTB_A, RTB_B],
  endpointSubnetIds: [SUBNET_A, SUBNET_B],
  subnetAzs: { [SUBNET_A]: 'us-east-1a', [SUBNET_B]: 'us-east-1b' },
  mainRouteTableId: RTB_MAIN,
  subnetsOnMainRouteTable: [],
  interfaceEndpointsLackingAzs: [],
  vpcDnsSupport: true,
  vpcDnsHostnames: true,
  vpcCustomDns: false,
  assignPublicIp: 'DISABLED',
};

export const ROLE_FIX_INPUTS: FixInputs = {
  denyKind: 'implicit',
  permissionsMethod: 'simulation',
  attachedPolicyArns: [],
  roleInSameAccount: true,
  // iam:GetRole of ROLE_ARN: an ECS execution role under /ecs/, untagged (in the default role scope "/").
  executionRole: { trustsEcsTasks: true, path: '/ecs/', tags: {} },
};

export interface DiagnosisOptions {
  confidence?: Diagnosis['confidence'];
  fixInputs?: Loose<FixInputs>;
  resources?: Loose<Resources>;
  mode?: Diagnosis['mode'];
  ignoredReason?: string;
}

export function diagnosis(cause: CauseId, opts: DiagnosisOptions = {}): Diagnosis {
  const defaults: FixInputs =
    cause === 'execution-role-ecr-permissions'
      ? ROLE_FIX_INPUTS
      : cause === 'network-no-route' || cause === 'vpc-endpoint-missing'
        ? NETWORK_FIX_INPUTS
        : {};
  return {
    cause,
    family: CAUSES[cause],
    confidence: opts.confidence ?? 'proven',
    candidates: [cause],
    evidence: [],
    unchecked: [],
    resources: resources(opts.resources),
    // A confirmed task by default (the account returned it): tests of refusals say otherwise explicitly.
    fixInputs: dropUndefined<FixInputs>({
      taskConfirmation: { confirmed: true },
      ...defaults,
      ...(opts.fixInputs ?? {}),
    }),
    stopReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
    mode: opts.mode ?? 'evidence',
    ...(opts.ignoredReason ? { ignoredReason: opts.ignoredReason } : {}),
  };
}
