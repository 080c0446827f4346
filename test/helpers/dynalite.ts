/**
 * A real DynamoDB implementation for tests: dynalite (in memory) on a random loopback port, with the
 * incident table created as the stack creates it (partition key `pk` (S), on demand). dynalite has no
 * TypeScript types (TOOLCHAIN.md trap #9): require + cast. No UpdateTimeToLive: the TTL attribute
 * (`expiresAt`) is written by the store and asserted by tests, but dynalite never expires items.
 *
 *   const ddb = await startDynalite();   // beforeAll
 *   new DynamoIncidentStore(ddb.client, ddb.tableName);
 *   await ddb.stop();                     // afterAll
 */
import type { AddressInfo } from 'node:net';
import { Agent as HttpAgent, type Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CallContext } from '../../lambda/aws/call';
import type { Log } from '../../lambda/log';
import { incidentTableInput } from './incident-table';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

export interface DynaliteHandle {
  endpoint: string;
  tableName: string;
  client: DynamoDBClient;
  /** Creates another table with the same shape (pk S, on demand); returns its name. */
  createTable(name?: string): Promise<string>;
  stop(): Promise<void>;
}

let tableSeq = 0;

export async function startDynalite(): Promise<DynaliteHandle> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
    // No keep-alive: dynalite's server closes a connection after 5 s idle, and a burst of concurrent
    // calls that picks such a connection as it closes fails with ECONNRESET (one attempt), so the store
    // fails open and a test of "exactly one first" sees two. Seen under load.
    requestHandler: { httpAgent: new HttpAgent({ keepAlive: false }) },
  });
  const createTable = async (name = `incidents-${process.pid}-${++tableSeq}`): Promise<string> => {
    await client.send(new CreateTableCommand(incidentTableInput(name)));
    return name;
  };
  const tableName = await createTable();
  return {
    endpoint,
    tableName,
    client,
    createTable,
    async stop() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A log that keeps its warnings, and a CallContext factory that keeps every context it made (store tests). */
export function recordingCalls(): {
  log: Log;
  warnings: Array<Record<string, unknown>>;
  contexts: CallContext[];
  newContext: () => CallContext;
} {
  const contexts: CallContext[] = [];
  const warnings: Array<Record<string, unknown>> = [];
  const log: Log = {
    debug() {},
    info() {},
    error() {},
    warn: (message, ...extra) => warnings.push(Object.assign({ message }, ...extra)),
  };
  const newContext = () => {
    const ctx = new CallContext();
    contexts.push(ctx);
    return ctx;
  };
  return { log, warnings, contexts, newContext };
}
