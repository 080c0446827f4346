/** The diagnosis-rate item as stored (pk, entry sets) and as read back: pure (un)marshalling. */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ENTRY_TEXT_MAX, type RateEntry } from './types';

export function ratePk(account: string, region: string): string {
  return `rate#${account}#${region}`;
}

/** One entry as stored in a string set: "where<TAB>text" (a set, so the same incident is listed once). */
export function entryKey(e: RateEntry): string {
  return `${e.where.replace(/\t/g, ' ')}\t${e.text.replace(/\t/g, ' ').slice(0, ENTRY_TEXT_MAX)}`;
}

export function entryOf(key: string): RateEntry {
  const tab = key.indexOf('\t');
  return tab < 0 ? { where: key, text: '' } : { where: key.slice(0, tab), text: key.slice(tab + 1) };
}

export interface RateItem {
  bucket: number;
  admitted: number;
  surgeId?: string;
  surgeStartedAt?: string;
  surgeUntil: number;
  countedTotal: number;
  summaryHolder?: string;
  summaryLeaseUntil: number;
  summarySent: boolean;
  seen: string[];
  surgeSeen: string[];
  counted: string[];
}

export function parseRateItem(item: Record<string, AttributeValue> | undefined): RateItem | undefined {
  if (!item) return undefined;
  const n = (k: string) => Number(item[k]?.N ?? '0');
  const s = (k: string) => item[k]?.S;
  return {
    bucket: n('rateMinute'),
    admitted: n('admitted'),
    ...(s('surgeId') ? { surgeId: s('surgeId')! } : {}),
    ...(s('surgeStartedAt') ? { surgeStartedAt: s('surgeStartedAt')! } : {}),
    surgeUntil: n('surgeUntil'),
    countedTotal: n('countedTotal'),
    ...(s('summaryHolder') ? { summaryHolder: s('summaryHolder')! } : {}),
    summaryLeaseUntil: n('summaryLeaseUntil'),
    summarySent: item.summarySentAt?.S !== undefined,
    seen: item.seen?.SS ?? [],
    surgeSeen: item.surgeSeen?.SS ?? [],
    counted: item.counted?.SS ?? [],
  };
}
