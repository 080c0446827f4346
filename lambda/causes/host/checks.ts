/** Rate-limit and host families: dockerhub-rate-limit, disk-space (both decided from the text plus the task). */
import { Finding, T, type CauseCheck } from '../context';

const RATE_TEXT = /toomanyrequests|pull rate limit|Too Many Requests|\b429\b/i;

export const dockerhubRateLimit: CauseCheck = {
  id: 'dockerhub-rate-limit',
  title: 'Docker Hub rate limit',
  check(ctx) {
    const f = new Finding('dockerhub-rate-limit');
    const hub = ctx.imageRef?.registryType === 'dockerhub';
    if (hub) f.fix({ dockerHubImage: true });
    if (!RATE_TEXT.test(ctx.text))
      return f
        .add('stop-reason', 'not-applicable', T('dockerhub-rate-limit.no-rate-limit'))
        .done(hub && /unexpected status code|failed to copy/i.test(ctx.text) ? 'possible' : 'not-applicable');
    if (!hub)
      return f
        .add(
          'image-registry',
          'info',
          ctx.imageRef
            ? T('dockerhub-rate-limit.other-registry', { image: ctx.imageRef.raw })
            : T('dockerhub-rate-limit.other-registry.unknown-image'),
        )
        .done('possible');
    if (ctx.container?.credentialsParameter) {
      return f
        .add(
          'repository-credentials',
          'info',
          T('dockerhub-rate-limit.with-credentials', {
            image: ctx.imageRef!.raw,
            secret: ctx.container.credentialsParameter,
          }),
        )
        .fix({ registryCredentialsSecret: ctx.container.credentialsParameter })
        .done('likely');
    }
    f.add('stop-reason', 'proven', T('dockerhub-rate-limit.rate-limited', { image: ctx.imageRef!.raw }));
    if (!ctx.taskDef)
      return f
        .add('repository-credentials', 'unknown', T('dockerhub-rate-limit.credentials-not-checked'))
        .done('likely');
    return f
      .add(
        'repository-credentials',
        'proven',
        T('dockerhub-rate-limit.anonymous', { container: ctx.container?.name ?? '' }),
      )
      .done('proven');
  },
};
