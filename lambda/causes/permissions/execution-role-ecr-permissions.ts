/**
 * execution-role-ecr-permissions: the execution role may not pull the private ECR image (on Fargate, and on EC2
 * when the task definition names one: the agent then pulls with its credentials; without one the instance role
 * pulls, see instance-role-ecr-permissions). The role's permissions — simulated, or read from its policy
 * documents — prove it, together with the same-account repository policy (which may grant the pull by itself,
 * or deny it): ecr-pull-judge.ts. An SCP or permissions-boundary deny, or a grant that depends on a condition not
 * known here, never proves it for the auto-fix (AutoFixExecutionRolePolicy).
 */
import { accountOfArn } from '../../domain/arn';
import { ecrRepositoryArn } from '../../domain/image-ref';
import { Finding, isEc2, read, type CheckContext, type CheckResult } from '../context';
import { defineCause } from '../module';
import { judgeEcrPull, notEcrImage } from './ecr-pull-judge';
import { planExecutionRoleEcrPermissions, ECR_PERMISSIONS_PLAN_TEXTS } from './ecr-permissions-plan';
import { ECR_PERMISSIONS_TEXTS as TEXTS, ECR_PERMISSIONS_WORDS } from './ecr-permissions-texts';

function check(ctx: CheckContext): CheckResult {
  const f = new Finding('execution-role-ecr-permissions');
  const ref = ctx.imageRef;
  if (ref?.registryType !== 'ecr') return notEcrImage(f, ref);
  // On an instance without an execution role the container instance's role pulls (instance-role-ecr-permissions).
  if (ctx.taskDef && !ctx.taskDef.executionRoleArn)
    return f
      .add(
        'execution-role-present',
        'not-applicable',
        isEc2(ctx)
          ? TEXTS.t('evidence.execution-role-ecr-permissions.ec2')
          : TEXTS.t('evidence.execution-role-ecr-permissions.no-role'),
      )
      .done('not-applicable');
  const role = ctx.taskDef?.executionRoleArn ?? '';
  const iam = read(
    f,
    ctx.facts.iam,
    'execution-role-permissions',
    TEXTS.t('evidence.part.what.role-permissions', { role }),
  );
  if (!iam) return f.done(ctx.facts.iam ? 'unknown' : 'not-applicable');
  if (iam.principal === 'instance-role') return f.done('not-applicable');
  const repoArn = ecrRepositoryArn(ref)!;
  f.fix({ roleInSameAccount: accountOfArn(iam.roleArn) === ctx.account });
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
  return judgeEcrPull(f, ctx, iam, ref, repoArn);
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
