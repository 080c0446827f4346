/**
 * Issue 16, class 4: a non-essential container's pull failure is its own, lower-severity finding — never the
 * task's stop cause, never a fix. The essential flag comes from the task definition only.
 */
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { findPullFailure } from '../../../lambda/event/pull-failure';
import { parseTaskStateChange } from '../../../lambda/event/schema';
import { exampleWith } from '../../helpers/events';
import { container, facts, failure, known, taskDef } from '../../helpers/facts';

const TEXT = 'CannotPullContainerError: pull access denied';
const withContainers = (...cs: Parameters<typeof container>[0][]) =>
  facts({ taskDefinition: known(taskDef({ containers: cs.map((c) => container(c)) })) });

describe('findPullFailure: did the task stop for another reason?', () => {
  const sidecarEvent = (stop: { stoppedReason: string; stopCode: string }) =>
    exampleWith('ec2-pull-access-denied', stop);
  const parse = (e: unknown) => {
    const r = parseTaskStateChange(e);
    if (!r.ok) throw new Error(r.reason);
    return findPullFailure(r.task);
  };

  it('says yes when an essential container exited and only a container reason names the pull', () => {
    const r = parse(
      sidecarEvent({ stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited' }),
    );
    expect(r.ok && r.failure.taskStoppedForOtherReason).toBe(true);
  });

  it('says no when the task failed to start (the pull may be why)', () => {
    const r = parse(
      sidecarEvent({ stoppedReason: 'Essential container in task exited', stopCode: 'TaskFailedToStart' }),
    );
    expect(r.ok && r.failure.taskStoppedForOtherReason).toBe(false);
  });
});

describe('diagnose: sidecar findings', () => {
  const other = { stoppedForOther: true, task: { stoppedReason: 'Essential container in task exited' } };

  it('names a non-essential container that never ran, with the reason the task stopped instead', () => {
    const d = diagnose(failure(TEXT, other), withContainers({ essential: false }));
    expect(d.sidecar).toEqual({ container: 'web', taskStoppedReason: 'Essential container in task exited' });
    expect(d.ignoredReason).toMatch(/^Container web is not essential/);
  });

  it('is no sidecar finding when the failing container is essential', () => {
    const d = diagnose(failure(TEXT, other), withContainers({ essential: true }));
    expect(d.sidecar).toBeUndefined();
    expect(d.ignoredReason).toBeUndefined();
  });

  it('is no sidecar finding when the task did not stop for another reason', () => {
    const d = diagnose(failure(TEXT), withContainers({ essential: false }));
    expect(d.sidecar).toBeUndefined();
  });

  it('is no sidecar finding when the essential flag cannot be read (no task definition)', () => {
    const d = diagnose(
      failure(TEXT, other),
      facts({
        taskDefinition: {
          ok: false,
          api: 'ecs:DescribeTaskDefinition',
          kind: 'access-denied',
          errorName: 'AccessDeniedException',
          reason: 'ecs:DescribeTaskDefinition: AccessDeniedException',
        },
      }),
    );
    expect(d.sidecar).toBeUndefined();
  });

  it('is no sidecar finding when another container that failed to pull is essential', () => {
    const f = { ...failure(TEXT, other), otherFailingContainers: ['app'] };
    const d = diagnose(f, withContainers({ essential: false }, { name: 'app', essential: true }));
    expect(d.sidecar).toBeUndefined();
    const all = diagnose(f, withContainers({ essential: false }, { name: 'app', essential: false }));
    expect(all.sidecar?.container).toBe('web');
  });

  it('keeps hostile text out of the finding (cleaned, capped, redacted)', () => {
    const f = failure(TEXT, {
      stoppedForOther: true,
      task: { stoppedReason: `exited\u001b[31m password=hunter2 ${'x'.repeat(400)}` },
    });
    const d = diagnose(f, withContainers({ essential: false }));
    expect(d.sidecar!.taskStoppedReason).not.toMatch(/\u001b|hunter2/);
    expect(d.sidecar!.taskStoppedReason.length).toBeLessThanOrEqual(200);
  });
});
