/**
 * Recovery follow-up (issue 17), in the incident table. A service's incidents that got a message are listed on one
 * item per service, pk = "open#<account>#<region>#<cluster>#service:<name>", as a string set of incident pks
 * (ADD works on an item or attribute that does not exist yet). A service signal that the service runs again costs
 * one GetItem when the service has no open incident — the common case: a healthy service's steady state.
 * Resolving one incident, exactly once among concurrent signals and across crashes:
 *   1. claim   UpdateItem on the incident item: SET resolveHolder, resolveLeaseUntil IF the incident is the listed
 *              one and no live claim exists; ALL_NEW gives the count, first-seen time, cause and change record.
 *   2. the caller publishes the resolved message;
 *   3. resolved DeleteItem of the incident item IF resolveHolder = the holder (a failure after this starts a new
 *              incident), then DELETE the pk from the service's set. A crash between 2 and 3 leaves the claim to
 *              expire, and the next signal sends the message again (as an incident's message, at least once).
 *   release    on a failed publish: the claim is removed, so the retried signal claims again.
 * Every operation never throws; a failure reads as 'unavailable' and is logged.
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CallContext, callAws } from '../aws/call';
import type { FixQuery, WhatChanged } from '../domain/change';
import type { Log } from '../log';
import { CONDITION_FAILED, CONDITIONAL } from './conditional-write';
import { incidentPk } from './incident-keys';
import type { ChangeRecord, IncidentKey } from './types';

/** A service whose incidents can recover. */
export interface ServiceRef {
  account: string;
  region: string;
  cluster: string;
  service: string;
}

/** What the recovery message says of one incident, read back when it is claimed. */
export interface ClaimedIncident {
  pk: string;
  incidentId: string;
  cause: string;
  firstSeenAt: string;
  /** Failed tasks counted in the incident. */
  count: number;
  taskDefinitionArn?: string;
  /** What this tool changed for it (done: what was applied). */
  change?: ChangeRecord;
  whatChanged?: WhatChanged;
  fixQuery?: FixQuery;
}

export type Claimed = { kind: 'claimed'; incident: ClaimedIncident } | { kind: 'gone' } | { kind: 'unavailable' };

/** How long a claim on a resolution holds before another signal may take it over (ms). */
export const RESOLVE_LEASE_MS = 60_000;
/** The service item outlives its last opened incident by a week (the incident items live a day past their window). */
const OPEN_TTL_SECONDS = 7 * 86_400;

export function openPk(s: ServiceRef): string {
  return `open#${s.account}#${s.region}#${s.cluster}#service:${s.service}`;
}

export interface RecoveryStore {
  /** Lists the incident as open on its service and stores what recovery needs on it. Never throws. */
  opened(
    key: IncidentKey,
    incidentId: string,
    extra: { taskDefinitionArn?: string; fixQuery?: FixQuery },
  ): Promise<void>;
  /** The incident pks open on the service; undefined when the table cannot be read. */
  openOn(service: ServiceRef): Promise<string[] | undefined>;
  claim(service: ServiceRef, pk: string, holder: string, nowMs: number): Promise<Claimed>;
  resolved(service: ServiceRef, pk: string, holder: string): Promise<void>;
  release(pk: string, holder: string): Promise<void>;
}

/** No table (CLI, local replay): nothing is open, nothing recovers. */
export const noRecovery: RecoveryStore = {
  async opened() {},
  async openOn() {
    return [];
  },
  async claim() {
    return { kind: 'gone' };
  },
  async resolved() {},
  async release() {},
};

function parseJson<T>(v: AttributeValue | undefined): T | undefined {
  if (!v?.S) return undefined;
  try {
    return JSON.parse(v.S) as T;
  } catch {
    return undefined;
  }
}

