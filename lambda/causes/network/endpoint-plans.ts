/**
 * Planner for network-no-route and vpc-endpoint-missing: the VPC endpoints an image pull needs
 * (DOMAIN.md "Network facts"). The plan's params are exactly what apply sends (apply only adds the
 * incident tag and the security group id it found or created; an extension step also names the VPC and the
 * service it is checked against); the commands are the same calls for a human. The endpoint policy follows
 * the stack's EndpointPolicy (endpointPolicyDocument); the risk line says what private DNS and that policy do.
 */
import type { Diagnosis, EndpointService, FixInputs } from '../../domain/diagnosis';
import { CREATED_BY_TAG, CREATED_BY_VALUE } from '../../permissions';
import { clientToken } from '../../remediate/client-token';
import type { PlanOptions } from '../../remediate/plan-options';
import type { Plan, PlanStep } from '../../remediate/types';
import {
  ENDPOINT_SG_DESCRIPTION,
  ENDPOINT_SG_NAME,
  SG_STEP_ID,
  ecrLayerObjectsArn,
  endpointPolicyDocument,
} from '../../remediate/vpc-endpoints/names';
import {
  basePlan,
  describeNetworkCommand,
  isProven,
  manual,
  redeployStep,
  regionFlag,
  sh,
} from '../../remediate/plans/shared';

export const INGRESS_STEP_ID = 'allow-https-to-endpoints';
/** Interface endpoint price in most regions: USD 0.01 per AZ-hour ≈ 7.3 per month (730 h), plus data. */
export const INTERFACE_ENDPOINT_USD_PER_AZ_MONTH = 7.3;
const ORDER: EndpointService[] = ['ecr.api', 'ecr.dkr', 's3', 'logs', 'secretsmanager', 'ssm'];
const BASE: EndpointService[] = ['ecr.api', 'ecr.dkr', 's3'];

export function endpointStepId(service: EndpointService): string {
  return `create-endpoint-${service}`;
}

export function extendStepId(service: EndpointService): string {
  return `extend-endpoint-${service}`;
}

/**
 * Endpoint service name. China Regions prefix some services with "cn." (ecr.api, ecr.dkr and s3 among
 * them) and not others, so plans there are proposal-only (refusal) with a command to list the names.
 */
export function serviceNameOf(region: string, service: EndpointService): string {
  const prefix =
    isChinaRegion(region) && (service === 'ecr.api' || service === 'ecr.dkr' || service === 's3')
      ? 'cn.com.amazonaws'
      : 'com.amazonaws';
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
  const createdBy = `{Key=${CREATED_BY_TAG},Value=${CREATED_BY_VALUE}}`;
  return `'ResourceType=${resourceType},Tags=[{Key=Name,Value=${value}},${createdBy}]'`;
}

/** The endpoint services still missing, in a fixed order (what the diagnosis found, else the needed set). */
export function missingServices(d: Diagnosis): EndpointService[] {
  const fi = d.fixInputs;
  const list = fi.missingEndpoints ?? fi.neededEndpoints ?? (d.cause === 'network-no-route' ? BASE : []);
  return ORDER.filter((s) => list.includes(s));
}

