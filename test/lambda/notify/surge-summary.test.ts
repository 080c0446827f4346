/**
 * The surge summary (issue 14, bounded blast radius): what it says, in both languages, and that hostile
 * names and stop reasons are as harmless in it as in a diagnosis (the same escape rules, every format).
 */
import { groupByText, renderSurgeSummary, type SurgeSummaryInput } from '../../../lambda/notify/surge-summary';
import { rateEntryOf, sameText } from '../../../lambda/dedupe/rate-entry';
import { SUBJECT_MAX } from '../../../lambda/notify/subject';
import { CHAT_DESCRIPTION_MAX, CHAT_TITLE_MAX } from '../../../lambda/notify/render-chat';
import type { PullFailure } from '../../../lambda/event/pull-failure';
import type { RateEntry } from '../../../lambda/dedupe/types';
import { dangerousIn, HOSTILE, hostileName, stringsOf } from '../../helpers/hostile-text';

const OUTAGE = 'CannotPullContainerError: dial tcp <ip>: i/o timeout';
const DENIED = 'CannotPullContainerError: pull access denied for <image>';

function input(overrides: Partial<SurgeSummaryInput> = {}): SurgeSummaryInput {
  const diagnosed: RateEntry[] = [0, 1, 2].map((i) => ({ where: `prod/api-${i}`, text: OUTAGE }));
  const counted: RateEntry[] = [
    ...Array.from({ length: 12 }, (_, i) => ({ where: `prod/web-${String(i).padStart(2, '0')}`, text: OUTAGE })),
    { where: 'batch/reports', text: DENIED },
  ];
  return {
    account: '123456789012',
    region: 'ap-northeast-1',
    cap: 3,
    surgeId: 'surge-0a1b2c3d',
    surgeUntil: Date.parse('2026-11-25T03:29:05Z'),
    snapshot: {
      surgeId: 'surge-0a1b2c3d',
      startedAt: '2026-11-25T03:14:05.000Z',
      surgeUntil: Date.parse('2026-11-25T03:29:05Z'),
      diagnosed,
      counted,
      countedTotal: 13,
    },
    self: counted[0]!,
    language: 'en',
    ...overrides,
  };
}

