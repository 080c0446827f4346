/** Pure: AWS console links for the resources of a diagnosis (partition-aware console host). */
import { redact } from '../domain/redact';
import { ARN_MAX, cleanText } from '../domain/sanitize';
import type { Diagnosis } from '../domain/diagnosis';
import { roleNameOf } from '../domain/arn';

export type LinkKind =
  | 'task'
  | 'service'
  | 'task-definition'
  | 'role'
  | 'repository'
  | 'endpoints'
  | 'subnet'
  | 'security-group';

export interface ConsoleLink {
  kind: LinkKind;
  /** Resource id shown in the label (subnet, security group). */
  id?: string;
  url: string;
}

/**
 * Cleaned and capped (../domain/sanitize.ts: a lone surrogate would make encodeURIComponent throw; ECS names
 * are at most 255 characters) and redacted before encoding: an encoded credential would slip past the final
 * redact() of the message. `!'()*~` are encoded too, so that no markdown (chat) or link syntax ends the URL.
 */
const enc = (s: string) =>
  encodeURIComponent(redact(cleanText(s, { max: ARN_MAX }))).replace(
    /[!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** Console host of a Region: China and GovCloud partitions have their own consoles. */
export function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return `${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `${region}.console.amazonaws-us-gov.com`;
  return `${region}.console.aws.amazon.com`;
}

function globalConsoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return 'console.aws.amazon.com';
}

export function taskLink(region: string, cluster: string, taskId: string): string {
  return `https://${consoleHost(region)}/ecs/v2/clusters/${enc(cluster)}/tasks/${enc(taskId)}?region=${enc(region)}`;
}

export function consoleLinks(d: Diagnosis): ConsoleLink[] {
  const r = d.resources;
  const region = r.region;
  if (!region) return [];
  const host = consoleHost(region);
  const q = `?region=${enc(region)}`;
  const links: ConsoleLink[] = [];
  if (r.cluster && r.task) links.push({ kind: 'task', url: taskLink(region, r.cluster, r.task) });
  if (r.cluster && r.service) {
    links.push({
      kind: 'service',
      url: `https://${host}/ecs/v2/clusters/${enc(r.cluster)}/services/${enc(r.service)}/health${q}`,
    });
  }
  const td = r.taskDefinitionArn?.match(/:task-definition\/([^:]+):(\d+)$/);
  if (td)
    links.push({
      kind: 'task-definition',
      url: `https://${host}/ecs/v2/task-definitions/${enc(td[1]!)}/${td[2]}/containers${q}`,
    });
  const roleName = roleNameOf(r.executionRoleArn);
  if (roleName)
    links.push({ kind: 'role', url: `https://${globalConsoleHost(region)}/iam/home#/roles/details/${enc(roleName)}` });
  const repo = r.repositoryArn?.match(/^arn:[^:]+:ecr:([^:]+):(\d{12}):repository\/(.+)$/);
  if (repo) {
    links.push({
      kind: 'repository',
      url: `https://${consoleHost(repo[1]!)}/ecr/repositories/private/${repo[2]}/${repo[3]}?region=${enc(repo[1]!)}`,
    });
  }
  if (d.family === 'network') {
    if (r.vpcId)
      links.push({ kind: 'endpoints', url: `https://${host}/vpcconsole/home${q}#Endpoints:vpcId=${enc(r.vpcId)}` });
    for (const id of r.subnetIds.slice(0, 3))
      links.push({ kind: 'subnet', id, url: `https://${host}/vpcconsole/home${q}#SubnetDetails:subnetId=${enc(id)}` });
    for (const id of r.securityGroupIds.slice(0, 3)) {
      links.push({ kind: 'security-group', id, url: `https://${host}/ec2/home${q}#SecurityGroup:groupId=${enc(id)}` });
    }
  }
  return links;
}
