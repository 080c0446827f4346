/**
 * Pure IAM policy-document evaluator for the fallback when iam:SimulatePrincipalPolicy is unavailable.
 * Handles: URL-encoded documents (IAM returns them RFC 3986-encoded) and already-decoded ones;
 * Statement/Action/Resource as a single value or an array; NotAction/NotResource; wildcards (* and ?);
 * explicit Deny beats Allow. Conditions are evaluated against the request context the caller knows
 * (String*, Arn*, Bool, Null, …IfExists, ForAnyValue:/ForAllValues:); a condition it cannot evaluate (a key
 * the caller does not know, another operator) leaves its statement undecided and is reported by key.
 * It cannot see SCPs or session policies: "allowed" from documents is only likely.
 */

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: Record<string, unknown>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

/** Parses a policy document that may be URL-encoded, a JSON string, or an object. Never throws. */
export function parsePolicyDocument(doc: unknown): PolicyDocument | undefined {
  let value: unknown = doc;
  if (typeof value === 'string') {
    const text = value.trim();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      try {
        parsed = JSON.parse(decodeURIComponent(text));
      } catch {
        return undefined;
      }
    }
    value = parsed;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const st = (value as { Statement?: unknown }).Statement;
  const list = Array.isArray(st) ? st : st && typeof st === 'object' ? [st] : [];
  const out: PolicyDocument = {
    Statement: list.filter((s): s is PolicyStatement => typeof s === 'object' && s !== null),
  };
  const v = (value as { Version?: unknown }).Version;
  if (typeof v === 'string') out.Version = v;
  return out;
}

const asList = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

/** IAM wildcard match (* any run, ? one char); actions case-insensitive, resources case-sensitive. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  return charsRegex(
    [...pattern].map((c) => ({ c, wild: true })),
    true,
    caseInsensitive,
  ).test(value);
}

function matchesAction(s: PolicyStatement, action: string): boolean {
  const a = asList(s.Action);
  if (a) return a.some((p) => wildcardMatch(p, action, true));
  const na = asList(s.NotAction);
  if (na) return !na.some((p) => wildcardMatch(p, action, true));
  return false;
}

function matchesResource(s: PolicyStatement, resource: string): boolean {
  const r = asList(s.Resource);
  // "*" as the resource asked for (GetAuthorizationToken) only matches a "*" pattern.
  if (r) return r.some((p) => (resource === '*' ? p === '*' : wildcardMatch(p, resource)));
  const nr = asList(s.NotResource);
  if (nr) return !nr.some((p) => (resource === '*' ? p === '*' : wildcardMatch(p, resource)));
  // Resource-based policies (repository/endpoint) may omit Resource: the statement applies to the resource.
  return true;
}

export type DocDecision = 'allowed' | 'explicitDeny' | 'implicitDeny' | 'conditional';

export interface DocEvaluation {
  /**
   * `conditional`: undecided. A statement whose Condition could not be evaluated (see unevaluatedKeys)
   * could deny (`undecided: 'deny'`: cannot be proven allowed, may be denied) or is the only grant
   * (`undecided: 'allow'`: allowed only if its condition holds).
   */
  decision: DocDecision;
  /** Sids (or doc<i>#<j>) of the deciding statements. */
  statements: string[];
  /** Condition keys of the deciding statements that could not be evaluated (empty unless `conditional`). */
  unevaluatedKeys: string[];
  /** Condition keys of the deciding statements that were evaluated and held (e.g. why a Deny applies). */
  conditionKeys: string[];
  /** With `conditional`: whether an undecided Deny or an undecided Allow left the decision open. */
  undecided?: 'deny' | 'allow';
}

/**
 * One value of the request context. A key present with `undefined` (or an empty list) is known to be
 * absent from the request (e.g. aws:SourceVpce for a pull over the internet); a key that is not a property
 * of the context at all is unknown to the caller: conditions on it cannot be evaluated.
 */
export type ContextValue = string | string[] | boolean | undefined;
export type RequestContext = Readonly<Record<string, ContextValue>>;

