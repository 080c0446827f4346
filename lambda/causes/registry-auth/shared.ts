/**
 * Helpers the registry-auth causes share: the role's evaluated permission on a resource, examine() (does a
 * secret or parameter exist, is it being deleted, may the execution role read it), the read policy of the
 * fixes, and the Docker Hub pull-through cache steps (also used by dockerhub-rate-limit).
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { readActionFor, resourceArnFor } from '../../domain/secret-ref';
import type { PermissionCheck, SecretMetadata } from '../../facts/types';
import {
  executionRoleNameForText,
  manual,
  newRevisionStep,
  parseImage,
  regionFlag,
} from '../../remediate/plans/shared';
import type { PlanStep } from '../../remediate/types';
import type { CheckContext, EvidenceText, Finding } from '../context';
import { PULL_THROUGH_CACHE_TEXTS, SECRET_TEXTS } from './texts';

export const roleName = executionRoleNameForText;

export function permission(ctx: CheckContext, action: string, resource: string): PermissionCheck | undefined {
  if (!ctx.facts.iam?.ok) return undefined;
  return ctx.facts.iam.value.checks.find((c) => c.action === action && c.resource === resource);
}

export interface ItemVerdict {
  item: SecretMetadata;
  problem?: string;
  /** The problem as a catalogue part. */
  problemText?: EvidenceText;
  unknown?: string;
}

export function examine(ctx: CheckContext, f: Finding, item: SecretMetadata, checkId: string): ItemVerdict {
  if (!item.exists.ok) {
    f.unknown(
      checkId,
      item.exists,
      SECRET_TEXTS.t(item.kind === 'ssm' ? 'evidence.part.what.parameter' : 'evidence.part.what.secret', {
        id: item.id,
      }),
    );
    return { item, unknown: item.exists.reason };
  }
  if (!item.exists.value)
    return {
      item,
      problem: `${item.id} does not exist in ${item.region}`,
      problemText: SECRET_TEXTS.t('evidence.part.secret.missing', { id: item.id, region: item.region }),
    };
  if (item.deletedDate)
    return {
      item,
      problem: `${item.id} is scheduled for deletion (${item.deletedDate})`,
      problemText: SECRET_TEXTS.t('evidence.part.secret.deleting', { id: item.id, date: item.deletedDate }),
    };
  const res = resourceArnFor(item, ctx.account);
  const p = permission(ctx, readActionFor(item), res);
  if (p && p.decision !== 'allowed') {
    return {
      item,
      problem: `the execution role is not allowed ${p.action} on ${res} (${p.decision})`,
      problemText: SECRET_TEXTS.t('evidence.part.secret.not-allowed', {
        action: p.action,
        resource: res,
        decision: p.decision,
      }),
    };
  }
  if (!p) return { item, unknown: `${readActionFor(item)} on ${res} was not evaluated` };
  return { item };
}

export function readSecretPolicy(resources: string[], kmsKeyArns: string[] = []): unknown {
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
export function pullThroughCacheSteps(d: Diagnosis, id: string): PlanStep[] {
  const rf = regionFlag(d);
  const ref = parseImage(d.resources.image);
  const repo = ref?.repository ?? '<IMAGE_REPOSITORY>';
  const dockerHubRepo = repo.includes('/') ? repo : `library/${repo}`;
  const account = d.resources.account || '<ACCOUNT_ID>';
  const region = d.resources.region || '<REGION>';
  const newImage = `${account}.dkr.ecr.${region}.amazonaws.com/docker-hub/${dockerHubRepo}:${ref?.tag ?? 'latest'}`;
  return [
    manual(`${id}-secret`, PULL_THROUGH_CACHE_TEXTS.key('plan.dockerhub.cache-secret'), {
      action: 'secretsmanager:CreateSecret',
      command:
        `aws secretsmanager create-secret${rf} --name ecr-pullthroughcache/docker-hub ` +
        `--secret-string ` +
        `'{"username":"<DOCKER_HUB_USERNAME>","accessToken":"<DOCKER_HUB_ACCESS_TOKEN>"}'`,
    }),
    manual(`${id}-rule`, PULL_THROUGH_CACHE_TEXTS.key('plan.dockerhub.cache-rule'), {
      action: 'ecr:CreatePullThroughCacheRule',
      command:
        `aws ecr create-pull-through-cache-rule${rf} --ecr-repository-prefix docker-hub ` +
        `--upstream-registry-url registry-1.docker.io --credential-arn ` +
        `<SECRET_ARN_FROM_PREVIOUS_COMMAND>`,
    }),
    {
      ...newRevisionStep(d, `${id}-use-cached-image`, `set "image": "${newImage}"`),
      textKey: PULL_THROUGH_CACHE_TEXTS.key('plan.dockerhub.use-cached-image'),
      textArgs: { image: newImage, family: d.resources.family ?? '<TASK_DEFINITION_FAMILY>' },
    },
  ];
}
