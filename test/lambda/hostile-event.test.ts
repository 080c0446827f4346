/**
 * Issue 14, end to end: an event whose stop reason, container name, image and service name carry hostile
 * text (bidi override, NUL, zero-width space, Slack mentions, a markdown link, emphasis, bare URLs, 16 KB
 * names) runs through the real pipeline (SDK mocks of the network-no-route account,
 * test/helpers/scenarios.ts). What SNS receives — the subject, the e-mail member and the chat JSON of the
 * "default" and "https" members — carries none of it as such, and the log lines hold no control character
 * and no field over its cap. (The render() version with every value hostile: notify/hostile-text.test.ts.)
 */
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { mocks } from '../helpers/aws-mocks';
import { expectNotified, harnessDeps, PublishCommand, recordingLog, type LogLine } from '../helpers/pipeline-harness';
import { SCENARIOS } from '../helpers/scenarios';
import {
  consoleLinksIn,
  dangerousIn,
  HOSTILE,
  hostileName,
  stringsOf,
  withoutConsoleLinks,
} from '../helpers/hostile-text';
import { runPipeline } from '../../lambda/pipeline';
import type { RenderedNotification } from '../../lambda/notify/types';
import { noStormControl, type IncidentStore } from '../../lambda/dedupe/types';

const s = SCENARIOS['network-no-route'];
const STOP_REASON = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${HOSTILE} dial tcp 52.219.1.1:443: i/o timeout ${'r'.repeat(16 * 1024)}`;

/** The scenario's event with hostile text in every field an attacker (or a registry) writes. */
function hostileEvent(): any {
  const e = structuredClone(s.event) as any;
  const d = e.detail;
  d.stoppedReason = STOP_REASON;
  d.group = `service:${hostileName('svc')}`;
  d.containers[0].name = hostileName('ctr');
  d.containers[0].image = hostileName('img');
  d.containers[0].reason = STOP_REASON;
  return e;
}

/**
 * The Lambda's incident ids are opaque ("inc-" and a hash: lambda/dedupe/incident-keys.ts). noStormControl
 * (no table: CLI, local replay) builds its ids from the service name, so they would carry the hostile name.
 */
const store: IncidentStore = {
  ...noStormControl,
  admit: async (...args) =>
    ({ ...(await noStormControl.admit(...args)), incidentId: 'inc-3f9a2c1b7d4e' }) as Awaited<
      ReturnType<IncidentStore['admit']>
    >,
};

/** Caps of the logged values (lambda/domain/sanitize.ts; pipeline.ts logs stopReason: safeText(…, 500)). */
const LOG_CAPS: Record<string, number> = {
  stopReason: 500,
  ecsService: 256,
  cluster: 256,
  taskArn: 512,
  reason: 1_000,
};

/** Each problem of the log lines: a control or format character, or a value over its cap. */
function logProblems(lines: LogLine[]): string[] {
  const problems: string[] = [];
  for (const line of lines) {
    for (const [path, v] of stringsOf(line.data, `${line.level} "${line.message}"`)) {
      if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(v)) problems.push(`${path}: control or format character`);
      const key = path
        .split('.')
        .pop()!
        .replace(/\[\d+\]$/, '');
      const cap = LOG_CAPS[key] ?? 1_000;
      if (v.length > cap) problems.push(`${path}: ${v.length} characters (cap ${cap})`);
    }
  }
  return problems;
}

/** What SNS received: subject, e-mail body and the chat JSON of the "default" and "https" members. */
function published(): {
  subject: string;
  sms: string;
  email: string;
  chat: RenderedNotification['chat'];
  httpsChat: unknown;
  attributes: Record<string, string>;
} {
  const calls = mocks.sns.commandCalls(PublishCommand);
  expect(calls).toHaveLength(1);
  const input = calls[0]!.args[0].input;
  const message = JSON.parse(input.Message!) as { default: string; https: string; email: string; sms: string };
  const attributes = Object.fromEntries(
    Object.entries(input.MessageAttributes ?? {}).map(([k, v]) => [k, String(v.StringValue)]),
  );
  return {
    subject: input.Subject!,
    sms: message.sms,
    email: message.email,
    chat: JSON.parse(message.default),
    httpsChat: JSON.parse(message.https),
    attributes,
  };
}

function findings(p: ReturnType<typeof published>): string[] {
  const out: string[] = [];
  const check = (where: string, text: string, format: 'plain' | 'chat' | 'chat-data') => {
    for (const f of dangerousIn(withoutConsoleLinks(text), format)) out.push(`${where}: ${f}`);
  };
  check('Subject', p.subject, 'plain');
  check('sms', p.sms, 'plain');
  check('email', p.email, 'plain');
  for (const [path, v] of stringsOf(p.attributes, 'MessageAttributes')) check(path, v, 'plain');
  check('chat title', p.chat.content.title, 'chat');
  check('chat description', p.chat.content.description, 'chat');
  for (const [path, v] of stringsOf(p.chat.metadata, 'chat.metadata'))
    check(path, v, path === 'chat.metadata.summary' ? 'chat' : 'chat-data');
  return out;
}

describe('a hostile event through the pipeline', () => {
  it.each([
    ['the account recorded the same text (it came from the registry or the task definition)', true],
    ['the account does not know the text (a crafted event)', false],
  ] as const)(
    '%s: SNS receives no dangerous sequence in the subject, the e-mail or the chat JSON',
    async (_case, accountEchoes) => {
      s.mock();
      const event = hostileEvent();
      if (accountEchoes) mocks.ecs.on(DescribeTasksCommand).resolves({ tasks: [event.detail], failures: [] });
      const log = recordingLog();

      expectNotified(await runPipeline(event, harnessDeps({ log, store })));

      const p = published();
      expect(findings(p)).toEqual([]);
      expect(p.httpsChat).toEqual(p.chat);
      expect(p.subject).toMatch(/^[\x20-\x7E]{1,100}$/);
      // The hostile text did reach the message, made harmless.
      expect(p.email).toContain('https[:]//evil[.]example/a');
      expect(p.chat.content.description).toContain('＜!channel＞');
      for (const l of consoleLinksIn(p.email)) expect(l).not.toMatch(/%00|%E2%80%AE|%E2%80%8B/i);
      expect(logProblems(log.lines)).toEqual([]);
      expect(log.find('info', { outcome: 'proposed' })).toBeDefined();
    },
  );

  it('caps the e-mail fields: names at 256 characters, the image at 512, the stop reason at 1,000', async () => {
    s.mock();
    mocks.ecs.on(DescribeTasksCommand).resolves({ tasks: [hostileEvent().detail], failures: [] });

    expectNotified(await runPipeline(hostileEvent(), harnessDeps({ store })));

    const { email } = published();
    const field = (label: string) =>
      email
        .split('\n')
        .find((l) => l.startsWith(`${label}: `))
        ?.slice(label.length + 2) ?? '';
    expect(field('Service').length).toBeLessThanOrEqual(256);
    expect(field('Container').length).toBeLessThanOrEqual(256);
    expect(field('Image').length).toBeLessThanOrEqual(512);
    expect(field('Stop reason').length).toBeLessThanOrEqual(1_000);
    expect(field('Stop reason')).toMatch(/… \(\d+ more characters\)$/);
  });

  const spoilers: Array<[string, (e: any) => void]> = [
    [
      'a task that stopped for another reason',
      (e) => {
        e.detail.stoppedReason = `Essential container in task exited ${hostileName()}`;
        delete e.detail.containers[0].reason;
      },
    ],
    [
      'a foreign source',
      (e) => {
        e.source = hostileName('aws.ecs');
      },
    ],
    [
      'a lastStatus that is not STOPPED',
      (e) => {
        e.detail.lastStatus = hostileName('RUNNING');
      },
    ],
    [
      'an event Region other than the task ARN’s',
      (e) => {
        e.region = hostileName('eu-west-1');
      },
    ],
    [
      'a cluster name with a bidi override',
      (e) => {
        e.detail.clusterArn = 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod\u202Etxt.exe';
      },
    ],
  ];
  it.each(spoilers)(
    'logs the reason it ignores %s without control characters or overlong values',
    async (_case, spoil) => {
      s.mock();
      const event = hostileEvent();
      spoil(event);
      const log = recordingLog();

      const result = await runPipeline(event, harnessDeps({ log, store }));

      expect(result.status).toBe('ignored');
      expect(log.lines.length).toBeGreaterThan(0);
      expect(logProblems(log.lines)).toEqual([]);
    },
  );
});
