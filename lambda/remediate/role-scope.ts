/** What the execution-role planner and the attach writer must agree on: the pull actions and the role scope. */
import { AUTO_FIX_ROLE_TAG_KEY, AUTO_FIX_ROLE_TAG_VALUE } from '../config';

export const ECR_PULL_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchCheckLayerAvailability',
] as const;

/** The role's path lies under the auto-fix's path scope ("/" covers every path). Pure. */
export function rolePathInScope(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath.endsWith('/') ? scopePath : `${scopePath}/`);
}

/** The role carries the opt-in tag (IAM tag keys are case-insensitive, values case-sensitive). Pure. */
export function roleHasAutoFixTag(tags: Record<string, string>): boolean {
  return Object.entries(tags).some(
    ([k, v]) => k.toLowerCase() === AUTO_FIX_ROLE_TAG_KEY.toLowerCase() && v === AUTO_FIX_ROLE_TAG_VALUE,
  );
}
