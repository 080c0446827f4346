/**
 * Issue 16: the EC2 launch type examined — one account per class of failure (test/helpers/scenarios.ts, strict
 * SDK mocks) through runPipeline, as the function runs: the cause, the evidence that decides it, what the
 * notification says, and the calls it took (≤ 12 calls, ≤ 4 waves of calls each waiting on an earlier one).
 */
import { pullFailureOf } from '../../helpers/events';
import { createClients } from '../../../lambda/aws/clients';
import { mocks, writeCommands } from '../../helpers/aws-mocks';
import { DescribeContainerInstancesCommand } from '@aws-sdk/client-ecs';
import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { CallContext, criticalPathRounds } from '../../../lambda/aws/call';
import { callPlanFor } from '../../../lambda/causes/call-plan';
import { classifyText } from '../../../lambda/causes/classify';
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { gatherFacts } from '../../../lambda/facts/gather';
import { incidentKeyOf } from '../../../lambda/pipeline';
import { awsError } from '../../helpers/aws-mocks';
import { withLatency } from '../../helpers/latency';
import { runScenario } from '../../helpers/run-scenario';
import { EC2_SCENARIOS, SCENARIOS } from '../../helpers/scenarios';

const failureOf = pullFailureOf;

const run = runScenario;

/** Every AWS read the mocks answered, by API name ("ec2:DescribeInstances"). */
function reads(): string[] {
  return Object.entries(mocks).flatMap(([svc, m]) =>
    m
      .calls()
      .map((c) => `${svc}:${(c.args[0] as object).constructor.name.replace(/Command$/, '')}`)
      // SNS, and event history read after the diagnosis (what changed), are not evidence reads.
      .filter((n) => !n.startsWith('sns:') && !n.startsWith('cloudtrail:')),
  );
}

const proven = (d: { evidence: Array<{ check: string; result: string }> }) =>
  d.evidence.filter((e) => e.result === 'proven').map((e) => e.check);

describe('EC2: no execution role, and the container instance role cannot pull', () => {
  const s = SCENARIOS['instance-role-ecr-permissions'];

  it('reads the instance, its profile and its role, and proves the cause with the role simulation', async () => {
    const { result, published } = await run(s, { AUTO_FIX_EXECUTION_ROLE_POLICY: 'true' });
    const d = result.diagnosis;
    expect(d.cause).toBe('instance-role-ecr-permissions');
    expect(d.confidence).toBe('proven');
    expect(proven(d)).toContain('instance-role-permissions');
    expect(d.resources.ec2InstanceId).toBe('i-08a7b6c5d4e3f40a1');
    const calls = reads();
    expect(calls).toEqual(
      expect.arrayContaining([
        'ecs:DescribeContainerInstances',
        'ec2:DescribeInstances',
        'iam:GetInstanceProfile',
        'iam:SimulatePrincipalPolicy',
      ]),
    );
    expect(calls.length).toBeLessThanOrEqual(12);
    const sim = mocks.iam
      .calls()
      .find((c) => (c.args[0] as object).constructor.name === 'SimulatePrincipalPolicyCommand');
    expect((sim!.args[0] as { input: { PolicySourceArn: string } }).input.PolicySourceArn).toBe(
      'arn:aws:iam::123456789012:role/ecs-batch-instance-role',
    );
    // Never an automatic change on an instance role, even with the execution-role auto-fix on.
    expect(result.outcome).toMatchObject({ kind: 'proposed', reason: 'no-auto-fix-for-cause' });
    expect(writeCommands()).toEqual([]);
    const body = published[0]!.body;
    expect(body).toContain('aws iam attach-role-policy --role-name ecs-batch-instance-role --policy-arn');
    expect(body).toContain('AmazonEC2ContainerServiceforEC2Role');
    expect(body).toContain('executionRoleArn');
  });

  it('is ruled out once the instance role has the container instance policy', async () => {
    const { result } = await run(EC2_SCENARIOS.instanceRoleAllowed);
    const d = result.diagnosis;
    expect(d.cause).not.toBe('instance-role-ecr-permissions');
    expect(d.evidence.find((e) => e.check === 'instance-role-permissions')?.result).toBe('ruled-out');
  });
});

