/**
 * The interface endpoint steps: create one per service with private DNS in one subnet per AZ of the task's
 * service (or, when a usable one is already there, make it serve those AZs), and extend an existing one
 * (ModifyVpcEndpoint AddSubnetIds) — only ever an endpoint carrying our created-by tag, re-read here;
 * anyone else's endpoint is reported, never modified. A failed write is followed by a fresh describe.
 */
import {
  CreateVpcEndpointCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointServicesCommand,
  ModifyVpcEndpointCommand,
  type EC2Client,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { callAws, type CallContext, type Fact } from '../../aws/call';
import { CREATED_BY_TAG } from '../../permissions';
import { clientToken } from '../client-token';
import { describeFailure } from '../step-run';
import type { AppliedStep, PlanStep } from '../types';
import {
  done,
  ENDPOINT_SERVICES,
  stop,
  tagsOf,
  worthRedescribing,
  type EndpointRun,
  type StepOutcome,
} from './context';
import { findInterfaceEndpoint, isOurs, isType, unusableDetail, usable, usableOrUnknown } from './state';

/**
 * Of `wanted` (one subnet per AZ), the subnets in AZs the endpoint serves no subnet of. `azOf` holds the AZs
 * known so far; the AZs of the endpoint's other subnets are described (DescribeSubnets) and added to it.
 */
export async function subnetsForMissingAzs(
  ec2: EC2Client,
  ctx: CallContext,
  endpoint: VpcEndpoint,
  wanted: readonly string[],
  azOf: Map<string, string>,
): Promise<Fact<{ add: string[]; azs: string[] }>> {
  const current = endpoint.SubnetIds ?? [];
  const candidates = wanted.filter((id) => !current.includes(id));
  if (candidates.length === 0) return { ok: true, value: { add: [], azs: [] } };
  const unknown = current.filter((id) => !azOf.has(id));
  if (unknown.length > 0) {
    const res = await callAws(ctx, 'ec2:DescribeSubnets', (abortSignal) =>
      ec2.send(new DescribeSubnetsCommand({ SubnetIds: unknown }), { abortSignal }),
    );
    if (!res.ok) return res;
    for (const sub of res.value.Subnets ?? [])
      if (sub.SubnetId && sub.AvailabilityZone) azOf.set(sub.SubnetId, sub.AvailabilityZone);
    const still = unknown.filter((id) => !azOf.has(id));
    if (still.length)
      return {
        ok: false,
        api: 'ec2:DescribeSubnets',
        kind: 'not-found',
        errorName: 'NoAvailabilityZone',
        reason: `the Availability Zone of subnet ${still.join(', ')} of ${endpoint.VpcEndpointId} is not known`,
      };
  }
  const served = new Set(current.map((id) => azOf.get(id)!));
  const add: string[] = [];
  const azs: string[] = [];
  for (const id of candidates) {
    const az = azOf.get(id);
    if (!az || served.has(az) || azs.includes(az)) continue;
    add.push(id);
    azs.push(az);
  }
  return { ok: true, value: { add, azs } };
}

/**
 * Makes an existing interface endpoint serve the AZs of `wanted`: AddSubnetIds when it is ours, nothing
 * (reported) when it is not. `detail` continues the step's sentence.
 */
async function extendToAzs(
  run: EndpointRun,
  e: VpcEndpoint,
  wanted: readonly string[],
): Promise<{ result: AppliedStep['result']; detail: string; error?: string }> {
  const id = e.VpcEndpointId!;
  const gap = await subnetsForMissingAzs(run.ec2, run.ctx, e, wanted, run.azOf);
  if (!gap.ok)
    return {
      result: 'skipped',
      detail: '',
      error: `could not read the Availability Zones of ${id}: ${describeFailure(gap)}; it was not extended`,
    };
  const { add, azs } = gap.value;
  if (add.length === 0) return { result: 'already-present', detail: '' };
  if (!isOurs(e)) {
    return {
      result: 'already-present',
      detail:
        `; it serves no subnet in ${azs.join(', ')}, but it is not ours (no ${CREATED_BY_TAG} ` +
        `tag), so it was not modified: add a subnet there by hand (${add.join(', ')}) if the tasks ` +
        `in those AZs should use it in their own AZ`,
    };
  }
  const res = await callAws(run.ctx, 'ec2:ModifyVpcEndpoint', (abortSignal) =>
    run.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddSubnetIds: add }), { abortSignal }),
  );
  if (res.ok && res.value.Return !== false)
    return { result: 'changed', detail: `; extended to ${add.join(', ')} (${azs.join(', ')})` };
  // A failure may still have done the work (a timeout, a racing invocation): describe again before reporting it.
  if (!res.ok && worthRedescribing(res) && (await run.reread())) {
    const now = run.state.endpoints.find((x) => x.VpcEndpointId === id);
    const again = now ? await subnetsForMissingAzs(run.ec2, run.ctx, now, wanted, run.azOf) : undefined;
    if (again?.ok && again.value.add.length === 0)
      return { result: 'already-present', detail: `; it was extended to ${azs.join(', ')} concurrently` };
  }
  return {
    result: 'skipped',
    detail: '',
    error:
      `could not extend ${id} to ${add.join(', ')}: ` +
      `${res.ok ? 'ModifyVpcEndpoint returned false' : describeFailure(res)}`,
  };
}

/**
 * Which of `serviceNames` the Region's endpoint service accepts IPv6 for (ec2:DescribeVpcEndpointServices
 * SupportedIpAddressTypes, one call for all of them), as EndpointRun.ipv6Offered answers per service: a dual-stack
 * request is only sent for a service that says so.
 */
