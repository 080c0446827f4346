/** Fixed Diagnosis + Outcome fixtures for the renderer tests (one per cause, plus variants). */
import { CAUSES, familyOf, type CauseId, type Diagnosis } from '../../../lambda/domain/diagnosis';
import type { Outcome, Plan } from '../../../lambda/remediate/types';
import type { IncidentInfo, NotificationInput } from '../../../lambda/notify/types';
import type { Language } from '../../../lambda/config';

export const TASK_ID = '0f4a3d3ab7e94a0c9a2f8c1e5d6b7a89';

export function diagnosisFor(cause: CauseId, overrides: Partial<Diagnosis> = {}): Diagnosis {
  const family = familyOf(cause);
  return {
    cause,
    family,
    confidence: cause === 'unknown' ? 'possible' : 'proven',
    candidates: [cause, ...(cause === 'network-no-route' ? (['vpc-endpoint-missing'] as CauseId[]) : [])],
    evidence: [
      {
        check: 'stop-reason',
        result: 'info',
        detail: 'The stop reason names a pull failure (CannotPullContainerError).',
      },
      {
        check: `${cause}-check`,
        result: cause === 'unknown' ? 'unknown' : 'proven',
        // Network: a catalogue sentence (said in the message language); others: a detail without textKey (said as it is).
        ...(family === 'network'
          ? {
              detail:
                'No usable 0.0.0.0/0 route: subnet-0123456789abcdef0 (route table rtb-0a1b2c3d4e5f60718: default route absent).',
              textKey: 'evidence.network-no-route.no-route',
              textArgs: {
                'routes.join': 'semicolon',
                'routes.0.key': 'evidence.part.route.absent',
                'routes.0.subnet': 'subnet-0123456789abcdef0',
                'routes.0.routeTable': 'rtb-0a1b2c3d4e5f60718',
              },
            }
          : { detail: `Check for ${cause} on role arn:aws:iam::123456789012:role/ecsTaskExecutionRole.` }),
        cause,
        resourceIds: ['subnet-0123456789abcdef0'],
      },
      {
        check: 'vpc-dns',
        result: 'ruled-out',
        detail:
          'VPC vpc-0abc1234def567890 has DNS support and DNS hostnames on, and its interface endpoints use private DNS.',
        textKey: 'evidence.vpc-dns-disabled.on.hostnames.private-dns',
        textArgs: { vpcId: 'vpc-0abc1234def567890' },
      },
    ],
    unchecked: [{ check: 'repository-policy', api: 'ecr:GetRepositoryPolicy', reason: 'AccessDeniedException' }],
    resources: {
      account: '123456789012',
      region: 'ap-northeast-1',
      cluster: 'prod',
      clusterArn: 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod',
      service: 'api',
      task: TASK_ID,
      taskArn: `arn:aws:ecs:ap-northeast-1:123456789012:task/prod/${TASK_ID}`,
      taskDefinitionArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/api:42',
      family: 'api',
      launchType: 'FARGATE',
      container: 'app',
      image: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:1.4.2',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      repositoryArn: 'arn:aws:ecr:ap-northeast-1:123456789012:repository/api',
      vpcId: 'vpc-0abc1234def567890',
      subnetIds: ['subnet-0123456789abcdef0'],
      routeTableIds: ['rtb-0a1b2c3d4e5f60718'],
      securityGroupIds: ['sg-0fedcba9876543210'],
    },
    fixInputs: {},
    stopReason:
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:1.4.2: dial tcp 52.219.1.1:443: i/o timeout',
    mode: 'evidence',
    ...overrides,
  };
}

