/**
 * Open AWS Health events per account and Region (issue 20), in the incident table: one item per Region,
 * pk = "health#<account>#<region>", holding each open event as a JSON string in a string set (ADD works on an item
 * that does not exist yet; a closed event's entry is found by its ARN and DELETEd). A message reads it with one
 * GetItem. Entries expire with the item (14 days after the last open event) so that a missed "closed" never names an
 * old event forever. Never throws: a failure is logged, and the message goes out without the mention.
 */
import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CallContext, callAws } from '../aws/call';
import type { HealthNotice } from '../event/health-event';
import type { Log } from '../log';

export const HEALTH_TTL_SECONDS = 14 * 86_400;

export interface HealthStore {
  /** Records an open (or upcoming) event, or removes a closed one. */
  note(notice: HealthNotice, now: Date): Promise<void>;
  /** The open events of the Region, oldest first ([] when none or unreadable). */
  open(account: string, region: string): Promise<HealthNotice[]>;
}

export const noHealth: HealthStore = { note: async () => {}, open: async () => [] };

const healthPk = (account: string, region: string) => `health#${account}#${region}`;

function entries(values: readonly string[] | undefined): HealthNotice[] {
  const out: HealthNotice[] = [];
  for (const v of values ?? []) {
    try {
      out.push(JSON.parse(v) as HealthNotice);
    } catch {
      // an entry of another shape is left out
    }
  }
  return out;
}

export class DynamoHealthStore implements HealthStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly ctxFactory: () => CallContext = () => new CallContext(Date.now() + 3_000),
    private readonly log?: Log,
  ) {}

  private async read(pk: string): Promise<string[] | undefined> {
    const r = await callAws(this.ctxFactory(), 'dynamodb:GetItem', (abortSignal) =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: pk } } }), { abortSignal }),
    );
    if (!r.ok) {
      this.log?.warn('AWS Health events unavailable: the message goes without them', {
        healthPk: pk,
        degraded: true,
        reason: `${r.api}: ${r.reason}`,
      });
      return undefined;
    }
    return r.value.Item?.events?.SS ?? [];
  }

  private async update(pk: string, expression: string, values: Record<string, unknown>): Promise<void> {
    const r = await callAws(this.ctxFactory(), 'dynamodb:UpdateItem', (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: pk } },
          UpdateExpression: expression,
          ExpressionAttributeValues: values as never,
        }),
        { abortSignal },
      ),
    );
    if (!r.ok)
      this.log?.warn('AWS Health event could not be recorded', {
        healthPk: pk,
        degraded: true,
        reason: `${r.api}: ${r.reason}`,
      });
  }

  async note(n: HealthNotice, now: Date): Promise<void> {
    const pk = healthPk(n.account, n.region);
    const current = (await this.read(pk)) ?? [];
    const same = current.filter((v) => entries([v])[0]?.eventArn === n.eventArn);
    if (same.length) await this.update(pk, 'DELETE events :old', { ':old': { SS: same } });
    if (n.status === 'closed') return;
    const ttl = String(Math.floor(now.getTime() / 1000) + HEALTH_TTL_SECONDS);
    await this.update(pk, 'ADD events :new SET expiresAt = :ttl', {
      ':new': { SS: [JSON.stringify(n)] },
      ':ttl': { N: ttl },
    });
  }

  async open(account: string, region: string): Promise<HealthNotice[]> {
    return entries(await this.read(healthPk(account, region)))
      .filter((e) => e.status === 'open')
      .sort((a, b) => (a.startTime ?? '').localeCompare(b.startTime ?? ''));
  }
}
