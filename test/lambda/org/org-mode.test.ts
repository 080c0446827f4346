/**
 * Issue 18, organization mode, the function's side: an event of a member account is examined through the member's
 * own read role (sts:AssumeRole; its credentials sign every read), fixed only through the member's role for that
 * auto-fix (there only where the member opted in), and diagnosed from its text alone — saying why — when the role
 * cannot be assumed. A storm from 3 accounts × 2 Regions is one incident each. SDK mocks: STS has no emulator here.
 */
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { PublishCommand } from '@aws-sdk/client-sns';
import { memberRoleArn, sessionNameOf } from '../../../lambda/aws/member-clients';
import { DynamoIncidentStore } from '../../../lambda/dedupe/incident-store';
import { runPipeline } from '../../../lambda/pipeline';
import { pipelineDeps, buildDeps } from '../../../lambda/deps';
import { awsError, mocks, writeCommands } from '../../helpers/aws-mocks';
import { useDynaliteTable } from '../../helpers/dynalite-table';
import { emailOf, expectNotified, recordingLog, testClients, testConfig } from '../../helpers/pipeline-harness';
import { SCENARIOS } from '../../helpers/scenarios';

const CENTRAL = '999988887777';
const ORG = 'o-a1b2c3d4e5';
const MEMBER = '123456789012';
const S = SCENARIOS['execution-role-ecr-permissions'];

const db = useDynaliteTable();

/** Answers AssumeRole with credentials named after the role and session, so a test can tell who signed a call. */
function stsAnswers(deny: (roleArn: string) => boolean = () => false) {
  mocks.sts.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string; RoleSessionName: string }) => {
    if (deny(input.RoleArn))
      throw awsError('AccessDenied', 403, `not authorized to perform: sts:AssumeRole on ${input.RoleArn}`);
    const kind = input.RoleArn.includes('-fix-') ? 'FIX' : 'READ';
    return {
      Credentials: {
        AccessKeyId: `ASIA${kind}${input.RoleArn.split(':')[4]}`,
        SecretAccessKey: 'secret',
        SessionToken: `token-${input.RoleSessionName}`,
        Expiration: new Date(Date.now() + 900_000),
      },
    };
  });
}

/** The function as deployed in organization mode in the central account (a fresh container per call). */
function orgDeps(config: Record<string, unknown> = {}) {
  const cfg = testConfig({ region: S.region, organizationId: ORG, ...config });
  const built = buildDeps(cfg, () => undefined, testClients(S.region));
  return pipelineDeps(cfg, built, recordingLog(), { ownAccount: CENTRAL });
}

/** The access key that signed the calls of a mocked command (undefined: the default chain's). */
async function signers(calls: Array<{ thisValue: unknown }>): Promise<string[]> {
  return Promise.all(
    calls.map(async (c) => {
      const creds = (c.thisValue as { config: { credentials: () => Promise<{ accessKeyId: string }> } }).config
        .credentials;
      return (await creds()).accessKeyId;
    }),
  );
}

/** The central deployment in `region`, its own account being MEMBER (organization mode). */
function centralDeps(region: string) {
  const cfg = testConfig({ region, organizationId: ORG });
  return pipelineDeps(
    cfg,
    buildDeps(cfg, () => undefined, testClients(S.region)),
    recordingLog(),
    {
      ownAccount: MEMBER,
    },
  );
}

