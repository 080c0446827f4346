/**
 * The transient causes (issue 20): a throttled AWS API, a registry that failed or was down. Neither is a fault of
 * IAM or the VPC, so neither is ever fixed; they are likely (never proven: a passing moment is over when the tool
 * looks) when the text names one and the account shows no fault that explains the pull; what passes now (the image
 * exists, the role is allowed the ECR pull) is said as support. What passes now, and the retry and the wait, are here.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { manual, redeployStep } from '../../remediate/plans/shared';
import type { PlanStep } from '../../remediate/types';
import type { CheckContext, Finding } from '../context';
import { texts } from '../module';

export const TRANSIENT_TEXTS = texts(
  {
    'evidence.transient.image-exists': 'Image {image} exists in ECR now (ecr:BatchGetImage).',
    'evidence.transient.image-missing': 'Image {image} does not exist in ECR now: not a passing failure.',
    'evidence.transient.role-allowed': 'Role {role} is allowed the ECR pull actions now.',
    'evidence.transient.role-denied': 'Role {role} is denied an ECR pull action now: not a passing failure.',
    'plan.transient.wait':
      'Nothing to change in IAM or the VPC: a service starts new tasks by itself. Watch its events, and start a ' +
      'standalone task again once the failure has passed.',
    'plan.transient.health':
      'Look for an open AWS Health event for ECR, ECS or Fargate in {region}: the AWS Health Dashboard, or the ' +
      'command (its API needs a Business, Enterprise On-Ramp or Enterprise support plan).',
  },
  {
    'evidence.transient.image-exists': 'イメージ {image} は現在 ECR に存在します（ecr:BatchGetImage）。',
    'evidence.transient.image-missing': 'イメージ {image} は現在 ECR に存在しません。一時的な失敗ではありません。',
    'evidence.transient.role-allowed': 'ロール {role} には現在 ECR のプル操作が許可されています。',
    'evidence.transient.role-denied':
      'ロール {role} は現在 ECR のプル操作を拒否されています。一時的な失敗ではありません。',
    'plan.transient.wait':
      'IAM や VPC で変えるものはありません。サービスは自ら新しいタスクを起動します。イベントを確認し、単独のタスクは失敗が' +
      '収まってから再び起動してください。',
    'plan.transient.health':
      '{region} の ECR、ECS、Fargate について未解決の AWS Health イベントがないか、AWS Health Dashboard またはコマンドで' +
      '確認してください（API にはビジネス、エンタープライズ On-Ramp、エンタープライズのサポートプランが必要です）。',
  },
);

/**
 * What the same pull needs, as it is now: 'passes' when something was read and nothing stops the pull, 'fails' when
 * the account shows a configuration fault (then another cause explains the failure), 'unread' when nothing was read.
 */
export function passesNow(f: Finding, ctx: CheckContext): 'passes' | 'fails' | 'unread' {
  let read = false;
  const ref = ctx.imageRef;
  const img = ctx.facts.ecr?.image;
  if (ref?.registryType === 'ecr' && img?.ok && img.value.repositoryExists) {
    const exists = ref.digest ? img.value.digestExists === true : typeof img.value.tagDigest === 'string';
    const gone = ref.digest ? img.value.digestExists === false : img.value.tagDigest === null;
    if (gone) {
      f.add('image-now', 'info', TRANSIENT_TEXTS.t('evidence.transient.image-missing', { image: ref.raw }));
      return 'fails';
    }
    if (exists) {
      read = true;
      f.add('image-now', 'info', TRANSIENT_TEXTS.t('evidence.transient.image-exists', { image: ref.raw }));
    }
  }
  const iam = ctx.facts.iam;
  const ecrChecks = iam?.ok ? iam.value.checks.filter((c) => c.action.startsWith('ecr:')) : [];
  if (iam?.ok && ecrChecks.length) {
    const role = iam.value.roleArn;
    if (ecrChecks.some((c) => c.decision !== 'allowed')) {
      f.add('role-now', 'info', TRANSIENT_TEXTS.t('evidence.transient.role-denied', { role }));
      return 'fails';
    }
    read = true;
    f.add('role-now', 'info', TRANSIENT_TEXTS.t('evidence.transient.role-allowed', { role }));
  }
  return read ? 'passes' : 'unread';
}

/** The wait (first), then — after the cause's own steps — where to look for an AWS event and the rerun. */
export function waitSteps(d: Diagnosis, own: readonly PlanStep[]): PlanStep[] {
  return [
    manual('wait-and-retry', TRANSIENT_TEXTS.key('plan.transient.wait')),
    ...own,
    manual('check-aws-health', TRANSIENT_TEXTS.key('plan.transient.health'), {
      action: 'health:DescribeEvents',
      command:
        `aws health describe-events --region us-east-1 --filter ` +
        `'services=ECR,ECS,FARGATE,regions=${d.resources.region},eventStatusCodes=open'`,
      textArgs: { region: d.resources.region },
    }),
    { ...redeployStep(d), id: 'redeploy-when-passed' },
  ];
}
