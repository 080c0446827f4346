/**
 * Organization mode (issue 18): the roles a member account holds for the central function — deployed by the member
 * StackSet (lib/member-stack.ts), assumed by the function (lambda/aws/member-clients.ts). Named per Region: IAM names
 * are global, and the StackSet deploys one stack per Region.
 */

/** What a member role is for: reading (always there), or one auto-fix (there only where the member opted in). */
export type MemberPurpose = 'read' | 'AutoFixExecutionRolePolicy' | 'AutoFixVpcEndpoints';

export const MEMBER_ROLE_PREFIX: Readonly<Record<MemberPurpose, string>> = {
  read: 'ecs-pull-doctor-diagnose',
  AutoFixExecutionRolePolicy: 'ecs-pull-doctor-fix-role-policy',
  AutoFixVpcEndpoints: 'ecs-pull-doctor-fix-endpoints',
};

/** An AWS Organizations id (o-…): the config, the central and the member templates check it alike. */
export const ORGANIZATION_ID_PATTERN = '^o-[a-z0-9]{10,32}$';
