/** Planners for the image causes: repository/tag missing, stale digest, platform, malformed reference. */
import type { Diagnosis } from '../../domain/diagnosis';
import type { Plan, PlanStep } from '../../remediate/types';
import {
  basePlan,
  manual,
  newRevisionStep,
  parseImage,
  redeployStep,
  regionFlag,
  repositoryOf,
  sh,
} from '../../remediate/plans/shared';

const IMMUTABLE = '--image-tag-mutability IMMUTABLE';

function repoArgs(d: Diagnosis): { name: string; flags: string } {
  const repo = repositoryOf(d);
  const region = repo.region ? ` --region ${sh(repo.region)}` : regionFlag(d);
  return {
    name: repo.name ?? '<REPOSITORY_NAME>',
    flags: `${region}${repo.account ? ` --registry-id ${repo.account}` : ''}`,
  };
}

function listRecentImagesStep(d: Diagnosis): PlanStep {
  const { name, flags } = repoArgs(d);
  return manual('list-recent-images', 'plan.image.list-recent', {
    action: 'ecr:DescribeImages',
    resource: d.resources.repositoryArn ?? name,
    command:
      `aws ecr describe-images${flags} --repository-name ${sh(name)} --query ` +
      `'sort_by(imageDetails,&imagePushedAt)[-10:].{pushed:imagePushedAt,tags:imageTags,digest:imageDigest}'`,
    textArgs: { repository: name },
  });
}

function lifecycleSteps(d: Diagnosis): PlanStep[] {
  if (!d.fixInputs.lifecyclePolicyPresent) return [];
  const { name, flags } = repoArgs(d);
  return [
    manual('review-lifecycle-policy', 'plan.image.review-lifecycle', {
      action: 'ecr:GetLifecyclePolicy',
      resource: d.resources.repositoryArn ?? name,
      command:
        `aws ecr get-lifecycle-policy${flags} --repository-name ${sh(name)} --query ` +
        `lifecyclePolicyText --output text`,
      textArgs: { repository: name },
    }),
  ];
}

export function planRepositoryNotFound(d: Diagnosis): Plan {
  const { name, flags } = repoArgs(d);
  const image = d.resources.image ?? '<IMAGE>';
  return basePlan(d, [
    manual('list-repositories', 'plan.repository-not-found.check-name', {
      action: 'ecr:DescribeRepositories',
      command: `aws ecr describe-repositories${flags} --query 'repositories[].repositoryUri'`,
      textArgs: { image, repository: name },
    }),
    manual('create-and-push', 'plan.repository-not-found.create-and-push', {
      action: 'ecr:CreateRepository',
      resource: name,
      command:
        `aws ecr create-repository${flags.replace(/ --registry-id \d+/, '')} --repository-name ` +
        `${sh(name)} --image-tag-mutability IMMUTABLE --image-scanning-configuration ` +
        `scanOnPush=true\n` +
        `docker push ${sh(image)}`,
      textArgs: { repository: name, image },
    }),
    newRevisionStep(d, 'or-fix-image-uri', 'correct the "image" of the container'),
  ]);
}

export function planImageNotFound(d: Diagnosis): Plan {
  const image = d.resources.image ?? '<IMAGE>';
  const ref = parseImage(d.resources.image);
  const tags = d.fixInputs.recentTags ?? [];
  const steps: PlanStep[] = [listRecentImagesStep(d)];
  steps.push(
    manual('push-missing-tag', 'plan.image-not-found.push-tag', {
      action: 'ecr:PutImage',
      command: `docker push ${sh(image)}`,
      textArgs: { image, tag: ref?.tag ?? ref?.digest ?? 'latest' },
    }),
  );
  steps.push(
    tags.length > 0
      ? {
          ...newRevisionStep(d, 'or-use-existing-tag', `set the image tag to one that exists, e.g. ${tags[0]}`),
          textKey: 'plan.image-not-found.use-existing-tag',
          textArgs: { tags: tags.slice(0, 5).join(', '), family: d.resources.family ?? '<TASK_DEFINITION_FAMILY>' },
        }
      : newRevisionStep(d, 'or-fix-image-uri', 'correct the "image" of the container'),
  );
  steps.push(...lifecycleSteps(d));
  return basePlan(d, steps);
}

export function planStaleImageDigest(d: Diagnosis): Plan {
  const { name, flags } = repoArgs(d);
  const steps: PlanStep[] = [];
  steps.push({
    ...redeployStep(d, 'redeploy-to-resolve-tag'),
    textKey: d.resources.service ? 'plan.stale-image-digest.redeploy' : 'plan.common.rerun-task',
  });
  steps.push(
    manual('immutable-tags', 'plan.stale-image-digest.immutable-tags', {
      action: 'ecr:PutImageTagMutability',
      resource: d.resources.repositoryArn ?? name,
      command: [`aws ecr put-image-tag-mutability${flags}`, `--repository-name ${sh(name)}`, IMMUTABLE].join(' '),
      textArgs: { repository: name },
    }),
  );
  steps.push(...lifecycleSteps(d));
  steps.push(
    manual('lifecycle-keep-deployed', 'plan.stale-image-digest.lifecycle-advice', { textArgs: { repository: name } }),
  );
  return basePlan(d, steps, { risk: { textKey: 'plan.risk.immutable-tags' } });
}

export function planPlatformMismatch(d: Diagnosis): Plan {
  const image = d.resources.image ?? '<IMAGE>';
  const offered = d.fixInputs.imagePlatforms ?? [];
  const needed = d.fixInputs.taskPlatform ?? '<TASK_PLATFORM>';
  const arch = offered.map((p) => p.split('/')[1]).find((a) => a === 'amd64' || a === 'arm64');
  const cpu = arch === 'arm64' ? 'ARM64' : arch === 'amd64' ? 'X86_64' : '<X86_64_OR_ARM64>';
  return basePlan(d, [
    manual('build-multi-arch', 'plan.platform-mismatch.multi-arch-build', {
      action: 'manual',
      command: `docker buildx build --platform linux/amd64,linux/arm64 -t ${sh(image)} --push .`,
      textArgs: { image, needed, offered: offered.join(', ') || '?' },
    }),
    {
      ...newRevisionStep(
        d,
        'or-set-runtime-platform',
        `set "runtimePlatform": {"cpuArchitecture": "${cpu}", "operatingSystemFamily": "LINUX"}`,
      ),
      textKey: 'plan.platform-mismatch.runtime-platform',
      textArgs: { cpu, family: d.resources.family ?? '<TASK_DEFINITION_FAMILY>' },
      document: { runtimePlatform: { cpuArchitecture: cpu, operatingSystemFamily: 'LINUX' } },
    },
  ]);
}

export function planInvalidImageReference(d: Diagnosis): Plan {
  const image = d.resources.image ?? '<IMAGE>';
  return basePlan(d, [
    {
      ...newRevisionStep(d, 'fix-image-reference', 'write the image as [registry/]repository[:tag|@sha256:digest]'),
      textKey: 'plan.invalid-image-reference.fix',
      textArgs: { image, family: d.resources.family ?? '<TASK_DEFINITION_FAMILY>' },
    },
  ]);
}
