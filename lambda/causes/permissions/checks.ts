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
      `Task definition ${tdArn}`,
      T('part.what.task-definition', { taskDefinition: tdArn }),
    );
    if (!td) return f.done(ctx.facts.taskDefinition ? 'unknown' : 'not-applicable');
    if (td.executionRoleArn) {
      return f
        .add(
          'execution-role-present',
          'ruled-out',
          `Task definition ${td.arn} has execution role ${td.executionRoleArn}.`,
          [td.arn, td.executionRoleArn],
          T('execution-role-missing.present', { taskDefinition: td.arn, role: td.executionRoleArn }),
        )
        .done('ruled-out');
    }
    const needs = roleNeeds(ctx);
    if (needs.length === 0) {
      return f
        .add(
          'execution-role-needed',
          'ruled-out',
          `Task definition ${td.arn} has no execution role, and this task needs none.`,
          [td.arn],
          T('execution-role-missing.not-needed', { taskDefinition: td.arn }),
        )
        .done('ruled-out');
    }
    return f
      .add(
        'execution-role-present',
        'proven',
        `Task definition ${td.arn} has no executionRoleArn, but the task ${needs.map((n) => n.said).join(', ')}.`,
        [td.arn],
        T('execution-role-missing.missing', {
          taskDefinition: td.arn,
          ...listArgs(
            'needs',
            needs.map((n) => n.text),
          ),
        }),
      )
      .done('proven');
  },
};

function describeChecks(checks: PermissionCheck[]): string {
  return checks
    .map(
      (c) =>
        `${c.action} on ${c.resource}: ` +
        `${c.decision}${c.deniedBy && c.deniedBy !== 'identity' ? ` (by ${c.deniedBy})` : ''}`,
    )
    .join('; ');
}

