/**
 * Planner for network-no-route and vpc-endpoint-missing: the VPC endpoints an image pull needs
 * (DOMAIN.md "Network facts"). The plan's params are exactly what apply sends (apply only adds the
 * incident tag and the security group id it found or created); the commands are the same calls for a human.
 */
import type { Diagnosis, EndpointService } from '../../diagnose/types';
import { CREATED_BY_TAG, CREATED_BY_VALUE } from '../../permissions';
import { clientToken } from '../client-token';
import type { Plan, PlanStep } from '../types';
import { basePlan, describeNetworkCommand, isProven, manual, regionFlag, sh } from './shared';

export const ENDPOINT_SG_NAME = 'ecs-pull-doctor-endpoints';
export const ENDPOINT_SG_DESCRIPTION = 'HTTPS from the VPC to the interface endpoints created by ecs-pull-doctor';
export const SG_STEP_ID = 'create-endpoint-security-group';
export const INGRESS_STEP_ID = 'allow-https-to-endpoints';
/** Interface endpoint price in most regions: USD 0.01 per AZ-hour ≈ 7.3 per month (730 h), plus data. */
export const INTERFACE_ENDPOINT_USD_PER_AZ_MONTH = 7.3;
const ORDER: EndpointService[] = ['ecr.api', 'ecr.dkr', 's3', 'logs', 'secretsmanager', 'ssm'];
const BASE: EndpointService[] = ['ecr.api', 'ecr.dkr', 's3'];

export function endpointStepId(service: EndpointService): string {
  return `create-endpoint-${service}`;
}

/**
 * Endpoint service name. China Regions prefix some services with "cn." (ecr.api, ecr.dkr and s3 among
 * them) and not others, so plans there are proposal-only (refusal) with a command to list the names.
 */
export function serviceNameOf(region: string, service: EndpointService): string {
  const prefix = isChinaRegion(region) && (service === 'ecr.api' || service === 'ecr.dkr' || service === 's3') ? 'cn.com.amazonaws' : 'com.amazonaws';
  return `${prefix}.${region}.${service}`;
}

function isChinaRegion(region: string | undefined): boolean {
  return region?.startsWith('cn-') === true;
}

export function nameTag(value: string): Array<{ Key: string; Value: string }> {
  return [
    { Key: 'Name', Value: value },
    { Key: CREATED_BY_TAG, Value: CREATED_BY_VALUE },
  ];
}

function cliTags(resourceType: string, value: string): string {
  return `'ResourceType=${resourceType},Tags=[{Key=Name,Value=${value}},{Key=${CREATED_BY_TAG},Value=${CREATED_BY_VALUE}}]'`;
}

/** The endpoint services still missing, in a fixed order (what the diagnosis found, else the needed set). */
export function missingServices(d: Diagnosis): EndpointService[] {
  const fi = d.fixInputs;
  const list = fi.missingEndpoints ?? fi.neededEndpoints ?? (d.cause === 'network-no-route' ? BASE : []);
  return ORDER.filter((s) => list.includes(s));
}

