/**
 * The parts of the endpoint plan (endpoint-plan.ts): step ids, endpoint service names and tags, why a plan is
 * not applied automatically (refusal), the extension of endpoints to more AZs, the NAT alternative, the VPC DNS
 * steps (vpc-dns-disabled proposes them too) and the check of a central network.
 */
import type { Diagnosis, EndpointService, FixInputs } from '../../domain/diagnosis';
import { CREATED_BY_TAG, CREATED_BY_VALUE } from '../../permissions';
import type { Plan, PlanStep } from '../../remediate/types';
import { manual, regionFlag, sh } from '../../remediate/plans/shared';
import { ENDPOINT_TEXTS } from './endpoint-texts';
import { NETWORK_TEXTS } from './texts';

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

export function isChinaRegion(region: string | undefined): boolean {
  return region?.startsWith('cn-') === true;
}

export function nameTag(value: string): Array<{ Key: string; Value: string }> {
  return [
    { Key: 'Name', Value: value },
    { Key: CREATED_BY_TAG, Value: CREATED_BY_VALUE },
  ];
}

export function cliTags(resourceType: string, value: string): string {
  const createdBy = `{Key=${CREATED_BY_TAG},Value=${CREATED_BY_VALUE}}`;
  return `'ResourceType=${resourceType},Tags=[{Key=Name,Value=${value}},${createdBy}]'`;
}

export function refusalOf(
  d: Diagnosis,
  missing: EndpointService[],
  interfaceSubnets: string[],
  routeTables: string[],
): Plan['refusal'] {
  const r = d.resources;
  const fi = d.fixInputs;
  const vpcId = r.vpcId ?? '?';
  if (!r.vpcId)
    return { textKey: ENDPOINT_TEXTS.key('plan.refusal.vpc-unknown'), textArgs: { task: r.task, cluster: r.cluster } };
  if (!r.region) return { textKey: ENDPOINT_TEXTS.key('plan.refusal.region-unknown') };
  if (isChinaRegion(r.region))
    return { textKey: ENDPOINT_TEXTS.key('plan.refusal.china-region'), textArgs: { region: r.region } };
  if (fi.instanceNetwork) return { textKey: ENDPOINT_TEXTS.key('plan.refusal.instance-network'), textArgs: { vpcId } };
  if (fi.networkUndecidable)
    return {
      textKey: ENDPOINT_TEXTS.key('plan.refusal.network-undecidable'),
      textArgs: { vpcId, targets: fi.networkUndecidable.ids.join(', ') },
    };
  if (fi.vpcDnsSupport === false || fi.vpcDnsHostnames === false) {
    return {
      textKey: ENDPOINT_TEXTS.key('plan.refusal.vpc-dns-disabled'),
      textArgs: { vpcId, dnsSupport: String(fi.vpcDnsSupport), dnsHostnames: String(fi.vpcDnsHostnames) },
    };
  }
  if (fi.vpcCustomDns === true)
    return { textKey: ENDPOINT_TEXTS.key('plan.refusal.vpc-custom-dns'), textArgs: { vpcId } };
  if (fi.vpcDnsSupport === undefined || fi.vpcDnsHostnames === undefined || fi.vpcCustomDns === undefined) {
    return { textKey: ENDPOINT_TEXTS.key('plan.refusal.vpc-dns-unknown'), textArgs: { vpcId } };
  }
  if (missing.length === 0) return { textKey: ENDPOINT_TEXTS.key('plan.refusal.nothing-missing'), textArgs: { vpcId } };
  const needsInterface = missing.some((s) => s !== 's3');
  if (needsInterface && interfaceSubnets.length === 0)
    return { textKey: ENDPOINT_TEXTS.key('plan.refusal.endpoint-subnets-unknown'), textArgs: { vpcId } };
  if (needsInterface && (r.vpcCidrs ?? []).length === 0)
    return { textKey: ENDPOINT_TEXTS.key('plan.refusal.vpc-cidr-unknown'), textArgs: { vpcId } };
  if (missing.includes('s3') && routeTables.length === 0)
    return { textKey: ENDPOINT_TEXTS.key('plan.refusal.route-tables-unknown'), textArgs: { vpcId } };
  const onMain = s3OnMainRouteTable(fi, routeTables);
  if (missing.includes('s3') && onMain)
    return {
      textKey: 'plan.refusal.s3-main-route-table',
      textArgs: { vpcId, routeTable: onMain.routeTable, subnets: onMain.subnets.join(', ') },
    };
  if (missing.includes('s3') && !fi.mainRouteTableId)
    return { textKey: ENDPOINT_TEXTS.key('plan.refusal.route-tables-unknown'), textArgs: { vpcId } };
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
/**
 * Interface endpoints that already serve the service but not every AZ of the task's service: ours (created-by
 * tag) are extended with ModifyVpcEndpoint AddSubnetIds (automatic like the rest of the plan); anyone else's
 * are never changed, only proposed.
 */
export function extensionSteps(d: Diagnosis, region: string, auto: boolean): PlanStep[] {
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
        return manual(
          `${extendStepId(x.service)}-by-hand`,
          ENDPOINT_TEXTS.key('plan.endpoints.extend-foreign-interface'),
          {
            action: 'ec2:ModifyVpcEndpoint',
            resource: x.endpointId,
            command,
            textArgs,
            params,
          },
        );
      return {
        id: extendStepId(x.service),
        action: 'ec2:ModifyVpcEndpoint',
        resource: x.endpointId,
        params,
        command,
        automatic: auto,
        textKey: ENDPOINT_TEXTS.key('plan.endpoints.extend-interface'),
        textArgs,
      };
    });
}

/** NAT gateway alternative (proposal only): placeholders for the public subnet and Elastic IP. */
export function natAlternativeSteps(d: Diagnosis): PlanStep[] {
  const rf = regionFlag(d);
  const without = d.fixInputs.routeTablesWithoutS3;
  const rts = without?.length ? without : d.resources.routeTableIds;
  const routeCommands = (rts.length > 0 ? rts : ['<ROUTE_TABLE_ID>'])
    .map(
      (rt) =>
        `aws ec2 create-route${rf} --route-table-id ${sh(rt)} --destination-cidr-block 0.0.0.0/0 ` +
        `--nat-gateway-id "$NAT_GATEWAY_ID"`,
    )
    .join('\n');
  return [
    manual('or-nat-gateway', ENDPOINT_TEXTS.key('plan.network-no-route.nat-alternative'), {
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
      key: NETWORK_TEXTS.key('plan.vpc-dns.enable-support'),
      flag: '--enable-dns-support',
    },
    {
      on: d.fixInputs.vpcDnsHostnames,
      id: 'enable-dns-hostnames',
      key: NETWORK_TEXTS.key('plan.vpc-dns.enable-hostnames'),
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
  return manual('review-dhcp-options', NETWORK_TEXTS.key('plan.vpc-dns.custom-dns'), {
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
export function centralNetworkStep(d: Diagnosis): PlanStep {
  const vpcId = d.resources.vpcId ?? '<VPC_ID>';
  const region = d.resources.region || '<REGION>';
  const rf = regionFlag(d);
  return manual('check-central-network', ENDPOINT_TEXTS.key('plan.endpoints.check-central'), {
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
