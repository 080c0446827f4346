/**
 * execution-role-missing: the task definition names no execution role while the task needs one (a private
 * ECR image on Fargate, repositoryCredentials, secrets, awslogs on Fargate). The task definition proves it.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { executionRoleManagedPolicyArn } from '../../permissions';
import { basePlan, manual, newRevisionStep } from '../../remediate/plans/shared';
import type { Plan } from '../../remediate/types';
import { Finding, isEc2, listArgs, read, type CheckContext, type CheckResult, type EvidenceText } from '../context';
import { defineCause, texts } from '../module';

const TEXTS = texts(
  {
    'evidence.part.what.task-definition': 'Task definition {taskDefinition}',
    'evidence.part.need.ecr-image': 'pulls the private ECR image {image}',
    'evidence.part.need.repository-credentials': 'uses repositoryCredentials',
    'evidence.part.need.secrets': 'uses secrets',
    'evidence.part.need.awslogs': 'uses the awslogs log driver',
    'evidence.execution-role-missing.present': 'Task definition {taskDefinition} has execution role {role}.',
    'evidence.execution-role-missing.not-needed':
      'Task definition {taskDefinition} has no execution role, and this task needs none.',
    'evidence.execution-role-missing.instance-role':
      'Task definition {taskDefinition} has no execution role: on its container instance the instance role ' +
      'pulls the image instead (see instance-role-ecr-permissions).',
    'evidence.execution-role-missing.missing':
      'Task definition {taskDefinition} has no executionRoleArn, but the task {needs}.',
    'plan.execution-role-missing.create-role':
      'The task definition has no execution role, so ECS cannot get an ECR token. Create role ' +
      '{roleName} that ECS tasks can assume (trust policy in the JSON).',
    'plan.execution-role-missing.attach-policy': 'Attach the AWS managed policy {policyArn} to {roleName}.',
  },
  {
    'evidence.part.what.task-definition': 'タスク定義 {taskDefinition}',
    'evidence.part.need.ecr-image': 'プライベートな ECR イメージ {image} をプルする',
    'evidence.part.need.repository-credentials': 'repositoryCredentials を使う',
    'evidence.part.need.secrets': 'シークレットを使う',
    'evidence.part.need.awslogs': 'awslogs ログドライバーを使う',
    'evidence.execution-role-missing.present': 'タスク定義 {taskDefinition} にはタスク実行ロール {role} があります。',
    'evidence.execution-role-missing.not-needed':
      'タスク定義 {taskDefinition} にタスク実行ロールはありませんが、このタスクには不要です。',
    'evidence.execution-role-missing.instance-role':
      'タスク定義 {taskDefinition} にタスク実行ロールがありません。コンテナインスタンスでは代わりにインスタンスロールがイメージをプルします(instance-role-ecr-permissions を参照)。',
    'evidence.execution-role-missing.missing':
      'タスク定義 {taskDefinition} に executionRoleArn がありませんが、タスクは次のことをします: {needs}。',
    'plan.execution-role-missing.create-role':
      'タスク定義にタスク実行ロールがないため、ECS は ECR のトークンを取得できません。ECS タスクが引き受けられるロール {roleName} を作成してください（信頼ポリシーは JSON を参照）。',
    'plan.execution-role-missing.attach-policy': 'AWS 管理ポリシー {policyArn} を {roleName} にアタッチしてください。',
  },
);

/** Why the task needs an execution role at all (empty: it does not). */
export function executionRoleNeeds(ctx: CheckContext): string[] {
  return roleNeeds(ctx).map((n) => n.said);
}

