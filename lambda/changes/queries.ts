/**
 * Pure: what to ask CloudTrail event history about a proven cause (issue 17). LookupEvents takes one attribute per
 * request and answers about two requests per second per account and Region, so a diagnosis asks at most
 * MAX_TRAIL_LOOKUPS questions: the diagnosed resources by name (one request covers every event on that resource),
 * and by event name only where the broken resource is gone from the account (a deleted endpoint) or is not indexed
 * by name (a task definition, a service). Attribution then matches the answers against `resourceIds` only.
 */
import { accountOfArn, roleNameOf } from '../domain/arn';
import type { FixQuery, TrailLookup } from '../domain/change';
import type { CauseId, Diagnosis } from '../domain/diagnosis';
import { CAUSE_CHANGES, CAUSE_FIXES } from './attribute';

/** Requests per diagnosis, the endpoint links included (LookupEvents: about 2 per second per account and Region). */
export const MAX_TRAIL_LOOKUPS = 4;
/** How far back event history is read (it keeps 90 days). */
export const TRAIL_LOOKBACK_DAYS = 14;

export type { TrailLookup };

export interface TrailQuery {
  cause: CauseId;
  /** Every id the diagnosis read for this cause: an event must act on one of these to be named. */
  resourceIds: string[];
  lookups: TrailLookup[];
  /**
   * The VPC whose deleted endpoints count: a DeleteVpcEndpoints record names only endpoint ids, so an endpoint the
   * account no longer returns is tied to this VPC by its CreateVpcEndpoint record (one more lookup, budget allowing).
   */
  linkVpc?: string;
}

const byName = (value: string | undefined): TrailLookup[] => (value ? [{ attribute: 'ResourceName', value }] : []);
const byEvent = (value: string): TrailLookup => ({ attribute: 'EventName', value });
const starts = (prefix: string) => (id: string) => id.startsWith(prefix);

/** The repository name of an ECR repository ARN. */
function repositoryNameOf(arn: string | undefined): string | undefined {
  return arn?.match(/^arn:[^:]+:ecr:[^:]*:\d{12}:repository\/(.+)$/)?.[1];
}

/** The ids of the diagnosis's proven evidence for its cause (role ARNs, route tables, endpoints, groups, …). */
function provenIds(d: Diagnosis): string[] {
  return d.evidence
    .filter((e) => e.result === 'proven' && (e.cause === undefined || e.cause === d.cause))
    .flatMap((e) => e.resourceIds ?? []);
}

/** The service as "<cluster>/<service>", which a service ARN and an UpdateService request both end with. */
function serviceIdOf(d: Diagnosis): string[] {
  const r = d.resources;
  return r.service ? [`${r.cluster}/${r.service}`] : [];
}

/**
 * The lookups of each cause, most telling first. Only resources of the task's own account: another account's
 * changes are in that account's event history (a shared repository, a cross-account role or secret).
 */
