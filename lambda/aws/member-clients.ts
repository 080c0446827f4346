/**
 * Organization mode (issue 18): the clients of a member account and Region, signed with the member's own role —
 * `ecs-pull-doctor-diagnose-<region>` to read, one role per auto-fix to apply it (it exists only where the member's
 * parameter turns that auto-fix on) — assumed with sts:AssumeRole from the central function, the session named
 * after the incident so that the member's CloudTrail shows which incident read or changed what (a read session is
 * reused for later incidents of the account and Region for up to about 12 minutes; a fix's session is always its own
 * incident's). The function's own account and Region use its own credentials. A failed assume-role is an Unknown fact.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { callAws, type CallContext, type Fact } from './call';
import { clientConfig, createClients, type Clients } from './clients';
import { MEMBER_ROLE_PREFIX, type MemberPurpose } from '../domain/member-roles';

export type { MemberPurpose };
export { MEMBER_ROLE_PREFIX };

/** Seconds an assumed session lasts (the minimum STS allows; one invocation is at most 90 s). */
export const MEMBER_SESSION_SECONDS = 900;

export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function memberRoleArn(account: string, region: string, purpose: MemberPurpose): string {
  return `arn:${partitionOfRegion(region)}:iam::${account}:role/${MEMBER_ROLE_PREFIX[purpose]}-${region}`;
}

/**
 * A cached read session is reused only while it outlives a whole invocation (90 s) with room to spare: it never
 * expires in the middle of one. Within that time, reads of later incidents share the first one's session name.
 */
export const REUSE_MARGIN_MS = 180_000;

/** A RoleSessionName STS accepts ([\w+=,.@-], 2–64 characters), naming the incident. */
export function sessionNameOf(incidentId: string): string {
  const name = `ecs-pull-doctor-${incidentId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return name.length >= 2 ? name : 'ecs-pull-doctor';
}

export type AccountClients = (
  account: string,
  region: string,
  purpose: MemberPurpose,
  incidentId: string,
  ctx: CallContext,
) => Promise<Fact<Clients>>;

/**
 * The resolver of organization mode. `ownAccount` (the function's account) and `ownClients(region)` serve the central
 * account itself; every other account is reached through its member role.
 */
export function memberClients(
  own: { account: string | undefined; region: string; clients: Clients },
  sts: STSClient = new STSClient(clientConfig()),
  now: () => number = Date.now,
): AccountClients {
  // Read sessions only (a fix's session is always its own incident's), kept while they outlive an invocation.
  const cache = new Map<string, { clients: Clients; until: number }>();
  return async (account, region, purpose, incidentId, ctx) => {
    // The function's own account and Region only: elsewhere, even in its own account, the member roles decide (an
    // auto-fix applies there only where that Region's member stack opted in).
    if (own.account && account === own.account && region === own.region) return { ok: true, value: own.clients };
    const key = `${account}/${region}`;
    const hit = purpose === 'read' ? cache.get(key) : undefined;
    if (hit && hit.until > now()) return { ok: true, value: hit.clients };
    const roleArn = memberRoleArn(account, region, purpose);
    const assumed = await callAws(ctx, 'sts:AssumeRole', (abortSignal) =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionNameOf(incidentId),
          DurationSeconds: MEMBER_SESSION_SECONDS,
        }),
        { abortSignal },
      ),
    );
    if (!assumed.ok) return { ...assumed, reason: `could not assume ${roleArn}: ${assumed.reason}` };
    const c = assumed.value.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
      return {
        ok: false,
        api: 'sts:AssumeRole',
        kind: 'unexpected',
        errorName: 'NoCredentials',
        reason: `could not assume ${roleArn}: sts:AssumeRole answered without credentials`,
      };
    const expiration = c.Expiration instanceof Date ? c.Expiration : undefined;
    const clients = createClients(region, {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      ...(expiration ? { expiration } : {}),
    });
    if (purpose === 'read') {
      for (const [k, v] of cache) if (v.until <= now()) cache.delete(k);
      cache.set(key, {
        clients,
        until: (expiration?.getTime() ?? now() + MEMBER_SESSION_SECONDS * 1000) - REUSE_MARGIN_MS,
      });
    }
    return { ok: true, value: clients };
  };
}
