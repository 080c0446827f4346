/**
 * Issue 17: the pure attribution of a proven cause to the management event that made it (and of a recovery to the
 * one that fixed it). Every event name of every cause is attributed on the cause's own kind of resource, and not on
 * another resource, another kind, or a request that did something else. Event shapes follow CloudTrail LookupEvents
 * reduced to TrailEvent (facts/probes/cloudtrail.ts; recorded records in test/fixtures/cloudtrail/records.json).
 */
import {
  attributeChange,
  attributeFix,
  CAUSE_CHANGES,
  CAUSE_FIXES,
  canonicalId,
} from '../../../lambda/changes/attribute';
import type { ResourceKind, TrailEvent, TypedIds } from '../../../lambda/domain/change';
import type { CauseId } from '../../../lambda/domain/diagnosis';

const FIRST_FAILURE = '2026-11-25T10:05:00Z';
const RECOVERY = '2026-11-25T10:45:00Z';

/** An id of each kind, as the diagnosis has it (ARN where it has one) and as an event names it. */
const ID: Record<ResourceKind, { diagnosis: string; event: string; other: string }> = {
  role: {
    diagnosis: 'arn:aws:iam::123456789012:role/ecs/ecsTaskExecutionRole',
    event: 'ecsTaskExecutionRole',
    other: 'batch-role',
  },
  repository: {
    diagnosis: 'arn:aws:ecr:ap-northeast-1:123456789012:repository/team/app',
    event: 'team/app',
    other: 'app',
  },
  taskDefinition: {
    diagnosis: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/api:42',
    event: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/api:42',
    other: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/api:41',
  },
  service: { diagnosis: 'prod/api', event: 'prod/api', other: 'staging/api' },
  routeTable: { diagnosis: 'rtb-0a7b8c9d0e1f23456', event: 'rtb-0a7b8c9d0e1f23456', other: 'rtb-0b8c9d0e1f2a34567' },
  association: {
    diagnosis: 'rtbassoc-0a1b2c3d4e5f60718',
    event: 'rtbassoc-0a1b2c3d4e5f60718',
    other: 'rtbassoc-0b1b2c3d4e5f60718',
  },
  nat: { diagnosis: 'nat-0e1f2a3b4c5d67890', event: 'nat-0e1f2a3b4c5d67890', other: 'nat-0f1f2a3b4c5d67890' },
  vpc: { diagnosis: 'vpc-0b5e3f4a1c2d3e4f5', event: 'vpc-0b5e3f4a1c2d3e4f5', other: 'vpc-0999888777666555a' },
  subnet: {
    diagnosis: 'subnet-0a1b2c3d4e5f60718',
    event: 'subnet-0a1b2c3d4e5f60718',
    other: 'subnet-0c3d4e5f6a7b80921',
  },
  securityGroup: { diagnosis: 'sg-0a1b2c3d4e5f60718', event: 'sg-0a1b2c3d4e5f60718', other: 'sg-0b2c3d4e5f6a70819' },
  networkAcl: { diagnosis: 'acl-0a3b4c5d6e7f89012', event: 'acl-0a3b4c5d6e7f89012', other: 'acl-0f2a3b4c5d6e78901' },
  endpoint: { diagnosis: 'vpce-0d1d2d3d4d5d6d7d8', event: 'vpce-0d1d2d3d4d5d6d7d8', other: 'vpce-0e1e2e3e4e5e6e7e8' },
  secret: {
    diagnosis: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:dockerhub/acme-ci-Gh7Jk9',
    event: 'dockerhub/acme-ci',
    other: 'dockerhub/acme',
  },
  parameter: {
    diagnosis: 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/prod/db',
    event: '/prod/db',
    other: '/prod/db2',
  },
  key: {
    diagnosis: 'arn:aws:kms:ap-northeast-1:123456789012:key/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
    event: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
    other: '2f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
  },
};

