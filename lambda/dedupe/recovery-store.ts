/**
 * Recovery follow-up (issue 17), in the incident table. A service's incidents that got a message are listed on one
 * item per service, pk = "open#<account>#<region>#<cluster>#service:<name>", as a string set of "<incident pk>|<id>"
 * (ADD works on an item or attribute that does not exist yet). A service signal that the service runs again costs
 * one GetItem when the service has no open incident — the common case: a healthy service's steady state.
 * Resolving one incident, exactly once among concurrent signals and across crashes:
 *   1. claim    UpdateItem on the incident item: SET resolveHolder, resolveLeaseUntil IF it is still the listed
 *               incident, its message went out (notified), it is not resolved, and no live claim exists. ALL_NEW
 *               gives what the message says. A busy incident (its window is being handled) stays listed.
 *   2. the caller publishes the resolved message;
 *   3. resolved UpdateItem IF resolveHolder = the holder: status 'resolved', resolvedAt, resolvedMessageId, the
 *               window closed — a tombstone that keeps the incident's deliveries until its TTL (a late redelivery
 *               stays a duplicate) and makes the next failure a new incident (incident-admission.ts). Only then is
 *               the entry removed from the service's set.
 *   release     on a failed publish: the claim is removed, so the retried signal claims again.
 * A crash between 2 and 3 leaves the claim to expire, and the next signal sends the message again (at least once,
 * as an incident's own message). Every operation never throws; a failure is logged.
 */
import { GetItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CallContext, callAws } from '../aws/call';
import type { TrailQuery } from '../domain/change';
import type { Log } from '../log';
import { CONDITION_FAILED, CONDITIONAL } from './conditional-write';
import { parseItem } from './incident-item';
import { incidentPk } from './incident-keys';
import type { IncidentKey } from './types';
import {
  entryOf,
  OPEN_TTL_SECONDS,
  openPk,
  RESOLVE_LEASE_MS,
  splitEntry,
  type Claimed,
  type OpenedDetails,
  type RecoveryStore,
  type ServiceRef,
} from './recovery-types';

export * from './recovery-types';

function parseJson<T>(v: AttributeValue | undefined): T | undefined {
  if (!v?.S) return undefined;
  try {
    return JSON.parse(v.S) as T;
  } catch {
    return undefined;
  }
}

/** A query as stored: without the ids beyond what an item holds comfortably (never a cut JSON). */
function storable(q: TrailQuery): string {
  const json = JSON.stringify(q);
  if (json.length <= 8_000) return json;
  const ids = Object.fromEntries(Object.entries(q.ids).map(([k, v]) => [k, (v ?? []).slice(0, 5)]));
  return JSON.stringify({ ...q, ids });
}