/** describeChecks as textArgs of list {checks}. */
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
          `The image ${ref?.raw ?? '(unknown)'} is not in a private ECR registry.`,
          undefined,
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
          'On the EC2 launch type the container instance role pulls from ECR; the instance role was not examined.',
          ctx.failure.task.containerInstanceArn ? [ctx.failure.task.containerInstanceArn] : [],
          T('execution-role-ecr-permissions.ec2'),
        )
        .done(/not authorized|AccessDenied/i.test(ctx.text) ? 'possible' : 'not-applicable');
    }
    if (ctx.taskDef && !ctx.taskDef.executionRoleArn)
      return f
        .add(
          'execution-role-present',
          'not-applicable',
          'The task definition has no execution role (see execution-role-missing).',
          undefined,
          T('execution-role-ecr-permissions.no-role'),
        )
        .done('not-applicable');
    const role = ctx.taskDef?.executionRoleArn ?? '';
    const iam = read(
      f,
      ctx.facts.iam,
      'execution-role-permissions',
      `The permissions of execution role ${role}`,
      T('part.what.role-permissions', { role }),
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
        ((ECR_PULL_ACTIONS as readonly string[]).includes(c.action) && c.resource === repoArn),
    );
    if (wanted.length < 4) {
      return f
        .add(
          'execution-role-permissions',
          'unknown',
          `The ECR pull actions were not all evaluated for ${iam.roleArn} on ${repoArn}.`,
          [iam.roleArn],
          T('execution-role-ecr-permissions.not-evaluated', { role: iam.roleArn, repository: repoArn }),
        )
        .done('unknown');
    }
    const denied = wanted.filter((c) => c.decision !== 'allowed');
    const how = iam.method === 'simulation' ? 'iam:SimulatePrincipalPolicy' : "the role's own policy documents";
    const by = iam.method === 'simulation' ? 'simulation' : 'documents';
    if (denied.length === 0) {
      const undecidedAllow = iam.method === 'simulation' ? missingKeys(wanted) : [];
      if (undecidedAllow.length) {
        return f
          .add(
            'execution-role-permissions',
            'info',
            `By ${how}, ${iam.roleArn} is allowed ${describeChecks(wanted)}, but IAM decided without ` +
              `${undecidedAllow.join(', ')}: a conditional deny was not evaluated.`,
            [iam.roleArn, repoArn],
            T('execution-role-ecr-permissions.allowed-undecided.simulation', {
              role: iam.roleArn,
              ...checkArgs(wanted),
              keys: undecidedAllow.join(', '),
            }),
          )
          .done('unlikely');
      }
      if (iam.method === 'simulation') {
        return f
          .add(
            'execution-role-permissions',
            'ruled-out',
            `By ${how}, ${iam.roleArn} is allowed ${describeChecks(wanted)}.`,
            [iam.roleArn, repoArn],
            T(`execution-role-ecr-permissions.allowed.${by}`, { role: iam.roleArn, ...checkArgs(wanted) }),
          )
          .done('ruled-out');
      }
      return f
        .add(
          'execution-role-permissions',
          'info',
          `By ${how}, ${iam.roleArn} is allowed the ECR pull actions on ${repoArn}; service control ` +
            `policies and permissions boundaries were not visible, so a deny there is not excluded.`,
          [iam.roleArn, repoArn],
          T(`execution-role-ecr-permissions.allowed-unsure.${by}`, { role: iam.roleArn, repository: repoArn }),
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
      const which =
        kind === 'organizations'
          ? `A service control policy of the organization denies ${iam.roleArn}`
          : `The permissions boundary of ${iam.roleArn} denies it`;
      f.fix({ denyKind: kind });
      // The reason first: a long list of checks is cut in notifications.
      return f
        .add(
          'execution-role-permissions',
          'proven',
          `${which} the ECR pull, so attaching a policy to the role cannot help. By ${how}: ${describeChecks(denied)}.`,
          [iam.roleArn, repoArn],
          T(`execution-role-ecr-permissions.denied.${by}.${kind}`, deniedArgs),
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
      const said = repositoryDeny.certain
        ? `The repository policy of ${repoArn} explicitly denies ${iam.roleArn} ${args.actions} ` +
          `(statement ${args.statements}), so attaching a policy to the role cannot help. By ${how}: ` +
          `${describeChecks(denied)}.`
        : `The repository policy of ${repoArn} may deny ${iam.roleArn} ${args.actions} (statement ` +
          `${args.statements}, a condition not evaluable here), so attaching a policy to the role ` +
          `may not help. By ${how}: ${describeChecks(denied)}.`;
      return f
        .add(
          'execution-role-permissions',
          'unknown',
          said,
          [iam.roleArn, repoArn],
          T(
            `execution-role-ecr-permissions.repository-policy.${repositoryDeny.certain ? 'denies' : 'may-deny'}.${by}`,
            { ...args, ...checkArgs(denied) },
          ),
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
      const said =
        iam.method === 'simulation'
          ? `IAM could not decide without ${keys}: the grant is conditional. By ${how}, ${iam.roleArn} ` +
            `is not allowed without them: ${describeChecks(denied)}.`
          : `The role's own policy documents could not be decided without ${keys}: the grant is ` +
            `conditional. Without them, ${iam.roleArn} is not allowed: ${describeChecks(denied)}.`;
      return f
        .add(
          'execution-role-permissions',
          'unknown',
          said,
          [iam.roleArn, repoArn],
          T(`execution-role-ecr-permissions.undecided.${by}`, { ...deniedArgs, keys }),
        )
        .done('possible');
    }
    f.fix({ denyKind: explicit ? 'explicit' : 'implicit' });
    const detail =
      `By ${how}, ${iam.roleArn} is not allowed: ` +
      `${describeChecks(denied)}${explicit ? ' (explicit deny)' : ' (implicit deny: no statement allows it)'}.`;
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
        f.add('execution-role-permissions', 'info', detail, [iam.roleArn, repoArn], T(deniedKey, deniedArgs));
        const args = { repository: repoArn, role: iam.roleArn };
        if (grant.kind === 'not-read') {
          return f
            .add(
              'repository-policy-grant',
              'unknown',
              `The repository policy of ${repoArn} was not read: in the task's account it can grant ` +
                `${iam.roleArn} the pull without any identity policy, so the implicit deny is not proof.`,
              [repoArn],
              T('execution-role-ecr-permissions.repository-policy.not-read', args),
            )
            .done('likely');
        }
        if (grant.kind === 'unread') {
          return f
            .add(
              'repository-policy-grant',
              'unknown',
              `The repository policy of ${repoArn} could not be read (${grant.reason}): in the task's ` +
                `account it can grant ${iam.roleArn} the pull without any identity policy, so the implicit ` +
                `deny is not proof.`,
              [repoArn],
              T('execution-role-ecr-permissions.repository-policy.unread', { ...args, reason: grant.reason }),
            )
            .done('likely');
        }
        const actions = grant.actions.join(', ');
        if (grant.kind === 'conditional') {
          return f
            .add(
              'repository-policy-grant',
              'unknown',
              `The repository policy of ${repoArn} grants ${iam.roleArn} ${actions} under conditions ` +
                `that cannot be evaluated here: in the task's account such a grant needs no identity ` +
                `policy, so the implicit deny is not proof.`,
              [repoArn],
              T('execution-role-ecr-permissions.repository-policy.conditional', { ...args, actions }),
            )
            .done('possible');
        }
        return f
          .add(
            'repository-policy-grant',
            'ruled-out',
            `The repository policy of ${repoArn} grants ${iam.roleArn} ${actions}: in the task's ` +
              `account that is enough without any identity policy, so the identity policies' implicit ` +
              `deny does not stop the pull.`,
            [repoArn],
            T('execution-role-ecr-permissions.repository-policy.grants', { ...args, actions }),
          )
          .done('unlikely');
      }
    }
    if (iam.method === 'simulation')
      return f
        .add('execution-role-permissions', 'proven', detail, [iam.roleArn, repoArn], T(deniedKey, deniedArgs))
        .done('proven');
    // Documents: an explicit deny, or "no statement grants", is proven by the role's own policies.
    const unread = iam.unreadPolicies ?? [];
    if (explicit || unread.length === 0) {
      return f
        .add(
          'execution-role-permissions',
          'proven',
          explicit
            ? detail
            : `${detail} A service control policy could also deny; attaching a policy is necessary either way.`,
          [iam.roleArn, repoArn],
          T(explicit ? deniedKey : `${deniedKey}.scp`, deniedArgs),
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
        `${detail} ${unread.length} of the role's policies could not be read.`,
        [iam.roleArn],
        T(`${deniedKey}.unread`, { ...deniedArgs, unread: unread.length }),
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
      return f
        .add(
          'ecr-image',
          'not-applicable',
          'The image is not in a private ECR registry.',
          undefined,
          T('repository-policy-denies.not-ecr'),
        )
        .done('not-applicable');
    const repoArn = ecrRepositoryArn(ref)!;
    const crossAccount = ref.accountId !== ctx.account;
    const ecr = ctx.facts.ecr;
    const textSays = /resource-based policy|repository policy/i.test(ctx.text);
    if (!ecr?.repositoryPolicy) {
      return f
        .add(
          'repository-policy',
          'not-applicable',
          `The policy of ${repoArn} was not read.`,
          undefined,
          T('repository-policy-denies.not-read', { repository: repoArn }),
        )
        .done(crossAccount || textSays ? 'possible' : 'not-applicable');
    }
    if (!ecr.repositoryPolicy.ok) {
      const what = crossAccount
        ? T('part.what.repository-policy.other-account', { repository: repoArn, account: ref.accountId ?? '' })
        : T('part.what.repository-policy', { repository: repoArn });
      f.unknown(
        'repository-policy',
        ecr.repositoryPolicy,
        `The repository policy of ${repoArn}${crossAccount ? ` (account ${ref.accountId})` : ''}`,
        what,
      );
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
            `${repoArn} is in account ${ref.accountId} and has no repository policy, so account ` +
              `${ctx.account} cannot pull from it.`,
            [repoArn],
            T('repository-policy-denies.no-policy.other-account', {
              repository: repoArn,
              owner: ref.accountId ?? '',
              account: ctx.account,
            }),
          )
          .done('proven');
      }
      return f
        .add(
          'repository-policy',
          'ruled-out',
          `${repoArn} has no repository policy (same account: identity policies decide).`,
          [repoArn],
          T('repository-policy-denies.no-policy', { repository: repoArn }),
        )
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
            ? `The policy of ${repoArn} explicitly denies ${actions}: the condition of statement ` +
                `${statements} on ${keys} holds for this pull.`
            : `The policy of ${repoArn} explicitly denies ${actions} (statement ${statements}).`,
          [repoArn, ...(roleArn ? [roleArn] : [])],
          keys
            ? T('repository-policy-denies.explicit-deny.condition', { ...args, keys })
            : T('repository-policy-denies.explicit-deny.statement', args),
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
          `The policy of ${repoArn} does not allow (account ` +
            `${ctx.account}${roleArn ? `, role ${roleArn}` : ''}): ` +
            `${denied.map((x) => x.a).join(', ')}.`,
          [repoArn, ...(roleArn ? [roleArn] : [])],
          T(roleArn ? 'repository-policy-denies.not-allowed.role' : 'repository-policy-denies.not-allowed', {
            repository: repoArn,
            actions: denied.map((x) => x.a).join(', '),
            account: ctx.account,
            ...(roleArn ? { role: roleArn } : {}),
          }),
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
      const detail =
        kind === 'deny'
          ? `The policy of ${repoArn} may deny ${actions}: the condition of statement ${statements} on ` +
            `${keys} cannot be evaluated here.`
          : `The policy of ${repoArn} allows ${actions} only under the condition of statement ` +
            `${statements} on ${keys}, which cannot be evaluated here.`;
      return f
        .add(
          'repository-policy',
          'unknown',
          detail,
          [repoArn],
          T(`repository-policy-denies.undecided-${kind}`, { repository: repoArn, actions, statements, keys }),
        )
        .done('possible');
    }
    return f
      .add(
        'repository-policy',
        'ruled-out',
        `The policy of ${repoArn} allows ${ECR_PULL_ACTIONS.join(', ')} for ` +
          `${roleArn ?? `account ${ctx.account}`}${crossAccount ? '' : ' (or does not deny them)'}.`,
        [repoArn],
        T(`repository-policy-denies.allowed.${roleArn ? 'role' : 'account'}${crossAccount ? '' : '.same-account'}`, {
          repository: repoArn,
          actions: ECR_PULL_ACTIONS.join(', '),
          principal: roleArn ?? ctx.account,
        }),
      )
      .done('ruled-out');
  },
};