describe('renderSurgeSummary', () => {
  it('says how many services fail, how many were diagnosed, until when the rest are counted, grouped by text', () => {
    const n = renderSurgeSummary(input());
    expect(n.subject).toBe('ECS image pulls failing in 16 services (123456789012, ap-northeast-1): summary');
    expect(n.body).toContain(
      '16 new image-pull incidents started in account 123456789012, region ap-northeast-1, more than the 3 full diagnoses per minute',
    );
    expect(n.body).toContain(
      'Diagnosed in full: 3 (each in its own message). Counted, not diagnosed: 13, until 2026-11-25 03:29 UTC',
    );
    const lines = n.body.split('\n');
    const outage = lines.indexOf(`15 × ${OUTAGE}`);
    expect(outage).toBeGreaterThan(0);
    // Eight services named, then how many more; the smaller group after the larger.
    expect(lines[outage + 1]).toBe(
      '    prod/api-0, prod/api-1, prod/api-2, prod/web-00, prod/web-01, prod/web-02, prod/web-03, prod/web-04 and 7 more',
    );
    expect(lines[outage + 2]).toBe(`1 × ${DENIED.replace('<image>', '<image>')}`);
    expect(lines[outage + 3]).toBe('    batch/reports');
    expect(n.body).toContain('Diagnosed in full (own messages)\n  - prod/api-0');
    expect(n.body).toContain('AWS Health Dashboard for ECR, ECS and Fargate in ap-northeast-1');
    expect(n.body).toContain('Surge surge-0a1b2c3d.');
    expect(n.attributes).toMatchObject({
      cause: 'surge',
      action: 'summarized',
      notice: 'summary',
      incident: 'surge-0a1b2c3d',
      services: '16',
    });
    expect(n.chat.metadata).toMatchObject({ threadId: 'surge-0a1b2c3d', eventType: 'EcsImagePullFailureSurge' });
  });

  it('says what it could not read back, and the previous surge', () => {
    const { snapshot: _s, ...rest } = input();
    const n = renderSurgeSummary({ ...rest, previous: { startedAt: '2026-11-25T02:50:00.000Z', counted: 42 } });
    expect(n.body).toContain(
      'The list of services could not be read back from the incident table; this summary names only the incident that sent it: prod/web-00.',
    );
    expect(n.body).toContain(
      'The previous surge, from 2026-11-25T02:50:00.000Z, counted 42 incidents without a diagnosis.',
    );
  });

  it('in Japanese: the body in Japanese, the subject ASCII', () => {
    const n = renderSurgeSummary(input({ language: 'ja' }));
    expect(n.subject).toMatch(/^[\x20-\x7E]+$/);
    expect(n.body).toContain('イメージ取得失敗の新しいインシデントが 16 件発生しました');
    expect(n.body).toContain('3 件は完全に診断し');
    expect(n.chat.content.title).toContain('16 個のサービス');
  });

  it.each(['en', 'ja'] as const)(
    'leaves no dangerous sequence in any format from hostile names and texts (%s)',
    (language) => {
      const hostile: RateEntry[] = [
        { where: hostileName('prod/'), text: `CannotPullContainerError: ${HOSTILE}` },
        { where: `prod/${HOSTILE}`, text: hostileName('text ') },
      ];
      const base = input({ language });
      const n = renderSurgeSummary({
        ...base,
        self: hostile[0]!,
        snapshot: { ...base.snapshot!, counted: hostile, countedTotal: 2 },
      });
      const out: string[] = [];
      const check = (where: string, t: string, format: 'plain' | 'chat' | 'chat-data') =>
        out.push(...dangerousIn(t, format).map((f) => `${where}: ${f}`));
      check('subject', n.subject, 'plain');
      check('body', n.body, 'plain');
      for (const [path, v] of stringsOf(n.attributes, 'attributes')) check(path, v, 'plain');
      check('chat.title', n.chat.content.title, 'chat');
      check('chat.description', n.chat.content.description, 'chat');
      for (const [path, v] of stringsOf(n.chat.metadata, 'chat.metadata'))
        check(path, v, path === 'chat.metadata.summary' ? 'chat' : 'chat-data');
      expect(out).toEqual([]);
      expect(n.subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
      expect(n.chat.content.title.length).toBeLessThanOrEqual(CHAT_TITLE_MAX);
      expect(n.chat.content.description.length).toBeLessThanOrEqual(CHAT_DESCRIPTION_MAX);
    },
  );
});

describe('groupByText', () => {
  it('puts the largest group first, lists each service once, and is stable for ties', () => {
    const groups = groupByText([
      { where: 'c/b', text: 'y' },
      { where: 'c/a', text: 'x' },
      { where: 'c/a', text: 'x' },
      { where: 'c/z', text: 'x' },
      { where: 'c/q', text: 'w' },
    ]);
    expect(groups).toEqual([
      { text: 'x', where: ['c/a', 'c/z'] },
      { text: 'w', where: ['c/q'] },
      { text: 'y', where: ['c/b'] },
    ]);
  });
});

describe('sameText: what services failing for the same reason share', () => {
  it('masks the image, other ECR references, digests, ARNs, addresses, ids and numbers', () => {
    const image = '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:2026.11.24-3';
    const a = sameText(
      `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: dial tcp 52.219.16.8:443: i/o timeout`,
      image,
    );
    const b = sameText(
      'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web@sha256:' +
        'ab'.repeat(32) +
        ': dial tcp 52.219.4.7:443: i/o timeout',
      '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:1',
    );
    expect(a).toBe(
      'CannotPullContainerError: pull image manifest has been retried # time(s): failed to resolve ref <image>: dial tcp <ip>: i/o timeout',
    );
    expect(b).toBe(a);
    expect(
      sameText(
        'AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/exec/0f6a8c2b9d4e is not authorized',
      ),
    ).toBe('AccessDeniedException: User: <arn> is not authorized');
  });

  it('is cleaned of control characters, redacted and capped', () => {
    const t = sameText(`CannotPullContainerError: \u202Ebad\u0000 password=hunter2 ${'x'.repeat(5_000)}`);
    expect(t).not.toMatch(/[\u202E\u0000]/);
    expect(t).not.toContain('hunter2');
    expect(t.length).toBeLessThanOrEqual(240);
  });

  it('rateEntryOf: where = cluster/service, else cluster/family, else cluster/task id', () => {
    const failure = (task: Record<string, unknown>) =>
      ({
        reason: 'CannotPullContainerError: x',
        task: { clusterName: 'prod', taskId: 'abc', ...task },
      }) as unknown as PullFailure;
    expect(rateEntryOf(failure({ serviceName: 'api', family: 'api-td' })).where).toBe('prod/api');
    expect(rateEntryOf(failure({ family: 'api-td' })).where).toBe('prod/api-td');
    expect(rateEntryOf(failure({})).where).toBe('prod/abc');
  });
});
