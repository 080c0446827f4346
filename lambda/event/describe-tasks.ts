/**
 * What users actually hold when a task fails: an EventBridge event, the output of `aws ecs describe-tasks`
 * (`{ tasks, failures }`), or one task object of it. This module recognises each and turns a task into the
 * EventBridge event the parser reads, so every input takes the same path. Pure; dates may be Date objects
 * (SDK) or ISO strings / epoch seconds (AWS CLI JSON).
 */
import { findPullFailure } from './pull-failure';
import { isObject, parseTaskStateChange } from './schema';

const TASK_ARN = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):task\//;

/** The kinds of JSON this tool reads, named as in messages to the user. */
export const EXPECTED_INPUT =
  'an EventBridge "ECS Task State Change" event, the output of `aws ecs describe-tasks`, or one task of it';

function iso(d: unknown): string | undefined {
  if (d instanceof Date) return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  if (typeof d === 'string' && d) return d;
  // The AWS CLI prints timestamps as epoch seconds with some output settings.
  if (typeof d === 'number' && Number.isFinite(d)) return new Date(d * 1000).toISOString();
  return undefined;
}

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {});

/** Rebuilds the EventBridge event of a stopped task from a DescribeTasks task (SDK or CLI JSON). */
export function taskToEvent(task: unknown): unknown {
  const t = obj(task);
  const m = TASK_ARN.exec(typeof t.taskArn === 'string' ? t.taskArn : '');
  return {
    source: 'aws.ecs',
    'detail-type': 'ECS Task State Change',
    ...(m ? { account: m[2], region: m[1] } : {}),
    detail: {
      taskArn: t.taskArn,
      clusterArn: t.clusterArn,
      taskDefinitionArn: t.taskDefinitionArn,
      group: t.group,
      startedBy: t.startedBy,
      launchType: t.launchType,
      platformVersion: t.platformVersion,
      capacityProviderName: t.capacityProviderName,
      lastStatus: t.lastStatus,
      desiredStatus: t.desiredStatus,
      stopCode: t.stopCode,
      stoppedReason: t.stoppedReason,
      availabilityZone: t.availabilityZone,
      containerInstanceArn: t.containerInstanceArn,
      version: t.version,
      stoppedAt: iso(t.stoppedAt),
      stoppingAt: iso(t.stoppingAt),
      containers: arr(t.containers).map((raw) => {
        const c = obj(raw);
        return {
          name: c.name,
          image: c.image,
          imageDigest: c.imageDigest,
          lastStatus: c.lastStatus,
          reason: c.reason,
          exitCode: c.exitCode,
        };
      }),
      attachments: arr(t.attachments).map((raw) => {
        const a = obj(raw);
        return { type: a.type, details: arr(a.details).map((d) => ({ name: obj(d).name, value: obj(d).value })) };
      }),
    },
  };
}

export type InputKind = 'event' | 'describe-tasks' | 'task';

export type RecognisedInput =
  | { ok: true; kind: InputKind; event: unknown; note?: string }
  | { ok: false; reason: string };

function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (isObject(v))
    return Object.keys(v).length
      ? `an object with keys ${Object.keys(v)
          .slice(0, 5)
          .map((k) => JSON.stringify(k.slice(0, 40)))
          .join(', ')}`
      : 'an empty object';
  return `a ${typeof v}`;
}

/**
 * Recognises the input. An EventBridge event is returned as it is (the parser decides whether it is
 * an ECS task state change); describe-tasks output yields its first stopped task whose stop reason is an
 * image-pull failure (else its first task), with a note naming the choice when there was one to make.
 */
export function recogniseInput(json: unknown): RecognisedInput {
  if (isObject(json) && ('detail-type' in json || 'detail' in json || 'source' in json))
    return { ok: true, kind: 'event', event: json };
  if (isObject(json) && 'tasks' in json) {
    const tasks = arr(json.tasks).filter(isObject);
    if (tasks.length === 0) {
      const f = obj(arr(json.failures)[0]);
      const why =
        typeof f.reason === 'string' ? `: ${String(f.arn ?? 'the task').slice(0, 200)} ${f.reason.slice(0, 80)}` : '';
      return {
        ok: false,
        reason:
          `the describe-tasks output holds no ` +
          `task${why}${f.reason === 'MISSING' ? ' (stopped tasks are visible for about an hour)' : ''}`,
      };
    }
    const events = tasks.map(taskToEvent);
    const pulls = events.filter((e) => {
      const p = parseTaskStateChange(e);
      return p.ok && findPullFailure(p.task).ok;
    });
    const event = pulls[0] ?? events[0]!;
    const chosen = String(obj(obj(event).detail).taskArn ?? '');
    const note =
      tasks.length > 1
        ? `${tasks.length} tasks in the describe-tasks output; diagnosing ` +
          `${chosen}${pulls.length ? ' (the first whose image pull failed)' : ' (none failed to pull an image)'}`
        : undefined;
    return { ok: true, kind: 'describe-tasks', event, ...(note ? { note } : {}) };
  }
  if (isObject(json) && typeof json.taskArn === 'string' && 'lastStatus' in json)
    return { ok: true, kind: 'task', event: taskToEvent(json) };
  return { ok: false, reason: `it holds ${describeJson(json)}; expected ${EXPECTED_INPUT}` };
}
