/**
 * A loopback proxy in front of moto server, for a spawned CLI (which no SDK mock can reach): every request goes
 * to moto unchanged, except those `answer` takes over — the AWS API moto does not emulate, answered as AWS would.
 * Used for iam:SimulatePrincipalPolicy, which moto answers with HTTP 500 (TOOLCHAIN.md).
 *
 *   const proxy = await startMotoProxy(moto.url, (op, params) => op === 'SimulatePrincipalPolicy' ? {...} : undefined);
 *   const slow = await startMotoProxy(moto.url, () => undefined, { delayMs: 50 }); // moto, 50 ms away
 *   runCli([...], { endpoint: proxy.endpoint }); …; await proxy.stop();
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * `operation`: the Action (query protocols: IAM, STS, EC2) or the x-amz-target's operation (JSON protocols: ECR, ECS);
 * `params`: the form parameters; `body`: the JSON body when there is one; `req`: method and path (a plain GET, e.g.
 * of a blob the proxy serves itself, has no operation).
 */
export type Answer = (
  operation: string,
  params: URLSearchParams,
  body: Record<string, unknown>,
  req: { method: string; path: string },
) => ProxyAnswer | undefined;

export interface MotoProxy {
  endpoint: string;
  /** Operations answered by the proxy instead of moto, in order. */
  answered: string[];
  /** Every request as the IAM action it needs ("ecr:BatchGetImage"), in order: what a least-privilege policy must allow. */
  calls: string[];
  /**
   * The same requests with when each arrived and when its answer was sent (Date.now()), in the order they were
   * answered or forwarded; `endMs` stays -1 for a request whose answer never finished (the client gave up).
   */
  timeline: Array<{ api: string; startMs: number; endMs: number }>;
  stop(): Promise<void>;
}

export interface MotoProxyOptions {
  /**
   * Every request is held this many milliseconds before it is answered or forwarded to moto (moto's own time comes
   * on top), as if AWS were that far away: the bench's simulated latency. 0 by default.
   */
  delayMs?: number;
}

export async function startMotoProxy(
  motoUrl: string,
  answer: Answer,
  options: MotoProxyOptions = {},
): Promise<MotoProxy> {
  const delayMs = options.delayMs ?? 0;
  const moto = new URL(motoUrl);
  const answered: string[] = [];
  const calls: string[] = [];
  const timeline: MotoProxy['timeline'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    const entry = { api: '', startMs: Date.now(), endMs: -1 };
    res.on('finish', () => {
      entry.endMs = Date.now();
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => (delayMs > 0 ? setTimeout(respond, delayMs) : respond()));
    const respond = () => {
      const body = Buffer.concat(chunks);
      const params = new URLSearchParams(body.toString('utf8'));
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = params.get('Action') ?? (target ? target.slice(target.lastIndexOf('.') + 1) : '');
      entry.api = iamActionOf(req, operation);
      calls.push(entry.api);
      timeline.push(entry);
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // a form body
      }
      const own = answer(operation, params, json, { method: req.method ?? 'GET', path: req.url ?? '/' });
      if (own) {
        answered.push(operation);
        res.writeHead(own.status, { 'content-type': own.contentType, 'content-length': Buffer.byteLength(own.body) });
        res.end(own.body);
        return;
      }
      const forward = httpRequest(
        {
          host: moto.hostname,
          port: moto.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: moto.host },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', (e) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(e));
      });
      forward.end(body);
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    answered,
    calls,
    timeline,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** REST-protocol operations the tool calls, by path (Route 53). */
const REST_OPERATIONS: ReadonlyArray<[RegExp, string]> = [[/\/hostedzonesbyvpc/, 'ListHostedZonesByVPC']];

/** The IAM action of a signed request: the service from the SigV4 credential scope, and the operation. */
function iamActionOf(req: IncomingMessage, operation: string): string {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ''));
  const op = operation || REST_OPERATIONS.find(([re]) => re.test(req.url ?? ''))?.[1] || `${req.method} ${req.url}`;
  return `${scope?.[1] ?? 'unsigned'}:${op}`;
}

/** An answer of a JSON-protocol API (ECR, ECS, Secrets Manager…). */
export function jsonAnswer(body: unknown): ProxyAnswer {
  return { status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(body) };
}

/** A JSON-protocol API's error, as AWS sends it (the SDK reads the type from __type). */
export function jsonError(type: string, message: string, status = 400): ProxyAnswer {
  return { status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: type, message }) };
}

/** The members of a query-protocol list parameter (Name.member.1, Name.member.2, …). */
export function members(params: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++) out.push(params.get(`${name}.member.${i}`)!);
  return out;
}

type Decision = 'allowed' | 'implicitDeny';

/**
 * iam:SimulatePrincipalPolicy's answer (the XML shape IAM returns): `decide` says IAM's decision for each action and
 * resource asked (the test states what the seeded role's policies grant); an action's overall decision is allowed
 * only when every resource is.
 */
export function simulationAnswer(
  params: URLSearchParams,
  decide: (action: string, resource: string) => Decision,
): ProxyAnswer {
  const resources = members(params, 'ResourceArns');
  const results = members(params, 'ActionNames')
    .map((action) => {
      const each = resources.map((r) => [r, decide(action, r)] as const);
      const overall = each.every(([, d]) => d === 'allowed') ? 'allowed' : 'implicitDeny';
      const specific = each
        .map(
          ([r, d]) =>
            `<member><EvalResourceName>${r}</EvalResourceName><EvalResourceDecision>${d}` +
            '</EvalResourceDecision><MatchedStatements/><MissingContextValues/></member>',
        )
        .join('');
      return (
        `<member><EvalActionName>${action}</EvalActionName><EvalResourceName>*</EvalResourceName>` +
        `<EvalDecision>${overall}</EvalDecision><MatchedStatements/><MissingContextValues/>` +
        `<ResourceSpecificResults>${specific}</ResourceSpecificResults></member>`
      );
    })
    .join('');
  return {
    status: 200,
    contentType: 'text/xml',
    body:
      '<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">' +
      `<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>${results}` +
      '</EvaluationResults></SimulatePrincipalPolicyResult>' +
      '<ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>' +
      '</SimulatePrincipalPolicyResponse>',
  };
}
