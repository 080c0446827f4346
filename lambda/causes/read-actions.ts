/**
 * The Lambda's read-only actions: the core probes' (permissions.ts READ_ACTIONS) and those of the probes the
 * cause modules bring along (facts/image-probe.ts), derived from the modules — a cause that adds a probe adds its
 * permissions with it. lib/permissions.ts grants exactly this list.
 */
import { READ_ACTIONS } from '../permissions';
import { CAUSE_PROBES } from './call-plan';

const CORE: readonly string[] = Object.values(READ_ACTIONS).flat();

/** The actions of the modules' probes that the core list does not already have. */
export const PROBE_READ_ACTIONS: readonly string[] = [
  ...new Set(CAUSE_PROBES.flatMap((p) => p.actions).filter((a) => !CORE.includes(a))),
];

export function allReadActions(): string[] {
  return [...CORE, ...PROBE_READ_ACTIONS];
}
