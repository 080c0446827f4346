/**
 * Issue 13: no fix rests on what an event claims. Anyone who may put events on the bus (or invoke the
 * function) can write an "ECS Task State Change" event; the task is read back with ecs:DescribeTasks, and
 * only a task the account returns, as the event describes it, may be fixed. Every auto-fix is on here.
 * (SDK mocks of the scenario accounts: test/helpers/scenarios.ts; the emulator version of the forged
 * event is in test/cli/handle-emulator.test.ts.)
 */
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { mocks, writeCommands } from '../helpers/aws-mocks';
import { emailOf, expectNotified, harnessDeps, PublishCommand } from '../helpers/pipeline-harness';
import { IDS, SCENARIOS } from '../helpers/scenarios';
import { runPipeline } from '../../lambda/pipeline';
import type { CauseId } from '../../lambda/domain/diagnosis';

const ALL_ON = { autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: true, forceNewDeploymentAfterFix: true };
const AUTO_FIX = (['execution-role-ecr-permissions', 'network-no-route', 'vpc-endpoint-missing'] as CauseId[]).map(
  (c) => [c, SCENARIOS[c]] as const,
);

async function run(event: unknown) {
  const result = expectNotified(await runPipeline(event, harnessDeps({ config: ALL_ON })));
  const published = mocks.sns.commandCalls(PublishCommand);
  expect(published).toHaveLength(1);
  return { result, email: emailOf(published[0]!.args[0].input), writes: writeCommands() };
}

function withSubnet(event: any, subnet: string): any {
  for (const kv of event.detail.attachments[0].details) if (kv.name === 'subnetId') kv.value = subnet;
  return event;
}

