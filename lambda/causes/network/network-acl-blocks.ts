/**
 * network-acl-blocks: the network ACL of a task subnet denies outbound TCP 443 to a public address, or the
 * inbound replies on the ephemeral ports. Proven from the ACL's rules (first matching rule by number wins).
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, eachKnownOr, manual, redeployStep, regionFlag, sh } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { listArgs, read, type CheckContext, type CheckResult, type EvidenceText } from '../context';
import { defineCause, texts } from '../module';
import { evaluateNacl } from './rules';
import { VIEW, withView } from './shared';
import { NETWORK_TEXTS } from './texts';
import type { SubnetPath } from './view';

const TEXTS = texts(
  {
    'evidence.part.what.network-acls': 'The network ACLs of subnets {subnets}',
    'evidence.part.nacl.deny-out-rule': '{acl} (subnet {subnet}) denies outbound TCP 443 by rule {rule}',
    'evidence.part.nacl.deny-out': '{acl} (subnet {subnet}) denies outbound TCP 443 (no rule allows it)',
    'evidence.part.nacl.deny-return':
      '{acl} (subnet {subnet}) denies inbound return traffic on ephemeral port(s) {ports}',
    'evidence.network-acl-blocks.no-association': 'No network ACL association found for {subnet}.',
    'evidence.network-acl-blocks.blocked': '{problems}.',
    'evidence.network-acl-blocks.allowed':
      'The network ACLs of {subnets} allow outbound 443 and the ephemeral return ports.',
    'plan.network-acl-blocks.find':
      'Find the network ACLs of subnets {subnets} and their rules: look for the rule that denies ' +
      'outbound TCP 443 or inbound TCP 1024-65535, and use the ACL id in place of ' +
      '<NETWORK_ACL_ID> below.',
    'plan.network-acl-blocks.allow':
      'In network ACL {aclId}, allow outbound TCP 443 and inbound TCP 1024-65535 (replies). Pick ' +
      'rule numbers below the deny rules (<FREE_RULE_NUMBER_…>).',
    'plan.risk.network-acl':
      'Risk: network ACL rules apply to every resource in the subnets; place them carefully ' +
      'relative to existing deny rules.',
  },
  {
    'evidence.part.what.network-acls': 'サブネット {subnets} のネットワーク ACL',
    'evidence.part.nacl.deny-out-rule':
      '{acl}（サブネット {subnet}）がルール {rule} でアウトバウンドの TCP 443 を拒否しています',
    'evidence.part.nacl.deny-out':
      '{acl}（サブネット {subnet}）がアウトバウンドの TCP 443 を拒否しています（許可するルールがありません）',
    'evidence.part.nacl.deny-return':
      '{acl}（サブネット {subnet}）がエフェメラルポート {ports} への戻りのインバウンド通信を拒否しています',
    'evidence.network-acl-blocks.no-association': '{subnet} のネットワーク ACL の関連付けが見つかりませんでした。',
    'evidence.network-acl-blocks.blocked': '{problems}。',
    'evidence.network-acl-blocks.allowed':
      '{subnets} のネットワーク ACL は、アウトバウンドの 443 とエフェメラルポートへの戻り通信を許可しています。',
    'plan.network-acl-blocks.find':
      'サブネット {subnets} のネットワーク ACL とそのルールを確認し、送信 TCP 443 または受信 TCP 1024-65535 ' +
      'を拒否しているルールを探してください。以下の <NETWORK_ACL_ID> はその ACL の ID に置き換えてください。',
    'plan.network-acl-blocks.allow':
      'ネットワーク ACL {aclId} で外向き TCP 443 と内向き TCP ' +
      '1024-65535（応答）を許可してください。ルール番号は拒否ルールより小さい値を選んでください（<FREE_RULE_NUMBER_…>）。',
    'plan.risk.network-acl':
      'リスク: ネットワーク ACL のルールはサブネット内のすべてのリソースに適用されます。既存の拒否ルールとの順序に注意してください。',
  },
);

const PUBLIC_SAMPLE = '52.94.0.1';
/** The same public address over IPv6: an AWS IPv6 address, or 52.94.0.1 through NAT64 (64:ff9b::/96). */
const PUBLIC_SAMPLE6 = '2600:1f18::1';
const NAT64_SAMPLE = '64:ff9b::345e:1';
/** The peer the subnet's pull talks to, in the family it uses (families.ts). */
const peerOf = (p: SubnetPath) =>
  p.note === 'nat64'
    ? NAT64_SAMPLE
    : p.defaultRoute === 'ipv6' || p.stack === 'ipv6-only'
      ? PUBLIC_SAMPLE6
      : PUBLIC_SAMPLE;
const EPHEMERAL_SAMPLES = [1024, 32768, 49152, 65535];

