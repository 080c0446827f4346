/** The ordered list of cause checks (cdk-nag's pack): one entry per CauseId except "unknown". */
import type { CauseCheck } from './context';
import { executionRoleEcrPermissions, executionRoleMissing, repositoryPolicyDenies } from './permissions/checks';
import {
  imageNotFound,
  invalidImageReference,
  platformMismatch,
  repositoryNotFound,
  staleImageDigest,
} from './image/checks';
import {
  networkAclBlocks,
  networkNoRoute,
  publicIpDisabled,
  securityGroupBlocks,
  vpcDnsDisabled,
  vpcEndpointMissing,
  vpcEndpointPolicyDenies,
} from './network/checks';
import { kmsDecryptDenied, registryCredentialsInvalid, secretOrParameterUnavailable } from './registry-auth/checks';
import { diskSpace, dockerhubRateLimit } from './host/checks';

export const CAUSE_CHECKS: readonly CauseCheck[] = [
  invalidImageReference,
  executionRoleMissing,
  executionRoleEcrPermissions,
  repositoryPolicyDenies,
  repositoryNotFound,
  imageNotFound,
  staleImageDigest,
  platformMismatch,
  networkNoRoute,
  publicIpDisabled,
  vpcEndpointMissing,
  vpcDnsDisabled,
  securityGroupBlocks,
  networkAclBlocks,
  vpcEndpointPolicyDenies,
  registryCredentialsInvalid,
  secretOrParameterUnavailable,
  kmsDecryptDenied,
  dockerhubRateLimit,
  diskSpace,
];

export type { CauseCheck, CheckContext, CheckResult, Verdict } from './context';
