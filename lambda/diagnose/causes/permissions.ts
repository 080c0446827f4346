/** Permissions family: execution-role-missing, execution-role-ecr-permissions, repository-policy-denies. */
import { ecrRepositoryArn } from '../image-ref';
import { evaluatePolicies, principalMatcher } from '../../facts/policy-eval';
import type { PermissionCheck } from '../../facts/types';
import { Finding, isEc2, read, type CauseCheck, type CheckContext } from './context';

export const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'] as const;

/** Why the task needs an execution role at all (empty: it does not). */
export function executionRoleNeeds(ctx: CheckContext): string[] {
  const needs: string[] = [];
  const containers = ctx.taskDef?.containers ?? [];
  // On EC2 the container instance role pulls from ECR and sends awslogs; the execution role is only
  // needed for private-registry credentials and secrets.
  if (!isEc2(ctx) && ctx.imageRef?.registryType === 'ecr') needs.push(`pulls the private ECR image ${ctx.imageRef.raw}`);
  if (containers.some((c) => c.credentialsParameter)) needs.push('uses repositoryCredentials');
  if (containers.some((c) => c.secrets.length > 0)) needs.push('uses secrets');
  if (!isEc2(ctx) && containers.some((c) => c.logDriver === 'awslogs')) needs.push('uses the awslogs log driver');
  return needs;
}

export const executionRoleMissing: CauseCheck = {
  id: 'execution-role-missing',
  title: 'The task definition has no execution role',
  check(ctx) {
    const f = new Finding('execution-role-missing');
    const td = read(f, ctx.facts.taskDefinition, 'task-definition', 'The task definition');
    if (!td) return f.done(ctx.facts.taskDefinition ? 'unknown' : 'not-applicable');
    if (td.executionRoleArn) {
      return f.add('execution-role-present', 'ruled-out', `Task definition ${td.arn} has execution role ${td.executionRoleArn}.`, [td.arn, td.executionRoleArn]).done('ruled-out');
    }
    const needs = executionRoleNeeds(ctx);
    if (needs.length === 0) {
      return f.add('execution-role-needed', 'ruled-out', `Task definition ${td.arn} has no execution role, and this task needs none.`, [td.arn]).done('ruled-out');
    }
    return f.add('execution-role-present', 'proven', `Task definition ${td.arn} has no executionRoleArn, but the task ${needs.join(', ')}.`, [td.arn]).done('proven');
  },
};

function describeChecks(checks: PermissionCheck[]): string {
  return checks.map((c) => `${c.action} on ${c.resource}: ${c.decision}${c.deniedBy && c.deniedBy !== 'identity' ? ` (by ${c.deniedBy})` : ''}`).join('; ');
}

export const executionRoleEcrPermissions: CauseCheck = {
  id: 'execution-role-ecr-permissions',
  title: 'The execution role may not pull from ECR',
  check(ctx) {
    const f = new Finding('execution-role-ecr-permissions');
    const ref = ctx.imageRef;
    if (!ref || ref.registryType !== 'ecr') return f.add('ecr-image', 'not-applicable', `The image ${ref?.raw ?? '(unknown)'} is not in a private ECR registry.`).done('not-applicable');
    if (isEc2(ctx)) {
      return f
        .add('instance-role', 'not-applicable', 'On the EC2 launch type the container instance role pulls from ECR; the instance role was not examined.', ctx.failure.task.containerInstanceArn ? [ctx.failure.task.containerInstanceArn] : [])
        .done(/not authorized|AccessDenied/i.test(ctx.text) ? 'possible' : 'not-applicable');
    }
    if (ctx.taskDef && !ctx.taskDef.executionRoleArn) return f.add('execution-role-present', 'not-applicable', 'The task definition has no execution role (see execution-role-missing).').done('not-applicable');
    const iam = read(f, ctx.facts.iam, 'execution-role-permissions', 'The execution role permissions');
    if (!iam) return f.done(ctx.facts.iam ? 'unknown' : 'not-applicable');
    const repoArn = ecrRepositoryArn(ref)!;
    const roleAccount = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(iam.roleArn)?.[1];
    f.fix({ permissionsMethod: iam.method, roleInSameAccount: roleAccount === ctx.account });
    if (iam.attachedPolicyArns) f.fix({ attachedPolicyArns: iam.attachedPolicyArns });
    const wanted = iam.checks.filter((c) => (c.action === 'ecr:GetAuthorizationToken' && c.resource === '*') || ((ECR_PULL_ACTIONS as readonly string[]).includes(c.action) && c.resource === repoArn));
    if (wanted.length < 4) {
      return f.add('execution-role-permissions', 'unknown', `The ECR pull actions were not all evaluated for ${iam.roleArn} on ${repoArn}.`, [iam.roleArn]).done('unknown');
    }
    const denied = wanted.filter((c) => c.decision !== 'allowed');
    const how = iam.method === 'simulation' ? 'iam:SimulatePrincipalPolicy' : "the role's own policy documents";
    if (denied.length === 0) {
      if (iam.method === 'simulation') {
        return f.add('execution-role-permissions', 'ruled-out', `By ${how}, ${iam.roleArn} is allowed ${describeChecks(wanted)}.`, [iam.roleArn, repoArn]).done('ruled-out');
      }
      return f
        .add('execution-role-permissions', 'info', `By ${how}, ${iam.roleArn} is allowed the ECR pull actions on ${repoArn}; service control policies and permissions boundaries were not visible, so a deny there is not excluded.`, [iam.roleArn, repoArn])
        .done('unlikely');
    }
    const explicit = denied.some((c) => c.decision === 'explicitDeny');
    f.fix({ denyKind: explicit ? 'explicit' : 'implicit' });
    const detail = `By ${how}, ${iam.roleArn} is not allowed: ${describeChecks(denied)}${explicit ? ' (explicit deny)' : ' (implicit deny: no statement allows it)'}.`;
    if (iam.method === 'simulation') return f.add('execution-role-permissions', 'proven', detail, [iam.roleArn, repoArn]).done('proven');
    // Documents: an explicit deny, or "no statement grants", is proven by the role's own policies.
    const unread = iam.unreadPolicies ?? [];
    if (explicit || unread.length === 0) {
      return f
        .add('execution-role-permissions', 'proven', `${detail}${explicit ? '' : ' A service control policy could also deny; attaching a policy is necessary either way.'}`, [iam.roleArn, repoArn])
        .done('proven');
    }
    for (const u of unread) f.unchecked.push({ check: 'execution-role-policy-document', api: u.api ?? 'iam:GetPolicyVersion', reason: `${u.policy}: ${u.reason}` });
    return f.add('execution-role-permissions', 'unknown', `${detail} ${unread.length} of the role's policies could not be read.`, [iam.roleArn]).done('possible');
  },
};

