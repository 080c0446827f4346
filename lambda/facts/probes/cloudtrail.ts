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
import type { ResourceKind, TrailEvent, TrailLookup, TypedIds } from '../../domain/change';

/** Events per request (LookupEvents' maximum): the newest first. */
export const TRAIL_PAGE = 50;

/** Top-level request keys that name the resource an event acts on, by kind (EC2 spells some in capitals). */
const KEY_KIND: Readonly<Record<string, ResourceKind>> = {
  roleName: 'role',
  repositoryName: 'repository',
  secretId: 'secret',
  keyId: 'key',
  routeTableId: 'routeTable',
  RouteTableId: 'routeTable',
  associationId: 'association',
  AssociationId: 'association',
  natGatewayId: 'nat',
  NatGatewayId: 'nat',
  vpcId: 'vpc',
  VpcId: 'vpc',
  subnetId: 'subnet',
  SubnetId: 'subnet',
  groupId: 'securityGroup',
  GroupId: 'securityGroup',
  networkAclId: 'networkAcl',
  NetworkAclId: 'networkAcl',
  vpcEndpointId: 'endpoint',
  VpcEndpointId: 'endpoint',
};
/** LookupEvents' Resources, by ResourceType (CloudTrail "resource types supported for event history"). */
const TYPE_KIND: Readonly<Record<string, ResourceKind>> = {
  'AWS::IAM::Role': 'role',
  'AWS::ECR::Repository': 'repository',
  'AWS::EC2::RouteTable': 'routeTable',
  'AWS::EC2::NatGateway': 'nat',
  'AWS::EC2::VPC': 'vpc',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::SecurityGroup': 'securityGroup',
  'AWS::EC2::NetworkAcl': 'networkAcl',
  'AWS::EC2::VPCEndpoint': 'endpoint',
  'AWS::SecretsManager::Secret': 'secret',
  'AWS::SSM::Parameter': 'parameter',
  'AWS::KMS::Key': 'key',
  'AWS::ECS::TaskDefinition': 'taskDefinition',
  'AWS::ECS::Service': 'service',
};
const MAX_IDS = 50;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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

/** The strings of a request value: a string, a list, EC2's {tag, content} items, or an {items: […]} list. */
function strings(v: Json | undefined): string[] {
  if (typeof v === 'string') return v ? [v] : [];
  if (Array.isArray(v)) return v.flatMap(strings);
  const o = obj(v);
  if (!o) return [];
  if (typeof o.content === 'string') return [o.content];
  if (Array.isArray(o.items)) return o.items.flatMap(strings);
  return [];
}

/** The request's own fields: EC2 records wrap them in one `<Action>Request` object. */
function requestOf(record: Record<string, Json> | undefined): Record<string, Json> | undefined {
  const req = obj(record?.requestParameters);
  const keys = req ? Object.keys(req) : [];
  return keys.length === 1 && keys[0]!.endsWith('Request') && obj(req![keys[0]!]) ? obj(req![keys[0]!]) : req;
}

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

/** The ids an event acted on, by kind: its typed Resources and its request's top-level ids (a few responses). */
function idsOf(e: LookupEvent, req: Record<string, Json> | undefined, res: Record<string, Json> | undefined): TypedIds {
  const ids: TypedIds = {};
  const add = (kind: ResourceKind, id: string | undefined) => {
    if (!id || id.length > 2048) return;
    const list = ids[kind] ?? [];
    if (list.length < MAX_IDS && !list.includes(id)) ids[kind] = [...list, id];
  };
  for (const r of e.Resources ?? [])
    if (r.ResourceType && TYPE_KIND[r.ResourceType]) add(TYPE_KIND[r.ResourceType]!, r.ResourceName);
  for (const [key, value] of Object.entries(req ?? {})) {
    const kind = KEY_KIND[key];
    if (kind) for (const id of strings(value)) add(kind, id);
  }
  const source = e.EventSource ?? '';
  if (source.startsWith('ssm.') && str(req?.name)) add('parameter', str(req?.name));
  if (source.startsWith('secretsmanager.') && e.EventName === 'CreateSecret') add('secret', str(req?.name));
  if (source.startsWith('ecs.')) {
    add('service', serviceIdOf(req));
    add('taskDefinition', str(obj(res?.taskDefinition)?.taskDefinitionArn));
  }
  // AssociateRouteTable answers with the association it made (what a later DisassociateRouteTable names).
  if (e.EventName === 'AssociateRouteTable') add('association', str(res?.associationId));
  const created = obj(obj(res?.CreateVpcEndpointResponse)?.vpcEndpoint);
  add('endpoint', str(created?.vpcEndpointId));
  add('vpc', str(created?.vpcId));
  return ids;
}