export class DynamoRecoveryStore implements RecoveryStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly ctxFactory: () => CallContext = () => new CallContext(),
    private readonly log?: Log,
  ) {}

  async opened(key: IncidentKey, incidentId: string, extra: { taskDefinitionArn?: string; fixQuery?: FixQuery }) {
    const service = key.scope.startsWith('service:') ? key.scope.slice('service:'.length) : undefined;
    if (!service) return;
    const pk = incidentPk(key);
    const values: Record<string, AttributeValue> = { ':id': { S: incidentId } };
    const sets: string[] = [];
    if (extra.taskDefinitionArn) {
      sets.push('taskDefinitionArn = :td');
      values[':td'] = { S: extra.taskDefinitionArn };
    }
    if (extra.fixQuery) {
      sets.push('fixQuery = :fq');
      values[':fq'] = { S: JSON.stringify(extra.fixQuery).slice(0, 8_000) };
    }
    // The incident's details and the service's list, side by side (one store deadline when the table is slow).
    const incident = !sets.length
      ? undefined
      : this.send('open: incident', pk, (abortSignal) =>
          this.client.send(
            new UpdateItemCommand({
              TableName: this.tableName,
              Key: { pk: { S: pk } },
              UpdateExpression: `SET ${sets.join(', ')}`,
              ConditionExpression: 'incidentId = :id',
              ExpressionAttributeValues: values,
            }),
            { abortSignal },
          ),
        );
    const ref = { account: key.account, region: key.region, cluster: key.cluster, service };
    const listed = this.send('open: service', openPk(ref), (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: openPk(ref) } },
          UpdateExpression: 'ADD pks :pk SET expiresAt = :exp',
          ExpressionAttributeValues: {
            ':pk': { SS: [pk] },
            ':exp': { N: String(Math.floor(Date.now() / 1000) + OPEN_TTL_SECONDS) },
          },
        }),
        { abortSignal },
      ),
    );
    await Promise.all([incident, listed]);
  }

  async openOn(service: ServiceRef): Promise<string[] | undefined> {
    const fact = await this.send('open on', openPk(service), (abortSignal) =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: openPk(service) } }, ConsistentRead: true }),
        { abortSignal },
      ),
    );
    if (!fact.ok) return undefined;
    return (fact.value as { Item?: Record<string, AttributeValue> }).Item?.pks?.SS ?? [];
  }

  async claim(service: ServiceRef, pk: string, holder: string, nowMs: number): Promise<Claimed> {
    const fact = await this.send('claim', pk, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: pk } },
          UpdateExpression: 'SET resolveHolder = :h, resolveLeaseUntil = :lease',
          ConditionExpression:
            'attribute_exists(incidentId) AND (attribute_not_exists(resolveLeaseUntil) OR resolveLeaseUntil < :now)',
          ExpressionAttributeValues: {
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
    if (fact.value === CONDITION_FAILED) {
      // Another signal holds it, or the incident item is gone (expired, or resolved after a lost set update).
      const item = await this.send('claim: read', pk, (abortSignal) =>
        this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: pk } } }), { abortSignal }),
      );
      if (item.ok && !(item.value as { Item?: unknown }).Item) await this.forget(service, pk);
      return { kind: 'gone' };
    }
    const it = (fact.value as { Attributes?: Record<string, AttributeValue> }).Attributes ?? {};
    const s = (k: string) => it[k]?.S;
    const change = parseJson<ChangeRecord>(it.changeRecord);
    const whatChanged = parseJson<WhatChanged>(it.whatChanged);
    const fixQuery = parseJson<FixQuery>(it.fixQuery);
    return {
      kind: 'claimed',
      incident: {
        pk,
        incidentId: s('incidentId') ?? '',
        cause: s('cause') ?? 'unknown',
        firstSeenAt: s('firstSeenAt') ?? '',
        count: Number(it.eventCount?.N ?? '0'),
        ...(s('taskDefinitionArn') ? { taskDefinitionArn: s('taskDefinitionArn')! } : {}),
        ...(change ? { change } : {}),
        ...(whatChanged ? { whatChanged } : {}),
        ...(fixQuery ? { fixQuery } : {}),
      },
    };
  }

  async resolved(service: ServiceRef, pk: string, holder: string): Promise<void> {
    await this.send('resolved', pk, (abortSignal) =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: pk } },
          ConditionExpression: 'resolveHolder = :h',
          ExpressionAttributeValues: { ':h': { S: holder } },
        }),
        { abortSignal },
      ),
    );
    await this.forget(service, pk);
  }

  async release(pk: string, holder: string): Promise<void> {
    await this.send('release', pk, (abortSignal) =>
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

  private async forget(service: ServiceRef, pk: string): Promise<void> {
    await this.send('forget', openPk(service), (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: openPk(service) } },
          UpdateExpression: 'DELETE pks :pk',
          ExpressionAttributeValues: { ':pk': { SS: [pk] } },
        }),
        { abortSignal },
      ),
    );
  }

  private async send(op: string, pk: string, fn: (abortSignal: AbortSignal) => Promise<unknown>) {
    const api = /claim: read|open on/.test(op)
      ? 'dynamodb:GetItem'
      : op === 'resolved'
        ? 'dynamodb:DeleteItem'
        : 'dynamodb:UpdateItem';
    const fact = await callAws<unknown>(this.ctxFactory(), api, fn, CONDITIONAL);
    if (!fact.ok)
      this.log?.warn(`recovery store: ${op} failed`, { pk, reason: fact.reason, errorName: fact.errorName });
    return fact;
  }
}