describe('a forged event with every auto-fix on', () => {
  it.each(AUTO_FIX)('%s: the genuine event is fixed (control)', async (_cause, s) => {
    s.mock();
    const { result, writes } = await run(s.event);
    expect(result.outcome.kind).toBe('fixed');
    expect(writes.length).toBeGreaterThan(0);
  });

  it.each(AUTO_FIX)(
    '%s: a task DescribeTasks does not return → zero writes, the message says the task could not be confirmed',
    async (_cause, s) => {
      s.mock();
      // The account has never run this task (AWS answers MISSING; moto answers nothing: both are "not returned").
      mocks.ecs
        .on(DescribeTasksCommand)
        .resolves({ tasks: [], failures: [{ arn: (s.event as any).detail.taskArn, reason: 'MISSING' }] });
      const { result, email, writes } = await run(s.event);
      expect(writes).toEqual([]);
      expect(result.diagnosis.cause).toBe(s.cause); // still diagnosed and proposed
      expect(result.outcome).toMatchObject({
        kind: 'proposed',
        reason: 'refused',
        plan: { refusal: { textKey: 'plan.refusal.task-not-confirmed' } },
      });
      expect(result.diagnosis.fixInputs.taskConfirmation).toMatchObject({ confirmed: false });
      expect(email).toContain('does not return task');
      expect(email).toContain('Not applied automatically: the account does not confirm task');
    },
  );

  it.each(AUTO_FIX)(
    '%s: the real task ran in other subnets than the event claims → zero writes, the difference is named',
    async (_cause, s) => {
      s.mock(); // the account returns the genuine task (subnet privateA)
      const forged = withSubnet(s.event, IDS.publicA);
      const { result, email, writes } = await run(forged);
      expect(writes).toEqual([]);
      expect(result.outcome.kind).toBe('proposed');
      expect(email).toContain('differs from the event');
      expect(email).toContain(`subnets ${IDS.privateA} (the event says ${IDS.publicA})`);
    },
  );

  it('a real task that stopped for another reason, with a forged pull-failure text → zero writes, the recorded reason is named', async () => {
    const s = SCENARIOS['network-no-route'];
    s.mock();
    const detail = structuredClone((s.event as any).detail);
    detail.stopCode = 'EssentialContainerExited';
    detail.stoppedReason = 'Essential container in task exited';
    for (const c of detail.containers) {
      delete c.reason;
      c.exitCode = 137;
    }
    mocks.ecs.on(DescribeTasksCommand).resolves({ tasks: [detail], failures: [] });
    const { result, email, writes } = await run(s.event);
    expect(writes).toEqual([]);
    expect(result.outcome.kind).toBe('proposed');
    expect(email).toContain(
      "did not stop for an image-pull failure in the account's record (EssentialContainerExited: Essential container in task exited)",
    );
  });

  it('the account recorded a pull failure of another kind than the event claims → zero writes, both texts named', async () => {
    const s = SCENARIOS['network-no-route'];
    s.mock();
    const detail = structuredClone((s.event as any).detail);
    const denied =
      'CannotPullContainerError: pull access denied for 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api, repository does not exist or may require authorization';
    detail.stoppedReason = denied;
    for (const c of detail.containers) c.reason = denied;
    mocks.ecs.on(DescribeTasksCommand).resolves({ tasks: [detail], failures: [] });
    const { result, email, writes } = await run(s.event);
    expect(writes).toEqual([]);
    expect(result.diagnosis.fixInputs.taskConfirmation).toMatchObject({
      confirmed: false,
      reason: expect.stringContaining('stop reason CannotPullContainerError: pull access denied'),
    });
    expect(email).toContain('differs from the event');
  });

  it('a task definition other than the real one → zero writes (the event cannot name the role to change)', async () => {
    const s = SCENARIOS['execution-role-ecr-permissions'];
    s.mock();
    const forged = s.event as any;
    forged.detail.taskDefinitionArn = forged.detail.taskDefinitionArn.replace(/:\d+$/, ':1');
    const { result, writes } = await run(forged);
    expect(writes).toEqual([]);
    expect(result.diagnosis.fixInputs.taskConfirmation).toMatchObject({
      confirmed: false,
      reason: expect.stringContaining('task definition'),
    });
  });

  it('DescribeTasks failing (AccessDenied) → zero writes, the failed call is named', async () => {
    const s = SCENARIOS['network-no-route'];
    s.mock();
    const denied = Object.assign(new Error('User is not authorized to perform: ecs:DescribeTasks'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    mocks.ecs.on(DescribeTasksCommand).rejects(denied);
    const { result, email, writes } = await run(s.event);
    expect(writes).toEqual([]);
    expect(result.outcome.kind).toBe('proposed');
    expect(result.diagnosis.unchecked.some((u) => u.api === 'ecs:DescribeTasks')).toBe(true);
    expect(email).toContain('ecs:DescribeTasks failed: AccessDeniedException');
  });

  it('a task still RUNNING in the account → zero writes', async () => {
    const s = SCENARIOS['vpc-endpoint-missing'];
    s.mock();
    const detail = structuredClone((s.event as any).detail);
    mocks.ecs.on(DescribeTasksCommand).resolves({ tasks: [{ ...detail, lastStatus: 'RUNNING' }], failures: [] });
    const { result, writes } = await run(s.event);
    expect(writes).toEqual([]);
    expect(result.diagnosis.fixInputs.taskConfirmation).toMatchObject({
      confirmed: false,
      reason: expect.stringContaining('RUNNING'),
    });
  });

  it.each([
    ['another account', { ownAccount: '210987654321' }, 'this deployment can only check its own account 210987654321'],
    ['another region', { config: { region: 'eu-west-1' } }, 'this deployment checks region eu-west-1'],
  ] as const)(
    'an event of %s → no AWS call about it, zero writes, the message says why',
    async (_what, options, said) => {
      const s = SCENARIOS['network-no-route'];
      s.mock();
      const result = expectNotified(
        await runPipeline(
          s.event,
          harnessDeps({ ...options, config: { ...ALL_ON, ...('config' in options ? options.config : {}) } }),
        ),
      );
      expect(writeCommands()).toEqual([]);
      expect(mocks.ec2.calls()).toHaveLength(0);
      expect(result.outcome.kind).toBe('proposed');
      expect(emailOf(mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input)).toContain(said);
    },
  );
});
