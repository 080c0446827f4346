/** Planners for private-registry credentials, secrets/parameters, KMS and Docker Hub rate limits (proposal only). */
import type { Diagnosis } from '../../domain/diagnosis';
import type { Plan, PlanStep } from '../../remediate/types';
import {
  basePlan,
  eachKnownOr,
  executionRoleNameForText,
  manual,
  newRevisionStep,
  parseImage,
  redeployStep,
  regionFlag,
  sh,
} from '../../remediate/plans/shared';

const roleName = executionRoleNameForText;

function readSecretPolicy(resources: string[], kmsKeyArns: string[] = []): unknown {
  const secrets = resources.filter((r) => !r.includes(':ssm:') && !r.startsWith('/'));
  const params = resources.filter((r) => r.includes(':ssm:') || r.startsWith('/'));
  const statements: unknown[] = [];
  if (secrets.length > 0)
    statements.push({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secrets });
  if (params.length > 0) statements.push({ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: params });
  if (kmsKeyArns.length > 0) statements.push({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: kmsKeyArns });
  return { Version: '2012-10-17', Statement: statements };
}

/** Pull-through cache for Docker Hub: the image is then pulled from ECR in the same Region. */
function pullThroughCacheSteps(d: Diagnosis, id: string): PlanStep[] {
  const rf = regionFlag(d);
  const ref = parseImage(d.resources.image);
  const repo = ref?.repository ?? '<IMAGE_REPOSITORY>';
  const dockerHubRepo = repo.includes('/') ? repo : `library/${repo}`;
  const account = d.resources.account || '<ACCOUNT_ID>';
  const region = d.resources.region || '<REGION>';
  const newImage = `${account}.dkr.ecr.${region}.amazonaws.com/docker-hub/${dockerHubRepo}:${ref?.tag ?? 'latest'}`;
  return [
    manual(`${id}-secret`, 'plan.dockerhub.cache-secret', {
      action: 'secretsmanager:CreateSecret',
      command:
        `aws secretsmanager create-secret${rf} --name ecr-pullthroughcache/docker-hub ` +
        `--secret-string ` +
        `'{"username":"<DOCKER_HUB_USERNAME>","accessToken":"<DOCKER_HUB_ACCESS_TOKEN>"}'`,
    }),
    manual(`${id}-rule`, 'plan.dockerhub.cache-rule', {
      action: 'ecr:CreatePullThroughCacheRule',
      command:
        `aws ecr create-pull-through-cache-rule${rf} --ecr-repository-prefix docker-hub ` +
        `--upstream-registry-url registry-1.docker.io --credential-arn ` +
        `<SECRET_ARN_FROM_PREVIOUS_COMMAND>`,
    }),
    {
      ...newRevisionStep(d, `${id}-use-cached-image`, `set "image": "${newImage}"`),
      textKey: 'plan.dockerhub.use-cached-image',
      textArgs: { image: newImage, family: d.resources.family ?? '<TASK_DEFINITION_FAMILY>' },
    },
  ];
}

export function planRegistryCredentialsInvalid(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  const secret = d.fixInputs.registryCredentialsSecret;
  const steps: PlanStep[] = [];
  if (secret) {
    steps.push(
      manual('update-registry-secret', 'plan.registry-credentials.update-secret', {
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
      manual('create-registry-secret', 'plan.registry-credentials.create-secret', {
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
        textKey: 'plan.registry-credentials.set-in-task-definition',
        document: { repositoryCredentials: { credentialsParameter: '<SECRET_ARN>' } },
      },
    );
  }
  steps.push(
    manual('grant-secret-read', 'plan.registry-credentials.grant-read', {
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

export function planSecretOrParameterUnavailable(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  const missing =
    d.fixInputs.unavailableSecrets ?? d.resources.secretArns ?? d.fixInputs.namedInStopReason?.secrets ?? [];
  const steps: PlanStep[] = [];
  for (const ref of missing.length > 0 ? missing : ['<SECRET_OR_PARAMETER_ARN>']) {
    const isSsm = ref.includes(':ssm:') || ref.startsWith('/');
    steps.push(
      manual(
        missing.length > 0 ? `check-${ref}` : 'check-secret-or-parameter',
        isSsm ? 'plan.secret.check-parameter' : 'plan.secret.check-secret',
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
    manual('grant-read', 'plan.secret.grant-read', {
      action: 'iam:PutRolePolicy',
      resource: d.resources.executionRoleArn ?? '<EXECUTION_ROLE_ARN>',
      command:
        `aws iam put-role-policy --role-name ${sh(roleName(d))} --policy-name task-secrets ` +
        `--policy-document file://task-secrets-policy.json`,
      document: readSecretPolicy(missing.length > 0 ? missing : ['<SECRET_OR_PARAMETER_ARN>']),
      textArgs: { roleName: roleName(d) },
    }),
    manual('network-path', 'plan.secret.network-path', { textArgs: { vpcId: d.resources.vpcId ?? '<VPC_ID>' } }),
    redeployStep(d),
  );
  return basePlan(d, steps);
}

export function planKmsDecryptDenied(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  const keys = d.fixInputs.kmsKeyIds ?? [];
  const principal = d.resources.executionRoleArn ?? '<EXECUTION_ROLE_ARN>';
  const region = d.resources.region || '<REGION>';
  const steps: PlanStep[] = [];
  for (const { id: key, stepId } of eachKnownOr(keys, '<KMS_KEY_ID>')) {
    steps.push(
      manual(stepId('key-policy'), 'plan.kms.key-policy', {
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
    manual('role-kms-decrypt', 'plan.kms.role-policy', {
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

export function planDockerHubRateLimit(d: Diagnosis): Plan {
  const steps: PlanStep[] = [...pullThroughCacheSteps(d, 'pull-through-cache')];
  steps.push(manual('or-authenticated-pulls', 'plan.dockerhub.authenticated-pulls'));
  return basePlan(d, steps, { cost: { textKey: 'plan.cost.ecr-storage' } });
}
