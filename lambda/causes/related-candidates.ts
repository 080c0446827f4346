/**
 * Causes that come with others (pure): a text rule ranks the causes its words point at; these add the ones that
 * answer in the same words — the instance role beside the execution role, an archived image beside a missing one, a
 * slow pull beside a path that never connects.
 */
import type { CauseId } from '../domain/diagnosis';
import type { TextSubject } from './module';
import { INSTANCE_PRINCIPAL } from './text-patterns';

export function withRelated(candidates: CauseId[], s: TextSubject): CauseId[] {
  return withSlowPull(withArchived(withInstanceRole(candidates, s), s), s);
}

/**
 * An archived ECR image answers a pull with 404, in the words of a missing one (issue 20): wherever image-not-found
 * is a candidate, so is image-archived, right after it (DescribeImages' imageStatus decides).
 */
function withArchived(candidates: CauseId[], s: TextSubject): CauseId[] {
  const i = candidates.indexOf('image-not-found');
  if (i < 0 || candidates.includes('image-archived') || (s.registryType && s.registryType !== 'ecr')) return candidates;
  return [...candidates.slice(0, i + 1), 'image-archived', ...candidates.slice(i + 1)];
}

/**
 * A pull cancelled at its deadline ("context canceled") is also what a path that never connects says: the network
 * causes stay first, and a pull that ran too long (pull-timeout) joins them last (issue 20).
 */
function withSlowPull(candidates: CauseId[], s: TextSubject): CauseId[] {
  if (!/context canceled|context deadline exceeded/i.test(s.text) || candidates.includes('pull-timeout'))
    return candidates;
  return [...candidates, 'pull-timeout'];
}

/**
 * On a container instance (or where the launch type is not known) the instance role pulls when the task
 * definition has no execution role: wherever the execution role's ECR permissions are a candidate, so are the
 * instance role's — first when the text names the instance's own credentials.
 */
function withInstanceRole(candidates: CauseId[], s: TextSubject): CauseId[] {
  const i = candidates.indexOf('execution-role-ecr-permissions');
  if (i < 0 || (s.launchTypeKnown && !s.onInstance)) return candidates;
  if (s.onInstance && INSTANCE_PRINCIPAL.test(s.text)) return ['instance-role-ecr-permissions', ...candidates];
  return [...candidates.slice(0, i + 1), 'instance-role-ecr-permissions', ...candidates.slice(i + 1)];
}
