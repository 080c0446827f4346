/** Pure ARN helpers shared by the diagnosis and the remediation (no SDK). */

/** The 12-digit account of an ARN (`arn:<partition>:<service>:<region>:<account>:…`), when it has one. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/.exec(arn ?? '')?.[1];
}

/** The partition of an ARN ("aws", "aws-cn", "aws-us-gov"), when it is one. */
export function partitionOfArn(arn: string | undefined): string | undefined {
  return arn?.startsWith('arn:') ? arn.split(':')[1] : undefined;
}

/** The name of an IAM role from its ARN (the path left out), when the string is a role ARN. */
export function roleNameOf(roleArn: string | undefined): string | undefined {
  return roleArn?.match(/^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/)?.[1];
}
