/**
 * The diagnosis contract. Cause ids and family names are public: CLI JSON, SNS message attributes,
 * metrics. Adding a cause: its id here, its module in ../causes/ (docs/design.md "Adding a cause").
 */

import type { WhatChanged } from './change';
import type { NamedInStopReason } from './named-in-text';

export const CAUSES = {
  'execution-role-missing': 'permissions',
  'execution-role-ecr-permissions': 'permissions',
  'instance-role-ecr-permissions': 'permissions',
  'repository-policy-denies': 'permissions',
  'repository-not-found': 'image',
  'image-not-found': 'image',
  'image-archived': 'image',
  'pull-timeout': 'image',
  'stale-image-digest': 'image',
  'pull-through-cache-rule-missing': 'image',
  'platform-mismatch': 'image',
  'invalid-image-reference': 'image',
  'network-no-route': 'network',
  'public-ip-disabled': 'network',
  'vpc-endpoint-missing': 'network',
  'vpc-dns-disabled': 'network',
  'security-group-blocks': 'network',
  'network-acl-blocks': 'network',
  'vpc-endpoint-policy-denies': 'network',
  'registry-credentials-invalid': 'registry-auth',
  'secret-or-parameter-unavailable': 'registry-auth',
  'kms-decrypt-denied': 'registry-auth',
  'pull-through-cache-upstream-auth': 'registry-auth',
  'dockerhub-rate-limit': 'rate-limit',
  'aws-api-throttled': 'transient',
  'registry-unavailable': 'transient',
  'disk-space': 'host',
  unknown: 'unknown',
} as const;

export type CauseId = keyof typeof CAUSES;
export type Family = (typeof CAUSES)[CauseId];
export const CAUSE_IDS = Object.keys(CAUSES) as CauseId[];
export const FAMILIES = [...new Set(Object.values(CAUSES))] as Family[];

export function familyOf(cause: CauseId): Family {
  return CAUSES[cause];
}

export type Confidence = 'proven' | 'likely' | 'possible';

/** Four verdicts, not two (STYLE.md): a check that could not run is never a pass. */
export type EvidenceResult = 'proven' | 'ruled-out' | 'unknown' | 'not-applicable' | 'info';

export interface Evidence {
  /** Stable id of the check, e.g. "route-table-default-route". */
  check: string;
  result: EvidenceResult;
  /** One specific sentence with resource ids: what was looked at and what was found. */
  detail: string;
  /** The cause this piece of evidence supports or rules out, when it is about one. */
  cause?: CauseId;
  /** Resource ids named in the detail (role ARN, subnet id, …). */
  resourceIds?: string[];
  /**
   * Catalogue key of the detail sentence (notify/messages/evidence-*.ts), so that a notification can say it
   * in its own language; `detail` stays the English sentence. Rendering the English entry with textArgs
   * gives `detail` exactly (a test checks it).
   */
  textKey?: string;
  /**
   * The values interpolated into the sentence. "<list>.join" marks a list of catalogue parts, given as
   * "<list>.<i>.key" and "<list>.<i>.<arg>"; the renderer says each part and joins them into {<list>}.
   */
  textArgs?: Record<string, string | number>;
}

/** Something the diagnosis could not check, and why (AccessDenied, throttled, deleted, other account, deadline). */
export interface Unchecked {
  check: string;
  /** API that failed, e.g. "ecr:DescribeImages" ("none" or "-" when no call was made, e.g. offline). */
  api: string;
  /** The error (or why no call was made), without the API name. */
  reason: string;
  /** Every check this failed call blocked: facts first, then the causes that could not be checked. */
  blocked?: string[];
}

/**
 * True when an "unknown" piece of evidence is so because of this failed call: its sentence quotes the call's
 * error as the facts layer wrote it ("<api>: <error>"). The diagnosis groups by it, the messages skip by it.
 */
export function blockedBy(e: Evidence, u: Unchecked): boolean {
  return e.result === 'unknown' && isFailedCall(u) && e.detail.includes(`${u.api}: ${u.reason}`);
}

/** An entry for a call that failed, as opposed to a reason no call was made (offline, another account). */
export function isFailedCall(u: Unchecked): boolean {
  return u.api !== 'none' && u.api !== '-' && u.api !== '';
}

