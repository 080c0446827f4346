/**
 * Organization mode (issue 18): the account's alias (iam:ListAccountAliases, through the member's read role), so
 * that a message names the account by its name as well as its id. An account has at most one alias; none, or an
 * error, is simply no alias (the id is always said).
 */
import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { callAws, type CallContext } from '../../aws/call';
import type { Clients } from '../../aws/clients';

export async function readAccountAlias(clients: Clients, ctx: CallContext): Promise<string | undefined> {
  const r = await callAws(ctx, 'iam:ListAccountAliases', (abortSignal) =>
    clients.iam.send(new ListAccountAliasesCommand({}), { abortSignal }),
  );
  const alias = r.ok ? r.value.AccountAliases?.[0] : undefined;
  return alias && /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])?$/.test(alias) ? alias : undefined;
}
