/**
 * kms-decrypt-denied: a secret or parameter of the task is encrypted with a customer managed KMS key and the
 * execution role is not allowed kms:Decrypt on it (proven by the secrets' metadata and the role's evaluated
 * permissions; allowed by the role's own documents only, the key policy unread, makes it unlikely).
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, eachKnownOr, manual, redeployStep, regionFlag, sh } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { Finding, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { permission, readSecretPolicy, roleName } from './shared';

const TEXTS = texts(
  {
    'evidence.part.what.kms-decrypt': 'kms:Decrypt for execution role {role}',
    'evidence.kms-decrypt-denied.no-key': 'No secret or parameter uses a customer managed KMS key.',
    'evidence.kms-decrypt-denied.denied':
      'The execution role is not allowed kms:Decrypt on {key} ({decision}), the key of {id}.',
    'evidence.kms-decrypt-denied.not-evaluated': 'kms:Decrypt was not evaluated for {keys}.',
    'evidence.kms-decrypt-denied.allowed': 'The execution role is allowed kms:Decrypt on {keys}.',
    'evidence.kms-decrypt-denied.allowed.documents':
      'The execution role is allowed kms:Decrypt on {keys} by its own policies (the key policy was not read).',
    'plan.kms.key-policy':
      'Let {principal} decrypt with KMS key {keyId} through Secrets Manager / SSM: ' +
      'add this statement to the key policy.',
    'plan.kms.role-policy': 'And allow kms:Decrypt on the key in the policy of execution role {roleName}.',
  },
  {
    'evidence.part.what.kms-decrypt': 'タスク実行ロール {role} の kms:Decrypt',
    'evidence.kms-decrypt-denied.no-key': 'カスタマーマネージド KMS キーを使うシークレットやパラメータはありません。',
    'evidence.kms-decrypt-denied.denied':
      'タスク実行ロールには {id} のキー {key} に対する kms:Decrypt が許可されていません（{decision}）。',
    'evidence.kms-decrypt-denied.not-evaluated': '{keys} に対する kms:Decrypt は評価していません。',
    'evidence.kms-decrypt-denied.allowed': 'タスク実行ロールには {keys} に対する kms:Decrypt が許可されています。',
    'evidence.kms-decrypt-denied.allowed.documents':
      'タスク実行ロールには、ロール自身のポリシーで {keys} に対する kms:Decrypt が許可されています（キーポリシーは読み取っていません）。',
    'plan.kms.key-policy':
      'Secrets Manager / SSM 経由で {principal} が KMS キー {keyId} で復号できるよう、このステートメントをキーポリシーに追加してください。',
    'plan.kms.role-policy':
      'あわせて、タスク実行ロール {roleName} のポリシーでそのキーに対する kms:Decrypt を許可してください。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('kms-decrypt-denied');
  const items = (ctx.facts.secrets?.items ?? []).filter((i) => i.kmsKeyId);
  if (!ctx.facts.secrets) return f.done(/kms|decrypt/i.test(ctx.text) ? 'possible' : 'not-applicable');
  if (items.length === 0)
    return f.add('kms-key', 'ruled-out', TEXTS.t('evidence.kms-decrypt-denied.no-key')).done('ruled-out');
  const denied: string[] = [];
  let unknown = false;
  for (const it of items) {
    const p = permission(ctx, 'kms:Decrypt', it.kmsKeyId!);
    if (!p) unknown = true;
    else if (p.decision !== 'allowed') {
      denied.push(it.kmsKeyId!);
      f.add(
        'kms-decrypt',
        'proven',
        TEXTS.t('evidence.kms-decrypt-denied.denied', { key: it.kmsKeyId!, decision: p.decision, id: it.id }),
        [it.kmsKeyId!, it.id],
      );
    }
  }
  if (denied.length) return f.fix({ kmsKeyIds: [...new Set(denied)] }).done('proven');
  if (unknown) {
    if (ctx.facts.iam && !ctx.facts.iam.ok)
      f.unknown(
        'kms-decrypt',
        ctx.facts.iam,
        TEXTS.t('evidence.part.what.kms-decrypt', { role: ctx.taskDef?.executionRoleArn ?? '' }),
      );
    else
      f.add(
        'kms-decrypt',
        'unknown',
        TEXTS.t('evidence.kms-decrypt-denied.not-evaluated', { keys: items.map((i) => i.kmsKeyId).join(', ') }),
      );
    return f.done('possible');
  }
  const method = ctx.facts.iam?.ok ? ctx.facts.iam.value.method : 'simulation';
  return f
    .add(
      'kms-decrypt',
      method === 'simulation' ? 'ruled-out' : 'info',
      TEXTS.t(
        method === 'simulation'
          ? 'evidence.kms-decrypt-denied.allowed'
          : 'evidence.kms-decrypt-denied.allowed.documents',
        { keys: items.map((i) => i.kmsKeyId).join(', ') },
      ),
    )
    .done(method === 'simulation' ? 'ruled-out' : 'unlikely');
}

function plan(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  const keys = d.fixInputs.kmsKeyIds ?? [];
  const principal = d.resources.executionRoleArn ?? '<EXECUTION_ROLE_ARN>';
  const region = d.resources.region || '<REGION>';
  const steps: PlanStep[] = [];
  for (const { id: key, stepId } of eachKnownOr(keys, '<KMS_KEY_ID>')) {
    steps.push(
      manual(stepId('key-policy'), TEXTS.key('plan.kms.key-policy'), {
        action: 'kms:PutKeyPolicy',
        resource: key,
        command:
          `aws kms get-key-policy${rf} --key-id ${sh(key)} --policy-name default --query Policy ` +
          `--output text > key-policy.json\n` +
          `# add the statement below to key-policy.json, then:\n` +
          `aws kms put-key-policy${rf} --key-id ${sh(key)} --policy-name default --policy file://key-policy.json`,
        document: {
          Sid: 'AllowEcsExecutionRoleDecrypt',
          Effect: 'Allow',
          Principal: { AWS: principal },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:ViaService': [`secretsmanager.${region}.amazonaws.com`, `ssm.${region}.amazonaws.com`],
            },
          },
        },
        textArgs: { keyId: key, principal },
      }),
    );
  }
  steps.push(
    manual('role-kms-decrypt', TEXTS.key('plan.kms.role-policy'), {
      action: 'iam:PutRolePolicy',
      resource: principal,
      command:
        `aws iam put-role-policy --role-name ${sh(roleName(d))} --policy-name kms-decrypt-secrets ` +
        `--policy-document file://kms-decrypt-policy.json`,
      document: readSecretPolicy([], keys.length > 0 ? keys : ['<KMS_KEY_ARN>']),
      textArgs: { roleName: roleName(d) },
    }),
    redeployStep(d),
  );
  return basePlan(d, steps, { risk: { textKey: 'plan.risk.key-policy' } });
}

export const kmsDecryptDenied = defineCause({
  id: 'kms-decrypt-denied',
  family: 'registry-auth',
  words: {
    en: {
      title: 'KMS decrypt denied',
      explain:
        'The secret or parameter is encrypted with a customer managed KMS key that the task execution role may ' +
        'not use (kms:Decrypt).',
    },
    ja: {
      title: 'KMS による復号が拒否された',
      explain:
        'シークレットまたはパラメータがカスタマーマネージド KMS キーで暗号化されており、タスク実行ロールにそのキーの kms:Decrypt 権限がありません。',
    },
  },
  calls: { proves: ['secrets', 'kms'], informs: ['simulation', 'attachedPolicies'] },
  check,
  plan,
  texts: [TEXTS],
});