export interface EvalOptions {
  /** For resource-based policies: does a statement's Principal include the caller? Omit for identity policies. */
  principalMatches?: (principal: unknown, notPrincipal: unknown) => boolean;
  /** The request context conditions are evaluated against. Omitted: no condition can be evaluated. */
  context?: RequestContext;
}

/**
 * The request context from the values the tool can know. For each: a string is the value; `null` means
 * "known to be absent from this request"; `undefined`, omitted or '' means "not known": conditions on that
 * key cannot be evaluated.
 */
export function requestContext(v: {
  principalArn?: string | null | undefined;
  principalAccount?: string | null | undefined;
  principalOrgId?: string | null | undefined;
  sourceVpc?: string | null | undefined;
  sourceVpce?: string | null | undefined;
}): RequestContext {
  const out: Record<string, ContextValue> = {};
  const put = (key: string, value: string | null | undefined) => {
    if (value !== undefined && value !== '') out[key] = value ?? undefined;
  };
  put('aws:PrincipalArn', v.principalArn);
  put('aws:PrincipalAccount', v.principalAccount);
  put('aws:PrincipalOrgID', v.principalOrgId);
  put('aws:SourceVpc', v.sourceVpc);
  put('aws:SourceVpce', v.sourceVpce);
  return out;
}

// ---------- conditions ----------

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

/** Case-insensitive lookup: undefined when the caller does not know the key, else its values ([] = absent). */
function lookup(ctx: RequestContext, key: string): string[] | undefined {
  const lower = key.toLowerCase();
  const k = Object.keys(ctx).find((x) => x.toLowerCase() === lower);
  if (k === undefined) return undefined;
  const v = ctx[k];
  if (v === undefined) return [];
  if (typeof v === 'boolean') return [String(v)];
  return (Array.isArray(v) ? v : [v]).filter((x) => typeof x === 'string' && x !== '');
}

/** One character of a resolved policy value; `wild`: * and ? in it are wildcards (policy text, not a substitution). */
type Ch = { c: string; wild: boolean };

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

function charsRegex(chars: Ch[], wildcards: boolean, ignoreCase: boolean): RegExp {
  const src = chars
    .map(({ c, wild }) =>
      wildcards && wild && c === '*'
        ? '.*'
        : wildcards && wild && c === '?'
          ? '.'
          : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${src}$`, ignoreCase ? 'is' : 's');
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
function uniqueKeys(keys: string[]): string[] {
  const seen = new Map<string, string>();
  for (const k of keys) if (!seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), k);
  return [...seen.values()];
}

/**
 * Evaluates one action on one resource against a set of documents. A statement applies when its action,
 * resource and principal match and its Condition holds in `opts.context`; a Condition that cannot be
 * evaluated leaves it undecided. Decision: an applying Deny → explicitDeny; else an undecided Deny →
 * conditional (cannot be proven allowed; may be denied); else an applying Allow → allowed; else an
 * undecided Allow → conditional; else implicitDeny.
 */
export function evaluatePolicies(
  docs: readonly PolicyDocument[],
  action: string,
  resource: string,
  opts: EvalOptions = {},
): DocEvaluation {
  const ctx = opts.context ?? {};
  type Hit = { id: string; keys: string[] };
  const hits = { allow: [] as Hit[], deny: [] as Hit[], undecidedAllow: [] as Hit[], undecidedDeny: [] as Hit[] };
  for (const [di, doc] of docs.entries()) {
    for (const [si, s] of doc.Statement.entries()) {
      if (!matchesAction(s, action) || !matchesResource(s, resource)) continue;
      if (opts.principalMatches && !opts.principalMatches(s.Principal, s.NotPrincipal)) continue;
      const effect = (s.Effect ?? '').toLowerCase();
      if (effect !== 'deny' && effect !== 'allow') continue;
      const c = evaluateCondition(s.Condition, ctx);
      if (c.result === false) continue;
      const id = s.Sid ?? `doc${di}#${si}`;
      if (c.result === true) hits[effect].push({ id, keys: c.keys });
      else hits[effect === 'deny' ? 'undecidedDeny' : 'undecidedAllow'].push({ id, keys: c.unevaluatedKeys });
    }
  }
  const decided = (decision: DocDecision, list: Hit[]): DocEvaluation => ({
    decision,
    statements: list.map((h) => h.id),
    unevaluatedKeys: [],
    conditionKeys: uniqueKeys(list.flatMap((h) => h.keys)),
  });
  const undecided = (kind: 'deny' | 'allow', list: Hit[]): DocEvaluation => ({
    decision: 'conditional',
    statements: list.map((h) => h.id),
    unevaluatedKeys: uniqueKeys(list.flatMap((h) => h.keys)),
    conditionKeys: [],
    undecided: kind,
  });
  if (hits.deny.length) return decided('explicitDeny', hits.deny);
  if (hits.undecidedDeny.length) return undecided('deny', hits.undecidedDeny);
  if (hits.allow.length) return decided('allowed', hits.allow);
  if (hits.undecidedAllow.length) return undecided('allow', hits.undecidedAllow);
  return decided('implicitDeny', []);
}

