/** Planners for the permission causes: execution role missing / lacking ECR access, repository policy. */
import type { Diagnosis } from '../../domain/diagnosis';
import { AUTO_FIX_ROLE_TAG_KEY, AUTO_FIX_ROLE_TAG_VALUE } from '../../config';
import { executionRoleManagedPolicyArn } from '../../permissions';
import type { PlanOptions } from '../../remediate/plan-options';
import type { Plan, PlanStep } from '../../remediate/types';
import { ECR_PULL_ACTIONS, roleHasAutoFixTag, rolePathInScope } from '../../remediate/role-scope';
import {
  accountOfArn,
  basePlan,
  describeTaskDefinitionCommand,
  executionRoleNameForText,
  isProven,
  manual,
  newRevisionStep,
  redeployStep,
  regionFlag,
  repositoryOf,
  sh,
  taskDefinitionOf,
} from '../../remediate/plans/shared';
import { roleNameOf } from '../../domain/arn';

function repositoryArnOf(d: Diagnosis, partition: string): string {
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
        command:
          `aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document ` +
          `file://ecs-tasks-trust.json`,
        document: ECS_TASKS_TRUST_POLICY,
        textArgs: { roleName: 'ecsTaskExecutionRole' },
      }),
      manual('attach-managed-policy', 'plan.execution-role-missing.attach-policy', {
        action: 'iam:AttachRolePolicy',
        resource: 'ecsTaskExecutionRole',
        command: `aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn ${policyArn}`,
        textArgs: { roleName: 'ecsTaskExecutionRole', policyArn },
      }),
      newRevisionStep(
        d,
        'set-execution-role',
        `set "executionRoleArn": ` +
          `"arn:${partition}:iam::${d.resources.account || '<ACCOUNT_ID>'}:role/ecsTaskExecutionRole"`,
      ),
    ],
    { risk: { textKey: 'plan.risk.new-revision' } },
  );
}

/**
 * execution-role-ecr-permissions: the one auto-fix of the permissions family. Automatic only for an
 * implicit deny on a role of the task's own account whose managed policy is not attached yet, that trusts
 * ecs-tasks.amazonaws.com and lies in the deployment's role scope (path, and the opt-in tag when required).
 * A deny by an SCP or the permissions boundary, or one IAM could not decide (a conditional grant), is
 * refused: attaching a policy cannot help, or would replace a deliberately scoped grant.
 */
