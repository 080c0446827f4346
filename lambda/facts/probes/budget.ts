/**
 * The per-diagnosis call budget (≤ 12 AWS calls, never the same API with the same input twice).
 * Every probe call goes through `CallBudget.call`, which goes through `callAws` (never throws, deadline,
 * recording). A call over budget is not made: it becomes an Unknown fact and a `skipped` entry.
 */
import { callAws, type CallContext, type Fact } from '../../aws/call';

export const MAX_CALLS_PER_DIAGNOSIS = 12;

export interface Skipped {
  check: string;
  api: string;
  reason: string;
}

export class CallBudget {
  private readonly keys = new Set<string>();
  count = 0;
  constructor(
    readonly ctx: CallContext,
    readonly skipped: Skipped[] = [],
    readonly max: number = MAX_CALLS_PER_DIAGNOSIS,
  ) {}

  remaining(): number {
    return this.max - this.count;
  }

  async call<T>(
    api: string,
    input: unknown,
    fn: (abortSignal: AbortSignal) => Promise<T>,
    expected?: { names: readonly string[]; value: (errorName: string) => T },
    /** Budget slot (call-plan.ts SLOT); the next step ranks calls by it. */
    _slot?: string,
  ): Promise<Fact<T>> {
    const key = `${api} ${JSON.stringify(input)}`;
    if (this.keys.has(key)) {
      return { ok: false, api, kind: 'unexpected', errorName: 'DuplicateCall', reason: `${api}: not called twice with the same input` };
    }
    if (this.count >= this.max) {
      const reason = `${api}: not called (budget of ${this.max} AWS calls per diagnosis used)`;
      this.skipped.push({ check: 'call-budget', api, reason });
      return { ok: false, api, kind: 'unexpected', errorName: 'CallBudgetExceeded', reason };
    }
    this.keys.add(key);
    this.count++;
    return callAws(this.ctx, api, fn, expected);
  }
}
