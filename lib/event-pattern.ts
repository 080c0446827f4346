/**
 * The EventBridge pattern that selects ECS image-pull failures, as the JSON EventBridge stores.
 *
 * Plain data with no aws-cdk-lib import, so the stack, the tests and a CLI can all use it. The rule is a
 * coarse, cheap pre-filter: the Lambda classifies the event again (lambda/event/). Erring wide costs one
 * short invocation; erring narrow loses a diagnosis silently, so the pattern leans wide.
 *
 * Where the error text can be (sources: ECS task state change events documentation; aws/amazon-ecs-agent error texts):
 * - task level `stoppedReason`, container level `containers[].reason`, or both. Older EC2 events say
 *   "Essential container in task exited" at task level and carry the pull error only on the container.
 * - The EC2 agent renders its errors as `<ErrorName>: <message>`. Since agent 1.83 (2024) it rewrites
 *   known pull errors into sentences ("The task can’t pull the image. Check that the role has the
 *   permissions to pull images from the registry. <docker error>", typographic apostrophe U+2019), and
 *   the ECS documentation lists those sentences as the error text without the name. So the error names
 *   are matched anywhere in the text (`wildcard`), and the two documented sentence openings as prefixes.
 *   A wildcard `*Name*` also matches everything the plain `prefix: Name` matched.
 * - Fargate reports registry-auth/network failures as `ResourceInitializationError: unable to pull
 *   secrets or registry auth: …` (not as a pull error; the log-driver/EFS variants of
 *   ResourceInitializationError are deliberately not matched), and an unparsable image reference as
 *   `InternalError: failed to create container model: failed to normalize image reference …`.
 * Matching is case-sensitive, as in EventBridge.
 */
import { HEALTH_SERVICES } from '../lambda/event/health-event';

import {
  PULL_ERROR_NAMES,
  PULL_ERROR_SENTENCES,
  TASK_LEVEL_PULL_PREFIXES,
  UNPREFIXED_PULL_TEXTS,
} from '../lambda/event/pull-texts';

export { PULL_ERROR_NAMES, PULL_ERROR_SENTENCES, TASK_LEVEL_PULL_PREFIXES, UNPREFIXED_PULL_TEXTS };

export type ReasonMatcher = { readonly prefix: string } | { readonly wildcard: string };

/** `*` is the only wildcard; a literal `*` or `\` in a name would need escaping (none does). */
function anywhere(text: string): ReasonMatcher {
  if (/[*\\]/.test(text)) throw new Error(`cannot match "${text}" with a wildcard without escaping`);
  return { wildcard: `*${text}*` };
}

// The prefixes are the contract users read in the template; the wildcards add the texts where an agent
// puts a sentence before the name (a wildcard `*Name*` is a superset of `prefix: Name`).
const PULL_REASON_MATCHERS: readonly ReasonMatcher[] = [
  ...PULL_ERROR_NAMES.map((prefix) => ({ prefix })),
  ...PULL_ERROR_NAMES.map(anywhere),
  ...PULL_ERROR_SENTENCES.map((prefix) => ({ prefix })),
  ...UNPREFIXED_PULL_TEXTS.map(anywhere),
];

export interface PullFailureEventPattern {
  readonly source: readonly string[];
  readonly 'detail-type': readonly string[];
  readonly detail: {
    readonly lastStatus: readonly string[];
    readonly $or: readonly [
      { readonly stoppedReason: readonly ReasonMatcher[] },
      { readonly containers: { readonly reason: readonly ReasonMatcher[] } },
    ];
  };
}

export const PULL_FAILURE_EVENT_PATTERN: PullFailureEventPattern = {
  source: ['aws.ecs'],
  'detail-type': ['ECS Task State Change'],
  detail: {
    lastStatus: ['STOPPED'],
    $or: [
      {
        stoppedReason: [...PULL_REASON_MATCHERS, ...TASK_LEVEL_PULL_PREFIXES.map((prefix) => ({ prefix }))],
      },
      // An array of objects in the event matches when any element matches.
      { containers: { reason: PULL_REASON_MATCHERS } },
    ],
  },
};

/**
 * AWS Health events of the services a pull depends on (issue 20, lambda/event/health-event.ts): delivered to
 * EventBridge in every account, with no support plan. Recorded per Region and named in that Region's messages.
 */
export const HEALTH_EVENT_PATTERN = {
  source: ['aws.health'],
  'detail-type': ['AWS Health Event'],
  detail: { service: [...HEALTH_SERVICES] },
} as const;

/**
 * The service-level signals (issue 17, lambda/event/service-signal.ts): a service of an open incident runs again
 * (steady state, deployment completed) or cannot start tasks (start impaired, deployment failed). No Task State
 * Change of a RUNNING task is matched: a healthy service's task starts never wake the function. A healthy
 * service's periodic steady state does, and costs one DynamoDB read (the service has no open incident).
 */
export const SERVICE_SIGNAL_EVENT_PATTERN = {
  source: ['aws.ecs'],
  'detail-type': ['ECS Service Action', 'ECS Deployment State Change'],
  detail: {
    eventName: [
      'SERVICE_STEADY_STATE',
      'SERVICE_TASK_START_IMPAIRED',
      'SERVICE_DEPLOYMENT_COMPLETED',
      'SERVICE_DEPLOYMENT_FAILED',
    ],
  },
} as const;
