/** The request context conditions are evaluated against: what the caller knows, what it knows is absent. */

/**
 * One value of the request context. A key present with `undefined` (or an empty list) is known to be
 * absent from the request (e.g. aws:SourceVpce for a pull over the internet); a key that is not a property
 * of the context at all is unknown to the caller: conditions on it cannot be evaluated.
 */
export type ContextValue = string | string[] | boolean | undefined;
export type RequestContext = Readonly<Record<string, ContextValue>>;

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

/** Case-insensitive lookup: undefined when the caller does not know the key, else its values ([] = absent). */
export function lookup(ctx: RequestContext, key: string): string[] | undefined {
  const lower = key.toLowerCase();
  const k = Object.keys(ctx).find((x) => x.toLowerCase() === lower);
  if (k === undefined) return undefined;
  const v = ctx[k];
  if (v === undefined) return [];
  if (typeof v === 'boolean') return [String(v)];
  return (Array.isArray(v) ? v : [v]).filter((x) => typeof x === 'string' && x !== '');
}