export const repositoryPolicyDenies: CauseCheck = {
  id: 'repository-policy-denies',
  title: 'The repository policy does not allow this role or account',
  check(ctx) {
    const f = new Finding('repository-policy-denies');
    const ref = ctx.imageRef;
    if (!ref || ref.registryType !== 'ecr') return f.add('ecr-image', 'not-applicable', 'The image is not in a private ECR registry.').done('not-applicable');
    const repoArn = ecrRepositoryArn(ref)!;
    const crossAccount = ref.accountId !== ctx.account;
    const ecr = ctx.facts.ecr;
    const textSays = /resource-based policy|repository policy/i.test(ctx.text);
    if (!ecr?.repositoryPolicy) {
      return f.add('repository-policy', 'not-applicable', `The policy of ${repoArn} was not read.`).done(crossAccount || textSays ? 'possible' : 'not-applicable');
    }
    if (!ecr.repositoryPolicy.ok) {
      f.unknown('repository-policy', ecr.repositoryPolicy, `The repository policy of ${repoArn}${crossAccount ? ` (account ${ref.accountId})` : ''}`);
      return f.done(crossAccount || textSays ? 'possible' : 'unknown');
    }
    const policy = ecr.repositoryPolicy.value;
    const roleArn = ctx.taskDef?.executionRoleArn;
    if (policy === null) {
      if (crossAccount) {
        return f.add('repository-policy', 'proven', `${repoArn} is in account ${ref.accountId} and has no repository policy, so account ${ctx.account} cannot pull from it.`, [repoArn]).done('proven');
      }
      return f.add('repository-policy', 'ruled-out', `${repoArn} has no repository policy (same account: identity policies decide).`, [repoArn]).done('ruled-out');
    }
    const match = principalMatcher(roleArn, ctx.account);
    const results = ECR_PULL_ACTIONS.map((a) => ({ a, r: evaluatePolicies([policy], a, repoArn, { principalMatches: match }) }));
    const denied = results.filter((x) => x.r.decision === 'explicitDeny' || (crossAccount && x.r.decision === 'implicitDeny'));
    if (denied.length) {
      const explicit = denied.some((x) => x.r.decision === 'explicitDeny');
      return f
        .add('repository-policy', 'proven', `The policy of ${repoArn} ${explicit ? 'explicitly denies' : `does not allow (account ${ctx.account}${roleArn ? `, role ${roleArn}` : ''})`}: ${denied.map((x) => x.a).join(', ')}.`, [repoArn, ...(roleArn ? [roleArn] : [])])
        .fix({ denyKind: explicit ? 'explicit' : 'implicit' })
        .done('proven');
    }
    if (results.some((x) => x.r.decision === 'conditional')) {
      return f.add('repository-policy', 'unknown', `The policy of ${repoArn} allows the pull only under conditions that cannot be evaluated here.`, [repoArn]).done('possible');
    }
    return f.add('repository-policy', 'ruled-out', `The policy of ${repoArn} allows ${ECR_PULL_ACTIONS.join(', ')} for ${roleArn ?? `account ${ctx.account}`}${crossAccount ? '' : ' (or does not deny them)'}.`, [repoArn]).done('ruled-out');
  },
};
