/**
 * Issue 14: hostile text is made harmless in every format render() produces. Stop reasons, names, images,
 * task definition fields, evidence values, errors and commands carry a bidi override, NUL, a zero-width
 * space, Slack mentions, a markdown link, emphasis, bare URLs and 16 KB of filler; the e-mail body, the
 * subject (and SMS), the SNS attributes and the chat JSON must carry none of it as such (escape.ts).
 */
import { render } from '../../../lambda/notify/render';
import { SUBJECT_MAX } from '../../../lambda/notify/subject';
import { CHAT_DESCRIPTION_MAX, CHAT_TITLE_MAX } from '../../../lambda/notify/render-chat';
import { renderTerminal } from '../../../lambda/notify/terminal';
import type { NotificationInput, RenderedNotification } from '../../../lambda/notify/types';
import type { Outcome } from '../../../lambda/remediate/types';
import type { Language } from '../../../lambda/config';
import { diagnosisFor, inputFor, planFor } from './fixtures';
import {
  consoleLinksIn,
  dangerousIn,
  HOSTILE,
  hostileName,
  stringsOf,
  withoutConsoleLinks,
} from '../../helpers/hostile-text';

const STOP_REASON = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${HOSTILE} ${'r'.repeat(16 * 1024)}`;
const TASK_DEFINITION_ARN = `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/${hostileName('td')}:42`;

function hostilePlan() {
  const plan = planFor('network-no-route');
  const [first, ...rest] = plan.steps;
  return {
    ...plan,
    steps: [
      {
        ...first!,
        command: `aws ecs describe-services --cluster ${hostileName('cmd')}\n# ${HOSTILE}`,
        document: { Note: HOSTILE, Resource: hostileName('doc') },
        textArgs: { serviceName: hostileName('endpoint'), subnets: HOSTILE },
      },
      ...rest,
    ],
    // A key the catalogue lacks: said as "key (name=value)", the values escaped all the same.
    refusal: { textKey: 'test.refusal', textArgs: { task: hostileName('refusal') } },
  };
}

function hostileInput(language: Language, kind: 'refused' | 'failed' | 'fixed'): NotificationInput {
  const base = diagnosisFor('network-no-route');
  const plan = hostilePlan();
  const applied = [
    {
      stepId: plan.steps[0]!.id,
      action: plan.steps[0]!.action,
      resourceId: hostileName('vpce'),
      result: 'created' as const,
      detail: `Created ${HOSTILE}`,
    },
  ];
  const outcome: Outcome =
    kind === 'refused'
      ? { kind: 'proposed', plan, reason: 'refused' }
      : kind === 'failed'
        ? {
            kind: 'failed',
            plan,
            applied,
            failedStepId: plan.steps[1]!.id,
            error: `UnauthorizedOperation: ${hostileName('error')}`,
            notDone: plan.steps.slice(1).map((s) => s.id),
          }
        : { kind: 'fixed', plan, applied, verified: true };
  return inputFor('network-no-route', language, {
    outcome,
    diagnosis: {
      stopReason: STOP_REASON,
      sidecar: { container: hostileName('sidecar'), taskStoppedReason: `Essential container exited ${HOSTILE}` },
      evidence: [
        { check: 'stop-reason', result: 'proven', detail: `The stop reason says ${HOSTILE}` },
        {
          check: 'network-no-route-check',
          result: 'unknown',
          detail: 'No usable route.',
          textKey: 'evidence.network-no-route.no-route',
          textArgs: {
            'routes.join': 'semicolon',
            'routes.0.key': 'evidence.part.route.absent',
            'routes.0.subnet': hostileName('subnet'),
            'routes.0.routeTable': HOSTILE,
          },
        },
      ],
      unchecked: [
        { check: 'repository-policy', api: 'ecr:GetRepositoryPolicy', reason: `AccessDeniedException: ${HOSTILE}` },
      ],
      resources: {
        ...base.resources,
        // A lone surrogate in a name: encodeURIComponent (console links) throws on it unless cleaned first.
        cluster: hostileName('c\uD800'),
        service: hostileName('s'),
        container: hostileName('ctr'),
        image: hostileName('img'),
        taskDefinitionArn: TASK_DEFINITION_ARN,
        family: hostileName('family'),
      },
    },
  });
}

