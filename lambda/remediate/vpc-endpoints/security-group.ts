/**
 * The endpoint security group steps: create our group (or reuse the one already there, found by VPC, name
 * and created-by tag) and allow HTTPS from the VPC's CIDRs on it — only the CIDRs not yet allowed. A failed
 * write is followed by a fresh describe: what exists now counts as already present.
 */
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { callAws } from '../../aws/call';
import { isAlreadyExists } from '../../aws/errors';
import { CREATED_BY_TAG } from '../../permissions';
import { ENDPOINT_SG_NAME } from './names';
import { describeFailure } from '../step-run';
import type { PlanStep } from '../types';
import { done, stop, tagsOf, worthRedescribing, type EndpointRun, type StepOutcome } from './context';
import { cidrsMissingHttps } from './state';

/** ec2:CreateSecurityGroup: our endpoint security group, created once per VPC. */
export async function createSecurityGroup(run: EndpointRun, step: PlanStep): Promise<StepOutcome> {
  const { vpcId } = run;
  const p = step.params;
  if (run.state.group?.GroupId) {
    run.groupId = run.state.group.GroupId;
    return done(
      'already-present',
      run.groupId,
      `security group ${ENDPOINT_SG_NAME} (${run.groupId}) already exists in ${vpcId}; reused`,
    );
  }
  const res = await callAws(run.ctx, 'ec2:CreateSecurityGroup', (abortSignal) =>
    run.ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: String(p.GroupName),
        Description: String(p.Description),
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: tagsOf(step, run.incidentId) }],
      }),
      { abortSignal },
    ),
  );
  if (res.ok && res.value.GroupId) {
    const groupId = res.value.GroupId;
    run.groupId = groupId;
    run.state = { ...run.state, group: { GroupId: groupId, IpPermissions: [] } };
    return done('created', groupId, `created security group ${ENDPOINT_SG_NAME} (${groupId}) in ${vpcId}`);
  }
  const err = res.ok ? 'CreateSecurityGroup returned no GroupId' : describeFailure(res);
  if (!res.ok && worthRedescribing(res) && (await run.reread())?.group?.GroupId) {
    const groupId = run.state.group!.GroupId!;
    run.groupId = groupId;
    return done(
      'already-present',
      groupId,
      `security group ${ENDPOINT_SG_NAME} (${groupId}) was created concurrently; reused`,
    );
  }
  return stop(
    res.ok || !isAlreadyExists({ name: res.errorName })
      ? err
      : `${err}: a group named ${ENDPOINT_SG_NAME} exists in ${vpcId} without the ${CREATED_BY_TAG} tag`,
  );
}

/**
 * ec2:AuthorizeSecurityGroupIngress: TCP 443 from the VPC's CIDRs (IPv4, and IPv6 for dual-stack endpoints)
 * on our group, only those not yet allowed.
 */
export async function allowHttpsFromVpc(run: EndpointRun, step: PlanStep): Promise<StepOutcome> {
  const p = step.params;
  const groupId = run.groupId;
  if (!groupId) return stop('no endpoint security group to add the rule to');
  const wanted = [...(p.Cidrs as string[]), ...((p.Ipv6Cidrs as string[] | undefined) ?? [])];
  const missing = cidrsMissingHttps(run.state.group, wanted);
  if (missing.length === 0)
    return done('already-present', groupId, `${groupId} already allows TCP 443 from ${wanted.join(', ')}`);
  const v4 = missing.filter((c) => !c.includes(':'));
  const v6 = missing.filter((c) => c.includes(':'));
  const description = 'HTTPS from the VPC (ecs-pull-doctor)';
  const res = await callAws(run.ctx, 'ec2:AuthorizeSecurityGroupIngress', (abortSignal) =>
    run.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            ...(v4.length ? { IpRanges: v4.map((c) => ({ CidrIp: c, Description: description })) } : {}),
            ...(v6.length ? { Ipv6Ranges: v6.map((c) => ({ CidrIpv6: c, Description: description })) } : {}),
          },
        ],
      }),
      { abortSignal },
    ),
  );
  if (res.ok) return done('changed', groupId, `allowed TCP 443 from ${missing.join(', ')} on ${groupId}`);
  if (worthRedescribing(res) && (await run.reread()) && cidrsMissingHttps(run.state.group, wanted).length === 0)
    return done(
      'already-present',
      groupId,
      `TCP 443 from ${missing.join(', ')} was allowed on ${groupId} concurrently`,
    );
  return stop(describeFailure(res));
}
