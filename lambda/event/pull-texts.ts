/**
 * The texts that name an image-pull failure, in one place: the EventBridge rule (lib/event-pattern.ts) matches
 * them and the function (pull-failure.ts) recognises them, so an event the rule lets through is never dropped by
 * the function for a text it does not know. Sources: ECS task state change events; amazon-ecs-agent error texts;
 * ECS documentation (CannotPullContainer task errors, Troubleshoot secrets).
 */

/** Error names the ECS agents use for a failed pull. */
export const PULL_ERROR_NAMES = [
  'CannotPullContainerError',
  'CannotPullECRContainerError',
  'CannotPullImageManifestError',
] as const;

/** Sentence openings the EC2 agent (≥ 1.83) and the ECS documentation use for a failed pull. */
export const PULL_ERROR_SENTENCES = ['The task can’t pull the image', 'The task cannot pull'] as const;

/**
 * Task-level reasons that are pull failures without a pull error name. The EC2 agent reports the secrets a task
 * needs before it starts, and the private-registry credentials, in its own words (amazon-ecs-agent
 * agent/taskresource/asmsecret, ssmsecret, asmauth; ECS documentation "Troubleshoot … secrets"): the same
 * registry-auth family as Fargate's ResourceInitializationError.
 */
export const TASK_LEVEL_PULL_PREFIXES = [
  'ResourceInitializationError: unable to pull secrets or registry auth',
  'InternalError: failed to create container model: failed to normalize image reference',
  'Fetching secret data from AWS Secrets Manager',
  'Fetching secret data from SSM Parameter Store',
  'Asm fetching secret from the service for',
  // The private-registry credentials read, but their content unusable (agent/taskresource/asmauth).
  'Asm fetching authorization data',
  'Asm fetching username',
  'Asm fetching password',
  // The agent never got the execution role's credentials for the secrets (asmsecret, ssmsecret).
  'ASM secret resource: unable to find execution role credentials',
  'Ssm secret resource: unable to find execution role credentials',
] as const;

/**
 * Pull wordings that arrive without a pull error name (Docker and containerd texts passed on as they are by some
 * agents, layer and configuration downloads), matched anywhere in a task or container reason.
 */
export const UNPREFIXED_PULL_TEXTS = [
  'pull image manifest has been retried',
  'ref pull has been retried',
  'failed to resolve ref',
  'error pulling image configuration',
  'pull access denied',
  'toomanyrequests',
  'manifest unknown',
] as const;
