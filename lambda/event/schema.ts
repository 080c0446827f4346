/**
 * Safe parsing of the EventBridge "ECS Task State Change" event into a normalised, typed record.
 * Never throws: malformed or foreign input yields `{ ok: false, reason }`, which the handler logs and drops.
 * Field list: DOMAIN.md "The event" (docs: Amazon ECS task state change events).
 *
 * Every string taken from the event is cleaned here, at the source (./sanitize.ts: no control or format
 * character, one line, capped), so that logs and every later stage see harmless text. The task and
 * cluster ARNs are not cleaned but validated as they are (ECS cluster names: letters, digits, "_", "-").
 * The event's account and Region must be those of the task ARN, and the cluster ARN's those of the task's.
 */
import { cleanText, NAME_MAX } from '../domain/sanitize';

export interface ContainerState {
  name: string;
  image?: string;
  imageDigest?: string;
  lastStatus?: string;
  reason?: string;
  exitCode?: number;
}

export interface StoppedTask {
  /** EventBridge event id. */
  eventId?: string;
  account: string;
  region: string;
  /** Event time (ISO). */
  time?: string;
  taskArn: string;
  taskId: string;
  clusterArn: string;
  clusterName: string;
  taskDefinitionArn?: string;
  /** "service:NAME" or "family:NAME". */
  group?: string;
  serviceName?: string;
  family?: string;
  startedBy?: string;
  launchType?: string;
  platformVersion?: string;
  capacityProviderName?: string;
  stopCode?: string;
  stoppedReason?: string;
  containers: ContainerState[];
  /** From the ENI attachment details. */
  subnetIds: string[];
  networkInterfaceId?: string;
  availabilityZone?: string;
  containerInstanceArn?: string;
  /** Increments on each state change; duplicates of one delivery share it. */
  version?: number;
  stoppedAt?: string;
  /** When the image pull started and ended (ISO), when the event says (issue 20: slow pulls). */
  pullStartedAt?: string;
  pullStoppedAt?: string;
}

/** The fields every log line about a task carries (the same names in every line, for log queries). */
export function taskLogFields(task: StoppedTask): { taskArn: string; cluster: string; ecsService: string | null } {
  return { taskArn: task.taskArn, cluster: task.clusterName, ecsService: task.serviceName ?? null };
}

export type ParseResult = { ok: true; task: StoppedTask } | { ok: false; reason: string };

const MAX_STRING = 16_384;
const MAX_CONTAINERS = 100;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A string field: cleaned (one line, no control or format character) and capped; undefined when empty or not a string.
 */
function str(v: unknown, max = MAX_STRING): string | undefined {
  if (typeof v !== 'string' || v.length === 0) return undefined;
  return cleanText(v, { max }) || undefined;
}

/** A value named in a reason: a cleaned, quoted string, or its type. */
export function shown(v: unknown, max: number): string {
  if (typeof v === 'string') return JSON.stringify(cleanText(v, { max }));
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' || typeof v === 'undefined' ? `an ${typeof v}` : `a ${typeof v}`;
}

/** The raw ARN when it is a string of a sane length (validated by its pattern, never cleaned). */
function arnOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= 512 ? v : undefined;
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const TASK_ARN = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):task\/(?:([A-Za-z0-9_-]{1,255})\/)?([A-Za-z0-9-]+)$/;
export const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9_-]{1,255})$/;

/** The EventBridge event itself, or the one inside an SQS/Lambda-style wrapper with a JSON string `body`. */
export function unwrapEvent(
  input: unknown,
): { ok: true; raw: Record<string, unknown> } | { ok: false; reason: string } {
  let raw = input;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return { ok: false, reason: 'event is a string that is not JSON' };
    }
  }
  if (isObject(raw) && typeof raw.body === 'string' && !('detail' in raw)) {
    try {
      raw = JSON.parse(raw.body);
    } catch {
      return { ok: false, reason: 'event body is not JSON' };
    }
  }
  if (!isObject(raw))
    return { ok: false, reason: `event is ${Array.isArray(raw) ? 'an array' : typeof raw}, not an object` };
  return { ok: true, raw };
}

