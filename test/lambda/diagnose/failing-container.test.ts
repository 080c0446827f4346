/** Evidence gathering and the cause checks pick the same failing container (lambda/diagnose/causes/context.ts). */
import { failingContainer } from '../../../lambda/domain/failing-container';
import { IMAGE, container, failure, taskDef } from '../../helpers/facts';

const SIDECAR = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable';
/** The failure without the given keys (absent, as the event parser leaves them; not `undefined`). */
function without<T extends object, K extends keyof T>(o: T, ...keys: K[]): Omit<T, K> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k as K))) as Omit<T, K>;
}

const td = taskDef({
  containers: [container({ name: 'log-router', image: SIDECAR }), container({ name: 'web', image: IMAGE })],
});

describe('failingContainer', () => {
  it('finds the container by the name the event gives', () => {
    const f = failure('CannotPullContainerError: x', { image: IMAGE });
    expect(failingContainer({ ...f, container: { name: 'web' } }, td)?.name).toBe('web');
  });

  it('finds the container by the image the event gives', () => {
    const f = failure('CannotPullContainerError: x', { image: IMAGE });
    expect(failingContainer(without(f, 'container'), td)?.name).toBe('web');
  });

  it('finds the container whose image a task-level error quotes, when the event names none', () => {
    const f = failure(
      `InternalError: failed to create container model: failed to normalize image reference "${IMAGE}"`,
    );
    expect(failingContainer(without(f, 'container', 'image'), td)?.name).toBe('web');
  });

  it('names none among several containers when nothing points to one', () => {
    const f = failure('ResourceInitializationError: unable to pull secrets or registry auth: i/o timeout');
    expect(failingContainer(without(f, 'container', 'image'), td)).toBeUndefined();
  });
});