describe('organization mode: a member account’s event', () => {
  it('is read through the member’s read role: every read is signed with the assumed credentials', async () => {
    S.mock();
    stsAnswers();
    const r = expectNotified(await runPipeline(S.event, orgDeps()));
    expect(r.diagnosis.cause).toBe('execution-role-ecr-permissions');
    expect(r.diagnosis.confidence).toBe('proven');
    const assumed = mocks.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumed).toEqual([
      expect.objectContaining({
        RoleArn: memberRoleArn(MEMBER, S.region, 'read'),
        RoleSessionName: sessionNameOf(r.incidentId),
        DurationSeconds: 900,
      }),
    ]);
    expect(memberRoleArn(MEMBER, S.region, 'read')).toBe(
      `arn:aws:iam::${MEMBER}:role/ecs-pull-doctor-diagnose-ap-northeast-1`,
    );
    const reads = [...mocks.ecs.calls(), ...mocks.iam.calls(), ...mocks.ecr.calls()];
    expect(reads.length).toBeGreaterThan(2);
    expect(new Set(await signers(reads))).toEqual(new Set([`ASIAREAD${MEMBER}`]));
  });

  it('names the member account by its alias as well as its id', async () => {
    S.mock();
    stsAnswers();
    mocks.iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: ['team-prod'] });
    expectNotified(await runPipeline(S.event, orgDeps()));
    expect(emailOf(mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input)).toContain(
      'Account: 123456789012 (team-prod)',
    );
  });

  it('a role that cannot be assumed: diagnosed from the text alone, says why, changes nothing', async () => {
    S.mock();
    stsAnswers(() => true);
    const r = expectNotified(await runPipeline(S.event, orgDeps({ autoFixExecutionRolePolicy: true })));
    expect(r.diagnosis.mode).toBe('text-only');
    expect(r.outcome.kind).toBe('proposed');
    expect(r.diagnosis.unchecked).toContainEqual(
      expect.objectContaining({
        check: 'account-and-region',
        reason: expect.stringContaining(
          'could not assume arn:aws:iam::123456789012:role/ecs-pull-doctor-diagnose-ap-northeast-1',
        ),
      }),
    );
    expect(mocks.ecs.commandCalls(DescribeTasksCommand)).toHaveLength(0);
    expect(writeCommands()).toEqual([]);
    expect(emailOf(mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input)).toContain('AccessDenied');
  });

  it('an auto-fix the member did not opt in to (no role for it) is proposed, never applied', async () => {
    S.mock();
    stsAnswers((arn) => arn.includes('-fix-'));
    const r = expectNotified(await runPipeline(S.event, orgDeps({ autoFixExecutionRolePolicy: true })));
    expect(r.outcome).toMatchObject({ kind: 'proposed', reason: 'member-not-opted-in' });
    expect(writeCommands()).toEqual([]);
    const email = emailOf(mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input);
    expect(email).toContain(
      'account 123456789012 has not opted in to it in ap-northeast-1: its role ' +
        'ecs-pull-doctor-fix-role-policy-ap-northeast-1 could not be assumed',
    );
    expect(email).toContain('set AutoFixExecutionRolePolicy=true on the member stack instance of 123456789012');
  });

  it('an auto-fix the member opted in to writes with the member’s role for it, and only that one', async () => {
    S.mock();
    stsAnswers();
    const r = expectNotified(await runPipeline(S.event, orgDeps({ autoFixExecutionRolePolicy: true })));
    expect(r.outcome.kind).toBe('fixed');
    expect(mocks.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([
      memberRoleArn(MEMBER, S.region, 'read'),
      memberRoleArn(MEMBER, S.region, 'AutoFixExecutionRolePolicy'),
    ]);
    const attach = mocks.iam
      .calls()
      .filter((c) => (c.args[0] as object).constructor.name === 'AttachRolePolicyCommand');
    expect(await signers(attach)).toEqual([`ASIAFIX${MEMBER}`]);
  });

  it('a throttled assume-role is retried (thrown), never settled as a text-only incident', async () => {
    S.mock();
    mocks.sts.on(AssumeRoleCommand).rejects(awsError('Throttling', 400, 'Rate exceeded'));
    await expect(runPipeline(S.event, orgDeps())).rejects.toThrow(/could not assume .*Throttling.*will be retried/);
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('reuses a read session within a container, never a fix session (each fix is its own incident’s)', async () => {
    S.mock();
    stsAnswers();
    const deps = orgDeps({ autoFixExecutionRolePolicy: true });
    const second = JSON.parse(
      JSON.stringify(S.event).replace(/0f6a8c2b9d4e4b1a8f3c5d7e9a1b2c3d/g, '0f6a8c2b9d4e4b1a8f3c5d7e9a1b2cff'),
    );
    S.mock([second]);
    stsAnswers();
    await runPipeline(S.event, deps);
    await runPipeline(second, deps);
    const roles = mocks.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn);
    expect(roles.filter((r) => r === memberRoleArn(MEMBER, S.region, 'read'))).toHaveLength(1);
  });

  it('the central account in another Region goes through its member role there, like any member', async () => {
    S.mock();
    stsAnswers();
    const deps = centralDeps('eu-west-1');
    expectNotified(await runPipeline(S.event, deps));
    expect(mocks.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([
      memberRoleArn(MEMBER, S.region, 'read'),
    ]);
  });

  it('the central account’s own events use the function’s own credentials (no assume-role)', async () => {
    S.mock();
    stsAnswers();
    const deps = centralDeps(S.region);
    expectNotified(await runPipeline(S.event, deps));
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});

describe('organization mode: a storm from 3 accounts × 2 Regions', () => {
  it('is one incident, one message, per account and Region', async () => {
    const accounts = ['123456789012', '210987654321', '345678901234'];
    const regions = ['ap-northeast-1', 'eu-west-1'];
    const base = JSON.stringify(S.event);
    const events = accounts.flatMap((account) =>
      regions.flatMap((region) =>
        Array.from({ length: 5 }, (_, i) =>
          JSON.parse(
            base
              .split('123456789012')
              .join(account)
              .split('ap-northeast-1')
              .join(region)
              .replace(/0f6a8c2b9d4e4b1a8f3c5d7e9a1b2c3d/g, `0f6a8c2b9d4e4b1a8f3c5d7e9a1b2c${i}${i}`),
          ),
        ),
      ),
    );
    S.mock(events);
    stsAnswers();
    const results = await Promise.all(
      events.map((e) => {
        const deps = orgDeps({ region: '' });
        return runPipeline(e, { ...deps, store: new DynamoIncidentStore(db.dynamo.client, db.table) });
      }),
    );
    const notified = results.filter((r) => r.status === 'notified');
    expect(notified).toHaveLength(6);
    const where = new Set(
      notified.map((r) =>
        r.status === 'notified' ? `${r.diagnosis.resources.account}/${r.diagnosis.resources.region}` : '',
      ),
    );
    expect(where.size).toBe(6);
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(6);
  });
});
