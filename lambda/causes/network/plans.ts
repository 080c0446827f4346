/** Planners for the network causes other than missing endpoints (proposal only). */
import type { Diagnosis } from '../../domain/diagnosis';
import type { Plan, PlanStep } from '../../remediate/types';
import { ECR_PULL_ACTIONS } from '../../remediate/role-scope';
import { customDnsStep, vpcDnsAttributeSteps } from './endpoint-plans';
import {
  basePlan,
  describeNetworkCommand,
  eachKnownOr,
  findNetworkStep,
  manual,
  redeployStep,
  regionFlag,
  sh,
} from '../../remediate/plans/shared';

/** public-ip-disabled: public subnet (IGW route) but no public IP → nothing reaches ECR. */
export function planPublicIpDisabled(d: Diagnosis): Plan {
  const r = d.resources;
  const rf = regionFlag(d);
  const subnets = r.subnetIds.length > 0 ? r.subnetIds.join(',') : '<SUBNET_ID>';
  const sgs = r.securityGroupIds.length > 0 ? r.securityGroupIds.join(',') : '<SECURITY_GROUP_ID>';
  const netcfg = `awsvpcConfiguration={subnets=[${subnets}],securityGroups=[${sgs}],assignPublicIp=ENABLED}`;
  const steps: PlanStep[] = [];
  if (r.subnetIds.length === 0 || r.securityGroupIds.length === 0) {
    steps.push(findNetworkStep(d, 'find-network-configuration'));
  }
  if (r.service) {
    steps.push(
      manual('enable-public-ip', 'plan.public-ip-disabled.update-service', {
        action: 'ecs:UpdateService',
        resource: r.service,
        command:
          `aws ecs update-service${rf} --cluster ${sh(r.cluster)} --service ${sh(r.service)} ` +
          `--network-configuration ${sh(netcfg)} --force-new-deployment`,
        textArgs: { service: r.service, cluster: r.cluster },
      }),
    );
  } else {
    steps.push(
      manual('enable-public-ip', 'plan.public-ip-disabled.run-task', {
        action: 'ecs:RunTask',
        resource: r.taskDefinitionArn ?? '',
        command:
          `aws ecs run-task${rf} --cluster ${sh(r.cluster)} --task-definition ` +
          `${sh(r.taskDefinitionArn ?? r.family ?? '<TASK_DEFINITION>')} --network-configuration ` +
          `${sh(netcfg)}${r.launchType ? ` --launch-type ${sh(r.launchType)}` : ''}`,
        textArgs: { cluster: r.cluster },
      }),
    );
  }
  steps.push(manual('or-private-subnets', 'plan.public-ip-disabled.alternative'));
  return basePlan(d, steps, {
    risk: { textKey: 'plan.risk.public-ip', textArgs: { securityGroups: sgs } },
    cost: { textKey: 'plan.cost.public-ipv4' },
  });
}

/** vpc-dns-disabled: the endpoints' private DNS names cannot resolve. */
export function planVpcDnsDisabled(d: Diagnosis): Plan {
  const vpcId = d.resources.vpcId ?? '<VPC_ID>';
  const fi = d.fixInputs;
  const steps: PlanStep[] = [];
  if (!d.resources.vpcId)
    steps.push(
      manual('find-vpc', 'plan.endpoints.find-vpc', {
        action: 'ec2:DescribeSubnets',
        command: describeNetworkCommand(d),
      }),
    );
  steps.push(...vpcDnsAttributeSteps(d, (on) => on !== true));
  if (fi.vpcCustomDns === true) steps.push(customDnsStep(d));
  steps.push(redeployStep(d));
  return basePlan(d, steps, { risk: { textKey: 'plan.risk.vpc-dns', textArgs: { vpcId } } });
}

/** security-group-blocks: task SG egress (or endpoint SG ingress) does not allow 443. */
export function planSecurityGroupBlocks(d: Diagnosis): Plan {
  const r = d.resources;
  const rf = regionFlag(d);
  // The groups the diagnosis found blocking; else the task's own groups (egress is checked there first).
  const groups = d.fixInputs.blockingSecurityGroupIds ?? r.securityGroupIds;
  const steps: PlanStep[] = [];
  if (groups.length === 0) {
    steps.push(findNetworkStep(d, 'find-security-groups'));
  }
  const region = r.region || '<REGION>';
  steps.push(
    manual('find-s3-prefix-list', 'plan.security-group-blocks.s3-prefix-list', {
      action: 'ec2:DescribeManagedPrefixLists',
      command:
        `S3_PREFIX_LIST_ID=$(aws ec2 describe-managed-prefix-lists${rf} --filters ` +
        `Name=prefix-list-name,Values=com.amazonaws.${region}.s3 --query ` +
        `'PrefixLists[0].PrefixListId' --output text)`,
      textArgs: { region },
    }),
  );
  const cidrs = r.vpcCidrs && r.vpcCidrs.length > 0 ? r.vpcCidrs : ['<VPC_CIDR>'];
  for (const { id: sg, stepId } of eachKnownOr(groups, '<SECURITY_GROUP_ID>')) {
    steps.push(
      manual(stepId('allow-egress'), 'plan.security-group-blocks.egress', {
        action: 'ec2:AuthorizeSecurityGroupEgress',
        resource: sg,
        command:
          `aws ec2 authorize-security-group-egress${rf} --group-id ${sh(sg)} --ip-permissions ` +
          `'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0,Description=HTTPS for ` +
          `image pulls}]'\n` +
          `# or, for private subnets with endpoints only: the VPC CIDR and the S3 prefix list\n` +
          `aws ec2 authorize-security-group-egress${rf} --group-id ${sh(sg)} --ip-permissions ` +
          `'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[${cidrs.map((c) => `{CidrIp=${c}}`).join(',')}]' ` +
          '"IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId=$S3_PREFIX_LIST_ID}]"',
        textArgs: { groupId: sg },
      }),
      manual(stepId('allow-endpoint-ingress'), 'plan.security-group-blocks.endpoint-ingress', {
        action: 'ec2:AuthorizeSecurityGroupIngress',
        resource: sg,
        command:
          `aws ec2 authorize-security-group-ingress${rf} --group-id ${sh(sg)} --ip-permissions ` +
          `'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[${cidrs.map((c) => `{CidrIp=${c}}`).join(',')}]'`,
        textArgs: { groupId: sg, cidrs: cidrs.join(', ') },
      }),
    );
  }
  steps.push(redeployStep(d));
  return basePlan(d, steps, { risk: { textKey: 'plan.risk.security-group' } });
}

