/**
 * planRemediation: pure, one planner per cause (plans/*.ts). The plan is the same data whether it is
 * proposed or applied; steps are automatic only for a proven cause with an auto-fix and no refusal
 * (decide() still has the last word). Every textKey used here is in notify/messages/plan-en.ts / plan-ja.ts.
 */
import type { CauseId, Diagnosis } from '../domain/diagnosis';
import type { Plan } from '../remediate/types';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions } from '../remediate/plan-options';
import {
  planExecutionRoleEcrPermissions,
  planExecutionRoleMissing,
  planRepositoryPolicyDenies,
} from './permissions/plans';
import {
  planImageNotFound,
  planInvalidImageReference,
  planPlatformMismatch,
  planRepositoryNotFound,
  planStaleImageDigest,
} from './image/plans';
import { planVpcEndpoints } from './network/endpoint-plans';
import {
  planNetworkAclBlocks,
  planPublicIpDisabled,
  planSecurityGroupBlocks,
  planVpcDnsDisabled,
  planVpcEndpointPolicyDenies,
} from './network/plans';
import {
  planDockerHubRateLimit,
  planKmsDecryptDenied,
  planRegistryCredentialsInvalid,
  planSecretOrParameterUnavailable,
} from './registry-auth/plans';
import { planDiskSpace, planUnknown } from './host/plans';
import { partitionOfArn } from '../remediate/plans/shared';

type Planner = (d: Diagnosis, partition: string, options: PlanOptions) => Plan;

/** One planner per cause; the Record type makes a new CauseId without a planner a type error. */
export const PLANNERS: Record<CauseId, Planner> = {
  'execution-role-missing': planExecutionRoleMissing,
  'execution-role-ecr-permissions': planExecutionRoleEcrPermissions,
  'repository-policy-denies': planRepositoryPolicyDenies,
  'repository-not-found': planRepositoryNotFound,
  'image-not-found': planImageNotFound,
  'stale-image-digest': planStaleImageDigest,
  'platform-mismatch': planPlatformMismatch,
  'invalid-image-reference': planInvalidImageReference,
  'network-no-route': planVpcEndpoints,
  'public-ip-disabled': planPublicIpDisabled,
  'vpc-endpoint-missing': planVpcEndpoints,
  'vpc-dns-disabled': planVpcDnsDisabled,
  'security-group-blocks': planSecurityGroupBlocks,
  'network-acl-blocks': planNetworkAclBlocks,
  'vpc-endpoint-policy-denies': planVpcEndpointPolicyDenies,
  'registry-credentials-invalid': planRegistryCredentialsInvalid,
  'secret-or-parameter-unavailable': planSecretOrParameterUnavailable,
  'kms-decrypt-denied': planKmsDecryptDenied,
  'dockerhub-rate-limit': planDockerHubRateLimit,
  'disk-space': planDiskSpace,
  unknown: planUnknown,
};

/** Causes that have an auto-fix (everything else is proposal only). */
export const AUTO_FIX_CAUSES: readonly CauseId[] = [
  'execution-role-ecr-permissions',
  'network-no-route',
  'vpc-endpoint-missing',
];

/**
 * Plans the remediation of the diagnosed cause. `partition` defaults to the one in the task ARN
 * ("aws" when unknown). Pure: no I/O, never throws for a well-typed diagnosis.
 */
export function planRemediation(
  diagnosis: Diagnosis,
  partition?: string,
  options: PlanOptions = DEFAULT_PLAN_OPTIONS,
): Plan {
  const p = partition ?? partitionOfArn(diagnosis.resources.taskArn) ?? 'aws';
  const planner = PLANNERS[diagnosis.cause] ?? planUnknown;
  const planned = planner(diagnosis, p, options);
  // A fix only follows a task the account itself describes (diagnose/confirm-task.ts): a forged, expired or
  // altered event is diagnosed and proposed, never fixed. This refusal comes first: it is the most fundamental.
  const confirmed = diagnosis.fixInputs.taskConfirmation?.confirmed === true;
  const plan: Plan =
    planned.autoFix && diagnosis.mode === 'evidence' && !confirmed
      ? {
          ...planned,
          refusal: {
            textKey: 'plan.refusal.task-not-confirmed',
            textArgs: { task: diagnosis.resources.taskArn, cluster: diagnosis.resources.cluster },
          },
        }
      : planned;
  // Belt and braces: nothing is automatic for an unproven cause, a refused plan or a plan without an auto-fix.
  if (diagnosis.confidence !== 'proven' || plan.refusal || !plan.autoFix) {
    return { ...plan, steps: plan.steps.map((s) => (s.automatic ? { ...s, automatic: false } : s)) };
  }
  return plan;
}
