/** Small pure helpers shared by the per-cause planners (no I/O, no SDK imports). */
export { accountOfArn, partitionOfArn } from '../../domain/arn';
import { roleNameOf } from '../../domain/arn';
import type { Confidence, Diagnosis } from '../../domain/diagnosis';
import type { Plan, PlanStep } from '../types';

/** Quotes a value for a POSIX shell when it contains anything but safe characters. */
export function sh(value: string): string {
  // <PLACEHOLDER> tokens stay visible as they are: the human replaces them before running the command.
  if (/^<[A-Z0-9_…]+>$/.test(value)) return value;
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * The known ids, each with its step ids (`<prefix>-<id>`); when none is known, the one placeholder with
 * plain step ids (`<prefix>`), so a step id never carries a <PLACEHOLDER> token.
 */
export function eachKnownOr(
  ids: readonly string[],
  placeholder: string,
): Array<{ id: string; stepId: (prefix: string) => string }> {
  if (ids.length === 0) return [{ id: placeholder, stepId: (prefix) => prefix }];
  return ids.map((id) => ({ id, stepId: (prefix) => `${prefix}-${id}` }));
}

/** `--region R` when the region is known (CLI default otherwise). */
export function regionFlag(d: Diagnosis): string {
  return d.resources.region ? ` --region ${sh(d.resources.region)}` : '';
}

export function isProven(confidence: Confidence): boolean {
  return confidence === 'proven';
}

/** A manual (never automatic) step: advice or a command for a human. */
export function manual(
  id: string,
  textKey: string,
  opts: {
    action?: string;
    resource?: string;
    command?: string;
    document?: unknown;
    textArgs?: Record<string, string | number>;
    params?: Record<string, unknown>;
  } = {},
): PlanStep {
  return {
    id,
    action: opts.action ?? 'manual',
    resource: opts.resource ?? '',
    params: opts.params ?? {},
    ...(opts.command !== undefined ? { command: opts.command } : {}),
    ...(opts.document !== undefined ? { document: opts.document } : {}),
    automatic: false,
    textKey,
    ...(opts.textArgs ? { textArgs: opts.textArgs } : {}),
  };
}

export function basePlan(d: Diagnosis, steps: PlanStep[], extra: Partial<Plan> = {}): Plan {
  return { cause: d.cause, steps, ...extra };
}

export interface ImageRef {
  /** Registry host, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com or registry-1.docker.io. */
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** Account of an ECR registry. */
  ecrAccount?: string;
  ecrRegion?: string;
}

/** Parses an image reference (best effort; pure). */
export function parseImage(image: string | undefined): ImageRef | undefined {
  if (!image) return undefined;
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const ecr = registry?.match(/^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/);
  return {
    ...(registry ? { registry } : {}),
    repository: rest,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
    ...(ecr ? { ecrAccount: ecr[1], ecrRegion: ecr[2] } : {}),
  };
}

/** Repository name and registry account from the repository ARN, else from the image. */
export function repositoryOf(d: Diagnosis): { name?: string; account?: string; region?: string } {
  const arn = d.resources.repositoryArn?.match(/^arn:[^:]+:ecr:([^:]*):(\d{12}):repository\/(.+)$/);
  if (arn) return { region: arn[1]!, account: arn[2]!, name: arn[3]! };
  const ref = parseImage(d.resources.image);
  if (ref?.ecrAccount) return { name: ref.repository, account: ref.ecrAccount, region: ref.ecrRegion! };
  return ref ? { name: ref.repository } : {};
}

/** The values a cause's check handed to its own planner (FixInputs.own), or none when another cause's are there. */
export function ownInputs(d: Diagnosis, cause: Diagnosis['cause']): Readonly<Record<string, string>> {
  return d.fixInputs.own?.cause === cause ? d.fixInputs.own.values : {};
}

/**
 * The flags of an ECR (or same-Region Secrets Manager) command about the image's registry: its Region and its
 * account as ` --region …` and ` --registry-id …` (empty when the image does not say), and the repository name.
 */
export function registryOf(d: Diagnosis): { region: string; registryId: string; repository?: string } {
  const repo = repositoryOf(d);
  return {
    region: repo.region ? ` --region ${sh(repo.region)}` : '',
    registryId: repo.account ? ` --registry-id ${repo.account}` : '',
    ...(repo.name ? { repository: repo.name } : {}),
  };
}

/** Role name from a role ARN (the last path segment: arn:aws:iam::1:role/path/name → name). */
/**
 * The execution role's name for a proposed command: from the role ARN the account gave, else the name the
 * stop reason quotes (assumed-role/NAME), else the placeholder. Never used for a write.
 */
export function executionRoleNameForText(d: Diagnosis): string {
  return (
    roleNameOf(d.resources.executionRoleArn) ??
    d.fixInputs.namedInStopReason?.executionRoleName ??
    '<EXECUTION_ROLE_NAME>'
  );
}

/** The task definition as a user names it: its ARN, else its family. */
export function taskDefinitionOf(d: Diagnosis): string {
  return d.resources.taskDefinitionArn ?? d.resources.family ?? '<TASK_DEFINITION>';
}

/** Describe-task-definition command: the way to find ids we could not read. */
export function describeTaskDefinitionCommand(d: Diagnosis): string {
  return (
    `aws ecs describe-task-definition${regionFlag(d)} --task-definition ` +
    `${sh(taskDefinitionOf(d))} --query 'taskDefinition'`
  );
}

/** A first step that finds the subnets and security groups we could not read (textArgs name the task). */
export function findNetworkStep(d: Diagnosis, id: string): PlanStep {
  return manual(id, 'plan.common.find-network', {
    action: 'ecs:DescribeServices',
    command: describeNetworkCommand(d),
    textArgs: { task: d.resources.task, cluster: d.resources.cluster },
  });
}

/** The service network configuration, or the subnets' VPC when no service is known. */
export function describeNetworkCommand(d: Diagnosis): string {
  const r = d.resources;
  if (r.service) {
    return (
      `aws ecs describe-services${regionFlag(d)} --cluster ${sh(r.cluster)} --services ` +
      `${sh(r.service)} --query 'services[0].networkConfiguration.awsvpcConfiguration'`
    );
  }
  if (r.subnetIds.length > 0) {
    return (
      `aws ec2 describe-subnets${regionFlag(d)} --subnet-ids ${r.subnetIds.map(sh).join(' ')} ` +
      `--query 'Subnets[].{subnet:SubnetId,vpc:VpcId,az:AvailabilityZone}'`
    );
  }
  return (
    `aws ecs describe-tasks${regionFlag(d)} --cluster ${sh(r.cluster)} --tasks ` +
    `${sh(r.taskArn)} --query 'tasks[0].attachments'`
  );
}

/** A step telling how to roll the service (or re-run the task) after a manual change. */
export function redeployStep(d: Diagnosis, id = 'redeploy'): PlanStep {
  const r = d.resources;
  if (r.service) {
    return manual(id, 'plan.common.redeploy-service', {
      action: 'ecs:UpdateService',
      resource: r.service,
      command:
        `aws ecs update-service${regionFlag(d)} --cluster ${sh(r.cluster)} --service ` +
        `${sh(r.service)} --force-new-deployment`,
      textArgs: { service: r.service, cluster: r.cluster },
    });
  }
  return manual(id, 'plan.common.rerun-task', {
    action: 'ecs:RunTask',
    resource: r.taskDefinitionArn ?? '',
    textArgs: { cluster: r.cluster, task: r.task },
  });
}

/** A step to register a corrected task definition revision and roll the service onto it. */
export function newRevisionStep(d: Diagnosis, id: string, what: string): PlanStep {
  const r = d.resources;
  const family = r.family ?? '<TASK_DEFINITION_FAMILY>';
  const update = r.service
    ? `\naws ecs update-service${regionFlag(d)} --cluster ${sh(r.cluster)} --service ` +
      `${sh(r.service)} --task-definition ${sh(family)}`
    : '';
  return manual(id, 'plan.common.new-revision', {
    action: 'ecs:RegisterTaskDefinition',
    resource: r.taskDefinitionArn ?? family,
    command:
      `aws ecs describe-task-definition${regionFlag(d)} --task-definition ` +
      `${sh(r.taskDefinitionArn ?? family)} --query 'taskDefinition' > taskdef.json\n` +
      `# edit taskdef.json (${what}); remove taskDefinitionArn, revision, status, ` +
      `requiresAttributes, compatibilities, registeredAt, registeredBy\n` +
      `aws ecs register-task-definition${regionFlag(d)} --cli-input-json file://taskdef.json` +
      update,
    textArgs: { family },
  });
}