export class DynamoRecoveryStore implements RecoveryStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly ctxFactory: () => CallContext = () => new CallContext(),
    private readonly log?: Log,
  ) {}

  async opened(key: IncidentKey, incidentId: string, details: OpenedDetails): Promise<void> {
    const service = key.scope.startsWith('service:') ? key.scope.slice('service:'.length) : undefined;
    if (!service) return;
    const pk = incidentPk(key);
    // What this window's diagnosis says; what an earlier window stored and this one has not is removed.
    const values: Record<string, AttributeValue> = { ':id': { S: incidentId } };
    const sets: string[] = [];
    const removes: string[] = [];
    const field = (name: string, value: string | undefined) => {
      if (value === undefined) {
        removes.push(name);
        return;
      }
      sets.push(`${name} = :${name}`);
      values[`:${name}`] = { S: value };
    };
    field('taskDefinitionArn', details.taskDefinitionArn);
    field('changeQuery', details.changeQuery && storable(details.changeQuery));
    field('fixQuery', details.fixQuery && storable(details.fixQuery));
    const ref = { account: key.account, region: key.region, cluster: key.cluster, service };
    // The incident's details and the service's list, side by side (one store deadline when the table is slow).
    await Promise.all([
      this.send('open: incident', 'dynamodb:UpdateItem', pk, (abortSignal) =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: { S: pk } },
            UpdateExpression: [
              sets.length ? `SET ${sets.join(', ')}` : '',
              removes.length ? `REMOVE ${removes.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join(' '),
            ConditionExpression: 'incidentId = :id',
            ExpressionAttributeValues: values,
          }),
          { abortSignal },
        ),
      ),
      this.send('open: service', 'dynamodb:UpdateItem', openPk(ref), (abortSignal) =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: { S: openPk(ref) } },
            UpdateExpression: 'ADD entries :e SET expiresAt = :exp',
            ExpressionAttributeValues: {
              ':e': { SS: [entryOf(pk, incidentId)] },
              ':exp': { N: String(Math.floor(Date.now() / 1000) + OPEN_TTL_SECONDS) },
            },
          }),
          { abortSignal },
        ),
      ),
    ]);
  }

  async openOn(service: ServiceRef): Promise<string[] | undefined> {
    const fact = await this.send('open on', 'dynamodb:GetItem', openPk(service), (abortSignal) =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: openPk(service) } }, ConsistentRead: true }),
        { abortSignal },
      ),
    );
    if (!fact.ok) return undefined;
    return (fact.value as { Item?: Record<string, AttributeValue> }).Item?.entries?.SS ?? [];
  }

  async claim(service: ServiceRef, entry: string, holder: string, nowMs: number): Promise<Claimed> {
    const { pk, incidentId } = splitEntry(entry);
    const fact = await this.send('claim', 'dynamodb:UpdateItem', pk, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: pk } },
          UpdateExpression: 'SET resolveHolder = :h, resolveLeaseUntil = :lease',
          ConditionExpression:
            'incidentId = :id AND notified = :yes AND attribute_not_exists(resolvedAt) AND ' +
            '(attribute_not_exists(resolveLeaseUntil) OR resolveLeaseUntil < :now)',
          ExpressionAttributeValues: {
            ':id': { S: incidentId },
            ':yes': { BOOL: true },
            ':h': { S: holder },
            ':lease': { N: String(nowMs + RESOLVE_LEASE_MS) },
            ':now': { N: String(nowMs) },
          },
          ReturnValues: 'ALL_NEW',
        }),
        { abortSignal },
      ),
    );
    if (!fact.ok) return { kind: 'unavailable' };
    if (fact.value === CONDITION_FAILED) return this.whyNot(service, entry, pk, incidentId);
    const it = (fact.value as { Attributes?: Record<string, AttributeValue> }).Attributes ?? {};
    const item = parseItem(it);
    if (!item) return { kind: 'gone' };
    const changeQuery = parseJson<TrailQuery>(it.changeQuery);
    const fixQuery = parseJson<TrailQuery>(it.fixQuery);
    return {
      kind: 'claimed',
      incident: {
        entry,
        incidentId: item.incidentId,
        cause: item.cause ?? 'unknown',
        firstSeenAt: item.firstSeenAt,
        count: item.eventCount,
        ...(it.taskDefinitionArn?.S ? { taskDefinitionArn: it.taskDefinitionArn.S } : {}),
        ...(item.change ? { change: item.change } : {}),
        ...(item.whatChanged ? { whatChanged: item.whatChanged } : {}),
        ...(changeQuery ? { changeQuery } : {}),
        ...(fixQuery ? { fixQuery } : {}),
      },
    };
  }

  async resolved(service: ServiceRef, entry: string, holder: string, messageId: string, nowMs: number) {
    const { pk } = splitEntry(entry);
    const fact = await this.send('resolved', 'dynamodb:UpdateItem', pk, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: pk } },
          UpdateExpression:
            'SET #status = :resolved, resolvedAt = :at, resolvedMessageId = :mid, windowEndsAt = :now ' +
            'REMOVE resolveHolder, resolveLeaseUntil',
          ConditionExpression: 'resolveHolder = :h',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':resolved': { S: 'resolved' },
            ':at': { S: new Date(nowMs).toISOString() },
            ':mid': { S: messageId },
            ':now': { N: String(nowMs) },
            ':h': { S: holder },
          },
        }),
        { abortSignal },
      ),
    );
    // Dropped from the list only once the tombstone is written (or the item is another's): else the lease runs out
    // and a later signal finds it again.
    if (fact.ok) await this.forget(service, entry);
  }

  async release(entry: string, holder: string): Promise<void> {
    const { pk } = splitEntry(entry);
    await this.send('release', 'dynamodb:UpdateItem', pk, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: pk } },
          UpdateExpression: 'REMOVE resolveHolder, resolveLeaseUntil',
          ConditionExpression: 'resolveHolder = :h',
          ExpressionAttributeValues: { ':h': { S: holder } },
        }),
        { abortSignal },
      ),
    );
  }

  /** Why a claim failed: gone (dropped from the list) or busy (left listed). */
  private async whyNot(service: ServiceRef, entry: string, pk: string, incidentId: string): Promise<Claimed> {
    const read = await this.send('claim: read', 'dynamodb:GetItem', pk, (abortSignal) =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: pk } }, ConsistentRead: true }),
        {
          abortSignal,
        },
      ),
    );
    if (!read.ok) return { kind: 'unavailable' };
    const it = (read.value as { Item?: Record<string, AttributeValue> }).Item;
    if (it && it.incidentId?.S === incidentId && !it.resolvedAt) return { kind: 'busy' };
    await this.forget(service, entry);
    return { kind: 'gone' };
  }

  private async forget(service: ServiceRef, entry: string): Promise<void> {
    await this.send('forget', 'dynamodb:UpdateItem', openPk(service), (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: openPk(service) } },
          UpdateExpression: 'DELETE entries :e',
          ExpressionAttributeValues: { ':e': { SS: [entry] } },
        }),
        { abortSignal },
      ),
    );
  }

  private async send(op: string, api: string, pk: string, fn: (abortSignal: AbortSignal) => Promise<unknown>) {
    const fact = await callAws<unknown>(this.ctxFactory(), api, fn, CONDITIONAL);
    if (!fact.ok)
      this.log?.warn(`recovery store: ${op} failed`, { pk, reason: fact.reason, errorName: fact.errorName });
    else if (fact.value === CONDITION_FAILED && op !== 'claim')
      this.log?.info(`recovery store: ${op} skipped (condition)`, { pk });
    return fact;
  }
}
