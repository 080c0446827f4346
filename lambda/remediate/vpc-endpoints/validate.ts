/**
 * Pure: validation of the endpoint steps of a plan, for the whole plan before the first write — the task's
 * VPC and Region, Amazon-provided DNS, only the allowed writes, the created-by tag, HTTPS from valid CIDRs,
 * only the endpoint services an image pull needs with the policy EndpointPolicy prescribes, the S3 gateway
 * never on the main route table, one subnet per AZ, and extending only endpoints ecs-pull-doctor created.
 */
import type { Tag } from '@aws-sdk/client-ec2';
import type { EndpointPolicyMode } from '../../config';
import type { Diagnosis } from '../../domain/diagnosis';
import { CREATED_BY_TAG, CREATED_BY_VALUE, WRITE_ACTIONS } from '../../permissions';
import { ENDPOINT_SG_NAME, endpointPolicyDocument } from './names';
import { partitionOfArn } from '../plans/shared';
import type { PlanStep } from '../types';
import { ENDPOINT_SERVICES } from './context';

const ID = { vpc: /^vpc-[0-9a-f]{8,17}$/, subnet: /^subnet-[0-9a-f]{8,17}$/, rtb: /^rtb-[0-9a-f]{8,17}$/ };
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function validCidr(c: unknown): boolean {
  const m = typeof c === 'string' ? c.match(CIDR) : null;
  return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

const VPCE_ID = /^vpce-[0-9a-f]{8,17}$/;
const IPV6_CIDR = /^[0-9a-f:]{2,39}\/(\d{1,3})$/i;

/** IPv6 ranges only from the VPC's own IPv6 CIDRs as read (and only when the endpoints are to be dual-stack). */
function validIpv6Cidrs(c: unknown, vpcIpv6: readonly string[] | undefined): boolean {
  if (c === undefined) return true;
  return (
    Array.isArray(c) &&
    c.length > 0 &&
    c.every((x) => {
      const m = typeof x === 'string' ? x.match(IPV6_CIDR) : null;
      return !!m && Number(m[1]) <= 128 && (vpcIpv6 ?? []).includes(x as string);
    })
  );
}

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
  // Writes only: the group's one read (DescribeVpcEndpointServices) is apply's own, never a plan step.
  const allowed: readonly string[] = WRITE_ACTIONS.vpcEndpoints.filter((a) => !a.startsWith('ec2:Describe'));
  const af = fi.addressFamily;
  const dualStack = af?.endpointsDualStack === true ? af.vpcIpv6Cidrs : undefined;
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
      if (!validIpv6Cidrs(p.Ipv6Cidrs, dualStack))
        problems.push(`step ${s.id}: IPv6 ranges must be the VPC's IPv6 CIDRs, and only for dual-stack endpoints`);
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
        else if (subnets.some((x) => af?.ipv6OnlySubnets?.includes(x as string)))
          problems.push(`step ${s.id}: an IPv6-only subnet cannot hold an IPv4 or dual-stack endpoint`);
        const family = [p.IpAddressType, p.DnsRecordIpType];
        if (family.some((x) => x !== undefined) && !(dualStack && family.every((x) => x === 'dualstack')))
          problems.push(`step ${s.id}: only a dual-stack endpoint in dual-stack subnets may set an IP address type`);
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