function refusalOf(d: Diagnosis, missing: EndpointService[], interfaceSubnets: string[], routeTables: string[]): Plan['refusal'] {
  const r = d.resources;
  const fi = d.fixInputs;
  const vpcId = r.vpcId ?? '?';
  if (!r.vpcId) return { textKey: 'plan.refusal.vpc-unknown', textArgs: { task: r.task, cluster: r.cluster } };
  if (!r.region) return { textKey: 'plan.refusal.region-unknown' };
  if (isChinaRegion(r.region)) return { textKey: 'plan.refusal.china-region', textArgs: { region: r.region } };
  if (fi.vpcDnsSupport === false || fi.vpcDnsHostnames === false) {
    return { textKey: 'plan.refusal.vpc-dns-disabled', textArgs: { vpcId, dnsSupport: String(fi.vpcDnsSupport), dnsHostnames: String(fi.vpcDnsHostnames) } };
  }
  if (fi.vpcCustomDns === true) return { textKey: 'plan.refusal.vpc-custom-dns', textArgs: { vpcId } };
  if (fi.vpcDnsSupport === undefined || fi.vpcDnsHostnames === undefined || fi.vpcCustomDns === undefined) {
    return { textKey: 'plan.refusal.vpc-dns-unknown', textArgs: { vpcId } };
  }
  if (missing.length === 0) return { textKey: 'plan.refusal.nothing-missing', textArgs: { vpcId } };
  const needsInterface = missing.some((s) => s !== 's3');
  if (needsInterface && interfaceSubnets.length === 0) return { textKey: 'plan.refusal.endpoint-subnets-unknown', textArgs: { vpcId } };
  if (needsInterface && (r.vpcCidrs ?? []).length === 0) return { textKey: 'plan.refusal.vpc-cidr-unknown', textArgs: { vpcId } };
  if (missing.includes('s3') && routeTables.length === 0) return { textKey: 'plan.refusal.route-tables-unknown', textArgs: { vpcId } };
  return undefined;
}

