/**
 * Pure: what to ask CloudTrail event history about a proven cause (issue 17). LookupEvents takes one attribute per
 * request and answers about two requests per second per account and Region, so a diagnosis asks at most
 * MAX_TRAIL_LOOKUPS questions: the diagnosed resource by name (one request covers every event on it), and by event
 * name only where the resource is gone (a deleted endpoint) or not indexed by name (a task definition, a service).
 * Attribution then matches the answers against the cause's own kind of resource only (attribute.ts). IAM questions
 * go to the partition's global Region, where IAM's events are.
 */
import { accountOfArn, roleNameOf } from '../domain/arn';
import type { ResourceKind, TrailLookup, TrailQuery, TypedIds } from '../domain/change';
import type { CauseId, Diagnosis } from '../domain/diagnosis';
import { CAUSE_CHANGES, CAUSE_FIXES } from './attribute';

export type { TrailLookup, TrailQuery };

/** Requests per diagnosis, the endpoint links included (LookupEvents: about 2 per second per account and Region). */
export const MAX_TRAIL_LOOKUPS = 4;
/** How far back event history is read (it keeps 90 days). */
export const TRAIL_LOOKBACK_DAYS = 14;

const byName = (value: string | undefined, global = false): TrailLookup[] =>
  value ? [{ attribute: 'ResourceName', value, ...(global ? { global: true } : {}) }] : [];
const byEvent = (value: string): TrailLookup => ({ attribute: 'EventName', value });
const starts = (prefix: string) => (id: string) => id.startsWith(prefix);

/** The ids of the diagnosis's proven evidence for its cause (role ARNs, route tables, endpoints, NAT gateways, …). */
function provenIds(d: Diagnosis): string[] {
  return d.evidence
    .filter((e) => e.result === 'proven' && (e.cause === undefined || e.cause === d.cause))
    .flatMap((e) => e.resourceIds ?? []);
}

const some = (list: ReadonlyArray<string | undefined>): string[] => [...new Set(list.filter((x): x is string => !!x))];

/**
 * The cause's resources by kind, and its questions, most telling first. Only resources of the task's own account:
 * another account's changes are in that account's event history (a shared repository, a cross-account role).
 */
