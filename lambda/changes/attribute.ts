/**
 * Pure: which recorded management event made a proven cause's broken state (issue 17). The events are CloudTrail
 * LookupEvents answers reduced to what attribution needs; the resources are the ids the diagnosis read from the
 * account (role ARN, endpoint, route table, repository, …).
 * It never guesses: an event is named only when its name can cause this cause AND it acted on one of these
 * resources AND it happened before the first failure. The latest such event wins.
 */
import type { TrailEvent } from '../domain/change';
import type { CauseId } from '../domain/diagnosis';

export type { TrailEvent };

const ROLE_CHANGES = [
  'DetachRolePolicy',
  'DeleteRolePolicy',
  'PutRolePolicy',
  'PutRolePermissionsBoundary',
  'UpdateAssumeRolePolicy',
] as const;

/** The events that can create each cause's broken state (issue 17's list). Causes not listed are never attributed. */
export const CAUSE_CHANGES: Readonly<Partial<Record<CauseId, readonly string[]>>> = {
  'execution-role-missing': ['RegisterTaskDefinition', 'UpdateService'],
  'execution-role-ecr-permissions': ROLE_CHANGES,
  'instance-role-ecr-permissions': ROLE_CHANGES,
  'repository-policy-denies': ['SetRepositoryPolicy'],
  'repository-not-found': ['DeleteRepository'],
  // PolicyExecutionEvent: ECR records each image a lifecycle policy expires (invokedBy ecr.amazonaws.com).
  'image-not-found': ['BatchDeleteImage', 'PutLifecyclePolicy', 'PolicyExecutionEvent'],
  'stale-image-digest': ['PutImage', 'BatchDeleteImage', 'PutLifecyclePolicy', 'PolicyExecutionEvent'],
  'network-no-route': [
    'DeleteRoute',
    'ReplaceRoute',
    'DeleteNatGateway',
    'ReplaceRouteTableAssociation',
    'DisassociateRouteTable',
    'DeleteVpcEndpoints',
  ],
  'public-ip-disabled': ['UpdateService', 'ModifySubnetAttribute'],
  'vpc-endpoint-missing': ['DeleteVpcEndpoints', 'ModifyVpcEndpoint'],
  'vpc-dns-disabled': ['ModifyVpcAttribute', 'ModifyVpcEndpoint'],
  'security-group-blocks': ['RevokeSecurityGroupEgress', 'RevokeSecurityGroupIngress'],
  'network-acl-blocks': ['CreateNetworkAclEntry', 'ReplaceNetworkAclEntry'],
  'vpc-endpoint-policy-denies': ['ModifyVpcEndpoint'],
  'registry-credentials-invalid': ['DeleteSecret', 'PutSecretValue'],
  'secret-or-parameter-unavailable': ['DeleteSecret', 'PutSecretValue', 'DeleteParameter', 'PutParameter'],
  'kms-decrypt-denied': ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'],
};

const ROLE_FIXES = ['AttachRolePolicy', 'PutRolePolicy', 'DeleteRolePermissionsBoundary', 'PutRolePermissionsBoundary'];

/** The events that can put each cause's broken state right (recovery: "what fixed it", issue 17). */
export const CAUSE_FIXES: Readonly<Partial<Record<CauseId, readonly string[]>>> = {
  'execution-role-missing': ['RegisterTaskDefinition', 'UpdateService'],
  'execution-role-ecr-permissions': ROLE_FIXES,
  'instance-role-ecr-permissions': ROLE_FIXES,
  'repository-policy-denies': ['SetRepositoryPolicy', 'DeleteRepositoryPolicy'],
  'repository-not-found': ['CreateRepository', 'PutImage'],
  'image-not-found': ['PutImage', 'RegisterTaskDefinition', 'UpdateService'],
  'stale-image-digest': ['PutImage', 'RegisterTaskDefinition', 'UpdateService'],
  'network-no-route': ['CreateVpcEndpoint', 'CreateRoute', 'ReplaceRoute', 'CreateNatGateway', 'AssociateRouteTable'],
  'public-ip-disabled': ['UpdateService', 'ModifySubnetAttribute'],
  'vpc-endpoint-missing': ['CreateVpcEndpoint', 'ModifyVpcEndpoint'],
  'vpc-dns-disabled': ['ModifyVpcAttribute', 'ModifyVpcEndpoint'],
  'security-group-blocks': ['AuthorizeSecurityGroupEgress', 'AuthorizeSecurityGroupIngress'],
  'network-acl-blocks': ['CreateNetworkAclEntry', 'ReplaceNetworkAclEntry', 'DeleteNetworkAclEntry'],
  'vpc-endpoint-policy-denies': ['ModifyVpcEndpoint'],
  'registry-credentials-invalid': ['PutSecretValue', 'UpdateSecret', 'RestoreSecret'],
  'secret-or-parameter-unavailable': ['CreateSecret', 'RestoreSecret', 'PutSecretValue', 'PutParameter'],
  'kms-decrypt-denied': ['EnableKey', 'CancelKeyDeletion', 'PutKeyPolicy'],
};

