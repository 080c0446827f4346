/** The planner of repository-policy-denies, with its step sentences. */
import { roleNameOf } from '../../domain/arn';
import type { Diagnosis } from '../../domain/diagnosis';
import {
  basePlan,
  executionRoleNameForText,
  manual,
  redeployStep,
  regionFlag,
  repositoryOf,
  sh,
} from '../../remediate/plans/shared';
import { ECR_PULL_ACTIONS } from '../../remediate/role-scope';
import type { Plan, PlanStep } from '../../remediate/types';
import { texts } from '../module';
import { leastPrivilegePullPolicy } from './shared';

export const REPOSITORY_POLICY_PLAN_TEXTS = texts(
  {
    'plan.repository-policy-denies.read-policy':
      'Read the current policy of repository {repository}: set-repository-policy replaces it ' +
      'entirely, so merge, do not overwrite.',
    'plan.repository-policy-denies.set-policy':
      'Allow the execution role {principal} to pull from repository {repository} (registry ' +
      'account {registryAccount}) by adding this statement to the repository policy.',
    'plan.repository-policy-denies.role-side':
      'The repository is in another account: the execution role {principal} also needs ECR pull ' +
      'permissions on it in its own account (policy in the JSON).',
  },
  {
    'plan.repository-policy-denies.read-policy':
      'リポジトリ {repository} の現在のポリシーを確認してください。set-repository-policy はポリシー全体を置き換えるため、上書きではなくマージしてください。',
    'plan.repository-policy-denies.set-policy':
      'このステートメントをリポジトリポリシーに追加し、タスク実行ロール {principal} がリポジトリ {repository}（レジストリのアカウント ' +
      '{registryAccount}）からプルできるようにしてください。',
    'plan.repository-policy-denies.role-side':
      'リポジトリは別アカウントにあります。タスク実行ロール {principal} にも、自アカウント側でそのリポジトリへの ECR プル権限が必要です（ポリシーは JSON を参照）。',
  },
);

/** The repository policy (often another account's) does not let the execution role pull. */
export function planRepositoryPolicyDenies(d: Diagnosis, partition = 'aws'): Plan {
  const repo = repositoryOf(d);
  const repoName = repo.name ?? '<REPOSITORY_NAME>';
  const principal = d.resources.executionRoleArn ?? '<EXECUTION_ROLE_ARN>';
  const registryFlag = repo.account ? ` --registry-id ${repo.account}` : '';
  const region = repo.region ? ` --region ${sh(repo.region)}` : regionFlag(d);
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowEcsPullFromExecutionRole',
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: [...ECR_PULL_ACTIONS],
      },
    ],
  };
  const crossAccount = repo.account !== undefined && d.resources.account !== '' && repo.account !== d.resources.account;
  const steps: PlanStep[] = [
    manual('read-repository-policy', REPOSITORY_POLICY_PLAN_TEXTS.key('plan.repository-policy-denies.read-policy'), {
      action: 'ecr:GetRepositoryPolicy',
      resource: d.resources.repositoryArn ?? repoName,
      command:
        `aws ecr get-repository-policy${region}${registryFlag} --repository-name ${sh(repoName)} ` +
        `--query policyText --output text`,
      textArgs: { repository: repoName },
    }),
    manual('set-repository-policy', REPOSITORY_POLICY_PLAN_TEXTS.key('plan.repository-policy-denies.set-policy'), {
      action: 'ecr:SetRepositoryPolicy',
      resource: d.resources.repositoryArn ?? repoName,
      command:
        `aws ecr set-repository-policy${region}${registryFlag} --repository-name ${sh(repoName)} ` +
        `--policy-text file://repository-policy.json`,
      document,
      textArgs: { repository: repoName, principal, registryAccount: repo.account ?? '?' },
    }),
  ];
  if (crossAccount) {
    steps.push(
      manual('grant-role-cross-account', REPOSITORY_POLICY_PLAN_TEXTS.key('plan.repository-policy-denies.role-side'), {
        action: 'iam:PutRolePolicy',
        resource: principal,
        command:
          `aws iam put-role-policy --role-name ` +
          `${sh(roleNameOf(principal) ?? executionRoleNameForText(d))} --policy-name ` +
          `ecr-pull-cross-account --policy-document file://ecr-pull-policy.json`,
        document: leastPrivilegePullPolicy(d, partition),
        textArgs: { principal },
      }),
    );
  }
  steps.push(redeployStep(d));
  return basePlan(d, steps, {
    risk: { textKey: 'plan.risk.repository-policy-replace', textArgs: { repository: repoName } },
  });
}
