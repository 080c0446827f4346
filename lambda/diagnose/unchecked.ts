/**
 * Pure: what the diagnosis could not check, said once per failed call — every fact that could not be read (nothing
 * silently dropped), grouped with the checks the same call blocked; and "could not be checked" evidence said once.
 */
import { blockedBy, isFailedCall, type Evidence, type Unchecked } from '../domain/diagnosis';
import { CAUSE_PROBES } from '../causes/call-plan';
import type { Facts } from '../facts/types';

/** The error of a failed call without the API name in front of it (the entry names the API once). */
function callError(api: string, reason: string): string {
  const at = reason.indexOf(`${api}: `);
  return at >= 0 ? reason.slice(at + api.length + 2) : reason;
}

/**
 * One entry per failed call: the facts that could not be gathered and the checks that could not run
 * because of the same call are one entry naming the API once and every check it blocked (`blocked`:
 * fact checks in order, then the causes whose check said "could not be checked" because of it).
 */
export function groupByFailedCall(entries: readonly Unchecked[], evidence: readonly Evidence[]): Unchecked[] {
  const byCall = new Map<string, Unchecked & { blocked: string[] }>();
  const noCall: Unchecked[] = [];
  for (const u of entries) {
    if (!isFailedCall(u)) {
      if (!noCall.some((n) => n.check === u.check && n.reason === u.reason)) noCall.push(u);
      continue;
    }
    const error = callError(u.api, u.reason);
    const key = `${u.api}|${error}`;
    const entry = byCall.get(key);
    if (!entry) byCall.set(key, { check: u.check, api: u.api, reason: error, blocked: [u.check] });
    else if (!entry.blocked.includes(u.check)) entry.blocked.push(u.check);
  }
  for (const e of evidence) {
    for (const entry of byCall.values()) {
      const blocked = e.cause ?? e.check;
      if (blockedBy(e, entry) && !entry.blocked.includes(blocked)) entry.blocked.push(blocked);
    }
  }
  return [...byCall.values(), ...noCall];
}

/** "Could not be checked" evidence said once: several causes' checks report the same missing fact in the same words. */
export function uniqueUnknowns(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    if (e.result !== 'unknown') return true;
    if (seen.has(e.detail)) return false;
    seen.add(e.detail);
    return true;
  });
}

/** Every fact that could not be gathered, whether or not a check read it (nothing silently dropped). */
export function unknownFacts(facts: Facts): Unchecked[] {
  const out: Unchecked[] = [];
  const add = (check: string, f: { ok: boolean } | undefined) => {
    if (f && !f.ok) {
      const u = f as unknown as { api: string; reason: string };
      out.push({ check, api: u.api, reason: u.reason });
    }
  };
  add('task', facts.task);
  add('task-definition', facts.taskDefinition);
  add('service', facts.service);
  const n = facts.network;
  if (n) {
    add('subnets', n.subnets);
    add('route-tables', n.routeTables);
    add('vpc-endpoints', n.endpoints);
    add('security-groups', n.securityGroups);
    add('network-acls', n.networkAcls);
    add('vpc-dns-support', n.dnsSupport);
    add('vpc-dns-hostnames', n.dnsHostnames);
    add('vpc', n.vpc);
    add('dhcp-options', n.dhcp);
    add('private-hosted-zones', n.hostedZones);
  }
  add('execution-role-permissions', facts.iam);
  if (facts.iam?.ok) {
    const sim = facts.iam.value.simulationFailure;
    // The fallback answered, but what only the simulation sees (SCPs, permissions boundary) stays unchecked.
    if (sim)
      out.push({
        check: 'execution-role-simulation',
        api: sim.api,
        reason:
          `${sim.reason}; the role's own policy documents were evaluated instead (service control ` +
          `policies and permissions boundaries not seen)`,
      });
    for (const u of facts.iam.value.unreadPolicies ?? [])
      out.push({
        check: 'execution-role-policy-document',
        api: u.api ?? 'iam:GetPolicyVersion',
        reason: `${u.policy}: ${u.reason}`,
      });
  }
  const e = facts.ecr;
  if (e) {
    add('ecr-image', e.image);
    add('recent-tags', e.tags);
    add('repository-policy', e.repositoryPolicy);
    add('lifecycle-policy', e.lifecyclePolicy);
  }
  for (const i of facts.secrets?.items ?? []) add(`secret ${i.id}`, i.exists);
  // The probes cause modules bring along: their facts, and the facts nested in them, under their own names.
  for (const p of CAUSE_PROBES) {
    const fact = facts.probed?.[p.check];
    add(p.check, fact);
    if (fact?.ok) for (const n of p.nested?.(fact.value) ?? []) add(n.check, n.fact);
  }
  return out;
}
