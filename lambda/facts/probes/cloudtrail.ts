/**
 * CloudTrail event history (cloudtrail:LookupEvents), read for "what changed" (issue 17): one page of the newest
 * management events that match one attribute, before the first failure. Each record is reduced to a TrailEvent:
 * failed calls and read-only calls are dropped (they changed nothing), and the resource ids are taken from the
 * record's request and response as well as from LookupEvents' Resources (which event history fills for some
 * resource types only). Response shapes: CloudTrail API Reference, LookupEvents and Event; record fields:
 * CloudTrail User Guide, "CloudTrail record contents".
 */
import { LookupEventsCommand, type Event as LookupEvent } from '@aws-sdk/client-cloudtrail';
import { callAws, type CallContext, type Fact } from '../../aws/call';
import type { Clients } from '../../aws/clients';
import type { TrailEvent } from '../../domain/change';

/** Events per request (LookupEvents' maximum): the newest first. */
export const TRAIL_PAGE = 50;

/** Request and response keys whose string values name a resource an event acted on. */
const NAME_KEYS = new Set([
  'roleName',
  'repositoryName',
  'secretId',
  'keyId',
  'taskDefinitionArn',
  'family',
  'routeTableId',
  'natGatewayId',
  'groupId',
  'networkAclId',
  'subnetId',
  'vpcId',
  'vpcEndpointId',
  'VpcEndpointId',
]);
/** Values that are resource ids whatever key holds them (EC2 ids, ARNs), e.g. the "content" of a tagged list item. */
const ID_VALUE = /^(?:(?:vpce|rtb|nat|sg|acl|vpc|subnet|rtbassoc)-[0-9a-f]{8,17}|arn:aws[a-z-]*:[a-z0-9-]+:.+)$/;
const MAX_DEPTH = 8;
const MAX_IDS = 50;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function collectIds(value: Json | undefined, out: Set<string>, depth = 0, key = ''): void {
  if (value === null || value === undefined || depth > MAX_DEPTH || out.size >= MAX_IDS) return;
  if (typeof value === 'string') {
    if (NAME_KEYS.has(key) || ID_VALUE.test(value)) out.add(value.slice(0, 2048));
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectIds(v, out, depth + 1, key);
    return;
  }
  if (typeof value === 'object') for (const [k, v] of Object.entries(value)) collectIds(v, out, depth + 1, k);
}

function parseRecord(text: string | undefined): Record<string, Json> | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Json;
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: Json | undefined): string | undefined => (typeof v === 'string' && v ? v : undefined);
const obj = (v: Json | undefined): Record<string, Json> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
const num = (v: Json | undefined): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;

/** The rules of an Authorize/Revoke record: ipPermissions.items[] (EC2's record form), or a bare list. */
function permissionsOf(req: Record<string, Json> | undefined): TrailEvent['permissions'] {
  const perms = obj(req?.ipPermissions)?.items ?? req?.ipPermissions;
  if (!Array.isArray(perms)) return undefined;
  return perms.flatMap((p) => {
    const o = obj(p);
    const protocol = str(o?.ipProtocol);
    if (!o || protocol === undefined) return [];
    const from = num(o.fromPort);
    const to = num(o.toPort);
    return [{ protocol, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }];
  });
}

/**
 * An UpdateService request names its service by name or ARN and its cluster by name or ARN: "<cluster>/<service>"
 * is what a service ARN ends with, so the diagnosis's service matches it only in the same cluster.
 */
function serviceIdOf(req: Record<string, Json> | undefined): string | undefined {
  const service = str(req?.service);
  if (!service) return undefined;
  if (service.startsWith('arn:')) return service;
  const cluster = (str(req?.cluster) ?? 'default').split('/').pop();
  return `${cluster}/${service}`;
}

/** One LookupEvents Event as a TrailEvent; undefined for a failed or read-only call, or one without name or time. */
export function trailEventOf(e: LookupEvent): TrailEvent | undefined {
  const record = parseRecord(e.CloudTrailEvent);
  if (record && (str(record.errorCode) || record.readOnly === true)) return undefined;
  if (e.ReadOnly === 'true') return undefined;
  const time = e.EventTime instanceof Date ? e.EventTime.toISOString() : undefined;
  if (!e.EventId || !e.EventName || !time) return undefined;
  const req = obj(record?.requestParameters);
  const res = obj(record?.responseElements);
  const ids = new Set<string>();
  collectIds(req ?? null, ids);
  collectIds(res ?? null, ids);
  const service = serviceIdOf(req);
  if (service) ids.add(service);
  if (e.EventName.endsWith('Parameter') && str(req?.name)) ids.add(str(req?.name)!);
  const resources = [
    ...(e.Resources ?? []).flatMap((r) =>
      r.ResourceName ? [{ name: r.ResourceName, ...(r.ResourceType ? { type: r.ResourceType } : {}) }] : [],
    ),
    ...[...ids].map((name) => ({ name })),
  ];
  const endpoint = obj(obj(res?.CreateVpcEndpointResponse)?.vpcEndpoint);
  const createReq = obj(req?.CreateVpcEndpointRequest);
  const serviceName = str(endpoint?.serviceName) ?? str(createReq?.ServiceName);
  const vpcId = str(endpoint?.vpcId) ?? str(createReq?.VpcId);
  const destination = str(req?.destinationCidrBlock) ?? str(req?.destinationPrefixListId);
  const permissions = permissionsOf(req);
  const actor = str(obj(record?.userIdentity)?.arn) ?? str(obj(record?.userIdentity)?.invokedBy) ?? e.Username;
  return {
    id: e.EventId,
    name: e.EventName,
    time,
    ...(actor ? { actor } : {}),
    resources,
    ...(e.EventName === 'CreateVpcEndpoint' && serviceName ? { serviceName } : {}),
    ...(e.EventName === 'CreateVpcEndpoint' && vpcId ? { vpcId } : {}),
    ...(destination ? { routeDestination: destination } : {}),
    ...(permissions?.length ? { permissions } : {}),
  };
}

/** One page of events matching `attribute = value` between `start` and `end`, newest first. */
export async function lookUpEvents(
  clients: Clients,
  ctx: CallContext,
  attribute: 'ResourceName' | 'EventName',
  value: string,
  start: Date,
  end: Date,
): Promise<Fact<TrailEvent[]>> {
  return callAws(ctx, 'cloudtrail:LookupEvents', async (abortSignal) => {
    const r = await clients.cloudtrail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: attribute, AttributeValue: value }],
        StartTime: start,
        EndTime: end,
        MaxResults: TRAIL_PAGE,
      }),
      { abortSignal },
    );
    return (r.Events ?? []).flatMap((e) => trailEventOf(e) ?? []);
  });
}
