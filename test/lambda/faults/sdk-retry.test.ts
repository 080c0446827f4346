/**
 * The SDK retry settings (lambda/aws/clients.ts RETRY_SETTINGS) as the real SDK applies them: real clients
 * from createClients() — no aws-sdk-client-mock in this file — against a loopback HTTP server that plays
 * AWS (test/helpers/loopback-aws.ts). Throttling and 5xx are retried up to maxAttempts (3); AccessDenied
 * is not retried; a server that never answers is cut off by the request timeout (each attempt) or, sooner,
 * by the pipeline deadline (callAws aborts the request).
 */
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { ECSClient } from '@aws-sdk/client-ecs';
import { CallContext, callAws } from '../../../lambda/aws/call';
import { clientConfig, createClients, RETRY_SETTINGS, type Clients } from '../../../lambda/aws/clients';
import {
  ec2Error,
  ec2Ok,
  json10Error,
  json10Ok,
  json11Error,
  json11Ok,
  queryError,
  queryOk,
  startLoopbackAws,
  type LoopbackAws,
  type Step,
} from '../../helpers/loopback-aws';

const CREDENTIALS = { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret' };

let server: LoopbackAws | undefined;
const savedEndpoint = process.env.AWS_ENDPOINT_URL;

/** The production factory, pointed at the loopback server through the standard AWS_ENDPOINT_URL setting. */
async function clientsAgainst(script: Step[]): Promise<{ clients: Clients; server: LoopbackAws }> {
  server = await startLoopbackAws(script);
  process.env.AWS_ENDPOINT_URL = server.endpoint;
  return { clients: createClients('us-east-1'), server };
}

afterEach(async () => {
  process.env.AWS_ENDPOINT_URL = savedEndpoint;
  await server?.stop();
  server = undefined;
});

interface Api {
  api: string;
  throttle: Step;
  serverError: Step;
  accessDenied: Step;
  ok: Step;
  call: (c: Clients, signal: AbortSignal) => Promise<unknown>;
  check: (out: any) => void;
}

// One API per wire protocol the Lambda uses: awsJson1_1 (ECS), EC2 query, awsQuery (SNS, IAM), awsJson1_0 (DynamoDB).
const APIS: Api[] = [
  {
    api: 'ecs:DescribeServices',
    throttle: json11Error('ThrottlingException'),
    serverError: json11Error('ServerException', 500, 'internal'),
    accessDenied: json11Error('AccessDeniedException', 400, 'not authorized'),
    ok: json11Ok({ services: [{ serviceName: 'web', status: 'ACTIVE' }], failures: [] }),
    call: (c, abortSignal) =>
      c.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }), { abortSignal }),
    check: (out) => expect(out.services[0].serviceName).toBe('web'),
  },
  {
    api: 'ec2:DescribeVpcEndpoints',
    throttle: ec2Error('RequestLimitExceeded', 503),
    serverError: ec2Error('InternalError', 500, 'internal'),
    accessDenied: ec2Error('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.'),
    ok: ec2Ok(
      'DescribeVpcEndpoints',
      '<vpcEndpointSet><item><vpcEndpointId>vpce-0abc</vpcEndpointId><serviceName>com.amazonaws.us-east-1.ecr.dkr</serviceName></item></vpcEndpointSet>',
    ),
    call: (c, abortSignal) =>
      c.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0a'] }] }), {
        abortSignal,
      }),
    check: (out) => expect(out.VpcEndpoints[0].VpcEndpointId).toBe('vpce-0abc'),
  },
  {
    api: 'iam:ListRolePolicies',
    throttle: queryError('Throttling'),
    serverError: queryError('ServiceFailure', 500, 'internal'),
    accessDenied: queryError('AccessDenied', 403, 'not authorized'),
    ok: queryOk(
      'ListRolePolicies',
      'https://iam.amazonaws.com/doc/2010-05-08/',
      '<PolicyNames><member>pull</member></PolicyNames><IsTruncated>false</IsTruncated>',
    ),
    call: (c, abortSignal) => c.iam.send(new ListRolePoliciesCommand({ RoleName: 'exec' }), { abortSignal }),
    check: (out) => expect(out.PolicyNames).toEqual(['pull']),
  },
  {
    api: 'sns:Publish',
    throttle: queryError('Throttling'),
    serverError: queryError('InternalError', 500, 'internal'),
    accessDenied: queryError('AuthorizationError', 403, 'not authorized'),
    ok: queryOk('Publish', 'http://sns.amazonaws.com/doc/2010-03-31/', '<MessageId>m-123</MessageId>'),
    call: (c, abortSignal) =>
      c.sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: 'x' }), {
        abortSignal,
      }),
    check: (out) => expect(out.MessageId).toBe('m-123'),
  },
  {
    api: 'dynamodb:GetItem',
    throttle: json10Error('ThrottlingException'),
    serverError: json10Error('InternalServerError', 500, 'internal'),
    accessDenied: json10Error('AccessDeniedException', 400, 'not authorized'),
    ok: json10Ok({ Item: { pk: { S: 'incident#1' } } }),
    call: (c, abortSignal) =>
      c.dynamodb.send(new GetItemCommand({ TableName: 'incidents', Key: { pk: { S: 'incident#1' } } }), {
        abortSignal,
      }),
    check: (out) => expect(out.Item.pk.S).toBe('incident#1'),
  },
];

