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
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcEndpointCommand,
  type EC2Client,
  type IpPermission,
  type SecurityGroup,
  type Tag,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { callAws, type CallContext, type Fact, type Unknown } from '../aws/call';
import { isAlreadyExists } from '../aws/errors';
import type { EndpointPolicyMode } from '../config';
import type { Diagnosis, EndpointService } from '../diagnose/types';
import { CREATED_BY_TAG, CREATED_BY_VALUE, INCIDENT_TAG, WRITE_ACTIONS } from '../permissions';
import { clientToken } from './client-token';
import { ENDPOINT_SG_NAME, SG_STEP_ID, endpointPolicyDocument } from './plans/endpoints';
import { partitionOfArn } from './plans/shared';
import { describeFailure, type StepRun } from './step-run';
import type { AppliedStep, PlanStep } from './types';

const MAX_PAGES = 10;
const USABLE_STATES = new Set(['available', 'pending']);
const ENDPOINT_SERVICES: readonly EndpointService[] = ['ecr.api', 'ecr.dkr', 's3', 'logs', 'secretsmanager', 'ssm'];

export interface VpcState {
  endpoints: VpcEndpoint[];
  /** Our endpoint security group (found by VPC + name + created-by tag). */
  group?: SecurityGroup;
}

export async function readVpcState(ec2: EC2Client, ctx: CallContext, vpcId: string): Promise<Fact<VpcState>> {
  const endpoints: VpcEndpoint[] = [];
  let next: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await callAws(ctx, 'ec2:DescribeVpcEndpoints', (abortSignal) =>
      ec2.send(
        new DescribeVpcEndpointsCommand({
          Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
          ...(next ? { NextToken: next } : {}),
        }),
        { abortSignal },
      ),
    );
    if (!res.ok) return res;
    endpoints.push(...(res.value.VpcEndpoints ?? []));
    next = res.value.NextToken;
    if (!next) break;
  }
  const groups = await callAws(ctx, 'ec2:DescribeSecurityGroups', (abortSignal) =>
    ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'group-name', Values: [ENDPOINT_SG_NAME] },
          { Name: `tag:${CREATED_BY_TAG}`, Values: [CREATED_BY_VALUE] },
        ],
      }),
      { abortSignal },
    ),
  );
  if (!groups.ok) return groups;
  const group = groups.value.SecurityGroups?.[0];
  return { ok: true, value: { endpoints, ...(group ? { group } : {}) } };
}

function usable(e: VpcEndpoint): boolean {
  return USABLE_STATES.has(String(e.State ?? '').toLowerCase());
}

function isType(e: VpcEndpoint, type: 'Interface' | 'Gateway'): boolean {
  return String(e.VpcEndpointType ?? '').toLowerCase() === type.toLowerCase();
}

/** A usable interface endpoint for the service with private DNS (one without private DNS does not help the pull). */
export function findInterfaceEndpoint(state: VpcState, serviceName: string): VpcEndpoint | undefined {
  return state.endpoints.find(
    (e) => e.ServiceName === serviceName && isType(e, 'Interface') && usable(e) && e.PrivateDnsEnabled === true,
  );
}

/** Whether the endpoint carries the created-by tag (only then does the auto-fix ever modify it). */
export function isOurs(e: VpcEndpoint): boolean {
  return (e.Tags ?? []).some((t) => t.Key === CREATED_BY_TAG && t.Value === CREATED_BY_VALUE);
}

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

/** Route tables already served by a usable gateway endpoint of the service, and by which endpoint. */
export function gatewayCoverage(state: VpcState, serviceName: string): Map<string, string> {
  const covered = new Map<string, string>();
  for (const e of state.endpoints) {
    if (e.ServiceName === serviceName && isType(e, 'Gateway') && usable(e))
      for (const rt of e.RouteTableIds ?? []) covered.set(rt, e.VpcEndpointId ?? '?');
  }
  return covered;
}

