/**
 * The planner of execution-role-ecr-permissions, the one auto-fix of the permissions family, with its step
 * sentences (the refusals and risks stay in the shared plan catalogue).
 */
import { AUTO_FIX_ROLE_TAG_KEY, AUTO_FIX_ROLE_TAG_VALUE } from '../../config';
import { roleNameOf } from '../../domain/arn';
import type { Diagnosis } from '../../domain/diagnosis';
import { executionRoleManagedPolicyArn } from '../../permissions';
import type { PlanOptions } from '../../remediate/plan-options';
import {
  accountOfArn,
  basePlan,
  describeTaskDefinitionCommand,
  isProven,
  manual,
  redeployStep,
  sh,
  taskDefinitionOf,
} from '../../remediate/plans/shared';
import { ECR_PULL_ACTIONS, roleHasAutoFixTag, rolePathInScope } from '../../remediate/role-scope';
import type { Plan, PlanStep } from '../../remediate/types';
import { texts } from '../module';
import { leastPrivilegePullPolicy, repositoryArnOf } from './shared';

export const ECR_PERMISSIONS_PLAN_TEXTS = texts(
  {
    'plan.execution-role-ecr-permissions.attach-policy':
      'The execution role {roleName} is not allowed to pull from ECR. Attach the AWS managed ' +
      'policy {policyArn} (ECR pull and CloudWatch Logs only).',
    'plan.execution-role-ecr-permissions.inline-policy':
      'Or, for least privilege, add this inline policy to {roleName} instead (ECR token, pull ' +
      'from this repository only, logs).',
    'plan.execution-role-ecr-permissions.find-deny':
      'Find what denies the pull for {roleName}: the simulation lists the matching statements; ' +
      "also check the permissions boundary and your organization's SCPs.",
    'plan.execution-role-ecr-permissions.scp-note':
      "Permissions were read from the role's policy documents (simulation was not available): a " +
      'service control policy could still deny the pull after the fix.',
    'plan.execution-role-ecr-permissions.review-condition':
      'Check the conditions of the grant for {roleName} (IAM needs {keys} to decide): simulate ' +
      "with the values the task's requests carry, then correct the condition or the network path " +
      'rather than widening the grant.',
  },
  {
    'plan.execution-role-ecr-permissions.attach-policy':
      'タスク実行ロール {roleName} に ECR からのプル権限がありません。AWS 管理ポリシー {policyArn}（ECR のプルと CloudWatch Logs のみ）をアタッチしてください。',
    'plan.execution-role-ecr-permissions.inline-policy':
      '最小権限にする場合は、代わりにこのインラインポリシーを {roleName} に追加してください（ECR トークン、このリポジトリからのプルのみ、ログ）。',
    'plan.execution-role-ecr-permissions.find-deny':
      '{roleName} のプルを拒否しているものを特定してください。シミュレーション結果に該当するステートメントが表示されます。アクセス許可の境界と組織の SCP も確認してください。',
    'plan.execution-role-ecr-permissions.scp-note':
      '権限はロールのポリシードキュメントから判定しました（シミュレーションは使えませんでした）。修正後もサービスコントロールポリシー（SCP）がプルを拒否する可能性があります。',
    'plan.execution-role-ecr-permissions.review-condition':
      '{roleName} への許可の条件を確認してください（判定には {keys} が必要です）: タスクのリクエストが持つ値でシミュレーションし、許可を広げるのではなく条件かネットワーク経路を直してください。',
  },
);

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
      textKey: ECR_PERMISSIONS_PLAN_TEXTS.key('plan.execution-role-ecr-permissions.attach-policy'),
      textArgs: { roleName: name, policyArn },
    });
    steps.push(
      manual(
        'or-inline-least-privilege',
        ECR_PERMISSIONS_PLAN_TEXTS.key('plan.execution-role-ecr-permissions.inline-policy'),
        {
          action: 'iam:PutRolePolicy',
          resource: roleArn ?? '<EXECUTION_ROLE_ARN>',
          command:
            `aws iam put-role-policy --role-name ${sh(name)} --policy-name ecr-pull --policy-document ` +
            `file://ecr-pull-policy.json`,
          document: leastPrivilegePullPolicy(d, partition),
          textArgs: { roleName: name },
        },
      ),
    );
  }
  if (fi.denyKind === 'undecided') {
    const entries = (fi.missingContextKeys ?? []).map(
      (k) => `ContextKeyName=${k},ContextKeyValues=<VALUE>,ContextKeyType=string`,
    );
    steps.push(
      manual(
        'review-condition',
        ECR_PERMISSIONS_PLAN_TEXTS.key('plan.execution-role-ecr-permissions.review-condition'),
        {
          action: 'iam:SimulatePrincipalPolicy',
          resource: roleArn ?? '<EXECUTION_ROLE_ARN>',
          command:
            `${simulateCommand}${entries.length ? ` --context-entries ${entries.map(sh).join(' ')}` : ''} ` +
            `--query ` +
            `'EvaluationResults[].{action:EvalActionName,decision:EvalDecision,missing:MissingContextValues}'`,
          textArgs: { roleName: name, keys },
        },
      ),
    );
  }
  if (fi.denyKind === 'explicit' || alreadyAttached || deniedOutsideRole) {
    steps.push(
      manual('find-deny', ECR_PERMISSIONS_PLAN_TEXTS.key('plan.execution-role-ecr-permissions.find-deny'), {
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
    steps.push(manual('scp-note', ECR_PERMISSIONS_PLAN_TEXTS.key('plan.execution-role-ecr-permissions.scp-note')));
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