export function planVpcEndpoints(d: Diagnosis): Plan {
  const r = d.resources;
  const fi = d.fixInputs;
  const region = r.region;
  const vpcId = r.vpcId ?? '<VPC_ID>';
  const missing = missingServices(d);
  const interfaceSubnets = fi.endpointSubnetIds ?? [];
  // The S3 gateway goes on the route tables of the task's subnets that lack it (fallback: all of them;
  // apply re-reads which route tables already have an S3 gateway endpoint).
  const routeTables = fi.routeTablesWithoutS3 ?? r.routeTableIds;
  const refusal = refusalOf(d, missing, interfaceSubnets, routeTables);
  const auto = isProven(d.confidence) && refusal === undefined;
  const rf = regionFlag(d);
  const steps: PlanStep[] = [];

  if (!r.vpcId || (missing.some((s) => s !== 's3') && interfaceSubnets.length === 0)) {
    steps.push(manual('find-vpc-and-subnets', 'plan.endpoints.find-vpc', { action: 'ec2:DescribeSubnets', command: describeNetworkCommand(d) }));
  }
  if (isChinaRegion(region)) {
    steps.push(
      manual('list-endpoint-service-names', 'plan.endpoints.list-service-names', {
        action: 'ec2:DescribeVpcEndpointServices',
        command: `aws ec2 describe-vpc-endpoint-services${rf} --query 'ServiceNames[?contains(@, \`ecr\`) || ends_with(@, \`.s3\`) || ends_with(@, \`.logs\`) || ends_with(@, \`.secretsmanager\`) || ends_with(@, \`.ssm\`)]'`,
      }),
    );
  }
  steps.push(...vpcDnsAttributeSteps(d, (on) => on === false));
  if (fi.vpcCustomDns === true) steps.push(customDnsStep(d));

  const interfaces = missing.filter((s) => s !== 's3');
  if (interfaces.length > 0) {
    const cidrs = r.vpcCidrs ?? [];
    steps.push({
      id: SG_STEP_ID,
      action: 'ec2:CreateSecurityGroup',
      resource: vpcId,
      params: { VpcId: vpcId, GroupName: ENDPOINT_SG_NAME, Description: ENDPOINT_SG_DESCRIPTION, Tags: nameTag(ENDPOINT_SG_NAME) },
      command:
        `ENDPOINT_SG_ID=$(aws ec2 create-security-group${rf} --vpc-id ${sh(vpcId)} --group-name ${ENDPOINT_SG_NAME} --description ${sh(ENDPOINT_SG_DESCRIPTION)} ` +
        `--tag-specifications ${cliTags('security-group', ENDPOINT_SG_NAME)} --query GroupId --output text)`,
      automatic: auto,
      textKey: 'plan.endpoints.create-security-group',
      textArgs: { vpcId, groupName: ENDPOINT_SG_NAME },
    });
    const ranges = (cidrs.length > 0 ? cidrs : ['<VPC_CIDR>']).map((c) => `{CidrIp=${c},Description=HTTPS from the VPC}`).join(',');
    steps.push({
      id: INGRESS_STEP_ID,
      action: 'ec2:AuthorizeSecurityGroupIngress',
      resource: vpcId,
      params: { VpcId: vpcId, GroupName: ENDPOINT_SG_NAME, Port: 443, Cidrs: cidrs },
      command: `aws ec2 authorize-security-group-ingress${rf} --group-id "$ENDPOINT_SG_ID" --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[${ranges}]'`,
      automatic: auto,
      textKey: 'plan.endpoints.allow-https',
      textArgs: { cidrs: cidrs.join(', ') || '<VPC_CIDR>' },
    });
  }
  for (const service of missing) {
    const serviceName = region ? serviceNameOf(region, service) : `com.amazonaws.<REGION>.${service}`;
    const name = `ecs-pull-doctor-${service}`;
    if (service === 's3') {
      const rts = routeTables.length > 0 ? routeTables : ['<ROUTE_TABLE_ID>'];
      const token = clientToken(vpcId, service, routeTables);
      steps.push({
        id: endpointStepId(service),
        action: 'ec2:CreateVpcEndpoint',
        resource: vpcId,
        params: { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'Gateway', RouteTableIds: routeTables, ClientToken: token, Tags: nameTag(name) },
        command:
          `aws ec2 create-vpc-endpoint${rf} --vpc-id ${sh(vpcId)} --vpc-endpoint-type Gateway --service-name ${serviceName} ` +
          `--route-table-ids ${rts.map(sh).join(' ')}${r.vpcId ? ` --client-token ${token}` : ''} --tag-specifications ${cliTags('vpc-endpoint', name)}`,
        automatic: auto,
        textKey: 'plan.endpoints.create-s3-gateway',
        textArgs: { serviceName, routeTables: rts.join(', ') },
      });
    } else {
      const subnets = interfaceSubnets.length > 0 ? interfaceSubnets : ['<SUBNET_ID_PER_AZ>'];
      const token = clientToken(vpcId, service);
      steps.push({
        id: endpointStepId(service),
        action: 'ec2:CreateVpcEndpoint',
        resource: vpcId,
        params: {
          VpcId: vpcId,
          ServiceName: serviceName,
          VpcEndpointType: 'Interface',
          SubnetIds: interfaceSubnets,
          PrivateDnsEnabled: true,
          SecurityGroupFromStep: SG_STEP_ID,
          ClientToken: token,
          Tags: nameTag(name),
        },
        command:
          `aws ec2 create-vpc-endpoint${rf} --vpc-id ${sh(vpcId)} --vpc-endpoint-type Interface --service-name ${serviceName} ` +
          `--subnet-ids ${subnets.map(sh).join(' ')} --security-group-ids "$ENDPOINT_SG_ID" --private-dns-enabled${r.vpcId ? ` --client-token ${token}` : ''} ` +
          `--tag-specifications ${cliTags('vpc-endpoint', name)}`,
        automatic: auto,
        textKey: 'plan.endpoints.create-interface',
        textArgs: { serviceName, subnets: subnets.join(', ') },
      });
    }
  }
  if (d.cause === 'network-no-route') steps.push(...natAlternativeSteps(d));

  const azs = Math.max(interfaceSubnets.length, 1);
  const monthly = interfaces.length * azs * INTERFACE_ENDPOINT_USD_PER_AZ_MONTH;
  return basePlan(d, steps, {
    autoFix: 'AutoFixVpcEndpoints',
    ...(refusal ? { refusal } : {}),
    cost:
      interfaces.length > 0
        ? { textKey: 'plan.cost.interface-endpoints', textArgs: { endpoints: interfaces.length, azs: interfaceSubnets.length || '?', monthlyUsd: interfaceSubnets.length ? monthly.toFixed(1) : '?' } }
        : { textKey: 'plan.cost.gateway-endpoint-free' },
    risk: { textKey: 'plan.risk.endpoints', textArgs: { vpcId } },
  });
}