function refusalOf(
  d: Diagnosis,
  missing: EndpointService[],
  interfaceSubnets: string[],
  routeTables: string[],
): Plan['refusal'] {
  const r = d.resources;
  const fi = d.fixInputs;
  const vpcId = r.vpcId ?? '?';
  if (!r.vpcId) return { textKey: 'plan.refusal.vpc-unknown', textArgs: { task: r.task, cluster: r.cluster } };
  if (!r.region) return { textKey: 'plan.refusal.region-unknown' };
  if (isChinaRegion(r.region)) return { textKey: 'plan.refusal.china-region', textArgs: { region: r.region } };
  if (fi.networkUndecidable)
    return {
      textKey: 'plan.refusal.network-undecidable',
      textArgs: { vpcId, targets: fi.networkUndecidable.ids.join(', ') },
    };
  if (fi.vpcDnsSupport === false || fi.vpcDnsHostnames === false) {
    return {
      textKey: 'plan.refusal.vpc-dns-disabled',
      textArgs: { vpcId, dnsSupport: String(fi.vpcDnsSupport), dnsHostnames: String(fi.vpcDnsHostnames) },
    };
  }
  if (fi.vpcCustomDns === true) return { textKey: 'plan.refusal.vpc-custom-dns', textArgs: { vpcId } };
  if (fi.vpcDnsSupport === undefined || fi.vpcDnsHostnames === undefined || fi.vpcCustomDns === undefined) {
    return { textKey: 'plan.refusal.vpc-dns-unknown', textArgs: { vpcId } };
  }
  if (missing.length === 0) return { textKey: 'plan.refusal.nothing-missing', textArgs: { vpcId } };
  const needsInterface = missing.some((s) => s !== 's3');
  if (needsInterface && interfaceSubnets.length === 0)
    return { textKey: 'plan.refusal.endpoint-subnets-unknown', textArgs: { vpcId } };
  if (needsInterface && (r.vpcCidrs ?? []).length === 0)
    return { textKey: 'plan.refusal.vpc-cidr-unknown', textArgs: { vpcId } };
  if (missing.includes('s3') && routeTables.length === 0)
    return { textKey: 'plan.refusal.route-tables-unknown', textArgs: { vpcId } };
  const onMain = s3OnMainRouteTable(fi, routeTables);
  if (missing.includes('s3') && onMain)
    return {
      textKey: 'plan.refusal.s3-main-route-table',
      textArgs: { vpcId, routeTable: onMain.routeTable, subnets: onMain.subnets.join(', ') },
    };
  if (missing.includes('s3') && !fi.mainRouteTableId)
    return { textKey: 'plan.refusal.route-tables-unknown', textArgs: { vpcId } };
  return undefined;
}

/**
 * The VPC's main route table when the S3 gateway would have to go on it (a task subnet without an explicit
 * association uses it): changing it changes S3 routing for every subnet without its own table.
 */
function s3OnMainRouteTable(
  fi: FixInputs,
  routeTables: readonly string[],
): { routeTable: string; subnets: string[] } | undefined {
  const main = fi.mainRouteTableId;
  if (!main || !routeTables.includes(main)) return undefined;
  return { routeTable: main, subnets: fi.subnetsOnMainRouteTable ?? [] };
}

