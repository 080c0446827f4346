/**
 * A probe that a cause module brings along (issue 15: a new cause is its module, its tests and at most one probe).
 * Its declaration (pure: the cause modules list it, and the offline CLI loads every module without the SDK) says
 * everything the rest of the tool needs to know — its budget slots, the IAM read actions it calls, the check name
 * its fact is reported under; its runner (the SDK half, in facts/probes/, listed once in probes/runners.ts) reads
 * the fact once the failing container's image reference is known (gather.ts wave 2, beside the ECR image probe).
 * The call plan, the Lambda's read permissions and "what could not be checked" are derived from the declarations
 * the cause modules list.
 */
import type { Fact } from '../aws/call';
import type { Clients } from '../aws/clients';
import type { ImageRef } from '../domain/image-ref';
import type { CallBudget } from './probes/budget';
import type { Facts } from './types';

export interface ImageProbe<T = unknown> {
  /** Names its fact in Facts.probed and in "could not be checked"; also the planned calls' check. */
  readonly check: string;
  /** Its budget slots, in call order: each is planned once (priority from the modules that list the probe). */
  readonly slots: readonly string[];
  /** The IAM read actions it calls (granted to the Lambda: causes/read-actions.ts, lib/permissions.ts). */
  readonly actions: readonly string[];
  /** Whether it has anything to read for this image in this account (e.g. a private ECR image). */
  applies(ref: ImageRef, account: string): boolean;
  /** Facts nested in a read fact that may themselves be unknown (a second call), with their check names. */
  nested?(value: T): ReadonlyArray<{ check: string; fact: Fact<unknown> | undefined }>;
}

/** The SDK half of a probe: reads the fact; never throws (a failed call is an Unknown fact). */
export interface ImageProbeRunner<T = unknown> {
  readonly probe: ImageProbe<T>;
  run(clients: Clients, budget: CallBudget, ref: ImageRef): Promise<Fact<T>>;
}

/** The fact a probe gathered, typed as the probe declares it (undefined: not gathered). */
export function probedFact<T>(facts: Facts, probe: ImageProbe<T>): Fact<T> | undefined {
  return facts.probed?.[probe.check] as Fact<T> | undefined;
}
