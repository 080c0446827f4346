/**
 * Facts gathered from the account. Every field is a Fact<T>: known, or unknown with the reason
 * (AccessDenied, throttled, deadline, …). A field left undefined was not gathered because the
 * candidate causes did not need it. Records are plain data (no SDK types) so that diagnose/ stays pure
 * and tests build them with test/helpers/facts.ts.
 */
import type { Fact } from '../aws/call';
import type { Clients } from '../aws/clients';
import type { ImageRef } from '../domain/image-ref';
import type { CallBudget } from './probes/budget';
import type { NetworkFacts } from './network-types';
import type { EcrFacts, ImageConfigFacts } from './ecr-types';
import type { PolicyDocument } from './policy-eval/document';

export type { Fact, Known, Unknown } from '../aws/call';
export type * from './network-types';
export type * from './ecr-types';

// ---------- task ----------

export interface SecretRef {
  /** Environment variable name. */
  name: string;
  /** Secrets Manager ARN (optionally with :json-key:version-stage:version-id) or SSM parameter name/ARN. */
  valueFrom: string;
}

export interface ContainerDefinitionFacts {
  name: string;
  image?: string;
  /** ECS default: true. */
  essential: boolean;
  /** repositoryCredentials.credentialsParameter (a Secrets Manager ARN or name). */
  credentialsParameter?: string;
  secrets: SecretRef[];
  logDriver?: string;
  /** awslogs-region option when the driver is awslogs. */
  logRegion?: string;
}

export interface TaskDefinitionFacts {
  arn: string;
  family?: string;
  executionRoleArn?: string;
  networkMode?: string;
  requiresCompatibilities: string[];
  /** runtimePlatform.operatingSystemFamily, e.g. "LINUX". */
  osFamily?: string;
  /** runtimePlatform.cpuArchitecture, e.g. "ARM64". */
  cpuArchitecture?: string;
  containers: ContainerDefinitionFacts[];
}

export interface ServiceFacts {
  name: string;
  arn?: string;
  launchType?: string;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
}

/**
 * The stopped task as ecs:DescribeTasks returns it (read back from the account, never from the event).
 * Writes are allowed only when this confirms what the event claims (diagnose/confirm-task.ts).
 */
export interface ConfirmedTaskFacts {
  taskArn: string;
  clusterArn?: string;
  lastStatus?: string;
  taskDefinitionArn?: string;
  /** "service:NAME" for a service task, "family:NAME" for a standalone task. */
  group?: string;
  launchType?: string;
  availabilityZone?: string;
  /** Subnets of the task's ENI attachment (awsvpc), empty otherwise. */
  subnetIds: string[];
  containers: Array<{ name: string; image?: string }>;
  stopCode?: string;
  stoppedReason?: string;
  /** The image-pull failure the account's own record of the task shows (task or container reason), if any. */
  pullFailure?: { reason: string; container?: string };
}

// ---------- the container instance (EC2 and EXTERNAL launch types) ----------

/** ecs:DescribeContainerInstances of the task's container instance (its ARN from the event, read in its cluster). */
export interface ContainerInstanceFacts {
  arn: string;
  /** The EC2 instance behind it (none for an EXTERNAL instance). */
  ec2InstanceId?: string;
  agentVersion?: string;
}

/**
 * ec2:DescribeInstances of that instance: the network a bridge/host task pulls through, and the instance
 * profile whose role pulls from ECR when the task definition has no execution role.
 */
export interface Ec2InstanceFacts {
  id: string;
  subnetId?: string;
  vpcId?: string;
  availabilityZone?: string;
  securityGroupIds: string[];
  /** The instance's public IPv4 address (none: it has no public address). */
  publicIp?: string;
  instanceProfileArn?: string;
}

/** iam:GetInstanceProfile: the role the instance's credentials come from (a profile holds at most one). */
export interface InstanceProfileFacts {
  arn: string;
  roleArn?: string;
}

// ---------- IAM ----------

export type EvalDecision = 'allowed' | 'implicitDeny' | 'explicitDeny';

export interface PermissionCheck {
  action: string;
  resource: string;
  decision: EvalDecision;
  /** Where the deny came from when AWS says so (permissions boundary, SCP). */
  deniedBy?: 'identity' | 'permissions-boundary' | 'organizations' | 'unknown';
  /**
   * Condition keys the evaluation needed but did not have (SimulatePrincipalPolicy MissingContextValues, or
   * keys the fallback evaluator cannot evaluate): the decision is then not proof either way.
   */
  missingContextValues?: string[];
}

