/**
 * instance-role-ecr-permissions: on a container instance (EC2 launch type) a task definition without an
 * execution role pulls its private ECR image with the instance's own credentials — the role of the instance
 * profile — and that role may not pull. The account proves it: the container instance → its EC2 instance →
 * the instance profile → the role, whose permissions are simulated like an execution role's (ecr-pull-judge.ts).
 * Never fixed automatically: the instance role serves every task and the agent on the instance.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { executionRoleManagedPolicyArn } from '../../permissions';
import { basePlan, manual, newRevisionStep, ownInputs, sh } from '../../remediate/plans/shared';
import type { Plan } from '../../remediate/types';
import { Finding, isEc2, read, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { ecrRepositoryArn } from '../../domain/image-ref';
import { roleNameOf } from '../../domain/arn';
import { ECR_PERMISSIONS_TEXTS } from './ecr-permissions-texts';
import { judgeEcrPull, notEcrImage } from './ecr-pull-judge';

const CAUSE = 'instance-role-ecr-permissions';
/** The AWS managed policy for container instances: ECR pull, registration with the cluster, logs. */
export const INSTANCE_ROLE_POLICY = 'service-role/AmazonEC2ContainerServiceforEC2Role';

const TEXTS = texts(
  {
    'evidence.part.what.container-instance': 'Container instance {instance}',
    'evidence.part.what.ec2-instance': 'EC2 instance {instance}',
    'evidence.part.what.instance-profile': 'Instance profile {profile}',
    'evidence.instance-role.not-on-instance':
      'The task does not run on a container instance (launch type {launchType}).',
    'evidence.instance-role.execution-role-pulls':
      'Task definition {taskDefinition} has execution role {role}: the agent pulls with it, not with the ' +
      'instance role.',
    'evidence.instance-role.no-container-instance': 'The event names no container instance: its role is not known.',
    'evidence.instance-role.external':
      'Container instance {instance} is not an EC2 instance (external): its role was not read.',
    'evidence.instance-role.no-profile':
      'EC2 instance {instance} has no instance profile, and task definition {taskDefinition} no execution ' +
      'role: unless the agent is given credentials some other way, nothing on the instance may pull from ' +
      'Amazon ECR.',
    'evidence.instance-role.profile-without-role':
      'Instance profile {profile} of EC2 instance {instance} holds no role: unless the agent is given ' +
      'credentials some other way, the instance has none to pull from Amazon ECR.',
    'evidence.instance-role.pulls':
      'Task definition {taskDefinition} has no execution role: on container instance {instance} (EC2 ' +
      'instance {ec2Instance}) the instance role {role} of profile {profile} pulls from Amazon ECR.',
    'plan.instance-role-ecr-permissions.attach':
      'Either let the container instance role pull: attach the AWS managed policy {policyArn} to role ' +
      '{roleName} (every task on instances with this role then may pull from ECR).',
    'plan.instance-role-ecr-permissions.execution-role':
      'Or give the task definition an execution role with {policyArn}: the agent then pulls with that ' +
      "role, and the instance role's permissions no longer matter for this task.",
  },
  {
    'evidence.part.what.container-instance': 'コンテナインスタンス {instance}',
    'evidence.part.what.ec2-instance': 'EC2 インスタンス {instance}',
    'evidence.part.what.instance-profile': 'インスタンスプロファイル {profile}',
    'evidence.instance-role.not-on-instance':
      'タスクはコンテナインスタンス上で実行されていません(起動タイプ {launchType})。',
    'evidence.instance-role.execution-role-pulls':
      'タスク定義 {taskDefinition} にはタスク実行ロール {role} があります。エージェントはインスタンスのロールではなく、このロールでプルします。',
    'evidence.instance-role.no-container-instance':
      'イベントにコンテナインスタンスが含まれていないため、そのロールはわかりません。',
    'evidence.instance-role.external':
      'コンテナインスタンス {instance} は EC2 インスタンスではない(外部インスタンス)ため、そのロールは読んでいません。',
    'evidence.instance-role.no-profile':
      'EC2 インスタンス {instance} にはインスタンスプロファイルがなく、タスク定義 {taskDefinition} にもタスク実行ロールがありません。' +
      'エージェントに別の方法で認証情報が渡されていない限り、インスタンス上に Amazon ECR からプルできる認証情報はありません。',
    'evidence.instance-role.profile-without-role':
      'EC2 インスタンス {instance} のインスタンスプロファイル {profile} にはロールがありません。' +
      'エージェントに別の方法で認証情報が渡されていない限り、インスタンスには Amazon ECR からプルする認証情報がありません。',
    'evidence.instance-role.pulls':
      'タスク定義 {taskDefinition} にはタスク実行ロールがありません。コンテナインスタンス {instance}(EC2 インスタンス {ec2Instance})では、' +
      'プロファイル {profile} のインスタンスロール {role} が Amazon ECR からプルします。',
    'plan.instance-role-ecr-permissions.attach':
      'コンテナインスタンスのロールにプルを許可する場合: AWS 管理ポリシー {policyArn} をロール {roleName} にアタッチしてください(このロールのインスタンス上のすべてのタスクが ECR' +
      ' からプルできるようになります)。',
    'plan.instance-role-ecr-permissions.execution-role':
      'または、タスク定義に {policyArn} を持つタスク実行ロールを設定してください。エージェントはそのロールでプルするため、このタスクについてはインスタンスロールの権限は関係なくなります。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding(CAUSE);
  const ref = ctx.imageRef;
  if (!isEc2(ctx))
    return f
      .add(
        'launch-type',
        'not-applicable',
        TEXTS.t('evidence.instance-role.not-on-instance', {
          launchType: ctx.launchType ?? 'unknown',
        }),
      )
      .done('not-applicable');
  if (ref?.registryType !== 'ecr') return notEcrImage(f, ref);
  const td = ctx.taskDef;
  if (!td) return f.done(ctx.facts.taskDefinition ? 'unknown' : 'not-applicable');
  if (td.executionRoleArn)
    return f
      .add(
        'execution-role-present',
        'ruled-out',
        TEXTS.t('evidence.instance-role.execution-role-pulls', { taskDefinition: td.arn, role: td.executionRoleArn }),
        [td.arn, td.executionRoleArn],
      )
      .done('ruled-out');
  const arn = ctx.failure.task.containerInstanceArn;
  if (!arn)
    return f
      .add('container-instance', 'unknown', TEXTS.t('evidence.instance-role.no-container-instance'))
      .done('unknown');
  const what = (key: 'container-instance' | 'ec2-instance' | 'instance-profile', v: string) =>
    TEXTS.t(`evidence.part.what.${key}`, key === 'instance-profile' ? { profile: v } : { instance: v });
  const ci = read(f, ctx.facts.containerInstance, 'container-instance', what('container-instance', arn));
  if (!ci) return f.done('unknown');
  if (!ci.ec2InstanceId)
    return f
      .add('ec2-instance', 'unknown', TEXTS.t('evidence.instance-role.external', { instance: ci.arn }), [ci.arn])
      .done('unknown');
  const inst = read(f, ctx.facts.ec2Instance, 'ec2-instance', what('ec2-instance', ci.ec2InstanceId));
  if (!inst) return f.done('unknown');
  // Without a profile the agent could not have registered either, unless given credentials some other way.
  if (!inst.instanceProfileArn)
    return f
      .add(
        'instance-profile',
        'info',
        TEXTS.t('evidence.instance-role.no-profile', {
          instance: inst.id,
          taskDefinition: td.arn,
        }),
        [inst.id, td.arn],
      )
      .done('likely');
  const profile = read(
    f,
    ctx.facts.instanceProfile,
    'instance-profile',
    what('instance-profile', inst.instanceProfileArn),
  );
  if (!profile) return f.done('unknown');
  if (!profile.roleArn)
    return f
      .add(
        'instance-profile',
        'info',
        TEXTS.t('evidence.instance-role.profile-without-role', {
          profile: profile.arn,
          instance: inst.id,
        }),
        [profile.arn, inst.id],
      )
      .done('likely');
  const role = profile.roleArn;
  f.fix({ own: { cause: CAUSE, values: { roleArn: role, instanceId: inst.id, profileArn: profile.arn } } });
  f.add(
    'instance-role',
    'info',
    TEXTS.t('evidence.instance-role.pulls', {
      taskDefinition: td.arn,
      instance: ci.arn,
      ec2Instance: inst.id,
      role,
      profile: profile.arn,
    }),
    [ci.arn, inst.id, role],
  );
  const iam = read(
    f,
    ctx.facts.iam,
    'instance-role-permissions',
    ECR_PERMISSIONS_TEXTS.t('evidence.part.what.instance-role-permissions', { role }),
  );
  if (iam?.principal !== 'instance-role' || iam.roleArn !== role) return f.done('unknown');
  return judgeEcrPull(f, ctx, iam, ref, ecrRepositoryArn(ref)!);
}

/** Two ways, both for a person: the instance role may pull, or the task gets an execution role. Never automatic. */
function plan(d: Diagnosis, partition = 'aws'): Plan {
  const own = ownInputs(d, CAUSE);
  const roleName = roleNameOf(own.roleArn) ?? '<INSTANCE_ROLE_NAME>';
  const instancePolicy = `arn:${partition}:iam::aws:policy/${INSTANCE_ROLE_POLICY}`;
  const executionPolicy = executionRoleManagedPolicyArn(partition);
  const account = d.resources.account || '<ACCOUNT_ID>';
  return basePlan(
    d,
    [
      manual('attach-instance-role-policy', TEXTS.key('plan.instance-role-ecr-permissions.attach'), {
        action: 'iam:AttachRolePolicy',
        resource: own.roleArn ?? roleName,
        command: `aws iam attach-role-policy --role-name ${sh(roleName)} --policy-arn ${instancePolicy}`,
        textArgs: { roleName, policyArn: instancePolicy },
      }),
      manual('use-execution-role', TEXTS.key('plan.instance-role-ecr-permissions.execution-role'), {
        textArgs: { policyArn: executionPolicy },
      }),
      newRevisionStep(
        d,
        'set-execution-role',
        `set "executionRoleArn": "arn:${partition}:iam::${account}:role/ecsTaskExecutionRole", a role that ` +
          `trusts ecs-tasks.amazonaws.com and has ${executionPolicy}`,
      ),
    ],
    { risk: { textKey: 'plan.risk.new-revision' } },
  );
}

export const instanceRoleEcrPermissions = defineCause({
  id: CAUSE,
  family: 'permissions',
  words: {
    en: {
      title: 'container instance role cannot pull from ECR',
      explain:
        'The task definition has no task execution role, so on its EC2 container instance the agent pulls the ' +
        "image with the instance's own role (its instance profile). That role is not allowed to pull from " +
        'this Amazon ECR repository.',
    },
    ja: {
      title: 'コンテナインスタンスのロールが ECR からプルできない',
      explain:
        'タスク定義にタスク実行ロールがないため、EC2 コンテナインスタンス上のエージェントはインスタンス自身のロール(インスタンスプロファイル)でイメージをプルします。' +
        'そのロールにはこの Amazon ECR リポジトリからプルする権限がありません。',
    },
  },
  calls: {
    proves: ['containerInstance', 'instance', 'instanceProfile', 'simulation'],
    informs: ['attachedPolicies', 'image', 'repositoryPolicy'],
  },
  check,
  plan,
  texts: [TEXTS, ECR_PERMISSIONS_TEXTS],
});