export function planVpcEndpoints(
  d: Diagnosis,
  partition = 'aws',
  options: Pick<PlanOptions, 'endpointPolicy'> = { endpointPolicy: 'account' },
): Plan {
  const r = d.resources;
  const mode = options.endpointPolicy;
  const fi = d.fixInputs;
  const region = r.region;
  const vpcId = r.vpcId ?? '<VPC_ID>';
  const missing = missingServices(d);
  const interfaceSubnets = fi.endpointSubnetIds ?? [];
  // The S3 gateway goes on the route tables of the task's subnets that lack it (fallback: all of them;
  // apply re-reads which route tables already have an S3 gateway endpoint) — never automatically on the
  // VPC's main table (refusalOf). Interface endpoints: one subnet per AZ of the task's service.
  const routeTables = fi.routeTablesWithoutS3 ?? r.routeTableIds;
  const refusal = refusalOf(d, missing, interfaceSubnets, routeTables);
  // The path leaves what the tool can see (a central or inspection VPC, private hosted zones): local endpoints
  // could conflict with central ones, so none is proposed either — only what a person must check first.
  if (fi.networkUndecidable && refusal)
    return basePlan(d, [centralNetworkStep(d), redeployStep(d)], { autoFix: 'AutoFixVpcEndpoints', refusal });
  const policyOf = (service: EndpointService) =>
    endpointPolicyDocument(mode, service, r.account, partition, region ?? '<REGION>');
  const layerBucket = ecrLayerObjectsArn(partition, region ?? '<REGION>').replace(/\/\*$/, '');
  const auto = isProven(d.confidence) && refusal === undefined;
  const rf = regionFlag(d);
  const steps: PlanStep[] = [];

  if (!r.vpcId || (missing.some((s) => s !== 's3') && interfaceSubnets.length === 0)) {
    steps.push(
      manual('find-vpc-and-subnets', 'plan.endpoints.find-vpc', {
        action: 'ec2:DescribeSubnets',
        command: describeNetworkCommand(d),
      }),
    );
  }
  if (isChinaRegion(region)) {
    steps.push(
      manual('list-endpoint-service-names', 'plan.endpoints.list-service-names', {
        action: 'ec2:DescribeVpcEndpointServices',
        command:
          `aws ec2 describe-vpc-endpoint-services${rf} --query 'ServiceNames[?contains(@, \`ecr\`) ` +
          `|| ends_with(@, \`.s3\`) || ends_with(@, \`.logs\`) || ends_with(@, \`.secretsmanager\`) ` +
          `|| ends_with(@, \`.ssm\`)]'`,
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
      params: {
        VpcId: vpcId,
        GroupName: ENDPOINT_SG_NAME,
        Description: ENDPOINT_SG_DESCRIPTION,
        Tags: nameTag(ENDPOINT_SG_NAME),
      },
      command:
        `ENDPOINT_SG_ID=$(aws ec2 create-security-group${rf} --vpc-id ${sh(vpcId)} --group-name ` +
        `${ENDPOINT_SG_NAME} --description ${sh(ENDPOINT_SG_DESCRIPTION)} ` +
        `--tag-specifications ${cliTags('security-group', ENDPOINT_SG_NAME)} --query GroupId --output text)`,
      automatic: auto,
      textKey: 'plan.endpoints.create-security-group',
      textArgs: { vpcId, groupName: ENDPOINT_SG_NAME },
    });
    const ranges = (cidrs.length > 0 ? cidrs : ['<VPC_CIDR>'])
      .map((c) => `{CidrIp=${c},Description=HTTPS from the VPC}`)
      .join(',');
    steps.push({
      id: INGRESS_STEP_ID,
      action: 'ec2:AuthorizeSecurityGroupIngress',
      resource: vpcId,
      params: { VpcId: vpcId, GroupName: ENDPOINT_SG_NAME, Port: 443, Cidrs: cidrs },
      command:
        `aws ec2 authorize-security-group-ingress${rf} --group-id "$ENDPOINT_SG_ID" ` +
        `--ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[${ranges}]'`,
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
      const policy = policyOf(service);
      steps.push({
        id: endpointStepId(service),
        action: 'ec2:CreateVpcEndpoint',
        resource: vpcId,
        params: {
          VpcId: vpcId,
          ServiceName: serviceName,
          VpcEndpointType: 'Gateway',
          RouteTableIds: routeTables,
          ...(policy ? { PolicyDocument: policy } : {}),
          ClientToken: token,
          Tags: nameTag(name),
        },
        command:
          `aws ec2 create-vpc-endpoint${rf} --vpc-id ${sh(vpcId)} --vpc-endpoint-type Gateway ` +
          `--service-name ${serviceName} ` +
          `--route-table-ids ` +
          `${rts.map(sh).join(' ')}${policyFlag(policy)}${r.vpcId ? ` --client-token ${token}` : ''} ` +
          `--tag-specifications ${cliTags('vpc-endpoint', name)}`,
        automatic: auto,
        textKey: mode === 'full' ? 'plan.endpoints.create-s3-gateway' : `plan.endpoints.create-s3-gateway.${mode}`,
        textArgs: { serviceName, routeTables: rts.join(', '), account: r.account, layerBucket },
      });
    } else {
      const subnets = interfaceSubnets.length > 0 ? interfaceSubnets : ['<SUBNET_ID_PER_AZ>'];
      const token = clientToken(vpcId, service);
      const policy = policyOf(service);
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
          ...(policy ? { PolicyDocument: policy } : {}),
          ClientToken: token,
          Tags: nameTag(name),
        },
        command:
          `aws ec2 create-vpc-endpoint${rf} --vpc-id ${sh(vpcId)} --vpc-endpoint-type Interface ` +
          `--service-name ${serviceName} ` +
          `--subnet-ids ${subnets.map(sh).join(' ')} --security-group-ids "$ENDPOINT_SG_ID" ` +
          `--private-dns-enabled${policyFlag(policy)}${r.vpcId ? ` --client-token ${token}` : ''} ` +
          `--tag-specifications ${cliTags('vpc-endpoint', name)}`,
        automatic: auto,
        textKey: 'plan.endpoints.create-interface',
        textArgs: { serviceName, subnets: subnets.join(', ') },
      });
    }
  }
  const extensions = region ? extensionSteps(d, region, auto) : [];
  steps.push(...extensions);
  if (d.cause === 'network-no-route') steps.push(...natAlternativeSteps(d));

  // Every AZ an interface endpoint serves is charged per hour: the new endpoints × AZs, plus the AZs added.
  const extraAzs = extensions.reduce((n, s) => n + (s.params.AddSubnetIds as string[]).length, 0);
  const monthly = (interfaces.length * interfaceSubnets.length + extraAzs) * INTERFACE_ENDPOINT_USD_PER_AZ_MONTH;
  const costKnown = interfaceSubnets.length > 0 || interfaces.length === 0;
  const cost: Plan['cost'] =
    extraAzs > 0
      ? {
          textKey: 'plan.cost.interface-endpoints-extended',
          textArgs: {
            endpoints: interfaces.length,
            azs: interfaceSubnets.length,
            extraAzs,
            monthlyUsd: costKnown ? monthly.toFixed(1) : '?',
          },
        }
      : interfaces.length > 0
        ? {
            textKey: 'plan.cost.interface-endpoints',
            textArgs: {
              endpoints: interfaces.length,
              azs: interfaceSubnets.length || '?',
              monthlyUsd: interfaceSubnets.length ? monthly.toFixed(1) : '?',
            },
          }
        : { textKey: 'plan.cost.gateway-endpoint-free' };
  const services = [...new Set([...interfaces, ...extensions.map((s) => s.params.Service as EndpointService)])];
  const risk: Plan['risk'] =
    services.length > 0
      ? {
          textKey: `plan.risk.endpoints.${mode}`,
          textArgs: { vpcId, services: services.join(', '), account: r.account },
        }
      : {
          textKey: 'plan.risk.s3-gateway',
          textArgs: { routeTables: (routeTables.length ? routeTables : ['<ROUTE_TABLE_ID>']).join(', '), policy: mode },
        };
  return basePlan(d, steps, { autoFix: 'AutoFixVpcEndpoints', ...(refusal ? { refusal } : {}), cost, risk });
}