/** network-acl-blocks: the subnet's NACL drops 443 out or the ephemeral-port replies in. */
export function planNetworkAclBlocks(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  const acls = d.fixInputs.blockingNetworkAclIds ?? [];
  const steps: PlanStep[] = [];
  if (acls.length === 0) {
    const subnets = d.resources.subnetIds.length > 0 ? d.resources.subnetIds.join(',') : '<SUBNET_ID>';
    steps.push(
      manual('find-network-acls', 'plan.network-acl-blocks.find', {
        action: 'ec2:DescribeNetworkAcls',
        command:
          `aws ec2 describe-network-acls${rf} --filters Name=association.subnet-id,Values=${subnets} ` +
          `--query 'NetworkAcls[].{acl:NetworkAclId,entries:Entries}'`,
        textArgs: { subnets: subnets.replaceAll(',', ', ') },
      }),
    );
  }
  for (const { id: acl, stepId } of eachKnownOr(acls, '<NETWORK_ACL_ID>')) {
    steps.push(
      manual(stepId('allow-nacl'), 'plan.network-acl-blocks.allow', {
        action: 'ec2:CreateNetworkAclEntry',
        resource: acl,
        command:
          `aws ec2 create-network-acl-entry${rf} --network-acl-id ${sh(acl)} --egress --rule-number ` +
          `<FREE_RULE_NUMBER_OUT> --protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 ` +
          `--rule-action allow\n` +
          `aws ec2 create-network-acl-entry${rf} --network-acl-id ${sh(acl)} --ingress --rule-number ` +
          `<FREE_RULE_NUMBER_IN> --protocol tcp --port-range From=1024,To=65535 --cidr-block ` +
          `0.0.0.0/0 --rule-action allow`,
        textArgs: { aclId: acl },
      }),
    );
  }
  steps.push(redeployStep(d));
  return basePlan(d, steps, { risk: { textKey: 'plan.risk.network-acl' } });
}

/** vpc-endpoint-policy-denies: an endpoint policy does not allow the pull (ECR actions or the layer bucket). */
export function planVpcEndpointPolicyDenies(d: Diagnosis, partition = 'aws'): Plan {
  const rf = regionFlag(d);
  const region = d.resources.region || '<REGION>';
  const principal = d.resources.executionRoleArn ?? '*';
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowEcrPull',
        Effect: 'Allow',
        Principal: principal === '*' ? '*' : { AWS: principal },
        Action: ['ecr:GetAuthorizationToken', ...ECR_PULL_ACTIONS],
        Resource: '*',
      },
      {
        Sid: 'AllowEcrLayers',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:${partition}:s3:::prod-${region}-starport-layer-bucket/*`,
      },
    ],
  };
  const ids = d.fixInputs.denyingEndpointIds ?? [];
  const steps: PlanStep[] = [];
  for (const { id, stepId } of eachKnownOr(ids, '<VPC_ENDPOINT_ID>')) {
    steps.push(
      manual(stepId('read-endpoint-policy'), 'plan.vpc-endpoint-policy-denies.read', {
        action: 'ec2:DescribeVpcEndpoints',
        resource: id,
        command:
          `aws ec2 describe-vpc-endpoints${rf} --vpc-endpoint-ids ${sh(id)} --query ` +
          `'VpcEndpoints[0].PolicyDocument' --output text`,
        textArgs: { endpointId: id },
      }),
      manual(stepId('update-endpoint-policy'), 'plan.vpc-endpoint-policy-denies.update', {
        action: 'ec2:ModifyVpcEndpoint',
        resource: id,
        command:
          `aws ec2 modify-vpc-endpoint${rf} --vpc-endpoint-id ${sh(id)} --policy-document ` +
          `file://endpoint-policy.json`,
        document,
        textArgs: { endpointId: id, principal },
      }),
    );
  }
  steps.push(redeployStep(d));
  return basePlan(d, steps, { risk: { textKey: 'plan.risk.endpoint-policy' } });
}