describe('EC2 bridge mode: the network is the container instance’s', () => {
  it('proves no route from a private subnet without NAT, from the instance’s subnet', async () => {
    const { result } = await run(EC2_SCENARIOS.bridgePrivateNoNat);
    const d = result.diagnosis;
    expect(d.cause).toBe('network-no-route');
    expect(d.confidence).toBe('proven');
    expect(d.resources.subnetIds).toEqual(['subnet-0a1b2c3d4e5f60718']);
    expect(d.evidence.filter((e) => e.check === 'network-mode').map((e) => e.result)).toEqual(['info']);
    const calls = reads();
    expect(calls).toContain('ec2:DescribeInstances');
    expect(calls).not.toContain('ecs:DescribeServices');
    expect(calls.length).toBeLessThanOrEqual(12);
  });

  it('proves a missing public IP from the instance in a public subnet, and proposes instance launch settings', async () => {
    const { result, published } = await run(EC2_SCENARIOS.bridgePublicNoIp, { AUTO_FIX_VPC_ENDPOINTS: 'true' });
    expect(result.diagnosis.cause).toBe('public-ip-disabled');
    expect(proven(result.diagnosis)).toContain('instance-public-ip');
    expect(published[0]!.body).toContain('--map-public-ip-on-launch');
    expect(published[0]!.body).not.toContain('assignPublicIp=ENABLED');
    expect(writeCommands()).toEqual([]);
  });
});

describe('EC2 wordings and sidecars', () => {
  it('reads the EC2 agent’s Secrets Manager wording as a secret that does not exist', async () => {
    const { result } = await run(EC2_SCENARIOS.agentSecretWording);
    expect(result.diagnosis.family).toBe('registry-auth');
    expect(result.diagnosis.cause).toBe('secret-or-parameter-unavailable');
    expect(result.diagnosis.confidence).toBe('proven');
  });

  it('reads a Docker Hub "manifest unknown" as a missing tag, never a rate limit', async () => {
    const { result } = await run(EC2_SCENARIOS.dockerHubTagNotFound);
    expect(result.diagnosis.cause).toBe('image-not-found');
    expect(result.diagnosis.candidates).not.toContain('dockerhub-rate-limit');
  });

  it('reports a non-essential sidecar that never ran as its own finding, never fixed', async () => {
    const { result, published } = await run(EC2_SCENARIOS.sidecar, { AUTO_FIX_EXECUTION_ROLE_POLICY: 'true' });
    const d = result.diagnosis;
    expect(d.sidecar).toEqual({ container: 'xray-daemon', taskStoppedReason: 'Essential container in task exited' });
    expect(d.cause).toBe('image-not-found');
    expect(d.confidence).toBe('proven');
    expect(result.outcome).toMatchObject({ kind: 'proposed', reason: 'sidecar' });
    const n = published[0]!;
    expect(n.subject).toMatch(/^\[sidecar\] /);
    expect(n.attributes.finding).toBe('sidecar');
    expect(n.body).toContain('non-essential container xray-daemon');
  });
});

describe('EC2 reads that fail', () => {
  it('reports a denied instance-role simulation as what could not be checked, in at most 4 waves', async () => {
    const s = SCENARIOS['instance-role-ecr-permissions'];
    s.mock();
    mocks.iam.on(SimulatePrincipalPolicyCommand).rejects(awsError('AccessDenied', 403, 'not authorized'));
    const restore = withLatency();
    try {
      const f = failureOf(s.event);
      const ctx = new CallContext();
      const facts = await gatherFacts(f, callPlanFor(classifyText(f.reason, f.image, f.task.launchType), f), {
        clients: createClients(s.region),
        ctx,
      });
      const d = diagnose(f, facts);
      expect(criticalPathRounds(ctx.calls)).toBeLessThanOrEqual(4);
      expect(ctx.calls.map((c) => c.api)).not.toContain('iam:ListRolePolicies');
      expect(d.cause === 'instance-role-ecr-permissions' && d.confidence === 'proven').toBe(false);
      expect(d.unchecked).toContainEqual(
        expect.objectContaining({ check: 'instance-role-permissions', api: 'iam:SimulatePrincipalPolicy' }),
      );
    } finally {
      restore();
    }
  });

  it('says DescribeContainerInstances was denied, not that the event named no instance', async () => {
    const { result } = await run(EC2_SCENARIOS.bridgePrivateNoNat, {}, () =>
      mocks.ecs.on(DescribeContainerInstancesCommand).rejects(awsError('AccessDeniedException', 400, 'denied')),
    );
    const d = result.diagnosis;
    expect(d.confidence).not.toBe('proven');
    expect(d.unchecked).toContainEqual(expect.objectContaining({ api: 'ecs:DescribeContainerInstances' }));
    expect(JSON.stringify(d.unchecked)).not.toContain('the event names no container instance');
  });
});

describe('incidents of a sidecar and of the stop cause', () => {
  it('keeps a sidecar finding apart from an essential container failure of the same service', () => {
    const sidecar = failureOf(EC2_SCENARIOS.sidecar.event);
    const essential = failureOf(EC2_SCENARIOS.bridgePrivateNoNat.event);
    expect(incidentKeyOf(sidecar, 'image')).not.toEqual(incidentKeyOf(essential, 'image'));
    expect(incidentKeyOf(sidecar, 'image').hint).toBe('image:container:xray-daemon');
  });
});
