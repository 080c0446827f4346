/**
 * Pure: how a new incident is listed in a surge summary — where it fails and its stop reason reduced to
 * what services failing for the same reason share. The image reference, ids, digests, addresses and
 * numbers differ from service to service; an outage's text ("dial tcp …:443: i/o timeout") does not.
 */
import type { PullFailure } from '../event/pull-failure';
import { safeText } from '../domain/redact';
import { ENTRY_TEXT_MAX, type RateEntry } from './types';

/** The stop reason with what differs per service masked: image → <image>, digests, ids, IPs, numbers → #. */
export function sameText(reason: string, image?: string): string {
  let s = safeText(reason, 2_000);
  if (image) s = s.split(image).join('<image>');
  s = s
    // Registry host names and image references that are not the failing container's own (other tags, mirrors).
    .replace(
      /\b[\w.-]+\.dkr\.ecr(?:-fips)?\.[\w-]+\.amazonaws\.com(?:\.cn)?\/[\w./-]+(?::[\w.-]+)?(?:@sha256:[0-9a-f]{64})?/g,
      '<image>',
    )
    .replace(/sha256:[0-9a-f]{64}/g, 'sha256:#')
    .replace(/\barn:aws[\w-]*:[^\s"']+/g, '<arn>')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>')
    .replace(/\b[0-9a-f]{8,}\b/gi, '#')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > ENTRY_TEXT_MAX ? `${s.slice(0, ENTRY_TEXT_MAX - 1)}…` : s;
}

/** The incident's entry: "cluster/service" (or task definition family, or task id) and the shared text. */
export function rateEntryOf(failure: PullFailure): RateEntry {
  const t = failure.task;
  return {
    where: `${t.clusterName}/${t.serviceName ?? t.family ?? t.taskId}`,
    text: sameText(failure.reason, failure.image),
  };
}
