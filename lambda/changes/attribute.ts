/**
 * Pure: which recorded management event made a proven cause's broken state (issue 17, groundwork: not wired into
 * the pipeline yet). The events are CloudTrail LookupEvents answers reduced to what attribution needs; the
 * resources are the ids the diagnosis read from the account (role ARN, endpoint, route table, repository, …).
 * It never guesses: an event is named only when its name can cause this cause AND it acted on one of these
 * resources AND it happened before the first failure. The latest such event wins.
 */
import type { CauseId } from '../domain/diagnosis';

/** One CloudTrail management event (LookupEvents: EventId, EventName, EventTime, Username, Resources). */
export interface TrailEvent {
  id: string;
  name: string;
  /** ISO time. */
  time: string;
  /** Who made the call (LookupEvents Username: a user name or a role session). */
  actor?: string;
  resources: ReadonlyArray<{ type?: string; name: string }>;
}

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
  'image-not-found': ['BatchDeleteImage', 'PutLifecyclePolicy'],
  'stale-image-digest': ['PutImage', 'BatchDeleteImage', 'PutLifecyclePolicy'],
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

/** The same resource, whether named by id, name or ARN (".../name" or ":name" endings). */
export function sameResource(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const [longer, shorter] = a.length >= b.length ? [a, b] : [b, a];
  return longer.endsWith(`/${shorter}`) || longer.endsWith(`:${shorter}`);
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
    if (!names.includes(event.name) || Number.isNaN(at) || at > limit) continue;
    const resource = resourceIds.find((id) => event.resources.some((r) => sameResource(r.name, id)));
    if (resource && (!best || at > Date.parse(best.event.time))) best = { event, resource };
  }
  return best;
}
