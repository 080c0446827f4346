/**
 * Every cause, in the order its check runs (cdk-nag's pack): the one list the classifier's rules, the call
 * plan, the planners, the auto-fix list and the catalogues are derived from. A new cause is its module
 * plus one line here (and its id in domain/diagnosis.ts CAUSES); the type below makes a missing one an error.
 */
import type { CauseId } from '../domain/diagnosis';
import type { CauseModule, Planner, TextRule } from './module';
import { diskSpace } from './host/disk-space';
import { imageArchived } from './image/image-archived';
import { imageNotFound } from './image/image-not-found';
import { pullTimeout } from './image/pull-timeout';
import { invalidImageReference } from './image/invalid-image-reference';
import { platformMismatch } from './image/platform-mismatch';
import { pullThroughCacheRuleMissing } from './image/pull-through-cache-rule-missing';
import { repositoryNotFound } from './image/repository-not-found';
import { staleImageDigest } from './image/stale-image-digest';
import { networkAclBlocks } from './network/network-acl-blocks';
import { networkNoRoute } from './network/network-no-route';
import { publicIpDisabled } from './network/public-ip-disabled';
import { securityGroupBlocks } from './network/security-group-blocks';
import { vpcDnsDisabled } from './network/vpc-dns-disabled';
import { vpcEndpointMissing } from './network/vpc-endpoint-missing';
import { vpcEndpointPolicyDenies } from './network/vpc-endpoint-policy-denies';
import { executionRoleEcrPermissions } from './permissions/execution-role-ecr-permissions';
import { executionRoleMissing } from './permissions/execution-role-missing';
import { instanceRoleEcrPermissions } from './permissions/instance-role-ecr-permissions';
import { repositoryPolicyDenies } from './permissions/repository-policy-denies';
import { dockerhubRateLimit } from './rate-limit/dockerhub-rate-limit';
import { awsApiThrottled } from './transient/aws-api-throttled';
import { registryUnavailable } from './transient/registry-unavailable';
import { kmsDecryptDenied } from './registry-auth/kms-decrypt-denied';
import { pullThroughCacheUpstreamAuth } from './registry-auth/pull-through-cache-upstream-auth';
import { registryCredentialsInvalid } from './registry-auth/registry-credentials-invalid';
import { secretOrParameterUnavailable } from './registry-auth/secret-or-parameter-unavailable';
import { unknown } from './unknown/unknown';

export const CAUSE_MODULES: { readonly [Id in CauseId]: CauseModule<Id> } = {
  'invalid-image-reference': invalidImageReference,
  'execution-role-missing': executionRoleMissing,
  'execution-role-ecr-permissions': executionRoleEcrPermissions,
  'instance-role-ecr-permissions': instanceRoleEcrPermissions,
  'repository-policy-denies': repositoryPolicyDenies,
  'pull-through-cache-rule-missing': pullThroughCacheRuleMissing,
  'repository-not-found': repositoryNotFound,
  'image-not-found': imageNotFound,
  'image-archived': imageArchived,
  'pull-timeout': pullTimeout,
  'stale-image-digest': staleImageDigest,
  'platform-mismatch': platformMismatch,
  'network-no-route': networkNoRoute,
  'public-ip-disabled': publicIpDisabled,
  'vpc-endpoint-missing': vpcEndpointMissing,
  'vpc-dns-disabled': vpcDnsDisabled,
  'security-group-blocks': securityGroupBlocks,
  'network-acl-blocks': networkAclBlocks,
  'vpc-endpoint-policy-denies': vpcEndpointPolicyDenies,
  'registry-credentials-invalid': registryCredentialsInvalid,
  'secret-or-parameter-unavailable': secretOrParameterUnavailable,
  'kms-decrypt-denied': kmsDecryptDenied,
  'pull-through-cache-upstream-auth': pullThroughCacheUpstreamAuth,
  'dockerhub-rate-limit': dockerhubRateLimit,
  'aws-api-throttled': awsApiThrottled,
  'registry-unavailable': registryUnavailable,
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
