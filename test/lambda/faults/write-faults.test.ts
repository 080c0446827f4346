/**
 * A write of an opted-in auto-fix fails mid-way, through runPipeline with the real SNS publisher: the
 * outcome is 'failed' and the notification says so — SNS attribute action=failed, "[fix failed]" in the
 * subject, the failing step with the error, the steps done before it (kept) and the steps not done — and
 * no write is sent after the failing one. Faults: throttled, denied, SDK timeout, 500, and a call that
 * never answers (cut off by the time the invocation has left).
 *
 * The steps come from a healthy run of each auto-fix scenario, so the table follows the plans.
 */
import { CreateVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { CauseId } from '../../../lambda/domain/diagnosis';
import { runPipeline } from '../../../lambda/pipeline';
import type { AppliedStep } from '../../../lambda/remediate/types';
import { mocks, writeCommands } from '../../helpers/aws-mocks';
import { commandFor } from '../../helpers/commands';
import { errorNameOf, faultBehaviour, FAULTS, type Fault } from '../../helpers/faults';
import { emailOf, expectNotified, harnessDeps } from '../../helpers/pipeline-harness';
import { SCENARIOS, type Scenario } from '../../helpers/scenarios';

/** Time left for the fix when the invocation starts: 5 s reserve for notifying + 400 ms. */
const APPLY_WINDOW_MS = 400;

function run(s: Scenario) {
  const invokedAt = Date.now();
  return runPipeline(
    s.event,
    harnessDeps({
      remainingMs: () => 5_000 + APPLY_WINDOW_MS - (Date.now() - invokedAt),
      minFixMs: 0, // the fix's window is compressed to keep hangs short, so its minimum time is lifted too
      config: { region: s.region, autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: true },
    }),
  );
}

/** The auto-fix scenarios whose fix a healthy run applies (each step that changed something). */
const FIXES: Array<{ cause: CauseId; steps: AppliedStep[] }> = [];
beforeAll(async () => {
  for (const s of Object.values(SCENARIOS).filter((x) => x.autoFix)) {
    s.mock();
    const r = expectNotified(await run(s));
    if (r.outcome.kind === 'fixed')
      FIXES.push({
        cause: s.cause,
        steps: r.outcome.applied.filter((a) => a.result === 'created' || a.result === 'changed'),
      });
  }
});

/** Makes the call of `step` fail with `fault` (only that endpoint's CreateVpcEndpoint, when several). */
function breakStep(step: AppliedStep, serviceName: string | undefined, fault: Fault): void {
  const { service, mock, command } = commandFor(step.action);
  if (command === CreateVpcEndpointCommand && serviceName)
    mock.on(command, { ServiceName: serviceName }).callsFake(faultBehaviour(service, fault));
  else mock.on(command).callsFake(faultBehaviour(service, fault));
}

/** The steps that change something in each fix (the control test checks the healthy runs apply exactly these). */
const STEPS: Record<string, string[]> = {
  'execution-role-ecr-permissions': ['attach-execution-role-policy'],
  'network-no-route': [
    'create-endpoint-security-group',
    'allow-https-to-endpoints',
    'create-endpoint-ecr.api',
    'create-endpoint-ecr.dkr',
    'create-endpoint-s3',
    'create-endpoint-logs',
  ],
  'vpc-endpoint-missing': ['create-endpoint-s3'],
};
const CASES = Object.entries(STEPS).flatMap(([cause, ids]) =>
  ids.flatMap((id, i) => FAULTS.map((fault) => [cause as CauseId, id, i, fault] as const)),
);

describe('the auto-fixes applied end to end (control)', () => {
  it('applies the role policy and the endpoint fixes with their opt-ins (the steps this table breaks)', () => {
    expect(Object.fromEntries(FIXES.map((f) => [f.cause, f.steps.map((x) => x.stepId)]))).toEqual(STEPS);
  });
});

describe('a write fails mid-way: reported as failed, with what was and was not done', () => {
  it.each(CASES)('%s: %s (step %d) %s', async (cause, stepId, index, fault) => {
    const fix = FIXES.find((f) => f.cause === cause);
    const step = fix?.steps[index];
    if (!fix || step?.stepId !== stepId)
      throw new Error(`the healthy run of ${cause} does not apply ${stepId} as step ${index} (see the control test)`);
    const s = SCENARIOS[cause];
    s.mock();
    breakStep(step, serviceNameOf(s, step), fault);
    const writesBefore = fix.steps.slice(0, index).map((x) => x.action);

    const r = expectNotified(await run(s));

    // The outcome
    const o = r.outcome;
    if (o.kind !== 'failed') throw new Error(`expected failed, got ${o.kind}`);
    expect(o.failedStepId).toBe(step.stepId);
    expect(o.error).toContain(errorNameOf(commandFor(step.action).service, fault));
    expect(o.applied.map((a) => a.stepId)).toEqual(fix.steps.slice(0, index).map((x) => x.stepId));
    expect(o.notDone).toEqual(
      o.plan.steps
        .filter((x) => x.automatic)
        .map((x) => x.id)
        .slice(o.plan.steps.filter((x) => x.automatic).findIndex((x) => x.id === step.stepId) + 1),
    );
    // The writes: the ones before, the failing one attempted, none after.
    expect(writeCommands()).toEqual([...writesBefore, step.action]);
    // The notification
    expect(mocks.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = mocks.sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.MessageAttributes?.action?.StringValue).toBe('failed');
    expect(input.Subject).toContain('[fix failed]');
    const email = emailOf(input);
    expect(email).toContain(`The automatic fix failed at step ${step.stepId}`);
    if (index > 0) {
      expect(email).toContain('Done before the failure (kept):');
      for (const done of o.applied) expect(email).toContain(`${done.stepId} (${done.action})`);
    } else {
      expect(email).not.toContain('Done before the failure');
    }
    if (o.notDone.length > 0) {
      expect(email).toContain('Not done:');
      for (const id of o.notDone) expect(email).toContain(`- ${id}`);
    }
    expect(email).toContain('Nothing was rolled back.');
  });
});

/** The endpoint service name of an endpoint step (from the healthy run's plan), for a targeted fault. */
function serviceNameOf(s: Scenario, step: AppliedStep): string | undefined {
  if (step.action !== 'ec2:CreateVpcEndpoint') return undefined;
  const suffix = step.stepId.replace('create-endpoint-', '');
  return `com.amazonaws.${s.region}.${suffix}`;
}