function lookupsOf(d: Diagnosis, ids: readonly string[]): { lookups: TrailLookup[]; linkVpc?: string } {
  const r = d.resources;
  const f = d.fixInputs;
  const own = (arn: string | undefined) => (arn && (accountOfArn(arn) ?? r.account) === r.account ? arn : undefined);
  const ownIds = (list: readonly string[] | undefined) => (list ?? []).filter((id) => own(id));
  const role = own(ids.find((id) => roleNameOf(id)) ?? r.executionRoleArn);
  const repository = byName(repositoryNameOf(own(r.repositoryArn)));
  switch (d.cause) {
    case 'execution-role-ecr-permissions':
    case 'instance-role-ecr-permissions':
      return { lookups: byName(roleNameOf(role)) };
    case 'repository-policy-denies':
    case 'repository-not-found':
    case 'image-not-found':
    case 'stale-image-digest':
      return { lookups: repository };
    case 'execution-role-missing':
      return { lookups: [byEvent('RegisterTaskDefinition'), ...(r.service ? [byEvent('UpdateService')] : [])] };
    case 'public-ip-disabled':
      return {
        lookups: [...(r.service ? [byEvent('UpdateService')] : []), ...r.subnetIds.slice(0, 2).flatMap(byName)],
      };
    case 'network-no-route':
      return {
        lookups: [
          byEvent('DeleteVpcEndpoints'),
          ...ids.filter(starts('nat-')).slice(0, 1).flatMap(byName),
          ...ids.filter(starts('rtb-')).slice(0, 1).flatMap(byName),
        ],
        ...(r.vpcId ? { linkVpc: r.vpcId } : {}),
      };
    case 'vpc-endpoint-missing':
      return {
        lookups: [byEvent('DeleteVpcEndpoints'), ...ids.filter(starts('vpce-')).slice(0, 1).flatMap(byName)],
        ...(r.vpcId ? { linkVpc: r.vpcId } : {}),
      };
    case 'vpc-dns-disabled':
      return { lookups: byName(r.vpcId) };
    case 'security-group-blocks':
      return { lookups: (f.blockingSecurityGroupIds ?? []).slice(0, 2).flatMap(byName) };
    case 'network-acl-blocks':
      return { lookups: (f.blockingNetworkAclIds ?? []).slice(0, 2).flatMap(byName) };
    case 'vpc-endpoint-policy-denies':
      return { lookups: (f.denyingEndpointIds ?? []).slice(0, 2).flatMap(byName) };
    case 'registry-credentials-invalid':
      return { lookups: byName(own(f.registryCredentialsSecret)) };
    case 'secret-or-parameter-unavailable':
      return { lookups: ownIds(f.unavailableSecrets).slice(0, 2).flatMap(byName) };
    case 'kms-decrypt-denied':
      return { lookups: ownIds(f.kmsKeyIds).slice(0, 2).flatMap(byName) };
    default:
      return { lookups: [] };
  }
}

/**
 * The questions for a diagnosis, or undefined when there is nothing to ask: the cause is not proven (a change is
 * named only for a cause the account proves), no change can make it, or the diagnosis read nothing (text only).
 */
export function trailQueryFor(d: Diagnosis): TrailQuery | undefined {
  if (d.confidence !== 'proven' || d.mode !== 'evidence' || !CAUSE_CHANGES[d.cause]) return undefined;
  const r = d.resources;
  const f = d.fixInputs;
  const ids = [
    ...provenIds(d),
    ...(r.executionRoleArn ? [r.executionRoleArn] : []),
    ...(r.repositoryArn ? [r.repositoryArn] : []),
    ...(r.taskDefinitionArn ? [r.taskDefinitionArn] : []),
    ...serviceIdOf(d),
    ...(r.vpcId ? [r.vpcId] : []),
    ...r.subnetIds,
    ...r.routeTableIds,
    ...(f.blockingSecurityGroupIds ?? []),
    ...(f.blockingNetworkAclIds ?? []),
    ...(f.denyingEndpointIds ?? []),
    ...(f.registryCredentialsSecret ? [f.registryCredentialsSecret] : []),
    ...(f.unavailableSecrets ?? []),
    ...(f.kmsKeyIds ?? []),
  ].filter((id) => id && id !== r.taskArn && id !== r.clusterArn && id !== r.image);
  const resourceIds = [...new Set(ids)];
  const { lookups, linkVpc } = lookupsOf(d, resourceIds);
  const unique = lookups.filter(
    (l, i) => lookups.findIndex((o) => o.attribute === l.attribute && o.value === l.value) === i,
  );
  if (unique.length === 0) return undefined;
  return {
    cause: d.cause,
    resourceIds,
    lookups: unique.slice(0, MAX_TRAIL_LOOKUPS),
    ...(linkVpc ? { linkVpc } : {}),
  };
}

/** The event names that break a resource, and the ones that put it right (asked by name when the resource is gone). */
const FIX_EVENT: Readonly<Record<string, string>> = {
  DeleteVpcEndpoints: 'CreateVpcEndpoint',
};

/**
 * What to ask at recovery about the change that fixed the cause (stored on the open incident): the same resources,
 * by name, and the fixing event where the question was by the breaking event's name (a new endpoint, not a deleted
 * one). Undefined when no recorded change can fix the cause or the diagnosis did not prove it.
 */
export function fixQueryFor(d: Diagnosis): FixQuery | undefined {
  const q = trailQueryFor(d);
  if (!q || !CAUSE_FIXES[q.cause]) return undefined;
  const lookups = q.lookups.map((l) =>
    l.attribute === 'EventName' && FIX_EVENT[l.value] ? { ...l, value: FIX_EVENT[l.value]! } : l,
  );
  return { cause: q.cause, resourceIds: q.resourceIds.slice(0, 40), lookups };
}
