/**
 * Deterministic EC2 client tokens. Two Lambdas racing to fix the same VPC send the same token for the
 * same endpoint, so EC2 creates one endpoint and returns it to both (EC2 idempotency, tokens ≤ 64 ASCII).
 *
 * Interface endpoints: token per (VPC, service) — only one endpoint per service and VPC can own the
 * private DNS name, so the set of subnets must not change the token.
 * Gateway endpoints (S3): token per (VPC, service, sorted route tables) — a later incident that needs the
 * S3 route on other route tables of the same VPC must not collide with an earlier creation
 * (IdempotentParameterMismatch) while racing invocations for the same route tables still converge.
 */
import { createHash } from 'node:crypto';

export function clientToken(vpcId: string, service: string, routeTableIds?: readonly string[]): string {
  const scope = routeTableIds && routeTableIds.length > 0 ? `|${[...routeTableIds].sort().join(',')}` : '';
  return createHash('sha256').update(`ecs-pull-doctor|${vpcId}|${service}${scope}`).digest('hex').slice(0, 64);
}