/** Accepts the EventBridge event itself, or an SQS/Lambda-style wrapper with a JSON string `body`. */
export function parseTaskStateChange(input: unknown): ParseResult {
  const unwrapped = unwrapEvent(input);
  if (!unwrapped.ok) return unwrapped;
  const raw = unwrapped.raw;
  if (raw.source !== 'aws.ecs') return { ok: false, reason: `foreign source ${shown(raw.source ?? null, 80)}` };
  if (raw['detail-type'] !== 'ECS Task State Change') {
    return { ok: false, reason: `foreign detail-type ${shown(raw['detail-type'] ?? null, 80)}` };
  }
  const d = raw.detail;
  if (!isObject(d)) return { ok: false, reason: 'detail is missing or not an object' };
  if (d.lastStatus !== 'STOPPED')
    return { ok: false, reason: `task lastStatus is ${shown(d.lastStatus ?? null, 40)}, not STOPPED` };

  const taskArn = arnOf(d.taskArn);
  const m = taskArn ? TASK_ARN.exec(taskArn) : null;
  if (!taskArn || !m) return { ok: false, reason: 'detail.taskArn is missing or not an ECS task ARN' };
  const clusterArn = arnOf(d.clusterArn);
  const cm = clusterArn ? CLUSTER_ARN.exec(clusterArn) : null;
  if (!clusterArn || !cm) return { ok: false, reason: 'detail.clusterArn is missing or not an ECS cluster ARN' };

  // The account and Region are the task ARN's; the event (when it says them) and the cluster ARN must agree.
  const account = m[2]!;
  const region = m[1]!;
  if (present(raw.account) && raw.account !== account) {
    return { ok: false, reason: `task ${taskArn} belongs to account ${account}, event says ${shown(raw.account, 20)}` };
  }
  if (cm[2] !== account)
    return {
      ok: false,
      reason: `task ${taskArn} belongs to account ${account}, its cluster ${clusterArn} to account ${cm[2]}`,
    };
  if (present(raw.region) && raw.region !== region) {
    return { ok: false, reason: `task ${taskArn} runs in region ${region}, event says ${shown(raw.region, 40)}` };
  }
  if (cm[1] !== region)
    return {
      ok: false,
      reason: `task ${taskArn} runs in region ${region}, its cluster ${clusterArn} in region ${cm[1]}`,
    };

  const containers: ContainerState[] = [];
  if (Array.isArray(d.containers)) {
    for (const c of d.containers.slice(0, MAX_CONTAINERS)) {
      if (!isObject(c)) continue;
      const name = str(c.name, 255) ?? `container-${containers.length + 1}`;
      const entry: ContainerState = { name };
      const image = str(c.image, 1024);
      if (image) entry.image = image;
      const imageDigest = str(c.imageDigest, 200);
      if (imageDigest) entry.imageDigest = imageDigest;
      const lastStatus = str(c.lastStatus, 40);
      if (lastStatus) entry.lastStatus = lastStatus;
      const reason = str(c.reason);
      if (reason) entry.reason = reason;
      const exitCode = num(c.exitCode);
      if (exitCode !== undefined) entry.exitCode = exitCode;
      containers.push(entry);
    }
  }

  const subnetIds: string[] = [];
  let networkInterfaceId: string | undefined;
  if (Array.isArray(d.attachments)) {
    for (const a of d.attachments.slice(0, 20)) {
      if (!isObject(a) || !Array.isArray(a.details)) continue;
      for (const kv of a.details.slice(0, 50)) {
        if (!isObject(kv)) continue;
        const value = str(kv.value, 100);
        if (kv.name === 'subnetId' && value && /^subnet-[0-9a-f]+$/.test(value) && !subnetIds.includes(value))
          subnetIds.push(value);
        if (kv.name === 'networkInterfaceId' && value) networkInterfaceId = value;
      }
    }
  }

  const group = str(d.group, 512);
  const task: StoppedTask = {
    account,
    region,
    taskArn,
    taskId: m[4]!,
    clusterArn,
    clusterName: cm[3]!,
    containers,
    subnetIds,
  };
  const set = <K extends keyof StoppedTask>(k: K, v: StoppedTask[K] | undefined) => {
    if (v !== undefined) task[k] = v;
  };
  set('eventId', str(raw.id, 100));
  set('time', str(raw.time, 40));
  set('taskDefinitionArn', str(d.taskDefinitionArn, 512));
  set('group', group);
  // Names at most NAME_MAX characters (ECS allows 255).
  const name = (s: string | undefined) => cleanText(s, { max: NAME_MAX }) || undefined;
  if (group?.startsWith('service:')) set('serviceName', name(group.slice('service:'.length)));
  if (group?.startsWith('family:')) set('family', name(group.slice('family:'.length)));
  if (!task.family && task.taskDefinitionArn)
    set('family', name(/task-definition\/([^:]+)/.exec(task.taskDefinitionArn)?.[1]));
  set('startedBy', str(d.startedBy, 256));
  set('launchType', str(d.launchType, 40));
  set('platformVersion', str(d.platformVersion, 40));
  set('capacityProviderName', str(d.capacityProviderName, 256));
  set('stopCode', str(d.stopCode, 80));
  set('stoppedReason', str(d.stoppedReason));
  set('networkInterfaceId', networkInterfaceId);
  set('availabilityZone', str(d.availabilityZone, 40));
  set('containerInstanceArn', str(d.containerInstanceArn, 512));
  set('version', num(d.version));
  set('stoppedAt', str(d.stoppedAt, 40) ?? str(d.stoppingAt, 40));
  set('pullStartedAt', str(d.pullStartedAt, 40));
  set('pullStoppedAt', str(d.pullStoppedAt, 40));
  return { ok: true, task };
}