function plan(d: Diagnosis): { ids: TypedIds; lookups: TrailLookup[]; linkVpc?: string; linkSubnets?: string[] } {
  const r = d.resources;
  const f = d.fixInputs;
  const own = (arn: string | undefined) => (arn && (accountOfArn(arn) ?? r.account) === r.account ? arn : undefined);
  const ownAll = (list: readonly string[] | undefined) => some((list ?? []).map(own));
  const proven = provenIds(d);
  const service = r.service ? [`${r.cluster}/${r.service}`] : [];
  const one = (kind: ResourceKind, ids: string[], lookups: TrailLookup[]) => ({ ids: { [kind]: ids }, lookups });
  switch (d.cause) {
    case 'execution-role-ecr-permissions':
    case 'instance-role-ecr-permissions': {
      const role = own(proven.find((id) => roleNameOf(id)) ?? r.executionRoleArn);
      return one('role', some([role]), byName(roleNameOf(role), true));
    }
    case 'repository-policy-denies':
    case 'repository-not-found':
    case 'image-not-found':
    case 'stale-image-digest': {
      const repo = own(r.repositoryArn);
      const name = repo?.match(/:repository\/(.+)$/)?.[1];
      return {
        ids: { repository: some([repo]), service, taskDefinition: some([r.taskDefinitionArn]) },
        lookups: byName(name),
      };
    }
    case 'execution-role-missing':
      return {
        ids: { taskDefinition: some([r.taskDefinitionArn]), service },
        lookups: [byEvent('RegisterTaskDefinition'), ...(r.service ? [byEvent('UpdateService')] : [])],
      };
    case 'public-ip-disabled':
      return {
        ids: { service, subnet: r.subnetIds },
        lookups: [
          ...(r.service ? [byEvent('UpdateService')] : []),
          ...r.subnetIds.slice(0, 1).flatMap((s) => byName(s)),
        ],
      };
    case 'network-no-route': {
      const tables = some([...proven.filter(starts('rtb-')), ...r.routeTableIds]);
      const nats = proven.filter(starts('nat-'));
      // A subnet on the main route table may have lost its own: asked by the subnet (its associations), not the table.
      const onMain = (f.subnetsOnMainRouteTable ?? []).filter((s) => r.subnetIds.includes(s));
      return {
        ids: { routeTable: tables, nat: nats, vpc: some([r.vpcId]), subnet: r.subnetIds },
        lookups: onMain.length
          ? [
              byEvent('DeleteVpcEndpoints'),
              { attribute: 'ResourceName' as const, value: onMain[0]!, days: 90 },
              byEvent('DisassociateRouteTable'),
            ]
          : [
              byEvent('DeleteVpcEndpoints'),
              ...nats.slice(0, 1).flatMap((n) => byName(n)),
              ...tables.slice(0, 1).flatMap((t) => byName(t)),
            ],
        ...(r.vpcId ? { linkVpc: r.vpcId } : {}),
        ...(onMain.length ? { linkSubnets: onMain.slice(0, 1) } : {}),
      };
    }
    case 'vpc-endpoint-missing': {
      const endpoints = proven.filter(starts('vpce-'));
      return {
        ids: { endpoint: endpoints, vpc: some([r.vpcId]) },
        lookups: [byEvent('DeleteVpcEndpoints'), ...endpoints.slice(0, 1).flatMap((e) => byName(e))],
        ...(r.vpcId ? { linkVpc: r.vpcId } : {}),
      };
    }
    case 'vpc-dns-disabled':
      return { ids: { vpc: some([r.vpcId]), endpoint: proven.filter(starts('vpce-')) }, lookups: byName(r.vpcId) };
    case 'security-group-blocks':
      return one(
        'securityGroup',
        f.blockingSecurityGroupIds ?? [],
        (f.blockingSecurityGroupIds ?? []).slice(0, 2).flatMap((g) => byName(g)),
      );
    case 'network-acl-blocks':
      return one(
        'networkAcl',
        f.blockingNetworkAclIds ?? [],
        (f.blockingNetworkAclIds ?? []).slice(0, 2).flatMap((a) => byName(a)),
      );
    case 'vpc-endpoint-policy-denies':
      return one(
        'endpoint',
        f.denyingEndpointIds ?? [],
        (f.denyingEndpointIds ?? []).slice(0, 2).flatMap((e) => byName(e)),
      );
    case 'registry-credentials-invalid': {
      const secret = own(f.registryCredentialsSecret);
      return one('secret', some([secret]), byName(secret));
    }
    case 'secret-or-parameter-unavailable': {
      const refs = ownAll(f.unavailableSecrets);
      const secrets = refs.filter((x) => !x.includes(':parameter') && !x.startsWith('/'));
      const params = refs.filter((x) => x.includes(':parameter') || x.startsWith('/'));
      return { ids: { secret: secrets, parameter: params }, lookups: refs.slice(0, 2).flatMap((x) => byName(x)) };
    }
    case 'kms-decrypt-denied': {
      const keys = ownAll(f.kmsKeyIds);
      return one(
        'key',
        keys,
        keys.slice(0, 2).flatMap((k) => byName(k)),
      );
    }
    default:
      return { ids: {}, lookups: [] };
  }
}

/**
 * The questions for a diagnosis, or undefined when there is nothing to ask: the cause is not proven (a change is
 * named only for a cause the account proves), no change can make it, or the diagnosis read nothing (text only).
 */
export function trailQueryFor(d: Diagnosis): TrailQuery | undefined {
  if (d.confidence !== 'proven' || d.mode !== 'evidence' || !CAUSE_CHANGES[d.cause]) return undefined;
  const { ids, lookups, linkVpc, linkSubnets } = plan(d);
  const unique = lookups.filter(
    (l, i) => lookups.findIndex((o) => o.attribute === l.attribute && o.value === l.value) === i,
  );
  if (unique.length === 0) return undefined;
  const services = d.fixInputs.missingEndpoints;
  return {
    cause: d.cause,
    ids,
    lookups: unique.slice(0, MAX_TRAIL_LOOKUPS),
    ...(linkVpc ? { linkVpc } : {}),
    ...(linkSubnets ? { linkSubnets } : {}),
    ...(services?.length ? { endpointServices: [...services] } : {}),
  };
}

/** The event names that break a resource, and the ones that put it right (asked by name when the resource is gone). */
const FIX_EVENT: Readonly<Record<string, string>> = {
  DeleteVpcEndpoints: 'CreateVpcEndpoint',
  RegisterTaskDefinition: 'UpdateService',
};

/**
 * What to ask at recovery about the change that fixed the cause (stored on the open incident): the same resources,
 * and the fixing event where the question was by the breaking event's name (a new endpoint, not a deleted one).
 */
export function fixQueryFor(d: Diagnosis): TrailQuery | undefined {
  const q = trailQueryFor(d);
  if (!q || !CAUSE_FIXES[q.cause as CauseId]) return undefined;
  const lookups = q.lookups.map((l) =>
    l.attribute === 'EventName' && FIX_EVENT[l.value] ? { ...l, value: FIX_EVENT[l.value]! } : l,
  );
  const unique = lookups.filter((l, i) => lookups.findIndex((o) => o.value === l.value) === i);
  const { linkVpc: _link, linkSubnets: _subnets, ...rest } = q;
  return { ...rest, lookups: unique };
}
