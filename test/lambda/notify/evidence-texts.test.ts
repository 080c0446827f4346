/**
 * Evidence in the message language: every scenario of test/helpers/scenarios.ts (one realistic account
 * per cause) through runPipeline with NOTIFICATION_LANGUAGE=ja. Every piece of evidence has a textKey in
 * both catalogues, its English rendering is its `detail`, and no evidence line of the Japanese message is
 * the English sentence. (test/lambda/diagnose/causes.test.ts runs the same check on every decision case.)
 */
import { loadConfig } from '../../../lambda/config';
import { createClients } from '../../../lambda/aws/clients';
import { noStormControl } from '../../../lambda/dedupe/types';
import type { Log } from '../../../lambda/log';
import { catalogue, evidenceText } from '../../../lambda/notify/catalogue-text';
import { coveredByFailedCall } from '../../../lambda/notify/detail-sections';
import type { RenderedNotification } from '../../../lambda/notify/types';
import { runPipeline } from '../../../lambda/pipeline';
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { parseImageRef } from '../../../lambda/domain/image-ref';
import { imageRefReasonPart } from '../../../lambda/causes/image/shared';
import { failure } from '../../helpers/facts';
import { clearCallHistory, SCENARIOS } from '../../helpers/scenarios';
import { evidenceKeys, unsaidEvidence } from './evidence-said';

const quiet: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

afterEach(() => clearCallHistory());

describe.each(Object.values(SCENARIOS).map((s) => [s.cause, s] as const))(
  'evidence of scenario %s in Japanese',
  (_cause, s) => {
    it('has a catalogue text for every piece of evidence, English equal to detail, Japanese not English', async () => {
      s.mock();
      const published: RenderedNotification[] = [];
      const config = loadConfig({
        AWS_REGION: s.region,
        TOPIC_ARN: `arn:aws:sns:${s.region}:123456789012:ecs-pull-doctor`,
        NOTIFICATION_LANGUAGE: 'ja',
      });
      const r = await runPipeline(s.event, {
        config,
        clients: createClients(s.region),
        store: noStormControl,
        log: quiet,
        publish: async (n) => {
          published.push(n);
          return { ok: true as const, value: { messageId: 'm-1' } };
        },
      });
      if (r.status !== 'notified') throw new Error(`expected a notification, got ${r.status}`);
      expect(unsaidEvidence(r.diagnosis)).toEqual([]);

      const body = published[0]!.body;
      const heading = `--- ${catalogue('ja')['heading.evidence']} ---`;
      const section = body.slice(body.indexOf(heading), body.indexOf('\n\n', body.indexOf(heading)));
      expect(section).toContain(heading);
      // The body lists the evidence that applies to the task (not-applicable checks are only counted; a fact
      // that a failed call kept from being read is said once, in the section on failed calls).
      const d = r.diagnosis;
      for (const e of d.evidence
        .filter((x) => x.result !== 'not-applicable' && !coveredByFailedCall(d, x))
        .slice(0, 25)) {
        expect([e.check, section.includes(e.detail)]).toEqual([e.check, false]);
        // The Japanese sentence is what the line shows (values redacted, so compare a redaction-free prefix).
        expect([e.check, section.includes(evidenceText('ja', e).slice(0, 12))]).toEqual([e.check, true]);
      }
      // The chat text says its evidence in Japanese too.
      for (const e of r.diagnosis.evidence.filter((x) => x.result === 'proven' || x.result === 'unknown').slice(0, 3)) {
        expect([e.check, published[0]!.chat.content.description.includes(e.detail)]).toEqual([e.check, false]);
      }
    });
  },
);

describe('evidence catalogue', () => {
  // One image per reason parseImageRef gives: each reason has its own catalogue part.
  it.each([
    '   ',
    'a'.repeat(1025),
    'web app',
    'https://registry.example.com/web',
    'web@sha256:zz',
    'web:-bad',
    ':1.0',
    'bad_host.example.com/web',
    'Web:1',
    'we$b:1',
    `${'a'.repeat(256)}:1`,
  ])('says why image %j cannot be parsed', (image) => {
    const ref = parseImageRef(image);
    if (ref.ok) throw new Error(`${image} parsed`);
    expect([ref.reason, imageRefReasonPart(ref.reason).key]).not.toEqual([ref.reason, 'evidence.part.value']);
    const d = diagnose(failure('CannotPullContainerError: invalid reference format', { image }));
    expect(d.evidence.some((e) => e.check === 'image-reference')).toBe(true);
    expect(unsaidEvidence(d)).toEqual([]);
  });

  it('says "no image reference" too', () => {
    expect(imageRefReasonPart('no image reference').key).toBe('evidence.part.image-ref.none');
  });

  it('names only keys that exist (sanity check of the checker)', () => {
    expect(
      evidenceKeys({
        check: 'x',
        result: 'info',
        detail: 'd',
        textKey: 'evidence.part.value',
        textArgs: { 'l.join': 'comma', 'l.0.key': 'evidence.part.none' },
      }),
    ).toEqual(['evidence.part.value', 'evidence.part.none', 'evidence.join.comma']);
  });
});
