/**
 * Planner for network-no-route and vpc-endpoint-missing: the VPC endpoints an image pull needs
 * (DOMAIN.md "Network facts"). The plan's params are exactly what apply sends (apply only adds the
 * incident tag and the security group id it found or created; an extension step also names the VPC and the
 * service it is checked against); the commands are the same calls for a human. The endpoint policy follows
 * the stack's EndpointPolicy (endpointPolicyDocument); the risk line says what private DNS and that policy do.
 */
import type { Diagnosis, EndpointService } from '../../domain/diagnosis';
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
import {
  DUALSTACK_FLAGS,
  dualStackEndpointCidrs,
  IPV6_PLAN_TEXTS,
  classicImageSteps,
  dualStackNameRefusal,
  ipv6OnlyRefusal,
  ipv6OnlySteps,
} from './endpoint-ipv6';
import { ENDPOINT_TEXTS } from './endpoint-texts';
import {
  centralNetworkStep,
  cliTags,
  customDnsStep,
  endpointStepId,
  extensionSteps,
  isChinaRegion,
  nameTag,
  natAlternativeSteps,
  refusalOf,
  serviceNameOf,
  vpcDnsAttributeSteps,
} from './endpoint-steps';
import { NETWORK_TEXTS } from './texts';

export const INGRESS_STEP_ID = 'allow-https-to-endpoints';
/** Interface endpoint price in most regions: USD 0.01 per AZ-hour ≈ 7.3 per month (730 h), plus data. */
export const INTERFACE_ENDPOINT_USD_PER_AZ_MONTH = 7.3;
const ORDER: EndpointService[] = ['ecr.api', 'ecr.dkr', 's3', 'logs', 'secretsmanager', 'ssm'];
const BASE: EndpointService[] = ['ecr.api', 'ecr.dkr', 's3'];