/** executionRoleNeeds with the catalogue part of each need. */
function roleNeeds(ctx: CheckContext): Array<{ said: string; text: EvidenceText }> {
  const needs: Array<{ said: string; text: EvidenceText }> = [];
  const containers = ctx.taskDef?.containers ?? [];
  // On EC2 the container instance role pulls from ECR and sends awslogs; the execution role is only
  // needed for private-registry credentials and secrets.
  if (!isEc2(ctx) && ctx.imageRef?.registryType === 'ecr')
    needs.push({
      said: `pulls the private ECR image ${ctx.imageRef.raw}`,
      text: TEXTS.t('evidence.part.need.ecr-image', { image: ctx.imageRef.raw }),
    });
  if (containers.some((c) => c.credentialsParameter))
    needs.push({ said: 'uses repositoryCredentials', text: TEXTS.t('evidence.part.need.repository-credentials') });
  if (containers.some((c) => c.secrets.length > 0))
    needs.push({ said: 'uses secrets', text: TEXTS.t('evidence.part.need.secrets') });
  if (!isEc2(ctx) && containers.some((c) => c.logDriver === 'awslogs'))
    needs.push({ said: 'uses the awslogs log driver', text: TEXTS.t('evidence.part.need.awslogs') });
  return needs;
}

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('execution-role-missing');
  const tdArn = ctx.failure.task.taskDefinitionArn ?? '';
  const td = read(
    f,
    ctx.facts.taskDefinition,
    'task-definition',
    TEXTS.t('evidence.part.what.task-definition', { taskDefinition: tdArn }),
  );
  if (!td) return f.done(ctx.facts.taskDefinition ? 'unknown' : 'not-applicable');
  if (td.executionRoleArn) {
    return f
      .add(
        'execution-role-present',
        'ruled-out',
        TEXTS.t('evidence.execution-role-missing.present', { taskDefinition: td.arn, role: td.executionRoleArn }),
        [td.arn, td.executionRoleArn],
      )
      .done('ruled-out');
  }
  const needs = roleNeeds(ctx);
  if (needs.length === 0) {
    return f
      .add(
        'execution-role-needed',
        'ruled-out',
        isEc2(ctx) && ctx.imageRef?.registryType === 'ecr'
          ? TEXTS.t('evidence.execution-role-missing.instance-role', { taskDefinition: td.arn })
          : TEXTS.t('evidence.execution-role-missing.not-needed', { taskDefinition: td.arn }),
        [td.arn],
      )
      .done('ruled-out');
  }
  return f
    .add(
      'execution-role-present',
      'proven',
      TEXTS.t('evidence.execution-role-missing.missing', {
        taskDefinition: td.arn,
        ...listArgs(
          'needs',
          needs.map((n) => n.text),
        ),
      }),
      [td.arn],
    )
    .done('proven');
}

export const ECS_TASKS_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** The task definition names no execution role (ECR auth, awslogs, secrets need one). */
function plan(d: Diagnosis, partition = 'aws'): Plan {
  const policyArn = executionRoleManagedPolicyArn(partition);
  return basePlan(
    d,
    [
      manual('create-execution-role', TEXTS.key('plan.execution-role-missing.create-role'), {
        action: 'iam:CreateRole',
        resource: 'ecsTaskExecutionRole',
        command:
          `aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document ` +
          `file://ecs-tasks-trust.json`,
        document: ECS_TASKS_TRUST_POLICY,
        textArgs: { roleName: 'ecsTaskExecutionRole' },
      }),
      manual('attach-managed-policy', TEXTS.key('plan.execution-role-missing.attach-policy'), {
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

export const executionRoleMissing = defineCause({
  id: 'execution-role-missing',
  family: 'permissions',
  words: {
    en: {
      title: 'no task execution role',
      explain:
        'The task definition has no task execution role. ECS needs that role to authenticate to Amazon ECR (and ' +
        'to read secrets and write logs) before the container starts.',
    },
    ja: {
      title: 'タスク実行ロールが未設定',
      explain:
        'タスク定義にタスク実行ロールが設定されていません。ECS はコンテナの起動前に、このロールで Amazon ECR への認証(およびシークレットの取得やログの書き込み)を行います。',
    },
  },
  calls: { proves: [], informs: [] },
  check,
  plan,
  texts: [TEXTS],
});
