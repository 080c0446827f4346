/**
 * IAM policy documents as the evaluator reads them: the statement and document shapes, and a parser for the
 * forms IAM returns (URL-encoded, RFC 3986) or a caller already decoded (JSON text or an object).
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
