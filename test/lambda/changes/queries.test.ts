/** Issue 17: what a proven cause asks CloudTrail event history, within the budget (changes/queries.ts). Pure. */
import { fixQueryFor, MAX_TRAIL_LOOKUPS, trailQueryFor } from '../../../lambda/changes/queries';
import type { Diagnosis } from '../../../lambda/domain/diagnosis';

const ACCOUNT = '123456789012';

function diagnosis(over: Partial<Diagnosis> = {}): Diagnosis {
  return {
    cause: 'execution-role-ecr-permissions',
    family: 'permissions',
    confidence: 'proven',
    candidates: ['execution-role-ecr-permissions'],
    evidence: [],
    unchecked: [],
    resources: {
      account: ACCOUNT,
      region: 'ap-northeast-1',
      cluster: 'prod',
      clusterArn: `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:cluster/prod`,
      service: 'api',
      task: 't1',
      taskArn: `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:task/prod/t1`,
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
      repositoryArn: `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:repository/api`,
      vpcId: 'vpc-0b5e3f4a1c2d3e4f5',
      subnetIds: ['subnet-0a1b2c3d4e5f60718'],
      routeTableIds: ['rtb-0a7b8c9d0e1f23456'],
      securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
    },
    fixInputs: {},
    stopReason: 'x',
    mode: 'evidence',
    ...over,
  };
}

describe('trailQueryFor', () => {
  it('asks by the execution role name for a permissions cause, in the global Region of IAM events', () => {
    const q = trailQueryFor(diagnosis())!;
    expect(q.lookups).toEqual([{ attribute: 'ResourceName', value: 'ecsTaskExecutionRole', global: true }]);
    expect(q.ids).toEqual({ role: [`arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`] });
  });

  it('asks nothing unless the cause is proven from the account', () => {
    expect(trailQueryFor(diagnosis({ confidence: 'likely' }))).toBeUndefined();
    expect(trailQueryFor(diagnosis({ mode: 'text-only' }))).toBeUndefined();
    expect(trailQueryFor(diagnosis({ cause: 'dockerhub-rate-limit', family: 'rate-limit' }))).toBeUndefined();
  });

  it("asks nothing about another account's role or repository (its history is in that account)", () => {
    const d = diagnosis();
    expect(
      trailQueryFor({ ...d, resources: { ...d.resources, executionRoleArn: 'arn:aws:iam::210987654321:role/shared' } }),
    ).toBeUndefined();
    expect(
      trailQueryFor({
        ...d,
        cause: 'image-not-found',
        family: 'image',
        resources: { ...d.resources, repositoryArn: 'arn:aws:ecr:eu-west-1:210987654321:repository/shared' },
      }),
    ).toBeUndefined();
  });

  it('network-no-route: deleted endpoints by event name, tied to the task VPC; the lost NAT and the table by name', () => {
    const q = trailQueryFor(
      diagnosis({
        cause: 'network-no-route',
        family: 'network',
        evidence: [
          {
            check: 'default-route',
            result: 'proven',
            detail: 'x',
            cause: 'network-no-route',
            resourceIds: ['rtb-0a7b8c9d0e1f23456', 'subnet-0a1b2c3d4e5f60718', 'nat-0e1f2a3b4c5d67890'],
          },
        ],
      }),
    )!;
    expect(q.lookups).toEqual([
      { attribute: 'EventName', value: 'DeleteVpcEndpoints' },
      { attribute: 'ResourceName', value: 'nat-0e1f2a3b4c5d67890' },
      { attribute: 'ResourceName', value: 'rtb-0a7b8c9d0e1f23456' },
    ]);
    expect(q.linkVpc).toBe('vpc-0b5e3f4a1c2d3e4f5');
    expect(q.lookups.length).toBeLessThanOrEqual(MAX_TRAIL_LOOKUPS);
  });

  it('public-ip-disabled: UpdateService of this cluster’s service, and the subnet', () => {
    const q = trailQueryFor(diagnosis({ cause: 'public-ip-disabled', family: 'network' }))!;
    expect(q.ids).toEqual({ service: ['prod/api'], subnet: ['subnet-0a1b2c3d4e5f60718'] });
    expect(q.lookups.map((l) => l.value)).toEqual(['UpdateService', 'subnet-0a1b2c3d4e5f60718']);
  });

  it('fixQueryFor asks for the new endpoint where the change query asked for the deleted one', () => {
    const d = diagnosis({ cause: 'network-no-route', family: 'network' });
    expect(fixQueryFor(d)?.lookups[0]).toEqual({ attribute: 'EventName', value: 'CreateVpcEndpoint' });
    expect(fixQueryFor(d)).not.toHaveProperty('linkVpc');
  });
});
