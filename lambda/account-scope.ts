/**
 * Which clients examine (or fix) a task's account and Region. Single-account mode: this deployment's own clients, and
 * nothing for another account or Region (why, in one sentence). Organization mode (issue 18): the member's own roles
 * (lambda/aws/member-clients.ts) — the read role for the diagnosis, the auto-fix's role for a fix, which exists only
 * where the member opted in to that auto-fix.
 */
import { CallContext, type Fact } from './aws/call';
import type { Clients } from './aws/clients';
import type { MemberPurpose } from './aws/member-clients';
import { NotificationFailedError, notThisDeployment, type PipelineDeps } from './pipeline-contract';

/** Longest wait for sts:AssumeRole (its own budget: it comes before the evidence deadline starts). */
export const ASSUME_DEADLINE_MS = 5_000;

export type Scope = { clients: Clients } | { notChecked: string };

export async function readScope(
  what: string,
  account: string,
  region: string,
  incidentId: string,
  deps: PipelineDeps,
): Promise<Scope> {
  if (!deps.accountClients) {
    const not = notThisDeployment(what, account, region, deps);
    return not ? { notChecked: not } : { clients: deps.clients };
  }
  const r = await deps.accountClients(
    account,
    region,
    'read',
    incidentId,
    new CallContext(Date.now() + ASSUME_DEADLINE_MS),
  );
  if (r.ok) return { clients: r.value };
  // A passing failure (throttled, no answer, AWS unreachable) is retried, not settled as a text-only incident.
  const passing = ['throttled', 'timeout', 'server-error', 'deadline'];
  if (r.unreachable || passing.includes(r.kind))
    throw new NotificationFailedError(`${r.reason}; the event will be retried`, r.unreachable);
  return { notChecked: r.reason };
}

/** The clients a fix of `autoFix` writes with: this deployment's, or the member's role for that auto-fix. */
export async function fixClients(
  autoFix: MemberPurpose,
  account: string,
  region: string,
  incidentId: string,
  deps: PipelineDeps,
): Promise<Fact<Clients>> {
  if (!deps.accountClients) return { ok: true, value: deps.clients };
  return deps.accountClients(account, region, autoFix, incidentId, new CallContext(Date.now() + ASSUME_DEADLINE_MS));
}
