/**
 * Issue 20: the lifecycle policy as ECR documents it (lifecycle_policy_parameters, lifecycle_policy_examples), parsed
 * into rules, and which rules select an image by its tags.
 */
import { rulesFor, selects } from '../../../lambda/causes/image/lifecycle-rules';
import { parseLifecyclePolicy } from '../../../lambda/facts/lifecycle-policy';

const POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 2,
      description: 'archive prod images not pulled for 90 days',
      selection: {
        tagStatus: 'tagged',
        tagPatternList: ['prod-*-release'],
        countType: 'sinceImagePulled',
        countUnit: 'days',
        countNumber: 90,
      },
      action: { type: 'transition', targetStorageClass: 'archive' },
    },
    {
      rulePriority: 1,
      selection: { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'imageCountMoreThan', countNumber: 50 },
      action: { type: 'expire' },
    },
    {
      rulePriority: 3,
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 },
      action: { type: 'expire' },
    },
    {
      rulePriority: 4,
      selection: { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countNumber: 180 },
      action: { type: 'expire' },
    },
    { rulePriority: 5, selection: { tagStatus: 'tagged' }, action: { type: 'rotate' } },
    'not a rule',
  ],
});

describe('parseLifecyclePolicy', () => {
  it('reads the documented rule shape, by priority, leaving out what it cannot read', () => {
    const p = parseLifecyclePolicy(POLICY);
    expect(p.rules).toBe(6);
    expect(p.parsed.map((r) => [r.priority, r.action, r.storageClass, r.tagStatus])).toEqual([
      [1, 'expire', 'standard', 'tagged'],
      [2, 'transition', 'standard', 'tagged'],
      [3, 'expire', 'standard', 'untagged'],
      [4, 'expire', 'archive', 'any'],
    ]);
    expect(p.parsed[1]).toMatchObject({ description: 'archive prod images not pulled for 90 days', countUnit: 'days' });
  });

  it('gives no rule for text that is not a policy', () => {
    expect(parseLifecyclePolicy('{"rules": 3')).toEqual({ rules: 0, parsed: [] });
    expect(parseLifecyclePolicy(undefined)).toEqual({ rules: 0, parsed: [] });
    expect(parseLifecyclePolicy('[]')).toEqual({ rules: 0, parsed: [] });
  });
});

describe('which rules select an image', () => {
  const rules = parseLifecyclePolicy(POLICY).parsed;

  it('matches prefixes, wildcard patterns (only * is special), untagged and any', () => {
    const [prefix, pattern, untagged, any] = rules;
    expect(selects(prefix!, ['v1.2'])).toBe(true);
    expect(selects(prefix!, ['release-v1'])).toBe(false);
    expect(selects(pattern!, ['prod-2026.11-release'])).toBe(true);
    expect(selects(pattern!, ['prod-x-releaseZ'])).toBe(false);
    expect(selects({ ...pattern!, tagPatternList: ['a.b*'] }, ['aXb1'])).toBe(false);
    expect(selects(untagged!, [])).toBe(true);
    expect(selects(untagged!, ['v1'])).toBe(false);
    expect(selects(any!, ['anything'])).toBe(true);
  });

  it('names the transition rule that archives an image, and the expire rules that delete it', () => {
    expect(rulesFor(rules, ['prod-7-release'], 'transition').map((r) => r.priority)).toEqual([2]);
    expect(rulesFor(rules, ['v3'], 'transition')).toEqual([]);
    expect(rulesFor(rules, ['v3'], 'expire').map((r) => r.priority)).toEqual([1, 4]);
  });
});
