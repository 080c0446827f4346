/**
 * Pure IAM policy-document evaluator for the fallback when iam:SimulatePrincipalPolicy is unavailable.
 * Handles: URL-encoded documents (IAM returns them RFC 3986-encoded) and already-decoded ones;
 * Statement/Action/Resource as a single value or an array; NotAction/NotResource; wildcards (* and ?);
 * explicit Deny beats Allow. Conditions cannot be evaluated here: an Allow with a Condition counts as
 * "conditional" (not proof of allow), a Deny with a Condition as a possible deny.
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
  const out: PolicyDocument = { Statement: list.filter((s): s is PolicyStatement => typeof s === 'object' && s !== null) };
  const v = (value as { Version?: unknown }).Version;
  if (typeof v === 'string') out.Version = v;
  return out;
}

const asList = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** IAM wildcard match (* any run, ? one char); actions case-insensitive, resources case-sensitive. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`, caseInsensitive ? 'is' : 's');
  return re.test(value);
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
  decision: DocDecision;
  /** Sids (or indexes) of the deciding statements. */
  statements: string[];
}

export interface EvalOptions {
  /** For resource-based policies: does a statement's Principal include the caller? Omit for identity policies. */
  principalMatches?: (principal: unknown, notPrincipal: unknown) => boolean;
}

/** Evaluates one action on one resource against a set of documents (explicit deny wins). */
export function evaluatePolicies(docs: readonly PolicyDocument[], action: string, resource: string, opts: EvalOptions = {}): DocEvaluation {
  const allow: string[] = [];
  const conditionalAllow: string[] = [];
  const deny: string[] = [];
  const conditionalDeny: string[] = [];
  docs.forEach((doc, di) =>
    doc.Statement.forEach((s, si) => {
      if (!matchesAction(s, action) || !matchesResource(s, resource)) return;
      if (opts.principalMatches && !opts.principalMatches(s.Principal, s.NotPrincipal)) return;
      const id = s.Sid ?? `doc${di}#${si}`;
      const cond = s.Condition && Object.keys(s.Condition).length > 0;
      const effect = (s.Effect ?? '').toLowerCase();
      if (effect === 'deny') (cond ? conditionalDeny : deny).push(id);
      else if (effect === 'allow') (cond ? conditionalAllow : allow).push(id);
    }),
  );
  if (deny.length) return { decision: 'explicitDeny', statements: deny };
  if (allow.length && !conditionalDeny.length) return { decision: 'allowed', statements: allow };
  if (allow.length || conditionalAllow.length) return { decision: 'conditional', statements: [...allow, ...conditionalAllow, ...conditionalDeny] };
  return { decision: 'implicitDeny', statements: [] };
}

/**
 * Principal matcher for resource policies: "*", {"AWS": "*"}, the account id / root ARN, or the role ARN.
 */
export function principalMatcher(roleArn: string | undefined, accountId: string | undefined): (p: unknown, np: unknown) => boolean {
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
    (accountId !== undefined && (n === accountId || n === `arn:aws:iam::${accountId}:root` || /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(n)?.[1] === accountId)) ||
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
        Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: '*',
      },
    ],
  },
  AmazonEC2ContainerRegistryReadOnly: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetLifecyclePolicy', 'ecr:GetLifecyclePolicyPreview', 'ecr:ListTagsForResource', 'ecr:DescribeImageScanFindings'],
        Resource: '*',
      },
    ],
  },
  AmazonEC2ContainerRegistryPullOnly: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:BatchImportUpstreamImage'], Resource: '*' }],
  },
  AmazonEC2ContainerRegistryPowerUser: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:DescribeRepositories', 'ecr:DescribeImages', 'ecr:ListImages', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'], Resource: '*' }],
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