/** The execution role itself (iam:GetRole): who may assume it, where it lives, how it is tagged. */
export interface RoleFacts {
  arn: string;
  /** IAM path, e.g. "/" or "/ecs/". */
  path: string;
  /** Its trust policy allows ecs-tasks.amazonaws.com to assume it (an ECS task role or execution role). */
  trustsEcsTasks: boolean;
  tags: Record<string, string>;
  permissionsBoundaryArn?: string;
}

export interface IamFacts {
  roleArn: string;
  /**
   * Whose permissions these are: the task's execution role, or — on EC2 without an execution role — the
   * container instance's role, which then pulls from ECR (absent: the execution role).
   */
  principal?: 'execution-role' | 'instance-role';
  method: 'simulation' | 'policy-documents';
  checks: PermissionCheck[];
  /** Managed policy ARNs attached to the role, when listed. */
  attachedPolicyArns?: string[];
  /** policy-documents only: documents that could not be read (ids, the API that failed, reason). */
  unreadPolicies?: Array<{ policy: string; api?: string; reason: string }>;
  /** policy-documents only: why iam:SimulatePrincipalPolicy could not be used (so the fallback ran). */
  simulationFailure?: { api: string; reason: string };
  /** policy-documents only: the documents read (to evaluate late checks such as kms:Decrypt). */
  documents?: PolicyDocument[];
  /** iam:GetRole of the role (trust, path, tags), when read. */
  role?: Fact<RoleFacts>;
}

// ---------- secrets ----------

export interface SecretMetadata {
  /** The reference as written in the task definition. */
  ref: string;
  kind: 'secretsmanager' | 'ssm';
  /** Resolved ARN (Secrets Manager) or name (SSM). */
  id: string;
  region: string;
  /** For what: "registry-credentials" or "secret". */
  use: 'registry-credentials' | 'secret';
  exists: Fact<boolean>;
  /** KMS key id/ARN when not the AWS managed key. */
  kmsKeyId?: string;
  /** Secret marked for deletion. */
  deletedDate?: string;
}

export interface SecretsFacts {
  items: SecretMetadata[];
}

// ---------- all ----------

export interface Facts {
  /** ecs:DescribeTasks of the stopped task; null = the account does not return it (MISSING, forged or expired). */
  task?: Fact<ConfirmedTaskFacts | null>;
  taskDefinition?: Fact<TaskDefinitionFacts>;
  /** null: not a service task, or the service is gone. */
  service?: Fact<ServiceFacts | null>;
  network?: NetworkFacts;
  /** The task's container instance (EC2/EXTERNAL), its EC2 instance and that instance's profile. */
  containerInstance?: Fact<ContainerInstanceFacts>;
  ec2Instance?: Fact<Ec2InstanceFacts>;
  instanceProfile?: Fact<InstanceProfileFacts>;
  iam?: Fact<IamFacts>;
  ecr?: EcrFacts;
  secrets?: SecretsFacts;
  /** The facts of the probes cause modules bring along (facts/image-probe.ts), by the probe's check name. */
  probed?: Readonly<Record<string, Fact<unknown>>>;
  /** Probes skipped for the call budget or because they did not apply, with the reason. */
  skipped: Array<{ check: string; api: string; reason: string }>;
  /** Number of AWS calls made. */
  calls: number;
}

/**
 * Preflight (issue 19): a task definition not deployed yet is given, not read (`taskDefinition`), and every
 * container's checks may take more calls (`maxCalls`). (Nothing to read back: its call plan says `needs.task: false`.)
 */
export interface GatherOptions {
  /** Preflight: the task definition to examine (nothing is read back for a task that never ran). */
  taskDefinition?: TaskDefinitionFacts;
  /** Preflight: the network configuration the task would get (its flags, over the service read beforehand). */
  service?: ServiceFacts;
  /**
   * Preflight: the probe that reads a single-platform image's config blob (facts/probes/image-config.ts) for its
   * platform. Given, not imported here: the function never reads image content, nor bundles the code that would.
   */
  readImageConfig?: (
    clients: Clients,
    budget: CallBudget,
    ref: ImageRef,
    configDigest: string,
  ) => Promise<Fact<ImageConfigFacts>>;
  maxCalls?: number;
}