export function planExecutionRoleEcrPermissions(d: Diagnosis, partition: string, options: PlanOptions): Plan {
  const roleArn = d.resources.executionRoleArn;
  const roleName = roleNameOf(roleArn);
  const fi = d.fixInputs;
  const policyArn = executionRoleManagedPolicyArn(partition);
  const alreadyAttached = fi.attachedPolicyArns?.includes(policyArn) === true;
  const roleAccount = accountOfArn(roleArn);
  const role = fi.executionRole;
  const scope = options.roleScope;
  const keys = (fi.missingContextKeys ?? []).join(', ') || '?';
  // A service control policy or the permissions boundary denies: no policy on the role can change that.
  const deniedOutsideRole = fi.denyKind === 'organizations' || fi.denyKind === 'permissions-boundary';
  // Not proposed either when the grant is conditional: a broad grant would replace a deliberate scope.
  const proposeGrant = !deniedOutsideRole && fi.denyKind !== 'undecided';

  let refusal: Plan['refusal'];
  if (!roleArn || !roleName)
    refusal = { textKey: 'plan.refusal.role-unknown', textArgs: { taskDefinition: taskDefinitionOf(d) } };
  else if (fi.denyKind === 'explicit') refusal = { textKey: 'plan.refusal.explicit-deny', textArgs: { roleArn } };
  else if (fi.denyKind === 'organizations') refusal = { textKey: 'plan.refusal.scp-deny', textArgs: { roleArn } };
  else if (fi.denyKind === 'permissions-boundary')
    refusal = { textKey: 'plan.refusal.permissions-boundary-deny', textArgs: { roleArn, roleName } };
  else if (fi.denyKind === 'undecided')
    refusal = { textKey: 'plan.refusal.undecided-condition', textArgs: { roleArn, keys } };
  else if (fi.denyKind !== 'implicit') refusal = { textKey: 'plan.refusal.deny-kind-unknown', textArgs: { roleArn } };
  else if (fi.roleInSameAccount !== true || (d.resources.account && roleAccount !== d.resources.account)) {
    refusal = {
      textKey: 'plan.refusal.role-other-account',
      textArgs: { roleArn, account: d.resources.account || '?' },
    };
  } else if (alreadyAttached)
    refusal = { textKey: 'plan.refusal.policy-already-attached', textArgs: { roleArn, policyArn } };
  else if (!role) refusal = { textKey: 'plan.refusal.role-trust-unknown', textArgs: { roleArn, roleName } };
  else if (!role.trustsEcsTasks) refusal = { textKey: 'plan.refusal.role-not-ecs-tasks', textArgs: { roleArn } };
  else if (!rolePathInScope(role.path, scope.path))
    refusal = {
      textKey: 'plan.refusal.role-path-out-of-scope',
      textArgs: { roleArn, path: role.path, scopePath: scope.path },
    };
  else if (scope.requireTag && !roleHasAutoFixTag(role.tags)) {
    refusal = {
      textKey: 'plan.refusal.role-tag-missing',
      textArgs: { roleArn, roleName, tagKey: AUTO_FIX_ROLE_TAG_KEY, tagValue: AUTO_FIX_ROLE_TAG_VALUE },
    };
  }

  const steps: PlanStep[] = [];
  if (!roleArn || !roleName) {
    steps.push(
      manual('find-execution-role', 'plan.common.find-execution-role', {
        action: 'ecs:DescribeTaskDefinition',
        command: `${describeTaskDefinitionCommand(d)}.executionRoleArn`,
        textArgs: { taskDefinition: taskDefinitionOf(d) },
      }),
    );
  }
  const name = roleName ?? '<EXECUTION_ROLE_NAME>';
  const simulateCommand =
    `aws iam simulate-principal-policy --policy-source-arn ` +
    `${sh(roleArn ?? '<EXECUTION_ROLE_ARN>')} --action-names ecr:GetAuthorizationToken ` +
    `${ECR_PULL_ACTIONS.join(' ')} --resource-arns ${sh(repositoryArnOf(d, partition))}`;
  if (proposeGrant) {
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
        command:
          `aws iam put-role-policy --role-name ${sh(name)} --policy-name ecr-pull --policy-document ` +
          `file://ecr-pull-policy.json`,
        document: leastPrivilegePullPolicy(d, partition),
        textArgs: { roleName: name },
      }),
    );
  }
  if (fi.denyKind === 'undecided') {
    const entries = (fi.missingContextKeys ?? []).map(
      (k) => `ContextKeyName=${k},ContextKeyValues=<VALUE>,ContextKeyType=string`,
    );
    steps.push(
      manual('review-condition', 'plan.execution-role-ecr-permissions.review-condition', {
        action: 'iam:SimulatePrincipalPolicy',
        resource: roleArn ?? '<EXECUTION_ROLE_ARN>',
        command:
          `${simulateCommand}${entries.length ? ` --context-entries ${entries.map(sh).join(' ')}` : ''} ` +
          `--query ` +
          `'EvaluationResults[].{action:EvalActionName,decision:EvalDecision,missing:MissingContextValues}'`,
        textArgs: { roleName: name, keys },
      }),
    );
  }
  if (fi.denyKind === 'explicit' || alreadyAttached || deniedOutsideRole) {
    steps.push(
      manual('find-deny', 'plan.execution-role-ecr-permissions.find-deny', {
        action: 'iam:SimulatePrincipalPolicy',
        resource: roleArn ?? '<EXECUTION_ROLE_ARN>',
        command:
          `${simulateCommand} --query ` +
          "'EvaluationResults[].{action:EvalActionName,decision:EvalDecision," +
          "statements:MatchedStatements[].SourcePolicyId}'\n" +
          `aws iam get-role --role-name ${sh(name)} --query 'Role.PermissionsBoundary'`,
        textArgs: { roleName: name },
      }),
    );
  }
  if (fi.permissionsMethod === 'policy-documents')
    steps.push(manual('scp-note', 'plan.execution-role-ecr-permissions.scp-note'));
  steps.push(redeployStep(d));
  return basePlan(d, steps, {
    autoFix: 'AutoFixExecutionRolePolicy',
    ...(refusal ? { refusal } : {}),
    // The attach's risk only when an attach is proposed (an SCP or boundary deny proposes none).
    ...(steps.some((s) => s.id === 'attach-execution-role-policy')
      ? { risk: { textKey: 'plan.risk.attach-managed-policy', textArgs: { policyArn } } }
      : {}),
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
    manual('read-repository-policy', 'plan.repository-policy-denies.read-policy', {
      action: 'ecr:GetRepositoryPolicy',
      resource: d.resources.repositoryArn ?? repoName,
      command:
        `aws ecr get-repository-policy${region}${registryFlag} --repository-name ${sh(repoName)} ` +
        `--query policyText --output text`,
      textArgs: { repository: repoName },
    }),
    manual('set-repository-policy', 'plan.repository-policy-denies.set-policy', {
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
      manual('grant-role-cross-account', 'plan.repository-policy-denies.role-side', {
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