/** CIDRs among `cidrs` that the group does not yet allow on TCP 443. */
export function cidrsMissingHttps(group: SecurityGroup | undefined, cidrs: readonly string[]): string[] {
  const allowed = new Set<string>();
  for (const p of group?.IpPermissions ?? ([] as IpPermission[])) {
    const all = p.IpProtocol === '-1';
    const tcp443 = p.IpProtocol === 'tcp' && (p.FromPort ?? 0) <= 443 && (p.ToPort ?? 0) >= 443;
    if (all || tcp443) for (const r of p.IpRanges ?? []) if (r.CidrIp) allowed.add(r.CidrIp);
  }
  return cidrs.filter((c) => !allowed.has(c));
}

function tagsOf(step: PlanStep, incidentId: string): Tag[] {
  const base = (step.params.Tags as Tag[] | undefined) ?? [];
  return [...base.filter((t) => t.Key !== INCIDENT_TAG), { Key: INCIDENT_TAG, Value: incidentId.slice(0, 256) }];
}

const ID = { vpc: /^vpc-[0-9a-f]{8,17}$/, subnet: /^subnet-[0-9a-f]{8,17}$/, rtb: /^rtb-[0-9a-f]{8,17}$/ };
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function validCidr(c: unknown): boolean {
  const m = typeof c === 'string' ? c.match(CIDR) : null;
  return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

const VPCE_ID = /^vpce-[0-9a-f]{8,17}$/;

/** Problems that forbid applying the endpoint steps (empty = valid). Checked for the whole plan before any write. */
export function validateEndpointSteps(
  steps: readonly PlanStep[],
  diagnosis: Diagnosis,
  incidentId: string,
  endpointPolicy: EndpointPolicyMode = 'account',
): string[] {
  const problems: string[] = [];
  const r = diagnosis.resources;
  const fi = diagnosis.fixInputs;
  const partition = partitionOfArn(r.taskArn) ?? 'aws';
  const azs = fi.subnetAzs ?? {};
  const oneSubnetPerAz = (ids: unknown[]) =>
    new Set(ids.map((id) => azs[String(id)])).size === ids.length && ids.every((id) => !!azs[String(id)]);
  const allowed: readonly string[] = WRITE_ACTIONS.vpcEndpoints;
  if (!r.vpcId || !ID.vpc.test(r.vpcId)) problems.push(`the VPC id ${r.vpcId ?? '(unknown)'} is not valid`);
  if (!r.region) problems.push('the Region is not known');
  if (fi.vpcDnsSupport !== true || fi.vpcDnsHostnames !== true || fi.vpcCustomDns !== false)
    problems.push('the VPC DNS settings are not confirmed as on with Amazon-provided DNS');
  if (!incidentId) problems.push('no incident id to tag the resources with');
  const stepIds = new Set(steps.map((s) => s.id));
  for (const s of steps) {
    const p = s.params;
    if (!allowed.includes(s.action)) problems.push(`step ${s.id}: ${s.action} is not an allowed endpoint write`);
    if (JSON.stringify(p).includes('<')) problems.push(`step ${s.id}: has unresolved placeholders`);
    if (p.VpcId !== r.vpcId) problems.push(`step ${s.id}: VPC ${String(p.VpcId)} is not the task's VPC`);
    const tags = (p.Tags as Tag[] | undefined) ?? [];
    if (
      (s.action === 'ec2:CreateSecurityGroup' || s.action === 'ec2:CreateVpcEndpoint') &&
      !tags.some((t) => t.Key === CREATED_BY_TAG && t.Value === CREATED_BY_VALUE)
    ) {
      problems.push(`step ${s.id}: missing the ${CREATED_BY_TAG} tag`);
    }
    if (s.action === 'ec2:CreateSecurityGroup' && p.GroupName !== ENDPOINT_SG_NAME)
      problems.push(`step ${s.id}: unexpected group name`);
    if (s.action === 'ec2:AuthorizeSecurityGroupIngress') {
      const cidrs = p.Cidrs as unknown[] | undefined;
      if (p.Port !== 443 || !Array.isArray(cidrs) || cidrs.length === 0 || !cidrs.every(validCidr))
        problems.push(`step ${s.id}: needs port 443 and valid VPC CIDRs`);
    }
    if (s.action === 'ec2:CreateVpcEndpoint') {
      const service = ENDPOINT_SERVICES.find((svc) => p.ServiceName === `com.amazonaws.${r.region}.${svc}`);
      if (!service)
        problems.push(`step ${s.id}: service ${String(p.ServiceName)} is not an endpoint an image pull needs`);
      if (service) {
        if (endpointPolicy !== 'full' && !/^\d{12}$/.test(r.account))
          problems.push(`step ${s.id}: the account ${r.account || '(unknown)'} for the endpoint policy is not valid`);
        const expected = endpointPolicyDocument(endpointPolicy, service, r.account, partition, r.region);
        if (p.PolicyDocument !== expected)
          problems.push(`step ${s.id}: the endpoint policy is not the one EndpointPolicy=${endpointPolicy} prescribes`);
      }
      if (service === 's3') {
        const rts = p.RouteTableIds as unknown[] | undefined;
        if (
          p.VpcEndpointType !== 'Gateway' ||
          !Array.isArray(rts) ||
          rts.length === 0 ||
          !rts.every((x) => typeof x === 'string' && ID.rtb.test(x))
        ) {
          problems.push(`step ${s.id}: the S3 endpoint must be a gateway on valid route tables`);
        }
        // The main route table is every unassociated subnet's: never changed automatically
        // (plan.refusal.s3-main-route-table).
        if (!fi.mainRouteTableId)
          problems.push(
            `step ${s.id}: the VPC's main route table is not known, so the route tables cannot be told apart from it`,
          );
        else if (Array.isArray(rts) && rts.includes(fi.mainRouteTableId))
          problems.push(`step ${s.id}: ${fi.mainRouteTableId} is the VPC's main route table`);
      } else if (service) {
        const subnets = p.SubnetIds as unknown[] | undefined;
        if (p.VpcEndpointType !== 'Interface' || p.PrivateDnsEnabled !== true)
          problems.push(`step ${s.id}: must be an interface endpoint with private DNS`);
        if (
          !Array.isArray(subnets) ||
          subnets.length === 0 ||
          !subnets.every((x) => typeof x === 'string' && ID.subnet.test(x))
        )
          problems.push(`step ${s.id}: needs valid subnets`);
        else if (fi.subnetAzs && !oneSubnetPerAz(subnets))
          problems.push(`step ${s.id}: needs exactly one subnet per Availability Zone`);
        if (!(typeof p.SecurityGroupFromStep === 'string' && stepIds.has(p.SecurityGroupFromStep)))
          problems.push(`step ${s.id}: its security group step is not in the plan`);
      }
    }
    if (s.action === 'ec2:ModifyVpcEndpoint') {
      const service = ENDPOINT_SERVICES.find(
        (svc) => svc !== 's3' && p.ServiceName === `com.amazonaws.${r.region}.${svc}`,
      );
      const add = p.AddSubnetIds as unknown[] | undefined;
      const seen = (fi.interfaceEndpointsLackingAzs ?? []).find((x) => x.endpointId === p.VpcEndpointId);
      if (!service)
        problems.push(
          `step ${s.id}: service ${String(p.ServiceName)} is not an interface endpoint an image pull needs`,
        );
      if (typeof p.VpcEndpointId !== 'string' || !VPCE_ID.test(p.VpcEndpointId))
        problems.push(`step ${s.id}: the endpoint id ${String(p.VpcEndpointId)} is not valid`);
      // Only ever an endpoint the diagnosis saw carrying our created-by tag (apply re-reads the tag, IAM requires it).
      if (!seen?.createdByUs)
        problems.push(
          `step ${s.id}: endpoint ${String(p.VpcEndpointId)} is not known to be one ecs-pull-doctor created`,
        );
      if (!Array.isArray(add) || add.length === 0 || !add.every((x) => typeof x === 'string' && ID.subnet.test(x)))
        problems.push(`step ${s.id}: needs valid subnets to add`);
      else if (!oneSubnetPerAz(add))
        problems.push(`step ${s.id}: needs one subnet per Availability Zone, each with a known AZ`);
      const other = Object.keys(p).filter(
        (k) => !['VpcId', 'VpcEndpointId', 'ServiceName', 'Service', 'AddSubnetIds'].includes(k),
      );
      if (other.length) problems.push(`step ${s.id}: only adds subnets (unexpected ${other.join(', ')})`);
    }
  }
  return problems;
}

/** A create failed: does the resource exist now (race, duplicate, timeout after success)? AccessDenied never does. */
function worthRedescribing(u: Unknown): boolean {
  return u.kind !== 'access-denied' && u.kind !== 'throttled' ? true : isAlreadyExists({ name: u.errorName });
}

export async function applyVpcEndpoints(
  steps: readonly PlanStep[],
  diagnosis: Diagnosis,
  env: { ec2: EC2Client; ctx: CallContext; incidentId: string },
): Promise<StepRun & { notDone: string[] }> {
  const vpcId = diagnosis.resources.vpcId!;
  const applied: AppliedStep[] = [];
  const stop = (i: number, error: string) => ({
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
  let state = initial.value;
  const reread = async (): Promise<VpcState | undefined> => {
    const res = await readVpcState(env.ec2, env.ctx, vpcId);
    if (res.ok) state = res.value;
    return res.ok ? res.value : undefined;
  };
  let groupId = state.group?.GroupId;
  const azOf = new Map(Object.entries(diagnosis.fixInputs.subnetAzs ?? {}));

  /**
   * Makes an existing interface endpoint serve the AZs of `wanted`: AddSubnetIds when it is ours, nothing
   * (reported) when it is not. `detail` continues the step's sentence.
   */
  const extend = async (
    e: VpcEndpoint,
    wanted: readonly string[],
  ): Promise<{ result: AppliedStep['result']; detail: string; error?: string }> => {
    const id = e.VpcEndpointId!;
    const gap = await subnetsForMissingAzs(env.ec2, env.ctx, e, wanted, azOf);
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
    const res = await callAws(env.ctx, 'ec2:ModifyVpcEndpoint', (abortSignal) =>
      env.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddSubnetIds: add }), { abortSignal }),
    );
    if (res.ok && res.value.Return !== false)
      return { result: 'changed', detail: `; extended to ${add.join(', ')} (${azs.join(', ')})` };
    // A failure may still have done the work (a timeout, a racing invocation): describe again before reporting it.
    if (!res.ok && worthRedescribing(res) && (await reread())) {
      const now = state.endpoints.find((x) => x.VpcEndpointId === id);
      const again = now ? await subnetsForMissingAzs(env.ec2, env.ctx, now, wanted, azOf) : undefined;
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
  };

  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const p = step.params;
    const done = (result: AppliedStep['result'], resourceId: string | undefined, detail: string) =>
      applied.push({ stepId: step.id, action: step.action, ...(resourceId ? { resourceId } : {}), result, detail });

    if (step.action === 'ec2:CreateSecurityGroup') {
      if (state.group?.GroupId) {
        groupId = state.group.GroupId;
        done(
          'already-present',
          groupId,
          `security group ${ENDPOINT_SG_NAME} (${groupId}) already exists in ${vpcId}; reused`,
        );
        continue;
      }
      const res = await callAws(env.ctx, 'ec2:CreateSecurityGroup', (abortSignal) =>
        env.ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: String(p.GroupName),
            Description: String(p.Description),
            VpcId: vpcId,
            TagSpecifications: [{ ResourceType: 'security-group', Tags: tagsOf(step, env.incidentId) }],
          }),
          { abortSignal },
        ),
      );
      if (res.ok && res.value.GroupId) {
        groupId = res.value.GroupId;
        state = { ...state, group: { GroupId: groupId, IpPermissions: [] } };
        done('created', groupId, `created security group ${ENDPOINT_SG_NAME} (${groupId}) in ${vpcId}`);
        continue;
      }
      const err = res.ok ? 'CreateSecurityGroup returned no GroupId' : describeFailure(res);
      if (!res.ok && worthRedescribing(res) && (await reread())?.group?.GroupId) {
        groupId = state.group!.GroupId!;
        done(
          'already-present',
          groupId,
          `security group ${ENDPOINT_SG_NAME} (${groupId}) was created concurrently; reused`,
        );
        continue;
      }
      return stop(
        i,
        res.ok || !isAlreadyExists({ name: res.errorName })
          ? err
          : `${err}: a group named ${ENDPOINT_SG_NAME} exists in ${vpcId} without the ${CREATED_BY_TAG} tag`,
      );
    }

    if (step.action === 'ec2:AuthorizeSecurityGroupIngress') {
      if (!groupId) return stop(i, 'no endpoint security group to add the rule to');
      const missing = cidrsMissingHttps(state.group, p.Cidrs as string[]);
      if (missing.length === 0) {
        done('already-present', groupId, `${groupId} already allows TCP 443 from ${(p.Cidrs as string[]).join(', ')}`);
        continue;
      }
      const gid = groupId;
      const res = await callAws(env.ctx, 'ec2:AuthorizeSecurityGroupIngress', (abortSignal) =>
        env.ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: gid,
            IpPermissions: [
              {
                IpProtocol: 'tcp',
                FromPort: 443,
                ToPort: 443,
                IpRanges: missing.map((c) => ({ CidrIp: c, Description: 'HTTPS from the VPC (ecs-pull-doctor)' })),
              },
            ],
          }),
          { abortSignal },
        ),
      );
      if (res.ok) {
        done('changed', groupId, `allowed TCP 443 from ${missing.join(', ')} on ${groupId}`);
        continue;
      }
      if (
        worthRedescribing(res) &&
        (await reread()) &&
        cidrsMissingHttps(state.group, p.Cidrs as string[]).length === 0
      ) {
        done('already-present', groupId, `TCP 443 from ${missing.join(', ')} was allowed on ${groupId} concurrently`);
        continue;
      }
      return stop(i, describeFailure(res));
    }

    if (step.action === 'ec2:CreateVpcEndpoint' && p.VpcEndpointType === 'Gateway') {
      const serviceName = String(p.ServiceName);
      const wanted = p.RouteTableIds as string[];
      const remaining = (s: VpcState) => wanted.filter((rt) => !gatewayCoverage(s, serviceName).has(rt));
      const todo = remaining(state);
      if (todo.length === 0) {
        const ids = [...new Set(wanted.map((rt) => gatewayCoverage(state, serviceName).get(rt)!))];
        done(
          'already-present',
          ids.join(','),
          `route tables ${wanted.join(', ')} already use gateway endpoint ${ids.join(', ')} for ${serviceName}`,
        );
        continue;
      }
      const res = await callAws(env.ctx, 'ec2:CreateVpcEndpoint', (abortSignal) =>
        env.ec2.send(
          new CreateVpcEndpointCommand({
            VpcEndpointType: 'Gateway',
            VpcId: vpcId,
            ServiceName: serviceName,
            RouteTableIds: todo,
            ...(typeof p.PolicyDocument === 'string' ? { PolicyDocument: p.PolicyDocument } : {}),
            ClientToken: clientToken(vpcId, 's3', todo),
            TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: tagsOf(step, env.incidentId) }],
          }),
          { abortSignal },
        ),
      );
      if (res.ok && res.value.VpcEndpoint?.VpcEndpointId && usableOrUnknown(res.value.VpcEndpoint)) {
        const id = res.value.VpcEndpoint.VpcEndpointId;
        done('created', id, `created gateway endpoint ${id} for ${serviceName} on ${todo.join(', ')}`);
        continue;
      }
      if (!res.ok && worthRedescribing(res) && (await reread()) && remaining(state).length === 0) {
        const ids = [...new Set(wanted.map((rt) => gatewayCoverage(state, serviceName).get(rt)!))];
        done(
          'already-present',
          ids.join(','),
          `gateway endpoint ${ids.join(', ')} for ${serviceName} was created concurrently`,
        );
        continue;
      }
      return stop(i, res.ok ? unusableDetail(res.value.VpcEndpoint) : describeFailure(res));
    }

    if (step.action === 'ec2:CreateVpcEndpoint') {
      const serviceName = String(p.ServiceName);
      const existing = findInterfaceEndpoint(state, serviceName);
      if (existing) {
        // Present (another incident, a racing invocation, or one still pending at diagnosis): it must serve the
        // service's AZs too — extended when it is ours, reported when it is someone else's.
        const ext = await extend(existing, p.SubnetIds as string[]);
        if (ext.error) return stop(i, ext.error);
        done(
          ext.result,
          existing.VpcEndpointId,
          `interface endpoint ${existing.VpcEndpointId} for ${serviceName} already exists with ` +
            `private DNS (${existing.State})${ext.detail}`,
        );
        continue;
      }
      if (!groupId) return stop(i, 'no endpoint security group for the interface endpoint');
      const gid = groupId;
      const svc = ENDPOINT_SERVICES.find((x) => serviceName.endsWith(`.${x}`)) ?? serviceName;
      const res = await callAws(env.ctx, 'ec2:CreateVpcEndpoint', (abortSignal) =>
        env.ec2.send(
          new CreateVpcEndpointCommand({
            VpcEndpointType: 'Interface',
            VpcId: vpcId,
            ServiceName: serviceName,
            SubnetIds: p.SubnetIds as string[],
            SecurityGroupIds: [gid],
            PrivateDnsEnabled: true,
            ...(typeof p.PolicyDocument === 'string' ? { PolicyDocument: p.PolicyDocument } : {}),
            ClientToken: clientToken(vpcId, svc),
            TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: tagsOf(step, env.incidentId) }],
          }),
          { abortSignal },
        ),
      );
      if (res.ok && res.value.VpcEndpoint?.VpcEndpointId && usableOrUnknown(res.value.VpcEndpoint)) {
        const id = res.value.VpcEndpoint.VpcEndpointId;
        done(
          'created',
          id,
          `created interface endpoint ${id} for ${serviceName} in ` +
            `${(p.SubnetIds as string[]).join(', ')} with private DNS`,
        );
        continue;
      }
      if (!res.ok && worthRedescribing(res)) {
        const found = (await reread()) && findInterfaceEndpoint(state, serviceName);
        if (found) {
          const ext = await extend(found, p.SubnetIds as string[]);
          if (ext.error) return stop(i, ext.error);
          done(
            ext.result,
            found.VpcEndpointId,
            `interface endpoint ${found.VpcEndpointId} for ${serviceName} was created concurrently ` +
              `(${res.errorName})${ext.detail}`,
          );
          continue;
        }
      }
      return stop(i, res.ok ? unusableDetail(res.value.VpcEndpoint) : describeFailure(res));
    }

    if (step.action === 'ec2:ModifyVpcEndpoint') {
      const id = String(p.VpcEndpointId);
      const e = state.endpoints.find((x) => x.VpcEndpointId === id);
      if (!e || !usable(e) || e.ServiceName !== p.ServiceName || !isType(e, 'Interface'))
        return stop(
          i,
          `interface endpoint ${id} for ${String(p.ServiceName)} is no longer there (or not usable): nothing changed`,
        );
      if (!isOurs(e)) return stop(i, `endpoint ${id} does not carry the ${CREATED_BY_TAG} tag: it is not changed`);
      const ext = await extend(e, p.AddSubnetIds as string[]);
      if (ext.error) return stop(i, ext.error);
      done(
        ext.result === 'changed' ? 'changed' : 'already-present',
        id,
        `interface endpoint ${id} for ${String(p.ServiceName)}` +
          (ext.result === 'changed' ? '' : ' already serves those Availability Zones') +
          ext.detail,
      );
      continue;
    }

    return stop(i, `step ${step.id}: unsupported action ${step.action}`);
  }

  return { applied, verified: await verify(steps, env, vpcId, azOf), notDone: [] };
}

/** Creation answered with an endpoint: it must not be a deleted one (a reused client token within its lifetime). */
function usableOrUnknown(e: VpcEndpoint): boolean {
  return e.State === undefined || usable(e);
}

function unusableDetail(e: VpcEndpoint | undefined): string {
  return e?.VpcEndpointId
    ? `EC2 returned endpoint ${e.VpcEndpointId} in state ${String(e.State)} (an earlier endpoint ` +
        `with the same client token was deleted); create it by hand`
    : 'CreateVpcEndpoint returned no endpoint';
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
