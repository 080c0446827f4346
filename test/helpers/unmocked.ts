/**
 * aws-sdk-client-mock stubs `send` on a client CLASS's prototype, so once test/helpers/aws-mocks.ts is
 * loaded every DynamoDBClient — the dynalite one too — answers from the mock, and every resetMocks()
 * (which scenario.mock() calls) stubs it again. `bypassMocks(client)` gives one client instance the SDK's
 * real `send` (the base class's, which the mock never replaces), so a test can run a real DynamoDB
 * (dynalite) next to strict mocks of everything else. It also counts the calls made through it.
 *
 *   const ddb = await startDynalite();
 *   const counted = bypassMocks(ddb.client);
 *   … counted.calls() …
 */
export interface CountedClient<T> {
  client: T;
  /** Commands sent through this client since the last reset, as "dynamodb:UpdateItem". */
  calls(): string[];
  resetCalls(): void;
}

export function bypassMocks<T extends object>(client: T, prefix = 'dynamodb'): CountedClient<T> {
  type Send = (...args: unknown[]) => Promise<unknown>;
  let realSend: Send | undefined;
  for (let p = Object.getPrototypeOf(client); p && !realSend; p = Object.getPrototypeOf(p)) {
    const send = Object.hasOwn(p, 'send') ? (p as { send: unknown }).send : undefined;
    if (typeof send === 'function' && !(send as { isSinonProxy?: boolean }).isSinonProxy) realSend = send as Send;
  }
  if (!realSend) throw new Error('no unmocked send() found on the client prototype chain');
  const calls: string[] = [];
  const original = realSend;
  (client as { send: unknown }).send = (command: { constructor: { name: string } }, ...rest: unknown[]) => {
    calls.push(`${prefix}:${command.constructor.name.replace(/Command$/, '')}`);
    return original.call(client, command, ...rest);
  };
  return {
    client,
    calls: () => [...calls],
    resetCalls: () => {
      calls.length = 0;
    },
  };
}
