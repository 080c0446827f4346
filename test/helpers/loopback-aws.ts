/**
 * A tiny AWS look-alike on 127.0.0.1 (random port) for tests of the REAL SDK stack — signing, retry
 * middleware, HTTP handler timeouts — with no mock in between. Each request is answered by the next
 * entry of a script; `'hang'` never answers (the socket stays open), so only a client timeout or an
 * abort ends the call.
 *
 *   const server = await startLoopbackAws([throttle, throttle, ok]);
 *   const ecs = new ECSClient({ ...clientConfig('us-east-1'), endpoint: server.endpoint });
 *   …; expect(server.requests).toHaveLength(3);
 *   await server.stop();
 *
 * Do not import test/helpers/aws-mocks.ts in the same test file: it stubs every client's `send`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export type Step = ScriptedResponse | 'hang';

export interface ReceivedRequest {
  method: string;
  url: string;
  /** x-amz-target (JSON protocols) or the Action= parameter (query protocols). */
  operation: string;
  /** amz-sdk-request header, e.g. "attempt=2; max=3". */
  sdkRequest: string;
  atMs: number;
}

export interface LoopbackAws {
  endpoint: string;
  requests: ReceivedRequest[];
  stop(): Promise<void>;
}

/** Answers request i with script[i]; requests beyond the script get the last entry. */
export async function startLoopbackAws(script: readonly Step[]): Promise<LoopbackAws> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const action = /(?:^|&)Action=([^&]+)/.exec(body)?.[1];
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        operation: String(req.headers['x-amz-target'] ?? action ?? ''),
        sdkRequest: String(req.headers['amz-sdk-request'] ?? ''),
        atMs: Date.now(),
      });
      const step = script[Math.min(requests.length - 1, script.length - 1)]!;
      if (step === 'hang') return; // keep the socket open, never answer
      res.writeHead(step.status, { 'content-length': String(Buffer.byteLength(step.body)), ...step.headers });
      res.end(step.body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- response bodies in each protocol's wire format (shapes from the service API references) ----

const JSON_11 = { 'content-type': 'application/x-amz-json-1.1' };
const JSON_10 = { 'content-type': 'application/x-amz-json-1.0' };
const XML = { 'content-type': 'text/xml' };

/** awsJson1_1 error (ECS, ECR, Secrets Manager, SSM). */
export function json11Error(type: string, status = 400, message = 'Rate exceeded'): ScriptedResponse {
  return { status, headers: { ...JSON_11, 'x-amzn-errortype': type }, body: JSON.stringify({ __type: type, message }) };
}

export function json11Ok(body: unknown): ScriptedResponse {
  return { status: 200, headers: { ...JSON_11, 'x-amzn-requestid': 'req-1' }, body: JSON.stringify(body) };
}

/** awsJson1_0 error (DynamoDB). */
export function json10Error(type: string, status = 400, message = 'Rate exceeded'): ScriptedResponse {
  return {
    status,
    headers: { ...JSON_10, 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }),
  };
}

export function json10Ok(body: unknown): ScriptedResponse {
  return { status: 200, headers: { ...JSON_10, 'x-amzn-requestid': 'req-1' }, body: JSON.stringify(body) };
}

/** EC2 query protocol error (EC2 answers RequestLimitExceeded with HTTP 503). */
export function ec2Error(code: string, status = 503, message = 'Request limit exceeded.'): ScriptedResponse {
  return {
    status,
    headers: XML,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>req-1</RequestID></Response>`,
  };
}

export function ec2Ok(operation: string, inner: string): ScriptedResponse {
  return {
    status: 200,
    headers: XML,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>${inner}</${operation}Response>`,
  };
}

/** awsQuery error (IAM, SNS). */
export function queryError(code: string, status = 400, message = 'Rate exceeded'): ScriptedResponse {
  return {
    status,
    headers: XML,
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`,
  };
}

export function queryOk(operation: string, xmlns: string, inner: string): ScriptedResponse {
  return {
    status: 200,
    headers: XML,
    body: `<${operation}Response xmlns="${xmlns}"><${operation}Result>${inner}</${operation}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${operation}Response>`,
  };
}