/** NAT gateway alternative (proposal only): placeholders for the public subnet and Elastic IP. */
function natAlternativeSteps(d: Diagnosis): PlanStep[] {
  const rf = regionFlag(d);
  const rts = d.fixInputs.routeTablesWithoutS3 ?? d.resources.routeTableIds;
  const routeCommands = (rts.length > 0 ? rts : ['<ROUTE_TABLE_ID>'])
    .map((rt) => `aws ec2 create-route${rf} --route-table-id ${sh(rt)} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id "$NAT_GATEWAY_ID"`)
    .join('\n');
  return [
    manual('or-nat-gateway', 'plan.network-no-route.nat-alternative', {
      action: 'ec2:CreateNatGateway',
      resource: d.resources.vpcId ?? '<VPC_ID>',
      command:
        `ALLOCATION_ID=$(aws ec2 allocate-address${rf} --domain vpc --query AllocationId --output text)\n` +
        `NAT_GATEWAY_ID=$(aws ec2 create-nat-gateway${rf} --subnet-id <PUBLIC_SUBNET_ID> --allocation-id "$ALLOCATION_ID" --query NatGateway.NatGatewayId --output text)\n` +
        `aws ec2 wait nat-gateway-available${rf} --nat-gateway-ids "$NAT_GATEWAY_ID"\n` +
        routeCommands,
    }),
  ];
}

/** Endpoints' private DNS only answers through the Amazon-provided resolver (VPC base + 2). */
/**
 * The `modify-vpc-attribute` steps for the VPC's two DNS attributes, for each attribute `needsFix`
 * selects (the endpoint plan: known to be off; the DNS plan: not known to be on).
 */
export function vpcDnsAttributeSteps(d: Diagnosis, needsFix: (on: boolean | undefined) => boolean): PlanStep[] {
  const vpcId = d.resources.vpcId ?? '<VPC_ID>';
  const rf = regionFlag(d);
  const attributes = [
    { on: d.fixInputs.vpcDnsSupport, id: 'enable-dns-support', key: 'plan.vpc-dns.enable-support', flag: '--enable-dns-support' },
    { on: d.fixInputs.vpcDnsHostnames, id: 'enable-dns-hostnames', key: 'plan.vpc-dns.enable-hostnames', flag: '--enable-dns-hostnames' },
  ];
  return attributes
    .filter((a) => needsFix(a.on))
    .map((a) =>
      manual(a.id, a.key, {
        action: 'ec2:ModifyVpcAttribute',
        resource: vpcId,
        command: `aws ec2 modify-vpc-attribute${rf} --vpc-id ${sh(vpcId)} ${a.flag} '{"Value":true}'`,
        textArgs: { vpcId },
      }),
    );
}

export function customDnsStep(d: Diagnosis): PlanStep {
  const vpcId = d.resources.vpcId ?? '<VPC_ID>';
  const rf = regionFlag(d);
  return manual('review-dhcp-options', 'plan.vpc-dns.custom-dns', {
    action: 'ec2:DescribeDhcpOptions',
    resource: vpcId,
    command:
      `aws ec2 describe-dhcp-options${rf} --dhcp-options-ids $(aws ec2 describe-vpcs${rf} --vpc-ids ${sh(vpcId)} --query 'Vpcs[0].DhcpOptionsId' --output text)\n` +
      `# either forward *.amazonaws.com to the Amazon-provided resolver (VPC CIDR base + 2, or a Route 53 Resolver inbound endpoint), or:\n` +
      `aws ec2 associate-dhcp-options${rf} --dhcp-options-id default --vpc-id ${sh(vpcId)}`,
    textArgs: { vpcId },
  });
}