/** A recorded event of `name` on `id` of `kind`, whose request did what breaks (or, with `fix`, mends) a pull. */
function ev(name: string, kind: ResourceKind, id: string, time: string, fix = false, extra: Partial<TrailEvent> = {}) {
  return {
    id: `e-${name}-${kind}`,
    name,
    time,
    actor: 'arn:aws:sts::123456789012:assumed-role/ops-admin/alice',
    ids: { [kind]: [id] },
    routeDestination: '0.0.0.0/0',
    permissions: [{ protocol: '-1' }],
    assignPublicIp: fix ? 'ENABLED' : 'DISABLED',
    mapPublicIpOnLaunch: fix,
    updatedTaskDefinition: ID.taskDefinition.event,
    serviceName: 'com.amazonaws.ap-northeast-1.ecr.dkr',
    ...extra,
  } satisfies TrailEvent;
}

const diagnosed = (kind: ResourceKind): TypedIds => ({
  [kind]: [ID[kind].diagnosis],
  taskDefinition: [ID.taskDefinition.diagnosis],
});
const rulesOf = (table: typeof CAUSE_CHANGES) =>
  (Object.entries(table) as Array<[CauseId, ReadonlyArray<{ name: string; kind: ResourceKind }>]>).flatMap(
    ([cause, rules]) => rules.map((r) => [cause, r.name, r.kind] as const),
  );

describe('attributeChange', () => {
  const cases = rulesOf(CAUSE_CHANGES);

  it.each(cases)('%s: names %s on the diagnosed %s', (cause, name, kind) => {
    const got = attributeChange(
      cause,
      diagnosed(kind),
      [ev(name, kind, ID[kind].event, '2026-11-25T10:02:00Z')],
      FIRST_FAILURE,
    );
    expect(got?.event.name).toBe(name);
    expect(got?.resource).toBe(canonicalId(kind, ID[kind].diagnosis));
  });

  it.each(cases)('%s: never names %s on another %s, or after the first failure', (cause, name, kind) => {
    expect(
      attributeChange(cause, diagnosed(kind), [ev(name, kind, ID[kind].other, '2026-11-25T10:02:00Z')], FIRST_FAILURE),
    ).toBeUndefined();
    expect(
      attributeChange(cause, diagnosed(kind), [ev(name, kind, ID[kind].event, '2026-11-25T10:06:00Z')], FIRST_FAILURE),
    ).toBeUndefined();
  });

  it.each(cases)('%s: never names %s on the same id of another kind', (cause, name, kind) => {
    const wrongKind: ResourceKind = kind === 'vpc' ? 'subnet' : 'vpc';
    const event = ev(name, wrongKind, ID[kind].event, '2026-11-25T10:02:00Z');
    expect(attributeChange(cause, diagnosed(kind), [event], FIRST_FAILURE)).toBeUndefined();
  });

  it('takes the latest event before the first failure, and nothing for a cause no change can make', () => {
    const role = diagnosed('role');
    const older = { ...ev('DetachRolePolicy', 'role', 'ecsTaskExecutionRole', '2026-11-25T09:00:00Z'), id: 'old' };
    const newer = { ...ev('PutRolePolicy', 'role', 'ecsTaskExecutionRole', '2026-11-25T10:01:00Z'), id: 'new' };
    expect(attributeChange('execution-role-ecr-permissions', role, [older, newer], FIRST_FAILURE)?.event.id).toBe(
      'new',
    );
    expect(attributeChange('dockerhub-rate-limit', role, [newer], FIRST_FAILURE)).toBeUndefined();
    expect(attributeChange('execution-role-ecr-permissions', role, [newer], 'not a time')).toBeUndefined();
  });

  it('reads what the request did: the default route, all traffic or 443, public IP off, the failing revision', () => {
    const at = '2026-11-25T10:02:00Z';
    const rtb = diagnosed('routeTable');
    expect(
      attributeChange(
        'network-no-route',
        rtb,
        [ev('DeleteRoute', 'routeTable', ID.routeTable.event, at, false, { routeDestination: '10.20.0.0/16' })],
        FIRST_FAILURE,
      ),
    ).toBeUndefined();
    const sg = diagnosed('securityGroup');
    const revoke5432 = ev('RevokeSecurityGroupEgress', 'securityGroup', ID.securityGroup.event, at, false, {
      permissions: [{ protocol: 'tcp', from: 5432, to: 5432 }],
    });
    expect(attributeChange('security-group-blocks', sg, [revoke5432], FIRST_FAILURE)).toBeUndefined();
    const svc = diagnosed('service');
    // An autoscaling UpdateService (desired count only) neither disabled the public IP nor set the failing revision.
    const scaling: TrailEvent = { id: 'scale', name: 'UpdateService', time: at, ids: { service: ['prod/api'] } };
    expect(attributeChange('public-ip-disabled', svc, [scaling], FIRST_FAILURE)).toBeUndefined();
    expect(attributeChange('execution-role-missing', svc, [scaling], FIRST_FAILURE)).toBeUndefined();
    const otherRevision = ev('UpdateService', 'service', 'prod/api', at, false, { updatedTaskDefinition: 'api:41' });
    expect(attributeChange('execution-role-missing', svc, [otherRevision], FIRST_FAILURE)).toBeUndefined();
  });
});

