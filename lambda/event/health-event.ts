/**
 * AWS Health events (issue 20): AWS delivers an account's Health events to EventBridge in every account, free of a
 * support plan. An open event of ECR, ECS or Fargate in a Region is what a pull failure there may come from: the
 * function records it (the event's own fields, capped) and names it in the messages of that Region while it is open.
 * Pure; never throws.
 */
import { cleanText } from '../domain/sanitize';

/** The services whose Health events can stop a pull (the rule's filter; lib/event-pattern.ts). */
export const HEALTH_SERVICES = ['ECR', 'ECS', 'FARGATE'] as const;

export interface HealthNotice {
  account: string;
  region: string;
  service: string;
  eventArn: string;
  eventTypeCode: string;
  status: 'open' | 'closed' | 'upcoming';
  startTime?: string;
  /** The event's latest description (English), one line, capped. */
  description?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number) => (typeof v === 'string' && v ? cleanText(v, { max }) : undefined);

export function isHealthEvent(input: unknown): boolean {
  return isObject(input) && input.source === 'aws.health';
}

export function parseHealthEvent(input: unknown): { ok: true; notice: HealthNotice } | { ok: false; reason: string } {
  if (!isObject(input) || input.source !== 'aws.health' || !isObject(input.detail))
    return { ok: false, reason: 'not an AWS Health event' };
  const d = input.detail;
  const service = str(d.service, 40)?.toUpperCase();
  if (!service || !(HEALTH_SERVICES as readonly string[]).includes(service))
    return { ok: false, reason: `AWS Health event of service ${service ?? 'none'}, not ECR, ECS or Fargate` };
  const eventArn = str(d.eventArn, 512);
  if (!eventArn || !/^arn:aws[a-z-]*:health:[a-z0-9-]*:\d{0,12}:event\/\S+$/.test(eventArn))
    return { ok: false, reason: 'AWS Health event without an event ARN' };
  const status = d.statusCode;
  if (status !== 'open' && status !== 'closed' && status !== 'upcoming')
    return { ok: false, reason: 'AWS Health event without a status' };
  const region = str(d.eventRegion, 40) ?? str(input.region, 40);
  const account = str(input.account, 12);
  if (!region || !account || !/^\d{12}$/.test(account))
    return { ok: false, reason: 'AWS Health event without a Region' };
  const descriptions = Array.isArray(d.eventDescription) ? d.eventDescription.filter(isObject) : [];
  const english = descriptions.find((x) => x.language === 'en_US') ?? descriptions[0];
  const notice: HealthNotice = {
    account,
    region,
    service,
    eventArn,
    eventTypeCode: str(d.eventTypeCode, 120) ?? 'unknown',
    status,
  };
  const start = str(d.startTime, 60);
  if (start) notice.startTime = start;
  const description = str(english?.latestDescription, 300);
  if (description) notice.description = description;
  return { ok: true, notice };
}
