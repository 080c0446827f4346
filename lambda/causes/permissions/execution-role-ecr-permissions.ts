/**
 * execution-role-ecr-permissions: the execution role may not pull the private ECR image (Fargate; on EC2 the
 * instance role pulls). The role's permissions — simulated, or read from its policy documents — prove it,
 * together with the same-account repository policy (which may grant the pull by itself, or deny it). An SCP
 * or permissions-boundary deny, or a grant that depends on a condition not known here, never proves it for
 * the auto-fix (AutoFixExecutionRolePolicy).
 */
import { accountOfArn } from '../../domain/arn';
import { ecrRepositoryArn } from '../../domain/image-ref';
import { Finding, isEc2, read, type CheckContext, type CheckResult } from '../context';
import { defineCause } from '../module';
import { checkArgs, missingKeys, repositoryDenies, repositoryGrant } from './ecr-permissions-policy';
import { planExecutionRoleEcrPermissions, ECR_PERMISSIONS_PLAN_TEXTS } from './ecr-permissions-plan';
import { ECR_PERMISSIONS_TEXTS as TEXTS, ECR_PERMISSIONS_WORDS } from './ecr-permissions-texts';
import { CHECKED_PULL_ACTIONS } from './shared';

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('execution-role-ecr-permissions');
  const ref = ctx.imageRef;
  if (ref?.registryType !== 'ecr')
    return f
      .add(
        'ecr-image',
        'not-applicable',
        ref
          ? TEXTS.t('evidence.execution-role-ecr-permissions.not-ecr', { image: ref.raw })
          : TEXTS.t('evidence.execution-role-ecr-permissions.not-ecr.unknown-image'),
      )
      .done('not-applicable');
  if (isEc2(ctx)) {
    return f
      .add(
        'instance-role',
        'not-applicable',
        TEXTS.t('evidence.execution-role-ecr-permissions.ec2'),
        ctx.failure.task.containerInstanceArn ? [ctx.failure.task.containerInstanceArn] : [],
      )
      .done(/not authorized|AccessDenied/i.test(ctx.text) ? 'possible' : 'not-applicable');
  }
  if (ctx.taskDef && !ctx.taskDef.executionRoleArn)
    return f
      .add('execution-role-present', 'not-applicable', TEXTS.t('evidence.execution-role-ecr-permissions.no-role'))
      .done('not-applicable');
  const role = ctx.taskDef?.executionRoleArn ?? '';
  const iam = read(
    f,
    ctx.facts.iam,
    'execution-role-permissions',
    TEXTS.t('evidence.part.what.role-permissions', { role }),
  );
  if (!iam) return f.done(ctx.facts.iam ? 'unknown' : 'not-applicable');
  const repoArn = ecrRepositoryArn(ref)!;
  const roleAccount = accountOfArn(iam.roleArn);
  f.fix({ permissionsMethod: iam.method, roleInSameAccount: roleAccount === ctx.account });
  if (iam.attachedPolicyArns) f.fix({ attachedPolicyArns: iam.attachedPolicyArns });
  // The role itself (trust, path, tags) only scopes the auto-fix; unread, the plan refuses and says why.
  if (iam.role?.ok)
    f.fix({
      executionRole: {
        trustsEcsTasks: iam.role.value.trustsEcsTasks,
        path: iam.role.value.path,
        tags: iam.role.value.tags,
      },
    });
  else if (iam.role) f.unchecked.push({ check: 'execution-role', api: iam.role.api, reason: iam.role.reason });
  const wanted = iam.checks.filter(
    (c) =>
      (c.action === 'ecr:GetAuthorizationToken' && c.resource === '*') ||
      ((CHECKED_PULL_ACTIONS as readonly string[]).includes(c.action) && c.resource === repoArn),
  );
  if (wanted.length < 4) {
    return f
      .add(
        'execution-role-permissions',
        'unknown',
        TEXTS.t('evidence.execution-role-ecr-permissions.not-evaluated', { role: iam.roleArn, repository: repoArn }),
        [iam.roleArn],
      )
      .done('unknown');
  }
  const denied = wanted.filter((c) => c.decision !== 'allowed');
  const by = iam.method === 'simulation' ? 'simulation' : 'documents';
  if (denied.length === 0) {
    const undecidedAllow = iam.method === 'simulation' ? missingKeys(wanted) : [];
    if (undecidedAllow.length) {
      return f
        .add(
          'execution-role-permissions',
          'info',
          TEXTS.t('evidence.execution-role-ecr-permissions.allowed-undecided.simulation', {
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
          'execution-role-permissions',
          'ruled-out',
          TEXTS.t(`evidence.execution-role-ecr-permissions.allowed.${by}`, { role: iam.roleArn, ...checkArgs(wanted) }),
          [iam.roleArn, repoArn],
        )
        .done('ruled-out');
    }
    return f
      .add(
        'execution-role-permissions',
        'info',
        TEXTS.t(`evidence.execution-role-ecr-permissions.allowed-unsure.${by}`, {
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
      .add(
        'execution-role-permissions',
        'proven',
        TEXTS.t(`evidence.execution-role-ecr-permissions.denied.${by}.${kind}`, deniedArgs),
        [iam.roleArn, repoArn],
      )
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
        'execution-role-permissions',
        'unknown',
        TEXTS.t(`evidence.execution-role-ecr-permissions.repository-policy.${verdict}.${by}`, {
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
      .add(
        'execution-role-permissions',
        'unknown',
        TEXTS.t(`evidence.execution-role-ecr-permissions.undecided.${by}`, { ...deniedArgs, keys }),
        [iam.roleArn, repoArn],
      )
      .done('possible');
  }
  f.fix({ denyKind: explicit ? 'explicit' : 'implicit' });
  const deniedKey =
    `evidence.execution-role-ecr-permissions.denied.${by}.${explicit ? 'explicit' : 'implicit'}` as const;
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
      f.add('execution-role-permissions', 'info', TEXTS.t(deniedKey, deniedArgs), [iam.roleArn, repoArn]);
      const args = { repository: repoArn, role: iam.roleArn };
      if (grant.kind === 'not-read') {
        return f
          .add(
            'repository-policy-grant',
            'unknown',
            TEXTS.t('evidence.execution-role-ecr-permissions.repository-policy.not-read', args),
            [repoArn],
          )
          .done('likely');
      }
      if (grant.kind === 'unread') {
        return f
          .add(
            'repository-policy-grant',
            'unknown',
            TEXTS.t('evidence.execution-role-ecr-permissions.repository-policy.unread', {
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
            TEXTS.t('evidence.execution-role-ecr-permissions.repository-policy.conditional', { ...args, actions }),
            [repoArn],
          )
          .done('possible');
      }
      return f
        .add(
          'repository-policy-grant',
          'ruled-out',
          TEXTS.t('evidence.execution-role-ecr-permissions.repository-policy.grants', { ...args, actions }),
          [repoArn],
        )
        .done('unlikely');
    }
  }
  if (iam.method === 'simulation')
    return f
      .add('execution-role-permissions', 'proven', TEXTS.t(deniedKey, deniedArgs), [iam.roleArn, repoArn])
      .done('proven');
  // Documents: an explicit deny, or "no statement grants", is proven by the role's own policies.
  const docsKey =
    `evidence.execution-role-ecr-permissions.denied.documents.${explicit ? 'explicit' : 'implicit'}` as const;
  const unread = iam.unreadPolicies ?? [];
  if (explicit || unread.length === 0) {
    return f
      .add(
        'execution-role-permissions',
        'proven',
        TEXTS.t(
          explicit ? docsKey : 'evidence.execution-role-ecr-permissions.denied.documents.implicit.scp',
          deniedArgs,
        ),
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
    .add(
      'execution-role-permissions',
      'unknown',
      TEXTS.t(`${docsKey}.unread`, { ...deniedArgs, unread: unread.length }),
      [iam.roleArn],
    )
    .done('possible');
}

export const executionRoleEcrPermissions = defineCause({
  id: 'execution-role-ecr-permissions',
  family: 'permissions',
  words: ECR_PERMISSIONS_WORDS,
  calls: { proves: ['simulation'], informs: ['image', 'attachedPolicies', 'role'] },
  check,
  plan: planExecutionRoleEcrPermissions,
  autoFix: 'AutoFixExecutionRolePolicy',
  texts: [TEXTS, ECR_PERMISSIONS_PLAN_TEXTS],
});