/** One LookupEvents Event as a TrailEvent; undefined for a failed or read-only call, or one without name or time. */
export function trailEventOf(e: LookupEvent): TrailEvent | undefined {
  const record = parseRecord(e.CloudTrailEvent);
  if (record && (str(record.errorCode) || record.readOnly === true)) return undefined;
  if (e.ReadOnly === 'true') return undefined;
  const time = e.EventTime instanceof Date ? e.EventTime.toISOString() : undefined;
  if (!e.EventId || !e.EventName || !time) return undefined;
  const req = requestOf(record);
  const res = obj(record?.responseElements);
  const created = obj(obj(res?.CreateVpcEndpointResponse)?.vpcEndpoint);
  const serviceName = str(created?.serviceName) ?? str(req?.ServiceName);
  const destination = str(req?.destinationCidrBlock) ?? str(req?.destinationPrefixListId);
  const permissions = permissionsOf(req);
  const aws = obj(obj(req?.networkConfiguration)?.awsvpcConfiguration);
  const mapPublicIp = obj(req?.mapPublicIpOnLaunch)?.value;
  const actor = str(obj(record?.userIdentity)?.arn) ?? str(obj(record?.userIdentity)?.invokedBy) ?? e.Username;
  return {
    id: e.EventId,
    name: e.EventName,
    time,
    ...(actor ? { actor } : {}),
    ids: idsOf(e, req, res),
    ...(e.EventName === 'CreateVpcEndpoint' && serviceName ? { serviceName } : {}),
    ...(destination ? { routeDestination: destination } : {}),
    ...(permissions?.length ? { permissions } : {}),
    ...(e.EventName === 'UpdateService' && str(req?.taskDefinition)
      ? { updatedTaskDefinition: str(req?.taskDefinition)! }
      : {}),
    ...(str(aws?.assignPublicIp) ? { assignPublicIp: str(aws?.assignPublicIp)! } : {}),
    ...(typeof mapPublicIp === 'boolean' ? { mapPublicIpOnLaunch: mapPublicIp } : {}),
  };
}

/** One page of events matching one lookup, newest first; `full`: the page was full, older events were not read. */
export async function lookUpEvents(
  clients: Clients,
  ctx: CallContext,
  lookup: TrailLookup,
  start: Date,
  end: Date,
): Promise<Fact<{ events: TrailEvent[]; full: boolean }>> {
  // IAM's events are in the event history of the partition's global Region only (us-east-1 in aws).
  const client = lookup.global ? clients.cloudtrailGlobal : clients.cloudtrail;
  return callAws(ctx, 'cloudtrail:LookupEvents', async (abortSignal) => {
    const r = await client.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: lookup.attribute, AttributeValue: lookup.value }],
        StartTime: start,
        EndTime: end,
        MaxResults: TRAIL_PAGE,
      }),
      { abortSignal },
    );
    const events = r.Events ?? [];
    return {
      events: events.flatMap((e) => trailEventOf(e) ?? []),
      full: events.length >= TRAIL_PAGE || Boolean(r.NextToken),
    };
  });
}
