/**
 * The S3 gateway endpoint step: one gateway endpoint on the plan's route tables that no usable gateway of
 * the service serves yet (never the main route table: validate.ts), with a deterministic client token. A
 * failed create is followed by a fresh describe: route tables served now count as already present.
 */
import { CreateVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { callAws } from '../../aws/call';
import { clientToken } from '../client-token';
import { describeFailure } from '../step-run';
import type { PlanStep } from '../types';
import { done, stop, tagsOf, worthRedescribing, type EndpointRun, type StepOutcome } from './context';
import { gatewayCoverage, unusableDetail, usableOrUnknown, type VpcState } from './state';

/** ec2:CreateVpcEndpoint of type Gateway (S3). */
export async function createGatewayEndpoint(run: EndpointRun, step: PlanStep): Promise<StepOutcome> {
  const { vpcId } = run;
  const p = step.params;
  const serviceName = String(p.ServiceName);
  const wanted = p.RouteTableIds as string[];
  const remaining = (s: VpcState) => wanted.filter((rt) => !gatewayCoverage(s, serviceName).has(rt));
  const servingIds = () => [...new Set(wanted.map((rt) => gatewayCoverage(run.state, serviceName).get(rt)!))];
  const todo = remaining(run.state);
  if (todo.length === 0) {
    const ids = servingIds();
    return done(
      'already-present',
      ids.join(','),
      `route tables ${wanted.join(', ')} already use gateway endpoint ${ids.join(', ')} for ${serviceName}`,
    );
  }
  const res = await callAws(run.ctx, 'ec2:CreateVpcEndpoint', (abortSignal) =>
    run.ec2.send(
      new CreateVpcEndpointCommand({
        VpcEndpointType: 'Gateway',
        VpcId: vpcId,
        ServiceName: serviceName,
        RouteTableIds: todo,
        ...(typeof p.PolicyDocument === 'string' ? { PolicyDocument: p.PolicyDocument } : {}),
        ClientToken: clientToken(vpcId, 's3', todo),
        TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: tagsOf(step, run.incidentId) }],
      }),
      { abortSignal },
    ),
  );
  if (res.ok && res.value.VpcEndpoint?.VpcEndpointId && usableOrUnknown(res.value.VpcEndpoint)) {
    const id = res.value.VpcEndpoint.VpcEndpointId;
    return done('created', id, `created gateway endpoint ${id} for ${serviceName} on ${todo.join(', ')}`);
  }
  if (!res.ok && worthRedescribing(res) && (await run.reread()) && remaining(run.state).length === 0) {
    const ids = servingIds();
    return done(
      'already-present',
      ids.join(','),
      `gateway endpoint ${ids.join(', ')} for ${serviceName} was created concurrently`,
    );
  }
  return stop(res.ok ? unusableDetail(res.value.VpcEndpoint) : describeFailure(res));
}
