/**
 * When even SNS Publish fails, the invocation throws NotificationFailedError (EventBridge retries, then the
 * dead-letter queue keeps the event) — and, with the real incident store on a real DynamoDB (dynalite),
 * the incident is released so that the retry of that very event is handled and notified, not dropped
 * as a duplicate or suppressed.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { DynamoIncidentStore } from '../../../lambda/dedupe/incident-store';
import { incidentPk } from '../../../lambda/dedupe/incident-keys';
import { incidentKeyOf, runPipeline } from '../../../lambda/pipeline';
import { mocks } from '../../helpers/aws-mocks';
import { startDynalite, type DynaliteHandle } from '../../helpers/dynalite';
import { BOUNDED_FAULTS, errorNameOf, faultBehaviour } from '../../helpers/faults';
import { harnessDeps, recordingLog } from '../../helpers/pipeline-harness';
import { SCENARIOS } from '../../helpers/scenarios';
import { PUBLISH_DEADLINE_MS } from '../../../lambda/notify/publish';
import { bypassMocks, type CountedClient } from '../../helpers/unmocked';
import { parseTaskStateChange } from '../../../lambda/event/schema';
import { findPullFailure } from '../../../lambda/event/pull-failure';
import { classifyText } from '../../../lambda/causes/classify';

let ddb: DynaliteHandle;
let dynamo: CountedClient<DynaliteHandle['client']>;
beforeAll(async () => {
  ddb = await startDynalite();
  dynamo = bypassMocks(ddb.client);
});
afterAll(async () => {
  await ddb.stop();
});

const s = SCENARIOS['image-not-found'];

/** The incident item the store keeps for the scenario's event. */
async function incidentItem(table: string) {
  const parsed = parseTaskStateChange(s.event);
  if (!parsed.ok) throw new Error(parsed.reason);
  const found = findPullFailure(parsed.task);
  if (!found.ok) throw new Error(found.reason);
  const key = incidentKeyOf(
    found.failure,
    classifyText(found.failure.reason, found.failure.image, parsed.task.launchType).family,
  );
  const out = await dynamo.client.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: incidentPk(key) } }, ConsistentRead: true }),
  );
  return out.Item;
}

describe('sns:Publish failing with the real incident store', () => {
  it.each(BOUNDED_FAULTS)(
    '%s → NotificationFailedError; the incident is released; the retry of the same event is notified',
    async (fault) => {
      s.mock();
      const table = await ddb.createTable();
      const deps = () =>
        harnessDeps({
          store: new DynamoIncidentStore(dynamo.client, table, undefined, { log: recordingLog() }),
          config: { region: s.region },
        });
      mocks.sns
        .on(PublishCommand)
        .callsFakeOnce(faultBehaviour('sns', fault))
        .resolves({ MessageId: 'msg-after-retry' });

      await expect(runPipeline(s.event, deps())).rejects.toMatchObject({
        name: 'NotificationFailedError',
        message: expect.stringContaining(`sns:Publish: ${errorNameOf('sns', fault)}`),
      });
      const released = await incidentItem(table);
      expect(released?.status?.S).toBe('released');
      expect(released?.windowEndsAt?.N).toBe('0');
      expect(released?.notices?.N).toBe('0');

      // EventBridge retries the same event (same task ARN and detail.version).
      const retry = await runPipeline(s.event, deps());

      expect(retry).toMatchObject({ status: 'notified', role: 'first', messageId: 'msg-after-retry' });
      expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 2);
      const done = await incidentItem(table);
      expect(done?.status?.S).toBe('notified');
      expect(done?.notices?.N).toBe('1');
      // The retry re-diagnosed: the diagnosis of the failed attempt was not reused, nor skipped.
      expect(mocks.ecs.calls().length).toBeGreaterThanOrEqual(2);
    },
  );

  it('while released, a later event of the incident takes over instead of being suppressed', async () => {
    s.mock();
    const table = await ddb.createTable();
    const deps = () =>
      harnessDeps({
        store: new DynamoIncidentStore(dynamo.client, table, undefined, { log: recordingLog() }),
        config: { region: s.region },
      });
    mocks.sns
      .on(PublishCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }),
      )
      .resolves({ MessageId: 'm-2' });
    await expect(runPipeline(s.event, deps())).rejects.toMatchObject({ name: 'NotificationFailedError' });

    const other = s.event as any;
    other.detail.taskArn = String(other.detail.taskArn).replace(/[0-9a-f]{32}$/, 'f'.repeat(32));

    expect(await runPipeline(other, deps())).toMatchObject({ status: 'notified', role: 'first' });
  });

  it('abandons a publish that never answers at its own deadline, releases the incident, and the retry is notified', async () => {
    s.mock();
    const table = await ddb.createTable();
    const deps = () =>
      harnessDeps({
        store: new DynamoIncidentStore(dynamo.client, table, undefined, { log: recordingLog() }),
        config: { region: s.region },
      });
    mocks.sns
      .on(PublishCommand)
      .callsFakeOnce(() => new Promise(() => undefined))
      .resolves({ MessageId: 'm-after-deadline' });
    const started = Date.now();

    await expect(runPipeline(s.event, deps())).rejects.toMatchObject({
      name: 'NotificationFailedError',
      message: expect.stringContaining('DeadlineExceededError'),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(PUBLISH_DEADLINE_MS - 50);
    expect(Date.now() - started).toBeLessThan(PUBLISH_DEADLINE_MS + 2_000);

    expect(await runPipeline(s.event, deps())).toMatchObject({ status: 'notified', messageId: 'm-after-deadline' });
  }, 15_000);
});