function policyFlag(policy: string | undefined): string {
  return policy ? ` --policy-document ${sh(policy)}` : '';
}

/**
 * Interface endpoints that already serve the service but not every AZ of the task's service: ours (created-by
 * tag) are extended with ModifyVpcEndpoint AddSubnetIds (automatic like the rest of the plan); anyone else's
 * are never changed, only proposed.
 */
function extensionSteps(d: Diagnosis, region: string, auto: boolean): PlanStep[] {
  const rf = regionFlag(d);
  const vpcId = d.resources.vpcId ?? '<VPC_ID>';
  return (d.fixInputs.interfaceEndpointsLackingAzs ?? [])
    .filter((x) => x.addSubnetIds.length > 0)
    .map((x) => {
      const serviceName = serviceNameOf(region, x.service);
      const command =
        `aws ec2 modify-vpc-endpoint${rf} --vpc-endpoint-id ${sh(x.endpointId)} --add-subnet-ids ` +
        `${x.addSubnetIds.map(sh).join(' ')}`;
      const textArgs = {
        endpointId: x.endpointId,
        serviceName,
        subnets: x.addSubnetIds.join(', '),
        azs: x.azs.join(', '),
      };
      const params = {
        VpcId: vpcId,
        VpcEndpointId: x.endpointId,
        ServiceName: serviceName,
        Service: x.service,
        AddSubnetIds: x.addSubnetIds,
      };
      if (!x.createdByUs)
        return manual(`${extendStepId(x.service)}-by-hand`, 'plan.endpoints.extend-foreign-interface', {
          action: 'ec2:ModifyVpcEndpoint',
          resource: x.endpointId,
          command,
          textArgs,
          params,
        });
      return {
        id: extendStepId(x.service),
        action: 'ec2:ModifyVpcEndpoint',
        resource: x.endpointId,
        params,
        command,
        automatic: auto,
        textKey: 'plan.endpoints.extend-interface',
        textArgs,
      };
    });
}

