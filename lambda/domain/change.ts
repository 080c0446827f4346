/**
 * What changed (issue 17): the recorded management event that made a proven cause's broken state, as the
 * diagnosis reports it. Read from CloudTrail event history (LookupEvents) after the diagnosis; public in the CLI's
 * JSON (`diagnosis.change`) and stored on the incident, so a reminder does not look it up again.
 */

/** The kinds of resource a change can act on; an event matches a diagnosis only on ids of the same kind. */
export type ResourceKind =
  | 'role'
  | 'repository'
  | 'taskDefinition'
  | 'service'
  | 'routeTable'
  | 'association'
  | 'nat'
  | 'vpc'
  | 'subnet'
  | 'securityGroup'
  | 'networkAcl'
  | 'endpoint'
  | 'secret'
  | 'parameter'
  | 'key';

/** Resource ids by kind, in their canonical form (changes/attribute.ts canonicalId). */
export type TypedIds = Partial<Record<ResourceKind, string[]>>;

/** One CloudTrail management event, reduced to what attribution needs. */
export interface TrailEvent {
  id: string;
  name: string;
  /** ISO time. */
  time: string;
  /** Who made the call: the caller's ARN from the record (userIdentity.arn), else LookupEvents' Username. */
  actor?: string;
  /**
   * The resources the event acted on, by kind: LookupEvents' typed Resources, and the top-level ids of its request
   * (and of a few responses: the endpoint a CreateVpcEndpoint made, the task definition a RegisterTaskDefinition
   * made). Never an id nested deeper (a security group a rule merely references).
   */
  ids: TypedIds;
  /** The endpoint service a CreateVpcEndpoint record names (com.amazonaws.<region>.ecr.dkr), when it does. */
  serviceName?: string;
  /** The destination of a route the record changes (CreateRoute/DeleteRoute/ReplaceRoute: "0.0.0.0/0", "pl-…"). */
  routeDestination?: string;
  /** The rules a security group record adds or revokes: protocol ("-1" = all) and port range. */
  permissions?: ReadonlyArray<{ protocol: string; from?: number; to?: number }>;
  /** UpdateService: the task definition it sets, and the public IP setting of its network configuration. */
  updatedTaskDefinition?: string;
  assignPublicIp?: string;
  /** ModifySubnetAttribute: the MapPublicIpOnLaunch value it sets. */
  mapPublicIpOnLaunch?: boolean;
}

/** One question to CloudTrail event history (LookupEvents takes one attribute per request). */
export interface TrailLookup {
  attribute: 'ResourceName' | 'EventName';
  value: string;
  /** IAM is a global service: its events are in the event history of us-east-1 (of the partition's Region). */
  global?: boolean;
  /** How far back (days; default 14): a link to an older record (the association a subnet had) reads all 90. */
  days?: number;
}

/**
 * What to ask CloudTrail about a cause (changes/queries.ts): the resources the diagnosis read, by kind, the questions,
 * and the endpoint services that count (a deleted or new endpoint of another service is not this cause's).
 * Stored on an open incident, to ask again at recovery: what fixed it, and what changed when it was not known yet.
 */
export interface TrailQuery {
  cause: string;
  ids: TypedIds;
  lookups: TrailLookup[];
  /** The VPC whose deleted endpoints count (tied to it by their CreateVpcEndpoint record). */
  linkVpc?: string;
  /**
   * Subnets on the VPC's main route table: their lost associations count (a DisassociateRouteTable record names only
   * the association, tied to the subnet by the AssociateRouteTable record the subnet lookup returns).
   */
  linkSubnets?: string[];
  /** Endpoint services (ecr.api, ecr.dkr, s3, …) whose endpoints count. */
  endpointServices?: string[];
}

export type WhatChanged =
  /** The latest change before the first failure that explains the cause, on a resource the diagnosis read. */
  | {
      status: 'found';
      eventId: string;
      eventName: string;
      /** ISO time of the change. */
      eventTime: string;
      actor?: string;
      /** The diagnosis's resource the event acted on (with its endpoint service when known: "vpce-0abc (ecr.dkr)"). */
      resource: string;
      /** Whole minutes between the change and the first failure (≥ 0). */
      minutesBefore: number;
    }
  /**
   * Event history was read and holds no change that explains the cause in the window: what was asked, by resource
   * name and by event name.
   */
  | { status: 'none'; resources: string[]; events: string[]; days: number }
  /**
   * Not known yet: nothing found, but event history may still miss it — it can take up to 15 minutes to show a call,
   * or a question's page was full. Not stored: a reminder (or the recovery) asks again.
   */
  | { status: 'pending'; why: 'lag' | 'page'; resources: string[]; events: string[] }
  /** Event history could not be read (AccessDenied, throttled, no answer in time): why. */
  | { status: 'unchecked'; reason: string };

/** What put a recovered incident right (the resolved message, issue 17). */
export type WhatFixed =
  /** This tool's own fix, as recorded on the incident (what was applied, when). */
  | { by: 'this-tool'; at: string; steps: string[] }
  /** A change outside this tool, from CloudTrail event history: `minutesBefore` counts to the recovery. */
  | { by: 'outside'; change: Extract<WhatChanged, { status: 'found' }> }
  /** A rollback (or another revision) runs, not the failing one: nothing is credited with a fix. */
  | { by: 'rollback'; taskDefinition: string; failed: string }
  /**
   * Not known: event history holds no such change (`checked`), may not show it yet (`pending`), or could not be read
   * (`reason`).
   */
  | { by: 'unknown'; checked?: string[]; pending?: boolean; reason?: string };
