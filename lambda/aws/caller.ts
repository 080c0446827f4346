/**
 * The account the credentials belong to (sts:GetCallerIdentity, which needs no permission): preflight examines the
 * task definition in that account, as a deploy with the same credentials would register and run it.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { callAws, type CallContext, type Fact } from './call';
import { clientConfig } from './clients';

export async function callerAccount(region: string, ctx: CallContext): Promise<Fact<string>> {
  const sts = new STSClient(clientConfig(region));
  const r = await callAws(ctx, 'sts:GetCallerIdentity', (abortSignal) =>
    sts.send(new GetCallerIdentityCommand({}), { abortSignal }),
  );
  if (!r.ok) return r;
  const account = r.value.Account;
  if (!account || !/^\d{12}$/.test(account))
    return {
      ok: false,
      api: 'sts:GetCallerIdentity',
      kind: 'unexpected',
      errorName: 'NoAccount',
      reason: 'sts:GetCallerIdentity returned no account id',
    };
  return { ok: true, value: account };
}
