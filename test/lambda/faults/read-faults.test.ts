/**
 * Every read API the scenarios exercise × every fault (throttled, access denied, SDK timeout, 500, and a
 * call that never answers before a 150 ms deadline), through runPipeline with the real SNS publisher:
 * the diagnosis still completes, the failed API is listed as unchecked with the error, the notification
 * goes out once and says so, and nothing is written (auto-fix flags off).
 *
 * With the auto-fix flags ON, the same faults on the auto-fix scenarios' reads must fail closed: a fix is
 * only applied on proven evidence, and every write that was sent is reported in the outcome.
 *
 * Which scenario exercises an API is discovered, not hard-coded: each scenario runs once healthy, and the
 * ones using the IAM simulation run once more with the simulation denied (the policy-document fallback).
 */
import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { CauseId } from '../../../lambda/domain/diagnosis';
import { allReadActions } from '../../../lambda/causes/read-actions';
import { runPipeline } from '../../../lambda/pipeline';
import { awsError, mocks, receivedCommands, writeCommands } from '../../helpers/aws-mocks';
import { commandFor } from '../../helpers/commands';
import { errorNameOf, faultBehaviour, FAULTS, type Fault } from '../../helpers/faults';
import { emailOf, expectNotified, harnessDeps } from '../../helpers/pipeline-harness';
import { SCENARIOS, type Scenario } from '../../helpers/scenarios';

const DEADLINE_MS = 150;
/** Reads made after the diagnosis, for what changed (lambda/what-changed.ts). */
const AFTER_DIAGNOSIS = ['cloudtrail:LookupEvents'];

/**
 * Reads in lambda/permissions.ts that no scenario makes: declared for checks the probes do not make yet.
 * A change here is a change of coverage.
 */
const NOT_EXERCISED = [
  'ec2:DescribeSecurityGroupRules',
  'ec2:DescribePrefixLists',
  'ec2:DescribeManagedPrefixLists',
  'ecr:DescribeRepositories',
  // Read for a service signal (SERVICE_TASK_START_IMPAIRED), not for a task event: its failures are tested in
  // test/lambda/recovery/service-signals.test.ts.
  'ecs:ListTasks',
];
const TABLE = allReadActions().filter((a) => !NOT_EXERCISED.includes(a));

/** Reads of the policy-document fallback: exercised when iam:SimulatePrincipalPolicy is denied. */
const FALLBACK = new Set([
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'iam:GetRolePolicy',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
]);

interface Where {
  scenario: Scenario;
  simulationDenied: boolean;
}

function denySimulation(): void {
  mocks.iam
    .on(SimulatePrincipalPolicyCommand)
    .rejects(awsError('AccessDenied', 403, 'explicit deny in a service control policy'));
}

/** The Lambda's time left when the auto-fix runs: 5 s reserve + 300 ms, so a hanging write or re-read ends at ~300 ms. */
const APPLY_WINDOW_MS = 300;

async function runScenario(
  s: Scenario,
  opts: { simulationDenied?: boolean; autoFix?: boolean; deadlineMs?: number } = {},
) {
  const invokedAt = Date.now();
  return runPipeline(
    s.event,
    harnessDeps({
      // The fix's window is compressed to keep hangs short, so the fix's minimum time is lifted too.
      ...(opts.autoFix ? { remainingMs: () => 5_000 + APPLY_WINDOW_MS - (Date.now() - invokedAt), minFixMs: 0 } : {}),
      config: {
        region: s.region,
        deadlineMs: opts.deadlineMs ?? 5_000,
        autoFixExecutionRolePolicy: opts.autoFix === true,
        autoFixVpcEndpoints: opts.autoFix === true,
      },
    }),
  );
}

/** api → where to exercise it; also every read seen, for the coverage test. */
const where = new Map<string, Where>();
const seen = new Set<string>();
const readsOf = new Map<CauseId, string[]>();

beforeAll(async () => {
  for (const simulationDenied of [false, true]) {
    for (const s of Object.values(SCENARIOS)) {
      s.mock();
      if (simulationDenied) denySimulation();
      await runScenario(s);
      const reads = [...new Set(receivedCommands())].filter((c) => allReadActions().includes(c));
      if (!simulationDenied) readsOf.set(s.cause, reads);
      for (const api of reads) {
        seen.add(api);
        // The fallback's reads are exercised with the simulation denied; every other read with all answered.
        if (!where.has(api) && FALLBACK.has(api) === simulationDenied)
          where.set(api, { scenario: s, simulationDenied });
      }
    }
  }
});

describe('coverage', () => {
  it('exercises every read of the table, and no read outside it', () => {
    expect([...seen].sort()).toEqual([...TABLE].sort());
    for (const api of TABLE) expect(where.has(api)).toBe(true);
  });
});

