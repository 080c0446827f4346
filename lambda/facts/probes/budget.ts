/**
 * The per-diagnosis call budget (≤ 15 AWS calls, never the same API with the same input twice).
 * Every probe call goes through `CallBudget.call`, which goes through `callAws` (never throws, deadline,
 * recording). A call over budget is not made: it becomes an Unknown fact and a `skipped` entry whose
 * reason starts with "skipped: call budget".
 *
 * Which calls are skipped never depends on timing. Before the first call, `plan()` ranks the calls the
 * candidate causes need (call-plan.ts: the calls that can prove the top-ranked candidate first) and admits
 * them in that order while they fit; a call ranked out is skipped whenever it is asked for. Calls nobody
 * could plan (extra secrets, the IAM policy-document fallback) share what the plan left free, in the
 * order they are asked for — which the probes keep fixed by asking in synchronized steps. Allowances
 * the task definition shows to be unneeded are released at one point of the gathering, before any
 * unplanned call can be asked for.
 */
import { callAws, type CallContext, type Fact } from '../../aws/call';

export const MAX_CALLS_PER_DIAGNOSIS = 15;

/** Start of the reason of every call skipped for the budget (Unchecked.reason). */
export const BUDGET_SKIP_REASON = 'skipped: call budget';

export interface Skipped {
  check: string;
  api: string;
  reason: string;
}

export interface PlannedCall {
  /** Budget slot: the API, or the API plus what tells its calls apart ("ec2:DescribeVpcAttribute enableDnsSupport"). */
  slot: string;
  /** The check the call feeds (the Unchecked entry's `check` when it is skipped). */
  check: string;
  /** Calls expected in this slot. */
  count: number;
  /** Lower goes first; equal priorities keep the list order. */
  priority: number;
}

export interface BudgetPlan {
  admitted: string[];
  rankedOut: string[];
}

interface Slot {
  check: string;
  allowed: number;
  used: number;
  admitted: boolean;
}

export class CallBudget {
  private readonly keys = new Set<string>();
  private readonly slots = new Map<string, Slot>();
  /** Calls no planned slot holds (all of them without a plan). */
  private free: number;
  count = 0;
  constructor(
    readonly ctx: CallContext,
    readonly skipped: Skipped[] = [],
    readonly max: number = MAX_CALLS_PER_DIAGNOSIS,
  ) {
    this.free = max;
  }

  remaining(): number {
    return this.max - this.count;
  }

  /** Admits the planned calls by priority while they fit (greedy, deterministic). Call once, before the first call. */
  plan(calls: readonly PlannedCall[]): BudgetPlan {
    const ordered = calls
      .map((c, i) => ({ c, i }))
      .sort((a, b) => a.c.priority - b.c.priority || a.i - b.i)
      .map((x) => x.c);
    let left = this.max - this.count;
    const out: BudgetPlan = { admitted: [], rankedOut: [] };
    for (const c of ordered) {
      const fits = c.count <= left;
      if (fits) left -= c.count;
      this.slots.set(c.slot, { check: c.check, allowed: fits ? c.count : 0, used: 0, admitted: fits });
      (fits ? out.admitted : out.rankedOut).push(c.slot);
    }
    this.free = left;
    return out;
  }

  /** A planned slot turned out not to be needed: its unused calls go back to the shared pool. */
  release(slot: string): void {
    const s = this.slots.get(slot);
    if (!s?.admitted) return;
    this.free += s.allowed - s.used;
    s.allowed = s.used;
  }

  async call<T>(
    api: string,
    input: unknown,
    fn: (abortSignal: AbortSignal) => Promise<T>,
    expected?: { names: readonly string[]; value: (errorName: string) => T },
    slot: string = api,
  ): Promise<Fact<T>> {
    const key = `${api} ${JSON.stringify(input)}`;
    if (this.keys.has(key)) {
      return {
        ok: false,
        api,
        kind: 'unexpected',
        errorName: 'DuplicateCall',
        reason: `${api}: not called twice with the same input`,
      };
    }
    if (!this.admit(slot)) {
      const what = slot !== api ? ` (${slot.startsWith(`${api} `) ? slot.slice(api.length + 1) : slot})` : '';
      const reason = `${BUDGET_SKIP_REASON}${what}: ${this.max} AWS calls per diagnosis, spent on checks ranked higher`;
      this.skipped.push({ check: this.slots.get(slot)?.check ?? 'call-budget', api, reason });
      return { ok: false, api, kind: 'unexpected', errorName: 'CallBudgetExceeded', reason };
    }
    this.keys.add(key);
    this.count++;
    return callAws(this.ctx, api, fn, expected);
  }

  private admit(slot: string): boolean {
    if (this.count >= this.max) return false;
    const s = this.slots.get(slot);
    if (s && s.used < s.allowed) {
      s.used++;
      return true;
    }
    // Ranked out at planning: never admitted later, whatever was released meanwhile (that would depend on timing).
    if (s && !s.admitted) return false;
    if (this.free <= 0) return false;
    this.free--;
    if (s) {
      s.allowed++;
      s.used++;
    }
    return true;
  }
}
