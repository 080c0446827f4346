import { diagnose } from '../../../lambda/diagnose/diagnose';
import { failure } from '../../helpers/facts';

describe('diagnose without facts (text-only mode)', () => {
  it('ranks candidates from the text with possible confidence and says no AWS call was made', () => {
    const d = diagnose(
      failure(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth',
      ),
    );
    expect(d.mode).toBe('text-only');
    expect(d.confidence).toBe('possible');
    expect(d.candidates).toEqual(expect.arrayContaining(['network-no-route', 'execution-role-ecr-permissions']));
    expect(d.unchecked).toEqual([{ check: 'aws-evidence', api: 'none', reason: 'no AWS call made (offline)' }]);
    expect(d.resources).toMatchObject({
      cluster: 'prod',
      service: 'web',
      subnetIds: ['subnet-0a1'],
      repositoryArn: 'arn:aws:ecr:us-east-1:111122223333:repository/web',
    });
  });

  it.each([
    ['ERROR: toomanyrequests: Too Many Requests.', 'nginx', 'FARGATE', 'dockerhub-rate-limit'],
    [
      'CannotPullContainerError: write /var/lib/docker/tmp/GetImageBlob1: no space left on device',
      undefined,
      'EC2',
      'disk-space',
    ],
    [
      'InternalError: failed to create container model: failed to normalize image reference "latest:latest"',
      'latest:latest',
      'FARGATE',
      'invalid-image-reference',
    ],
  ])('is likely when the text alone is unambiguous: %s', (reason, image, launchType, cause) => {
    const d = diagnose(failure(reason, { ...(image ? { image } : {}), task: { launchType } }));
    expect(d.cause).toBe(cause);
    expect(d.confidence).toBe('likely');
  });

  it('stays possible for a rate limit on an ECR image', () => {
    const d = diagnose(failure('CannotPullContainerError: 429 Too Many Requests'));
    expect(d.confidence).toBe('possible');
  });

  it('redacts the stop reason', () => {
    const d = diagnose(
      failure(
        'CannotPullContainerError: Get https://bob:hunter2@registry.example.com/v2/: net/http: request canceled while waiting for connection',
      ),
    );
    expect(d.stopReason).not.toContain('hunter2');
    expect(d.family).toBe('network');
  });
});
