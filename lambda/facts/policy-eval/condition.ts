/**
 * Condition blocks against a request context: String*, Arn*, Bool, Null, …IfExists, ForAnyValue:/ForAllValues:,
 * policy variables. A condition it cannot evaluate (a key the caller does not know, another operator) is
 * undecided and reported by key.
 */
import { lookup, type RequestContext } from './context';
import { charsRegex, type Ch } from './wildcard';

/** true / false, or undefined: cannot be evaluated. */
type Tri = boolean | undefined;
const and = (xs: Tri[]): Tri => (xs.includes(false) ? false : xs.includes(undefined) ? undefined : true);
const or = (xs: Tri[]): Tri => (xs.includes(true) ? true : xs.includes(undefined) ? undefined : false);
const not = (x: Tri): Tri => (x === undefined ? undefined : !x);

interface BaseOperator {
  family: 'string' | 'arn' | 'bool' | 'null';
  negated: boolean;
  /** * and ? are wildcards (Like operators; ARN operators always). */
  wildcards: boolean;
  ignoreCase: boolean;
}

const str = (negated: boolean, wildcards: boolean, ignoreCase: boolean): BaseOperator => ({
  family: 'string',
  negated,
  wildcards,
  ignoreCase,
});
const arn = (negated: boolean): BaseOperator => ({ family: 'arn', negated, wildcards: true, ignoreCase: false });
/** The operators evaluated here (lower-cased); anything else (Numeric*, Date*, IpAddress, Binary*) cannot be. */
const OPERATORS: Record<string, BaseOperator> = {
  stringequals: str(false, false, false),
  stringnotequals: str(true, false, false),
  stringequalsignorecase: str(false, false, true),
  stringnotequalsignorecase: str(true, false, true),
  stringlike: str(false, true, false),
  stringnotlike: str(true, true, false),
  // ArnEquals and ArnLike behave the same: each of the six ARN components is matched, wildcards allowed.
  arnequals: arn(false),
  arnlike: arn(false),
  arnnotequals: arn(true),
  arnnotlike: arn(true),
  bool: { family: 'bool', negated: false, wildcards: false, ignoreCase: true },
  null: { family: 'null', negated: false, wildcards: false, ignoreCase: true },
};

export interface ConditionEvaluation {
  /** true: every condition holds; false: one does not; undefined: cannot be decided here. */
  result: boolean | undefined;
  /** Keys (as spelled in the policy, or the policy variable's key) that could not be evaluated. */
  unevaluatedKeys: string[];
  /** Every condition key the block names. */
  keys: string[];
}

/**
 * Resolves policy variables (${aws:PrincipalAccount}, ${key, 'default'}, and ${*} ${?} ${$} for the literal
 * characters) from the context. A variable the context does not hold (unknown, absent without a default,
 * or multivalued) cannot be resolved: its key is returned instead.
 */
function resolveVariables(value: string, ctx: RequestContext): { chars: Ch[] } | { missing: string } {
  const chars: Ch[] = [];
  const re = /\$\{([^}]*)\}/g;
  let last = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    for (const c of value.slice(last, m.index)) chars.push({ c, wild: true });
    last = m.index + m[0].length;
    const inner = m[1]!.trim();
    if (inner === '*' || inner === '?' || inner === '$') {
      chars.push({ c: inner, wild: false });
      continue;
    }
    const v = /^([^,\s]+)\s*(?:,\s*'([^']*)')?$/.exec(inner);
    if (!v) return { missing: inner };
    const found = lookup(ctx, v[1]!);
    const text = found?.length === 1 ? found[0] : found?.length === 0 ? v[2] : undefined;
    if (text === undefined) return { missing: v[1]! };
    for (const c of text) chars.push({ c, wild: false });
  }
  for (const c of value.slice(last)) chars.push({ c, wild: true });
  return { chars };
}

