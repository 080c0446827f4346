/**
 * registry-credentials-invalid: the container's repositoryCredentials secret is missing, in another Region,
 * scheduled for deletion or not readable by the execution role (proven by the secret's metadata and the
 * role's evaluated permissions); a stop reason about its content makes a malformed secret likely.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, manual, newRevisionStep, redeployStep, regionFlag, sh } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { Finding, listArgs, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { examine, pullThroughCacheSteps, readSecretPolicy, roleName } from './shared';
import { PULL_THROUGH_CACHE_TEXTS, SECRET_TEXTS } from './texts';

const TEXTS = texts(
  {
    'evidence.registry-credentials-invalid.none': 'Container {container} has no repositoryCredentials.',
    'evidence.registry-credentials-invalid.not-examined': 'Secret {secret} was not examined.',
    'evidence.registry-credentials-invalid.other-region':
      "The credentials secret {secret} is in {region}, not in the task's region {taskRegion}.",
    'evidence.registry-credentials-invalid.problem': 'The credentials secret: {problem}.',
    'evidence.registry-credentials-invalid.shape':
      'The stop reason points at the content of {secret} (expected JSON {"username","password"}); ' +
      'values are never read.',
    'evidence.registry-credentials-invalid.readable':
      'Secret {secret} exists and is readable by the execution role; its JSON shape ' +
      '({"username","password"}) cannot be checked without reading the value.',
    'plan.registry-credentials.update-secret':
      'Store valid registry credentials in secret {secret} (replace the <PLACEHOLDERS>).',
    'plan.registry-credentials.create-secret':
      'Create a Secrets Manager secret with the registry credentials (choose <SECRET_NAME>, ' +
      'replace the <PLACEHOLDERS>).',
    'plan.registry-credentials.set-in-task-definition':
      "Reference the secret in the container's repositoryCredentials in task definition {family}.",
    'plan.registry-credentials.grant-read':
      'Allow execution role {roleName} to read the secret (and kms:Decrypt if it uses a customer managed key).',
  },
  {
    'evidence.registry-credentials-invalid.none': 'コンテナ {container} に repositoryCredentials はありません。',
    'evidence.registry-credentials-invalid.not-examined': 'シークレット {secret} は調べていません。',
    'evidence.registry-credentials-invalid.other-region':
      '認証情報のシークレット {secret} は {region} にあり、タスクのリージョン {taskRegion} にはありません。',
    'evidence.registry-credentials-invalid.problem': '認証情報のシークレット: {problem}。',
    'evidence.registry-credentials-invalid.shape':
      '停止理由は {secret} の内容に問題があることを示しています（JSON {"username","password"} が必要です）。値は読み取りません。',
    'evidence.registry-credentials-invalid.readable':
      'シークレット {secret} は存在し、タスク実行ロールで読み取れます。JSON の形式（{"username","password"}）は値を読まずには確認できません。',
    'plan.registry-credentials.update-secret':
      'シークレット {secret} に有効なレジストリ認証情報を保存してください（<プレースホルダー> を置き換えてください）。',
    'plan.registry-credentials.create-secret':
      'レジストリ認証情報を入れた Secrets Manager のシークレットを作成してください（<SECRET_NAME> を決め、<プレースホルダー> を置き換えてください）。',
    'plan.registry-credentials.set-in-task-definition':
      'タスク定義 {family} のコンテナの repositoryCredentials でそのシークレットを参照してください。',
    'plan.registry-credentials.grant-read':
      'タスク実行ロール {roleName} にシークレットの読み取りを許可してください（カスタマーマネージドキーを使う場合は kms:Decrypt も）。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('registry-credentials-invalid');
  const param = ctx.container?.credentialsParameter;
  if (!ctx.taskDef)
    return f.done(ctx.facts.taskDefinition && !ctx.facts.taskDefinition.ok ? 'unknown' : 'not-applicable');
  if (!param)
    return f
      .add(
        'repository-credentials',
        'not-applicable',
        TEXTS.t('evidence.registry-credentials-invalid.none', { container: ctx.container?.name ?? '' }),
      )
      .done(
        ctx.imageRef?.registryType === 'ecr'
          ? 'not-applicable'
          : /unauthorized|incorrect username|authentication required/i.test(ctx.text)
            ? 'possible'
            : 'not-applicable',
      );
  f.fix({ registryCredentialsSecret: param });
  const item = ctx.facts.secrets?.items.find((i) => i.use === 'registry-credentials');
  if (!item)
    return f
      .add(
        'repository-credentials',
        'unknown',
        TEXTS.t('evidence.registry-credentials-invalid.not-examined', { secret: param }),
        [param],
      )
      .done('possible');
  if (item.region !== ctx.region) {
    return f
      .add(
        'repository-credentials',
        'proven',
        TEXTS.t('evidence.registry-credentials-invalid.other-region', {
          secret: param,
          region: item.region,
          taskRegion: ctx.region,
        }),
        [param],
      )
      .fix({ unavailableSecrets: [param] })
      .done('proven');
  }
  const v = examine(ctx, f, item, 'repository-credentials');
  if (v.problem)
    return f
      .add(
        'repository-credentials',
        'proven',
        TEXTS.t('evidence.registry-credentials-invalid.problem', listArgs('problem', [v.problemText!])),
        [param],
      )
      .fix({ unavailableSecrets: [param] })
      .done('proven');
  if (v.unknown) return f.done('possible');
  if (/unexpected end of JSON|invalid character|unmarshal|username|password/i.test(ctx.text)) {
    return f
      .add(
        'repository-credentials-shape',
        'info',
        TEXTS.t('evidence.registry-credentials-invalid.shape', { secret: param }),
        [param],
      )
      .done('likely');
  }
  return f
    .add(
      'repository-credentials',
      'info',
      TEXTS.t('evidence.registry-credentials-invalid.readable', { secret: param }),
      [param],
    )
    .done('possible');
}

function plan(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  const secret = d.fixInputs.registryCredentialsSecret;
  const steps: PlanStep[] = [];
  if (secret) {
    steps.push(
      manual('update-registry-secret', TEXTS.key('plan.registry-credentials.update-secret'), {
        action: 'secretsmanager:PutSecretValue',
        resource: secret,
        command:
          `aws secretsmanager put-secret-value${rf} --secret-id ${sh(secret)} --secret-string ` +
          `'{"username":"<REGISTRY_USERNAME>","password":"<REGISTRY_PASSWORD_OR_TOKEN>"}'`,
        textArgs: { secret },
      }),
    );
  } else {
    steps.push(
      manual('create-registry-secret', TEXTS.key('plan.registry-credentials.create-secret'), {
        action: 'secretsmanager:CreateSecret',
        command:
          `aws secretsmanager create-secret${rf} --name <SECRET_NAME> --secret-string ` +
          `'{"username":"<REGISTRY_USERNAME>","password":"<REGISTRY_PASSWORD_OR_TOKEN>"}'`,
      }),
      {
        ...newRevisionStep(
          d,
          'set-repository-credentials',
          'add "repositoryCredentials": {"credentialsParameter": "<SECRET_ARN>"} to the container',
        ),
        textKey: TEXTS.key('plan.registry-credentials.set-in-task-definition'),
        document: { repositoryCredentials: { credentialsParameter: '<SECRET_ARN>' } },
      },
    );
  }
  steps.push(
    manual('grant-secret-read', TEXTS.key('plan.registry-credentials.grant-read'), {
      action: 'iam:PutRolePolicy',
      resource: d.resources.executionRoleArn ?? '<EXECUTION_ROLE_ARN>',
      command:
        `aws iam put-role-policy --role-name ${sh(roleName(d))} --policy-name registry-credentials ` +
        `--policy-document file://registry-credentials-policy.json`,
      document: readSecretPolicy([secret ?? '<SECRET_ARN>']),
      textArgs: { roleName: roleName(d) },
    }),
  );
  if (d.fixInputs.dockerHubImage) steps.push(...pullThroughCacheSteps(d, 'or-pull-through-cache'));
  steps.push(redeployStep(d));
  return basePlan(d, steps, { risk: { textKey: 'plan.risk.secret-value' } });
}

export const registryCredentialsInvalid = defineCause({
  id: 'registry-credentials-invalid',
  family: 'registry-auth',
  words: {
    en: {
      title: 'registry credentials invalid',
      explain:
        'The private registry rejected the credentials in the Secrets Manager secret named by ' +
        'repositoryCredentials (wrong user name or password, or an expired token).',
    },
    ja: {
      title: 'レジストリの認証情報が無効',
      explain:
        'repositoryCredentials で指定した Secrets Manager ' +
        'のシークレットの認証情報を、プライベートレジストリが受け付けませんでした(ユーザー名・パスワードの誤り、またはトークンの期限切れ)。',
    },
  },
  calls: { proves: ['simulation', 'secrets'], informs: ['attachedPolicies'] },
  check,
  plan,
  texts: [TEXTS, SECRET_TEXTS, PULL_THROUGH_CACHE_TEXTS],
});