/** NAT gateway alternative (proposal only): placeholders for the public subnet and Elastic IP. */
function natAlternativeSteps(d: Diagnosis): PlanStep[] {
  const rf = regionFlag(d);
  const rts = d.fixInputs.routeTablesWithoutS3 ?? d.resources.routeTableIds;
  const routeCommands = (rts.length > 0 ? rts : ['<ROUTE_TABLE_ID>'])
    .map(
      (rt) =>
        `aws ec2 create-route${rf} --route-table-id ${sh(rt)} --destination-cidr-block 0.0.0.0/0 ` +
        `--nat-gateway-id "$NAT_GATEWAY_ID"`,
    )
    .join('\n');
  return [
    manual('or-nat-gateway', 'plan.network-no-route.nat-alternative', {
      action: 'ec2:CreateNatGateway',
      resource: d.resources.vpcId ?? '<VPC_ID>',
      command:
        `ALLOCATION_ID=$(aws ec2 allocate-address${rf} --domain vpc --query AllocationId --output text)\n` +
        `NAT_GATEWAY_ID=$(aws ec2 create-nat-gateway${rf} --subnet-id <PUBLIC_SUBNET_ID> ` +
        `--allocation-id "$ALLOCATION_ID" --query NatGateway.NatGatewayId --output text)\n` +
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
    {
      on: d.fixInputs.vpcDnsSupport,
      id: 'enable-dns-support',
      key: 'plan.vpc-dns.enable-support',
      flag: '--enable-dns-support',
    },
    {
      on: d.fixInputs.vpcDnsHostnames,
      id: 'enable-dns-hostnames',
      key: 'plan.vpc-dns.enable-hostnames',
      flag: '--enable-dns-hostnames',
    },
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
      `aws ec2 describe-dhcp-options${rf} --dhcp-options-ids $(aws ec2 describe-vpcs${rf} ` +
      `--vpc-ids ${sh(vpcId)} --query 'Vpcs[0].DhcpOptionsId' --output text)\n` +
      `# either forward *.amazonaws.com to the Amazon-provided resolver (VPC CIDR base + 2, or a ` +
      `Route 53 Resolver inbound endpoint), or:\n` +
      `aws ec2 associate-dhcp-options${rf} --dhcp-options-id default --vpc-id ${sh(vpcId)}`,
    textArgs: { vpcId },
  });
}

/** What a person checks when the path to ECR/S3 leaves the VPC through what the tool cannot follow. */
function centralNetworkStep(d: Diagnosis): PlanStep {
  const vpcId = d.resources.vpcId ?? '<VPC_ID>';
  const region = d.resources.region || '<REGION>';
  const rf = regionFlag(d);
  return manual('check-central-network', 'plan.endpoints.check-central', {
    action: 'ec2:DescribeRouteTables',
    resource: vpcId,
    command:
      `aws ec2 describe-route-tables${rf} --filters Name=vpc-id,Values=${sh(vpcId)} --query ` +
      "'RouteTables[].{table:RouteTableId,subnets:Associations[].SubnetId," +
      'routes:Routes[?State==`active`].[DestinationCidrBlock||DestinationPrefixListId,' +
      "TransitGatewayId||GatewayId||VpcPeeringConnectionId||NetworkInterfaceId||NatGatewayId]}'\n" +
      `aws route53 list-hosted-zones-by-vpc --vpc-id ${sh(vpcId)} --vpc-region ${sh(region)}\n` +
      `aws route53resolver list-resolver-rule-associations${rf} --filters Name=VPCId,Values=${sh(vpcId)}`,
    textArgs: { vpcId, targets: d.fixInputs.networkUndecidable?.ids.join(', ') ?? '' },
  });
}
