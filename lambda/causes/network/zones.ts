/**
 * Private hosted zones: the VPC may answer the pull's names (ECR, S3, the registry) from its own zones, sending
 * the pull to central endpoints out of sight; and what makes a path undecidable for the fix inputs.
 */
import type { HostedZoneFacts } from '../../facts/types';
import type { CheckContext } from '../context';
import type { NetworkView } from './view';

/** The zone names an ECR pull resolves in `region` (API, registry, layers from S3), and the registry host. */
export function pullZoneNames(region: string, registryHost?: string): string[] {
  const names = [
    'amazonaws.com',
    `${region}.amazonaws.com`,
    `ecr.${region}.amazonaws.com`,
    `api.ecr.${region}.amazonaws.com`,
    `dkr.ecr.${region}.amazonaws.com`,
    `s3.${region}.amazonaws.com`,
    's3.amazonaws.com',
  ];
  if (registryHost) names.push(registryHost.toLowerCase());
  // ECR's dual-stack names (ecr-requests.html): the registry's and the API's.
  if (registryHost && /\.on\.(aws|amazonwebservices\.com\.cn)$/i.test(registryHost)) {
    const china = /\.cn$/i.test(registryHost);
    names.push(
      `dkr-ecr.${region}.${registryHost.toLowerCase().replace(/^.*?\.on\./, 'on.')}`,
      `ecr.${region}.${china ? 'api.amazonwebservices.com.cn' : 'api.aws'}`,
    );
  }
  return [...new Set(names)];
}

/**
 * Customer-owned private hosted zones of the VPC for a name the pull resolves: the VPC answers ECR/S3 (or
 * the registry) from its own zone — typically central endpoints in another VPC. Zones a service owns (an
 * interface endpoint's private DNS) do not count. ECR images: the ECR/S3 names and the registry host;
 * other registries: the registry host only.
 */
export function pullZonesOf(ctx: CheckContext, zones: readonly HostedZoneFacts[]): HostedZoneFacts[] {
  const ref = ctx.imageRef;
  const ecr = !ref || ref.registryType === 'ecr';
  const names = ecr
    ? pullZoneNames(ref?.region ?? ctx.region, ref?.registry)
    : ref?.registry
      ? [ref.registry.toLowerCase()]
      : [];
  return zones.filter(
    (z) => !!z.owningAccount && !z.owningService && names.includes(z.name.toLowerCase().replace(/\.$/, '')),
  );
}

/** What the VPC's private hosted zones say about the pull: zones that take it out of sight, or why unread. */
export interface PullZones {
  found: HostedZoneFacts[];
  /** The zone list could not be read (AccessDenied, budget, more than one page …). */
  unread?: { api: string; reason: string };
}

/** Not gathered (undefined) → nothing found and nothing unread. */
export function pullZones(ctx: CheckContext): PullZones {
  const z = ctx.facts.network?.hostedZones;
  if (!z) return { found: [] };
  if (!z.ok) return { found: [], unread: { api: z.api, reason: z.reason } };
  return { found: pullZonesOf(ctx, z.value) };
}

/** FixInputs.networkUndecidable: a private hosted zone for the pull's names first, else the undecidable routes. */
export function networkUndecidableOf(
  ctx: CheckContext,
  view: NetworkView,
): { kind: 'route' | 'private-hosted-zone'; ids: string[]; detail: string } | undefined {
  const zones = pullZones(ctx).found;
  // A path undecided only for want of AWS documentation (families.ts) is not out of sight.
  const paths = view.paths.filter((p) => p.defaultRoute === 'undecidable' && p.route && p.note !== 'ipv6-undocumented');
  const routes = paths.map(
    (p) => `${p.subnet.id} (route table ${p.routeTable?.id ?? 'none'}: ${p.route!.destination} → ${p.route!.targetId})`,
  );
  if (zones.length) {
    const said = zones.map((z) => `${z.name} (${z.id}, account ${z.owningAccount})`);
    return {
      kind: 'private-hosted-zone',
      ids: [...new Set([...zones.map((z) => z.id), ...paths.map((p) => p.route!.targetId)])],
      detail:
        `VPC ${view.vpcId} answers ${said.join(', ')} from its own private hosted ` +
        `zone(s)${routes.length ? `; ${routes.join('; ')}` : ''}`,
    };
  }
  if (paths.length)
    return { kind: 'route', ids: [...new Set(paths.map((p) => p.route!.targetId))], detail: routes.join('; ') };
  return undefined;
}
