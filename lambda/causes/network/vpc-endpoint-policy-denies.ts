/**
 * vpc-endpoint-policy-denies: the policy of an endpoint the pull goes through (ecr.api, ecr.dkr with private DNS,
 * the S3 gateway on the subnets' route tables) denies, or does not allow, the pull's actions for the execution
 * role from this VPC and endpoint. Conditions on keys it cannot evaluate leave it possible.
 */
import type { Diagnosis } from '../../domain/diagnosis';
import { ecrRepositoryArn } from '../../domain/image-ref';
import { requestContext } from '../../facts/policy-eval/context';
import { evaluatePolicies, principalMatcher } from '../../facts/policy-eval/evaluate';
import { basePlan, eachKnownOr, manual, redeployStep, regionFlag, sh } from '../../remediate/plans/shared';
import { ECR_PULL_ACTIONS } from '../../remediate/role-scope';
import type { Plan, PlanStep } from '../../remediate/types';
import type { CheckContext, CheckResult } from '../context';
import { defineCause, texts } from '../module';
import { ecrImage, VIEW, withView } from './shared';
import { NETWORK_TEXTS } from './texts';
import { dnsEndpoints } from './view';

const TEXTS = texts(
  {
    'evidence.vpc-endpoint-policy-denies.not-ecr': 'The image is not in ECR.',
    'evidence.vpc-endpoint-policy-denies.no-endpoint': 'The pull uses no ECR/S3 endpoint.',
    'evidence.vpc-endpoint-policy-denies.explicit-deny':
      'The policy of endpoint {endpoint} ({service}) explicitly denies ({statements}) {action} on {resource}.',
    'evidence.vpc-endpoint-policy-denies.not-allowed':
      'The policy of endpoint {endpoint} ({service}) does not allow {action} on {resource}.',
    'evidence.vpc-endpoint-policy-denies.undecided-deny':
      'The policy of endpoint {endpoint} ({service}) may deny {action} on {resource}: the ' +
      'condition of statement {statements} on {keys} cannot be evaluated here.',
    'evidence.vpc-endpoint-policy-denies.undecided-allow':
      'The policy of endpoint {endpoint} ({service}) allows {action} on {resource} only under ' +
      'the condition of statement {statements} on {keys}, which cannot be evaluated here.',
    'evidence.vpc-endpoint-policy-denies.allowed': 'The policies of {endpoints} allow the pull.',
    'plan.vpc-endpoint-policy-denies.read': 'Read the policy of endpoint {endpointId}.',
    'plan.vpc-endpoint-policy-denies.update':
      'Let endpoint {endpointId} allow the pull: ECR actions for {principal} and reading the ECR ' +
      'layer bucket (policy in the JSON; merge with your statements).',
    'plan.risk.endpoint-policy': 'Risk: the endpoint policy applies to everything in the VPC that uses the endpoint.',
  },
  {
    'evidence.vpc-endpoint-policy-denies.not-ecr': 'イメージは ECR にありません。',
    'evidence.vpc-endpoint-policy-denies.no-endpoint': 'プルは ECR／S3 のエンドポイントを使っていません。',
    'evidence.vpc-endpoint-policy-denies.explicit-deny':
      'エンドポイント {endpoint}（{service}）のポリシーが {resource} に対する {action} を明示的に拒否しています（{statements}）。',
    'evidence.vpc-endpoint-policy-denies.not-allowed':
      'エンドポイント {endpoint}（{service}）のポリシーが {resource} に対する {action} を許可していません。',
    'evidence.vpc-endpoint-policy-denies.undecided-deny':
      'エンドポイント {endpoint}（{service}）のポリシーが {resource} に対する {action} を拒否している可能性があります。ステートメント ' +
      '{statements} の {keys} に関する条件は、ここでは評価できません。',
    'evidence.vpc-endpoint-policy-denies.undecided-allow':
      'エンドポイント {endpoint}（{service}）のポリシーは、ステートメント {statements} の {keys} に関する条件を満たす場合にのみ ' +
      '{resource} に対する {action} を許可しています。この条件はここでは評価できません。',
    'evidence.vpc-endpoint-policy-denies.allowed': '{endpoints} のポリシーはプルを許可しています。',
    'plan.vpc-endpoint-policy-denies.read': 'エンドポイント {endpointId} のポリシーを確認してください。',
    'plan.vpc-endpoint-policy-denies.update':
      'エンドポイント {endpointId} でプルを許可してください。{principal} の ECR アクションと ECR レイヤーバケットの読み取りです（ポリシーは JSON ' +
      'を参照。既存のステートメントとマージしてください）。',
    'plan.risk.endpoint-policy':
      'リスク: エンドポイントポリシーは、そのエンドポイントを使う VPC 内のすべてに適用されます。',
  },
);