/** The endpoint services still missing, in a fixed order (what the diagnosis found, else the needed set). */
export function missingServices(d: Diagnosis): EndpointService[] {
  const fi = d.fixInputs;
  const list = fi.missingEndpoints ?? fi.neededEndpoints ?? (d.cause === 'network-no-route' ? BASE : []);
  return ORDER.filter((s) => list.includes(s));
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
  // IPv6-only task subnets: only what AWS documents for them is proposed (endpoint-ipv6.ts); with IPv4 subnets
  // beside them, the endpoints are proposed for those, never created automatically.
  const v6Refusal = ipv6OnlyRefusal(d);
  if (fi.addressFamily?.stack === 'ipv6-only' && v6Refusal)
    return basePlan(d, ipv6OnlySteps(d), { autoFix: 'AutoFixVpcEndpoints', refusal: v6Refusal });
  const refusal = dualStackNameRefusal(d) ?? refusalOf(d, missing, interfaceSubnets, routeTables) ?? v6Refusal;
  // The path leaves what the tool can see (a central or inspection VPC, private hosted zones): local endpoints
  // could conflict with central ones, so none is proposed either — only what a person must check first.
  if (fi.networkUndecidable && refusal)
    return basePlan(d, [centralNetworkStep(d), redeployStep(d)], { autoFix: 'AutoFixVpcEndpoints', refusal });
  const policyOf = (service: EndpointService) =>
    endpointPolicyDocument(mode, service, r.account, partition, region ?? '<REGION>');
  const layerBucket = ecrLayerObjectsArn(partition, region ?? '<REGION>').replace(/\/\*$/, '');
  const auto = isProven(d.confidence) && refusal === undefined;
  const rf = regionFlag(d);
  const steps: PlanStep[] = [...classicImageSteps(d)];

  if (!r.vpcId || (missing.some((s) => s !== 's3') && interfaceSubnets.length === 0)) {
    steps.push(
      manual('find-vpc-and-subnets', NETWORK_TEXTS.key('plan.endpoints.find-vpc'), {
        action: 'ec2:DescribeSubnets',
        command: describeNetworkCommand(d),
      }),
    );
  }
  if (isChinaRegion(region)) {
    steps.push(
      manual('list-endpoint-service-names', ENDPOINT_TEXTS.key('plan.endpoints.list-service-names'), {
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
  // Dual-stack endpoint subnets: dual-stack endpoints, reachable over IPv6 from the VPC as well.
  const ipv6Cidrs = dualStackEndpointCidrs(d);
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
      textKey: ENDPOINT_TEXTS.key('plan.endpoints.create-security-group'),
      textArgs: { vpcId, groupName: ENDPOINT_SG_NAME },
    });
    const ranges = (cidrs.length > 0 ? cidrs : ['<VPC_CIDR>'])
      .map((c) => `{CidrIp=${c},Description=HTTPS from the VPC}`)
      .join(',');
    const v6Ranges = ipv6Cidrs
      ? `,Ipv6Ranges=[${ipv6Cidrs.map((c) => `{CidrIpv6=${c},Description=HTTPS from the VPC}`).join(',')}]`
      : '';
    steps.push({
      id: INGRESS_STEP_ID,
      action: 'ec2:AuthorizeSecurityGroupIngress',
      resource: vpcId,
      params: {
        VpcId: vpcId,
        GroupName: ENDPOINT_SG_NAME,
        Port: 443,
        Cidrs: cidrs,
        ...(ipv6Cidrs ? { Ipv6Cidrs: ipv6Cidrs } : {}),
      },
      command:
        `aws ec2 authorize-security-group-ingress${rf} --group-id "$ENDPOINT_SG_ID" ` +
        `--ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[${ranges}]${v6Ranges}'`,
      automatic: auto,
      textKey: ipv6Cidrs
        ? IPV6_PLAN_TEXTS.key('plan.endpoints.allow-https.dualstack')
        : ENDPOINT_TEXTS.key('plan.endpoints.allow-https'),
      textArgs: { cidrs: cidrs.join(', ') || '<VPC_CIDR>', ...(ipv6Cidrs ? { ipv6Cidrs: ipv6Cidrs.join(', ') } : {}) },
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
        textKey:
          mode === 'full'
            ? ENDPOINT_TEXTS.key('plan.endpoints.create-s3-gateway')
            : ENDPOINT_TEXTS.key(`plan.endpoints.create-s3-gateway.${mode}`),
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
          ...(ipv6Cidrs ? { IpAddressType: 'dualstack', DnsRecordIpType: 'dualstack' } : {}),
          SecurityGroupFromStep: SG_STEP_ID,
          ...(policy ? { PolicyDocument: policy } : {}),
          ClientToken: token,
          Tags: nameTag(name),
        },
        command:
          `aws ec2 create-vpc-endpoint${rf} --vpc-id ${sh(vpcId)} --vpc-endpoint-type Interface ` +
          `--service-name ${serviceName} ` +
          `--subnet-ids ${subnets.map(sh).join(' ')} --security-group-ids "$ENDPOINT_SG_ID" ` +
          `--private-dns-enabled${ipv6Cidrs ? DUALSTACK_FLAGS : ''}${policyFlag(policy)}` +
          `${r.vpcId ? ` --client-token ${token}` : ''} --tag-specifications ${cliTags('vpc-endpoint', name)}`,
        automatic: auto,
        textKey: ipv6Cidrs
          ? IPV6_PLAN_TEXTS.key('plan.endpoints.create-interface.dualstack')
          : ENDPOINT_TEXTS.key('plan.endpoints.create-interface'),
        textArgs: { serviceName, subnets: subnets.join(', ') },
      });
    }
  }
  const extensions = region ? extensionSteps(d, region, auto) : [];
  steps.push(...extensions);
  if (d.cause === 'network-no-route') steps.push(...natAlternativeSteps(d));
  steps.push(...ipv6OnlySteps(d));

  // Every AZ an interface endpoint serves is charged per hour: the new endpoints × AZs, plus the AZs added.
  const extraAzs = extensions.reduce((n, s) => n + (s.params.AddSubnetIds as string[]).length, 0);
  const monthly = (interfaces.length * interfaceSubnets.length + extraAzs) * INTERFACE_ENDPOINT_USD_PER_AZ_MONTH;
  const costKnown = interfaceSubnets.length > 0 || interfaces.length === 0;
  const cost: Plan['cost'] =
    extraAzs > 0
      ? {
          textKey: ENDPOINT_TEXTS.key('plan.cost.interface-endpoints-extended'),
          textArgs: {
            endpoints: interfaces.length,
            azs: interfaceSubnets.length,
            extraAzs,
            monthlyUsd: costKnown ? monthly.toFixed(1) : '?',
          },
        }
      : interfaces.length > 0
        ? {
            textKey: ENDPOINT_TEXTS.key('plan.cost.interface-endpoints'),
            textArgs: {
              endpoints: interfaces.length,
              azs: interfaceSubnets.length || '?',
              monthlyUsd: interfaceSubnets.length ? monthly.toFixed(1) : '?',
            },
          }
        : { textKey: ENDPOINT_TEXTS.key('plan.cost.gateway-endpoint-free') };
  const services = [...new Set([...interfaces, ...extensions.map((s) => s.params.Service as EndpointService)])];
  const risk: Plan['risk'] =
    services.length > 0
      ? {
          textKey: ENDPOINT_TEXTS.key(`plan.risk.endpoints.${mode}`),
          textArgs: { vpcId, services: services.join(', '), account: r.account },
        }
      : {
          textKey: ENDPOINT_TEXTS.key('plan.risk.s3-gateway'),
          textArgs: { routeTables: (routeTables.length ? routeTables : ['<ROUTE_TABLE_ID>']).join(', '), policy: mode },
        };
  // No endpoint step (nothing missing, e.g. a dual-stack image name behind every endpoint): no endpoint cost or risk.
  const endpointSteps = interfaces.length > 0 || extensions.length > 0 || missing.includes('s3');
  return basePlan(d, steps, {
    autoFix: 'AutoFixVpcEndpoints',
    ...(refusal ? { refusal } : {}),
    ...(endpointSteps ? { cost, risk } : {}),
  });
}

function policyFlag(policy: string | undefined): string {
  return policy ? ` --policy-document ${sh(policy)}` : '';
}
