/** Permissions family: execution-role-missing, execution-role-ecr-permissions, repository-policy-denies. */
import { ecrRepositoryArn } from '../../domain/image-ref';
import { accountOfArn } from '../../domain/arn';
import { requestContext } from '../../facts/policy-eval/context';
import { evaluatePolicies, principalMatcher } from '../../facts/policy-eval/evaluate';
import type { PermissionCheck } from '../../facts/types';
import { Finding, isEc2, listArgs, read, T, type CauseCheck, type CheckContext, type EvidenceText } from '../context';

export const ECR_PULL_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
] as const;

/** Why the task needs an execution role at all (empty: it does not). */
export function executionRoleNeeds(ctx: CheckContext): string[] {
  return roleNeeds(ctx).map((n) => n.said);
}

/** executionRoleNeeds with the catalogue part of each need. */
function roleNeeds(ctx: CheckContext): Array<{ said: string; text: EvidenceText }> {
  const needs: Array<{ said: string; text: EvidenceText }> = [];
  const containers = ctx.taskDef?.containers ?? [];
  // On EC2 the container instance role pulls from ECR and sends awslogs; the execution role is only
  // needed for private-registry credentials and secrets.
  if (!isEc2(ctx) && ctx.imageRef?.registryType === 'ecr')
    needs.push({
      said: `pulls the private ECR image ${ctx.imageRef.raw}`,
      text: T('part.need.ecr-image', { image: ctx.imageRef.raw }),
    });
  if (containers.some((c) => c.credentialsParameter))
    needs.push({ said: 'uses repositoryCredentials', text: T('part.need.repository-credentials') });
  if (containers.some((c) => c.secrets.length > 0)) needs.push({ said: 'uses secrets', text: T('part.need.secrets') });
  if (!isEc2(ctx) && containers.some((c) => c.logDriver === 'awslogs'))
    needs.push({ said: 'uses the awslogs log driver', text: T('part.need.awslogs') });
  return needs;
}

export const executionRoleMissing: CauseCheck = {
  id: 'execution-role-missing',
  title: 'The task definition has no execution role',
  check(ctx) {
    const f = new Finding('execution-role-missing');
    const tdArn = ctx.failure.task.taskDefinitionArn ?? '';
    const td = read(
      f,
      ctx.facts.taskDefinition,
      'task-definition',
      T('part.what.task-definition', { taskDefinition: tdArn }),
    );
    if (!td) return f.done(ctx.facts.taskDefinition ? 'unknown' : 'not-applicable');
    if (td.executionRoleArn) {
      return f
        .add(
          'execution-role-present',
          'ruled-out',
          T('execution-role-missing.present', { taskDefinition: td.arn, role: td.executionRoleArn }),
          [td.arn, td.executionRoleArn],
        )
        .done('ruled-out');
    }
    const needs = roleNeeds(ctx);
    if (needs.length === 0) {
      return f
        .add('execution-role-needed', 'ruled-out', T('execution-role-missing.not-needed', { taskDefinition: td.arn }), [
          td.arn,
        ])
        .done('ruled-out');
    }
    return f
      .add(
        'execution-role-present',
        'proven',
        T('execution-role-missing.missing', {
          taskDefinition: td.arn,
          ...listArgs(
            'needs',
            needs.map((n) => n.text),
          ),
        }),
        [td.arn],
      )
      .done('proven');
  },
};

/** The permission checks as list {checks}. */
function checkArgs(checks: PermissionCheck[]) {
  return listArgs(
    'checks',
    checks.map((c) => {
      const args = { action: c.action, resource: c.resource, decision: c.decision };
      return c.deniedBy && c.deniedBy !== 'identity'
        ? T('part.permission.by', { ...args, deniedBy: c.deniedBy })
        : T('part.permission', args);
    }),
    'semicolon',
  );
}

/** Condition keys the evaluation of these checks lacked (sorted, once each). */
function missingKeys(checks: PermissionCheck[]): string[] {
  return [...new Set(checks.flatMap((c) => c.missingContextValues ?? []))].sort();
}

type RepositoryGrant =
  | { kind: 'none' }
  | { kind: 'not-read' }
  | { kind: 'unread'; reason: string }
  | { kind: 'grants' | 'conditional'; actions: string[] };