export interface Resources {
  account: string;
  /** The account's alias (organization mode, iam:ListAccountAliases), when it has one. */
  accountAlias?: string;
  region: string;
  cluster: string;
  clusterArn: string;
  service?: string;
  task: string;
  taskArn: string;
  taskDefinitionArn?: string;
  family?: string;
  launchType?: string;
  container?: string;
  image?: string;
  executionRoleArn?: string;
  repositoryArn?: string;
  vpcId?: string;
  vpcCidrs?: string[];
  subnetIds: string[];
  availabilityZones?: string[];
  routeTableIds: string[];
  securityGroupIds: string[];
  secretArns?: string[];
  /** The container instance the task ran on (EC2/EXTERNAL), and its EC2 instance when read. */
  containerInstanceArn?: string;
  ec2InstanceId?: string;
}

/** Endpoint services an image pull may need (short names, as in com.amazonaws.<region>.<name>). */
export type EndpointService = 'ecr.api' | 'ecr.dkr' | 's3' | 'logs' | 'secretsmanager' | 'ssm';

/**
 * Facts the remediation planner needs, extracted from the evidence so that remediate/ depends on the
 * diagnosis and not on the shape of raw facts. Every field optional: present only when known.
 */
export interface AddressFamilyInputs {
  /** The task subnets: all dual-stack, all IPv6-only, or a mix (with IPv4-only ones too). */
  stack: 'dual-stack' | 'ipv6-only' | 'mixed';
  /** The task subnets without IPv4 (IPv6-only): IPv4 interface endpoints cannot serve them. */
  ipv6OnlySubnets?: string[];
  /** The route tables of those subnets. */
  ipv6OnlyRouteTables?: string[];
  /** Every endpoint subnet (endpointSubnetIds) has IPv4 and IPv6 ranges: new endpoints can be dual-stack. */
  endpointsDualStack?: boolean;
  /** ECR's dual-stack name for the image, when an IPv6-only subnet cannot reach its IPv4-only name. */
  dualStackImage?: string;
  /** Route tables of IPv6-only subnets without a usable ::/0 route. */
  routeTablesWithoutIpv6Route?: string[];
  /** Some subnet's pull leaves over IPv6 (egress must allow TCP 443 to ::/0). */
  egressIpv6?: boolean;
  /** The VPC's IPv6 CIDRs. */
  vpcIpv6Cidrs?: string[];
}

