/**
 * A real DynamoDB (dynalite) beside the strict SDK mocks, for one test file: started in beforeAll, reached through
 * a client that bypasses the mocks (test/helpers/unmocked.ts), with a table created through that client — the
 * table startDynalite makes itself goes through the mocked prototype. Read the fields inside tests, not at import.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynalite, type DynaliteHandle } from './dynalite';
import { bypassMocks, type CountedClient } from './unmocked';

export interface DynaliteTable {
  ddb: DynaliteHandle;
  dynamo: CountedClient<DynamoDBClient>;
  table: string;
}

export function useDynaliteTable(): DynaliteTable {
  const state = {} as DynaliteTable;
  beforeAll(async () => {
    state.ddb = await startDynalite();
    state.dynamo = bypassMocks(state.ddb.client);
    state.table = await state.ddb.createTable();
  });
  afterAll(async () => {
    await state.ddb.stop();
  });
  return state;
}
