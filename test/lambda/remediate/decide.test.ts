import { decide } from '../../../lambda/remediate/decide';
import { planRemediation } from '../../../lambda/causes/plan';
import type { CauseId } from '../../../lambda/domain/diagnosis';
import { diagnosis } from './diagnosis-builder';

type Row = [CauseId, 'proven' | 'likely', boolean, boolean, ReturnType<typeof decide>];

const ON = true;
const OFF = false;
const applies = { apply: true } as const;
const because = (reason: 'not-opted-in' | 'not-proven' | 'no-auto-fix-for-cause' | 'refused' | 'sidecar') =>
  ({ apply: false, reason }) as const;

/** cause × confidence × matching flag × refusal → decision (the refusal for each family comes from real fix inputs). */
const table: Row[] = [];
for (const cause of ['execution-role-ecr-permissions', 'network-no-route', 'vpc-endpoint-missing'] as CauseId[]) {
  for (const confidence of ['proven', 'likely'] as const) {
    for (const flag of [ON, OFF]) {
      for (const refused of [false, true]) {
        const expected =
          confidence !== 'proven'
            ? because('not-proven')
            : !flag
              ? because('not-opted-in')
              : refused
                ? because('refused')
                : applies;
        table.push([cause, confidence, flag, refused, expected]);
      }
    }
  }
}

function refusingInputs(cause: CauseId) {
  return cause === 'execution-role-ecr-permissions' ? { denyKind: 'explicit' as const } : { vpcDnsHostnames: false };
}

describe('decide', () => {
  it.each(table)('%s, %s, flag %s, refusal %s → %j', (cause, confidence, flag, refused, expected) => {
    const d = diagnosis(cause, { confidence, ...(refused ? { fixInputs: refusingInputs(cause) } : {}) });
    const plan = planRemediation(d);
    const config =
      cause === 'execution-role-ecr-permissions'
        ? { autoFixExecutionRolePolicy: flag, autoFixVpcEndpoints: !flag }
        : { autoFixExecutionRolePolicy: !flag, autoFixVpcEndpoints: flag };
    expect(decide(d, plan, config)).toEqual(expected);
  });

  it.each([
    'execution-role-missing',
    'repository-policy-denies',
    'image-not-found',
    'public-ip-disabled',
    'vpc-dns-disabled',
    'dockerhub-rate-limit',
    'disk-space',
    'unknown',
  ] as CauseId[])('never applies a cause without an auto-fix (%s), even proven with every flag on', (cause) => {
    const d = diagnosis(cause);
    expect(decide(d, planRemediation(d), { autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: true })).toEqual(
      because('no-auto-fix-for-cause'),
    );
  });

  it('uses only the matching flag (the other flag on does not opt in)', () => {
    const d = diagnosis('network-no-route');
    expect(decide(d, planRemediation(d), { autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: false })).toEqual(
      because('not-opted-in'),
    );
  });

  it('fails closed on a text-only diagnosis or a sidecar finding, a plan of another cause, or a plan with nothing automatic', () => {
    const on = { autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: true };
    const textOnly = diagnosis('network-no-route', { mode: 'text-only' });
    expect(decide(textOnly, planRemediation(diagnosis('network-no-route')), on)).toEqual(because('not-proven'));
    // A sidecar finding is never fixed, although the same diagnosis as a stop cause would be.
    const stopCause = diagnosis('vpc-endpoint-missing');
    expect(decide(stopCause, planRemediation(stopCause), on)).toEqual({ apply: true });
    const sidecar = { ...stopCause, sidecar: { container: 'envoy', taskStoppedReason: 'Essential container exited' } };
    expect(decide(sidecar, planRemediation(sidecar), on)).toEqual(because('sidecar'));
    const d = diagnosis('network-no-route');
    expect(decide(d, planRemediation(diagnosis('execution-role-ecr-permissions')), on)).toEqual(
      because('no-auto-fix-for-cause'),
    );
    const plan = planRemediation(d);
    expect(decide(d, { ...plan, steps: plan.steps.map((s) => ({ ...s, automatic: false })) }, on)).toEqual(
      because('refused'),
    );
  });

  describe("what the invocation's situation forbids (all in decide, none in the pipeline)", () => {
    const on = { autoFixExecutionRolePolicy: true, autoFixVpcEndpoints: true };
    const d = diagnosis('vpc-endpoint-missing');
    const plan = planRemediation(d);
    const time = (leftMs: number) => ({ time: { leftMs, reserveMs: 5_000, minFixMs: 10_000 } });

    it('applies when nothing forbids it, with enough time left', () => {
      expect(decide(d, plan, on, { reminder: false, ...time(15_000) })).toEqual(applies);
    });

    it('never fixes from a reminder (one fix per incident)', () => {
      expect(decide(d, plan, on, { reminder: true })).toEqual({ apply: false, reason: 'duplicate-fix' });
    });

    it("reports an earlier attempt's recorded fix instead of repeating it; names a failed or another fix", () => {
      const earlier = (outcome: 'fixed' | 'failed', autoFix = 'AutoFixVpcEndpoints') => ({
        earlierFix: { autoFix, outcome },
      });
      expect(decide(d, plan, on, earlier('fixed'))).toEqual({ apply: false, reportEarlierFix: true });
      expect(decide(d, plan, on, earlier('failed'))).toEqual({ apply: false, reason: 'failed-in-earlier-attempt' });
      expect(decide(d, plan, on, earlier('fixed', 'AutoFixExecutionRolePolicy'))).toEqual({
        apply: false,
        reason: 'fixed-by-earlier-attempt',
      });
    });

    it('does not start a fix that would eat the reserve for notifying', () => {
      expect(decide(d, plan, on, time(14_999))).toEqual({ apply: false, reason: 'no-time' });
    });

    it('says the more fundamental reason first: not opted in beats a reminder or no time', () => {
      const off = { autoFixExecutionRolePolicy: false, autoFixVpcEndpoints: false };
      expect(decide(d, plan, off, { reminder: true, ...time(0) })).toEqual(because('not-opted-in'));
    });
  });
});
