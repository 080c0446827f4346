/**
 * What changed (issue 17), after the diagnosis: asks CloudTrail event history the questions of changes/queries.ts
 * (at most MAX_TRAIL_LOOKUPS requests, two at a time), ties deleted endpoints to the task's VPC by their creation
 * record, and names the latest change that explains the proven cause (changes/attribute.ts). "None recorded" is said
 * only when event history can be trusted to hold it: not within TRAIL_LAG_MS of the first failure (event history
 * can take that long to show a call), and not when a question's page was full — then it is "not known yet", which
 * is not stored, so a reminder or the recovery asks again. At recovery, the same questions name what fixed it.
 * Never throws; the caller's CallContext bounds the wait.
 */
import { CallContext, type Fact } from './aws/call';
import type { Clients } from './aws/clients';
import { attributeChange, attributeFix } from './changes/attribute';
import { MAX_TRAIL_LOOKUPS, TRAIL_LOOKBACK_DAYS, trailQueryFor } from './changes/queries';
import type { TrailEvent, TrailLookup, TrailQuery, WhatChanged, WhatFixed } from './domain/change';
import type { CauseId, Diagnosis } from './domain/diagnosis';
import { lookUpEvents } from './facts/probes/cloudtrail';
import type { Admission } from './dedupe/types';
import type { PullFailure } from './event/pull-failure';
import type { StoppedTask } from './event/schema';
import { RESERVE_AFTER_APPLY_MS, type PipelineDeps } from './pipeline-contract';

/** Longest wait for event history in the Lambda (the first message goes out without it after that). */
export const TRAIL_DEADLINE_MS = 5_000;
/** CloudTrail shows a call in event history within about 5 minutes, not guaranteed: "none" only after this. */
export const TRAIL_LAG_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const PULL_SERVICES = ['ecr.api', 'ecr.dkr', 's3'];

type Page = Fact<{ events: TrailEvent[]; full: boolean }>;

/** The short endpoint service of "com.amazonaws.<region>.ecr.dkr" ("ecr.dkr"). */
function shortService(serviceName: string | undefined): string | undefined {
  return serviceName?.match(/^com\.amazonaws\.[a-z0-9-]+\.(.+)$/)?.[1];
}

async function inPairs(lookups: readonly TrailLookup[], ask: (l: TrailLookup) => Promise<Page>): Promise<Page[]> {
  const out: Page[] = [];
  for (let i = 0; i < lookups.length; i += 2) out.push(...(await Promise.all(lookups.slice(i, i + 2).map(ask))));
  return out;
}

const asked = (q: TrailQuery, attribute: TrailLookup['attribute']) =>
  q.lookups.filter((l) => l.attribute === attribute).map((l) => l.value);

/** Every page of the lookups between each lookup's start and `end`, two at a time, and what they hold together. */
async function ask(
  lookups: readonly TrailLookup[],
  start: (l: TrailLookup) => Date,
  end: Date,
  clients: Clients,
  ctx: CallContext,
) {
  const pages = await inPairs(lookups, (l) => lookUpEvents(clients, ctx, l, start(l), end));
  return {
    events: pages.flatMap((p) => (p.ok ? p.value.events : [])),
    /** A question left unanswered (it may hold the change). */
    failed: pages.find((p): p is Extract<Page, { ok: false }> => !p.ok),
    /** A page came back full: older events were not read. */
    full: pages.some((p) => p.ok && p.value.full),
  };
}

/** A recorded change as the messages say it, `minutesBefore` counted to `until`. */
function foundOf(e: TrailEvent, resource: string, until: Date): Extract<WhatChanged, { status: 'found' }> {
  return {
    status: 'found',
    eventId: e.id,
    eventName: e.name,
    eventTime: e.time,
    ...(e.actor ? { actor: e.actor } : {}),
    resource,
    minutesBefore: Math.max(0, Math.floor((until.getTime() - Date.parse(e.time)) / 60_000)),
  };
}

/** Undefined when there is nothing to look up (the cause is not proven, or no change can make it). */
export async function whatChangedFor(
  d: Diagnosis,
  clients: Clients,
  ctx: CallContext,
  firstFailureAt: string,
  now: Date = new Date(),
): Promise<WhatChanged | undefined> {
  const query = trailQueryFor(d);
  return query ? findWhatChanged(query, clients, ctx, firstFailureAt, now) : undefined;
}

