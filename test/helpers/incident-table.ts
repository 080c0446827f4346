/**
 * The incident table as the stack defines it (lib/pull-doctor-stack.ts: partition key `pk`, a string, on demand;
 * test/lib/stack.test.ts pins the template's), for the emulated tables tests and the bench create: dynalite's
 * (dynalite.ts) and moto's (deployed-asset.ts).
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export function incidentTableInput(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
