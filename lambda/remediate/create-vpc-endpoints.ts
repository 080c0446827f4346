/**
 * Auto-fix for network-no-route / vpc-endpoint-missing: creates, in the task's VPC, only what is still
 * missing of the plan's security group, its HTTPS rule and the endpoints.
 *
 * Safe under concurrency (two Lambdas fixing the same VPC):
 * - state is re-read (DescribeVpcEndpoints / DescribeSecurityGroups) right before the writes;
 * - endpoints carry a deterministic ClientToken (client-token.ts), so racing creations return one endpoint;
 * - any failed create other than AccessDenied is followed by a fresh describe: when the resource is there
 *   now (InvalidGroup.Duplicate, IdempotentParameterMismatch, "conflicting DNS domain" for private DNS,
 *   RouteAlreadyExists, or a timeout after EC2 did the work), the step counts as already present.
 * Everything created carries the created-by tag (required by the IAM conditions), the incident tag and a Name,
 * and the policy document the stack's EndpointPolicy prescribes (validated before the first write).
 *
 * Interface endpoints serve one subnet per Availability Zone of the task's service. An endpoint of the
 * service that already exists but serves none of some of those AZs is extended (ModifyVpcEndpoint
 * AddSubnetIds) only when it carries our created-by tag — re-read here, and required by the IAM condition
 * too; anyone else's endpoint is never modified (reported, and proposed as a manual step). The S3 gateway
 * never goes on the VPC's main route table.
 * After the writes the state is described again and each step checked (verified).
 *
 * The steps live in vpc-endpoints/: state.ts (reading the VPC), validate.ts (the whole plan, before any
 * write), security-group.ts, interface-endpoint.ts and gateway-endpoint.ts (one write step each, sharing
 * the run of context.ts).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { CallContext } from '../aws/call';
import type { Diagnosis } from '../domain/diagnosis';
import { SG_STEP_ID } from './vpc-endpoints/names';
import { describeFailure, type StepRun } from './step-run';
import type { AppliedStep, PlanStep } from './types';
import type { EndpointRun, StepOutcome } from './vpc-endpoints/context';
import { createGatewayEndpoint } from './vpc-endpoints/gateway-endpoint';
import { createInterfaceEndpoint, extendInterfaceEndpoint, readIpv6Offers } from './vpc-endpoints/interface-endpoint';
import { allowHttpsFromVpc, createSecurityGroup } from './vpc-endpoints/security-group';
import { cidrsMissingHttps, findInterfaceEndpoint, gatewayCoverage, readVpcState, usable } from './vpc-endpoints/state';

type StepHandler = (run: EndpointRun, step: PlanStep) => Promise<StepOutcome>;

/** The write step that applies a plan step (a gateway CreateVpcEndpoint is the S3 one), if any. */
function handlerOf(step: PlanStep): StepHandler | undefined {
  if (step.action === 'ec2:CreateSecurityGroup') return createSecurityGroup;
  if (step.action === 'ec2:AuthorizeSecurityGroupIngress') return allowHttpsFromVpc;
  if (step.action === 'ec2:CreateVpcEndpoint' && step.params.VpcEndpointType === 'Gateway')
    return createGatewayEndpoint;
  if (step.action === 'ec2:CreateVpcEndpoint') return createInterfaceEndpoint;
  if (step.action === 'ec2:ModifyVpcEndpoint') return extendInterfaceEndpoint;
  return undefined;
}

export async function applyVpcEndpoints(
  steps: readonly PlanStep[],
  diagnosis: Diagnosis,
  env: { ec2: EC2Client; ctx: CallContext; incidentId: string },
): Promise<StepRun & { notDone: string[] }> {
  const vpcId = diagnosis.resources.vpcId!;
  const applied: AppliedStep[] = [];
  const stopAt = (i: number, error: string) => ({
    applied,
    verified: false,
    failure: { stepId: steps[i]!.id, error },
    notDone: steps.slice(i + 1).map((s) => s.id),
  });

  const initial = await readVpcState(env.ec2, env.ctx, vpcId);
  if (!initial.ok) {
    return {
      applied,
      verified: false,
      failure: {
        stepId: 'precheck',
        error: `could not re-read the VPC before changing it: ${describeFailure(initial)}`,
      },
      notDone: steps.map((s) => s.id),
    };
  }
  const run: EndpointRun = {
    ec2: env.ec2,
    ctx: env.ctx,
    incidentId: env.incidentId,
    vpcId,
    state: initial.value,
    groupId: initial.value.group?.GroupId,
    azOf: new Map(Object.entries(diagnosis.fixInputs.subnetAzs ?? {})),
    reread: async () => {
      const res = await readVpcState(env.ec2, env.ctx, vpcId);
      if (res.ok) run.state = res.value;
      return res.ok ? res.value : undefined;
    },
    ipv6Offered: readIpv6Offers(
      env.ec2,
      env.ctx,
      steps.filter((s) => s.params.IpAddressType === 'dualstack').map((s) => String(s.params.ServiceName)),
    ),
  };

  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const handler = handlerOf(step);
    if (!handler) return stopAt(i, `step ${step.id}: unsupported action ${step.action}`);
    const outcome = await handler(run, step);
    if (!outcome.ok) return stopAt(i, outcome.error);
    const { result, resourceId, detail } = outcome;
    applied.push({ stepId: step.id, action: step.action, ...(resourceId ? { resourceId } : {}), result, detail });
  }

  return { applied, verified: await verify(steps, env, vpcId, run.azOf), notDone: [] };
}

/**
 * Describes again: every step's resource must now exist (pending endpoints count: they become available within
 * minutes).
 */
async function verify(
  steps: readonly PlanStep[],
  env: { ec2: EC2Client; ctx: CallContext },
  vpcId: string,
  azOf: ReadonlyMap<string, string>,
): Promise<boolean> {
  const res = await readVpcState(env.ec2, env.ctx, vpcId);
  if (!res.ok) return false;
  const s = res.value;
  return steps.every((step) => {
    const p = step.params;
    if (step.action === 'ec2:ModifyVpcEndpoint') {
      const e = s.endpoints.find((x) => x.VpcEndpointId === p.VpcEndpointId);
      const served = new Set((e?.SubnetIds ?? []).map((id) => azOf.get(id)));
      return (
        !!e &&
        usable(e) &&
        (p.AddSubnetIds as string[]).every((id) => e.SubnetIds?.includes(id) || served.has(azOf.get(id)))
      );
    }
    if (step.id === SG_STEP_ID || step.action === 'ec2:CreateSecurityGroup') return !!s.group?.GroupId;
    if (step.action === 'ec2:AuthorizeSecurityGroupIngress')
      return cidrsMissingHttps(s.group, p.Cidrs as string[]).length === 0;
    if (p.VpcEndpointType === 'Gateway')
      return (p.RouteTableIds as string[]).every((rt) => gatewayCoverage(s, String(p.ServiceName)).has(rt));
    return !!findInterfaceEndpoint(s, String(p.ServiceName));
  });
}
