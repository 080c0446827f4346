/**
 * public-ip-disabled: the task's subnets route 0.0.0.0/0 to an internet gateway, but the task gets no public IP
 * (its service has assignPublicIp DISABLED), so nothing reaches ECR. Not when every needed endpoint exists,
 * not on EC2 (awsvpc tasks there never get one), and only possible when public addresses also leave another
 * way or a private hosted zone answers the pull's names.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, findNetworkStep, manual, regionFlag, sh } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { isEc2, isFargate, listArgs, usesInstanceNetwork, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { addPrivateZones, ecrImage, VIEW, withView } from './shared';
import { NETWORK_TEXTS } from './texts';
import { INSTANCE_IP_TEXTS, instancePlan, instancePublicIp } from './public-ip-instance';
import { pullZones } from './zones';
import { ipv6RouteOf } from './families';
import type { SubnetPath } from './view';

const TEXTS = texts(
  {
    'evidence.part.what.assign-public-ip': 'assignPublicIp of service {service}',
    'evidence.public-ip-disabled.no-igw': 'No task subnet routes 0.0.0.0/0 to an internet gateway.',
    'evidence.public-ip-disabled.ec2': 'EC2 awsvpc tasks never get a public IP; they need a NAT route or endpoints.',
    'evidence.public-ip-disabled.endpoints-exist':
      'Every needed endpoint exists, so the pull does not need a public IP.',
    'evidence.public-ip-disabled.disabled':
      'Service {service} runs tasks with assignPublicIp DISABLED in subnet(s) {subnets} whose ' +
      'default route is internet gateway {igw}: the task has no public address to use it.',
    'evidence.public-ip-disabled.enabled': 'Service {service} assigns public IPs.',
    'evidence.public-ip-disabled.disabled.preflight':
      'The task would run with assignPublicIp DISABLED in subnet(s) {subnets} whose default route is internet ' +
      'gateway {igw}: it would have no public address to use it.',
    'evidence.public-ip-disabled.enabled.preflight': 'The task would get a public IP (assignPublicIp ENABLED).',
    'evidence.public-ip-disabled.standalone':
      'Subnet(s) {subnets} route to an internet gateway; assignPublicIp of a standalone task is not in the event.',
    'evidence.public-ip-disabled.detours':
      'Besides 0.0.0.0/0 to the internet gateway, public addresses leave another way: {routes}. ' +
      'The pull may not use the internet gateway; check where those routes lead.',
    'plan.public-ip-disabled.update-service':
      'The subnets route to an internet gateway but tasks get no public IP. Turn on ' +
      'assignPublicIp for service {service} (cluster {cluster}).',
    'plan.public-ip-disabled.run-task':
      'The subnet routes to an internet gateway but the task got no public IP. Run it with ' +
      'assignPublicIp=ENABLED in cluster {cluster}.',
    'plan.public-ip-disabled.alternative':
      'Alternative without public IPs: run the tasks in private subnets with a NAT gateway or ' +
      'with the ECR/S3 VPC endpoints.',
    'plan.cost.public-ipv4': 'Cost: each public IPv4 address is charged USD 0.005 per hour (≈ 3.6 per month per task).',
    'plan.risk.public-ip':
      'Risk: tasks become reachable from the internet as far as security groups {securityGroups} ' +
      'allow; check their inbound rules.',
  },
  {
    'evidence.part.what.assign-public-ip': 'サービス {service} の assignPublicIp',
    'evidence.public-ip-disabled.no-igw':
      '0.0.0.0/0 をインターネットゲートウェイに向けているタスクのサブネットはありません。',
    'evidence.public-ip-disabled.ec2':
      'EC2 の awsvpc タスクにはパブリック IP が付きません。NAT へのルートかエンドポイントが必要です。',
    'evidence.public-ip-disabled.endpoints-exist':
      '必要なエンドポイントがすべてあるため、プルにパブリック IP は不要です。',
    'evidence.public-ip-disabled.disabled':
      'サービス {service} は assignPublicIp DISABLED でタスクを起動していますが、サブネット {subnets} ' +
      'のデフォルトルートはインターネットゲートウェイ {igw} です。タスクにはそれを使うためのパブリックアドレスがありません。',
    'evidence.public-ip-disabled.enabled': 'サービス {service} はパブリック IP を割り当てています。',
    'evidence.public-ip-disabled.disabled.preflight':
      'タスクは assignPublicIp DISABLED で、デフォルトルートがインターネットゲートウェイ {igw} のサブネット {subnets} で' +
      '実行されます。それを使うパブリックアドレスがありません。',
    'evidence.public-ip-disabled.enabled.preflight':
      'タスクにはパブリック IP が割り当てられます（assignPublicIp ENABLED）。',
    'evidence.public-ip-disabled.standalone':
      'サブネット {subnets} はインターネットゲートウェイにルーティングしています。単独で実行したタスクの assignPublicIp はイベントに含まれていません。',
    'evidence.public-ip-disabled.detours':
      'インターネットゲートウェイへの 0.0.0.0/0 のほかに、パブリックアドレスへの別の出口があります: ' +
      '{routes}。プルはインターネットゲートウェイを使わない可能性があります。これらのルートの行き先を確認してください。',
    'plan.public-ip-disabled.update-service':
      'サブネットはインターネットゲートウェイへルーティングされていますが、タスクにパブリック IP が割り当てられていません。サービス {service}（クラスター ' +
      '{cluster}）で assignPublicIp を有効にしてください。',
    'plan.public-ip-disabled.run-task':
      'サブネットはインターネットゲートウェイへルーティングされていますが、タスクにパブリック IP がありませんでした。クラスター {cluster} で ' +
      'assignPublicIp=ENABLED を指定して実行してください。',
    'plan.public-ip-disabled.alternative':
      'パブリック IP を使わない代替案: NAT ゲートウェイまたは ECR/S3 の VPC エンドポイントがあるプライベートサブネットでタスクを実行します。',
    'plan.cost.public-ipv4':
      'コスト: パブリック IPv4 アドレスは 1 つあたり 0.005 USD/時間（タスク 1 つあたり月約 3.6 USD）かかります。',
    'plan.risk.public-ip':
      'リスク: セキュリティグループ {securityGroups} が許可する範囲で、タスクがインターネットから到達可能になります。インバウンドルールを確認してください。',
  },
);

function check(ctx: CheckContext): CheckResult {
  return withView('public-ip-disabled', ctx, (f, v) => {
    const igw = v.paths.filter((p) => p.defaultRoute === 'igw');
    if (igw.length === 0)
      return f
        .add('default-route', 'not-applicable', TEXTS.t('evidence.public-ip-disabled.no-igw'))
        .done('not-applicable');
    if (usesInstanceNetwork(ctx))
      return instancePublicIp(f, ctx, v, igw, TEXTS.t('evidence.public-ip-disabled.endpoints-exist'));
    if (isEc2(ctx))
      return f
        .add('launch-type', 'not-applicable', TEXTS.t('evidence.public-ip-disabled.ec2'))
        .done(v.missing.length && ecrImage(ctx) ? 'possible' : 'not-applicable');
    if (ecrImage(ctx) && v.missing.length === 0) {
      return f
        .add('vpc-endpoints', 'ruled-out', TEXTS.t('evidence.public-ip-disabled.endpoints-exist'))
        .done('ruled-out');
    }
    const svc = ctx.facts.service?.ok ? ctx.facts.service.value : undefined;
    const ids = igw.map((p) => p.subnet.id);
    // The pull may not use the internet gateway at all: public addresses also leave another way, or its
    // names come from a private hosted zone. Then a missing public IP is not proven to matter.
    const zones = pullZones(ctx);
    // A dual-stack name from a dual-stack subnet may leave over IPv6 too (families.ts): another way out.
    const waysOut = (p: SubnetPath) => [
      ...p.detours,
      ...(p.note === 'ipv6-alternative' && p.routeTable ? [ipv6RouteOf(p.routeTable).route!] : []),
    ];
    const detoured = igw.filter((p) => waysOut(p).length > 0);
    if (svc?.assignPublicIp !== 'ENABLED' && (detoured.length || zones.found.length)) {
      if (detoured.length) {
        const parts = detoured.flatMap((p) => waysOut(p).map((r) => ({ p, r })));
        f.add(
          'default-route',
          'unknown',
          TEXTS.t(
            'evidence.public-ip-disabled.detours',
            listArgs(
              'routes',
              parts.map(({ p, r }) =>
                NETWORK_TEXTS.t('evidence.part.route.other', {
                  subnet: p.subnet.id,
                  routeTable: p.routeTable?.id ?? 'none',
                  destination: r.destination,
                  target: r.targetId,
                }),
              ),
              'semicolon',
            ),
          ),
          parts.map(({ r }) => r.targetId),
        );
      }
      if (zones.found.length) addPrivateZones(f, v, zones.found);
      return f.done('possible');
    }
    // Before a deploy without a service, the network is the command line's: said of the task, not a service.
    const given = ctx.failure.preflight && !ctx.failure.task.serviceName;
    if (svc?.assignPublicIp === 'DISABLED') {
      const args = { service: svc.name, subnets: ids.join(', '), igw: igw[0]!.route!.targetId };
      return f
        .add(
          'assign-public-ip',
          'proven',
          given
            ? TEXTS.t('evidence.public-ip-disabled.disabled.preflight', args)
            : TEXTS.t('evidence.public-ip-disabled.disabled', args),
          [...ids, igw[0]!.route!.targetId],
        )
        .done('proven');
    }
    if (svc?.assignPublicIp === 'ENABLED')
      return f
        .add(
          'assign-public-ip',
          'ruled-out',
          given
            ? TEXTS.t('evidence.public-ip-disabled.enabled.preflight')
            : TEXTS.t('evidence.public-ip-disabled.enabled', { service: svc.name }),
        )
        .done('ruled-out');
    if (ctx.facts.service && !ctx.facts.service.ok)
      f.unknown(
        'assign-public-ip',
        ctx.facts.service,
        TEXTS.t('evidence.part.what.assign-public-ip', { service: ctx.failure.task.serviceName ?? '' }),
      );
    else
      f.add(
        'assign-public-ip',
        'unknown',
        TEXTS.t('evidence.public-ip-disabled.standalone', { subnets: ids.join(', ') }),
        ids,
      );
    return f.done(isFargate(ctx) || !ctx.launchType ? 'possible' : 'unknown');
  });
}

/** public-ip-disabled: public subnet (IGW route) but no public IP → nothing reaches ECR. */
function plan(d: Diagnosis): Plan {
  const r = d.resources;
  if (d.fixInputs.instanceNetwork) return instancePlan(d, TEXTS.key('plan.public-ip-disabled.alternative'));
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
      manual('enable-public-ip', TEXTS.key('plan.public-ip-disabled.update-service'), {
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
      manual('enable-public-ip', TEXTS.key('plan.public-ip-disabled.run-task'), {
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
  steps.push(manual('or-private-subnets', TEXTS.key('plan.public-ip-disabled.alternative')));
  return basePlan(d, steps, {
    risk: { textKey: TEXTS.key('plan.risk.public-ip'), textArgs: { securityGroups: sgs } },
    cost: { textKey: TEXTS.key('plan.cost.public-ipv4') },
  });
}

export const publicIpDisabled = defineCause({
  id: 'public-ip-disabled',
  family: 'network',
  words: {
    en: {
      title: 'no public IP and no NAT',
      explain:
        'The task runs in a subnet whose route to the internet is an internet gateway, but the task has no public ' +
        'IP address (assignPublicIp DISABLED), so it cannot reach Amazon ECR.',
    },
    ja: {
      title: 'パブリック IP も NAT もない',
      explain:
        'サブネットのインターネットへの経路はインターネットゲートウェイですが、タスクにパブリック IP がない(assignPublicIp が DISABLED)ため、Amazon ECR に到達できません。',
    },
  },
  calls: { proves: [...VIEW, 'endpoints', 'service', 'instance'], informs: ['hostedZones'] },
  check,
  plan,
  texts: [TEXTS, INSTANCE_IP_TEXTS, NETWORK_TEXTS],
});
