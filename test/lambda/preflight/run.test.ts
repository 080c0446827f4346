/**
 * Issue 19 (groundwork): the preflight engine on the scenario accounts (SDK mocks) — the same cause as a diagnosis of
 * the failed task in the same account, for a task definition that is given (not read) and a task that never ran.
 */
import { CallContext } from '../../../lambda/aws/call';
import { runPipeline } from '../../../lambda/pipeline';
import { readTaskDefinitionInput } from '../../../lambda/preflight/input';
import { runPreflight } from '../../../lambda/preflight/run';
import { mocks } from '../../helpers/aws-mocks';
import { DescribeTaskDefinitionCommand, DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { expectNotified, harnessDeps, testClients } from '../../helpers/pipeline-harness';
import { SCENARIOS } from '../../helpers/scenarios';

const S = SCENARIOS['network-no-route'];

async function taskDefinitionOf(): Promise<unknown> {
  const r = await testClients(S.region).ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api:42' }));
  return { family: r.taskDefinition!.family, ...r.taskDefinition, taskDefinitionArn: undefined };
}

describe('runPreflight', () => {
  it('finds the cause a diagnosis of the failed task finds, from the task definition alone, nothing read back', async () => {
    S.mock();
    const diagnosed = expectNotified(await runPipeline(S.event, harnessDeps({ config: { region: S.region } })));
    S.mock();
    const input = readTaskDefinitionInput(await taskDefinitionOf());
    if (!input.ok) throw new Error(input.reason);
    mocks.ecs.resetHistory();
    const report = await runPreflight(
      input.taskDefinition,
      {
        account: '123456789012',
        region: S.region,
        cluster: 'prod',
        service: 'api',
        launchType: 'FARGATE',
        subnetIds: diagnosed.diagnosis.resources.subnetIds,
        securityGroupIds: diagnosed.diagnosis.resources.securityGroupIds,
      },
      testClients(S.region),
      new CallContext(Date.now() + 10_000),
    );
    expect(report.findings.map((f) => [f.container, f.cause, f.confidence])).toEqual([
      ['api', diagnosed.diagnosis.cause, diagnosed.diagnosis.confidence],
    ]);
    expect(mocks.ecs.commandCalls(DescribeTasksCommand)).toHaveLength(0);
    expect(mocks.ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0);
  });
});