/** The dangerous sequences of each format of a rendered notification, by where they were found. */
function findings(n: RenderedNotification): string[] {
  const out: string[] = [];
  const check = (where: string, text: string, format: 'plain' | 'chat' | 'chat-data') => {
    for (const f of dangerousIn(withoutConsoleLinks(text), format)) out.push(`${where}: ${f}`);
  };
  check('subject', n.subject, 'plain');
  check('body', n.body, 'plain');
  for (const [path, v] of stringsOf(n.attributes, 'attributes')) check(path, v, 'plain');
  check('chat.content.title', n.chat.content.title, 'chat');
  check('chat.content.description', n.chat.content.description, 'chat');
  for (const [path, v] of stringsOf(n.chat.metadata, 'chat.metadata'))
    check(path, v, path === 'chat.metadata.summary' ? 'chat' : 'chat-data');
  return out;
}

/** The value of the e-mail field `label` (first line that starts with it). */
function field(body: string, label: string): string {
  const line = body.split('\n').find((l) => l.startsWith(`${label}: `));
  if (line === undefined) throw new Error(`no "${label}:" line`);
  return line.slice(label.length + 2);
}

describe('render() with hostile text from the event and the account', () => {
  it.each([
    ['en', 'refused'],
    ['en', 'failed'],
    ['en', 'fixed'],
    ['ja', 'refused'],
    ['ja', 'failed'],
  ] as const)('leaves no dangerous sequence in any format (%s, %s)', (language, kind) => {
    const n = render(hostileInput(language, kind));

    expect(findings(n)).toEqual([]);
  });

  it('keeps the texts readable: URLs defanged in plain text, mentions and markup neutralised in chat', () => {
    const n = render(hostileInput('en', 'refused'));

    expect(n.body).toContain('[click](https[:]//evil[.]example/x) **bold**');
    expect(n.body).toContain('https[:]//evil[.]example/a');
    expect(n.chat.content.description).toContain('＜!channel＞ ＜＠U12345＞');
    expect(n.chat.content.description).toContain('[click] (https[:]//evil[.]example/x) ＊＊bold＊＊');
    // Inside the tool's code span a name keeps its underscores; only what could end the span or mention is replaced.
    expect(n.chat.content.description).toMatch(/\*Service:\* `s[^`]*_em_[^`]*｀code｀/);
    expect(n.chat.metadata!.summary).not.toContain('<');
  });

  it('caps every field: names at 256 characters, ARNs and images at 512, the stop reason at 1,000, saying how much was cut', () => {
    const n = render(hostileInput('en', 'refused'));

    for (const label of ['Cluster', 'Service', 'Container'])
      expect([label, field(n.body, label).length <= 256]).toEqual([label, true]);
    expect(field(n.body, 'Image').length).toBeLessThanOrEqual(512);
    expect(field(n.body, 'Task definition').length).toBeLessThanOrEqual(512);
    expect(field(n.body, 'Stop reason').length).toBeLessThanOrEqual(1_000);
    expect(field(n.body, 'Stop reason')).toMatch(/… \(\d+ more characters\)$/);
    expect(field(n.body, 'Service')).toMatch(/… \(1\d{4} more characters\)$/);
    expect(n.subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(n.chat.content.title.length).toBeLessThanOrEqual(CHAT_TITLE_MAX);
    expect(n.chat.content.description.length).toBeLessThanOrEqual(CHAT_DESCRIPTION_MAX);
    for (const [path, v] of stringsOf(n.attributes, 'attributes'))
      expect([path, v.length <= 256]).toEqual([path, true]);
  });

  it('keeps the subject (and so the SMS) printable ASCII on one line', () => {
    for (const kind of ['refused', 'failed', 'fixed'] as const) {
      expect(render(hostileInput('ja', kind)).subject).toMatch(/^[\x20-\x7E]{1,100}$/);
    }
  });

  it('builds its own console links from the cleaned names: clickable, encoded, without control characters', () => {
    const links = consoleLinksIn(render(hostileInput('en', 'refused')).body);

    expect(links.length).toBeGreaterThan(0);
    for (const l of links) {
      expect(l).toMatch(/^https:\/\/[a-z0-9-]+\.console\.aws\.amazon\.com\/|^https:\/\/console\.aws\.amazon\.com\//);
      expect(l).not.toMatch(/%E2%80%AE|%00|%E2%80%8B|%ED%A0%80/i); // U+202E, NUL, U+200B, a lone surrogate
    }
  });

  it('prints the CLI summary without control characters (no ANSI escape from a name reaches the terminal)', () => {
    const input = hostileInput('en', 'refused');

    const out = renderTerminal(input.diagnosis, input.outcome, 'en', input.stoppedAt);

    expect(dangerousIn(withoutConsoleLinks(out), 'plain')).toEqual([]);
    expect(out).not.toContain('\u001B');
  });
});
