/**
 * Sentences the registry-auth causes share: the secret and parameter parts of examine() (shared.ts), and the
 * Docker Hub pull-through cache steps, also used by the rate-limit family.
 */
import { texts } from '../module';

/** The parts every secret or parameter check says: what was looked up, and what is wrong with it. */
export const SECRET_TEXTS = texts(
  {
    'evidence.part.what.parameter': 'Parameter {id}',
    'evidence.part.what.secret': 'Secret {id}',
    'evidence.part.secret.missing': '{id} does not exist in {region}',
    'evidence.part.secret.deleting': '{id} is scheduled for deletion ({date})',
    'evidence.part.secret.not-allowed': 'the execution role is not allowed {action} on {resource} ({decision})',
  },
  {
    'evidence.part.what.parameter': 'パラメータ {id}',
    'evidence.part.what.secret': 'シークレット {id}',
    'evidence.part.secret.missing': '{id} は {region} に存在しません',
    'evidence.part.secret.deleting': '{id} は削除が予定されています（{date}）',
    'evidence.part.secret.not-allowed':
      'タスク実行ロールには {resource} に対する {action} が許可されていません（{decision}）',
  },
);

/** The pull-through cache steps (registry-credentials-invalid for Docker Hub images, dockerhub-rate-limit). */
export const PULL_THROUGH_CACHE_TEXTS = texts(
  {
    'plan.dockerhub.cache-secret':
      'Pull Docker Hub images through ECR instead (pull-through cache): store your Docker Hub ' +
      'user and access token in a secret whose name starts with ecr-pullthroughcache/.',
    'plan.dockerhub.cache-rule': "Create the pull-through cache rule for Docker Hub with that secret's ARN.",
    'plan.dockerhub.use-cached-image': 'Use the cached image {image} in task definition {family}.',
  },
  {
    'plan.dockerhub.cache-secret':
      '代わりに Docker Hub のイメージを ECR 経由で取得します（プルスルーキャッシュ）。Docker Hub のユーザー名とアクセストークンを、名前が ' +
      'ecr-pullthroughcache/ で始まるシークレットに保存してください。',
    'plan.dockerhub.cache-rule':
      'そのシークレットの ARN を指定して Docker Hub 用のプルスルーキャッシュルールを作成してください。',
    'plan.dockerhub.use-cached-image': 'タスク定義 {family} でキャッシュされたイメージ {image} を使ってください。',
  },
);
