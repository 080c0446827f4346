/**
 * Pure IAM policy-document evaluator for the fallback when iam:SimulatePrincipalPolicy is unavailable.
 * Handles: URL-encoded documents (IAM returns them RFC 3986-encoded) and already-decoded ones;
 * Statement/Action/Resource as a single value or an array; NotAction/NotResource; wildcards (* and ?);
 * explicit Deny beats Allow. Conditions are evaluated against the request context the caller knows
 * (String*, Arn*, Bool, Null, …IfExists, ForAnyValue:/ForAllValues:); a condition it cannot evaluate (a key
 * the caller does not know, another operator) leaves its statement undecided and is reported by key.
 * It cannot see SCPs or session policies: "allowed" from documents is only likely.
 * The parts: document.ts (shapes, parsing), wildcard.ts, context.ts (request context), condition.ts
 * (Condition blocks), managed-policies.ts (well-known AWS managed documents); this file decides.
 */
import { evaluateCondition, uniqueKeys } from './condition';
import type { RequestContext } from './context';
import type { PolicyDocument, PolicyStatement } from './document';
import { wildcardMatch } from './wildcard';

const asList = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

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

export interface EvalOptions {
  /** For resource-based policies: does a statement's Principal include the caller? Omit for identity policies. */
  principalMatches?: (principal: unknown, notPrincipal: unknown) => boolean;
  /** The request context conditions are evaluated against. Omitted: no condition can be evaluated. */
  context?: RequestContext;
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
