import type { Fact } from '../../aws/call';

/** A known fact's value turned into another; an unknown one passed on as it is. */
export function mapFact<A, B>(f: Fact<A>, fn: (a: A) => B): Fact<B> {
  return f.ok ? { ok: true, value: fn(f.value) } : f;
}

/**
 * The IPv6 blocks of a VPC's or subnet's association set. Blocks being (dis)associated or failed are never
 * counted. `other`: whether any other state counts — a subnet's classification counts it (moto 5.2.1 renders
 * the state as the text of a dict, AWS as "associated"); the VPC's CIDRs, which the HTTPS ingress a fix opens
 * is held to, count only "associated".
 */
export function ipv6BlocksOf(
  set:
    | readonly { Ipv6CidrBlock?: string | undefined; Ipv6CidrBlockState?: { State?: string | undefined } | undefined }[]
    | undefined,
  other: 'counts' | 'excluded',
): string[] {
  const not = new Set(['associating', 'disassociating', 'disassociated', 'failing', 'failed']);
  return (set ?? []).flatMap((a) => {
    const state = String(a.Ipv6CidrBlockState?.State ?? 'associated');
    const ok = state === 'associated' || (other === 'counts' && !not.has(state));
    return a.Ipv6CidrBlock && ok ? [a.Ipv6CidrBlock] : [];
  });
}
