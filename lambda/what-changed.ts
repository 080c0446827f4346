/**
 * What changed (issue 17), after the diagnosis: asks CloudTrail event history the questions of changes/queries.ts
 * (at most MAX_TRAIL_LOOKUPS requests, two at a time), ties deleted endpoints to the task's VPC by their creation
 * record, and names the latest change that explains the proven cause (changes/attribute.ts) — or says that none is
 * recorded, or why it could not be looked up. Never throws; the caller's CallContext bounds the wait, so a slow
 * event history never delays the message past its budget (the reminder looks again).
 */
import type { CallContext, Fact } from './aws/call';
import type { Clients } from './aws/clients';
import { attributeChange, attributeFix } from './changes/attribute';
import { MAX_TRAIL_LOOKUPS, TRAIL_LOOKBACK_DAYS, trailQueryFor, type TrailLookup } from './changes/queries';
import type { FixQuery, TrailEvent, WhatChanged, WhatFixed } from './domain/change';
import type { CauseId, Diagnosis, EndpointService } from './domain/diagnosis';
import { lookUpEvents } from './facts/probes/cloudtrail';

/** Longest wait for event history in the Lambda (the first message goes out without it after that). */
export const TRAIL_DEADLINE_MS = 5_000;
const DAY_MS = 86_400_000;
const PULL_SERVICES: readonly EndpointService[] = ['ecr.api', 'ecr.dkr', 's3'];

/** The short endpoint service of "com.amazonaws.<region>.ecr.dkr" ("ecr.dkr"). */
function shortService(serviceName: string | undefined): string | undefined {
  return serviceName?.match(/^com\.amazonaws\.[a-z0-9-]+\.(.+)$/)?.[1];
}

async function inPairs(
  lookups: readonly TrailLookup[],
  ask: (l: TrailLookup) => Promise<Fact<TrailEvent[]>>,
): Promise<Array<Fact<TrailEvent[]>>> {
  const out: Array<Fact<TrailEvent[]>> = [];
  for (let i = 0; i < lookups.length; i += 2) out.push(...(await Promise.all(lookups.slice(i, i + 2).map(ask))));
  return out;
}

/** Undefined when there is nothing to look up (the cause is not proven, or no change can make it). */
export async function findWhatChanged(
  d: Diagnosis,
  clients: Clients,
  ctx: CallContext,
  firstFailureAt: string,
): Promise<WhatChanged | undefined> {
  const query = trailQueryFor(d);
  const end = new Date(firstFailureAt);
  if (!query || Number.isNaN(end.getTime())) return undefined;
  try {
    const start = new Date(end.getTime() - TRAIL_LOOKBACK_DAYS * DAY_MS);
    const ask = (l: TrailLookup) => lookUpEvents(clients, ctx, l.attribute, l.value, start, end);
    const answers = await inPairs(query.lookups, ask);
    const events = answers.flatMap((a) => (a.ok ? a.value : []));
    const failed = answers.find((a): a is Extract<typeof a, { ok: false }> => !a.ok);
    const resourceIds = [...query.resourceIds];
    const labels = new Map<string, string>();
    if (query.linkVpc) {
      // A deleted endpoint is gone from the account: its CreateVpcEndpoint record says whether it served this VPC.
      const wanted = d.fixInputs.missingEndpoints?.length ? d.fixInputs.missingEndpoints : PULL_SERVICES;
      const deleted = events
        .filter((e) => e.name === 'DeleteVpcEndpoints')
        .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
        .flatMap((e) => e.resources.map((r) => r.name).filter((n) => n.startsWith('vpce-')))
        .filter((id, i, all) => all.indexOf(id) === i && !resourceIds.includes(id))
        .slice(0, Math.max(0, MAX_TRAIL_LOOKUPS - query.lookups.length));
      const links = await inPairs(
        deleted.map((value) => ({ attribute: 'ResourceName', value })),
        (l) => lookUpEvents(clients, ctx, l.attribute, l.value, new Date(end.getTime() - 90 * DAY_MS), end),
      );
      links.forEach((link, i) => {
        const created = link.ok ? link.value.find((e) => e.name === 'CreateVpcEndpoint' && e.vpcId) : undefined;
        const service = shortService(created?.serviceName);
        if (created?.vpcId !== query.linkVpc || !service || !wanted.includes(service as EndpointService)) return;
        resourceIds.push(deleted[i]!);
        labels.set(deleted[i]!, `${deleted[i]} (${service})`);
      });
    }
    const found = attributeChange(query.cause, resourceIds, events, end.toISOString());
    if (found) {
      const e = found.event;
      return {
        status: 'found',
        eventId: e.id,
        eventName: e.name,
        eventTime: e.time,
        ...(e.actor ? { actor: e.actor } : {}),
        resource: labels.get(found.resource) ?? found.resource,
        minutesBefore: Math.max(0, Math.floor((end.getTime() - Date.parse(e.time)) / 60_000)),
      };
    }
    // A question left unanswered may hold the change: not "none".
    if (failed) return { status: 'unchecked', reason: failed.reason };
    const asked = (attribute: TrailLookup['attribute']) =>
      query.lookups.filter((l) => l.attribute === attribute).map((l) => l.value);
    return { status: 'none', resources: asked('ResourceName'), events: asked('EventName'), days: TRAIL_LOOKBACK_DAYS };
  } catch (err) {
    return { status: 'unchecked', reason: `what-changed: ${(err as Error).message ?? String(err)}`.slice(0, 300) };
  }
}

/**
 * At recovery: the latest change between the first failure and the recovery that can put the cause right, on the
 * resources the diagnosis read (the incident's stored FixQuery). Never throws.
 */
export async function findWhatFixed(
  query: FixQuery,
  clients: Clients,
  ctx: CallContext,
  since: string,
  until: string,
): Promise<WhatFixed> {
  const start = new Date(since);
  const end = new Date(until);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return { by: 'unknown' };
  try {
    const lookups = query.lookups.slice(0, MAX_TRAIL_LOOKUPS);
    const answers = await inPairs(lookups, (l) => lookUpEvents(clients, ctx, l.attribute, l.value, start, end));
    const events = answers.flatMap((a) => (a.ok ? a.value : []));
    const failed = answers.find((a): a is Extract<typeof a, { ok: false }> => !a.ok);
    const found = attributeFix(query.cause as CauseId, query.resourceIds, events, since, until);
    if (found) {
      const e = found.event;
      const service = e.name === 'CreateVpcEndpoint' ? shortService(e.serviceName) : undefined;
      const created = e.name === 'CreateVpcEndpoint' ? e.resources.find((r) => r.name.startsWith('vpce-'))?.name : '';
      return {
        by: 'outside',
        change: {
          status: 'found',
          eventId: e.id,
          eventName: e.name,
          eventTime: e.time,
          ...(e.actor ? { actor: e.actor } : {}),
          resource: created && service ? `${created} (${service})` : found.resource,
          minutesBefore: Math.max(0, Math.floor((end.getTime() - Date.parse(e.time)) / 60_000)),
        },
      };
    }
    if (failed) return { by: 'unknown', reason: failed.reason };
    return { by: 'unknown', checked: lookups.map((l) => l.value) };
  } catch (err) {
    return { by: 'unknown', reason: `what-fixed: ${(err as Error).message ?? String(err)}`.slice(0, 300) };
  }
}
