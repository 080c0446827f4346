/**
 * Pure: the lines a message adds when its attempt took over an incident from an earlier attempt that
 * stopped before notifying (killed by the timeout or out of memory, or failed to publish): what that
 * attempt changed ("created vpce-… at 10:02 UTC, by an earlier attempt of this incident"), or what it set
 * out to change when it stopped before recording the result. Texts: earlier.* in messages/en.ts, ja.ts.
 * Kept out of render.ts, which calls it from the summary and the chat text.
 */
import type { Takeover } from '../dedupe/types';

type Text = (key: string, args?: Record<string, string | number | undefined>) => string;

/** "10:02 UTC" of an ISO time (the date is in the message already). */
function clock(iso: string): string {
  const hhmm = /T(\d\d:\d\d)/.exec(iso)?.[1];
  return hhmm ? `${hhmm} UTC` : iso;
}

export function earlierAttemptLines(earlier: Takeover | undefined, t: Text): string[] {
  if (!earlier) return [];
  const change = earlier.change;
  if (!change) return [t('earlier.stopped', { at: clock(earlier.leaseEndedAt) })];
  if (change.done) {
    const at = clock(change.done.at);
    const changed = change.done.applied.filter((a) => a.result !== 'skipped');
    if (change.done.outcome === 'failed' && changed.length === 0) return [t('earlier.failed.nothing', { at })];
    return [
      t(change.done.outcome === 'failed' ? 'earlier.failed' : 'earlier.changed', { at }),
      ...change.done.applied.map(
        (a) =>
          `- ${t('earlier.changed.item', {
            result: t(`action.applied.${a.result}`),
            resource: a.resourceId ?? a.stepId,
            action: a.action,
            at,
          })}`,
      ),
    ];
  }
  return [
    t('earlier.intended', { at: clock(change.startedAt) }),
    ...change.intended.map(
      (s) =>
        `- ${t(s.clientToken ? 'earlier.intended.item.token' : 'earlier.intended.item', {
          action: s.action,
          resource: s.resource,
          token: s.clientToken,
        })}`,
    ),
  ];
}
