import { ecrRepositoryArn, parseImageRef } from '../../../lambda/domain/image-ref';

describe('parseImageRef', () => {
  it.each([
    [
      'nginx',
      {
        registry: 'docker.io',
        registryType: 'dockerhub',
        repository: 'library/nginx',
        tag: 'latest',
        normalized: 'docker.io/library/nginx:latest',
      },
    ],
    ['me/app:1.0', { registry: 'docker.io', repository: 'me/app', tag: '1.0' }],
    ['docker.io/nginx', { repository: 'library/nginx', registryType: 'dockerhub' }],
    ['index.docker.io/library/redis:7', { registry: 'docker.io', repository: 'library/redis', tag: '7' }],
    ['localhost:5000/app', { registry: 'localhost:5000', registryType: 'other', repository: 'app', tag: 'latest' }],
    ['public.ecr.aws/nginx/nginx:stable', { registryType: 'ecr-public', repository: 'nginx/nginx', tag: 'stable' }],
    ['ghcr.io/org/team/app:v2', { registryType: 'other', repository: 'org/team/app' }],
    [
      '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/team/my-app:2024-01',
      {
        registryType: 'ecr',
        accountId: '123456789012',
        region: 'ap-northeast-1',
        repository: 'team/my-app',
        tag: '2024-01',
      },
    ],
    ['111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/app', { registryType: 'ecr', region: 'cn-north-1' }],
  ])('parses %s', (image, expected) => {
    const r = parseImageRef(image);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.ref).toMatchObject(expected);
  });

  it('keeps a digest and no default tag when pinned', () => {
    const d = `sha256:${'b'.repeat(64)}`;
    const r = parseImageRef(`111122223333.dkr.ecr.us-east-1.amazonaws.com/web@${d}`);
    expect(r.ok && r.ref.digest).toBe(d);
    expect(r.ok && r.ref.tag).toBeUndefined();
  });

  it('keeps tag and digest together', () => {
    const d = `sha256:${'c'.repeat(64)}`;
    const r = parseImageRef(`web:1@${d}`);
    expect(r.ok && [r.ref.tag, r.ref.digest]).toEqual(['1', d]);
  });

  it.each([
    '',
    '  ',
    'MyApp:1',
    'app:',
    'https://registry/app',
    'app:bad tag',
    'app@sha256:xyz',
    'a//b',
    ':latest',
    'app:-x',
  ])('rejects %j', (image) => {
    expect(parseImageRef(image).ok).toBe(false);
  });

  it('builds the repository ARN with the partition', () => {
    const r = parseImageRef('111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/a/b:1');
    expect(r.ok && ecrRepositoryArn(r.ref)).toBe('arn:aws-cn:ecr:cn-north-1:111122223333:repository/a/b');
    const hub = parseImageRef('nginx');
    expect(hub.ok && ecrRepositoryArn(hub.ref)).toBeUndefined();
  });
});
