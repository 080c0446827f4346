/**
 * Every cause, in the order its check runs (cdk-nag's pack): the one list the classifier's rules, the call
 * plan, the planners, the auto-fix list and the catalogues are derived from. A new cause is its module
 * plus one line here (and its id in domain/diagnosis.ts CAUSES); the type below makes a missing one an error.
 */
import type { CauseId } from '../domain/diagnosis';
import type { CauseModule, Planner, TextRule } from './module';
import { adapted } from './adapted';
import { diskSpace } from './host/disk-space';
import { unknown } from './unknown/unknown';

export const CAUSE_MODULES: { readonly [Id in CauseId]: CauseModule<Id> } = {
  'invalid-image-reference': adapted['invalid-image-reference'],
  'execution-role-missing': adapted['execution-role-missing'],
  'execution-role-ecr-permissions': adapted['execution-role-ecr-permissions'],
  'repository-policy-denies': adapted['repository-policy-denies'],
  'repository-not-found': adapted['repository-not-found'],
  'image-not-found': adapted['image-not-found'],
  'stale-image-digest': adapted['stale-image-digest'],
  'platform-mismatch': adapted['platform-mismatch'],
  'network-no-route': adapted['network-no-route'],
  'public-ip-disabled': adapted['public-ip-disabled'],
  'vpc-endpoint-missing': adapted['vpc-endpoint-missing'],
  'vpc-dns-disabled': adapted['vpc-dns-disabled'],
  'security-group-blocks': adapted['security-group-blocks'],
  'network-acl-blocks': adapted['network-acl-blocks'],
  'vpc-endpoint-policy-denies': adapted['vpc-endpoint-policy-denies'],
  'registry-credentials-invalid': adapted['registry-credentials-invalid'],
  'secret-or-parameter-unavailable': adapted['secret-or-parameter-unavailable'],
  'kms-decrypt-denied': adapted['kms-decrypt-denied'],
  'dockerhub-rate-limit': adapted['dockerhub-rate-limit'],
  'disk-space': diskSpace,
  unknown,
};

/** The modules in check order. */
export const CAUSE_LIST: readonly CauseModule[] = Object.values(CAUSE_MODULES);

/** The modules with a check, in the order the checks run. */
export const CAUSE_CHECKS = CAUSE_LIST.filter(
  (m): m is CauseModule & Required<Pick<CauseModule, 'check'>> => m.check !== undefined,
);

/** The planner of a cause. */
export const plannerOf = (cause: CauseId): Planner => CAUSE_MODULES[cause].plan;

/** Causes that have an auto-fix (everything else is proposal only). */
export const AUTO_FIX_CAUSES: readonly CauseId[] = CAUSE_LIST.filter((m) => m.autoFix).map((m) => m.id);

/** The stop-reason rules the modules own, in classifier order. */
export const CAUSE_TEXT_RULES: readonly TextRule[] = CAUSE_LIST.flatMap((m) => m.text ?? []).sort(
  (a, b) => a.order - b.order,
);
