/**
 * What the endpoint write steps share: the run (client, call context, VPC and its state as last read, our
 * security group, the AZ of each subnet), a step's outcome, the tags every creation carries and when a
 * failed create is worth a fresh describe.
 */
import type { EC2Client, Tag } from '@aws-sdk/client-ec2';
import type { CallContext, Unknown } from '../../aws/call';
import { isAlreadyExists } from '../../aws/errors';
import type { EndpointService } from '../../domain/diagnosis';
import { INCIDENT_TAG } from '../../permissions';
import type { AppliedStep, PlanStep } from '../types';
import type { VpcState } from './state';

export const ENDPOINT_SERVICES: readonly EndpointService[] = [
  'ecr.api',
  'ecr.dkr',
  's3',
  'logs',
  'secretsmanager',
  'ssm',
];

/** One application of the endpoint steps to one VPC; the steps read and update it in order. */
export interface EndpointRun {
  readonly ec2: EC2Client;
  readonly ctx: CallContext;
  readonly incidentId: string;
  readonly vpcId: string;
  /** The VPC as last described, or as the steps so far changed it. */
  state: VpcState;
  /** Our endpoint security group, once found or created. */
  groupId: string | undefined;
  /** The AZ of each subnet known so far (the diagnosis's, completed by DescribeSubnets). */
  readonly azOf: Map<string, string>;
  /** Describes the VPC again: on success the run's state becomes the new one, else undefined. */
  reread(): Promise<VpcState | undefined>;
  /**
   * Whether the Region's endpoint service accepts IPv6, or why that is not known (interface-endpoint.ts
   * readIpv6Offers): read once per run, for every service the plan wants dual-stack.
   */
  ipv6Offered(serviceName: string): Promise<{ ok: true } | { ok: false; why: string }>;
}

/** What one step came to: what was done (a line of AppliedStep), or the error that stops the run there. */
export type StepOutcome =
  | { ok: true; result: AppliedStep['result']; resourceId: string | undefined; detail: string }
  | { ok: false; error: string };

export const done = (result: AppliedStep['result'], resourceId: string | undefined, detail: string): StepOutcome => ({
  ok: true,
  result,
  resourceId,
  detail,
});

export const stop = (error: string): StepOutcome => ({ ok: false, error });

export function tagsOf(step: PlanStep, incidentId: string): Tag[] {
  const base = (step.params.Tags as Tag[] | undefined) ?? [];
  return [...base.filter((t) => t.Key !== INCIDENT_TAG), { Key: INCIDENT_TAG, Value: incidentId.slice(0, 256) }];
}

/** A create failed: does the resource exist now (race, duplicate, timeout after success)? AccessDenied never does. */
export function worthRedescribing(u: Unknown): boolean {
  return u.kind !== 'access-denied' && u.kind !== 'throttled' ? true : isAlreadyExists({ name: u.errorName });
}
