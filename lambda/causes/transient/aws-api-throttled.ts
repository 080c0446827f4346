/**
 * aws-api-throttled (issue 20): an AWS API the pull calls throttled it — ECR (GetAuthorizationToken, the registry
 * endpoints: "ThrottlingException: Rate exceeded", "TOOMANYREQUESTS: Rate exceeded", ECR Public's "toomanyrequests:
 * Rate exceeded"), STS, Secrets Manager or SSM. AWS documents these texts (AmazonECR/latest/userguide/
 * common-errors.html). Not Docker Hub's pull limit (dockerhub-rate-limit) and not a fault to fix: likely when the
 * pull's configuration passes now, possible on the text alone; the proposal spreads the calls and waits.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { basePlan, manual, ownInputs } from '../../remediate/plans/shared';
import type { Plan } from '../../remediate/types';
import { Finding, type CheckContext, type CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { passesNow, TRANSIENT_TEXTS, waitSteps } from './shared';

const CAUSE = 'aws-api-throttled';

/** AWS's throttling words (not Docker Hub's "pull rate limit" / "Too Many Requests"). */
export const AWS_THROTTLING = new RegExp(
  [
    '\\bRate exceeded\\b',
    'ThrottlingException',
    'ThrottledException',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    '\\bSlowDown\\b',
  ].join('|'),
  'i',
);

/** The API the text names, when it names one. */
function apiOf(text: string): string | undefined {
  if (/GetAuthorizationToken|CannotPullECRContainerError|ecr registry auth/i.test(text))
    return 'ecr:GetAuthorizationToken';
  if (/AssumeRole|\bsts\b/i.test(text)) return 'sts:AssumeRole';
  if (/GetSecretValue|secrets? ?manager|\basm\b/i.test(text)) return 'secretsmanager:GetSecretValue';
  if (/GetParameters|\bssm\b/i.test(text)) return 'ssm:GetParameters';
  return undefined;
}

const TEXTS = texts(
  {
    'evidence.aws-api-throttled.text': 'The stop reason says an AWS API throttled the pull ("{words}").',
    'evidence.aws-api-throttled.text-api': 'The stop reason says {api} throttled the pull ("{words}").',
    'evidence.aws-api-throttled.no-text': 'The stop reason names no AWS throttling.',
    'plan.aws-api-throttled.spread':
      'Start fewer tasks at once: a lower deployment maximumPercent, or RunTask calls spread over time; many tasks ' +
      'starting together share the account quota of {api}.',
    'plan.aws-api-throttled.quota':
      'If it recurs, ask for a higher quota of the throttled API in Service Quotas, or cache the image in this ' +
      "Region's ECR (a pull-through cache) so that fewer calls leave the account.",
  },
  {
    'evidence.aws-api-throttled.text':
      '停止理由は AWS の API がプルをスロットリングしたことを示しています（"{words}"）。',
    'evidence.aws-api-throttled.text-api':
      '停止理由は {api} がプルをスロットリングしたことを示しています（"{words}"）。',
    'evidence.aws-api-throttled.no-text': '停止理由は AWS のスロットリングを示していません。',
    'plan.aws-api-throttled.spread':
      '同時に起動するタスクを減らしてください（デプロイの maximumPercent を下げる、RunTask を時間をずらして呼ぶ）。同時に' +
      '起動するタスクは {api} のアカウントのクォータを共有します。',
    'plan.aws-api-throttled.quota':
      '繰り返す場合は、Service Quotas でスロットリングされた API のクォータ引き上げを申請するか、このリージョンの ECR に' +
      'イメージをキャッシュ（プルスルーキャッシュ）して、アカウント外への呼び出しを減らしてください。',
  },
);

function check(ctx: CheckContext): CheckResult {
  const f = new Finding(CAUSE);
  const words = AWS_THROTTLING.exec(ctx.text)?.[0];
  if (!words)
    return f.add('stop-reason', 'not-applicable', TEXTS.t('evidence.aws-api-throttled.no-text')).done('not-applicable');
  const api = apiOf(ctx.text);
  // What the text says is a fact (the stop reason says it); that the failure was passing is the judgement: likely.
  f.add(
    'stop-reason',
    'proven',
    api
      ? TEXTS.t('evidence.aws-api-throttled.text-api', { api, words })
      : TEXTS.t('evidence.aws-api-throttled.text', { words }),
  );
  if (api) f.fix({ own: { cause: CAUSE, values: { api } } });
  // The text is AWS's (or the registry's) own word: likely unless the account shows a fault that explains the pull.
  return f.done(passesNow(f, ctx) === 'fails' ? 'unlikely' : 'likely');
}

function plan(d: Diagnosis): Plan {
  const api = ownInputs(d, CAUSE).api ?? 'the API the stop reason names';
  return basePlan(
    d,
    waitSteps(d, [
      manual('spread-task-starts', TEXTS.key('plan.aws-api-throttled.spread'), { textArgs: { api } }),
      manual('raise-quota-or-cache', TEXTS.key('plan.aws-api-throttled.quota')),
    ]),
  );
}

export const awsApiThrottled = defineCause({
  id: CAUSE,
  family: 'transient',
  words: {
    en: {
      title: 'AWS API throttled',
      explain:
        'An AWS API the pull calls (ECR, STS, Secrets Manager or SSM) refused it for the rate of calls: too many ' +
        'tasks started at once. Nothing in IAM or the VPC is wrong; it passes when fewer calls are made.',
    },
    ja: {
      title: 'AWS API のスロットリング',
      explain:
        'プルが呼び出す AWS の API（ECR、STS、Secrets Manager、SSM）が、呼び出しの頻度を理由に拒否しました。同時に多くの' +
        'タスクが起動しています。IAM や VPC に問題はなく、呼び出しが減れば通ります。',
    },
  },
  text: [{ order: 25, match: (s) => (AWS_THROTTLING.test(s.text) ? [CAUSE] : undefined) }],
  calls: { proves: [], informs: ['image', 'simulation'] },
  check,
  plan,
  texts: [TEXTS, TRANSIENT_TEXTS],
});
