/**
 * What changed (issue 17): the recorded management event that made a proven cause's broken state, as the
 * diagnosis reports it. Read from CloudTrail event history (LookupEvents) after the diagnosis; public in the CLI's
 * JSON (`diagnosis.change`) and stored on the incident, so a reminder does not look it up again.
 */

/** One CloudTrail management event, reduced to what attribution needs. */
export interface TrailEvent {
  id: string;
  name: string;
  /** ISO time. */
  time: string;
  /** Who made the call: the caller's ARN from the record (userIdentity.arn), else LookupEvents' Username. */
  actor?: string;
  /**
   * The resources the event acted on: LookupEvents' Resources, and the resource ids its request and response
   * name (role name, endpoint, route table, repository, secret, task definition, service, …).
   */
  resources: ReadonlyArray<{ type?: string; name: string }>;
  /** The endpoint service a CreateVpcEndpoint record names (com.amazonaws.<region>.ecr.dkr), when it does. */
  serviceName?: string;
  /** The VPC a CreateVpcEndpoint record names, when it does. */
  vpcId?: string;
  /** The destination of a route the record changes (CreateRoute/DeleteRoute/ReplaceRoute: "0.0.0.0/0", "pl-…"). */
  routeDestination?: string;
  /** The rules a security group record adds or revokes: protocol ("-1" = all) and port range. */
  permissions?: ReadonlyArray<{ protocol: string; from?: number; to?: number }>;
}

/** One question to CloudTrail event history (LookupEvents takes one attribute per request). */
export interface TrailLookup {
  attribute: 'ResourceName' | 'EventName';
  value: string;
}

/**
 * What to ask, later, about the change that fixed a cause (stored on an open incident; changes/queries.ts
 * fixQueryFor): the resources the diagnosis read, and the questions.
 */
export interface FixQuery {
  cause: string;
  resourceIds: string[];
  lookups: TrailLookup[];
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
  /** Event history could not be read (AccessDenied, throttled, no answer in time): why. */
  | { status: 'unchecked'; reason: string };

/** What put a recovered incident right (the resolved message, issue 17). */
export type WhatFixed =
  /** This tool's own fix, as recorded on the incident (what was applied, when). */
  | { by: 'this-tool'; at: string; steps: string[] }
  /** A change outside this tool, from CloudTrail event history: `minutesBefore` counts to the recovery. */
  | { by: 'outside'; change: Extract<WhatChanged, { status: 'found' }> }
  /** Not known: event history holds no such change (`checked`), or could not be read (`reason`). */
  | { by: 'unknown'; checked?: string[]; reason?: string };
