/** Planners for the permission causes: execution role missing / lacking ECR access, repository policy. */
import type { Diagnosis } from '../../diagnose/types';
import { executionRoleManagedPolicyArn } from '../../permissions';
import type { Plan, PlanStep } from '../types';
import { accountOfArn, basePlan, describeTaskDefinitionCommand, executionRoleNameForText, isProven, manual, newRevisionStep, redeployStep, regionFlag, repositoryOf, roleNameOf, sh, taskDefinitionOf } from './shared';

export const ECR_PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'] as const;

function repositoryArnOf(d: Diagnosis, partition: string): string {
  if (d.resources.repositoryArn) return d.resources.repositoryArn;
  const repo = repositoryOf(d);
  if (repo.name && repo.account) return `arn:${partition}:ecr:${repo.region ?? d.resources.region}:${repo.account}:repository/${repo.name}`;
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

export const ECS_TASKS_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** execution-role-missing: the task definition names no execution role (ECR auth, awslogs, secrets need one). */
export function planExecutionRoleMissing(d: Diagnosis, partition = 'aws'): Plan {
  const policyArn = executionRoleManagedPolicyArn(partition);
  return basePlan(
    d,
    [
      manual('create-execution-role', 'plan.execution-role-missing.create-role', {
        action: 'iam:CreateRole',
        resource: 'ecsTaskExecutionRole',
        command: `aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document file://ecs-tasks-trust.json`,
        document: ECS_TASKS_TRUST_POLICY,
        textArgs: { roleName: 'ecsTaskExecutionRole' },
      }),
      manual('attach-managed-policy', 'plan.execution-role-missing.attach-policy', {
        action: 'iam:AttachRolePolicy',
        resource: 'ecsTaskExecutionRole',
        command: `aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn ${policyArn}`,
        textArgs: { roleName: 'ecsTaskExecutionRole', policyArn },
      }),
      newRevisionStep(d, 'set-execution-role', `set "executionRoleArn": "arn:${partition}:iam::${d.resources.account || '<ACCOUNT_ID>'}:role/ecsTaskExecutionRole"`),
    ],
    { risk: { textKey: 'plan.risk.new-revision' } },
  );
}

/**
 * execution-role-ecr-permissions: the one auto-fix of the permissions family. Automatic only for an
 * implicit deny on a role of the task's own account whose managed policy is not attached yet.
 */
export function planExecutionRoleEcrPermissions(d: Diagnosis, partition = 'aws'): Plan {
  const roleArn = d.resources.executionRoleArn;
  const roleName = roleNameOf(roleArn);
  const fi = d.fixInputs;
  const policyArn = executionRoleManagedPolicyArn(partition);
  const alreadyAttached = fi.attachedPolicyArns?.includes(policyArn) === true;
  const roleAccount = accountOfArn(roleArn);

  let refusal: Plan['refusal'];
  if (!roleArn || !roleName) refusal = { textKey: 'plan.refusal.role-unknown', textArgs: { taskDefinition: taskDefinitionOf(d) } };
  else if (fi.denyKind === 'explicit') refusal = { textKey: 'plan.refusal.explicit-deny', textArgs: { roleArn } };
  else if (fi.denyKind !== 'implicit') refusal = { textKey: 'plan.refusal.deny-kind-unknown', textArgs: { roleArn } };
  else if (fi.roleInSameAccount !== true || (d.resources.account && roleAccount !== d.resources.account)) {
    refusal = { textKey: 'plan.refusal.role-other-account', textArgs: { roleArn, account: d.resources.account || '?' } };
  } else if (alreadyAttached) refusal = { textKey: 'plan.refusal.policy-already-attached', textArgs: { roleArn, policyArn } };

  const steps: PlanStep[] = [];
  if (!roleArn || !roleName) {
    steps.push(
      manual('find-execution-role', 'plan.common.find-execution-role', {
        action: 'ecs:DescribeTaskDefinition',
        command: describeTaskDefinitionCommand(d) + `.executionRoleArn`,
        textArgs: { taskDefinition: taskDefinitionOf(d) },
      }),
    );
  }
  const name = roleName ?? '<EXECUTION_ROLE_NAME>';
  steps.push({
    id: 'attach-execution-role-policy',
    action: 'iam:AttachRolePolicy',
    resource: roleArn ?? '<EXECUTION_ROLE_ARN>',
    params: { RoleName: name, PolicyArn: policyArn },
    command: `aws iam attach-role-policy --role-name ${sh(name)} --policy-arn ${policyArn}`,
    automatic: isProven(d.confidence) && refusal === undefined,
    textKey: 'plan.execution-role-ecr-permissions.attach-policy',
    textArgs: { roleName: name, policyArn },
  });
  steps.push(
    manual('or-inline-least-privilege', 'plan.execution-role-ecr-permissions.inline-policy', {
      action: 'iam:PutRolePolicy',
      resource: roleArn ?? '<EXECUTION_ROLE_ARN>',
      command: `aws iam put-role-policy --role-name ${sh(name)} --policy-name ecr-pull --policy-document file://ecr-pull-policy.json`,
      document: leastPrivilegePullPolicy(d, partition),
      textArgs: { roleName: name },
    }),
  );
  if (fi.denyKind === 'explicit' || alreadyAttached) {
    steps.push(
      manual('find-deny', 'plan.execution-role-ecr-permissions.find-deny', {
        action: 'iam:SimulatePrincipalPolicy',
        resource: roleArn ?? '<EXECUTION_ROLE_ARN>',
        command:
          `aws iam simulate-principal-policy --policy-source-arn ${sh(roleArn ?? '<EXECUTION_ROLE_ARN>')} --action-names ecr:GetAuthorizationToken ${ECR_PULL_ACTIONS.join(' ')} --resource-arns ${sh(repositoryArnOf(d, partition))} --query 'EvaluationResults[].{action:EvalActionName,decision:EvalDecision,statements:MatchedStatements[].SourcePolicyId}'\n` +
          `aws iam get-role --role-name ${sh(name)} --query 'Role.PermissionsBoundary'`,
        textArgs: { roleName: name },
      }),
    );
  }
  if (fi.permissionsMethod === 'policy-documents') steps.push(manual('scp-note', 'plan.execution-role-ecr-permissions.scp-note'));
  steps.push(redeployStep(d));
  return basePlan(d, steps, {
    autoFix: 'AutoFixExecutionRolePolicy',
    ...(refusal ? { refusal } : {}),
    risk: { textKey: 'plan.risk.attach-managed-policy', textArgs: { policyArn } },
  });
}

/** repository-policy-denies: the repository policy (often another account's) does not let the execution role pull. */
export function planRepositoryPolicyDenies(d: Diagnosis, partition = 'aws'): Plan {
  const repo = repositoryOf(d);
  const repoName = repo.name ?? '<REPOSITORY_NAME>';
  const principal = d.resources.executionRoleArn ?? '<EXECUTION_ROLE_ARN>';
  const registryFlag = repo.account ? ` --registry-id ${repo.account}` : '';
  const region = repo.region ? ` --region ${sh(repo.region)}` : regionFlag(d);
  const document = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AllowEcsPullFromExecutionRole', Effect: 'Allow', Principal: { AWS: principal }, Action: [...ECR_PULL_ACTIONS] }],
  };
  const crossAccount = repo.account !== undefined && d.resources.account !== '' && repo.account !== d.resources.account;
  const steps: PlanStep[] = [
    manual('read-repository-policy', 'plan.repository-policy-denies.read-policy', {
      action: 'ecr:GetRepositoryPolicy',
      resource: d.resources.repositoryArn ?? repoName,
      command: `aws ecr get-repository-policy${region}${registryFlag} --repository-name ${sh(repoName)} --query policyText --output text`,
      textArgs: { repository: repoName },
    }),
    manual('set-repository-policy', 'plan.repository-policy-denies.set-policy', {
      action: 'ecr:SetRepositoryPolicy',
      resource: d.resources.repositoryArn ?? repoName,
      command: `aws ecr set-repository-policy${region}${registryFlag} --repository-name ${sh(repoName)} --policy-text file://repository-policy.json`,
      document,
      textArgs: { repository: repoName, principal, registryAccount: repo.account ?? '?' },
    }),
  ];
  if (crossAccount) {
    steps.push(
      manual('grant-role-cross-account', 'plan.repository-policy-denies.role-side', {
        action: 'iam:PutRolePolicy',
        resource: principal,
        command: `aws iam put-role-policy --role-name ${sh(roleNameOf(principal) ?? executionRoleNameForText(d))} --policy-name ecr-pull-cross-account --policy-document file://ecr-pull-policy.json`,
        document: leastPrivilegePullPolicy(d, partition),
        textArgs: { principal },
      }),
    );
  }
  steps.push(redeployStep(d));
  return basePlan(d, steps, { risk: { textKey: 'plan.risk.repository-policy-replace', textArgs: { repository: repoName } } });
}