/** The same resource, whether named by id, name or ARN (".../name" or ":name" endings). */
export function sameResource(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const [longer, shorter] = a.length >= b.length ? [a, b] : [b, a];
  return longer.endsWith(`/${shorter}`) || longer.endsWith(`:${shorter}`);
}

const HTTPS = 443;

/**
 * Whether what the record changed can break (or mend) a pull, where its request says so: a route change only for
 * the default route (0.0.0.0/0), a security group change only for all traffic or a TCP range with 443, a new
 * endpoint only of a service a pull uses. A record without these details is taken by name and resource.
 */
export function canBreakPull(event: TrailEvent): boolean {
  if (event.name === 'CreateVpcEndpoint' && event.serviceName)
    return /\.(ecr\.api|ecr\.dkr|s3|logs|secretsmanager|ssm)$/.test(event.serviceName);
  if (/^(Create|Delete|Replace)Route$/.test(event.name) && event.routeDestination !== undefined)
    return event.routeDestination === '0.0.0.0/0';
  if (/^(Revoke|Authorize)SecurityGroup(Egress|Ingress)$/.test(event.name) && event.permissions?.length)
    return event.permissions.some(
      (p) =>
        p.protocol === '-1' ||
        p.protocol === 'all' ||
        ((p.protocol === 'tcp' || p.protocol === '6') && (p.from ?? 0) <= HTTPS && HTTPS <= (p.to ?? 65535)),
    );
  return true;
}

export interface Attribution {
  event: TrailEvent;
  /** The diagnosis's resource the event acted on. */
  resource: string;
}

/** The latest event before `firstFailureAt` that can explain `cause` on one of `resourceIds`, or none. */
export function attributeChange(
  cause: CauseId,
  resourceIds: readonly string[],
  events: readonly TrailEvent[],
  firstFailureAt: string,
): Attribution | undefined {
  const names = CAUSE_CHANGES[cause];
  const limit = Date.parse(firstFailureAt);
  if (!names || Number.isNaN(limit)) return undefined;
  let best: Attribution | undefined;
  for (const event of events) {
    const at = Date.parse(event.time);
    if (!names.includes(event.name) || Number.isNaN(at) || at > limit || !canBreakPull(event)) continue;
    const resource = resourceIds.find((id) => event.resources.some((r) => sameResource(r.name, id)));
    if (resource && (!best || at > Date.parse(best.event.time))) best = { event, resource };
  }
  return best;
}

/**
 * The latest event after `since` (the first failure) and up to `until` (the recovery) that can put `cause` right on
 * one of `resourceIds`, or none. A route is fixed only by its default route (canBreakPull reads the same details).
 */
export function attributeFix(
  cause: CauseId,
  resourceIds: readonly string[],
  events: readonly TrailEvent[],
  since: string,
  until: string,
): Attribution | undefined {
  const names = CAUSE_FIXES[cause];
  const from = Date.parse(since);
  const to = Date.parse(until);
  if (!names || Number.isNaN(from) || Number.isNaN(to)) return undefined;
  let best: Attribution | undefined;
  for (const event of events) {
    const at = Date.parse(event.time);
    if (!names.includes(event.name) || Number.isNaN(at) || at < from || at > to || !canBreakPull(event)) continue;
    const ids = [...event.resources.map((r) => r.name), ...(event.vpcId ? [event.vpcId] : [])];
    const resource = resourceIds.find((id) => ids.some((n) => sameResource(n, id)));
    if (resource && (!best || at > Date.parse(best.event.time))) best = { event, resource };
  }
  return best;
}
