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

/**
 * "Could not be checked" and informational evidence said once: several causes' checks report the same missing
 * fact, or the same context (the instance a bridge task pulls through), in the same words.
 */
export function uniqueUnknowns(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    if (e.result !== 'unknown' && e.result !== 'info') return true;
    if (seen.has(e.detail)) return false;
    seen.add(e.detail);
    return true;
  });
}

/** Where each gathered fact lives and the check it is reported under, in the order they are listed. */
const FACT_CHECKS: ReadonlyArray<readonly [check: string, at: (f: Facts) => unknown]> = [
  ['task', (f) => f.task],
  ['task-definition', (f) => f.taskDefinition],
  ['service', (f) => f.service],
  ['subnets', (f) => f.network?.subnets],
  ['route-tables', (f) => f.network?.routeTables],
  ['vpc-endpoints', (f) => f.network?.endpoints],
  ['security-groups', (f) => f.network?.securityGroups],
  ['network-acls', (f) => f.network?.networkAcls],
  ['vpc-dns-support', (f) => f.network?.dnsSupport],
  ['vpc-dns-hostnames', (f) => f.network?.dnsHostnames],
  ['vpc', (f) => f.network?.vpc],
  ['dhcp-options', (f) => f.network?.dhcp],
  ['private-hosted-zones', (f) => f.network?.hostedZones],
  ['container-instance', (f) => f.containerInstance],
  ['ec2-instance', (f) => f.ec2Instance],
  ['instance-profile', (f) => f.instanceProfile],
  // The instance profile is read only when the instance role pulls (EC2 without an execution role).
  ['execution-role-permissions', (f) => (f.instanceProfile ? undefined : f.iam)],
  ['instance-role-permissions', (f) => (f.instanceProfile ? f.iam : undefined)],
  ['execution-role', (f) => (f.iam?.ok ? f.iam.value.role : undefined)],
];
/** The ECR facts, listed after what the execution role's policy documents could not show. */
const ECR_FACT_CHECKS: ReadonlyArray<readonly [check: string, at: (f: Facts) => unknown]> = [
  ['ecr-image', (f) => f.ecr?.image],
  ['recent-tags', (f) => f.ecr?.tags],
  ['repository-policy', (f) => f.ecr?.repositoryPolicy],
  ['lifecycle-policy', (f) => f.ecr?.lifecyclePolicy],
];

const isUnknown = (v: unknown): v is { ok: false; api: string; reason: string } =>
  typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false && 'api' in v && 'reason' in v;

/** Every unknown fact anywhere in `value`, with the path it was found at (the safety net of unknownFacts). */
function unknownsIn(value: unknown, path: string, out: Array<[string, { api: string; reason: string }]>): void {
  if (isUnknown(value)) out.push([path, value]);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) unknownsIn(v, `${path}.${i}`, out);
  } else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) unknownsIn(v, path ? `${path}.${k}` : k, out);
}

/**
 * Every fact that could not be gathered, whether or not a check read it: the known places under their check
 * names (FACT_CHECKS, ECR_FACT_CHECKS, the secrets, the probes cause modules bring along), then any other unknown
 * fact found anywhere in the facts under its path — a fact added to Facts is never silently dropped, even before
 * it gets a name here.
 */
export function unknownFacts(facts: Facts): Unchecked[] {
  const out: Unchecked[] = [];
  const said = new Set<unknown>();
  const add = (check: string, f: unknown) => {
    if (!isUnknown(f) || said.has(f)) return;
    said.add(f);
    out.push({ check, api: f.api, reason: f.reason });
  };
  for (const [check, at] of FACT_CHECKS) add(check, at(facts));
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
  for (const [check, at] of ECR_FACT_CHECKS) add(check, at(facts));
  for (const i of facts.secrets?.items ?? []) add(`secret ${i.id}`, i.exists);
  // The probes cause modules bring along: their facts, and the facts nested in them, under their own names.
  for (const p of CAUSE_PROBES) {
    const fact = facts.probed?.[p.check];
    add(p.check, fact);
    if (fact?.ok) for (const n of p.nested?.(fact.value) ?? []) add(n.check, n.fact);
  }
  const rest: Array<[string, { api: string; reason: string }]> = [];
  unknownsIn({ ...facts, skipped: undefined }, '', rest);
  for (const [path, f] of rest) add(path, f);
  return out;
}
