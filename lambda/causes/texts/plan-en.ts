/**
 * English texts of every textKey the remediation plans use (lambda/remediate/plans/*). {name} is replaced
 * by the step's textArgs. Keep the key set identical to plan-ja.ts (a test checks it); to be merged into
 * the main catalogue by notify/.
 */
export const planTextsEn: Record<string, string> = {
  // common
  'plan.common.redeploy-service': 'Then start new tasks of service {service} (cluster {cluster}) so they pull again.',
  'plan.common.rerun-task':
    'Then run the task again in cluster {cluster} (the failed task {task} will not restart by itself).',
  'plan.common.new-revision':
    'Register a corrected revision of task definition {family} and deploy it (the commands ' +
    'save, edit and register the definition).',
  'plan.common.find-execution-role':
    'The execution role of task definition {taskDefinition} could not be read; find it with this command first.',
  'plan.common.find-network':
    'The subnets and security groups of task {task} (cluster {cluster}) could not be read; ' +
    'find them with this command first and use them in place of the <PLACEHOLDERS> below.',

  // image

  // network: endpoints

  // network: other

  // host

  // refusals
  'plan.refusal.task-not-confirmed':
    'Not applied automatically: the account does not confirm task {task} of cluster {cluster} ' +
    'as the event describes it (ecs:DescribeTasks, see the evidence). A fix is only made for a ' +
    'task the account itself describes.',
  'plan.refusal.role-unknown':
    'Not applied automatically: the execution role of task definition {taskDefinition} is not ' +
    'known. Find it with the first step.',
  'plan.refusal.explicit-deny':
    'Not applied automatically: an explicit Deny blocks the pull for {roleArn}; attaching a policy cannot override it.',
  'plan.refusal.deny-kind-unknown':
    'Not applied automatically: it is not known whether the denial for {roleArn} is explicit.',
  'plan.refusal.role-other-account':
    "Not applied automatically: the execution role {roleArn} is not in the task's account " +
    '{account} (or that could not be confirmed).',
  'plan.refusal.policy-already-attached':
    'Not applied automatically: {policyArn} is already attached to {roleArn}, so something ' +
    'else denies the pull (permissions boundary, SCP, or the repository side).',
  'plan.refusal.scp-deny':
    'Not applied automatically: a service control policy of your organization denies {roleArn} ' +
    "the ECR pull, and no policy attached to the role can override it. Ask your organization's " +
    'administrators to allow ecr:GetAuthorizationToken, ecr:BatchCheckLayerAvailability, ' +
    'ecr:GetDownloadUrlForLayer and ecr:BatchGetImage for this role in the SCPs of this ' +
    'account and its organizational units.',
  'plan.refusal.permissions-boundary-deny':
    'Not applied automatically: the permissions boundary of {roleArn} does not allow the ECR ' +
    'pull, and a policy attached to the role cannot grant more than its boundary. Add the ECR ' +
    'pull actions to the boundary policy (aws iam get-role --role-name {roleName} --query ' +
    'Role.PermissionsBoundary names it), or ask its owner to.',
  'plan.refusal.undecided-condition':
    'Not applied automatically: IAM could not decide whether {roleArn} may pull without the ' +
    'condition keys {keys}: its grant is conditional, probably on purpose, and attaching the ' +
    "broad managed policy would replace that scoped grant. Check whether the task's requests " +
    'meet the condition (for example the VPC endpoint that aws:SourceVpce names) and fix the ' +
    'condition or the network path instead.',
  'plan.refusal.role-trust-unknown':
    'Not applied automatically: the trust policy of {roleArn} could not be read (iam:GetRole), ' +
    'so it is not known to be a role for ECS tasks. Check it (aws iam get-role --role-name ' +
    '{roleName}) and attach the policy by hand if it trusts ecs-tasks.amazonaws.com.',
  'plan.refusal.role-not-ecs-tasks':
    'Not applied automatically: {roleArn} does not trust ecs-tasks.amazonaws.com (its trust ' +
    'policy allows that service no sts:AssumeRole), so it is not changed automatically. Check ' +
    'that the task definition names the intended execution role, and attach the policy by hand ' +
    'only if it does.',
  'plan.refusal.role-path-out-of-scope':
    'Not applied automatically: {roleArn} has the IAM path {path}, outside {scopePath}, the ' +
    'path the auto-fix may change (AutoFixRolePath). Attach the policy by hand, or widen ' +
    'AutoFixRolePath if roles under {path} may be fixed automatically.',
  'plan.refusal.role-tag-missing':
    'Not applied automatically: {roleArn} does not carry the tag {tagKey}={tagValue} that the ' +
    'auto-fix requires (AutoFixRoleRequireTag). Attach the policy by hand, or tag the role if ' +
    'it may be fixed automatically: aws iam tag-role --role-name {roleName} --tags ' +
    'Key={tagKey},Value={tagValue}',
  'plan.refusal.s3-main-route-table':
    'Not applied automatically: subnet(s) {subnets} have no route table of their own and use ' +
    'the main route table {routeTable} of {vpcId}. An S3 gateway on the main table changes how ' +
    "every subnet without its own route table reaches S3, not only this service's, so it is " +
    'only proposed: run the steps by hand if that is intended, or give the task subnets their ' +
    'own route table (aws ec2 create-route-table, then associate-route-table) so that the next ' +
    'failure can be fixed automatically.',

  // cost
  'plan.cost.ecr-storage':
    'Cost: cached images are stored in ECR (USD 0.10 per GB-month); pulls within the Region cost nothing extra.',
  'plan.cost.ephemeral-storage': 'Cost: Fargate ephemeral storage above 20 GiB is charged per GB-hour.',

  // risk
  'plan.risk.new-revision':
    'Risk: a new task definition revision rolls the service; check the change before deploying.',
  'plan.risk.attach-managed-policy':
    "Risk: low. {policyArn} grants ECR pull (any repository in the account's reach) and " +
    'CloudWatch Logs writes to the execution role only, not to the application.',
  'plan.risk.repository-policy-replace':
    'Risk: set-repository-policy replaces the whole policy of {repository}; merging by mistake ' +
    "can remove other accounts' access.",
  'plan.risk.immutable-tags':
    'Risk: pipelines that push the same tag again (e.g. latest) will fail until they use unique tags.',
  'plan.risk.secret-value':
    'Risk: never paste credentials into tickets or chat; the command line may be kept in shell history.',
  'plan.risk.key-policy': 'Risk: a wrong key policy can lock everyone out of the key; keep the existing statements.',
  'plan.risk.agent-restart':
    'Risk: restarting the ECS agent does not stop running tasks; image pruning removes only unused images.',
};
