/** The task's launch type: the event's, else the service's, else the task definition's only compatibility. */
export function resolveLaunchType(
  eventLaunchType: string | undefined,
  serviceLaunchType: string | undefined,
  requiresCompatibilities: readonly string[] | undefined,
): string | undefined {
  const only = requiresCompatibilities?.length === 1 ? requiresCompatibilities[0] : undefined;
  return (eventLaunchType ?? serviceLaunchType ?? only)?.toUpperCase();
}

/** EC2 and EXTERNAL tasks pull with the instance's credentials and network (not the execution role's ENI). */
export function onInstance(launchType: string | undefined): boolean {
  return launchType === 'EC2' || launchType === 'EXTERNAL';
}
