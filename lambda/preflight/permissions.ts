/**
 * The IAM policy a CI job needs to run `ecs-pull-doctor preflight` (README "Preflight"), derived from the function's
 * own read list (causes/read-actions.ts): the same probes, less what preflight never calls. sts:GetCallerIdentity
 * needs no permission. Read-only: no action here changes anything.
 */
import { allReadActions } from '../causes/read-actions';
import { IMAGE_CONFIG_ACTION } from '../facts/probes/image-config';

/**
 * Never called before a deploy: the read-back of a stopped task and a service's tasks, the container instance (none
 * is picked), and event history (what changed is about a failure that happened).
 */
export const NOT_CALLED_BY_PREFLIGHT: readonly string[] = [
  'ecs:DescribeTasks',
  'ecs:ListTasks',
  'ecs:DescribeContainerInstances',
  'ec2:DescribeInstances',
  'iam:GetInstanceProfile',
  'cloudtrail:LookupEvents',
];

/**
 * Called by preflight only: a single-platform image's config blob, for its platform. The function's role never gets
 * it (it would let the function read image content).
 */
export const PREFLIGHT_ONLY: readonly string[] = [IMAGE_CONFIG_ACTION];

export function preflightReadActions(): string[] {
  return [...allReadActions().filter((a) => !NOT_CALLED_BY_PREFLIGHT.includes(a)), ...PREFLIGHT_ONLY].sort();
}

/** The identity policy document to attach to the CI role. */
export function preflightPolicy(): { Version: string; Statement: Array<Record<string, unknown>> } {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'EcsPullDoctorPreflight', Effect: 'Allow', Action: preflightReadActions(), Resource: '*' }],
  };
}