function check(ctx: CheckContext): CheckResult {
  return withView('vpc-endpoint-policy-denies', ctx, (f, v) => {
    if (!ecrImage(ctx) || !ctx.imageRef)
      return f
        .add('ecr-image', 'not-applicable', TEXTS.t('evidence.vpc-endpoint-policy-denies.not-ecr'))
        .done('not-applicable');
    const repoArn = ecrRepositoryArn(ctx.imageRef)!;
    const match = principalMatcher(ctx.taskDef?.executionRoleArn, ctx.account);
    const rtIds = v.paths.map((p) => p.routeTable?.id);
    const used = [
      ...dnsEndpoints(v, 'ecr.api').map((e) => ({
        e,
        checks: [['ecr:GetAuthorizationToken', '*']] as Array<[string, string]>,
      })),
      ...dnsEndpoints(v, 'ecr.dkr').map((e) => ({
        e,
        checks: [
          ['ecr:BatchGetImage', repoArn],
          ['ecr:GetDownloadUrlForLayer', repoArn],
        ] as Array<[string, string]>,
      })),
      ...(v.endpoints.get('s3') ?? [])
        .filter((e) => e.type.toLowerCase() === 'gateway' && e.routeTableIds.some((id) => rtIds.includes(id)))
        .map((e) => ({
          e,
          checks: [
            ['s3:GetObject', `arn:aws:s3:::prod-${ctx.imageRef!.region ?? ctx.region}-starport-layer-bucket/*`],
          ] as Array<[string, string]>,
        })),
    ];
    if (used.length === 0)
      return f
        .add('endpoint-policy', 'not-applicable', TEXTS.t('evidence.vpc-endpoint-policy-denies.no-endpoint'))
        .done('not-applicable');
    const denying: string[] = [];
    let undecided = false;
    for (const { e, checks } of used) {
      if (!e.policy) continue;
      // The pull through this endpoint: from this VPC, through this endpoint, by the execution role of the
      // task's account. Conditions on any other key (aws:PrincipalOrgID, aws:SourceIp, …) stay undecided.
      const context = requestContext({
        principalArn: ctx.taskDef?.executionRoleArn,
        principalAccount: ctx.account,
        sourceVpc: v.vpcId,
        sourceVpce: e.id,
      });
      for (const [action, resource] of checks) {
        const r = evaluatePolicies([e.policy], action, resource, { principalMatches: match, context });
        if (r.decision === 'explicitDeny' || r.decision === 'implicitDeny') {
          denying.push(e.id);
          const args = { endpoint: e.id, service: e.serviceName, action, resource };
          const text =
            r.decision === 'explicitDeny'
              ? TEXTS.t('evidence.vpc-endpoint-policy-denies.explicit-deny', {
                  ...args,
                  statements: r.statements.join(', '),
                })
              : TEXTS.t('evidence.vpc-endpoint-policy-denies.not-allowed', args);
          f.add('endpoint-policy', 'proven', text, [e.id]);
          break;
        }
        if (r.decision === 'conditional') {
          undecided = true;
          const args = {
            endpoint: e.id,
            service: e.serviceName,
            action,
            resource,
            statements: r.statements.join(', '),
            keys: r.unevaluatedKeys.join(', '),
          };
          f.add(
            'endpoint-policy',
            'unknown',
            TEXTS.t(`evidence.vpc-endpoint-policy-denies.undecided-${r.undecided === 'deny' ? 'deny' : 'allow'}`, args),
            [e.id],
          );
        }
      }
    }
    if (denying.length) return f.fix({ denyingEndpointIds: [...new Set(denying)] }).done('proven');
    if (undecided) return f.done('possible');
    return f
      .add(
        'endpoint-policy',
        'ruled-out',
        TEXTS.t('evidence.vpc-endpoint-policy-denies.allowed', { endpoints: used.map((u) => u.e.id).join(', ') }),
        used.map((u) => u.e.id),
      )
      .done('ruled-out');
  });
}

/** vpc-endpoint-policy-denies: an endpoint policy does not allow the pull (ECR actions or the layer bucket). */
function plan(d: Diagnosis, partition = 'aws'): Plan {
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
      manual(stepId('read-endpoint-policy'), TEXTS.key('plan.vpc-endpoint-policy-denies.read'), {
        action: 'ec2:DescribeVpcEndpoints',
        resource: id,
        command:
          `aws ec2 describe-vpc-endpoints${rf} --vpc-endpoint-ids ${sh(id)} --query ` +
          `'VpcEndpoints[0].PolicyDocument' --output text`,
        textArgs: { endpointId: id },
      }),
      manual(stepId('update-endpoint-policy'), TEXTS.key('plan.vpc-endpoint-policy-denies.update'), {
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
  return basePlan(d, steps, { risk: { textKey: TEXTS.key('plan.risk.endpoint-policy') } });
}

export const vpcEndpointPolicyDenies = defineCause({
  id: 'vpc-endpoint-policy-denies',
  family: 'network',
  words: {
    en: {
      title: 'VPC endpoint policy denies the pull',
      explain:
        'A VPC endpoint policy (ECR or S3) does not allow the pull. The S3 gateway endpoint policy must allow ' +
        'reading the ECR layer bucket.',
    },
    ja: {
      title: 'VPC エンドポイントポリシーが pull を拒否',
      explain:
        'VPC エンドポイントポリシー(ECR または S3)が pull を許可していません。S3 ゲートウェイエンドポイントのポリシーでは、ECR のレイヤーが置かれたバケットの読み取りを許可する必要があります。',
    },
  },
  calls: { proves: [...VIEW, 'endpoints'], informs: ['service'] },
  check,
  plan,
  texts: [TEXTS, NETWORK_TEXTS],
});