/**
 * Whether the (same-account) repository policy grants the execution role these actions by itself. Only a
 * statement naming the role (or everyone) does: one naming the account delegates to the account's identity
 * policies. `none`: no policy, or it grants at least one of them to nobody that matches (that action then
 * needs an identity grant: the implicit deny stands as proof).
 */
function repositoryGrant(ctx: CheckContext, roleArn: string, repoArn: string, actions: string[]): RepositoryGrant {
  const fact = ctx.facts.ecr?.repositoryPolicy;
  if (!fact) return { kind: 'not-read' };
  if (!fact.ok) return { kind: 'unread', reason: fact.reason };
  if (fact.value === null) return { kind: 'none' };
  const match = principalMatcher(roleArn, undefined);
  // Conditions on what is known of the pull (the role, the account) are evaluated; any other stays undecided.
  const context = requestContext({ principalArn: roleArn, principalAccount: ctx.account });
  // (A Deny that applies or may apply was handled before: repositoryDenies.)
  const decisions = actions.map((a) => ({
    a,
    d: evaluatePolicies([fact.value!], a, repoArn, { principalMatches: match, context }).decision,
  }));
  if (decisions.some((x) => x.d === 'implicitDeny' || x.d === 'explicitDeny')) return { kind: 'none' };
  const conditional = decisions.filter((x) => x.d === 'conditional').map((x) => x.a);
  return conditional.length ? { kind: 'conditional', actions: conditional } : { kind: 'grants', actions };
}

/** Whether the (same-account) repository policy denies the role a pull action, or may (undecided Deny). */
function repositoryDenies(
  ctx: CheckContext,
  roleArn: string,
  repoArn: string,
): { certain: boolean; actions: string[]; statements: string[] } | undefined {
  const fact = ctx.facts.ecr?.repositoryPolicy;
  if (!fact?.ok || fact.value === null) return undefined;
  const match = principalMatcher(roleArn, ctx.account);
  const context = requestContext({ principalArn: roleArn, principalAccount: ctx.account });
  const results = ECR_PULL_ACTIONS.map((a) => ({
    a,
    r: evaluatePolicies([fact.value!], a, repoArn, { principalMatches: match, context }),
  }));
  const hits = results.filter((x) => x.r.decision === 'explicitDeny');
  const maybe = results.filter((x) => x.r.decision === 'conditional' && x.r.undecided === 'deny');
  const chosen = hits.length ? hits : maybe;
  if (!chosen.length) return undefined;
  return {
    certain: hits.length > 0,
    actions: chosen.map((x) => x.a),
    statements: [...new Set(chosen.flatMap((x) => x.r.statements))],
  };
}

