/**
 * security-group-blocks: the task's security groups allow no TCP 443 out to where the pull goes (the internet,
 * the interface endpoints it uses, the S3 prefix list), or the endpoints' groups allow no 443 in from the task.
 * Proven from the groups' rules when every group is read.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import type { SecurityGroupFacts } from '../../facts/types';
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
import { defineCause, texts } from '../module';
import { cidrContains } from './routes';
import { ruleCovers443 } from './rules';
import { ecrImage, instanceGroupIds, VIEW, withView } from './shared';
import { NETWORK_TEXTS } from './texts';
import { dnsEndpoints } from './view';

const TEXTS = texts(
  {
    'evidence.part.what.service-network': 'The network configuration of service {service}',
    'evidence.part.what.security-groups': 'The security groups of {vpcId}',
    'evidence.part.sg.no-egress-internet': 'egress of {groups} allows no TCP 443 to 0.0.0.0/0',
    'evidence.part.sg.no-egress-endpoint': 'egress of {groups} allows no TCP 443 to endpoint {endpoint} ({service})',
    'evidence.part.sg.no-endpoint-ingress':
      'endpoint {endpoint} ({service}) security group(s) {endpointGroups} allow no TCP 443 in from the task',
    'evidence.part.sg.no-egress-s3':
      'egress of {groups} allows TCP 443 neither to 0.0.0.0/0 nor to the S3 prefix list ' +
      '{prefixLists} (ECR layers come from S3)',
    'evidence.security-group-blocks.groups-unknown':
      'The task security groups are not in the event (standalone task, or service without network configuration).',
    'evidence.security-group-blocks.groups-not-found': 'Security group(s) {groups} were not found in {vpcId}.',
    'evidence.security-group-blocks.blocked': '{problems}.',
    'evidence.security-group-blocks.allowed':
      'Security groups {groups} allow TCP 443 egress to the paths the pull uses.',
    'evidence.security-group-blocks.allowed.endpoints':
      'Security groups {groups} allow TCP 443 egress to the paths the pull uses, and the endpoint groups allow it in.',
    'plan.security-group-blocks.s3-prefix-list': 'Look up the S3 prefix list of {region} (image layers come from S3).',
    'plan.security-group-blocks.egress':
      'Allow outbound HTTPS (TCP 443) from security group {groupId}: to anywhere, or to the VPC ' +
      'and the S3 prefix list when only endpoints are used.',
    'plan.security-group-blocks.endpoint-ingress':
      "If {groupId} is an endpoint's security group: allow inbound HTTPS (TCP 443) from {cidrs}.",
    'plan.risk.security-group':
      'Risk: low; the rules only open outbound HTTPS (and HTTPS to endpoints from inside the VPC).',
  },
  {
    'evidence.part.what.service-network': 'サービス {service} のネットワーク設定',
    'evidence.part.what.security-groups': '{vpcId} のセキュリティグループ',
    'evidence.part.sg.no-egress-internet':
      '{groups} のアウトバウンドルールが 0.0.0.0/0 への TCP 443 を許可していません',
    'evidence.part.sg.no-egress-endpoint':
      '{groups} のアウトバウンドルールがエンドポイント {endpoint}（{service}）への TCP 443 を許可していません',
    'evidence.part.sg.no-endpoint-ingress':
      'エンドポイント {endpoint}（{service}）のセキュリティグループ {endpointGroups} がタスクからの TCP 443 のインバウンドを許可していません',
    'evidence.part.sg.no-egress-s3':
      '{groups} のアウトバウンドルールが 0.0.0.0/0 にも S3 プレフィックスリスト {prefixLists} にも TCP 443 を許可していません（ECR のレイヤーは S3 から取得されます）',
    'evidence.security-group-blocks.groups-unknown':
      'タスクのセキュリティグループがイベントに含まれていません（単独で実行したタスク、またはネットワーク設定のないサービス）。',
    'evidence.security-group-blocks.groups-not-found':
      'セキュリティグループ {groups} が {vpcId} に見つかりませんでした。',
    'evidence.security-group-blocks.blocked': '{problems}。',
    'evidence.security-group-blocks.allowed':
      'セキュリティグループ {groups} は、プルが使う経路への TCP 443 のアウトバウンドを許可しています。',
    'evidence.security-group-blocks.allowed.endpoints':
      'セキュリティグループ {groups} は、プルが使う経路への TCP 443 のアウトバウンドを許可しており、エンドポイントのセキュリティグループもインバウンドを許可しています。',
    'plan.security-group-blocks.s3-prefix-list':
      '{region} の S3 プレフィックスリストを確認します（イメージのレイヤーは S3 から取得されます）。',
    'plan.security-group-blocks.egress':
      'セキュリティグループ {groupId} から外向きの HTTPS（TCP 443）を許可してください。宛先はすべて、またはエンドポイントのみを使う場合は VPC と S3 プレフィックスリストです。',
    'plan.security-group-blocks.endpoint-ingress':
      '{groupId} がエンドポイントのセキュリティグループであれば、{cidrs} からの内向き HTTPS（TCP 443）を許可してください。',
    'plan.risk.security-group':
      'リスク: 低。ルールは外向きの HTTPS（と VPC 内からエンドポイントへの HTTPS）を開くだけです。',
  },
);

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
    const problems: string[] = [];
    const parts: EvidenceText[] = [];
    const blocking = new Set<string>();
    const groups443 = groupIds.join(', ');
    const toInternet = egress.some((r) => r.cidrs.includes('0.0.0.0/0'));
    const needsInternet = v.paths.some((p) => p.defaultRoute === 'igw' || p.defaultRoute === 'nat');
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
    for (const svc of viaEndpoints) {
      for (const e of dnsEndpoints(v, svc)) {
        const out = egress.some(
          (r) =>
            r.groupIds.some((g) => e.groupIds.includes(g)) ||
            r.cidrs.some((c) => subnetCidrs.some((s) => cidrContains(c, s))),
        );
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
            .some(
              (r) =>
                r.groupIds.some((id) => groupIds.includes(id)) ||
                r.cidrs.some((c) => subnetCidrs.some((s) => cidrContains(c, s))),
            ),
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
  for (const { id: sg, stepId } of eachKnownOr(groups, '<SECURITY_GROUP_ID>')) {
    steps.push(
      manual(stepId('allow-egress'), TEXTS.key('plan.security-group-blocks.egress'), {
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