/** Splits at the first five colons: the six ARN components (fewer when it is not an ARN). */
function arnComponents<T>(items: T[], isColon: (t: T) => boolean): T[][] {
  const parts: T[][] = [[]];
  for (const t of items) {
    if (isColon(t) && parts.length < 6) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts;
}

/** Does one policy value match one request value? undefined: it names a variable that cannot be resolved. */
function valueMatches(
  op: BaseOperator,
  policyValue: string,
  requestValue: string,
  ctx: RequestContext,
  missing: string[],
): Tri {
  if (op.family === 'bool') return policyValue.toLowerCase() === requestValue.toLowerCase();
  const resolved = resolveVariables(policyValue, ctx);
  if ('missing' in resolved) {
    missing.push(resolved.missing);
    return undefined;
  }
  if (op.family === 'string') return charsRegex(resolved.chars, op.wildcards, op.ignoreCase).test(requestValue);
  const want = arnComponents(resolved.chars, (ch) => ch.c === ':');
  // A value without any colon (e.g. "*") is matched as a whole; otherwise component by component.
  if (want.length === 1) return charsRegex(resolved.chars, true, false).test(requestValue);
  const got = arnComponents([...requestValue], (c) => c === ':');
  if (want.length !== 6 || got.length !== 6) return false;
  return want.every((w, i) => charsRegex(w, true, false).test(got[i]!.join('')));
}

const asValues = (v: unknown): string[] | undefined => {
  const list = Array.isArray(v) ? v : [v];
  return list.every((x) => typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number')
    ? list.map(String)
    : undefined;
};

/** One operator on one key: { result, missing keys }. */
function evaluateOne(
  operator: string,
  key: string,
  raw: unknown,
  ctx: RequestContext,
): { result: Tri; missing: string[] } {
  const cannot = (k = key) => ({ result: undefined, missing: [k] });
  const m = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/i.exec(operator.trim());
  const set = m?.[1]?.toLowerCase();
  const ifExists = m?.[3] !== undefined;
  const op = m ? OPERATORS[m[2]!.toLowerCase()] : undefined;
  const policyValues = asValues(raw);
  if (!op || !policyValues || (op.family === 'null' && ifExists)) return cannot();
  const request = lookup(ctx, key);
  if (request === undefined) return cannot();
  const absent = request.length === 0;
  if (op.family === 'null')
    return {
      result: policyValues.some((v) =>
        v.toLowerCase() === 'true' ? absent : v.toLowerCase() === 'false' ? !absent : false,
      ),
      missing: [],
    };
  if (absent)
    return {
      result: ifExists || set === 'forallvalues' ? true : set === 'foranyvalue' ? false : op.negated,
      missing: [],
    };
  // A single-valued operator on a key with several values is not something this evaluator decides.
  if (!set && request.length > 1) return cannot();
  const missing: string[] = [];
  // Per request value: positive operators match any policy value (OR); negated ones match none of them.
  const perValue = (rv: string): Tri => {
    const any = or(policyValues.map((pv) => valueMatches(op, pv, rv, ctx, missing)));
    return op.negated ? not(any) : any;
  };
  const results = request.map(perValue);
  const result = set === 'forallvalues' ? and(results) : or(results);
  return { result, missing: result === undefined ? [...new Set(missing)] : [] };
}

/**
 * Evaluates a statement's Condition block against a request context (IAM JSON policy reference): operators
 * and keys are ANDed, the values of one key ORed (negated operators: "none of"); condition keys are
 * case-insensitive. A key absent from the request: positive operators false, negated ones true, …IfExists
 * true, Null true; ForAllValues true, ForAnyValue false. A key the context does not hold, an operator not
 * listed in OPERATORS, or a policy variable that cannot be resolved: undecided (unless another condition of
 * the block is false). Pure.
 */
export function evaluateCondition(condition: unknown, ctx: RequestContext = {}): ConditionEvaluation {
  if (condition === undefined || condition === null) return { result: true, unevaluatedKeys: [], keys: [] };
  if (typeof condition !== 'object' || Array.isArray(condition))
    return { result: undefined, unevaluatedKeys: ['Condition'], keys: [] };
  const results: Tri[] = [];
  const missing: string[] = [];
  const keys: string[] = [];
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      results.push(undefined);
      missing.push(operator);
      continue;
    }
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      keys.push(key);
      const r = evaluateOne(operator, key, raw, ctx);
      results.push(r.result);
      if (r.result === undefined) missing.push(...r.missing);
    }
  }
  const result = and(results);
  return { result, unevaluatedKeys: result === undefined ? uniqueKeys(missing) : [], keys: uniqueKeys(keys) };
}

/** Keys once each (IAM keys are case-insensitive: the first spelling wins). */
export function uniqueKeys(keys: string[]): string[] {
  const seen = new Map<string, string>();
  for (const k of keys) if (!seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), k);
  return [...seen.values()];
}
