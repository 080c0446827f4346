/**
 * pull-timeout (issue 20): the pull started and took too long — the agent's inactivity timeout ("inactivity time
 * exceeded timeout while pulling image", ECS_IMAGE_PULL_INACTIVITY_TIMEOUT), its pull timeout ("Could not transition
 * to pulled; timed out after waiting 2h0m0s"), or a pull cancelled at its deadline ("context canceled", "context
 * deadline exceeded") while a path to the registry exists. Evidence in the order it points at a lever: how long the
 * pull ran (pullStartedAt → pullStoppedAt), how big the image is (ECR), whether the layers cross a NAT gateway. The
 * levers follow that order: VPC endpoints instead of the NAT, a smaller image, SOCI lazy loading on Fargate, the
 * agent's pull timeouts on EC2. Never fixed automatically; a network cause the account proves wins over it.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, manual, ownInputs } from '../../remediate/plans/shared';
import type { Plan, PlanStep } from '../../remediate/types';
import { Finding, isEc2, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { buildNetworkView } from '../network/view';

const CAUSE = 'pull-timeout';
/** Texts that only a pull that ran too long produces. */
const TIMED_OUT = /inactivity time exceeded timeout|Could not transition to pulled; timed out/i;
/** Texts of a pull cancelled at a deadline: also a path that never connects (the network causes decide). */
const CANCELLED = /context canceled|context deadline exceeded/i;
/** A pull this long, or an image this big, is a slow pull whatever the text. */
const LONG_PULL_S = 300;
const LARGE_IMAGE_B = 1024 ** 3;
/** SOCI pays off from about this size (AWS: images over 250 MB). */
const SOCI_FROM_B = 250 * 1024 ** 2;

const TEXTS = texts(
  {
    'evidence.pull-timeout.text':
      'The stop reason says the pull timed out or was cancelled at its deadline ("{words}").',
    'evidence.pull-timeout.no-text': 'The stop reason names no pull timeout.',
    'evidence.pull-timeout.duration': 'The pull ran {duration} ({from} to {to}).',
    'evidence.pull-timeout.size': 'Image {image} is {size} in ECR (compressed).',
    'evidence.pull-timeout.nat':
      'Subnet(s) {subnets} reach ECR and S3 through NAT gateway {nat}, without ECR/S3 endpoints: every layer ' +
      'crosses the NAT (its throughput and per-GB charge).',
    'plan.pull-timeout.endpoints':
      'Pull through VPC endpoints instead of NAT gateway {nat}: the ecr.api and ecr.dkr interface endpoints and the ' +
      'S3 gateway endpoint (ecs-pull-doctor proposes them for vpc-endpoint-missing; AutoFixVpcEndpoints creates them).',
    'plan.pull-timeout.smaller-image':
      'Make image {image} smaller ({size}): a multi-stage build, a slim base image, no build caches in layers.',
    'plan.pull-timeout.soci':
      'On Fargate, create a SOCI index for image {image}: the task starts while the layers load lazily.',
    'plan.pull-timeout.agent-timeouts':
      'On the container instances, raise ECS_IMAGE_PULL_INACTIVITY_TIMEOUT (default 1m) or ECS_IMAGE_PULL_TIMEOUT ' +
      '(default 2h) in /etc/ecs/ecs.config, then restart the agent.',
  },
  {
    'evidence.pull-timeout.text':
      '停止理由は、プルがタイムアウトしたか期限で取り消されたことを示しています（"{words}"）。',
    'evidence.pull-timeout.no-text': '停止理由はプルのタイムアウトを示していません。',
    'evidence.pull-timeout.duration': 'プルは {duration} かかりました（{from} から {to}）。',
    'evidence.pull-timeout.size': 'イメージ {image} は ECR 上で {size} です（圧縮後）。',
    'evidence.pull-timeout.nat':
      'サブネット {subnets} は ECR/S3 のエンドポイントなしで NAT ゲートウェイ {nat} を経由して ECR と S3 に到達します。' +
      'すべてのレイヤーが NAT を通ります（スループットと GB あたりの料金）。',
    'plan.pull-timeout.endpoints':
      'NAT ゲートウェイ {nat} ではなく VPC エンドポイント経由でプルしてください。ecr.api と ecr.dkr のインターフェイスエンドポイントと' +
      ' S3 ゲートウェイエンドポイントです（vpc-endpoint-missing で提案し、AutoFixVpcEndpoints で作成されます）。',
    'plan.pull-timeout.smaller-image':
      'イメージ {image}（{size}）を小さくしてください。マルチステージビルド、スリムなベースイメージ、レイヤーにビルドキャッシュを残さない。',
    'plan.pull-timeout.soci':
      'Fargate では、イメージ {image} の SOCI インデックスを作成してください。レイヤーを遅延読み込みしながらタスクが起動します。',
    'plan.pull-timeout.agent-timeouts':
      'コンテナインスタンスの /etc/ecs/ecs.config で ECS_IMAGE_PULL_INACTIVITY_TIMEOUT（既定 1m）または ' +
      'ECS_IMAGE_PULL_TIMEOUT（既定 2h）を引き上げ、エージェントを再起動してください。',
  },
);

