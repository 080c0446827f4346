/**
 * Facts gathered from the account. Every field is a Fact<T>: known, or unknown with the reason
 * (AccessDenied, throttled, deadline, …). A field left undefined was not gathered because the
 * candidate causes did not need it. The detailed records are defined by the probes.
 */
export type { Fact, Known, Unknown } from '../aws/call';
