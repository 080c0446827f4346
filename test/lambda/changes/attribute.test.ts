/**
 * Issue 17 (groundwork): the pure attribution of a proven cause to the management event that made it. The event
 * shapes follow CloudTrail LookupEvents (API reference: Event has EventId, EventName, EventTime, Username and
 * Resources[] of ResourceType/ResourceName), reduced to TrailEvent.
 */
import { attributeChange, CAUSE_CHANGES, sameResource, type TrailEvent } from '../../../lambda/changes/attribute';
import type { CauseId } from '../../../lambda/domain/diagnosis';

const FIRST_FAILURE = '2026-11-25T10:05:00Z';
const ev = (name: string, resource: string, time = '2026-11-25T10:02:00Z', id = `e-${name}`): TrailEvent => ({
  id,
  name,
  time,
  actor: 'ops-admin/session-1',
  resources: [{ type: 'AWS::Resource', name: resource }],
});

describe('attributeChange', () => {
  const cases = (Object.entries(CAUSE_CHANGES) as Array<[CauseId, readonly string[]]>).flatMap(([cause, names]) =>
    names.map((name) => [cause, name] as const),
  );

  it.each(cases)('%s: attributes %s on the diagnosed resource', (cause, name) => {
    const got = attributeChange(cause, ['res-0abc'], [ev(name, 'res-0abc')], FIRST_FAILURE);
    expect(got?.event.name).toBe(name);
    expect(got?.resource).toBe('res-0abc');
  });

  it.each(cases)('%s: never attributes %s on an unrelated resource', (cause, name) => {
    expect(attributeChange(cause, ['res-0abc'], [ev(name, 'res-0def')], FIRST_FAILURE)).toBeUndefined();
  });

  it('names the deleted endpoint behind a proven network-no-route, who deleted it and when', () => {
    const deleted = ev('DeleteVpcEndpoints', 'vpce-0a1b2c3d4e5f60718', '2026-11-25T10:02:00Z', 'ct-1');
    const got = attributeChange('network-no-route', ['rtb-0a7b', 'vpce-0a1b2c3d4e5f60718'], [deleted], FIRST_FAILURE);
    expect(got).toEqual({ event: deleted, resource: 'vpce-0a1b2c3d4e5f60718' });
    expect(got?.event.actor).toBe('ops-admin/session-1');
  });

  it('ignores events of another cause, events after the first failure, and takes the latest before it', () => {
    const role = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
    const older = ev('DetachRolePolicy', 'ecsTaskExecutionRole', '2026-11-25T09:00:00Z', 'old');
    const newer = ev('PutRolePolicy', 'ecsTaskExecutionRole', '2026-11-25T10:01:00Z', 'new');
    const after = ev('DeleteRolePolicy', 'ecsTaskExecutionRole', '2026-11-25T10:06:00Z', 'after');
    const other = ev('DeleteVpcEndpoints', 'ecsTaskExecutionRole', '2026-11-25T10:04:00Z', 'other');
    const got = attributeChange('execution-role-ecr-permissions', [role], [older, after, other, newer], FIRST_FAILURE);
    expect(got?.event.id).toBe('new');
    expect(attributeChange('unknown', [role], [newer], FIRST_FAILURE)).toBeUndefined();
    expect(attributeChange('execution-role-ecr-permissions', [role], [newer], 'not a time')).toBeUndefined();
  });
});

describe('sameResource', () => {
  it('matches an id, a name and an ARN of the same resource, and nothing else', () => {
    expect(sameResource('arn:aws:iam::1:role/ops/ecsTaskExecutionRole', 'ecsTaskExecutionRole')).toBe(true);
    expect(sameResource('arn:aws:ec2:eu-west-1:1:vpc-endpoint/vpce-0abc', 'vpce-0abc')).toBe(true);
    expect(sameResource('arn:aws:iam::1:role/ecsTaskExecutionRole2', 'ecsTaskExecutionRole')).toBe(false);
    expect(sameResource('', 'x')).toBe(false);
  });
});
