/**
 * security-group-blocks: the task's security groups allow no TCP 443 out to where the pull goes (the internet,
 * the interface endpoints it uses, the S3 prefix list), or the endpoints' groups allow no 443 in from the task.
 * Proven from the groups' rules when every group is read.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import type { SecurityGroupFacts, SecurityGroupRuleFacts } from '../../facts/types';
import {
  basePlan,
  eachKnownOr,
  findNetworkStep,
  manual,
  redeployStep,
  regionFlag,
  sh,
} from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { type Finding, listArgs, read, type CheckContext, type CheckResult, type EvidenceText } from '../context';
import { defineCause } from '../module';
import { SG_TEXTS as TEXTS } from './security-group-texts';
import { IPV6_DEFAULT, NAT64_PREFIX } from './families';
import { cidrContains, ipv6CidrContains } from './routes';
import { ruleCovers443 } from './rules';
import { ecrImage, instanceGroupIds, VIEW, withView } from './shared';
import { NETWORK_TEXTS } from './texts';
import { dnsEndpoints } from './view';

function taskGroups(ctx: CheckContext, f: Finding): string[] | undefined {
  // A bridge/host task pulls through its instance: the instance's groups (withView has read the instance).
  const svc = ctx.facts.service;
  const groups = instanceGroupIds(ctx) ?? (svc?.ok ? svc.value?.securityGroups : undefined);
  if (groups?.length) return groups;
  if (svc && !svc.ok && instanceGroupIds(ctx) === undefined)
    f.unknown(
      'task-security-groups',
      svc,
      TEXTS.t('evidence.part.what.service-network', { service: ctx.failure.task.serviceName ?? '' }),
    );
  else f.add('task-security-groups', 'unknown', TEXTS.t('evidence.security-group-blocks.groups-unknown'));
  return undefined;
}
function check(ctx: CheckContext): CheckResult {
  return withView('security-group-blocks', ctx, (f, v) => {
    const groupIds = taskGroups(ctx, f);
    if (!groupIds) return f.done('unknown');
    const all = read(
      f,
      ctx.facts.network?.securityGroups,
      'security-groups',
      TEXTS.t('evidence.part.what.security-groups', { vpcId: v.vpcId }),
    );
    if (!all) return f.done('unknown');
    const byId = new Map(all.map((g) => [g.id, g] as const));
    const groups = groupIds.map((id) => byId.get(id)).filter((g): g is SecurityGroupFacts => !!g);
    if (groups.length < groupIds.length)
      return f
        .add(
          'task-security-groups',
          'unknown',
          TEXTS.t('evidence.security-group-blocks.groups-not-found', {
            groups: groupIds.filter((id) => !byId.has(id)).join(', '),
            vpcId: v.vpcId,
          }),
        )
        .done('unknown');
    const egress = groups.flatMap((g) => g.egress).filter(ruleCovers443);
    const subnetCidrs = v.paths.map((p) => p.subnet.cidr).filter((c): c is string => !!c);
    const subnetCidrs6 = v.paths.flatMap((p) => p.subnet.ipv6Cidrs ?? []);
    // A rule's CIDRs (either family) that contain a task subnet: the endpoint ENIs' addresses are there too.
    const coversSubnets = (r: SecurityGroupRuleFacts) =>
      r.cidrs.some((c) => subnetCidrs.some((s) => cidrContains(c, s))) ||
      r.ipv6Cidrs.some((c) => subnetCidrs6.some((s) => ipv6CidrContains(c, s)));
    const problems: string[] = [];
    const parts: EvidenceText[] = [];
    const blocking = new Set<string>();
    const groups443 = groupIds.join(', ');
    const toInternet = egress.some((r) => r.cidrs.includes('0.0.0.0/0'));
    // Which family leaves (families.ts): IPv4 to 0.0.0.0/0; IPv6 to ::/0, NAT64 to 64:ff9b::/96.
    const needsInternet = v.paths.some(
      (p) => (p.defaultRoute === 'igw' || p.defaultRoute === 'nat') && p.note !== 'nat64',
    );
    const needs6 = [
      ...(v.paths.some((p) => p.defaultRoute === 'ipv6') ? [IPV6_DEFAULT] : []),
      ...(v.paths.some((p) => p.note === 'nat64') ? [NAT64_PREFIX] : []),
    ];
    const toInternet6 = needs6.every((t) => egress.some((r) => r.ipv6Cidrs.some((c) => ipv6CidrContains(c, t))));
    // Services reached through interface endpoints (private DNS on).
    const viaEndpoints = ecrImage(ctx)
      ? (['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm'] as const).filter(
          (s) => v.needed.includes(s) && dnsEndpoints(v, s).length,
        )
      : [];
    const viaInternet =
      (ecrImage(ctx) ? v.needed.filter((s) => s !== 's3' && !viaEndpoints.includes(s as never)) : ['registry']).length >
      0;
    if (needsInternet && viaInternet && !toInternet) {
      problems.push(`egress of ${groupIds.join(', ')} allows no TCP 443 to 0.0.0.0/0`);
      parts.push(TEXTS.t('evidence.part.sg.no-egress-internet', { groups: groups443 }));
      for (const g of groupIds) blocking.add(g);
    }
    if (needs6.length && viaInternet && !toInternet6) {
      problems.push(`egress of ${groupIds.join(', ')} allows no TCP 443 to ::/0 (the pull leaves over IPv6)`);
      parts.push(TEXTS.t('evidence.part.sg.no-egress-internet6', { groups: groups443 }));
      for (const g of groupIds) blocking.add(g);
    }
    for (const svc of viaEndpoints) {
      for (const e of dnsEndpoints(v, svc)) {
        const out = egress.some((r) => r.groupIds.some((g) => e.groupIds.includes(g)) || coversSubnets(r));
        if (!out) {
          problems.push(`egress of ${groupIds.join(', ')} allows no TCP 443 to endpoint ${e.id} (${svc})`);
          parts.push(
            TEXTS.t('evidence.part.sg.no-egress-endpoint', { groups: groups443, endpoint: e.id, service: svc }),
          );
          for (const g of groupIds) blocking.add(g);
        }
        const epGroups = e.groupIds.map((id) => byId.get(id));
        if (epGroups.some((g) => !g)) continue;
        const inOk = epGroups.some((g) =>
          g!.ingress
            .filter(ruleCovers443)
            .some((r) => r.groupIds.some((id) => groupIds.includes(id)) || coversSubnets(r)),
        );
        if (!inOk) {
          problems.push(
            `endpoint ${e.id} (${svc}) security group(s) ${e.groupIds.join(', ')} allow no TCP 443 in from the task`,
          );
          parts.push(
            TEXTS.t('evidence.part.sg.no-endpoint-ingress', {
              endpoint: e.id,
              service: svc,
              endpointGroups: e.groupIds.join(', '),
            }),
          );
          for (const g of e.groupIds) blocking.add(g);
        }
      }
    }
    if (ecrImage(ctx) && v.needed.includes('s3') && v.s3PrefixListIds.length && v.routeTablesWithoutS3.length === 0) {
      const s3ok = egress.some(
        (r) => r.cidrs.includes('0.0.0.0/0') || r.prefixListIds.some((p) => v.s3PrefixListIds.includes(p)),
      );
      if (!s3ok) {
        problems.push(
          `egress of ${groupIds.join(', ')} allows TCP 443 neither to 0.0.0.0/0 nor to the S3 prefix ` +
            `list ${v.s3PrefixListIds.join(', ')} (ECR layers come from S3)`,
        );
        parts.push(
          TEXTS.t('evidence.part.sg.no-egress-s3', { groups: groups443, prefixLists: v.s3PrefixListIds.join(', ') }),
        );
        for (const g of groupIds) blocking.add(g);
      }
    }
    if (problems.length) {
      return f
        .add(
          'security-group-443',
          'proven',
          TEXTS.t('evidence.security-group-blocks.blocked', listArgs('problems', parts, 'semicolon')),
          [...blocking],
        )
        .fix({ blockingSecurityGroupIds: [...blocking] })
        .done('proven');
    }
    return f
      .add(
        'security-group-443',
        'ruled-out',
        TEXTS.t(
          viaEndpoints.length
            ? 'evidence.security-group-blocks.allowed.endpoints'
            : 'evidence.security-group-blocks.allowed',
          {
            groups: groups443,
          },
        ),
        groupIds,
      )
      .done('ruled-out');
  });
}

/** security-group-blocks: task SG egress (or endpoint SG ingress) does not allow 443. */
function plan(d: Diagnosis): Plan {
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
    manual('find-s3-prefix-list', TEXTS.key('plan.security-group-blocks.s3-prefix-list'), {
      action: 'ec2:DescribeManagedPrefixLists',
      command:
        `S3_PREFIX_LIST_ID=$(aws ec2 describe-managed-prefix-lists${rf} --filters ` +
        `Name=prefix-list-name,Values=com.amazonaws.${region}.s3 --query ` +
        `'PrefixLists[0].PrefixListId' --output text)`,
      textArgs: { region },
    }),
  );
  const cidrs = r.vpcCidrs && r.vpcCidrs.length > 0 ? r.vpcCidrs : ['<VPC_CIDR>'];
  // The pull leaves over IPv6 (families.ts): the same rule for ::/0.
  const v6 = d.fixInputs.addressFamily?.egressIpv6
    ? ',Ipv6Ranges=[{CidrIpv6=::/0,Description=HTTPS for image pulls}]'
    : '';
  for (const { id: sg, stepId } of eachKnownOr(groups, '<SECURITY_GROUP_ID>')) {
    steps.push(
      manual(stepId('allow-egress'), TEXTS.key('plan.security-group-blocks.egress'), {
        action: 'ec2:AuthorizeSecurityGroupEgress',
        resource: sg,
        command:
          `aws ec2 authorize-security-group-egress${rf} --group-id ${sh(sg)} --ip-permissions ` +
          `'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0,Description=HTTPS for ` +
          `image pulls}]${v6}'\n` +
          `# or, for private subnets with endpoints only: the VPC CIDR and the S3 prefix list\n` +
          `aws ec2 authorize-security-group-egress${rf} --group-id ${sh(sg)} --ip-permissions ` +
          `'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[${cidrs.map((c) => `{CidrIp=${c}}`).join(',')}]' ` +
          '"IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId=$S3_PREFIX_LIST_ID}]"',
        textArgs: { groupId: sg },
      }),
      manual(stepId('allow-endpoint-ingress'), TEXTS.key('plan.security-group-blocks.endpoint-ingress'), {
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
  return basePlan(d, steps, { risk: { textKey: TEXTS.key('plan.risk.security-group') } });
}

export const securityGroupBlocks = defineCause({
  id: 'security-group-blocks',
  family: 'network',
  words: {
    en: {
      title: 'security group blocks HTTPS',
      explain:
        'A security group blocks HTTPS (port 443): the task’s egress rules, or the inbound rules of the VPC ' +
        'endpoints’ security group.',
    },
    ja: {
      title: 'セキュリティグループが HTTPS を遮断',
      explain:
        'セキュリティグループが HTTPS(443 番ポート)を遮断しています。タスクのアウトバウンドルール、または VPC エンドポイントのセキュリティグループのインバウンドルールを確認してください。',
    },
  },
  calls: { proves: [...VIEW, 'endpoints', 'service', 'securityGroups'], informs: [] },
  check,
  plan,
  texts: [TEXTS, NETWORK_TEXTS],
});