export function planFor(cause: CauseId): Plan {
  const network = familyOf(cause) === 'network';
  return {
    cause,
    ...(network
      ? { autoFix: 'AutoFixVpcEndpoints' as const }
      : cause.startsWith('execution-role')
        ? { autoFix: 'AutoFixExecutionRolePolicy' as const }
        : {}),
    steps: network
      ? [
          {
            id: 'create-endpoint-ecr.dkr',
            action: 'ec2:CreateVpcEndpoint',
            resource: 'vpc-0abc1234def567890',
            params: {},
            command:
              'aws ec2 create-vpc-endpoint --region ap-northeast-1 --vpc-id vpc-0abc1234def567890 --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.dkr --subnet-ids subnet-0123456789abcdef0 --security-group-ids sg-0fedcba9876543210 --private-dns-enabled',
            automatic: true,
            textKey: 'plan.endpoints.create-interface',
            textArgs: { serviceName: 'com.amazonaws.ap-northeast-1.ecr.dkr', subnets: 'subnet-0123456789abcdef0' },
          },
          {
            id: 'create-endpoint-s3',
            action: 'ec2:CreateVpcEndpoint',
            resource: 'vpc-0abc1234def567890',
            params: {},
            command:
              'aws ec2 create-vpc-endpoint --region ap-northeast-1 --vpc-id vpc-0abc1234def567890 --vpc-endpoint-type Gateway --service-name com.amazonaws.ap-northeast-1.s3 --route-table-ids rtb-0a1b2c3d4e5f60718',
            automatic: true,
            textKey: 'plan.endpoints.create-s3-gateway',
            textArgs: { serviceName: 'com.amazonaws.ap-northeast-1.s3', routeTables: 'rtb-0a1b2c3d4e5f60718' },
          },
        ]
      : [
          {
            id: 'attach-policy',
            action: 'iam:AttachRolePolicy',
            resource: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
            params: {},
            command:
              'aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
            document: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: ['ecr:BatchGetImage'], Resource: '*' }],
            },
            automatic: cause.startsWith('execution-role'),
            textKey: 'plan.execution-role-ecr-permissions.attach-policy',
            textArgs: {
              roleName: 'ecsTaskExecutionRole',
              policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
            },
          },
        ],
    ...(network
      ? { cost: { textKey: 'plan.cost.interface-endpoints', textArgs: { endpoints: 1, azs: 1, monthlyUsd: '7.30' } } }
      : {}),
    risk: network
      ? {
          textKey: 'plan.risk.endpoints.account',
          textArgs: { vpcId: 'vpc-0abc1234def567890', services: 'ecr.dkr', account: '123456789012' },
        }
      : {
          textKey: 'plan.risk.attach-managed-policy',
          textArgs: { policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' },
        },
  };
}

export function outcomeFor(cause: CauseId, kind: Outcome['kind'] = 'proposed'): Outcome {
  const plan = planFor(cause);
  if (kind === 'fixed') {
    return {
      kind,
      plan,
      applied: plan.steps.map((s, i) => ({
        stepId: s.id,
        action: s.action,
        resourceId: `vpce-0${i}aa11bb22cc33dd44`,
        result: 'created' as const,
        detail: 'Created with client token pull-doctor-inc-1.',
      })),
      verified: true,
    };
  }
  if (kind === 'failed') {
    return {
      kind,
      plan,
      applied: [
        {
          stepId: plan.steps[0]!.id,
          action: plan.steps[0]!.action,
          resourceId: 'vpce-0aa11bb22cc33dd44',
          result: 'created',
          detail: 'Created.',
        },
      ],
      failedStepId: plan.steps[plan.steps.length - 1]!.id,
      error: 'UnauthorizedOperation: You are not authorized to perform this operation.',
      notDone: plan.steps.slice(1).map((s) => s.id),
    };
  }
  return { kind, plan, reason: plan.autoFix ? 'not-opted-in' : 'no-auto-fix-for-cause' };
}

export const FIRST: IncidentInfo = {
  id: 'inc-3f9a2c1b7d4e',
  role: 'first',
  count: 1,
  firstSeenAt: '2026-11-25T10:00:00.000Z',
  windowMinutes: 60,
};

export function inputFor(
  cause: CauseId,
  language: Language = 'en',
  opts: { outcome?: Outcome; incident?: IncidentInfo; diagnosis?: Partial<Diagnosis> } = {},
): NotificationInput {
  return {
    diagnosis: diagnosisFor(cause, opts.diagnosis),
    outcome: opts.outcome ?? outcomeFor(cause),
    incident: opts.incident ?? FIRST,
    language,
    stoppedAt: '2026-11-25T10:00:03.000Z',
  };
}

export const ALL_CAUSES = Object.keys(CAUSES) as CauseId[];
