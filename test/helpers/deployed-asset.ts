/**
 * The function's built asset (index.js + handler-core.js, as the stack deploys them) run against moto: the child
 * process script that invokes the handler with a Lambda-like context, and the function's own resources in the
 * emulated account (the notification topic and incident tables). Shared by test/lib/bundle.test.ts (the deployed
 * files diagnose and notify against an emulated account) and the bench (test/bench/deployed-moto.ts).
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { MOTO_ACCOUNT, MOTO_CREDENTIALS } from './moto';
import { type Answer, jsonAnswer } from './moto-proxy';
import { incidentTableInput } from './incident-table';

/** What the handler returned (HandlerResult), or the error it threw (its name and message). */
export interface DeployedResult {
  status?: string;
  cause?: string;
  incidentId?: string;
  errorName?: string;
  error?: string;
}

/**
 * `node -e DEPLOYED_HANDLER_SCRIPT <asset>/index.js <event file> [region]`: runs the handler once with a Lambda-like
 * context and writes "@@deployed {result}" (or "@@deployed-error <name> <message>", exit 4) to stderr.
 */
export const DEPLOYED_HANDLER_SCRIPT =
  "const e = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));" +
  "const region = process.argv[3] || 'us-east-1';" +
  'const ctx = { awsRequestId: "req-deployed", functionName: "EcsPullDoctor-Function", functionVersion: "$LATEST",' +
  ` invokedFunctionArn: "arn:aws:lambda:" + region + ":${MOTO_ACCOUNT}:function:EcsPullDoctor-Function",` +
  ' memoryLimitInMB: "256", getRemainingTimeInMillis: () => 60000 };' +
  'require(process.argv[1]).handler(e, ctx).then(' +
  ' (r) => { process.stderr.write("@@deployed " + JSON.stringify(r) + "\\n"); },' +
  // The message, not the stack: formatting a stack makes Node decode the pipeline's source map (≈ 55–105 ms), which
  // the bench's denied-pull figure would count (docs/benchmarks.md, source maps).
  ' (err) => { process.stderr.write("@@deployed-error " + String(err && err.name) + " " + String((err && err.message) || err) + "\\n");' +
  ' process.exit(4); })';

export function deployedResultOf(stderr: string): DeployedResult | undefined {
  const lines = stderr.split('\n');
  const ok = lines.find((l) => l.startsWith('@@deployed '));
  if (ok) return JSON.parse(ok.slice('@@deployed '.length)) as DeployedResult;
  const failed = lines.find((l) => l.startsWith('@@deployed-error '));
  if (!failed) return undefined;
  const [errorName, ...message] = failed.slice('@@deployed-error '.length).split(' ');
  return { errorName: errorName ?? '', error: message.join(' ') };
}

/**
 * The function's environment variables as the template sets them, each `Ref` to a parameter resolved to the
 * parameter's default (what `cdk deploy` gives without overrides). `unresolved`: the variables that name the stack's
 * own resources (the topic, the table), for the caller to point at its own.
 */
export function resolveFunctionEnv(
  variables: Record<string, unknown>,
  parameterDefaults: Record<string, string>,
): { env: Record<string, string>; unresolved: string[] } {
  const env: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const [key, value] of Object.entries(variables)) {
    const ref = (value as { Ref?: string } | null)?.Ref;
    if (typeof value === 'string' || typeof value === 'number') env[key] = String(value);
    else if (ref && parameterDefaults[ref] !== undefined) env[key] = parameterDefaults[ref]!;
    else unresolved.push(key);
  }
  return { env, unresolved };
}

/** resolveFunctionEnv for the function of a synthesized template (its `index.handler` function). */
export function templateFunctionEnv(template: {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Parameters?: Record<string, { Default?: unknown }>;
}): Record<string, string> {
  const fn = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Handler === 'index.handler',
  );
  const variables = (fn?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  const defaults: Record<string, string> = {};
  for (const [id, p] of Object.entries(template.Parameters ?? {}))
    if (typeof p.Default === 'string' || typeof p.Default === 'number') defaults[id] = String(p.Default);
  return resolveFunctionEnv(variables ?? {}, defaults).env;
}

/**
 * For the proxy in front of moto: CloudTrail LookupEvents, which moto 5.2.1 does not emulate (the SDK would retry its
 * error three times with back-off), answered as AWS answers for an account with no recorded event in the window.
 */
export const noTrailEvents: Answer = (operation) =>
  operation === 'LookupEvents' ? jsonAnswer({ Events: [] }) : undefined;

/** The stack's notification topic and `tables` incident tables (pk S, on demand), in moto. */
export async function createFunctionResources(
  motoUrl: string,
  region: string,
  tables: number,
): Promise<{ topicArn: string; tables: string[] }> {
  const own = { endpoint: motoUrl, region, credentials: { ...MOTO_CREDENTIALS }, maxAttempts: 1 };
  const sns = new SNSClient(own);
  const ddb = new DynamoDBClient(own);
  try {
    const topic = await sns.send(new CreateTopicCommand({ Name: 'EcsPullDoctor-NotificationTopic' }));
    const names: string[] = [];
    for (let i = 0; i < tables; i++) {
      const name = `EcsPullDoctor-IncidentTable-${i}`;
      await ddb.send(new CreateTableCommand(incidentTableInput(name)));
      names.push(name);
    }
    return { topicArn: topic.TopicArn!, tables: names };
  } finally {
    sns.destroy();
    ddb.destroy();
  }
}