export async function findWhatChanged(
  query: TrailQuery,
  clients: Clients,
  ctx: CallContext,
  firstFailureAt: string,
  now: Date = new Date(),
): Promise<WhatChanged> {
  const end = new Date(firstFailureAt);
  if (Number.isNaN(end.getTime())) return { status: 'unchecked', reason: `no first failure time (${firstFailureAt})` };
  try {
    const since = (l: TrailLookup) => new Date(end.getTime() - (l.days ?? TRAIL_LOOKBACK_DAYS) * DAY_MS);
    const { events, failed, full } = await ask(query.lookups, since, end, clients, ctx);
    const ids = { ...query.ids, endpoint: [...(query.ids.endpoint ?? [])], association: [] as string[] };
    // The associations a subnet on the main route table had: its AssociateRouteTable records (the subnet lookup's).
    if (query.linkSubnets?.length)
      for (const e of events)
        if (e.name === 'AssociateRouteTable' && e.ids.subnet?.some((s) => query.linkSubnets!.includes(s)))
          ids.association.push(...(e.ids.association ?? []));
    const labels = new Map<string, string>();
    if (query.linkVpc) {
      // A deleted endpoint is gone from the account: its CreateVpcEndpoint record says whether it served this VPC.
      const wanted = query.endpointServices?.length ? query.endpointServices : PULL_SERVICES;
      const deleted = events
        .filter((e) => e.name === 'DeleteVpcEndpoints')
        .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
        .flatMap((e) => e.ids.endpoint ?? [])
        .filter((id, i, all) => all.indexOf(id) === i && !ids.endpoint.includes(id))
        .slice(0, Math.max(0, MAX_TRAIL_LOOKUPS - query.lookups.length));
      const links = await inPairs(
        deleted.map((value) => ({ attribute: 'ResourceName', value })),
        (l) => lookUpEvents(clients, ctx, l, new Date(end.getTime() - 90 * DAY_MS), end),
      );
      links.forEach((link, i) => {
        const created = link.ok
          ? link.value.events.find((e) => e.name === 'CreateVpcEndpoint' && e.ids.vpc?.includes(query.linkVpc!))
          : undefined;
        const service = shortService(created?.serviceName);
        if (!created || !service || !wanted.includes(service)) return;
        ids.endpoint.push(deleted[i]!);
        labels.set(deleted[i]!, `${deleted[i]} (${service})`);
      });
    }
    const found = attributeChange(query.cause as CauseId, ids, events, end.toISOString(), query.endpointServices);
    if (found) return foundOf(found.event, labels.get(found.resource) ?? found.resource, end);
    // A question left unanswered may hold the change: not "none".
    if (failed) return { status: 'unchecked', reason: failed.reason };
    const checked = { resources: asked(query, 'ResourceName'), events: asked(query, 'EventName') };
    if (full) return { status: 'pending', why: 'page', ...checked };
    if (now.getTime() - end.getTime() < TRAIL_LAG_MS) return { status: 'pending', why: 'lag', ...checked };
    return { status: 'none', ...checked, days: TRAIL_LOOKBACK_DAYS };
  } catch (err) {
    return { status: 'unchecked', reason: `what-changed: ${(err as Error).message ?? String(err)}`.slice(0, 300) };
  }
}

/**
 * At recovery: the latest change between the first failure and the recovery that can put the cause right, on the
 * cause's resources (the incident's stored query). Never throws.
 */
export async function findWhatFixed(
  query: TrailQuery,
  clients: Clients,
  ctx: CallContext,
  since: string,
  until: string,
  now: Date = new Date(),
): Promise<WhatFixed> {
  const start = new Date(since);
  const end = new Date(until);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return { by: 'unknown' };
  try {
    const lookups = query.lookups.slice(0, MAX_TRAIL_LOOKUPS);
    const { events, failed, full } = await ask(lookups, () => start, end, clients, ctx);
    const found = attributeFix(query.cause as CauseId, query.ids, events, since, until, query.endpointServices);
    if (found) {
      const e = found.event;
      const endpoint = e.name === 'CreateVpcEndpoint' ? e.ids.endpoint?.[0] : undefined;
      const service = shortService(e.serviceName);
      const resource = endpoint && service ? `${endpoint} (${service})` : found.resource;
      return { by: 'outside', change: foundOf(e, resource, end) };
    }
    if (failed) return { by: 'unknown', reason: failed.reason };
    const pending = full || now.getTime() - end.getTime() < TRAIL_LAG_MS;
    return { by: 'unknown', checked: lookups.map((l) => l.value), ...(pending ? { pending: true } : {}) };
  } catch (err) {
    return { by: 'unknown', reason: `what-fixed: ${(err as Error).message ?? String(err)}`.slice(0, 300) };
  }
}

/** The first failure of the incident: the earlier of this task's stop and the incident's first event. */
function firstFailureOf(task: StoppedTask, firstSeenAt: string): string {
  const times = [task.stoppedAt ?? task.time, firstSeenAt].filter(
    (t): t is string => !!t && !Number.isNaN(Date.parse(t)),
  );
  return times.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? new Date().toISOString();
}

export async function whatChangedForIncident(
  failure: PullFailure,
  admission: Extract<Admission, { kind: 'first' | 'reminder' }>,
  diagnosis: Diagnosis,
  deps: PipelineDeps,
  foreign: string | undefined,
): Promise<{ value?: WhatChanged; calls: number }> {
  if (foreign) return { calls: 0 };
  const previous = admission.kind === 'reminder' ? admission : undefined;
  if (previous?.previousChange && diagnosis.cause === previous.previousCause)
    return { value: previous.previousChange, calls: 0 };
  const leftMs = (deps.remainingMs?.() ?? Number.POSITIVE_INFINITY) - RESERVE_AFTER_APPLY_MS;
  const ctx = new CallContext(Date.now() + Math.max(0, Math.min(TRAIL_DEADLINE_MS, deps.config.deadlineMs, leftMs)));
  const value = await whatChangedFor(
    diagnosis,
    deps.clients,
    ctx,
    firstFailureOf(failure.task, admission.firstSeenAt),
    deps.now ? deps.now() : new Date(),
  );
  if (value?.status === 'unchecked')
    deps.log.warn('what changed could not be looked up', { taskArn: failure.task.taskArn, reason: value.reason });
  return { ...(value ? { value } : {}), calls: ctx.calls.length };
}
