/**
 * The secret an ECR pull-through cache rule logs in upstream with, as the proposals write it: its name starts
 * with ecr-pullthroughcache/ (same account and Region as the rule) and it holds the keys username and accessToken
 * (ECR user guide, pull-through-cache-creating-secret; docs/research/pull-through-cache.md §2).
 */
import { sh } from './shared';

export const CACHE_SECRET_STRING = `'{"username":"<USERNAME>","accessToken":"<ACCESS_TOKEN>"}'`;

/** Creates the rule's secret and keeps its ARN in $SECRET_ARN for the command that follows (`"$SECRET_ARN"`). */
export function createCacheSecretCommand(prefix: string, regionFlag: string): string {
  return (
    `SECRET_ARN=$(aws secretsmanager create-secret${regionFlag} --name ${sh(`ecr-pullthroughcache/${prefix}`)} ` +
    `--secret-string ${CACHE_SECRET_STRING} --query ARN --output text)`
  );
}