/**
 * Principal matcher for resource policies: "*", {"AWS": "*"}, the account id / root ARN, or the role ARN.
 */
export function principalMatcher(
  roleArn: string | undefined,
  accountId: string | undefined,
): (p: unknown, np: unknown) => boolean {
  const names = (p: unknown): string[] => {
    if (p === '*') return ['*'];
    if (typeof p === 'object' && p !== null) {
      const aws = (p as Record<string, unknown>).AWS;
      if (typeof aws === 'string') return [aws];
      if (Array.isArray(aws)) return aws.filter((x): x is string => typeof x === 'string');
    }
    return [];
  };
  const hit = (n: string) =>
    n === '*' ||
    (accountId !== undefined &&
      (n === accountId ||
        n === `arn:aws:iam::${accountId}:root` ||
        /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(n)?.[1] === accountId)) ||
    (roleArn !== undefined && wildcardMatch(n, roleArn));
  return (p, np) => {
    if (np !== undefined) return !names(np).some(hit);
    return names(p).some(hit);
  };
}

/** Well-known AWS managed policies (content stable, public) so the fallback needs no call to read them. */
export const KNOWN_MANAGED_POLICIES: Record<string, PolicyDocument> = {
  'service-role/AmazonECSTaskExecutionRolePolicy': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
  AmazonEC2ContainerRegistryReadOnly: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:GetRepositoryPolicy',
          'ecr:DescribeRepositories',
          'ecr:ListImages',
          'ecr:DescribeImages',
          'ecr:BatchGetImage',
          'ecr:GetLifecyclePolicy',
          'ecr:GetLifecyclePolicyPreview',
          'ecr:ListTagsForResource',
          'ecr:DescribeImageScanFindings',
        ],
        Resource: '*',
      },
    ],
  },
  AmazonEC2ContainerRegistryPullOnly: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'ecr:BatchImportUpstreamImage',
        ],
        Resource: '*',
      },
    ],
  },
  AmazonEC2ContainerRegistryPowerUser: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'ecr:DescribeRepositories',
          'ecr:DescribeImages',
          'ecr:ListImages',
          'ecr:InitiateLayerUpload',
          'ecr:UploadLayerPart',
          'ecr:CompleteLayerUpload',
          'ecr:PutImage',
        ],
        Resource: '*',
      },
    ],
  },
  AmazonEC2ContainerRegistryFullAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['ecr:*'], Resource: '*' }],
  },
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** The known document for an AWS managed policy ARN (arn:aws:iam::aws:policy/<path+name>), if listed. */
export function knownManagedPolicy(policyArn: string): PolicyDocument | undefined {
  const m = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/.exec(policyArn);
  return m ? KNOWN_MANAGED_POLICIES[m[1]!] : undefined;
}
