/**
 * A slow API must not push the Lambda past its timeout: with one read hanging forever, runPipeline stops
 * waiting at the evidence deadline (PIPELINE_DEADLINE_MS, or what the invocation has left minus the
 * reserve for acting and notifying), still notifies, and lists what it could not check and why.
 */
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { DescribeNetworkAclsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { runPipeline } from '../../../lambda/pipeline';
import { awsError, mocks, receivedCommands, resetMocks, writeCommands } from '../../helpers/aws-mocks';
import { loadExample } from '../../helpers/events';
import { emailOf, expectNotified, harnessDeps, PublishCommand, recordingLog } from '../../helpers/pipeline-harness';

const never = () => new Promise<never>(() => {});

beforeEach(() => {
  resetMocks();
  // Every read the private-subnet example needs answers "denied" at once, except the one a test makes hang.
  for (const name of ['ecs', 'ec2', 'ecr', 'iam', 'secretsManager', 'ssm'] as const)
    mocks[name].rejects(awsError('AccessDeniedException', 400));
  mocks.sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

describe('evidence deadline', () => {
  it.each([
    ['ecs:DescribeTaskDefinition', () => mocks.ecs.on(DescribeTaskDefinitionCommand).callsFake(never)],
    ['ecs:DescribeServices', () => mocks.ecs.on(DescribeServicesCommand).callsFake(never)],
    ['ec2:DescribeSubnets', () => mocks.ec2.on(DescribeSubnetsCommand).callsFake(never)],
  ] as const)(
    'with %s hanging forever, finishes shortly after a 300 ms deadline and says what it could not check',
    async (api, hang) => {
      hang();
      const log = recordingLog();
      const started = Date.now();

      const result = expectNotified(
        await runPipeline(
          loadExample('fargate-private-subnet-timeout'),
          harnessDeps({ log, config: { deadlineMs: 300 } }),
        ),
      );

      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(295);
      expect(elapsed).toBeLessThan(800);
      const unchecked = result.diagnosis.unchecked.find((u) => u.api === api);
      expect(unchecked?.reason).toMatch(/DeadlineExceededError.*pipeline deadline/);
      // The notification lists it, and still goes out exactly once.
      expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
      const email = emailOf(mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input);
      expect(email).toContain(`${api} failed: DeadlineExceededError`);
      expect(log.find('info', { outcome: 'proposed' })).toBeDefined();
      expect(writeCommands()).toEqual([]);
    },
  );

  it('does not wait for a later wave once the deadline has passed (those calls are not made)', async () => {
    // DescribeSubnets hangs; the VPC-wide reads that need its answer are never sent.
    mocks.ec2.on(DescribeSubnetsCommand).callsFake(never);
    mocks.ec2.on(DescribeNetworkAclsCommand).resolves({ NetworkAcls: [] });

    const result = expectNotified(
      await runPipeline(loadExample('fargate-private-subnet-timeout'), harnessDeps({ config: { deadlineMs: 200 } })),
    );

    expect(receivedCommands()).not.toContain('ec2:DescribeRouteTables');
    expect(receivedCommands()).not.toContain('ec2:DescribeVpcEndpoints');
    // One entry for the failed call, naming the route tables among the checks it blocked.
    const subnets = result.diagnosis.unchecked.filter((u) => u.api === 'ec2:DescribeSubnets');
    expect(subnets).toHaveLength(1);
    expect(subnets[0]!.reason).toMatch(/DeadlineExceededError/);
    expect(subnets[0]!.blocked).toEqual(expect.arrayContaining(['subnets', 'route-tables']));
  });

  it('shortens the deadline to what the invocation has left, minus the reserve for acting and notifying', async () => {
    mocks.ecs.on(DescribeTaskDefinitionCommand).callsFake(never);
    // 15 s reserve + 1.2 s: the evidence may take 1.2 s, not the configured 30 s.
    const left = 16_200;
    const invokedAt = Date.now();
    const started = Date.now();

    await runPipeline(
      loadExample('fargate-private-subnet-timeout'),
      harnessDeps({ config: { deadlineMs: 30_000 }, remainingMs: () => left - (Date.now() - invokedAt) }),
    );

    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_150);
    expect(elapsed).toBeLessThan(1_700);
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });
});