export const executionRoleEcrPermissions: CauseCheck = {
  id: 'execution-role-ecr-permissions',
  title: 'The execution role may not pull from ECR',
  check(ctx) {
    const f = new Finding('execution-role-ecr-permissions');
    const ref = ctx.imageRef;
    if (ref?.registryType !== 'ecr')
      return f
        .add(
          'ecr-image',
          'not-applicable',
          ref
            ? T('execution-role-ecr-permissions.not-ecr', { image: ref.raw })
            : T('execution-role-ecr-permissions.not-ecr.unknown-image'),
        )
        .done('not-applicable');
    if (isEc2(ctx)) {
      return f
        .add(
          'instance-role',
          'not-applicable',
          T('execution-role-ecr-permissions.ec2'),
          ctx.failure.task.containerInstanceArn ? [ctx.failure.task.containerInstanceArn] : [],
        )
        .done(/not authorized|AccessDenied/i.test(ctx.text) ? 'possible' : 'not-applicable');
    }
    if (ctx.taskDef && !ctx.taskDef.executionRoleArn)
      return f
        .add('execution-role-present', 'not-applicable', T('execution-role-ecr-permissions.no-role'))
        .done('not-applicable');
    const role = ctx.taskDef?.executionRoleArn ?? '';
    const iam = read(f, ctx.facts.iam, 'execution-role-permissions', T('part.what.role-permissions', { role }));
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
        ((ECR_PULL_ACTIONS as readonly string[]).includes(c.action) && c.resource === repoArn),
    );
    if (wanted.length < 4) {
      return f
        .add(
          'execution-role-permissions',
          'unknown',
          T('execution-role-ecr-permissions.not-evaluated', { role: iam.roleArn, repository: repoArn }),
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
            T('execution-role-ecr-permissions.allowed-undecided.simulation', {
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
            T(`execution-role-ecr-permissions.allowed.${by}`, { role: iam.roleArn, ...checkArgs(wanted) }),
            [iam.roleArn, repoArn],
          )
          .done('ruled-out');
      }
      return f
        .add(
          'execution-role-permissions',
          'info',
          T(`execution-role-ecr-permissions.allowed-unsure.${by}`, { role: iam.roleArn, repository: repoArn }),
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
          T(`execution-role-ecr-permissions.denied.${by}.${kind}`, deniedArgs),
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
      return f
        .add(
          'execution-role-permissions',
          'unknown',
          T(
            `execution-role-ecr-permissions.repository-policy.${repositoryDeny.certain ? 'denies' : 'may-deny'}.${by}`,
            { ...args, ...checkArgs(denied) },
          ),
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
          T(`execution-role-ecr-permissions.undecided.${by}`, { ...deniedArgs, keys }),
          [iam.roleArn, repoArn],
        )
        .done('possible');
    }
    f.fix({ denyKind: explicit ? 'explicit' : 'implicit' });
    const deniedKey = `execution-role-ecr-permissions.denied.${by}.${explicit ? 'explicit' : 'implicit'}`;
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
        f.add('execution-role-permissions', 'info', T(deniedKey, deniedArgs), [iam.roleArn, repoArn]);
        const args = { repository: repoArn, role: iam.roleArn };
        if (grant.kind === 'not-read') {
          return f
            .add(
              'repository-policy-grant',
              'unknown',
              T('execution-role-ecr-permissions.repository-policy.not-read', args),
              [repoArn],
            )
            .done('likely');
        }
        if (grant.kind === 'unread') {
          return f
            .add(
              'repository-policy-grant',
              'unknown',
              T('execution-role-ecr-permissions.repository-policy.unread', { ...args, reason: grant.reason }),
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
              T('execution-role-ecr-permissions.repository-policy.conditional', { ...args, actions }),
              [repoArn],
            )
            .done('possible');
        }
        return f
          .add(
            'repository-policy-grant',
            'ruled-out',
            T('execution-role-ecr-permissions.repository-policy.grants', { ...args, actions }),
            [repoArn],
          )
          .done('unlikely');
      }
    }
    if (iam.method === 'simulation')
      return f
        .add('execution-role-permissions', 'proven', T(deniedKey, deniedArgs), [iam.roleArn, repoArn])
        .done('proven');
    // Documents: an explicit deny, or "no statement grants", is proven by the role's own policies.
    const unread = iam.unreadPolicies ?? [];
    if (explicit || unread.length === 0) {
      return f
        .add('execution-role-permissions', 'proven', T(explicit ? deniedKey : `${deniedKey}.scp`, deniedArgs), [
          iam.roleArn,
          repoArn,
        ])
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
        T(`${deniedKey}.unread`, { ...deniedArgs, unread: unread.length }),
        [iam.roleArn],
      )
      .done('possible');
  },
};