describe('real SDK retries with the settings of createClients()', () => {
  it('uses standard mode and three attempts (the values this file relies on)', () => {
    expect(RETRY_SETTINGS).toMatchObject({ retryMode: 'standard', maxAttempts: 3 });
  });

  it.each(APIS.map((a) => [a.api, a] as const))(
    '%s: throttled twice, then answered — succeeds on the 3rd attempt',
    async (_api, a) => {
      const { clients, server } = await clientsAgainst([a.throttle, a.throttle, a.ok]);

      const out = (await a.call(clients, new AbortController().signal)) as { $metadata: { attempts?: number } };

      a.check(out);
      expect(server.requests).toHaveLength(3);
      expect(out.$metadata.attempts).toBe(3);
      // The retry middleware numbers its attempts in the amz-sdk-request header.
      expect(server.requests.map((r) => r.sdkRequest)).toEqual([
        'attempt=1; max=3',
        'attempt=2; max=3',
        'attempt=3; max=3',
      ]);
    },
  );

  // The final error's classification does not depend on the service: one JSON and two query protocols suffice.
  it.each(
    APIS.filter((a) => ['ecs:DescribeServices', 'ec2:DescribeVpcEndpoints', 'sns:Publish'].includes(a.api)).map(
      (a) => [a.api, a] as const,
    ),
  )('%s: throttled every time — gives up after 3 attempts as a throttled Unknown', async (_api, a) => {
    const { clients, server } = await clientsAgainst([a.throttle]);

    const fact = await callAws(new CallContext(), a.api, (signal) => a.call(clients, signal));

    expect(fact).toMatchObject({ ok: false, api: a.api, kind: 'throttled' });
    expect(server.requests).toHaveLength(3);
  });

  it.each(APIS.map((a) => [a.api, a] as const))('%s: a 5xx is retried, then answered', async (_api, a) => {
    const { clients, server } = await clientsAgainst([a.serverError, a.ok]);

    const fact = await callAws(new CallContext(), a.api, (signal) => a.call(clients, signal));

    expect(fact.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it.each(APIS.map((a) => [a.api, a] as const))('%s: access denied is not retried', async (_api, a) => {
    const { clients, server } = await clientsAgainst([a.accessDenied, a.ok]);

    const fact = await callAws(new CallContext(), a.api, (signal) => a.call(clients, signal));

    expect(fact).toMatchObject({ ok: false, kind: 'access-denied' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('a server that never answers', () => {
  it('is cut off by the request timeout of clientConfig(), on each of the 3 attempts', async () => {
    // The production handler options with only the timeout shortened (8 s × 3 would make a slow test).
    server = await startLoopbackAws(['hang']);
    const cfg = clientConfig('us-east-1');
    const ecs = new ECSClient({
      ...cfg,
      requestHandler: { ...cfg.requestHandler, requestTimeout: 200 },
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
    });
    const started = Date.now();

    const fact = await callAws(new CallContext(), 'ecs:DescribeServices', (abortSignal) =>
      ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }), { abortSignal }),
    );

    const elapsed = Date.now() - started;
    expect(fact).toMatchObject({ ok: false, kind: 'timeout', errorName: 'TimeoutError' });
    expect(server.requests).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(3 * 200);
    expect(elapsed).toBeLessThan(3_000);
    ecs.destroy();
  }, 10_000);

  it('is cut off at the pipeline deadline with the production timeouts (the request is aborted, not retried)', async () => {
    const { clients, server } = await clientsAgainst(['hang']);
    const started = Date.now();

    const fact = await callAws(new CallContext(Date.now() + 300), 'ecs:DescribeServices', (signal) =>
      clients.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }), { abortSignal: signal }),
    );

    const elapsed = Date.now() - started;
    expect(fact).toMatchObject({ ok: false, kind: 'deadline', api: 'ecs:DescribeServices' });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
    // Give an (unwanted) retry time to arrive: the aborted call must not try again.
    await new Promise((r) => setTimeout(r, 300));
    expect(server.requests).toHaveLength(1);
  });
});
