/** Planners for host problems and for the unknown cause (proposal only). */
import type { Diagnosis } from '../../domain/diagnosis';
import type { Plan, PlanStep } from '../../remediate/types';
import { basePlan, manual, newRevisionStep, regionFlag, sh } from '../../remediate/plans/shared';

export const ECS_AGENT_CLEANUP_SETTINGS = [
  'ECS_IMAGE_CLEANUP_INTERVAL=10m',
  'ECS_IMAGE_MINIMUM_CLEANUP_AGE=30m',
  'ECS_NUM_IMAGES_DELETE_PER_CYCLE=10',
  'ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=1h',
] as const;

export function planDiskSpace(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  if (d.resources.launchType === 'FARGATE') {
    return basePlan(
      d,
      [
        {
          ...newRevisionStep(d, 'raise-ephemeral-storage', 'set "ephemeralStorage": {"sizeInGiB": 50} (21–200)'),
          textKey: 'plan.disk-space.fargate-ephemeral-storage',
          document: { ephemeralStorage: { sizeInGiB: 50 } },
        },
        manual('smaller-image', 'plan.disk-space.smaller-image'),
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
    manual('find-container-instance', 'plan.disk-space.find-instance', {
      action: 'ecs:DescribeContainerInstances',
      command:
        `aws ecs describe-tasks${rf} --cluster ${sh(d.resources.cluster)} --tasks ` +
        `${sh(d.resources.taskArn)} --query 'tasks[0].containerInstanceArn' --output text | xargs ` +
        `-I{} aws ecs describe-container-instances${rf} --cluster ${sh(d.resources.cluster)} ` +
        `--container-instances {} --query 'containerInstances[0].ec2InstanceId' --output text`,
      textArgs: { task: d.resources.task, cluster: d.resources.cluster },
    }),
    manual('agent-image-cleanup', 'plan.disk-space.agent-cleanup', {
      action: 'ssm:SendCommand',
      command:
        `aws ssm send-command${rf} --document-name AWS-RunShellScript --instance-ids <INSTANCE_ID> ` +
        `--parameters ${sh(JSON.stringify({ commands: script.split('\n') }))}`,
      document: { ecsConfig: [...ECS_AGENT_CLEANUP_SETTINGS] },
    }),
    manual('grow-volume', 'plan.disk-space.grow-volume'),
  ];
  return basePlan(d, steps, { risk: { textKey: 'plan.risk.agent-restart' } });
}

export function planUnknown(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  const steps: PlanStep[] = [
    manual('run-aws-runbook', 'plan.unknown.runbook', {
      action: 'ssm:StartAutomationExecution',
      command:
        `aws ssm start-automation-execution${rf} --document-name ` +
        `AWSSupport-TroubleshootECSTaskFailedToStart --parameters ` +
        `${sh(`ClusterName=${d.resources.cluster},TaskId=${d.resources.task}`)}`,
    }),
  ];
  return basePlan(d, steps);
}
