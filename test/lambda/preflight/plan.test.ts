/** Issue 19 (groundwork): the candidate causes of a preflight and the subject of one container's pull. Pure. */
import { needsFor } from '../../../lambda/causes/call-plan';
import { preflightHint, preflightSubject, PREFLIGHT_CAUSES } from '../../../lambda/preflight/plan';
import { readTaskDefinitionInput } from '../../../lambda/preflight/input';

const TD = readTaskDefinitionInput({
  family: 'api',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [
    { name: 'api', image: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:1' },
    { name: 'proxy', image: 'envoyproxy/envoy:v1.31', essential: false },
  ],
});
const td = TD.ok ? TD.taskDefinition : (undefined as never);
const target = {
  account: '123456789012',
  region: 'ap-northeast-1',
  cluster: 'prod',
  service: 'api',
  launchType: 'FARGATE' as const,
  subnetIds: ['subnet-0a1b2c3d4e5f60718'],
  securityGroupIds: [],
};

describe('preflight plan', () => {
  it('asks about every cause the account can prove, none read from a stop text', () => {
    expect(PREFLIGHT_CAUSES).not.toContain('unknown');
    expect(PREFLIGHT_CAUSES).not.toContain('disk-space');
    expect(PREFLIGHT_CAUSES).toEqual(
      expect.arrayContaining(['image-not-found', 'network-no-route', 'dockerhub-rate-limit']),
    );
    expect(preflightHint().candidates).toEqual([...PREFLIGHT_CAUSES]);
  });

  it('makes one subject per container, in the network the task would get', () => {
    const api = preflightSubject(td, 'api', target);
    expect(api.image).toBe('123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:1');
    expect(api.container?.name).toBe('api');
    expect(api.task).toMatchObject({ serviceName: 'api', subnetIds: target.subnetIds, launchType: 'FARGATE' });
    expect(preflightSubject(td, 'proxy', target).image).toBe('envoyproxy/envoy:v1.31');
  });

  it('the same engine plans its calls: every probe the causes need (network, image, IAM, secrets)', () => {
    const needs = needsFor(preflightHint(), preflightSubject(td, 'api', target));
    expect(needs).toMatchObject({ network: true, ecrImage: true });
  });
});