const human = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
const minutes = (s: number) => (s >= 90 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);

function durationOf(ctx: CheckContext): { seconds: number; from: string; to: string } | undefined {
  const t = ctx.failure.task;
  const from = t.pullStartedAt;
  const to = t.pullStoppedAt ?? t.stoppedAt;
  if (!from || !to) return undefined;
  const seconds = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? { seconds, from, to } : undefined;
}

/** The NAT gateway the task's subnets pull through, when no ECR/S3 endpoint spares the NAT. */
function natPath(ctx: CheckContext): { nat: string; subnets: string[] } | undefined {
  const v = buildNetworkView(ctx);
  if (!v?.missing.some((s) => s === 'ecr.dkr' || s === 's3')) return undefined;
  const viaNat = v.paths.filter((p) => p.defaultRoute === 'nat' && p.route?.targetId);
  return viaNat.length ? { nat: viaNat[0]!.route!.targetId, subnets: viaNat.map((p) => p.subnet.id) } : undefined;
}

function check(ctx: CheckContext): CheckResult {
  const f = new Finding(CAUSE);
  const words = (TIMED_OUT.exec(ctx.text) ?? CANCELLED.exec(ctx.text))?.[0];
  if (!words)
    return f.add('stop-reason', 'not-applicable', TEXTS.t('evidence.pull-timeout.no-text')).done('not-applicable');
  f.add('stop-reason', 'proven', TEXTS.t('evidence.pull-timeout.text', { words }));
  const values: Record<string, string> = {};
  const ran = durationOf(ctx);
  if (ran)
    f.add(
      'pull-duration',
      'info',
      TEXTS.t('evidence.pull-timeout.duration', { ...ran, duration: minutes(ran.seconds) }),
    );
  const tags = ctx.facts.ecr?.tags;
  const size = tags?.ok ? tags.value.imageSizeBytes : undefined;
  if (size !== undefined && ctx.imageRef) {
    values.size = human(size);
    if (size >= SOCI_FROM_B) values.large = 'yes';
    f.add('image-size', 'info', TEXTS.t('evidence.pull-timeout.size', { image: ctx.imageRef.raw, size: values.size }));
  }
  const nat = isEc2(ctx) ? undefined : natPath(ctx);
  if (nat) {
    values.nat = nat.nat;
    f.add('nat-path', 'info', TEXTS.t('evidence.pull-timeout.nat', { nat: nat.nat, subnets: nat.subnets.join(', ') }), [
      nat.nat,
    ]);
  }
  f.fix({ own: { cause: CAUSE, values } });
  const slow = TIMED_OUT.test(ctx.text) || (ran?.seconds ?? 0) >= LONG_PULL_S || (size ?? 0) >= LARGE_IMAGE_B;
  return f.done(slow ? 'likely' : 'possible');
}

function plan(d: Diagnosis): Plan {
  const own = ownInputs(d, CAUSE);
  const image = d.resources.image ?? '<IMAGE>';
  const ec2 = d.resources.launchType === 'EC2' || d.resources.launchType === 'EXTERNAL';
  const steps: PlanStep[] = [];
  if (own.nat)
    steps.push(
      manual('endpoints-instead-of-nat', TEXTS.key('plan.pull-timeout.endpoints'), { textArgs: { nat: own.nat } }),
    );
  if (own.size)
    steps.push(
      manual('smaller-image', TEXTS.key('plan.pull-timeout.smaller-image'), { textArgs: { image, size: own.size } }),
    );
  if (!ec2 && (own.large || !own.size))
    steps.push(manual('soci-index', TEXTS.key('plan.pull-timeout.soci'), { textArgs: { image } }));
  if (ec2) steps.push(manual('agent-pull-timeouts', TEXTS.key('plan.pull-timeout.agent-timeouts')));
  return basePlan(d, steps);
}

export const pullTimeout = defineCause({
  id: CAUSE,
  family: 'image',
  words: {
    en: {
      title: 'image pull too slow',
      explain:
        'The pull started but did not finish in time: a large image, a slow path to the registry (a NAT gateway), ' +
        "or the agent's pull timeouts. Nothing denies the pull; it needs less to download or more time.",
    },
    ja: {
      title: 'イメージのプルが遅すぎる',
      explain:
        'プルは始まりましたが時間内に終わりませんでした。大きなイメージ、レジストリへの遅い経路（NAT ゲートウェイ）、' +
        'またはエージェントのプルのタイムアウトです。プルを拒否しているものはなく、ダウンロード量を減らすか時間を延ばす必要があります。',
    },
  },
  text: [
    {
      order: 27,
      match: (s) =>
        TIMED_OUT.test(s.text)
          ? [CAUSE, 'network-no-route', 'security-group-blocks', 'vpc-endpoint-missing']
          : undefined,
    },
  ],
  calls: { proves: [], informs: ['tags', 'subnets', 'routeTables', 'endpoints'] },
  check,
  plan,
  texts: [TEXTS],
});
