/**
 * unknown: no cause fits the evidence. It has no check (it is what remains); its calls are the ones worth
 * making when the text points nowhere: the image in ECR and the execution role's permissions.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, manual, regionFlag, sh } from '../../remediate/plans/shared';
import type { Plan } from '../../remediate/types';
import { defineCause, texts } from '../module';

const TEXTS = texts(
  {
    'plan.unknown.runbook':
      'The cause could not be determined. Run the AWS runbook ' +
      'AWSSupport-TroubleshootECSTaskFailedToStart for this task (within an hour of the stop).',
  },
  {
    'plan.unknown.runbook':
      '原因を特定できませんでした。このタスクについて AWS のランブック AWSSupport-TroubleshootECSTaskFailedToStart を実行してください（停止から 1 時間以内）。',
  },
);

function plan(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  return basePlan(d, [
    manual('run-aws-runbook', TEXTS.key('plan.unknown.runbook'), {
      action: 'ssm:StartAutomationExecution',
      command:
        `aws ssm start-automation-execution${rf} --document-name ` +
        `AWSSupport-TroubleshootECSTaskFailedToStart --parameters ` +
        `${sh(`ClusterName=${d.resources.cluster},TaskId=${d.resources.task}`)}`,
    }),
  ]);
}

export const unknown = defineCause({
  id: 'unknown',
  family: 'unknown',
  words: {
    en: {
      title: 'cause not determined',
      explain:
        'The stop reason and the evidence do not point to one cause. The evidence and the checks that could not ' +
        'run are listed below.',
    },
    ja: {
      title: '原因を特定できず',
      explain: '停止理由と証拠から原因を一つに絞れませんでした。集めた証拠と、確認できなかった項目を以下に示します。',
    },
  },
  calls: { proves: [], informs: ['image', 'simulation', 'attachedPolicies', 'role'] },
  plan,
  texts: [TEXTS],
});
