/**
 * An ECR lifecycle policy's text → its rules, as far as they say which images they archive or expire (pure). The
 * shape is ECR's (lifecycle_policy_parameters): rulePriority, description, selection { tagStatus, tagPrefixList,
 * tagPatternList, storageClass, countType, countUnit, countNumber }, action { type, targetStorageClass }. A rule of
 * another shape is left out, never guessed; text that is not JSON gives no rule.
 */
import type { LifecyclePolicyFacts, LifecycleRule } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

function ruleOf(r: unknown): LifecycleRule | undefined {
  if (!isObject(r) || !isObject(r.selection) || !isObject(r.action)) return undefined;
  const s = r.selection;
  const type = r.action.type;
  const tagStatus = s.tagStatus;
  if (typeof r.rulePriority !== 'number' || (type !== 'expire' && type !== 'transition')) return undefined;
  if (tagStatus !== 'tagged' && tagStatus !== 'untagged' && tagStatus !== 'any') return undefined;
  if (typeof s.countType !== 'string' || typeof s.countNumber !== 'number') return undefined;
  const rule: LifecycleRule = {
    priority: r.rulePriority,
    action: type,
    storageClass: s.storageClass === 'archive' ? 'archive' : 'standard',
    tagStatus,
    countType: s.countType,
    countNumber: s.countNumber,
  };
  if (typeof r.description === 'string' && r.description) rule.description = r.description.slice(0, 200);
  const prefixes = strings(s.tagPrefixList);
  if (prefixes?.length) rule.tagPrefixList = prefixes.slice(0, 100);
  const patterns = strings(s.tagPatternList);
  if (patterns?.length) rule.tagPatternList = patterns.slice(0, 100);
  if (typeof s.countUnit === 'string') rule.countUnit = s.countUnit;
  return rule;
}

export function parseLifecyclePolicy(text: string | undefined): LifecyclePolicyFacts {
  let json: unknown;
  try {
    json = JSON.parse(text ?? '{}');
  } catch {
    return { rules: 0, parsed: [] };
  }
  const rules = isObject(json) && Array.isArray(json.rules) ? json.rules : [];
  const parsed = rules.map(ruleOf).filter((r): r is LifecycleRule => !!r);
  return { rules: rules.length, parsed: parsed.sort((a, b) => a.priority - b.priority) };
}