function check(ctx: CheckContext): CheckResult {
  return withView('network-acl-blocks', ctx, (f, v) => {
    const subnets = v.paths.map((p) => p.subnet.id).join(', ');
    const acls = read(
      f,
      ctx.facts.network?.networkAcls,
      'network-acls',
      TEXTS.t('evidence.part.what.network-acls', { subnets }),
    );
    if (!acls) return f.done(ctx.facts.network?.networkAcls ? 'unknown' : 'not-applicable');
    const problems: string[] = [];
    const parts: EvidenceText[] = [];
    const blocking = new Set<string>();
    for (const p of v.paths) {
      const acl = acls.find((a) => a.subnetIds.includes(p.subnet.id));
      if (!acl) {
        f.add(
          'network-acls',
          'unknown',
          TEXTS.t('evidence.network-acl-blocks.no-association', { subnet: p.subnet.id }),
          [p.subnet.id],
        );
        continue;
      }
      const peer = peerOf(p);
      const out = evaluateNacl(acl, true, 443, peer);
      if (out.action === 'deny') {
        problems.push(
          `${acl.id} (subnet ${p.subnet.id}) denies outbound TCP ` +
            `443${out.ruleNumber !== undefined ? ` by rule ${out.ruleNumber}` : ' (no rule allows it)'}`,
        );
        parts.push(
          out.ruleNumber !== undefined
            ? TEXTS.t('evidence.part.nacl.deny-out-rule', { acl: acl.id, subnet: p.subnet.id, rule: out.ruleNumber })
            : TEXTS.t('evidence.part.nacl.deny-out', { acl: acl.id, subnet: p.subnet.id }),
        );
        blocking.add(acl.id);
      }
      const back = EPHEMERAL_SAMPLES.map((port) => ({
        port,
        v: evaluateNacl(acl, false, port, peer),
      })).filter((x) => x.v.action === 'deny');
      if (back.length) {
        problems.push(
          `${acl.id} (subnet ${p.subnet.id}) denies inbound return traffic on ephemeral port(s) ` +
            `${back.map((b) => b.port).join(', ')}`,
        );
        parts.push(
          TEXTS.t('evidence.part.nacl.deny-return', {
            acl: acl.id,
            subnet: p.subnet.id,
            ports: back.map((b) => b.port).join(', '),
          }),
        );
        blocking.add(acl.id);
      }
    }
    if (problems.length)
      return f
        .add(
          'network-acl-443',
          'proven',
          TEXTS.t('evidence.network-acl-blocks.blocked', listArgs('problems', parts, 'semicolon')),
          [...blocking],
        )
        .fix({ blockingNetworkAclIds: [...blocking] })
        .done('proven');
    if (f.evidence.some((e) => e.result === 'unknown')) return f.done('unknown');
    return f
      .add(
        'network-acl-443',
        'ruled-out',
        TEXTS.t('evidence.network-acl-blocks.allowed', { subnets: v.paths.map((p) => p.subnet.id).join(', ') }),
      )
      .done('ruled-out');
  });
}

/** network-acl-blocks: the subnet's NACL drops 443 out or the ephemeral-port replies in. */
function plan(d: Diagnosis): Plan {
  const rf = regionFlag(d);
  const acls = d.fixInputs.blockingNetworkAclIds ?? [];
  const steps: PlanStep[] = [];
  if (acls.length === 0) {
    const subnets = d.resources.subnetIds.length > 0 ? d.resources.subnetIds.join(',') : '<SUBNET_ID>';
    steps.push(
      manual('find-network-acls', TEXTS.key('plan.network-acl-blocks.find'), {
        action: 'ec2:DescribeNetworkAcls',
        command:
          `aws ec2 describe-network-acls${rf} --filters Name=association.subnet-id,Values=${subnets} ` +
          `--query 'NetworkAcls[].{acl:NetworkAclId,entries:Entries}'`,
        textArgs: { subnets: subnets.replaceAll(',', ', ') },
      }),
    );
  }
  // IPv4 entries, and IPv6 ones (::/0) where the pull leaves over IPv6 (families.ts); IPv6-only: those alone.
  const family = d.fixInputs.addressFamily;
  const v6 = family?.egressIpv6 === true || family?.stack === 'ipv6-only';
  const blocks: [string, string, string][] = [];
  if (family?.stack !== 'ipv6-only') blocks.push(['--cidr-block', '0.0.0.0/0', '']);
  if (v6) blocks.push(['--ipv6-cidr-block', '::/0', '_V6']);
  for (const { id: acl, stepId } of eachKnownOr(acls, '<NETWORK_ACL_ID>')) {
    steps.push(
      manual(stepId('allow-nacl'), TEXTS.key('plan.network-acl-blocks.allow'), {
        action: 'ec2:CreateNetworkAclEntry',
        resource: acl,
        command: blocks
          .flatMap(([block, cidr, n]) => [
            `aws ec2 create-network-acl-entry${rf} --network-acl-id ${sh(acl)} --egress --rule-number ` +
              `<FREE_RULE_NUMBER_OUT${n}> --protocol tcp --port-range From=443,To=443 ${block} ${cidr} ` +
              `--rule-action allow`,
            `aws ec2 create-network-acl-entry${rf} --network-acl-id ${sh(acl)} --ingress --rule-number ` +
              `<FREE_RULE_NUMBER_IN${n}> --protocol tcp --port-range From=1024,To=65535 ${block} ` +
              `${cidr} --rule-action allow`,
          ])
          .join('\n'),
        textArgs: { aclId: acl },
      }),
    );
  }
  steps.push(redeployStep(d));
  return basePlan(d, steps, { risk: { textKey: TEXTS.key('plan.risk.network-acl') } });
}

export const networkAclBlocks = defineCause({
  id: 'network-acl-blocks',
  family: 'network',
  words: {
    en: {
      title: 'network ACL blocks HTTPS',
      explain:
        'A network ACL on the task’s subnets blocks HTTPS (port 443) outbound or the return traffic on ephemeral ' +
        'ports.',
    },
    ja: {
      title: 'ネットワーク ACL が HTTPS を遮断',
      explain:
        'タスクのサブネットのネットワーク ACL が、HTTPS(443 番ポート)のアウトバウンド通信またはエフェメラルポートへの戻りの通信を遮断しています。',
    },
  },
  calls: { proves: [...VIEW, 'networkAcls'], informs: ['service'] },
  check,
  plan,
  texts: [TEXTS, NETWORK_TEXTS],
});