export const repositoryPolicyDenies: CauseCheck = {
  id: 'repository-policy-denies',
  title: 'The repository policy does not allow this role or account',
  check(ctx) {
    const f = new Finding('repository-policy-denies');
    const ref = ctx.imageRef;
    if (ref?.registryType !== 'ecr')
      return f.add('ecr-image', 'not-applicable', T('repository-policy-denies.not-ecr')).done('not-applicable');
    const repoArn = ecrRepositoryArn(ref)!;
    const crossAccount = ref.accountId !== ctx.account;
    const ecr = ctx.facts.ecr;
    const textSays = /resource-based policy|repository policy/i.test(ctx.text);
    if (!ecr?.repositoryPolicy) {
      return f
        .add('repository-policy', 'not-applicable', T('repository-policy-denies.not-read', { repository: repoArn }))
        .done(crossAccount || textSays ? 'possible' : 'not-applicable');
    }
    if (!ecr.repositoryPolicy.ok) {
      const what = crossAccount
        ? T('part.what.repository-policy.other-account', { repository: repoArn, account: ref.accountId ?? '' })
        : T('part.what.repository-policy', { repository: repoArn });
      f.unknown('repository-policy', ecr.repositoryPolicy, what);
      return f.done(crossAccount || textSays ? 'possible' : 'unknown');
    }
    const policy = ecr.repositoryPolicy.value;
    const roleArn = ctx.taskDef?.executionRoleArn;
    if (policy === null) {
      if (crossAccount) {
        return f
          .add(
            'repository-policy',
            'proven',
            T('repository-policy-denies.no-policy.other-account', {
              repository: repoArn,
              owner: ref.accountId ?? '',
              account: ctx.account,
            }),
            [repoArn],
          )
          .done('proven');
      }
      return f
        .add('repository-policy', 'ruled-out', T('repository-policy-denies.no-policy', { repository: repoArn }), [
          repoArn,
        ])
        .done('ruled-out');
    }
    const match = principalMatcher(roleArn, ctx.account);
    // The pull's request context as far as it is known here: the execution role and the task's account.
    // The organization and the network path (aws:SourceVpc, aws:SourceVpce) are not: conditions on them,
    // or on any other key, stay undecided and are named in the evidence.
    const context = requestContext({ principalArn: roleArn, principalAccount: ctx.account });
    const results = ECR_PULL_ACTIONS.map((a) => ({
      a,
      r: evaluatePolicies([policy], a, repoArn, { principalMatches: match, context }),
    }));
    const explicit = results.filter((x) => x.r.decision === 'explicitDeny');
    if (explicit.length) {
      const actions = explicit.map((x) => x.a).join(', ');
      const statements = [...new Set(explicit.flatMap((x) => x.r.statements))].join(', ');
      const keys = [...new Set(explicit.flatMap((x) => x.r.conditionKeys))].join(', ');
      const args = { repository: repoArn, actions, statements };
      return f
        .add(
          'repository-policy',
          'proven',
          keys
            ? T('repository-policy-denies.explicit-deny.condition', { ...args, keys })
            : T('repository-policy-denies.explicit-deny.statement', args),
          [repoArn, ...(roleArn ? [roleArn] : [])],
        )
        .fix({ denyKind: 'explicit' })
        .done('proven');
    }
    const denied = results.filter((x) => crossAccount && x.r.decision === 'implicitDeny');
    if (denied.length) {
      return f
        .add(
          'repository-policy',
          'proven',
          T(roleArn ? 'repository-policy-denies.not-allowed.role' : 'repository-policy-denies.not-allowed', {
            repository: repoArn,
            actions: denied.map((x) => x.a).join(', '),
            account: ctx.account,
            ...(roleArn ? { role: roleArn } : {}),
          }),
          [repoArn, ...(roleArn ? [roleArn] : [])],
        )
        .fix({ denyKind: 'implicit' })
        .done('proven');
    }
    // Undecided (a condition on a key not known here): never proven, never ruled out. A Deny that may apply
    // is said first (in the task's own account too: an undecided deny is no implicit deny).
    const undecidedResults = results.filter((x) => x.r.decision === 'conditional');
    if (undecidedResults.length) {
      const kind = undecidedResults.some((x) => x.r.undecided === 'deny') ? 'deny' : 'allow';
      const these = undecidedResults.filter((x) => x.r.undecided === kind);
      const actions = these.map((x) => x.a).join(', ');
      const statements = [...new Set(these.flatMap((x) => x.r.statements))].join(', ');
      const keys = [...new Set(these.flatMap((x) => x.r.unevaluatedKeys))].join(', ');
      return f
        .add(
          'repository-policy',
          'unknown',
          T(`repository-policy-denies.undecided-${kind}`, { repository: repoArn, actions, statements, keys }),
          [repoArn],
        )
        .done('possible');
    }
    return f
      .add(
        'repository-policy',
        'ruled-out',
        T(`repository-policy-denies.allowed.${roleArn ? 'role' : 'account'}${crossAccount ? '' : '.same-account'}`, {
          repository: repoArn,
          actions: ECR_PULL_ACTIONS.join(', '),
          principal: roleArn ?? ctx.account,
        }),
        [repoArn],
      )
      .done('ruled-out');
  },
};
