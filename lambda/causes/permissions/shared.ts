/** What the permission causes share: the ECR pull actions, and the least-privilege pull policy of their plans. */
import type { Diagnosis } from '../../domain/diagnosis';
import { repositoryOf } from '../../remediate/plans/shared';
import { ECR_PULL_ACTIONS } from '../../remediate/role-scope';

/** The pull actions in the order the checks evaluate (and the evidence lists) them. */
export const CHECKED_PULL_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
] as const;

export function repositoryArnOf(d: Diagnosis, partition: string): string {
  if (d.resources.repositoryArn) return d.resources.repositoryArn;
  const repo = repositoryOf(d);
  if (repo.name && repo.account)
    return `arn:${partition}:ecr:${repo.region ?? d.resources.region}:${repo.account}:repository/${repo.name}`;
  return '*';
}

/** Least-privilege inline policy: what the managed policy grants for pulls and awslogs, scoped to the repository. */
export function leastPrivilegePullPolicy(d: Diagnosis, partition: string): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EcrAuthToken', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      { Sid: 'EcrPull', Effect: 'Allow', Action: [...ECR_PULL_ACTIONS], Resource: repositoryArnOf(d, partition) },
      { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
    ],
  };
}
