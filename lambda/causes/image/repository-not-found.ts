/**
 * repository-not-found: the image's repository does not exist. For an ECR image the ECR lookup finding no
 * repository proves it in the task's account (in another account it is only likely); outside ECR the registry
 * is not asked, so a stop reason saying "not found" only makes it possible.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { ecrRepositoryArn } from '../../domain/image-ref';
import { basePlan, manual, newRevisionStep, sh } from '../../remediate/plans/shared';
import type { Plan } from '../../remediate/types';
import { Finding, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { ecrImage, repoArgs } from './shared';
import { IMAGE_TEXTS } from './texts';

const TEXTS = texts(
  {
    'evidence.repository-not-found.not-ecr': '{repository} is not in ECR; its existence cannot be checked from AWS.',
    'evidence.repository-not-found.exists': 'Repository {repository} exists.',
    'evidence.repository-not-found.missing':
      'ECR says repository {repository} does not exist in account {account}, {region}.',
    'evidence.repository-not-found.missing.other-account':
      'ECR says repository {repository} does not exist in account {account}, {region} (another ' +
      'account: ECR may also answer so when its policy hides it).',
    'plan.repository-not-found.check-name':
      'Repository {repository} (image {image}) does not exist in this registry. Check the name ' +
      'and Region against the repositories listed.',
    'plan.repository-not-found.create-and-push':
      'If it should exist, create repository {repository} and push image {image}.',
  },
  {
    'evidence.repository-not-found.not-ecr':
      '{repository} は ECR にないため、存在するかどうかを AWS から確認できません。',
    'evidence.repository-not-found.exists': 'リポジトリ {repository} は存在します。',
    'evidence.repository-not-found.missing':
      'ECR によると、リポジトリ {repository} はアカウント {account}、{region} に存在しません。',
    'evidence.repository-not-found.missing.other-account':
      'ECR によると、リポジトリ {repository} はアカウント {account}、{region} に存在しません（別アカウントのため、ポリシーで隠されている場合も ECR は同じ応答をします）。',
    'plan.repository-not-found.check-name':
      'リポジトリ {repository}（イメージ {image}）はこのレジストリに存在しません。一覧のリポジトリと名前・リージョンを照合してください。',
    'plan.repository-not-found.create-and-push':
      '本来存在すべきものであれば、リポジトリ {repository} を作成してイメージ {image} をプッシュしてください。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('repository-not-found');
  const ref = ctx.imageRef;
  if (!ref)
    return f
      .add('image-reference', 'not-applicable', IMAGE_TEXTS.t('evidence.image.no-reference'))
      .done('not-applicable');
  if (ref.registryType !== 'ecr') {
    const says = /repository does not exist|name unknown|not found/i.test(ctx.text);
    return f
      .add(
        'registry-repository',
        'unknown',
        TEXTS.t('evidence.repository-not-found.not-ecr', { repository: `${ref.registry}/${ref.repository}` }),
      )
      .done(says ? 'possible' : 'not-applicable');
  }
  const img = ecrImage(f, ctx);
  const repoArn = ecrRepositoryArn(ref)!;
  if (!img)
    return f.done(ctx.facts.ecr?.image ? (ref.accountId !== ctx.account ? 'possible' : 'unknown') : 'not-applicable');
  if (img.repositoryExists)
    return f
      .add('ecr-repository', 'ruled-out', TEXTS.t('evidence.repository-not-found.exists', { repository: repoArn }), [
        repoArn,
      ])
      .done('ruled-out');
  const same = ref.accountId === ctx.account;
  return f
    .add(
      'ecr-repository',
      same ? 'proven' : 'info',
      TEXTS.t(same ? 'evidence.repository-not-found.missing' : 'evidence.repository-not-found.missing.other-account', {
        repository: ref.repository,
        account: ref.accountId ?? '',
        region: ref.region ?? '',
      }),
      [repoArn],
    )
    .done(same ? 'proven' : 'likely');
}

function plan(d: Diagnosis): Plan {
  const { name, flags } = repoArgs(d);
  const image = d.resources.image ?? '<IMAGE>';
  return basePlan(d, [
    manual('list-repositories', TEXTS.key('plan.repository-not-found.check-name'), {
      action: 'ecr:DescribeRepositories',
      command: `aws ecr describe-repositories${flags} --query 'repositories[].repositoryUri'`,
      textArgs: { image, repository: name },
    }),
    manual('create-and-push', TEXTS.key('plan.repository-not-found.create-and-push'), {
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

export const repositoryNotFound = defineCause({
  id: 'repository-not-found',
  family: 'image',
  words: {
    en: {
      title: 'ECR repository not found',
      explain:
        'The image names an ECR repository that does not exist in that account and Region (deleted, misspelled, ' +
        'or in another Region).',
    },
    ja: {
      title: 'ECR リポジトリが存在しない',
      explain:
        'イメージが指す ECR リポジトリが、そのアカウント・リージョンに存在しません(削除済み、名前の誤り、または別リージョン)。',
    },
  },
  calls: { proves: ['image'], informs: [] },
  check,
  plan,
  texts: [TEXTS, IMAGE_TEXTS],
});
