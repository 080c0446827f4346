/**
 * vpc-dns-disabled: the endpoints' private DNS names cannot resolve — the VPC has enableDnsSupport off, or
 * enableDnsHostnames off while an interface endpoint uses private DNS, or the endpoints the pull relies on have
 * private DNS off. Custom DNS servers in the DHCP options make it likely.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, describeNetworkCommand, manual, redeployStep } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { read, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { customDnsStep, vpcDnsAttributeSteps } from './endpoint-steps';
import { DNS, VIEW, withView } from './shared';
import { NETWORK_TEXTS } from './texts';

const TEXTS = texts(
  {
    'evidence.part.what.dns-support': 'enableDnsSupport of {vpcId}',
    'evidence.part.what.dns-hostnames': 'enableDnsHostnames of {vpcId}',
    'evidence.part.what.dhcp-options': 'DHCP options of {vpcId}',
    'evidence.vpc-dns-disabled.support-off':
      'VPC {vpcId} has enableDnsSupport off: the Amazon DNS server does not answer, so registry ' +
      'and endpoint names do not resolve.',
    'evidence.vpc-dns-disabled.hostnames-off':
      'VPC {vpcId} has enableDnsHostnames off; private DNS of its interface endpoints needs both DNS attributes on.',
    'evidence.vpc-dns-disabled.private-dns-off':
      'Interface endpoint(s) {endpoints} have private DNS off: the service names resolve to ' +
      'public addresses the subnet cannot reach.',
    'evidence.vpc-dns-disabled.custom-dns':
      'DHCP options {dhcpOptions} use custom DNS servers ({servers}); endpoint private DNS works ' +
      'only with Amazon-provided DNS unless the resolvers forward to it.',
    'evidence.vpc-dns-disabled.on': 'VPC {vpcId} has DNS support on.',
    'evidence.vpc-dns-disabled.on.hostnames': 'VPC {vpcId} has DNS support and DNS hostnames on.',
    'evidence.vpc-dns-disabled.on.private-dns':
      'VPC {vpcId} has DNS support on, and its interface endpoints use private DNS.',
    'evidence.vpc-dns-disabled.on.hostnames.private-dns':
      'VPC {vpcId} has DNS support and DNS hostnames on, and its interface endpoints use private DNS.',
    'plan.risk.vpc-dns': 'Risk: low; changing DHCP options affects name resolution of every instance in {vpcId}.',
  },
  {
    'evidence.part.what.dns-support': '{vpcId} の enableDnsSupport',
    'evidence.part.what.dns-hostnames': '{vpcId} の enableDnsHostnames',
    'evidence.part.what.dhcp-options': '{vpcId} の DHCP オプション',
    'evidence.vpc-dns-disabled.support-off':
      'VPC {vpcId} の enableDnsSupport がオフです。Amazon の DNS サーバーが応答しないため、レジストリやエンドポイントの名前が解決できません。',
    'evidence.vpc-dns-disabled.hostnames-off':
      'VPC {vpcId} の enableDnsHostnames がオフです。インターフェイスエンドポイントのプライベート DNS には両方の DNS 属性をオンにする必要があります。',
    'evidence.vpc-dns-disabled.private-dns-off':
      'インターフェイスエンドポイント {endpoints} のプライベート DNS がオフです。サービス名がパブリックアドレスに解決され、サブネットからは到達できません。',
    'evidence.vpc-dns-disabled.custom-dns':
      'DHCP オプション {dhcpOptions} は独自の DNS サーバー（{servers}）を使っています。エンドポイントのプライベート DNS は、リゾルバーが ' +
      'Amazon 提供の DNS に転送しない限り、Amazon 提供の DNS でしか機能しません。',
    'evidence.vpc-dns-disabled.on': 'VPC {vpcId} の DNS サポートはオンです。',
    'evidence.vpc-dns-disabled.on.hostnames': 'VPC {vpcId} の DNS サポートと DNS ホスト名はオンです。',
    'evidence.vpc-dns-disabled.on.private-dns':
      'VPC {vpcId} の DNS サポートはオンで、インターフェイスエンドポイントはプライベート DNS を使っています。',
    'evidence.vpc-dns-disabled.on.hostnames.private-dns':
      'VPC {vpcId} の DNS サポートと DNS ホスト名はオンで、インターフェイスエンドポイントはプライベート DNS を使っています。',
    'plan.risk.vpc-dns': 'リスク: 低。DHCP オプションの変更は {vpcId} 内のすべてのインスタンスの名前解決に影響します。',
  },
);

function check(ctx: CheckContext): CheckResult {
  return withView('vpc-dns-disabled', ctx, (f, v) => {
    const n = ctx.facts.network!;
    const vpc = { vpcId: v.vpcId };
    const support = read(f, n.dnsSupport, 'vpc-dns-support', TEXTS.t('evidence.part.what.dns-support', vpc));
    const hostnames = read(f, n.dnsHostnames, 'vpc-dns-hostnames', TEXTS.t('evidence.part.what.dns-hostnames', vpc));
    const dhcp = read(f, n.dhcp, 'dhcp-options', TEXTS.t('evidence.part.what.dhcp-options', vpc));
    if (support === false) {
      return f
        .add('vpc-dns-support', 'proven', TEXTS.t('evidence.vpc-dns-disabled.support-off', vpc), [v.vpcId])
        .done('proven');
    }
    const iface = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm'].flatMap((s) =>
      (v.endpoints.get(s) ?? []).filter((e) => e.type.toLowerCase() === 'interface'),
    );
    const privateDnsOff = iface.filter((e) => !e.privateDnsEnabled);
    const relyOnEndpoints = v.paths.some((p) => p.defaultRoute === 'none');
    if (iface.some((e) => e.privateDnsEnabled) && hostnames === false) {
      return f
        .add('vpc-dns-hostnames', 'proven', TEXTS.t('evidence.vpc-dns-disabled.hostnames-off', vpc), [v.vpcId])
        .done('proven');
    }
    if (privateDnsOff.length && relyOnEndpoints) {
      return f
        .add(
          'endpoint-private-dns',
          'proven',
          TEXTS.t('evidence.vpc-dns-disabled.private-dns-off', {
            endpoints: privateDnsOff.map((e) => `${e.id} (${e.serviceName})`).join(', '),
          }),
          privateDnsOff.map((e) => e.id),
        )
        .done('proven');
    }
    if (dhcp && !dhcp.domainNameServers.includes('AmazonProvidedDNS') && iface.length) {
      return f
        .add(
          'dhcp-options',
          'info',
          TEXTS.t('evidence.vpc-dns-disabled.custom-dns', {
            dhcpOptions: dhcp.id,
            servers: dhcp.domainNameServers.join(', '),
          }),
          [dhcp.id],
        )
        .done('likely');
    }
    if (support === undefined || (hostnames === undefined && iface.length))
      return f.done(f.unchecked.length ? 'unknown' : 'not-applicable');
    return f
      .add(
        'vpc-dns',
        'ruled-out',
        TEXTS.t(
          `evidence.vpc-dns-disabled.on${hostnames ? '.hostnames' : ''}${privateDnsOff.length ? '' : '.private-dns'}`,
          vpc,
        ),
        [v.vpcId],
      )
      .done('ruled-out');
  });
}

/** vpc-dns-disabled: the endpoints' private DNS names cannot resolve. */
function plan(d: Diagnosis): Plan {
  const vpcId = d.resources.vpcId ?? '<VPC_ID>';
  const fi = d.fixInputs;
  const steps: PlanStep[] = [];
  if (!d.resources.vpcId)
    steps.push(
      manual('find-vpc', NETWORK_TEXTS.key('plan.endpoints.find-vpc'), {
        action: 'ec2:DescribeSubnets',
        command: describeNetworkCommand(d),
      }),
    );
  steps.push(...vpcDnsAttributeSteps(d, (on) => on !== true));
  if (fi.vpcCustomDns === true) steps.push(customDnsStep(d));
  steps.push(redeployStep(d));
  return basePlan(d, steps, { risk: { textKey: TEXTS.key('plan.risk.vpc-dns'), textArgs: { vpcId } } });
}

export const vpcDnsDisabled = defineCause({
  id: 'vpc-dns-disabled',
  family: 'network',
  words: {
    en: {
      title: 'VPC DNS is off',
      explain:
        'DNS resolution or DNS hostnames are turned off on the VPC, so the private DNS names of the ECR endpoints ' +
        'do not resolve inside it.',
    },
    ja: {
      title: 'VPC の DNS が無効',
      explain:
        'VPC の DNS 解決または DNS ホスト名が無効になっているため、VPC 内で ECR エンドポイントのプライベート DNS 名を解決できません。',
    },
  },
  calls: { proves: [...VIEW, 'endpoints', ...DNS], informs: ['service'] },
  check,
  plan,
  texts: [TEXTS, NETWORK_TEXTS],
});
