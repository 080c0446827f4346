/**
 * Whether a role may pull a private ECR image, whichever role pulls: the task's execution role, or on EC2
 * without one the container instance's role. Its permissions — simulated, or read from its policy documents —
 * prove it, together with the same-account repository policy (which may grant the pull by itself, or deny
 * it). An SCP or permissions-boundary deny, or a grant that depends on a condition not known here, is never
 * proof for a fix: attaching a policy to the role cannot help, or may replace a deliberate scope.
 */
import type { ImageRef } from '../../domain/image-ref';
import type { IamFacts } from '../../facts/types';
import type { CheckContext, CheckResult, Finding } from '../context';
import { checkArgs, missingKeys, repositoryDenies, repositoryGrant } from './ecr-permissions-policy';
import { ECR_PERMISSIONS_TEXTS as TEXTS } from './ecr-permissions-texts';
import { CHECKED_PULL_ACTIONS } from './shared';

/** The verdict on the pull of `ref` (`repoArn`) by the role whose permissions `iam` holds, said in `f`. */
export function judgeEcrPull(
  f: Finding,
  ctx: CheckContext,
  iam: IamFacts,
  ref: ImageRef,
  repoArn: string,
): CheckResult {
  const check = iam.principal === 'instance-role' ? 'instance-role-permissions' : 'execution-role-permissions';
  f.fix({ permissionsMethod: iam.method });
  if (iam.attachedPolicyArns) f.fix({ attachedPolicyArns: iam.attachedPolicyArns });
  const wanted = iam.checks.filter(
    (c) =>
      (c.action === 'ecr:GetAuthorizationToken' && c.resource === '*') ||
      ((CHECKED_PULL_ACTIONS as readonly string[]).includes(c.action) && c.resource === repoArn),
  );
  if (wanted.length < 4) {
    return f
      .add(check, 'unknown', TEXTS.t('evidence.ecr-pull.not-evaluated', { role: iam.roleArn, repository: repoArn }), [
        iam.roleArn,
      ])
      .done('unknown');
  }
  const denied = wanted.filter((c) => c.decision !== 'allowed');
  const by = iam.method === 'simulation' ? 'simulation' : 'documents';
  if (denied.length === 0) {
    const undecidedAllow = iam.method === 'simulation' ? missingKeys(wanted) : [];
    if (undecidedAllow.length) {
      return f
        .add(
          check,
          'info',
          TEXTS.t('evidence.ecr-pull.allowed-undecided.simulation', {
            role: iam.roleArn,
            ...checkArgs(wanted),
            keys: undecidedAllow.join(', '),
          }),
          [iam.roleArn, repoArn],
        )
        .done('unlikely');
    }
    if (iam.method === 'simulation') {
      return f
        .add(
          check,
          'ruled-out',
          TEXTS.t(`evidence.ecr-pull.allowed.${by}`, { role: iam.roleArn, ...checkArgs(wanted) }),
          [iam.roleArn, repoArn],
        )
        .done('ruled-out');
    }
    return f
      .add(
        check,
        'info',
        TEXTS.t(`evidence.ecr-pull.allowed-unsure.${by}`, {
          role: iam.roleArn,
          repository: repoArn,
        }),
        [iam.roleArn, repoArn],
      )
      .done('unlikely');
  }
  const deniedArgs = { role: iam.roleArn, ...checkArgs(denied) };
  // A service control policy or the permissions boundary denies: the role cannot pull, and no policy
  // attached to the role can change that — so never proven *for the auto-fix*.
  const outside =
    denied.find((c) => c.deniedBy === 'organizations') ?? denied.find((c) => c.deniedBy === 'permissions-boundary');
  if (outside?.deniedBy === 'organizations' || outside?.deniedBy === 'permissions-boundary') {
    const kind = outside.deniedBy;
    f.fix({ denyKind: kind });
    // The reason first: a long list of checks is cut in notifications.
    return f
      .add(check, 'proven', TEXTS.t(`evidence.ecr-pull.denied.${by}.${kind}`, deniedArgs), [iam.roleArn, repoArn])
      .done('likely');
  }
  // In the task's account, a repository policy that denies the role (or may: a condition not evaluable here)
  // stops the pull whatever identity policy is attached: attaching cannot help (repository-policy-denies
  // says more). Checked whatever the identity answer, also when ecr:GetAuthorizationToken is denied.
  const repositoryDeny = ref.accountId === ctx.account ? repositoryDenies(ctx, iam.roleArn, repoArn) : undefined;
  if (repositoryDeny) {
    f.fix({ denyKind: 'explicit' });
    const args = {
      repository: repoArn,
      role: iam.roleArn,
      actions: repositoryDeny.actions.join(', '),
      statements: repositoryDeny.statements.join(', '),
    };
    const verdict = repositoryDeny.certain ? 'denies' : 'may-deny';
    return f
      .add(
        check,
        'unknown',
        TEXTS.t(`evidence.ecr-pull.repository-policy.${verdict}.${by}`, {
          ...args,
          ...checkArgs(denied),
        }),
        [iam.roleArn, repoArn],
      )
      .done('likely');
  }
  const explicit = denied.some((c) => c.decision === 'explicitDeny');
  // A grant that depends on a condition key the evaluation did not have (aws:SourceVpce, …) decides
  // nothing: the role may be deliberately scoped, and the broad managed policy must not replace that.
  const undecided = explicit ? [] : missingKeys(denied);
  if (undecided.length) {
    const keys = undecided.join(', ');
    f.fix({ denyKind: 'undecided', missingContextKeys: undecided });
    return f
      .add(check, 'unknown', TEXTS.t(`evidence.ecr-pull.undecided.${by}`, { ...deniedArgs, keys }), [
        iam.roleArn,
        repoArn,
      ])
      .done('possible');
  }
  f.fix({ denyKind: explicit ? 'explicit' : 'implicit' });
  const deniedKey = `evidence.ecr-pull.denied.${by}.${explicit ? 'explicit' : 'implicit'}` as const;
  // In the task's account a repository policy that names the role grants the pull by itself: an identity
  // "implicit deny" of the repository actions is proof only once the repository policy is known not to
  // grant them. (ecr:GetAuthorizationToken is not a repository action: only identity policies grant it.)
  if (!explicit && ref.accountId === ctx.account && denied.every((c) => c.resource === repoArn)) {
    const grant = repositoryGrant(
      ctx,
      iam.roleArn,
      repoArn,
      denied.map((c) => c.action),
    );
    if (grant.kind !== 'none') {
      f.add(check, 'info', TEXTS.t(deniedKey, deniedArgs), [iam.roleArn, repoArn]);
      const args = { repository: repoArn, role: iam.roleArn };
      if (grant.kind === 'not-read') {
        return f
          .add('repository-policy-grant', 'unknown', TEXTS.t('evidence.ecr-pull.repository-policy.not-read', args), [
            repoArn,
          ])
          .done('likely');
      }
      if (grant.kind === 'unread') {
        return f
          .add(
            'repository-policy-grant',
            'unknown',
            TEXTS.t('evidence.ecr-pull.repository-policy.unread', {
              ...args,
              reason: grant.reason,
            }),
            [repoArn],
          )
          .done('likely');
      }
      const actions = grant.actions.join(', ');
      if (grant.kind === 'conditional') {
        return f
          .add(
            'repository-policy-grant',
            'unknown',
            TEXTS.t('evidence.ecr-pull.repository-policy.conditional', { ...args, actions }),
            [repoArn],
          )
          .done('possible');
      }
      return f
        .add(
          'repository-policy-grant',
          'ruled-out',
          TEXTS.t('evidence.ecr-pull.repository-policy.grants', { ...args, actions }),
          [repoArn],
        )
        .done('unlikely');
    }
  }
  if (iam.method === 'simulation')
    return f.add(check, 'proven', TEXTS.t(deniedKey, deniedArgs), [iam.roleArn, repoArn]).done('proven');
  // Documents: an explicit deny, or "no statement grants", is proven by the role's own policies.
  const docsKey = `evidence.ecr-pull.denied.documents.${explicit ? 'explicit' : 'implicit'}` as const;
  const unread = iam.unreadPolicies ?? [];
  if (explicit || unread.length === 0) {
    return f
      .add(
        check,
        'proven',
        TEXTS.t(explicit ? docsKey : 'evidence.ecr-pull.denied.documents.implicit.scp', deniedArgs),
        [iam.roleArn, repoArn],
      )
      .done('proven');
  }
  for (const u of unread)
    f.unchecked.push({
      check: 'execution-role-policy-document',
      api: u.api ?? 'iam:GetPolicyVersion',
      reason: `${u.policy}: ${u.reason}`,
    });
  return f
    .add(check, 'unknown', TEXTS.t(`${docsKey}.unread`, { ...deniedArgs, unread: unread.length }), [iam.roleArn])
    .done('possible');
}

/** Neither role's ECR permissions matter for an image outside a private ECR registry (or an unknown one). */
export function notEcrImage(f: Finding, ref: ImageRef | undefined): CheckResult {
  return f
    .add(
      'ecr-image',
      'not-applicable',
      ref
        ? TEXTS.t('evidence.execution-role-ecr-permissions.not-ecr', { image: ref.raw })
        : TEXTS.t('evidence.execution-role-ecr-permissions.not-ecr.unknown-image'),
    )
    .done('not-applicable');
}