export function readIpv6Offers(
  ec2: EC2Client,
  ctx: CallContext,
  serviceNames: readonly string[],
): (serviceName: string) => Promise<{ ok: true } | { ok: false; why: string }> {
  let read: Promise<Fact<Set<string>>> | undefined;
  return async (serviceName) => {
    read ??= callAws(ctx, 'ec2:DescribeVpcEndpointServices', (abortSignal) =>
      ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [...new Set(serviceNames)] }), { abortSignal }),
    ).then((res) =>
      res.ok
        ? {
            ok: true as const,
            value: new Set(
              (res.value.ServiceDetails ?? [])
                .filter((x) => x.SupportedIpAddressTypes?.includes('ipv6'))
                .map((x) => x.ServiceName ?? ''),
            ),
          }
        : res,
    );
    const offers = await read;
    if (!offers.ok) return { ok: false, why: `its IPv6 support could not be read (${describeFailure(offers)})` };
    if (offers.value.has(serviceName)) return { ok: true };
    return { ok: false, why: `${serviceName} does not list IPv6 among its supported IP address types here` };
  };
}

/**
 * ec2:CreateVpcEndpoint of type Interface: with private DNS, in the plan's subnets, behind our group;
 * dual-stack when the plan asks for it (dual-stack subnets) and the service offers IPv6, else IPv4 (said).
 */
export async function createInterfaceEndpoint(run: EndpointRun, step: PlanStep): Promise<StepOutcome> {
  const { vpcId } = run;
  const p = step.params;
  const serviceName = String(p.ServiceName);
  const existing = findInterfaceEndpoint(run.state, serviceName);
  if (existing) {
    // Present (another incident, a racing invocation, or one still pending at diagnosis): it must serve the
    // service's AZs too — extended when it is ours, reported when it is someone else's.
    const ext = await extendToAzs(run, existing, p.SubnetIds as string[]);
    if (ext.error) return stop(ext.error);
    return done(
      ext.result,
      existing.VpcEndpointId,
      `interface endpoint ${existing.VpcEndpointId} for ${serviceName} already exists with ` +
        `private DNS (${existing.State})${ext.detail}`,
    );
  }
  if (!run.groupId) return stop('no endpoint security group for the interface endpoint');
  const gid = run.groupId;
  const svc = ENDPOINT_SERVICES.find((x) => serviceName.endsWith(`.${x}`)) ?? serviceName;
  const family = p.IpAddressType === 'dualstack' ? await run.ipv6Offered(serviceName) : undefined;
  const dual = family?.ok === true;
  const familyDetail = dual ? ', dual-stack' : family ? `, IPv4 only: ${family.why}` : '';
  const res = await callAws(run.ctx, 'ec2:CreateVpcEndpoint', (abortSignal) =>
    run.ec2.send(
      new CreateVpcEndpointCommand({
        VpcEndpointType: 'Interface',
        VpcId: vpcId,
        ServiceName: serviceName,
        SubnetIds: p.SubnetIds as string[],
        SecurityGroupIds: [gid],
        PrivateDnsEnabled: true,
        ...(dual ? { IpAddressType: 'dualstack', DnsOptions: { DnsRecordIpType: 'dualstack' } } : {}),
        ...(typeof p.PolicyDocument === 'string' ? { PolicyDocument: p.PolicyDocument } : {}),
        ClientToken: clientToken(vpcId, svc),
        TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: tagsOf(step, run.incidentId) }],
      }),
      { abortSignal },
    ),
  );
  if (res.ok && res.value.VpcEndpoint?.VpcEndpointId && usableOrUnknown(res.value.VpcEndpoint)) {
    const id = res.value.VpcEndpoint.VpcEndpointId;
    return done(
      'created',
      id,
      `created interface endpoint ${id} for ${serviceName} in ` +
        `${(p.SubnetIds as string[]).join(', ')} with private DNS${familyDetail}`,
    );
  }
  if (!res.ok && worthRedescribing(res)) {
    const found = (await run.reread()) && findInterfaceEndpoint(run.state, serviceName);
    if (found) {
      const ext = await extendToAzs(run, found, p.SubnetIds as string[]);
      if (ext.error) return stop(ext.error);
      return done(
        ext.result,
        found.VpcEndpointId,
        `interface endpoint ${found.VpcEndpointId} for ${serviceName} was created concurrently ` +
          `(${res.errorName})${ext.detail}`,
      );
    }
  }
  return stop(res.ok ? unusableDetail(res.value.VpcEndpoint) : describeFailure(res));
}

/** ec2:ModifyVpcEndpoint: adds the plan's subnets to an interface endpoint we created, for the AZs it lacks. */
export async function extendInterfaceEndpoint(run: EndpointRun, step: PlanStep): Promise<StepOutcome> {
  const p = step.params;
  const id = String(p.VpcEndpointId);
  const e = run.state.endpoints.find((x) => x.VpcEndpointId === id);
  if (!e || !usable(e) || e.ServiceName !== p.ServiceName || !isType(e, 'Interface'))
    return stop(
      `interface endpoint ${id} for ${String(p.ServiceName)} is no longer there (or not usable): nothing changed`,
    );
  if (!isOurs(e)) return stop(`endpoint ${id} does not carry the ${CREATED_BY_TAG} tag: it is not changed`);
  const ext = await extendToAzs(run, e, p.AddSubnetIds as string[]);
  if (ext.error) return stop(ext.error);
  return done(
    ext.result === 'changed' ? 'changed' : 'already-present',
    id,
    `interface endpoint ${id} for ${String(p.ServiceName)}` +
      (ext.result === 'changed' ? '' : ' already serves those Availability Zones') +
      ext.detail,
  );
}
