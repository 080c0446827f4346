/** Security group and network ACL rules: which cover TCP 443, and what a network ACL decides for a port. */
import type { NetworkAclFacts, SecurityGroupRuleFacts } from '../../facts/types';
import { cidrContains, ipv6CidrContains } from './routes';

export function ruleCovers443(r: SecurityGroupRuleFacts): boolean {
  if (r.protocol === '-1' || r.protocol === 'all') return true;
  if (r.protocol !== 'tcp' && r.protocol !== '6') return false;
  return (r.fromPort ?? 0) <= 443 && (r.toPort ?? 65535) >= 443;
}

export type NaclVerdict = { action: 'allow' | 'deny'; ruleNumber?: number; aclId: string };

/**
 * Evaluates a NACL for one direction/protocol/port/peer address (IPv4 or IPv6): first matching rule by number
 * wins.
 */
export function evaluateNacl(acl: NetworkAclFacts, egress: boolean, port: number, peerIp: string): NaclVerdict {
  const rules = acl.entries.filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const r of rules) {
    const protoOk = r.protocol === '-1' || r.protocol === '6' || r.protocol === 'tcp';
    if (!protoOk) continue;
    if (
      r.protocol !== '-1' &&
      r.fromPort !== undefined &&
      r.toPort !== undefined &&
      (port < r.fromPort || port > r.toPort)
    )
      continue;
    // An entry is for one family: its IPv4 CIDR for an IPv4 peer, its IPv6 CIDR for an IPv6 peer.
    const v6 = peerIp.includes(':');
    const cidr = v6 ? r.ipv6Cidr : r.cidr;
    if (!cidr || !(v6 ? ipv6CidrContains(cidr, peerIp) : cidrContains(cidr, peerIp))) continue;
    return { action: r.action, ruleNumber: r.ruleNumber, aclId: acl.id };
  }
  return { action: 'deny', aclId: acl.id };
}
