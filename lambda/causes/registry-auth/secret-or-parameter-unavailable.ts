/**
 * secret-or-parameter-unavailable: a secret or SSM parameter the task definition references is missing,
 * scheduled for deletion or not readable by the execution role (proven by its metadata and the role's
 * evaluated permissions); when all are readable, a stop reason about a malformed valueFrom makes it likely.
 */
import { resourceArnFor } from '../../domain/secret-ref';
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, manual, redeployStep, regionFlag, sh } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { Finding, listArgs, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { examine, readSecretPolicy, roleName } from './shared';
import { SECRET_TEXTS } from './texts';

const TEXTS = texts(
  {
    'evidence.secret-or-parameter-unavailable.none': 'The task definition has no secrets.',
    'evidence.secret-or-parameter-unavailable.not-examined': '{count} secret reference(s) were not examined.',
    'evidence.secret-or-parameter-unavailable.problem': '{ref}: {problem}.',
    'evidence.secret-or-parameter-unavailable.malformed':
      'The referenced secrets exist, but the stop reason says a valueFrom is malformed (JSON key ' +
      '/ version stage / version id part).',
    'evidence.secret-or-parameter-unavailable.readable':
      'All {count} secret reference(s) exist and are readable by the execution role.',
    'plan.secret.check-secret': 'Check that secret {ref} exists in this Region and is not scheduled for deletion.',
    'plan.secret.check-parameter': 'Check that parameter {ref} exists in this Region.',
    'plan.secret.grant-read': 'Allow execution role {roleName} to read the secrets and parameters the task references.',
    'plan.secret.network-path':
      'In private subnets without NAT, tasks also need the secretsmanager / ssm interface endpoints in {vpcId}.',
  },
  {
    'evidence.secret-or-parameter-unavailable.none': 'タスク定義にシークレットはありません。',
    'evidence.secret-or-parameter-unavailable.not-examined': 'シークレットの参照 {count} 件は調べていません。',
    'evidence.secret-or-parameter-unavailable.problem': '{ref}: {problem}。',
    'evidence.secret-or-parameter-unavailable.malformed':
      '参照先のシークレットは存在しますが、停止理由によると valueFrom の形式が不正です（JSON キー、バージョンステージ、バージョン ID の部分）。',
    'evidence.secret-or-parameter-unavailable.readable':
      'シークレットの参照 {count} 件はすべて存在し、タスク実行ロールで読み取れます。',
    'plan.secret.check-secret':
      'シークレット {ref} がこのリージョンに存在し、削除予定になっていないことを確認してください。',
    'plan.secret.check-parameter': 'パラメータ {ref} がこのリージョンに存在することを確認してください。',
    'plan.secret.grant-read':
      'タスク実行ロール {roleName} に、タスクが参照するシークレットとパラメータの読み取りを許可してください。',
    'plan.secret.network-path':
      'NAT のないプライベートサブネットでは、{vpcId} に secretsmanager / ssm のインターフェイスエンドポイントも必要です。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('secret-or-parameter-unavailable');
  if (!ctx.taskDef)
    return f.done(ctx.facts.taskDefinition && !ctx.facts.taskDefinition.ok ? 'unknown' : 'not-applicable');
  const items = (ctx.facts.secrets?.items ?? []).filter((i) => i.use === 'secret');
  const refs = ctx.taskDef.containers.flatMap((c) => c.secrets);
  if (refs.length === 0)
    return f
      .add('secrets', 'not-applicable', TEXTS.t('evidence.secret-or-parameter-unavailable.none'))
      .done('not-applicable');
  if (items.length === 0)
    return f
      .add(
        'secrets',
        'unknown',
        TEXTS.t('evidence.secret-or-parameter-unavailable.not-examined', { count: refs.length }),
      )
      .done('possible');
  const verdicts = items.map((i) => examine(ctx, f, i, 'secret-reference'));
  const bad = verdicts.filter((v) => v.problem);
  if (bad.length) {
    for (const b of bad)
      f.add(
        'secret-reference',
        'proven',
        TEXTS.t('evidence.secret-or-parameter-unavailable.problem', {
          ref: b.item.ref,
          ...listArgs('problem', [b.problemText!]),
        }),
        [b.item.id],
      );
    // As ARNs: an SSM parameter's bare name would read as a secret's id to the planner and the policy it writes.
    return f.fix({ unavailableSecrets: bad.map((b) => resourceArnFor(b.item, ctx.account)) }).done('proven');
  }
  if (verdicts.some((v) => v.unknown)) return f.done('possible');
  if (/InvalidParameter|validation error|VersionId|version-id|JSON key/i.test(ctx.text)) {
    return f
      .add('secret-reference', 'info', TEXTS.t('evidence.secret-or-parameter-unavailable.malformed'))
      .done('likely');
  }
  return f
    .add(
      'secret-reference',
      'ruled-out',
      TEXTS.t('evidence.secret-or-parameter-unavailable.readable', { count: items.length }),
      items.map((i) => i.id),
    )
    .done('ruled-out');
}

function plan(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  const missing =
    d.fixInputs.unavailableSecrets ?? d.resources.secretArns ?? d.fixInputs.namedInStopReason?.secrets ?? [];
  const steps: PlanStep[] = [];
  for (const ref of missing.length > 0 ? missing : ['<SECRET_OR_PARAMETER_ARN>']) {
    const isSsm = ref.includes(':ssm:') || ref.startsWith('/');
    steps.push(
      manual(
        missing.length > 0 ? `check-${ref}` : 'check-secret-or-parameter',
        isSsm ? TEXTS.key('plan.secret.check-parameter') : TEXTS.key('plan.secret.check-secret'),
        {
          action: isSsm ? 'ssm:DescribeParameters' : 'secretsmanager:DescribeSecret',
          resource: ref,
          command: isSsm
            ? `aws ssm describe-parameters${rf} --parameter-filters ` +
              `Key=Name,Values=${sh(ref.replace(/^arn:[^:]+:ssm:[^:]*:\d*:parameter/, ''))}`
            : `aws secretsmanager describe-secret${rf} --secret-id ${sh(ref)} --query ` +
              `'{arn:ARN,kms:KmsKeyId,deleted:DeletedDate}'`,
          textArgs: { ref },
        },
      ),
    );
  }
  steps.push(
    manual('grant-read', TEXTS.key('plan.secret.grant-read'), {
      action: 'iam:PutRolePolicy',
      resource: d.resources.executionRoleArn ?? '<EXECUTION_ROLE_ARN>',
      command:
        `aws iam put-role-policy --role-name ${sh(roleName(d))} --policy-name task-secrets ` +
        `--policy-document file://task-secrets-policy.json`,
      document: readSecretPolicy(missing.length > 0 ? missing : ['<SECRET_OR_PARAMETER_ARN>']),
      textArgs: { roleName: roleName(d) },
    }),
    manual('network-path', TEXTS.key('plan.secret.network-path'), {
      textArgs: { vpcId: d.resources.vpcId ?? '<VPC_ID>' },
    }),
    redeployStep(d),
  );
  return basePlan(d, steps);
}

export const secretOrParameterUnavailable = defineCause({
  id: 'secret-or-parameter-unavailable',
  family: 'registry-auth',
  words: {
    en: {
      title: 'secret or parameter unavailable',
      explain:
        'A secret or parameter the task needs before starting (registry credentials, secrets, environment files) ' +
        'is missing or cannot be read by the task execution role.',
    },
    ja: {
      title: 'シークレットまたはパラメータを取得できない',
      explain:
        'タスクの起動前に必要なシークレットまたはパラメータ(レジストリの認証情報、secrets、環境ファイル)が存在しないか、タスク実行ロールで読み取れません。',
    },
  },
  calls: { proves: ['simulation', 'secrets'], informs: ['attachedPolicies'] },
  check,
  plan,
  texts: [TEXTS, SECRET_TEXTS],
});
