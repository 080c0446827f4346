/**
 * public-ip-disabled for a bridge/host task on EC2: it pulls through its container instance, so the instance's
 * own public address decides, and the fix is in how the instances are launched (never the task's assignPublicIp).
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, manual, regionFlag, sh } from '../../remediate/plans/shared';
import type { Plan } from '../../remediate/types';
import type { CheckContext, CheckResult, EvidenceText, Finding } from '../context';
import { texts } from '../module';
import { ecrImage } from './shared';
import type { NetworkView } from './view';
import { pullZones } from './zones';

export const INSTANCE_IP_TEXTS = texts(
  {
    'evidence.public-ip-disabled.instance-no-ip':
      'EC2 instance {instance}, whose network the task uses, has no public IP address, and its subnet ' +
      '{subnets} routes 0.0.0.0/0 to internet gateway {igw}: the pull cannot leave through it.',
    'evidence.public-ip-disabled.instance-ip': 'EC2 instance {instance} has the public IP address {publicIp}.',
    'plan.public-ip-disabled.instance':
      'Container instance {instance} has no public IP in a subnet that routes to an internet gateway. ' +
      "Launch the cluster's instances with a public IP (the launch template's AssociatePublicIpAddress, or " +
      "the subnet's auto-assign setting shown here); new instances get one, running ones do not.",
  },
  {
    'evidence.public-ip-disabled.instance-no-ip':
      'タスクがネットワークを使う EC2 インスタンス {instance} にはパブリック IP アドレスがなく、' +
      'そのサブネット {subnets} は 0.0.0.0/0 をインターネットゲートウェイ {igw} にルーティングしています。プルはそこから出られません。',
    'evidence.public-ip-disabled.instance-ip':
      'EC2 インスタンス {instance} にはパブリック IP アドレス {publicIp} があります。',
    'plan.public-ip-disabled.instance':
      'コンテナインスタンス {instance} には、インターネットゲートウェイにルーティングするサブネット内でパブリック IP がありません。' +
      'クラスターのインスタンスをパブリック IP 付きで起動してください(起動テンプレートの AssociatePublicIpAddress、またはここに示すサブネットの自動割り当て設定)。' +
      '新しいインスタンスには付与されますが、実行中のものには付与されません。',
  },
);

/**
 * A bridge/host task pulls through its instance: the instance's own public address decides (the task's
 * assignPublicIp does not apply). Detours and private zones leave the question open, as for a task ENI.
 */
export function instancePublicIp(
  f: Finding,
  ctx: CheckContext,
  v: NetworkView,
  igw: NetworkView['paths'],
  endpointsExist: EvidenceText,
): CheckResult {
  const inst = ctx.facts.ec2Instance?.ok ? ctx.facts.ec2Instance.value : undefined;
  if (!inst) return f.done('unknown');
  if (inst.publicIp)
    return f
      .add(
        'instance-public-ip',
        'ruled-out',
        INSTANCE_IP_TEXTS.t('evidence.public-ip-disabled.instance-ip', { instance: inst.id, publicIp: inst.publicIp }),
        [inst.id],
      )
      .done('ruled-out');
  if (ecrImage(ctx) && v.missing.length === 0)
    return f.add('vpc-endpoints', 'ruled-out', endpointsExist).done('ruled-out');
  const zones = pullZones(ctx);
  if (igw.some((p) => p.detours.length > 0 || p.note === 'ipv6-alternative') || zones.found.length)
    return f.done('possible');
  const igwId = igw[0]!.route!.targetId;
  const subnets = igw.map((p) => p.subnet.id);
  return f
    .add(
      'instance-public-ip',
      'proven',
      INSTANCE_IP_TEXTS.t('evidence.public-ip-disabled.instance-no-ip', {
        instance: inst.id,
        subnets: subnets.join(', '),
        igw: igwId,
      }),
      [inst.id, ...subnets, igwId],
    )
    .done('proven');
}

/** The instance needs a public address (or the pull another way out): launch settings, not the task's. */
export function instancePlan(d: Diagnosis, alternative: string): Plan {
  const r = d.resources;
  const subnet = r.subnetIds[0] ?? '<SUBNET_ID>';
  return basePlan(d, [
    manual('instance-public-ip', INSTANCE_IP_TEXTS.key('plan.public-ip-disabled.instance'), {
      action: 'ec2:ModifySubnetAttribute',
      resource: subnet,
      command: `aws ec2 modify-subnet-attribute${regionFlag(d)} --subnet-id ${sh(subnet)} --map-public-ip-on-launch`,
      textArgs: { instance: r.ec2InstanceId ?? r.containerInstanceArn ?? '-' },
    }),
    manual('or-private-subnets', alternative),
  ]);
}
