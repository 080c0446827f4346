/** Small statistics and call-timing helpers for the bench (pure). */
import type { CallRecord } from '../../lambda/aws/call';

/** Nearest-rank percentile (p in 0..100) of an unsorted list; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Median (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * Depth of the longest chain of calls in which each call started after the previous one had ended:
 * the number of sequential round trips on the slowest path. Calls that overlap in time are never in one
 * chain, so parallel calls count once; a call that started only after another ended counts after it.
 *
 * This is robust to staggered parallel branches, unlike merging overlapping intervals into "waves": two
 * independent two-call chains started 2 ms apart overlap end to end and would merge into one wave,
 * although the slowest path is two round trips.
 */
export function longestCallChain(calls: readonly CallRecord[]): number {
  const sorted = [...calls].sort((a, b) => a.startMs - b.startMs);
  const depth: number[] = [];
  let best = 0;
  for (let i = 0; i < sorted.length; i++) {
    let d = 1;
    for (let j = 0; j < i; j++) if (sorted[j]!.endMs <= sorted[i]!.startMs) d = Math.max(d, depth[j]! + 1);
    depth.push(d);
    best = Math.max(best, d);
  }
  return best;
}

/** Runs `tasks` with at most `limit` in flight; results in task order. */
export async function pool<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