describe('attributeFix', () => {
  const cases = rulesOf(CAUSE_FIXES);

  it.each(cases)('%s: names %s on the diagnosed %s between the failure and the recovery', (cause, name, kind) => {
    const fix = ev(name, kind, ID[kind].event, '2026-11-25T10:30:00Z', true);
    expect(attributeFix(cause, diagnosed(kind), [fix], FIRST_FAILURE, RECOVERY)?.event.name).toBe(name);
    const before = ev(name, kind, ID[kind].event, '2026-11-25T10:00:00Z', true);
    expect(attributeFix(cause, diagnosed(kind), [before], FIRST_FAILURE, RECOVERY)).toBeUndefined();
    expect(
      attributeFix(
        cause,
        diagnosed(kind),
        [ev(name, kind, ID[kind].other, '2026-11-25T10:30:00Z', true)],
        FIRST_FAILURE,
        RECOVERY,
      ),
    ).toBeUndefined();
  });

  it('a new endpoint counts only for a service the pull uses', () => {
    const vpc = diagnosed('vpc');
    const sqs = ev('CreateVpcEndpoint', 'vpc', ID.vpc.event, '2026-11-25T10:30:00Z', true, {
      serviceName: 'com.amazonaws.ap-northeast-1.sqs',
    });
    expect(attributeFix('network-no-route', vpc, [sqs], FIRST_FAILURE, RECOVERY)).toBeUndefined();
    const logs = { ...sqs, serviceName: 'com.amazonaws.ap-northeast-1.logs' };
    expect(attributeFix('network-no-route', vpc, [logs], FIRST_FAILURE, RECOVERY)).toBeUndefined();
    expect(attributeFix('vpc-endpoint-missing', vpc, [logs], FIRST_FAILURE, RECOVERY, ['logs'])?.event.name).toBe(
      'CreateVpcEndpoint',
    );
  });
});

describe('canonicalId', () => {
  it('compares names, ARNs and paths of the same resource equal, and nothing by suffix', () => {
    expect(canonicalId('role', 'arn:aws:iam::1:role/ops/ecsTaskExecutionRole')).toBe('ecsTaskExecutionRole');
    expect(canonicalId('repository', 'arn:aws:ecr:eu-west-1:1:repository/team/app')).toBe('team/app');
    expect(canonicalId('repository', 'team/app')).not.toBe(canonicalId('repository', 'app'));
    expect(canonicalId('secret', 'arn:aws:secretsmanager:eu-west-1:1:secret:db/pass-AbCdEf')).toBe('db/pass');
    expect(canonicalId('parameter', 'arn:aws:ssm:eu-west-1:1:parameter/prod/db')).toBe('prod/db');
    expect(canonicalId('parameter', '/prod/db')).toBe('prod/db');
    expect(canonicalId('service', 'arn:aws:ecs:eu-west-1:1:service/prod/api')).toBe('prod/api');
    expect(canonicalId('key', 'arn:aws:kms:eu-west-1:1:key/abc-123')).toBe('abc-123');
  });
});
