/** render(): limits of each format, the outcome variants, both languages, and redaction everywhere. */
import fc from 'fast-check';
import { render } from '../../../lambda/notify/render';
import { renderTerminal } from '../../../lambda/notify/terminal';
import { SUBJECT_MAX } from '../../../lambda/notify/subject';
import { CHAT_DESCRIPTION_MAX } from '../../../lambda/notify/render-chat';
import { text } from '../../../lambda/notify/catalogue-text';
import type { RenderedNotification } from '../../../lambda/notify/types';
import { CAUSE_IDS, type CauseId } from '../../../lambda/domain/diagnosis';
import { ALL_CAUSES, FIRST, TASK_ID, diagnosisFor, inputFor, outcomeFor, planFor } from './fixtures';
import { EXAMPLE_ACCESS_KEY_ID } from '../../helpers/fake-credentials';

const LONG = (c: string) => c.repeat(255); // ECS cluster and service names: up to 255 characters
const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

function allFormats(n: RenderedNotification): string {
  return [n.subject, n.body, JSON.stringify(n.chat), JSON.stringify(n.attributes)].join('\n');
}

describe('subject', () => {
  it('names the cause in plain words, the service, the cluster and the Region', () => {
    expect(render(inputFor('network-no-route')).subject).toBe(
      'ECS image pull failed: no route to ECR - svc api (prod, ap-northeast-1)',
    );
  });

  it('stays ASCII in Japanese', () => {
    expect(render(inputFor('network-no-route', 'ja')).subject).toBe(
      'ECS image pull failed: no route to ECR - svc api (prod, ap-northeast-1)',
    );
  });

  it('marks fixes, failed fixes and reminders', () => {
    const reminder = { ...FIRST, role: 'reminder' as const, count: 412 };
    expect(
      render(inputFor('network-no-route', 'en', { outcome: outcomeFor('network-no-route', 'fixed') })).subject,
    ).toMatch(/^\[fixed\] ECS image pull failed: no route to ECR/);
    expect(
      render(inputFor('network-no-route', 'en', { outcome: outcomeFor('network-no-route', 'failed') })).subject,
    ).toMatch(/^\[fix failed\] /);
    expect(render(inputFor('network-no-route', 'en', { incident: reminder })).subject).toMatch(
      /^\[reminder: 412 failed\] ECS image pull failed: no route to ECR/,
    );
  });

  it('says "likely" when the cause is not proven', () => {
    expect(render(inputFor('image-not-found', 'en', { diagnosis: { confidence: 'likely' } })).subject).toContain(
      ': likely image tag not found - ',
    );
  });

  it.each(CAUSE_IDS)(
    'fits 100 printable ASCII characters with 255-character names and keeps the cause words (%s)',
    (cause) => {
      const n = render(
        inputFor(cause, 'ja', {
          incident: { ...FIRST, role: 'reminder', count: 123456 },
          outcome: outcomeFor(cause, 'failed'),
          diagnosis: {
            confidence: 'possible',
            resources: {
              ...diagnosisFor(cause).resources,
              cluster: LONG('c'),
              service: LONG('s'),
              region: 'ap-southeast-5',
            },
          },
        }),
      );
      expect(n.subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
      expect(n.subject).toMatch(PRINTABLE_ASCII);
      expect(n.subject).toContain(text('en', `cause.${cause}.title`));
    },
  );

  it('truncates the long name and keeps the short one and the Region whole', () => {
    const n = render(
      inputFor('network-no-route', 'en', {
        diagnosis: {
          resources: { ...diagnosisFor('network-no-route').resources, cluster: LONG('c'), region: 'ap-southeast-5' },
        },
      }),
    );
    expect(n.subject).toMatch(/^ECS image pull failed: no route to ECR - svc api \(c+~, ap-southeast-5\)$/);
    expect(n.subject).toHaveLength(SUBJECT_MAX);
  });

  it('never exceeds the limit or leaves ASCII, whatever the names (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_CAUSES),
        fc.string({ maxLength: 255 }),
        fc.option(fc.string({ maxLength: 255 }), { nil: undefined }),
        fc.string({ maxLength: 255 }),
        fc.constantFrom('en' as const, 'ja' as const),
        fc.integer({ min: 1, max: 10_000_000 }),
        (cause: CauseId, cluster: string, service: string | undefined, family: string, language, count) => {
          const base = diagnosisFor(cause);
          const { service: _s, ...rest } = base.resources;
          const n = render(
            inputFor(cause, language, {
              incident: { ...FIRST, role: 'reminder', count },
              diagnosis: { resources: { ...rest, cluster, family, ...(service !== undefined ? { service } : {}) } },
            }),
          );
          return n.subject.length <= SUBJECT_MAX && PRINTABLE_ASCII.test(n.subject) && !/[\r\n]/.test(n.subject);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('body', () => {
  it('tells what happened, the cause, the evidence, the unchecked, the proposal and how to silence it', () => {
    const body = render(inputFor('network-no-route')).body;
    expect(body).toContain(`Task: ${TASK_ID}`);
    expect(body).toContain('Failed tasks in this incident: 1 (since 2026-11-25T10:00:00.000Z)');
    expect(body).toContain('Cause: no route to ECR (proven by the evidence).');
    expect(body).toContain(
      '- [confirmed] No usable 0.0.0.0/0 route: subnet-0123456789abcdef0 (route table rtb-0a1b2c3d4e5f60718',
    );
    expect(body).toContain(
      '- ecr:GetRepositoryPolicy failed: AccessDeniedException. Not checked because of it: repository-policy.',
    );
    expect(body).toContain('deploy the stack with --parameters AutoFixVpcEndpoints=true');
    expect(body).toContain('aws ec2 create-vpc-endpoint --region ap-northeast-1 --vpc-id vpc-0abc1234def567890');
    expect(body).toContain(
      `https://ap-northeast-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/${TASK_ID}?region=ap-northeast-1`,
    );
    expect(body).toContain('Incident inc-3f9a2c1b7d4e');
    expect(body).toContain('{"cause":[{"anything-but":["network-no-route"]}]}');
  });

  it('lists a check that made no AWS call (offline, another account) as a reason, not as a failed call', () => {
    const body = render(
      inputFor('network-no-route', 'en', {
        diagnosis: { unchecked: [{ check: 'aws-evidence', api: 'none', reason: 'no AWS call made (offline)' }] },
      }),
    ).body;
    expect(body).toContain('- aws-evidence: no AWS call made (offline)');
    expect(body).not.toContain('none failed');
  });

  it('lists the evidence that applies and only counts the checks that did not apply', () => {
    const body = render(
      inputFor('network-no-route', 'en', {
        diagnosis: {
          evidence: [
            { check: 'route', result: 'proven', detail: 'Route table rtb-1 has no default route.' },
            { check: 'secrets', result: 'not-applicable', detail: 'The task definition has no secrets.' },
            { check: 'disk', result: 'not-applicable', detail: 'The stop reason does not mention disk space.' },
          ],
        },
      }),
    ).body;
    expect(body).toContain('- [confirmed] Route table rtb-1 has no default route.');
    expect(body).not.toContain('The task definition has no secrets.');
    expect(body).toContain('2 other checks did not apply to this task');
  });

  it('renders the JSON document of a step', () => {
    const body = render(inputFor('execution-role-ecr-permissions')).body;
    expect(body).toContain('Document:\n     {\n       "Version": "2012-10-17",');
    expect(body).toContain('"ecr:BatchGetImage"');
  });

  it('lists the applied steps with their ids when fixed', () => {
    const body = render(inputFor('network-no-route', 'en', { outcome: outcomeFor('network-no-route', 'fixed') })).body;
    expect(body).toContain('Fixed automatically.');
    expect(body).toContain('- create-endpoint-ecr.dkr (ec2:CreateVpcEndpoint): created vpce-00aa11bb22cc33dd44.');
    expect(body).toContain('The fix was verified');
  });

  it('says what was done and what was not when the fix failed', () => {
    const body = render(inputFor('network-no-route', 'en', { outcome: outcomeFor('network-no-route', 'failed') })).body;
    expect(body).toContain('The automatic fix failed at step create-endpoint-s3: UnauthorizedOperation');
    expect(body).toContain('Done before the failure (kept):\n- create-endpoint-ecr.dkr');
    expect(body).toContain('Not done:\n- create-endpoint-s3');
  });

  it.each([
    ['not-proven', 'only a proven cause is fixed'],
    ['no-auto-fix-for-cause', 'There is no automatic fix for this cause'],
    ['duplicate-fix', 'the automatic fix is attempted only with the first message of an incident'],
  ] as const)('explains the propose reason %s', (reason, words) => {
    const body = render(
      inputFor('image-not-found', 'en', { outcome: { kind: 'proposed', plan: planFor('image-not-found'), reason } }),
    ).body;
    expect(body).toContain(words);
  });

  it('explains a refusal with the plan’s refusal text', () => {
    const plan = {
      ...planFor('execution-role-ecr-permissions'),
      refusal: { textKey: 'test.refusal', textArgs: { role: 'r1' } },
    };
    const body = render(
      inputFor('execution-role-ecr-permissions', 'en', { outcome: { kind: 'proposed', plan, reason: 'refused' } }),
    ).body;
    expect(body).toContain('it was not applied because it would not be safe here: test.refusal (role=r1)');
  });

  it('gives the count since the first message in a reminder', () => {
    const incident = { ...FIRST, role: 'reminder' as const, count: 57 };
    expect(render(inputFor('network-no-route', 'en', { incident })).body).toContain(
      'Reminder: the failure is still happening. 57 tasks have failed since the first message (2026-11-25T10:00:00.000Z).',
    );
    expect(render(inputFor('network-no-route', 'ja', { incident })).body).toContain(
      '最初の通知(2026-11-25T10:00:00.000Z)以降、57 個のタスクが失敗しました。',
    );
  });

  it('writes Japanese headings, cause and proposal reason in Japanese', () => {
    const body = render(inputFor('network-no-route', 'ja')).body;
    expect(body).toContain('--- 発生したこと ---');
    expect(body).toContain('原因: ECR への経路がない(証拠により確定)。');
    expect(body).toContain('スタックを --parameters AutoFixVpcEndpoints=true でデプロイしてください');
  });

  it('says the evidence in the message language, falling back to the English detail', () => {
    const d = diagnosisFor('network-no-route');
    const ja = render(inputFor('network-no-route', 'ja')).body;
    expect(ja).toContain(
      '- [確認] 使える 0.0.0.0/0 ルートがありません: subnet-0123456789abcdef0（ルートテーブル rtb-0a1b2c3d4e5f60718: デフォルトルートなし）。',
    );
    expect(ja).not.toContain(d.evidence[1]!.detail);
    // No textKey (or a key the catalogue lacks): the detail, as it is.
    expect(ja).toContain(d.evidence[0]!.detail);
    const unknownKey = render(
      inputFor('network-no-route', 'ja', {
        diagnosis: {
          evidence: [
            {
              check: 'x',
              result: 'info',
              detail: 'An English sentence.',
              textKey: 'evidence.no-such-key',
              textArgs: { a: 1 },
            },
          ],
        },
      }),
    ).body;
    expect(unknownKey).toContain('An English sentence.');
    // English: the catalogue sentence is the detail.
    expect(render(inputFor('network-no-route', 'en')).body).toContain(`- [confirmed] ${d.evidence[1]!.detail}`);
  });

  it('says the top evidence of the chat text in the message language', () => {
    const chat = render(inputFor('network-no-route', 'ja')).chat.content.description;
    expect(chat).toContain('使える 0.0.0.0/0 ルートがありません');
    expect(chat).not.toContain('No usable 0.0.0.0/0 route');
  });

  it('omits the incident parts for the CLI (incident id "-") and a service-less task', () => {
    const base = diagnosisFor('image-not-found');
    const { service: _s, ...resources } = base.resources;
    const body = render(
      inputFor('image-not-found', 'en', { incident: { ...FIRST, id: '-' }, diagnosis: { resources } }),
    ).body;
    expect(body).not.toContain('Incident -:');
    expect(body).toContain('task definition api');
    expect(body).toContain('stop whatever starts these tasks');
  });
});

describe('attributes and chat', () => {
  it('sets the filterable attributes', () => {
    expect(render(inputFor('network-no-route')).attributes).toEqual({
      cause: 'network-no-route',
      family: 'network',
      cluster: 'prod',
      service: 'api',
      action: 'proposed',
      confidence: 'proven',
      incident: 'inc-3f9a2c1b7d4e',
      notice: 'first',
      finding: 'stop-cause',
    });
    const { service: _s, ...resources } = diagnosisFor('image-not-found').resources;
    expect(render(inputFor('image-not-found', 'en', { diagnosis: { resources } })).attributes.service).toBe('-');
  });

  it('renders an Amazon Q Developer custom notification threaded per incident', () => {
    const { chat } = render(inputFor('network-no-route', 'ja'));
    expect(chat).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown' },
      metadata: { threadId: 'inc-3f9a2c1b7d4e' },
    });
    expect(chat.content.title).toContain('ECR への経路がない');
    expect(chat.content.description.length).toBeLessThanOrEqual(CHAT_DESCRIPTION_MAX);
    expect(chat.content.description).toContain('```\naws ec2 create-vpc-endpoint');
  });
});

describe('a sidecar finding (a non-essential container that never ran)', () => {
  const sidecar = { container: 'log-router', taskStoppedReason: 'Essential container in task exited' };
  const input = (lang: 'en' | 'ja') =>
    inputFor('image-not-found', lang, {
      diagnosis: { sidecar },
      outcome: { kind: 'proposed', plan: planFor('image-not-found'), reason: 'sidecar' },
    });

  it.each(['en', 'ja'] as const)('is named as such in every format (%s)', (lang) => {
    const n = render(input(lang));
    expect(n.subject.startsWith('[sidecar] ')).toBe(true);
    expect(n.attributes.finding).toBe('sidecar');
    const intro = text(lang, 'happened.intro.sidecar', {
      scope: text(lang, 'scope.service', { name: 'api' }),
      cluster: 'prod',
      region: 'ap-northeast-1',
      container: 'log-router',
      stopReason: 'Essential container in task exited',
    });
    expect(n.body.split('\n')[0]).toBe(intro);
    const line = text(lang, 'cause.sidecar', {
      container: 'log-router',
      stopReason: 'Essential container in task exited',
    });
    expect(n.body).toContain(line);
    expect(n.body).toContain(text(lang, 'reason.sidecar'));
    expect(n.body).not.toContain(text(lang, 'happened.intro', { scope: '', cluster: '', region: '' }).slice(0, 12));
    expect(n.chat.content.description).toContain(line);
  });

  it.each(['en', 'ja'] as const)('says it in the terminal too (%s)', (lang) => {
    const i = input(lang);
    const out = renderTerminal(i.diagnosis, i.outcome, lang, i.stoppedAt);
    expect(out).toContain(
      text(lang, 'cause.sidecar', { container: 'log-router', stopReason: 'Essential container in task exited' }),
    );
    expect(out).toContain(text(lang, 'reason.sidecar'));
  });

  it('is not tagged when the failure is the stop cause', () => {
    const n = render(inputFor('image-not-found'));
    expect(n.subject).not.toContain('[sidecar]');
    expect(n.attributes.finding).toBe('stop-cause');
    expect(n.body).not.toContain(text('en', 'cause.sidecar', { container: 'web', stopReason: '-' }).slice(0, 20));
  });
});

describe('redaction', () => {
  const SECRETS = [EXAMPLE_ACCESS_KEY_ID, 'ASIAY34FZKBOKMUTVV7A', 'hunter2pass', 'ghp_s3cr3tT0ken', 'p4ssw0rd'];
  const leaky = inputFor('registry-credentials-invalid', 'en', {
    diagnosis: {
      stopReason: `CannotPullContainerError: pull https://deploy:p4ssw0rd@registry.example.com/app failed, key ${EXAMPLE_ACCESS_KEY_ID}`,
      evidence: [
        {
          check: 'secret',
          result: 'proven',
          detail: 'The secret holds password=hunter2pass and token=ghp_s3cr3tT0ken',
        },
        { check: 'sts', result: 'info', detail: 'Caller ASIAY34FZKBOKMUTVV7A' },
        // A catalogue sentence whose values carry credentials: redacted in every language.
        {
          check: 'repository-credentials',
          result: 'proven',
          detail: 'Secret password=hunter2pass was not examined.',
          textKey: 'evidence.registry-credentials-invalid.not-examined',
          textArgs: { secret: `password=hunter2pass ${EXAMPLE_ACCESS_KEY_ID}` },
        },
      ],
      unchecked: [
        {
          check: 'x',
          api: 'secretsmanager:GetSecretValue',
          reason: 'url https://deploy:p4ssw0rd@registry.example.com',
        },
      ],
      sidecar: { container: 'envoy', taskStoppedReason: 'token=ghp_s3cr3tT0ken' },
      resources: {
        ...diagnosisFor('registry-credentials-invalid').resources,
        cluster: `prod-${EXAMPLE_ACCESS_KEY_ID}`,
        service: 'api password=hunter2pass',
      },
    },
    outcome: {
      kind: 'failed',
      plan: {
        ...planFor('registry-credentials-invalid'),
        steps: [
          {
            ...planFor('registry-credentials-invalid').steps[0]!,
            command: 'docker login -u deploy --password=hunter2pass registry.example.com',
            document: { auth: 'token=ghp_s3cr3tT0ken', url: 'https://deploy:p4ssw0rd@registry.example.com' },
          },
        ],
      },
      applied: [{ stepId: 's', action: 'a', result: 'changed', detail: `used ${EXAMPLE_ACCESS_KEY_ID}` }],
      failedStepId: 's',
      error: 'denied for ASIAY34FZKBOKMUTVV7A password=hunter2pass',
      notDone: [],
    },
  });

  it('leaves no credential in the subject, body, chat or attributes', () => {
    const all = allFormats(render(leaky));
    for (const s of SECRETS) expect([s, all.includes(s)]).toEqual([s, false]);
    expect(all).toContain('AKIA****************');
    // Redacted first, then defanged (escape.ts): the user:password pattern still saw the "://".
    expect(all).toContain('https[:]//***:***@registry[.]example[.]com');
  });

  it('leaves no credential in Japanese either', () => {
    const all = allFormats(render({ ...leaky, language: 'ja' }));
    for (const s of SECRETS) expect([s, all.includes(s)]).toEqual([s, false]);
  });
});
