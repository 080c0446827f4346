/**
 * Pure: which recorded management event made a proven cause's broken state (issue 17), or put it right. Each cause
 * lists the events that can do so, each with the one kind of resource it must act on (the role of a role cause,
 * the route table of a route, the service of an UpdateService) and, where the request says more, what it must have
 * done (the default route, all traffic or 443, public IP off, the failing task definition). An event is named only
 * when its name, its resource — compared by kind, in canonical form, never by suffix — and its request all fit,
 * and it happened in the window. It never guesses: the latest such event wins, or none.
 */
import type { ResourceKind, TrailEvent, TypedIds } from '../domain/change';
import type { CauseId } from '../domain/diagnosis';

export type { TrailEvent };

interface Rule {
  name: string;
  kind: ResourceKind;
  /** What the request must have done, beyond acting on the resource (the diagnosis's ids for context). */
  when?: (e: TrailEvent, ids: TypedIds, services: readonly string[]) => boolean;
}

const HTTPS = 443;
const PULL_SERVICES = ['ecr.api', 'ecr.dkr', 's3'];

const defaultRoute = (e: TrailEvent) => e.routeDestination === undefined || e.routeDestination === '0.0.0.0/0';
/** All traffic, or TCP with 443 in its range (a rule without its details is taken by name and group). */
const https = (e: TrailEvent) =>
  !e.permissions?.length ||
  e.permissions.some(
    (p) =>
      p.protocol === '-1' ||
      p.protocol === 'all' ||
      ((p.protocol === 'tcp' || p.protocol === '6') && (p.from ?? 0) <= HTTPS && HTTPS <= (p.to ?? 65535)),
  );
/** The failing task definition is the one an UpdateService set. */
const setsFailingTaskDefinition = (e: TrailEvent, ids: TypedIds) =>
  e.updatedTaskDefinition !== undefined &&
  (ids.taskDefinition ?? []).includes(canonicalId('taskDefinition', e.updatedTaskDefinition));
const setsAnyTaskDefinition = (e: TrailEvent) => e.updatedTaskDefinition !== undefined;
/** A new endpoint of a service that counts (ecr.api, ecr.dkr, s3; the task's missing ones when known). */
const pullEndpoint = (e: TrailEvent, _ids: TypedIds, services: readonly string[]) => {
  const short = e.serviceName?.match(/^com\.amazonaws\.[a-z0-9-]+\.(.+)$/)?.[1];
  return short !== undefined && (services.length ? services : PULL_SERVICES).includes(short);
};

const rules = (kind: ResourceKind, names: readonly string[], when?: Rule['when']): Rule[] =>
  names.map((name) => ({ name, kind, ...(when ? { when } : {}) }));

const ROLE_CHANGES = rules('role', [
  'DetachRolePolicy',
  'DeleteRolePolicy',
  'PutRolePolicy',
  'PutRolePermissionsBoundary',
  'UpdateAssumeRolePolicy',
]);
const ROLE_FIXES = rules('role', [
  'AttachRolePolicy',
  'PutRolePolicy',
  'DeleteRolePermissionsBoundary',
  'PutRolePermissionsBoundary',
]);
const IMAGE_GONE = rules('repository', ['BatchDeleteImage', 'PutLifecyclePolicy', 'PolicyExecutionEvent']);
const NEW_IMAGE = [...rules('repository', ['PutImage']), ...rules('service', ['UpdateService'], setsAnyTaskDefinition)];