export interface FixInputs {
  /**
   * Values a cause module's check hands to its own planner (read from the account, or derived from what was
   * read), under the cause's id: the module names them, nothing else reads them.
   */
  own?: { cause: CauseId; values: Readonly<Record<string, string>> };
  /**
   * Whether the account confirms the task the event describes (ecs:DescribeTasks). Auto-fixes require
   * `confirmed: true`; anything else is proposed, with `reason` in the message.
   */
  taskConfirmation?:
    | { confirmed: true }
    | {
        confirmed: false;
        reason: string /** The account's answer contradicts the event (not merely unreadable). */;
        contradicted: boolean;
      };
  /**
   * execution-role-ecr-permissions: how the needed actions were denied. `organizations` / `permissions-boundary`:
   * a service control policy or the role's permissions boundary denies (attaching a policy cannot help);
   * `undecided`: IAM could not decide (condition keys missing from the evaluation, see missingContextKeys).
   */
  denyKind?: 'implicit' | 'explicit' | 'organizations' | 'permissions-boundary' | 'undecided';
  /** Condition keys IAM (or the fallback evaluator) needed and did not have. */
  missingContextKeys?: string[];
  /** The execution role (iam:GetRole): trusts ecs-tasks.amazonaws.com, its path and tags (auto-fix scope). */
  executionRole?: { trustsEcsTasks: boolean; path: string; tags: Record<string, string> };
  /**
   * The network path leaves what the tool can see (a default or AWS-range route to a transit gateway, firewall
   * endpoint, peering connection or VPN gateway; or a private hosted zone for the ECR/S3 names): no network
   * cause is proven and no endpoint is created. `ids`: the routes' targets or the zones.
   */
  networkUndecidable?: { kind: 'route' | 'private-hosted-zone'; ids: string[]; detail: string };
  /**
   * The task pulls through its container instance's network (bridge/host on EC2): endpoints are proposed,
   * never created automatically (the VPC's CIDRs and DHCP options are not read for such a task).
   */
  instanceNetwork?: boolean;
  /** Which method decided permissions. */
  permissionsMethod?: 'simulation' | 'policy-documents';
  /** Managed policy ARNs attached to the execution role (when read). */
  attachedPolicyArns?: string[];
  /** The execution role is in the same account as the task (auto-fix only then). */
  roleInSameAccount?: boolean;
  /** Endpoint services this task needs (ecr.api, ecr.dkr, s3 always; logs/secretsmanager/ssm by use). */
  neededEndpoints?: EndpointService[];
  /** Of those, the ones missing (for s3: no gateway endpoint on the subnets' route tables). */
  missingEndpoints?: EndpointService[];
  /** Route tables of the task's subnets that lack the S3 gateway endpoint. */
  routeTablesWithoutS3?: string[];
  /** Subnet per AZ to place interface endpoints in (one per AZ, across the task's and its service's subnets). */
  endpointSubnetIds?: string[];
  /** Availability Zone of each described subnet (the task's and its service's): endpoint placement per AZ. */
  subnetAzs?: Record<string, string>;
  /** The VPC's main route table (when known): the S3 gateway is never put on it automatically. */
  mainRouteTableId?: string;
  /** Task subnets without an explicit route table association: they use the VPC's main route table. */
  subnetsOnMainRouteTable?: string[];
  /** Address families (causes/network/families.ts), when a task subnet or endpoint subnet has IPv6. */
  addressFamily?: AddressFamilyInputs;
  /** ECR's classic name of an image pulled by its dual-stack one, which VPC endpoints do not serve (families.ts). */
  classicImage?: string;
  /**
   * Usable interface endpoints (private DNS on) of the needed services that serve none of the subnets of
   * some AZs of endpointSubnetIds: `addSubnetIds` are the candidate subnets (one per such AZ; the AZs of the
   * endpoint's subnets outside the described ones are not known here, apply re-reads them). `createdByUs`:
   * the endpoint carries the created-by tag (only then may the auto-fix extend it).
   */
  interfaceEndpointsLackingAzs?: Array<{
    service: EndpointService;
    endpointId: string;
    createdByUs: boolean;
    subnetIds: string[];
    addSubnetIds: string[];
    azs: string[];
  }>;
  vpcDnsSupport?: boolean;
  vpcDnsHostnames?: boolean;
  /** The VPC's DHCP options set a DNS server other than AmazonProvidedDNS. */
  vpcCustomDns?: boolean;
  /** assignPublicIp of the service / task. */
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  /** Existing tags of the image repository, newest first (image-not-found, stale digest). */
  recentTags?: string[];
  /** A lifecycle policy exists on the repository and could expire images. */
  lifecyclePolicyPresent?: boolean;
  /** Platforms the image manifest offers, e.g. "linux/amd64". */
  imagePlatforms?: string[];
  /** Platform the task needs, e.g. "linux/arm64". */
  taskPlatform?: string;
  /** Secret / parameter ARNs or names that are missing or unreadable. */
  unavailableSecrets?: string[];
  /** KMS key ids the role cannot decrypt with. */
  kmsKeyIds?: string[];
  /** Registry credentials secret (repositoryCredentials.credentialsParameter). */
  registryCredentialsSecret?: string;
  /** Security groups whose egress (or endpoint ingress) blocks 443. */
  blockingSecurityGroupIds?: string[];
  /** Network ACLs that block 443 / ephemeral ports. */
  blockingNetworkAclIds?: string[];
  /** Endpoint ids whose policy denies the pull. */
  denyingEndpointIds?: string[];
  /** Docker Hub image (rate-limit proposals). */
  dockerHubImage?: boolean;
  /**
   * Values the stop reason names (secret ARNs, the execution role's name): for proposed text only, never for writes.
   */
  namedInStopReason?: NamedInStopReason;
}

export interface Diagnosis {
  cause: CauseId;
  family: Family;
  confidence: Confidence;
  /** Ranked cause ids, the chosen cause first. */
  candidates: CauseId[];
  evidence: Evidence[];
  unchecked: Unchecked[];
  resources: Resources;
  fixInputs: FixInputs;
  /** The stop reason (redacted, capped) the diagnosis started from. */
  stopReason: string;
  /** "text-only" when no AWS call was made (offline CLI, foreign account), else "evidence". */
  mode: 'text-only' | 'evidence';
  /**
   * A sidecar finding: the container that failed to pull is not essential (task definition) and the task
   * stopped for another reason. The cause is why the sidecar's image could not be pulled, never why the task
   * stopped, and nothing is changed automatically for it (remediate/decide.ts).
   */
  sidecar?: SidecarFinding;
  /** The sidecar finding as one English sentence (set with `sidecar`; kept for scripts that read it). */
  ignoredReason?: string;
  /**
   * What changed (issue 17): the recorded change that made a proven cause, none recorded, or why event history
   * could not be read. Set after the diagnosis (lambda/what-changed.ts), absent when nothing was looked up.
   */
  change?: WhatChanged;
}

export interface SidecarFinding {
  /** The non-essential container that never ran. */
  container: string;
  /** Why the task stopped instead (its stoppedReason, redacted and capped; "" when the event has none). */
  taskStoppedReason: string;
}
