/**
 * Every AWS call of a diagnosis or a fix goes through `callAws`: it never throws, turns an SDK error
 * into an `Unknown` fact with the classified reason, stops waiting at the pipeline's deadline, and
 * records the call (for logs, the bench's call counts and the permission test).
 */
import { classifyError, unreachableReason, type ErrorKind } from './errors';

export interface Known<T> {
  ok: true;
  value: T;
}

export interface Unknown {
  ok: false;
  /** IAM-style action name, e.g. "ecr:DescribeImages". */
  api: string;
  kind: ErrorKind | 'deadline';
  /** SDK error name, e.g. "AccessDeniedException". */
  errorName: string;
  /** One line, safe to show. */
  reason: string;
  /** Set when AWS could not be asked at all (no credentials, region or connection): see unreachableReason(). */
  unreachable?: string;
}

export type Fact<T> = Known<T> | Unknown;

export interface CallRecord {
  api: string;
  startMs: number;
  endMs: number;
  ok: boolean;
  errorName?: string;
  /** Set when the call failed because AWS could not be asked at all (no credentials, region or connection). */
  unreachable?: string;
}

export class CallContext {
  readonly calls: CallRecord[] = [];
  constructor(
    /** Epoch ms after which no call is awaited any more. */
    readonly deadlineAt: number = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  remainingMs(): number {
    return this.deadlineAt - this.now();
  }
}

export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
}

/**
 * Runs one AWS call. `expected` lists error names that are facts, not failures (for example
 * `RepositoryPolicyNotFoundException` = "no policy"): they resolve to `{ ok: true, value: onExpected(name) }`.
 */
export async function callAws<T>(
  ctx: CallContext,
  api: string,
  fn: (abortSignal: AbortSignal) => Promise<T>,
  expected?: { names: readonly string[]; value: (errorName: string) => T },
): Promise<Fact<T>> {
  const startMs = Date.now();
  const remaining = ctx.remainingMs();
  if (remaining <= 0) {
    ctx.calls.push({ api, startMs, endMs: startMs, ok: false, errorName: 'DeadlineExceededError' });
    return {
      ok: false,
      api,
      kind: 'deadline',
      errorName: 'DeadlineExceededError',
      reason: `not called: the pipeline deadline had passed`,
    };
  }
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      if (Number.isFinite(remaining)) {
        timer = setTimeout(() => {
          abort.abort();
          // One wording for every call the deadline cut (no per-call milliseconds): calls of one API cut together are
          // one line.
          reject(new DeadlineExceededError('no answer before the pipeline deadline'));
        }, remaining);
        timer.unref?.();
      }
    });
    const value = await Promise.race([fn(abort.signal), deadline]);
    ctx.calls.push({ api, startMs, endMs: Date.now(), ok: true });
    return { ok: true, value };
  } catch (err) {
    const c = classifyError(err);
    const unreachable = unreachableReason(err);
    ctx.calls.push({
      api,
      startMs,
      endMs: Date.now(),
      ok: false,
      errorName: c.name,
      ...(unreachable ? { unreachable } : {}),
    });
    if (expected?.names.includes(c.name)) return { ok: true, value: expected.value(c.name) };
    const kind = err instanceof DeadlineExceededError ? 'deadline' : c.kind;
    const reason = `${api}: ${c.name}${c.message && c.message !== c.name ? ` (${c.message})` : ''}`;
    return { ok: false, api, kind, errorName: c.name, reason, ...(unreachable ? { unreachable } : {}) };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Why AWS could not be reached, when every call made failed for that reason (else undefined: some answer came). */
export function allUnreachable(calls: readonly CallRecord[]): string | undefined {
  if (calls.length === 0 || !calls.every((c) => c.unreachable)) return undefined;
  return calls[0]!.unreachable;
}

/**
 * Number of sequential round trips on the slowest path: the depth of the longest chain of calls in which
 * each call started after the previous one had ended. Calls that overlap in time are never in one chain,
 * so parallel calls count once. (Merging overlapping intervals into "waves" undercounts: two independent
 * two-call chains started a few ms apart overlap end to end and would merge into one wave.)
 */
export function criticalPathRounds(calls: readonly CallRecord[]): number {
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