/** The events that can make each cause's broken state (issue 17's list). Causes not listed are never attributed. */
export const CAUSE_CHANGES: Readonly<Partial<Record<CauseId, readonly Rule[]>>> = {
  'execution-role-missing': [
    ...rules('taskDefinition', ['RegisterTaskDefinition']),
    ...rules('service', ['UpdateService'], setsFailingTaskDefinition),
  ],
  'execution-role-ecr-permissions': ROLE_CHANGES,
  'instance-role-ecr-permissions': ROLE_CHANGES,
  'repository-policy-denies': rules('repository', ['SetRepositoryPolicy']),
  'repository-not-found': rules('repository', ['DeleteRepository']),
  'image-not-found': IMAGE_GONE,
  'stale-image-digest': [...rules('repository', ['PutImage']), ...IMAGE_GONE],
  'network-no-route': [
    ...rules('routeTable', ['DeleteRoute', 'ReplaceRoute'], defaultRoute),
    ...rules('routeTable', ['ReplaceRouteTableAssociation']),
    ...rules('association', ['DisassociateRouteTable']),
    ...rules('nat', ['DeleteNatGateway']),
    ...rules('endpoint', ['DeleteVpcEndpoints']),
  ],
  'public-ip-disabled': [
    ...rules('service', ['UpdateService'], (e) => e.assignPublicIp === 'DISABLED'),
    ...rules('subnet', ['ModifySubnetAttribute'], (e) => e.mapPublicIpOnLaunch === false),
  ],
  'vpc-endpoint-missing': rules('endpoint', ['DeleteVpcEndpoints', 'ModifyVpcEndpoint']),
  'vpc-dns-disabled': [...rules('vpc', ['ModifyVpcAttribute']), ...rules('endpoint', ['ModifyVpcEndpoint'])],
  'security-group-blocks': rules('securityGroup', ['RevokeSecurityGroupEgress', 'RevokeSecurityGroupIngress'], https),
  'network-acl-blocks': rules('networkAcl', ['CreateNetworkAclEntry', 'ReplaceNetworkAclEntry']),
  'vpc-endpoint-policy-denies': rules('endpoint', ['ModifyVpcEndpoint']),
  'registry-credentials-invalid': rules('secret', ['DeleteSecret', 'PutSecretValue']),
  'secret-or-parameter-unavailable': [
    ...rules('secret', ['DeleteSecret', 'PutSecretValue']),
    ...rules('parameter', ['DeleteParameter', 'PutParameter']),
  ],
  'kms-decrypt-denied': rules('key', ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy']),
};

/** The events that can put each cause's broken state right (recovery: "what fixed it"). */
export const CAUSE_FIXES: Readonly<Partial<Record<CauseId, readonly Rule[]>>> = {
  'execution-role-missing': rules('service', ['UpdateService'], setsAnyTaskDefinition),
  'execution-role-ecr-permissions': ROLE_FIXES,
  'instance-role-ecr-permissions': ROLE_FIXES,
  'repository-policy-denies': rules('repository', ['SetRepositoryPolicy', 'DeleteRepositoryPolicy']),
  'repository-not-found': rules('repository', ['CreateRepository', 'PutImage']),
  'image-not-found': NEW_IMAGE,
  'stale-image-digest': NEW_IMAGE,
  'network-no-route': [
    ...rules('vpc', ['CreateVpcEndpoint'], pullEndpoint),
    ...rules('routeTable', ['CreateRoute', 'ReplaceRoute'], (e) => e.routeDestination === '0.0.0.0/0'),
    ...rules('subnet', ['AssociateRouteTable']),
  ],
  'public-ip-disabled': [
    ...rules('service', ['UpdateService'], (e) => e.assignPublicIp === 'ENABLED'),
    ...rules('subnet', ['ModifySubnetAttribute'], (e) => e.mapPublicIpOnLaunch === true),
  ],
  'vpc-endpoint-missing': [
    ...rules('vpc', ['CreateVpcEndpoint'], pullEndpoint),
    ...rules('endpoint', ['ModifyVpcEndpoint']),
  ],
  'vpc-dns-disabled': [...rules('vpc', ['ModifyVpcAttribute']), ...rules('endpoint', ['ModifyVpcEndpoint'])],
  'security-group-blocks': rules(
    'securityGroup',
    ['AuthorizeSecurityGroupEgress', 'AuthorizeSecurityGroupIngress'],
    https,
  ),
  'network-acl-blocks': rules('networkAcl', [
    'CreateNetworkAclEntry',
    'ReplaceNetworkAclEntry',
    'DeleteNetworkAclEntry',
  ]),
  'vpc-endpoint-policy-denies': rules('endpoint', ['ModifyVpcEndpoint']),
  'registry-credentials-invalid': rules('secret', ['PutSecretValue', 'UpdateSecret', 'RestoreSecret']),
  'secret-or-parameter-unavailable': [
    ...rules('secret', ['CreateSecret', 'RestoreSecret', 'PutSecretValue']),
    ...rules('parameter', ['PutParameter']),
  ],
  'kms-decrypt-denied': rules('key', ['EnableKey', 'CancelKeyDeletion', 'PutKeyPolicy']),
};

/**
 * The canonical form of an id of a kind, so that an ARN, a name and a path compare equal only when they name the
 * same resource: a role's name, a repository's name, "family:revision", "cluster/service", a secret's name (an ARN's
 * six-character suffix dropped), a parameter's name without its leading slash, a key's id or alias.
 */
export function canonicalId(kind: ResourceKind, id: string): string {
  const arn = id.startsWith('arn:');
  switch (kind) {
    case 'role':
      return arn ? (id.split('/').pop() ?? id) : id;
    case 'repository':
      return arn ? (id.match(/:repository\/(.+)$/)?.[1] ?? id) : id;
    case 'taskDefinition':
      return arn ? (id.match(/:task-definition\/(.+)$/)?.[1] ?? id) : id;
    case 'service':
      return arn ? (id.match(/:service\/(.+)$/)?.[1] ?? id) : id;
    case 'secret':
      return arn ? (id.match(/:secret:(.+?)(?:-[A-Za-z0-9]{6})?$/)?.[1] ?? id) : id;
    case 'parameter':
      return (arn ? (id.match(/:parameter(\/.+)$/)?.[1] ?? id) : id).replace(/^\/+/, '');
    case 'key':
      return arn ? (id.match(/:(key\/.+|alias\/.+)$/)?.[1]?.replace(/^key\//, '') ?? id) : id;
    default:
      return id;
  }
}

export interface Attribution {
  event: TrailEvent;
  /** The diagnosis's resource the event acted on (canonical form). */
  resource: string;
}

function matches(rule: Rule, e: TrailEvent, ids: TypedIds, services: readonly string[]): string | undefined {
  if (rule.name !== e.name) return undefined;
  const wanted = ids[rule.kind] ?? [];
  const resource = (e.ids[rule.kind] ?? []).find((id) => wanted.includes(canonicalId(rule.kind, id)));
  if (resource === undefined || (rule.when && !rule.when(e, ids, services))) return undefined;
  return canonicalId(rule.kind, resource);
}

function latest(
  table: readonly Rule[] | undefined,
  ids: TypedIds,
  events: readonly TrailEvent[],
  from: number,
  to: number,
  services: readonly string[],
): Attribution | undefined {
  if (!table || Number.isNaN(from) || Number.isNaN(to)) return undefined;
  let best: Attribution | undefined;
  for (const event of events) {
    const at = Date.parse(event.time);
    if (Number.isNaN(at) || at < from || at > to) continue;
    for (const rule of table) {
      const resource = matches(rule, event, ids, services);
      if (resource !== undefined && (!best || at > Date.parse(best.event.time))) best = { event, resource };
    }
  }
  return best;
}

/** Canonical ids of every kind (a diagnosis's ids, as attribution compares them). */
export function canonicalIds(ids: TypedIds): TypedIds {
  const out: TypedIds = {};
  for (const [kind, list] of Object.entries(ids) as Array<[ResourceKind, string[]]>)
    out[kind] = [...new Set(list.map((id) => canonicalId(kind, id)))];
  return out;
}

/** The latest event before `firstFailureAt` that can explain `cause` on one of `ids`, or none. */
export function attributeChange(
  cause: CauseId,
  ids: TypedIds,
  events: readonly TrailEvent[],
  firstFailureAt: string,
  services: readonly string[] = [],
): Attribution | undefined {
  return latest(
    CAUSE_CHANGES[cause],
    canonicalIds(ids),
    events,
    Number.NEGATIVE_INFINITY,
    Date.parse(firstFailureAt),
    services,
  );
}

/** The latest event after `since` (the first failure) and up to `until` (the recovery) that can fix `cause`. */
export function attributeFix(
  cause: CauseId,
  ids: TypedIds,
  events: readonly TrailEvent[],
  since: string,
  until: string,
  services: readonly string[] = [],
): Attribution | undefined {
  return latest(CAUSE_FIXES[cause], canonicalIds(ids), events, Date.parse(since), Date.parse(until), services);
}
