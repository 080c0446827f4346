/**
 * CloudTrail event history for the scenario accounts (moto 5.2.1 does not implement LookupEvents): an account's
 * recorded management events answer LookupEvents as CloudTrail does — one lookup attribute, StartTime/EndTime
 * inclusive, newest first, at most MaxResults (50) — with the shapes of the API reference (Event: EventId,
 * EventName, ReadOnly, AccessKeyId, EventTime, EventSource, Username, Resources[], CloudTrailEvent as a JSON
 * string). `recorded()` builds such an Event from a record, as test/fixtures/cloudtrail/records.json keeps them.
 */
import type { Event as LookupEvent, LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A recorded event: LookupEvents' fields with the record (CloudTrailEvent) as an object, for readability. */
export interface RecordedEvent {
  EventId: string;
  EventName: string;
  EventTime: string;
  EventSource: string;
  Username?: string;
  ReadOnly?: string;
  Resources?: Array<{ ResourceType?: string; ResourceName?: string }>;
  record: Record<string, unknown>;
}

export const RECORDED = (
  JSON.parse(readFileSync(join(__dirname, '../fixtures/cloudtrail/records.json'), 'utf8')) as {
    events: RecordedEvent[];
  }
).events;

/** One recorded event by id, with its times moved so that it happened `minutesBefore` the given time. */
export function recorded(id: string, at?: { before: string; minutes: number }): LookupEvent {
  const r = RECORDED.find((e) => e.EventId === id);
  if (!r) throw new Error(`no recorded CloudTrail event ${id}`);
  const time = at ? new Date(Date.parse(at.before) - at.minutes * 60_000).toISOString() : r.EventTime;
  const record = { ...r.record, eventID: r.EventId, eventName: r.EventName, eventTime: time.replace(/\.\d{3}Z$/, 'Z') };
  return {
    EventId: r.EventId,
    EventName: r.EventName,
    ReadOnly: r.ReadOnly ?? 'false',
    EventTime: new Date(time),
    EventSource: r.EventSource,
    ...(r.Username ? { Username: r.Username } : {}),
    Resources: r.Resources ?? [],
    CloudTrailEvent: JSON.stringify(record),
  };
}

/** LookupEvents over `events`, as CloudTrail answers it. */
export function lookUp(events: readonly LookupEvent[], input: LookupEventsCommandInput) {
  const [attr] = input.LookupAttributes ?? [];
  if ((input.LookupAttributes ?? []).length > 1) {
    const err = new Error('Only one lookup attribute is supported.');
    err.name = 'InvalidLookupAttributesException';
    throw err;
  }
  const from = input.StartTime ? new Date(input.StartTime).getTime() : Number.NEGATIVE_INFINITY;
  const to = input.EndTime ? new Date(input.EndTime).getTime() : Number.POSITIVE_INFINITY;
  const matches = (e: LookupEvent): boolean => {
    if (!attr) return true;
    const v = attr.AttributeValue;
    switch (attr.AttributeKey) {
      case 'EventName':
        return e.EventName === v;
      case 'ResourceName':
        return (e.Resources ?? []).some((r) => r.ResourceName === v);
      case 'EventId':
        return e.EventId === v;
      case 'Username':
        return e.Username === v;
      default:
        return false;
    }
  };
  const found = events
    .filter((e) => matches(e) && e.EventTime!.getTime() >= from && e.EventTime!.getTime() <= to)
    .sort((a, b) => b.EventTime!.getTime() - a.EventTime!.getTime());
  return { Events: found.slice(0, input.MaxResults ?? 50) };
}

/** The same event about another resource: every `from` in its id, Resources and record becomes `to`. */
export function retarget(e: LookupEvent, from: string, to: string): LookupEvent {
  const swap = (v: string) => v.split(from).join(to);
  return {
    ...e,
    ...(e.EventId ? { EventId: swap(e.EventId) } : {}),
    Resources: (e.Resources ?? []).map((r) => ({
      ...r,
      ...(r.ResourceName ? { ResourceName: swap(r.ResourceName) } : {}),
    })),
    ...(e.CloudTrailEvent ? { CloudTrailEvent: swap(e.CloudTrailEvent) } : {}),
  };
}
