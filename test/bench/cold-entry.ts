/**
 * Bench-only entry for `coldFirstDiagnosisMs`, bundled by test/bench/bench.ts with the stack's own esbuild
 * options (and the second minifier pass of the pipeline's file) into ONE file, and run in a fresh `node` process
 * with the function's environment. One process =
 *   1. module load: the handler module (configuration, logger, metrics, triage), the pipeline (clients, causes,
 *      catalogues, writers), which this entry imports itself — the bench runs it with PIPELINE_LOAD=first-event, so
 *      the handler's require of the second file (left external) is never reached, and loading the pipeline here
 *      stands for the stack's init-phase load — plus aws-sdk-client-mock (sinon) and the scenarios, which the
 *      function does not have;
 *   2. the first diagnosis of scenario BENCH_CAUSE: runPipeline with the deps the handler would build, every AWS
 *      call answered by the scenario's mocks after 50 ms, storm control off and publishing stubbed (as in
 *      `handlerMs`), logging through the function's Powertools logger.
 * The parent measures the wall time of the whole process. One line "@@bench {json}" goes to stderr.
 */
import { handler } from '../../lambda/handler';
import { loadConfig } from '../../lambda/config';
import { createClients } from '../../lambda/aws/clients';
import { logger } from '../../lambda/log';
import { runPipeline } from '../../lambda/pipeline';
import { noStormControl } from '../../lambda/dedupe/types';
import type { CauseId } from '../../lambda/domain/diagnosis';
import { EC2_SCENARIOS, SCENARIOS } from '../helpers/scenarios';
import { addLatency } from './latency';

async function main(): Promise<void> {
  if (typeof handler !== 'function') throw new Error('the handler module did not load');
  // A cause id of SCENARIOS, or "ec2/<name>" for an EC2_SCENARIOS one (as load-entry.ts labels them).
  const cause = process.env.BENCH_CAUSE ?? '';
  const scenario = cause.startsWith('ec2/')
    ? EC2_SCENARIOS[cause.slice(4) as keyof typeof EC2_SCENARIOS]
    : SCENARIOS[cause as CauseId];
  if (!scenario) throw new Error(`no scenario for BENCH_CAUSE=${cause}`);
  scenario.mock(); // resets the strict mocks, installs the scenario's account
  addLatency();
  const config = loadConfig();
  const result = await runPipeline(scenario.event, {
    config,
    clients: createClients(config.region || undefined),
    store: noStormControl,
    log: logger,
    publish: async () => ({ ok: true, value: { messageId: 'bench-not-published' } }),
  });
  const summary =
    result.status === 'notified'
      ? {
          status: result.status,
          cause: result.diagnosis.cause,
          apiCalls: result.apiCalls,
          rssMb: Math.round(process.memoryUsage.rss() / 1024 / 102.4) / 10,
        }
      : { status: result.status, rssMb: Math.round(process.memoryUsage.rss() / 1024 / 102.4) / 10 };
  process.stderr.write(`@@bench ${JSON.stringify(summary)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`cold-entry failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
