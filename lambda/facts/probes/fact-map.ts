import type { Fact } from '../../aws/call';

/** A known fact's value turned into another; an unknown one passed on as it is. */
export function mapFact<A, B>(f: Fact<A>, fn: (a: A) => B): Fact<B> {
  return f.ok ? { ok: true, value: fn(f.value) } : f;
}
