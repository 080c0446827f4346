/**
 * Write policies: each exists only when its parameter is "true" (CloudFormation condition). Their resources
 * are wildcards because the targets are named by the failed task or created at run time; each cdk-nag finding
 * is acknowledged one by one, so a new wildcard is reported, not hidden. Created in the stack's own scope.
 */
import { CfnCondition, Fn, type Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { PullDoctorParameters } from './parameters';
import { executionRolePolicyStatements, forceNewDeploymentStatements, vpcEndpointStatements } from './permissions';

const nagEc2 = 'arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:';
const referencedNetwork =
  'Existing network resources the new endpoint or security group is placed in (VPC, subnets, route ' +
  'tables, the task security groups), named by the failed task and any of this account and region; ' +
  'EC2 authorizes them separately from the created resource, which carries the tag condition.';

/** cdk-nag IAM5 findings of the endpoint auto-fix's statements, each with its reason (also the member's fix role). */
export const ENDPOINT_WILDCARDS: Readonly<Record<string, string>> = {
  [`${nagEc2}vpc-endpoint/*`]:
    'Endpoints are created at run time and have no ARN before; creation requires the ' +
    'ecs-pull-doctor:created-by request tag and an AWS-owned service, tagging is allowed only ' +
    'within the create call; ec2:ModifyVpcEndpoint (extending an endpoint to another AZ) only on endpoints ' +
    'that carry that tag (aws:ResourceTag). Open: any attribute of such an endpoint (no condition key ' +
    'limits the parameters); the function only sends AddSubnetIds.',
  [`${nagEc2}security-group/*`]:
    'A new security group for the endpoints is created at run time (requires the created-by request ' +
    'tag); ingress may be added only to groups carrying that tag; as a referenced resource of ' +
    'CreateVpcEndpoint it is the task security group named by the failed task.',
  [`${nagEc2}vpc/*`]: referencedNetwork,
  [`${nagEc2}subnet/*`]:
    referencedNetwork +
    " ec2:ModifyVpcEndpoint references the subnets (one per AZ of the failed task's service) " +
    'an endpoint of ours is extended to; the endpoint itself carries the tag condition.',
  [`${nagEc2}route-table/*`]: referencedNetwork,
  '*':
    'ec2:DescribeVpcEndpointServices only (read-only; EC2 Describe* actions support no resource-level ' +
    'permissions): before creating a dual-stack interface endpoint, the function reads whether the service ' +
    'offers IPv6 in the Region.',
  'arn:<AWS::Partition>:route53:::hostedzone/*':
    'Private DNS on a new interface endpoint associates the VPC with the AWS-managed private hosted ' +
    'zone of the endpoint service, whose id is not known in advance (a dependent action of ' +
    'ec2:CreateVpcEndpoint); route53:AssociateVPCWithHostedZone is the only Route 53 action ' +
    'allowed, only with ' +
    'AutoFixVpcEndpoints=true. Open: associating a VPC of this account with any private zone the account may ' +
    'use (Route 53 has no condition key for the zone owner); the function never calls it directly.',
};

/** cdk-nag IAM5 finding of the redeploy statement, with its reason (also the member's fix roles). */
export const SERVICE_WILDCARDS: Readonly<Record<string, string>> = {
  'arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:service/*':
    'The service to redeploy is the one whose task failed, any service of this account and region; ' +
    'the policy exists only with ForceNewDeploymentAfterFix=true, and its conditions forbid ' +
    'changing the task ' +
    'definition or capacity provider and switching on ECS Exec. Open: desired count, network and deployment ' +
    'settings (IAM has no condition keys for them); the function only sends forceNewDeployment.',
};

/** Adds each auto-fix's write policy to the function's role, under the condition of its parameter. */
export function addWritePolicies(stack: Stack, role: iam.IRole, params: PullDoctorParameters): void {
  const writePolicies = [
    // Two variants of the attach policy, exactly one of which exists when the auto-fix is on: any role under
    // AutoFixRolePath, or only those also tagged ecs-pull-doctor:auto-fix=allowed (AutoFixRoleRequireTag).
    ...[false, true].map((requireTag) => ({
      id: requireTag ? 'AutoFixExecutionRolePolicyTaggedRolesPolicy' : 'AutoFixExecutionRolePolicyPolicy',
      statements: executionRolePolicyStatements({ path: params.autoFixRolePath.valueAsString, requireTag }),
      condition: new CfnCondition(
        stack,
        requireTag ? 'AutoFixExecutionRolePolicyTaggedRoles' : 'AutoFixExecutionRolePolicyAnyRole',
        {
          expression: Fn.conditionAnd(
            params.conditions.autoFixExecutionRolePolicyEnabled,
            requireTag
              ? params.conditions.autoFixRoleRequireTagEnabled
              : Fn.conditionNot(params.conditions.autoFixRoleRequireTagEnabled),
          ),
        },
      ),
      wildcards: {
        'arn:<AWS::Partition>:iam::<AWS::AccountId>:role<AutoFixRolePath>*':
          "The execution role to fix is read from the failed task's task definition and can be any role of this " +
          'account under AutoFixRolePath' +
          (requireTag ? ' tagged ecs-pull-doctor:auto-fix=allowed' : '') +
          '; the ' +
          'iam:PolicyARN condition allows attaching AmazonECSTaskExecutionRolePolicy and nothing ' +
          'else. Open: any such ' +
          'role, also one that does not trust ecs-tasks.amazonaws.com (IAM has no condition key for ' +
          'a trust policy; ' +
          'the function reads it with iam:GetRole and refuses), unless ' +
          'AutoFixRolePath/AutoFixRoleRequireTag narrow it.',
      },
    })),
    {
      id: 'AutoFixVpcEndpointsPolicy',
      statements: vpcEndpointStatements(),
      condition: params.conditions.autoFixVpcEndpointsEnabled,
      wildcards: ENDPOINT_WILDCARDS,
    },
    {
      id: 'ForceNewDeploymentPolicy',
      statements: forceNewDeploymentStatements(),
      condition: params.conditions.forceNewDeploymentEnabled,
      wildcards: SERVICE_WILDCARDS,
    },
  ];
  for (const { id, statements, condition, wildcards } of writePolicies) {
    const policy = new iam.Policy(stack, id, { roles: [role], statements });
    (policy.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = condition;
    for (const [resource, reason] of Object.entries(wildcards)) {
      Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
    }
  }
}
