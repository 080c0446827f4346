/**
 * The service-level signals of issue 17, parsed safely (never throws), as ./schema.ts parses task events:
 * - "ECS Service Action" SERVICE_STEADY_STATE and "ECS Deployment State Change" SERVICE_DEPLOYMENT_COMPLETED: the
 *   service runs its desired tasks again — the recovery of its open incidents (confirmed from the account first);
 * - "ECS Service Action" SERVICE_TASK_START_IMPAIRED and "ECS Deployment State Change" SERVICE_DEPLOYMENT_FAILED
 *   (a circuit-breaker rollback): the service cannot start tasks — diagnosed from its latest stopped task.
 * Shapes: Amazon ECS Developer Guide, "Amazon ECS service action events" and "Amazon ECS service deployment state
 * change events": the service ARN is the event's `resources[0]`; a service action names its cluster in
 * detail.clusterArn (service ARNs of the old format have no cluster); a deployment event may carry `reason`.
 */
import { cleanText } from '../domain/sanitize';
import { CLUSTER_ARN, isObject, shown, unwrapEvent } from './schema';

export type SignalKind = 'steady-state' | 'deployment-completed' | 'start-impaired' | 'deployment-failed';

export const SIGNAL_EVENTS: Readonly<Record<string, Readonly<Record<string, SignalKind>>>> = {
  'ECS Service Action': { SERVICE_STEADY_STATE: 'steady-state', SERVICE_TASK_START_IMPAIRED: 'start-impaired' },
  'ECS Deployment State Change': {
    SERVICE_DEPLOYMENT_COMPLETED: 'deployment-completed',
    SERVICE_DEPLOYMENT_FAILED: 'deployment-failed',
  },
};

export interface ServiceSignal {
  kind: SignalKind;
  /** The ECS event name, e.g. SERVICE_STEADY_STATE. */
  eventName: string;
  eventId?: string;
  /** ISO time of the event. */
  time?: string;
  account: string;
  region: string;
  cluster: string;
  service: string;
  serviceArn: string;
  /** A failed deployment's reason ("ECS deployment circuit breaker: task failed to start."), cleaned. */
  reason?: string;
}

export type SignalParse = { ok: true; signal: ServiceSignal } | { ok: false; reason: string };

const NAME = '[A-Za-z0-9_-]{1,255}';
const SERVICE_ARN = new RegExp(`^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\\d{12}):service/(?:(${NAME})/)?(${NAME})$`);

/** True when the event is one of the service-level kinds (so the task-event parser's refusal does not apply). */
export function isServiceSignal(input: unknown): boolean {
  const u = unwrapEvent(input);
  return u.ok && u.raw.source === 'aws.ecs' && typeof u.raw['detail-type'] === 'string'
    ? u.raw['detail-type'] in SIGNAL_EVENTS
    : false;
}

export function parseServiceSignal(input: unknown): SignalParse {
  const u = unwrapEvent(input);
  if (!u.ok) return u;
  const raw = u.raw;
  if (raw.source !== 'aws.ecs') return { ok: false, reason: `foreign source ${shown(raw.source ?? null, 80)}` };
  const kinds = typeof raw['detail-type'] === 'string' ? SIGNAL_EVENTS[raw['detail-type']] : undefined;
  if (!kinds) return { ok: false, reason: `foreign detail-type ${shown(raw['detail-type'] ?? null, 80)}` };
  const d = raw.detail;
  if (!isObject(d)) return { ok: false, reason: 'detail is missing or not an object' };
  const eventName = typeof d.eventName === 'string' ? d.eventName : '';
  const kind = kinds[eventName];
  if (!kind) return { ok: false, reason: `service event ${shown(d.eventName ?? null, 80)} is not followed` };
  const resources = Array.isArray(raw.resources) ? raw.resources : [];
  const serviceArn = typeof resources[0] === 'string' && resources[0].length <= 1024 ? resources[0] : undefined;
  const m = serviceArn ? SERVICE_ARN.exec(serviceArn) : null;
  if (!serviceArn || !m) return { ok: false, reason: 'resources[0] is missing or not an ECS service ARN' };
  const clusterArn = typeof d.clusterArn === 'string' ? d.clusterArn : undefined;
  const cm = clusterArn ? CLUSTER_ARN.exec(clusterArn) : null;
  const region = m[1]!;
  const account = m[2]!;
  const cluster = m[3] ?? cm?.[3];
  if (!cluster) return { ok: false, reason: `service ${serviceArn} names no cluster, and detail.clusterArn none` };
  if (cm && (cm[3] !== cluster || cm[2] !== account || cm[1] !== region))
    return { ok: false, reason: `service ${serviceArn} is not in cluster ${clusterArn}` };
  if ((raw.account !== undefined && raw.account !== account) || (raw.region !== undefined && raw.region !== region))
    return { ok: false, reason: `service ${serviceArn} is not in the event's account and Region` };
  const text = (v: unknown, max: number) =>
    typeof v === 'string' && v ? cleanText(v, { max }) || undefined : undefined;
  const signal: ServiceSignal = { kind, eventName, account, region, cluster, service: m[4]!, serviceArn };
  const eventId = text(raw.id, 100);
  if (eventId) signal.eventId = eventId;
  const time = text(raw.time, 40);
  if (time) signal.time = time;
  const reason = text(d.reason, 500);
  if (reason) signal.reason = reason;
  return { ok: true, signal };
}