describe.each(TABLE)('%s failing (auto-fix off)', (api) => {
  it.each(FAULTS)(
    '%s → diagnosis completes, the API is listed as unchecked, one notification says so, nothing written',
    async (fault: Fault) => {
      const w = where.get(api);
      if (!w) throw new Error(`no scenario exercises ${api}`);
      w.scenario.mock();
      if (w.simulationDenied) denySimulation();
      const { service, mock, command } = commandFor(api);
      mock.on(command).callsFake(faultBehaviour(service, fault));
      const started = Date.now();

      const result = expectNotified(await runScenario(w.scenario, { deadlineMs: DEADLINE_MS }));

      const elapsed = Date.now() - started;
      expect(mock.commandCalls(command).length).toBeGreaterThan(0);
      const errorName = errorNameOf(service, fault);
      if (AFTER_DIAGNOSIS.includes(api)) {
        // Event history is read after the diagnosis: its failure is said once, in "What changed", not as evidence.
        expect(result.diagnosis.change).toEqual({ status: 'unchecked', reason: expect.stringContaining(errorName) });
        expect(result.diagnosis.unchecked.filter((u) => u.api === api)).toEqual([]);
        expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
        const email = emailOf(mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input);
        expect(email.split('\n').filter((l) => l.startsWith('CloudTrail event history could not be read ('))).toEqual([
          expect.stringContaining(`${api}: ${errorName}`),
        ]);
        expect(writeCommands()).toEqual([]);
        if (fault === 'hang') expect(elapsed).toBeLessThan(2 * DEADLINE_MS + 600);
        return;
      }
      const listed = result.diagnosis.unchecked.filter(
        (u) => (u.api === api || u.reason.includes(`${api}:`)) && u.reason.includes(errorName),
      );
      expect(listed).not.toEqual([]);
      expect(result.diagnosis.mode).toBe('evidence');
      expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
      const email = emailOf(mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input);
      // "What could not be checked": one line per failed call, naming the API once, the error and every check it blocked
      // (the API that failed may be another one whose fallback used this API).
      const lines = email.split('\n').filter((l) => l.startsWith(`- ${listed[0]!.api} failed:`));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(errorName);
      expect(lines[0]).toContain(listed[0]!.check);
      expect(
        email.split('\n').filter((l) => l.includes(`${api}: ${errorName}`) && l.startsWith('- [')).length,
      ).toBeLessThanOrEqual(1);
      expect(writeCommands()).toEqual([]);
      if (fault === 'hang') expect(elapsed).toBeLessThan(DEADLINE_MS + 600);
    },
  );
});

describe('auto-fix ON while a read fails: fail closed, never an unreported write', () => {
  const autoFix = Object.values(SCENARIOS).filter((s) => s.autoFix);

  it.each(autoFix.flatMap((s) => FAULTS.map((f) => [s.cause, f, s] as const)))(
    '%s, every read %s in turn',
    async (cause, fault, s) => {
      const problems: string[] = [];
      const reads = readsOf.get(cause) ?? [];
      expect(reads.length).toBeGreaterThan(0);
      for (const api of reads) {
        s.mock();
        const { service, mock, command } = commandFor(api);
        mock.on(command).callsFake(faultBehaviour(service, fault));

        const r = expectNotified(await runScenario(s, { autoFix: true, deadlineMs: DEADLINE_MS }));

        const writes = writeCommands();
        const o = r.outcome;
        const reported =
          o.kind === 'proposed'
            ? []
            : o.applied.filter((a) => a.result === 'created' || a.result === 'changed').map((a) => a.action);
        const attempted =
          o.kind === 'failed' && o.failedStepId !== 'precheck' && o.failedStepId !== 'validate'
            ? o.plan.steps.find((st) => st.id === o.failedStepId)?.action
            : undefined;
        if (o.kind === 'fixed' && r.diagnosis.confidence !== 'proven')
          problems.push(`${api}: fixed on ${r.diagnosis.confidence} evidence`);
        if (o.kind === 'proposed' && writes.length > 0)
          problems.push(`${api}: proposed but wrote ${writes.join(', ')}`);
        // The failing step's own call was sent but changed nothing: every other write must be reported.
        const unreported = [...writes];
        if (attempted && unreported.includes(attempted)) unreported.splice(unreported.indexOf(attempted), 1);
        if (o.kind !== 'proposed' && [...unreported].sort().join() !== [...reported].sort().join())
          problems.push(`${api}: wrote ${writes.join(', ')} but reported ${reported.join(', ')}`);
        if (mocks.sns.commandCalls(PublishCommand).length !== 1)
          problems.push(`${api}: ${mocks.sns.commandCalls(PublishCommand).length} notifications`);
        if (r.notification.attributes.action !== o.kind)
          problems.push(`${api}: action attribute ${r.notification.attributes.action} for outcome ${o.kind}`);
      }
      expect(problems).toEqual([]);
    },
  );
});
