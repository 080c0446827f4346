/**
 * iam:GetRole against moto (a real IAM implementation, TOOLCHAIN.md §12): what readRole makes of a role's
 * trust policy, path and tags as the service returns them (emulated: CreateRole, TagRole, GetRole). The
 * simulation is not in moto; its reading is tested with SDK-shaped answers in iam-simulation.test.ts.
 */
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import type { Clients } from '../../../lambda/aws/clients';
import { CallContext } from '../../../lambda/aws/call';
import { CallBudget } from '../../../lambda/facts/probes/budget';
import { readRole } from '../../../lambda/facts/probes/iam-role';
import {
  MOTO_ACCOUNT,
  motoClients,
  requireMoto,
  startMoto,
  type MotoClients,
  type MotoHandle,
} from '../../helpers/moto';

const gate = requireMoto('the iam:GetRole emulator test');

const trust = (principal: Record<string, unknown>, condition?: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });

(gate.skip ? describe.skip : describe)('readRole against moto', () => {
  let moto: MotoHandle;
  let clients: MotoClients;
  beforeAll(async () => {
    gate.check();
    moto = await startMoto();
    clients = motoClients(moto.url);
  }, 60_000);
  afterAll(async () => {
    clients?.destroy();
    await moto?.stop();
  });
  beforeEach(() => moto.reset());

  const read = (roleArn: string) =>
    readRole({ iam: clients.iam } as unknown as Clients, new CallBudget(new CallContext()), roleArn);

  it('reads an ECS execution role under a path, with its tags (a conditional trust still trusts ECS tasks)', async () => {
    await clients.iam.send(
      new CreateRoleCommand({
        RoleName: 'web-execution-role',
        Path: '/ecs/',
        AssumeRolePolicyDocument: trust(
          { Service: 'ecs-tasks.amazonaws.com' },
          { StringEquals: { 'aws:SourceAccount': MOTO_ACCOUNT } },
        ),
        Tags: [{ Key: 'ecs-pull-doctor:auto-fix', Value: 'allowed' }],
      }),
    );
    const role = await read(`arn:aws:iam::${MOTO_ACCOUNT}:role/ecs/web-execution-role`);
    expect(role).toEqual({
      ok: true,
      value: {
        arn: `arn:aws:iam::${MOTO_ACCOUNT}:role/ecs/web-execution-role`,
        path: '/ecs/',
        trustsEcsTasks: true,
        tags: { 'ecs-pull-doctor:auto-fix': 'allowed' },
      },
    });
  });

  it('says a role that only EC2 may assume does not trust ECS tasks', async () => {
    await clients.iam.send(
      new CreateRoleCommand({
        RoleName: 'instance-role',
        AssumeRolePolicyDocument: trust({ Service: ['ec2.amazonaws.com'] }),
      }),
    );
    const role = await read(`arn:aws:iam::${MOTO_ACCOUNT}:role/instance-role`);
    expect(role).toMatchObject({ ok: true, value: { path: '/', trustsEcsTasks: false, tags: {} } });
  });

  it('answers unknown (not a guess) for a role that does not exist', async () => {
    const role = await read(`arn:aws:iam::${MOTO_ACCOUNT}:role/gone`);
    expect(role).toMatchObject({ ok: false, api: 'iam:GetRole' });
  });
});
