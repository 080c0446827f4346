import { CallContext, callAws, criticalPathRounds } from '../../../lambda/aws/call';
import { clientConfig, createClients, RETRY_SETTINGS } from '../../../lambda/aws/clients';
import { awsError } from '../../helpers/aws-mocks';

describe('callAws', () => {
  it('returns the value and records the call', async () => {
    const ctx = new CallContext();
    const r = await callAws(ctx, 'ecs:DescribeTaskDefinition', async () => 42);
    expect(r).toEqual({ ok: true, value: 42 });
    expect(ctx.calls).toEqual([expect.objectContaining({ api: 'ecs:DescribeTaskDefinition', ok: true })]);
  });

  it('turns an SDK error into an unknown fact with the reason, never a throw', async () => {
    const ctx = new CallContext();
    const r = await callAws(ctx, 'iam:SimulatePrincipalPolicy', async () => {
      throw awsError('AccessDenied', 403, 'explicit deny in a service control policy');
    });
    expect(r).toMatchObject({
      ok: false,
      api: 'iam:SimulatePrincipalPolicy',
      kind: 'access-denied',
      errorName: 'AccessDenied',
    });
    expect(!r.ok && r.reason).toContain('service control policy');
  });

  it('maps an expected error to a fact (e.g. no repository policy)', async () => {
    const r = await callAws(
      new CallContext(),
      'ecr:GetRepositoryPolicy',
      async (): Promise<string | null> => {
        throw awsError('RepositoryPolicyNotFoundException');
      },
      { names: ['RepositoryPolicyNotFoundException'], value: () => null },
    );
    expect(r).toEqual({ ok: true, value: null });
  });

  it('stops waiting at the deadline and aborts the request', async () => {
    const ctx = new CallContext(Date.now() + 30);
    let aborted = false;
    const r = await callAws(ctx, 'ec2:DescribeRouteTables', (signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise(() => undefined);
    });
    expect(r).toMatchObject({ ok: false, kind: 'deadline' });
    expect(aborted).toBe(true);
  });

  it('does not call at all once the deadline has passed', async () => {
    const ctx = new CallContext(Date.now() - 1);
    const fn = jest.fn(async () => 1);
    const r = await callAws(ctx, 'ecr:DescribeImages', fn);
    expect(fn).not.toHaveBeenCalled();
    expect(r).toMatchObject({ ok: false, kind: 'deadline' });
  });

  it('counts the longest chain of sequential calls, even when independent chains are staggered', () => {
    // Two independent two-call chains started 2 ms apart overlap end to end: still two round trips.
    expect(
      criticalPathRounds([
        { api: 'a1', startMs: 0, endMs: 50, ok: true },
        { api: 'b1', startMs: 2, endMs: 52, ok: true },
        { api: 'a2', startMs: 51, endMs: 101, ok: true },
        { api: 'b2', startMs: 53, endMs: 103, ok: true },
      ]),
    ).toBe(2);
  });

  it('counts sequential waves of calls', () => {
    expect(
      criticalPathRounds([
        { api: 'a', startMs: 0, endMs: 50, ok: true },
        { api: 'b', startMs: 1, endMs: 51, ok: true },
        { api: 'c', startMs: 52, endMs: 100, ok: true },
        { api: 'd', startMs: 101, endMs: 150, ok: true },
      ]),
    ).toBe(3);
  });
});

describe('AWS client settings', () => {
  it('sets retry mode, attempts and timeouts explicitly', () => {
    expect(RETRY_SETTINGS).toEqual({
      retryMode: 'standard',
      maxAttempts: 3,
      connectionTimeoutMs: 3000,
      requestTimeoutMs: 8000,
    });
    expect(clientConfig('eu-west-1')).toMatchObject({
      region: 'eu-west-1',
      retryMode: 'standard',
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 3000, requestTimeout: 8000 },
    });
  });

  it('creates each client once, on first use', async () => {
    const clients = createClients('eu-west-1');
    expect(clients.ecs).toBe(clients.ecs);
    expect(await clients.ec2.config.region()).toBe('eu-west-1');
    expect(await clients.ec2.config.maxAttempts()).toBe(3);
  });
});
