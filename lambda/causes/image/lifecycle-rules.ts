/**
 * Which rules of a repository's lifecycle policy select an image by its tags (pure), as ECR evaluates them: `any`
 * selects every image, `tagged` an image with a tag that starts with one of tagPrefixList or matches one of
 * tagPatternList (`*` any characters), `untagged` only images without tags. What the tool says of a rule, as a part.
 */
import type { LifecycleRule } from '../../facts/types';
import type { EvidenceText } from '../context';
import { IMAGE_TEXTS } from './texts';

const wildcard = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

export function selects(rule: LifecycleRule, tags: readonly string[]): boolean {
  if (rule.tagStatus === 'any') return true;
  if (rule.tagStatus === 'untagged') return tags.length === 0;
  return tags.some(
    (t) =>
      (rule.tagPrefixList ?? []).some((p) => t.startsWith(p)) ||
      (rule.tagPatternList ?? []).some((p) => wildcard(p).test(t)),
  );
}

/** The rules that would move images with these tags to the archive (transition) or delete them (expire). */
export function rulesFor(
  rules: readonly LifecycleRule[],
  tags: readonly string[],
  action: LifecycleRule['action'],
): LifecycleRule[] {
  return rules.filter((r) => r.action === action && selects(r, tags));
}

/** "rule 2 ("archive after 90 days unpulled"): sinceImagePulled 90 days" as a catalogue part. */
export function rulePart(rule: LifecycleRule): EvidenceText {
  const count = [rule.countType, String(rule.countNumber), rule.countUnit ?? ''].filter(Boolean).join(' ');
  return rule.description
    ? IMAGE_TEXTS.t('evidence.part.lifecycle-rule.described', {
        priority: rule.priority,
        description: rule.description,
        count,
      })
    : IMAGE_TEXTS.t('evidence.part.lifecycle-rule', { priority: rule.priority, count });
}
