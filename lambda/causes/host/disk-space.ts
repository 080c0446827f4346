/**
 * disk-space: "no space left on device" while pulling. On an EC2 (or external) container instance the text
 * proves it (the Docker volume is full); on Fargate the task's ephemeral storage is too small for the image.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, manual, newRevisionStep, regionFlag, sh } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { Finding, isEc2, isFargate, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';

// "no space left on device"; devicemapper's thin pool (older ECS AMIs) says it in its own words.
const NO_SPACE = /no space left on device|Thin Pool has \d+ free data blocks|dm\.min_free_space/i;
/** Extracting a layer failed without saying why: a full volume is the usual reason, not the only one. */
const REGISTER_LAYER = /failed to register layer/i;

const TEXTS = texts(
  {
    'evidence.disk-space.register-layer':
      'The stop reason says a layer could not be extracted (failed to register layer) without saying why: a ' +
      "full Docker volume on the instance is the usual reason; check the instance's free space.",
    'evidence.disk-space.not-mentioned': 'The stop reason does not mention "no space left on device".',
    'evidence.disk-space.instance': '"no space left on device" on an {launchType} container instance ({instance}).',
    'evidence.disk-space.instance.unknown': '"no space left on device" on an {launchType} container instance.',
    'evidence.disk-space.fargate':
      '"no space left on device" on Fargate: the task\'s ephemeral storage is too small for the image.',
    'evidence.disk-space.unknown-launch-type': '"no space left on device"; the launch type is unknown.',
    'plan.disk-space.fargate-ephemeral-storage':
      'The task ran out of space while extracting the image. Raise ephemeralStorage (21–200 GiB) ' +
      'in task definition {family}.',
    'plan.disk-space.smaller-image': 'Or make the image smaller (multi-stage build, slimmer base image).',
    'plan.disk-space.find-instance':
      'Find the EC2 instance that ran task {task} in cluster {cluster}; use its id in place of <INSTANCE_ID> below.',
    'plan.disk-space.agent-cleanup':
      'Free space on the instance and let the ECS agent remove unused images sooner ' +
      '(ECS_IMAGE_CLEANUP_INTERVAL and related settings in /etc/ecs/ecs.config; replace ' +
      '<INSTANCE_ID>).',
    'plan.disk-space.grow-volume':
      'For a lasting fix, give the instances a larger Docker volume in the launch template.',
  },
  {
    'evidence.disk-space.register-layer':
      '停止理由は、理由を示さずにレイヤーを展開できなかった(failed to register layer)と言っています。インスタンスの Docker ボリュームが一杯になっていることがよくある原因です。' +
      'インスタンスの空き容量を確認してください。',
    'evidence.disk-space.not-mentioned': '停止理由に "no space left on device" は含まれていません。',
    'evidence.disk-space.instance':
      '{launchType} のコンテナインスタンス（{instance}）で "no space left on device" が発生しました。',
    'evidence.disk-space.instance.unknown':
      '{launchType} のコンテナインスタンスで "no space left on device" が発生しました。',
    'evidence.disk-space.fargate':
      'Fargate で "no space left on device" が発生しました。タスクのエフェメラルストレージがイメージに対して小さすぎます。',
    'evidence.disk-space.unknown-launch-type': '"no space left on device" が発生しました。起動タイプは不明です。',
    'plan.disk-space.fargate-ephemeral-storage':
      'イメージの展開中にタスクの容量が不足しました。タスク定義 {family} の ephemeralStorage を増やしてください（21〜200 GiB）。',
    'plan.disk-space.smaller-image':
      'または、イメージを小さくしてください（マルチステージビルド、軽量なベースイメージ）。',
    'plan.disk-space.find-instance':
      'クラスター {cluster} でタスク {task} を実行した EC2 インスタンスを確認し、以下の <INSTANCE_ID> をその ID に置き換えてください。',
    'plan.disk-space.agent-cleanup':
      'インスタンスの空き容量を確保し、ECS エージェントが未使用イメージを早めに削除するようにしてください（/etc/ecs/ecs.config の ' +
      'ECS_IMAGE_CLEANUP_INTERVAL などの設定。<INSTANCE_ID> を置き換えてください）。',
    'plan.disk-space.grow-volume': '恒久的な対策として、起動テンプレートで Docker 用ボリュームを大きくしてください。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('disk-space');
  if (!NO_SPACE.test(ctx.text)) {
    if (REGISTER_LAYER.test(ctx.text) && !isFargate(ctx))
      return f.add('stop-reason', 'info', TEXTS.t('evidence.disk-space.register-layer')).done('possible');
    return f.add('stop-reason', 'not-applicable', TEXTS.t('evidence.disk-space.not-mentioned')).done('not-applicable');
  }
  const instance = ctx.failure.task.containerInstanceArn;
  const launchType = String(ctx.launchType);
  if (isEc2(ctx))
    return f
      .add(
        'stop-reason',
        'proven',
        instance
          ? TEXTS.t('evidence.disk-space.instance', { launchType, instance })
          : TEXTS.t('evidence.disk-space.instance.unknown', { launchType }),
        instance ? [instance] : [],
      )
      .done('proven');
  if (isFargate(ctx)) return f.add('stop-reason', 'info', TEXTS.t('evidence.disk-space.fargate')).done('likely');
  return f.add('stop-reason', 'info', TEXTS.t('evidence.disk-space.unknown-launch-type')).done('likely');
}

export const ECS_AGENT_CLEANUP_SETTINGS = [
  'ECS_IMAGE_CLEANUP_INTERVAL=10m',
  'ECS_IMAGE_MINIMUM_CLEANUP_AGE=30m',
  'ECS_NUM_IMAGES_DELETE_PER_CYCLE=10',
  'ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=1h',
] as const;

function plan(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  if (d.resources.launchType === 'FARGATE') {
    return basePlan(
      d,
      [
        {
          ...newRevisionStep(d, 'raise-ephemeral-storage', 'set "ephemeralStorage": {"sizeInGiB": 50} (21–200)'),
          textKey: TEXTS.key('plan.disk-space.fargate-ephemeral-storage'),
          document: { ephemeralStorage: { sizeInGiB: 50 } },
        },
        manual('smaller-image', TEXTS.key('plan.disk-space.smaller-image')),
      ],
      { cost: { textKey: 'plan.cost.ephemeral-storage' } },
    );
  }
  const script = [
    `sudo tee -a /etc/ecs/ecs.config <<'CFG'`,
    ...ECS_AGENT_CLEANUP_SETTINGS,
    `CFG`,
    `sudo docker image prune -af --filter until=24h`,
    `sudo systemctl restart ecs`,
  ].join('\n');
  const steps: PlanStep[] = [
    manual('find-container-instance', TEXTS.key('plan.disk-space.find-instance'), {
      action: 'ecs:DescribeContainerInstances',
      command:
        `aws ecs describe-tasks${rf} --cluster ${sh(d.resources.cluster)} --tasks ` +
        `${sh(d.resources.taskArn)} --query 'tasks[0].containerInstanceArn' --output text | xargs ` +
        `-I{} aws ecs describe-container-instances${rf} --cluster ${sh(d.resources.cluster)} ` +
        `--container-instances {} --query 'containerInstances[0].ec2InstanceId' --output text`,
      textArgs: { task: d.resources.task, cluster: d.resources.cluster },
    }),
    manual('agent-image-cleanup', TEXTS.key('plan.disk-space.agent-cleanup'), {
      action: 'ssm:SendCommand',
      command:
        `aws ssm send-command${rf} --document-name AWS-RunShellScript --instance-ids <INSTANCE_ID> ` +
        `--parameters ${sh(JSON.stringify({ commands: script.split('\n') }))}`,
      document: { ecsConfig: [...ECS_AGENT_CLEANUP_SETTINGS] },
    }),
    manual('grow-volume', TEXTS.key('plan.disk-space.grow-volume')),
  ];
  return basePlan(d, steps, { risk: { textKey: 'plan.risk.agent-restart' } });
}

export const diskSpace = defineCause({
  id: 'disk-space',
  family: 'host',
  words: {
    en: {
      title: 'no disk space for the image',
      explain: 'The container instance ran out of disk space while extracting the image.',
    },
    ja: {
      title: 'イメージを展開するディスク容量がない',
      explain: 'イメージの展開中にコンテナインスタンスのディスク容量が不足しました。',
    },
  },
  text: [
    { order: 20, match: (s) => (NO_SPACE.test(s.text) ? ['disk-space', 'unknown'] : undefined) },
    {
      order: 21,
      match: (s) =>
        REGISTER_LAYER.test(s.text) && (s.onInstance || !s.launchTypeKnown)
          ? ['disk-space', 'image-not-found', 'stale-image-digest']
          : undefined,
    },
  ],
  calls: { proves: [], informs: [] },
  check,
  plan,
  texts: [TEXTS],
});
