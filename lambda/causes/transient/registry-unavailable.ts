/**
 * registry-unavailable (issue 20): the registry answered with a server error or could not be reached as a whole —
 * "Could not reach any registry endpoint" (Docker Hub down, amazon-ecs-agent#719), "503 Service Unavailable",
 * "received unexpected HTTP status: 502 Bad Gateway", ECR's "ServerException" / "InternalServerError". Docker's own
 * wrapper "API error (500)" around a network timeout is not one (the network causes take it). Never fixed: likely when
 * the pull's configuration passes now, possible on the text alone; the proposal waits, and mirrors an outside
 * registry into ECR so that its outages stop mattering.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, manual, ownInputs } from '../../remediate/plans/shared';
import type { Plan } from '../../remediate/types';
import { Finding, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { pullThroughCacheSteps } from '../registry-auth/shared';
import { PULL_THROUGH_CACHE_TEXTS } from '../registry-auth/texts';
import { passesNow, TRANSIENT_TEXTS, waitSteps } from './shared';

const CAUSE = 'registry-unavailable';

/** A registry's server error or outage, in the words the runtimes and AWS SDKs use. */
export const REGISTRY_DOWN = new RegExp(
  [
    'Could not reach any registry endpoint',
    '\\b50[0234] (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\\b',
    'unexpected (?:HTTP )?status(?: code)?:? (?:\\S+ )?50[0234]\\b',
    '\\bServerException\\b',
    '\\bInternalServerError\\b',
    'ServiceUnavailable(?:Exception)?\\b',
  ].join('|'),
  'i',
);

const TEXTS = texts(
  {
    'evidence.registry-unavailable.text':
      'The stop reason says the registry failed or could not be reached as a whole ("{words}").',
    'evidence.registry-unavailable.no-text': 'The stop reason names no registry server error or outage.',
    'evidence.registry-unavailable.registry': 'The image is served by {registry}.',
    'plan.registry-unavailable.status':
      'Check the status of {registry} (its status page; for ECR, AWS Health) and start the tasks again once it serves.',
  },
  {
    'evidence.registry-unavailable.text':
      '停止理由は、レジストリがエラーを返した、または全体として到達できなかったことを示しています（"{words}"）。',
    'evidence.registry-unavailable.no-text': '停止理由はレジストリのサーバーエラーや障害を示していません。',
    'evidence.registry-unavailable.registry': 'イメージは {registry} から配信されています。',
    'plan.registry-unavailable.status':
      '{registry} の稼働状況（ステータスページ。ECR なら AWS Health）を確認し、復旧したらタスクを再び起動してください。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding(CAUSE);
  const words = REGISTRY_DOWN.exec(ctx.text)?.[0];
  if (!words)
    return f
      .add('stop-reason', 'not-applicable', TEXTS.t('evidence.registry-unavailable.no-text'))
      .done('not-applicable');
  // What the text says is a fact (the stop reason says it); that the failure was passing is the judgement: likely.
  f.add('stop-reason', 'proven', TEXTS.t('evidence.registry-unavailable.text', { words }));
  const registry = ctx.imageRef?.registry;
  if (registry) {
    f.add('registry', 'info', TEXTS.t('evidence.registry-unavailable.registry', { registry }));
    f.fix({ own: { cause: CAUSE, values: { registry } } });
  }
  if (ctx.imageRef?.registryType === 'dockerhub') f.fix({ dockerHubImage: true });
  // The text is AWS's (or the registry's) own word: likely unless the account shows a fault that explains the pull.
  return f.done(passesNow(f, ctx) === 'fails' ? 'unlikely' : 'likely');
}

function plan(d: Diagnosis): Plan {
  const registry = ownInputs(d, CAUSE).registry ?? d.resources.image ?? 'the registry';
  const mirror = d.fixInputs.dockerHubImage ? pullThroughCacheSteps(d, 'mirror-into-ecr') : [];
  return basePlan(d, [
    manual('check-registry-status', TEXTS.key('plan.registry-unavailable.status'), { textArgs: { registry } }),
    ...waitSteps(d, []),
    ...mirror,
  ]);
}

export const registryUnavailable = defineCause({
  id: CAUSE,
  family: 'transient',
  words: {
    en: {
      title: 'registry unavailable',
      explain:
        'The registry answered with a server error or could not be reached as a whole: an outage on its side. ' +
        'Nothing in IAM or the VPC is wrong; the pull works again when the registry does.',
    },
    ja: {
      title: 'レジストリが利用できない',
      explain:
        'レジストリがサーバーエラーを返した、または全体として到達できませんでした（レジストリ側の障害）。IAM や VPC に問題は' +
        'なく、レジストリが復旧すればプルは再び成功します。',
    },
  },
  text: [{ order: 26, match: (s) => (REGISTRY_DOWN.test(s.text) ? [CAUSE, 'network-no-route'] : undefined) }],
  calls: { proves: [], informs: ['image', 'simulation'] },
  check,
  plan,
  texts: [TEXTS, TRANSIENT_TEXTS, PULL_THROUGH_CACHE_TEXTS],
});
