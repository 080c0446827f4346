/**
 * Sentences the image causes share: the image-reference parse errors (also said by diagnose.ts), the ECR
 * lookups' "what", the repository's tags and lifecycle policy, and the plan steps that list or review them.
 */
import { texts } from '../module';

export const IMAGE_TEXTS = texts(
  {
    'evidence.part.what.ecr-image': 'The image {image} in ECR',
    'evidence.part.what.repository-tags': 'The tags of repository {repository}',
    'evidence.part.what.lifecycle-policy': 'The lifecycle policy of repository {repository}',
    'evidence.part.lifecycle-rule': 'rule {priority} ({count})',
    'evidence.part.lifecycle-rule.described': 'rule {priority} "{description}" ({count})',
    'evidence.part.image-ref.none': 'no image reference',
    'evidence.part.image-ref.empty': 'image reference is empty',
    'evidence.part.image-ref.too-long': 'image reference is longer than 1024 characters',
    'evidence.part.image-ref.whitespace': 'image reference contains whitespace',
    'evidence.part.image-ref.url-scheme': 'image reference must not contain a URL scheme',
    'evidence.part.image-ref.no-repository': 'image reference has no repository name',
    'evidence.part.image-ref.repository-too-long': 'repository name is longer than 255 characters',
    'evidence.part.image-ref.invalid-digest': 'invalid digest "{value}"',
    'evidence.part.image-ref.invalid-tag': 'invalid tag "{value}"',
    'evidence.part.image-ref.invalid-host': 'invalid registry host "{value}"',
    'evidence.part.image-ref.uppercase': 'repository name "{value}" must be lowercase',
    'evidence.part.image-ref.invalid-component': 'invalid repository name component "{value}"',
    'evidence.image.no-reference': 'No parsable image reference.',
    'evidence.image.recent-tags': 'Most recent tags in the repository: {tags}.',
    'evidence.image.no-tags': 'The repository has no tagged images.',
    'evidence.image.lifecycle-policy':
      'The repository has a lifecycle policy ({rules} rule(s)) that could have expired the image.',
    'evidence.image.no-lifecycle-policy': 'The repository has no lifecycle policy.',
    'evidence.invalid-image-reference.unparsable': 'The image "{image}" cannot be parsed: {reason}.',
    'plan.image.list-recent': 'List the most recent images in repository {repository} to see which tags exist.',
    'plan.image.review-lifecycle':
      'Repository {repository} has a lifecycle policy that may have expired the image: review its rules.',
  },
  {
    'evidence.part.what.ecr-image': 'ECR 上のイメージ {image}',
    'evidence.part.what.repository-tags': 'リポジトリ {repository} のタグ',
    'evidence.part.what.lifecycle-policy': 'リポジトリ {repository} のライフサイクルポリシー',
    'evidence.part.lifecycle-rule': 'ルール {priority}（{count}）',
    'evidence.part.lifecycle-rule.described': 'ルール {priority}「{description}」（{count}）',
    'evidence.part.image-ref.none': 'イメージ参照がありません',
    'evidence.part.image-ref.empty': 'イメージ参照が空です',
    'evidence.part.image-ref.too-long': 'イメージ参照が 1024 文字を超えています',
    'evidence.part.image-ref.whitespace': 'イメージ参照に空白が含まれています',
    'evidence.part.image-ref.url-scheme': 'イメージ参照に URL スキームを含めることはできません',
    'evidence.part.image-ref.no-repository': 'イメージ参照にリポジトリ名がありません',
    'evidence.part.image-ref.repository-too-long': 'リポジトリ名が 255 文字を超えています',
    'evidence.part.image-ref.invalid-digest': 'ダイジェスト "{value}" が不正です',
    'evidence.part.image-ref.invalid-tag': 'タグ "{value}" が不正です',
    'evidence.part.image-ref.invalid-host': 'レジストリホスト "{value}" が不正です',
    'evidence.part.image-ref.uppercase': 'リポジトリ名 "{value}" は小文字でなければなりません',
    'evidence.part.image-ref.invalid-component': 'リポジトリ名の要素 "{value}" が不正です',
    'evidence.image.no-reference': '解析できるイメージ参照がありません。',
    'evidence.image.recent-tags': 'リポジトリの最近のタグ: {tags}。',
    'evidence.image.no-tags': 'リポジトリにタグ付きのイメージはありません。',
    'evidence.image.lifecycle-policy':
      'リポジトリにはイメージを期限切れにした可能性のあるライフサイクルポリシー（ルール {rules} 件）があります。',
    'evidence.image.no-lifecycle-policy': 'リポジトリにライフサイクルポリシーはありません。',
    'evidence.invalid-image-reference.unparsable': 'イメージ "{image}" を解析できません: {reason}。',
    'plan.image.list-recent':
      'リポジトリ {repository} の最近のイメージを一覧し、どのタグが存在するか確認してください。',
    'plan.image.review-lifecycle':
      'リポジトリ {repository} にはライフサイクルポリシーがあり、イメージが期限切れで削除された可能性があります。ルールを見直してください。',
  },
);
