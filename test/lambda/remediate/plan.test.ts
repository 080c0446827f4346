import { CAUSE_TEXTS } from '../../../lambda/causes/catalogue';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CAUSE_IDS, type CauseId } from '../../../lambda/domain/diagnosis';
import { clientToken } from '../../../lambda/remediate/client-token';
import { planRemediation } from '../../../lambda/causes/plan';
import { AUTO_FIX_CAUSES } from '../../../lambda/causes/registry';
import type { Plan } from '../../../lambda/remediate/types';
import {
  ACCOUNT,
  diagnosis,
  IMAGE,
  REGION,
  ROLE_ARN,
  RTB_A,
  RTB_B,
  SUBNET_A,
  SUBNET_B,
  TASK_SG,
  VPC,
} from './diagnosis-builder';

const MANAGED = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
/** EndpointPolicy=account (the default) on an interface endpoint. */
const ACCOUNT_ONLY_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'OnlyPrincipalsOfThisAccount',
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
    },
  ],
});

function textRefs(plan: Plan): Array<{ textKey: string; textArgs?: Record<string, string | number> }> {
  return [
    ...plan.steps,
    ...(plan.refusal ? [plan.refusal] : []),
    ...(plan.cost ? [plan.cost] : []),
    ...(plan.risk ? [plan.risk] : []),
  ];
}

function automaticIds(plan: Plan): string[] {
  return plan.steps.filter((s) => s.automatic).map((s) => s.id);
}

function step(plan: Plan, id: string) {
  const s = plan.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id} in ${plan.steps.map((x) => x.id).join(', ')}`);
  return s;
}

describe('planRemediation for every cause', () => {
  const variants = ['proven', 'likely', 'possible'] as const;
  it.each(CAUSE_IDS.flatMap((c) => variants.map((v) => [c, v] as const)))(
    'plans %s (%s) with catalogued texts and filled placeholders',
    (cause, confidence) => {
      const plan = planRemediation(diagnosis(cause, { confidence }));
      expect(plan.cause).toBe(cause);
      expect(plan.steps.length).toBeGreaterThan(0);
      const ids = plan.steps.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const ref of textRefs(plan)) {
        expect(CAUSE_TEXTS.en[ref.textKey]).toBeDefined();
        expect(CAUSE_TEXTS.ja[ref.textKey]).toBeDefined();
        for (const placeholder of CAUSE_TEXTS.en[ref.textKey]!.match(/\{(\w+)\}/g) ?? []) {
          expect({ key: ref.textKey, arg: ref.textArgs?.[placeholder.slice(1, -1)] !== undefined }).toEqual({
            key: ref.textKey,
            arg: true,
          });
        }
      }
      if (confidence !== 'proven') expect(automaticIds(plan)).toEqual([]);
      if (!AUTO_FIX_CAUSES.includes(cause)) {
        expect(plan.autoFix).toBeUndefined();
        expect(automaticIds(plan)).toEqual([]);
      }
    },
  );

  it('also plans with the sparsest resources (unknown ids become describe steps and <PLACEHOLDERS>, never invented ids)', () => {
    for (const cause of CAUSE_IDS) {
      const plan = planRemediation(
        diagnosis(cause, {
          resources: {
            vpcId: undefined,
            vpcCidrs: undefined,
            subnetIds: [],
            routeTableIds: [],
            securityGroupIds: [],
            executionRoleArn: undefined,
            repositoryArn: undefined,
            image: undefined,
            service: undefined,
          },
          fixInputs: { endpointSubnetIds: undefined, routeTablesWithoutS3: undefined },
        }),
      );
      expect(automaticIds(plan)).toEqual([]);
      for (const s of plan.steps) expect(s.command ?? '').not.toMatch(/vpc-0|subnet-0|rtb-0|sg-0/);
    }
  });

  it('fills every {placeholder} of its step, refusal, cost and risk texts, even with the sparsest resources', () => {
    const sparse = {
      vpcId: undefined,
      subnetIds: [],
      securityGroupIds: [],
      executionRoleArn: undefined,
      service: undefined,
      launchType: 'EC2',
    };
    const unfilled: string[] = [];
    for (const cause of CAUSE_IDS) {
      for (const resources of [{}, sparse]) {
        for (const ref of textRefs(planRemediation(diagnosis(cause, { resources })))) {
          const names = [...(CAUSE_TEXTS.en[ref.textKey] ?? '').matchAll(/\{([A-Za-z0-9_.-]+)\}/g)].map((m) => m[1]!);
          for (const n of names) if (ref.textArgs?.[n] === undefined) unfilled.push(`${cause} ${ref.textKey} {${n}}`);
        }
      }
    }
    expect(unfilled).toEqual([]);
  });

  it('keeps the English and Japanese catalogues on the same keys and placeholders', () => {
    expect(Object.keys(CAUSE_TEXTS.ja).sort()).toEqual(Object.keys(CAUSE_TEXTS.en).sort());
    for (const [k, en] of Object.entries(CAUSE_TEXTS.en)) {
      expect({ k, p: (CAUSE_TEXTS.ja[k]!.match(/\{\w+\}/g) ?? []).sort() }).toEqual({
        k,
        p: (en.match(/\{\w+\}/g) ?? []).sort(),
      });
    }
  });

  it('keeps the planners pure: no @aws-sdk import in plan-options, plans/, decide or client-token', () => {
    const dir = join(__dirname, '../../../lambda/remediate');
    const files = [
      'plan-options.ts',
      'decide.ts',
      'client-token.ts',
      ...readdirSync(join(dir, 'plans')).map((f) => `plans/${f}`),
    ];
    for (const f of files)
      expect({ f, sdk: /from '@aws-sdk/.test(readFileSync(join(dir, f), 'utf8')) }).toEqual({ f, sdk: false });
  });
});

describe('execution-role-ecr-permissions', () => {
  it('plans one automatic attach of the managed policy to the role by name for a proven implicit deny', () => {
    const plan = planRemediation(diagnosis('execution-role-ecr-permissions'));
    expect(plan.autoFix).toBe('AutoFixExecutionRolePolicy');
    expect(plan.refusal).toBeUndefined();
    expect(automaticIds(plan)).toEqual(['attach-execution-role-policy']);
    const attach = step(plan, 'attach-execution-role-policy');
    expect(attach).toMatchObject({
      action: 'iam:AttachRolePolicy',
      resource: ROLE_ARN,
      params: { RoleName: 'web-execution-role', PolicyArn: MANAGED },
    });
    expect(attach.command).toBe(`aws iam attach-role-policy --role-name web-execution-role --policy-arn ${MANAGED}`);
    expect(step(plan, 'or-inline-least-privilege').document).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({ Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team/web` }),
      ]),
    });
    expect(step(plan, 'redeploy').command).toBe(
      `aws ecs update-service --region ${REGION} --cluster prod --service web --force-new-deployment`,
    );
  });

  it('uses the partition of the task ARN, or the one given', () => {
    const cn = diagnosis('execution-role-ecr-permissions', {
      resources: {
        taskArn: 'arn:aws-cn:ecs:cn-north-1:111122223333:task/prod/x',
        executionRoleArn: 'arn:aws-cn:iam::111122223333:role/r',
      },
    });
    expect(step(planRemediation(cn), 'attach-execution-role-policy').params.PolicyArn).toBe(
      'arn:aws-cn:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
    );
    expect(
      step(planRemediation(diagnosis('execution-role-ecr-permissions'), 'aws-us-gov'), 'attach-execution-role-policy')
        .params.PolicyArn,
    ).toBe('arn:aws-us-gov:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy');
  });

  it.each([
    ['an explicit deny', { denyKind: 'explicit' as const }, {}, 'plan.refusal.explicit-deny'],
    ['an unknown deny kind', { denyKind: undefined }, {}, 'plan.refusal.deny-kind-unknown'],
    [
      'a role in another account',
      { roleInSameAccount: false },
      { executionRoleArn: 'arn:aws:iam::999988887777:role/shared' },
      'plan.refusal.role-other-account',
    ],
    ['an unconfirmed account', { roleInSameAccount: undefined }, {}, 'plan.refusal.role-other-account'],
    [
      'a role ARN of another account despite the flag',
      { roleInSameAccount: true },
      { executionRoleArn: 'arn:aws:iam::999988887777:role/shared' },
      'plan.refusal.role-other-account',
    ],
    ['the policy already attached', { attachedPolicyArns: [MANAGED] }, {}, 'plan.refusal.policy-already-attached'],
    ['no execution role', {}, { executionRoleArn: undefined }, 'plan.refusal.role-unknown'],
  ])('refuses (proposes only) for %s', (_name, fixInputs, res, refusal) => {
    const plan = planRemediation(diagnosis('execution-role-ecr-permissions', { fixInputs, resources: res }));
    expect(plan.refusal?.textKey).toBe(refusal);
    expect(automaticIds(plan)).toEqual([]);
    expect(plan.steps.some((s) => s.action === 'iam:AttachRolePolicy')).toBe(true);
  });

  it('shows how to find the explicit deny', () => {
    const plan = planRemediation(diagnosis('execution-role-ecr-permissions', { fixInputs: { denyKind: 'explicit' } }));
    expect(step(plan, 'find-deny').command).toContain(
      `aws iam simulate-principal-policy --policy-source-arn ${ROLE_ARN}`,
    );
  });

  it('warns that an SCP may still deny when only policy documents were read', () => {
    const plan = planRemediation(
      diagnosis('execution-role-ecr-permissions', { fixInputs: { permissionsMethod: 'policy-documents' } }),
    );
    expect(step(plan, 'scp-note').textKey).toBe('plan.execution-role-ecr-permissions.scp-note');
  });
});

describe('network-no-route and vpc-endpoint-missing', () => {
  it('plans the security group, its 443 rule and each missing endpoint with the real ids', () => {
    const plan = planRemediation(diagnosis('vpc-endpoint-missing'));
    expect(plan.autoFix).toBe('AutoFixVpcEndpoints');
    expect(plan.refusal).toBeUndefined();
    expect(automaticIds(plan)).toEqual([
      'create-endpoint-security-group',
      'allow-https-to-endpoints',
      'create-endpoint-ecr.api',
      'create-endpoint-ecr.dkr',
      'create-endpoint-s3',
      'create-endpoint-logs',
    ]);
    expect(step(plan, 'create-endpoint-security-group').params).toMatchObject({
      VpcId: VPC,
      GroupName: 'ecs-pull-doctor-endpoints',
    });
    expect(step(plan, 'allow-https-to-endpoints').params).toMatchObject({
      VpcId: VPC,
      Port: 443,
      Cidrs: ['10.0.0.0/16'],
    });
    expect(step(plan, 'create-endpoint-ecr.dkr').params).toEqual({
      VpcId: VPC,
      ServiceName: `com.amazonaws.${REGION}.ecr.dkr`,
      VpcEndpointType: 'Interface',
      SubnetIds: [SUBNET_A, SUBNET_B],
      PrivateDnsEnabled: true,
      SecurityGroupFromStep: 'create-endpoint-security-group',
      PolicyDocument: ACCOUNT_ONLY_POLICY,
      ClientToken: clientToken(VPC, 'ecr.dkr'),
      Tags: [
        { Key: 'Name', Value: 'ecs-pull-doctor-ecr.dkr' },
        { Key: 'ecs-pull-doctor:created-by', Value: 'ecs-pull-doctor' },
      ],
    });
    expect(step(plan, 'create-endpoint-s3').params).toMatchObject({
      VpcEndpointType: 'Gateway',
      ServiceName: `com.amazonaws.${REGION}.s3`,
      RouteTableIds: [RTB_A, RTB_B],
    });
    expect(step(plan, 'create-endpoint-s3').command).toContain(`--route-table-ids ${RTB_A} ${RTB_B}`);
    expect(step(plan, 'create-endpoint-ecr.api').command).toBe(
      `aws ec2 create-vpc-endpoint --region ${REGION} --vpc-id ${VPC} --vpc-endpoint-type Interface --service-name com.amazonaws.${REGION}.ecr.api ` +
        `--subnet-ids ${SUBNET_A} ${SUBNET_B} --security-group-ids "$ENDPOINT_SG_ID" --private-dns-enabled --policy-document '${ACCOUNT_ONLY_POLICY}' --client-token ${clientToken(VPC, 'ecr.api')} ` +
        `--tag-specifications 'ResourceType=vpc-endpoint,Tags=[{Key=Name,Value=ecs-pull-doctor-ecr.api},{Key=ecs-pull-doctor:created-by,Value=ecs-pull-doctor}]'`,
    );
    expect(step(plan, 'create-endpoint-security-group').command).toMatch(
      /^ENDPOINT_SG_ID=\$\(aws ec2 create-security-group --region us-east-1 --vpc-id vpc-0a1b2c3d4e5f60718 /,
    );
    expect(plan.cost).toEqual({
      textKey: 'plan.cost.interface-endpoints',
      textArgs: { endpoints: 3, azs: 2, monthlyUsd: '43.8' },
    });
    expect(plan.steps.find((s) => s.id === 'or-nat-gateway')).toBeUndefined();
  });

  it('adds the NAT gateway alternative (proposal only) for network-no-route', () => {
    const plan = planRemediation(diagnosis('network-no-route'));
    const nat = step(plan, 'or-nat-gateway');
    expect(nat.automatic).toBe(false);
    expect(nat.command).toContain(`--route-table-id ${RTB_A}`);
    expect(nat.command).toContain('<PUBLIC_SUBNET_ID>');
  });

  it('plans only the S3 gateway (free, no security group) when only S3 is missing', () => {
    const plan = planRemediation(
      diagnosis('vpc-endpoint-missing', { fixInputs: { missingEndpoints: ['s3'], routeTablesWithoutS3: [RTB_B] } }),
    );
    expect(automaticIds(plan)).toEqual(['create-endpoint-s3']);
    expect(step(plan, 'create-endpoint-s3').params.RouteTableIds).toEqual([RTB_B]);
    expect(step(plan, 'create-endpoint-s3').params.ClientToken).toBe(clientToken(VPC, 's3', [RTB_B]));
    expect(plan.cost?.textKey).toBe('plan.cost.gateway-endpoint-free');
  });

  it('falls back to the needed set and the base set when the diagnosis did not list what is missing', () => {
    const plan = planRemediation(
      diagnosis('network-no-route', { fixInputs: { missingEndpoints: undefined, neededEndpoints: undefined } }),
    );
    expect(automaticIds(plan)).toEqual([
      'create-endpoint-security-group',
      'allow-https-to-endpoints',
      'create-endpoint-ecr.api',
      'create-endpoint-ecr.dkr',
      'create-endpoint-s3',
    ]);
  });

  it.each([
    ['DNS support off', { vpcDnsSupport: false }, 'plan.refusal.vpc-dns-disabled', 'enable-dns-support'],
    ['DNS hostnames off', { vpcDnsHostnames: false }, 'plan.refusal.vpc-dns-disabled', 'enable-dns-hostnames'],
    ['custom DNS', { vpcCustomDns: true }, 'plan.refusal.vpc-custom-dns', 'review-dhcp-options'],
    ['DNS not checked', { vpcDnsHostnames: undefined }, 'plan.refusal.vpc-dns-unknown', undefined],
    [
      'no subnets per AZ',
      { endpointSubnetIds: undefined },
      'plan.refusal.endpoint-subnets-unknown',
      'find-vpc-and-subnets',
    ],
    ['nothing missing', { missingEndpoints: [] }, 'plan.refusal.nothing-missing', undefined],
  ])('refuses with %s', (_n, fixInputs, refusal, extraStep) => {
    const plan = planRemediation(diagnosis('vpc-endpoint-missing', { fixInputs }));
    expect(plan.refusal?.textKey).toBe(refusal);
    expect(automaticIds(plan)).toEqual([]);
    if (extraStep) expect(step(plan, extraStep).automatic).toBe(false);
  });

  it('proposes the DNS attribute commands with the VPC id', () => {
    const plan = planRemediation(diagnosis('vpc-endpoint-missing', { fixInputs: { vpcDnsSupport: false } }));
    expect(step(plan, 'enable-dns-support').command).toBe(
      `aws ec2 modify-vpc-attribute --region ${REGION} --vpc-id ${VPC} --enable-dns-support '{"Value":true}'`,
    );
  });

  it('refuses and shows how to find the VPC when it is unknown, with placeholders instead of ids', () => {
    const plan = planRemediation(diagnosis('network-no-route', { resources: { vpcId: undefined } }));
    expect(plan.refusal?.textKey).toBe('plan.refusal.vpc-unknown');
    expect(step(plan, 'find-vpc-and-subnets').command).toBe(
      `aws ecs describe-services --region ${REGION} --cluster prod --services web --query 'services[0].networkConfiguration.awsvpcConfiguration'`,
    );
    expect(step(plan, 'create-endpoint-ecr.api').command).toContain('--vpc-id <VPC_ID>');
  });

  it('refuses without the VPC CIDR (the 443 rule needs it)', () => {
    const plan = planRemediation(diagnosis('vpc-endpoint-missing', { resources: { vpcCidrs: [] } }));
    expect(plan.refusal?.textKey).toBe('plan.refusal.vpc-cidr-unknown');
  });

  it('plans nothing automatic when the cause is only likely', () => {
    const plan = planRemediation(diagnosis('network-no-route', { confidence: 'likely' }));
    expect(plan.autoFix).toBe('AutoFixVpcEndpoints');
    expect(automaticIds(plan)).toEqual([]);
  });
});

describe('proposal-only causes', () => {
  it('public-ip-disabled: update-service with the real network configuration', () => {
    const plan = planRemediation(diagnosis('public-ip-disabled'));
    expect(step(plan, 'enable-public-ip').command).toBe(
      `aws ecs update-service --region ${REGION} --cluster prod --service web --network-configuration 'awsvpcConfiguration={subnets=[${SUBNET_A},${SUBNET_B}],securityGroups=[${TASK_SG}],assignPublicIp=ENABLED}' --force-new-deployment`,
    );
    expect(plan.risk?.textKey).toBe('plan.risk.public-ip');
  });

  it('repository-policy-denies: a repository policy naming the real execution role', () => {
    const plan = planRemediation(
      diagnosis('repository-policy-denies', {
        resources: {
          repositoryArn: 'arn:aws:ecr:us-east-1:444455556666:repository/base/node',
          image: '444455556666.dkr.ecr.us-east-1.amazonaws.com/base/node:20',
        },
      }),
    );
    const set = step(plan, 'set-repository-policy');
    expect(set.command).toBe(
      'aws ecr set-repository-policy --region us-east-1 --registry-id 444455556666 --repository-name base/node --policy-text file://repository-policy.json',
    );
    expect(set.document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowEcsPullFromExecutionRole',
          Effect: 'Allow',
          Principal: { AWS: ROLE_ARN },
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        },
      ],
    });
    expect(step(plan, 'grant-role-cross-account').document).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({ Resource: 'arn:aws:ecr:us-east-1:444455556666:repository/base/node' }),
      ]),
    });
  });

  it('platform-mismatch: multi-arch build and runtimePlatform', () => {
    const plan = planRemediation(
      diagnosis('platform-mismatch', { fixInputs: { imagePlatforms: ['linux/arm64'], taskPlatform: 'linux/amd64' } }),
    );
    expect(step(plan, 'build-multi-arch').command).toBe(
      `docker buildx build --platform linux/amd64,linux/arm64 -t ${IMAGE} --push .`,
    );
    expect(step(plan, 'or-set-runtime-platform').document).toEqual({
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
    });
  });

  it('image-not-found: suggests existing tags and the lifecycle policy', () => {
    const plan = planRemediation(
      diagnosis('image-not-found', { fixInputs: { recentTags: ['1.4.1', '1.4.0'], lifecyclePolicyPresent: true } }),
    );
    expect(step(plan, 'or-use-existing-tag').textArgs).toMatchObject({ tags: '1.4.1, 1.4.0' });
    expect(step(plan, 'review-lifecycle-policy').command).toContain(
      'aws ecr get-lifecycle-policy --region us-east-1 --registry-id 111122223333 --repository-name team/web',
    );
  });

  it('dockerhub-rate-limit: pull-through cache rule and the cached image URI', () => {
    const plan = planRemediation(
      diagnosis('dockerhub-rate-limit', {
        resources: { image: 'nginx:1.27', repositoryArn: undefined },
        fixInputs: { dockerHubImage: true },
      }),
    );
    expect(step(plan, 'pull-through-cache-rule').command).toContain(
      'aws ecr create-pull-through-cache-rule --region us-east-1 --ecr-repository-prefix docker-hub --upstream-registry-url registry-1.docker.io',
    );
    expect(step(plan, 'pull-through-cache-use-cached-image').textArgs).toMatchObject({
      image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/docker-hub/library/nginx:1.27`,
    });
  });

  it('disk-space on EC2: agent image clean-up settings; on Fargate: ephemeral storage', () => {
    const ec2 = planRemediation(diagnosis('disk-space', { resources: { launchType: 'EC2' } }));
    expect(step(ec2, 'agent-image-cleanup').command).toContain('ECS_IMAGE_CLEANUP_INTERVAL=10m');
    const fargate = planRemediation(diagnosis('disk-space'));
    expect(step(fargate, 'raise-ephemeral-storage').document).toEqual({ ephemeralStorage: { sizeInGiB: 50 } });
  });

  it('kms-decrypt-denied: key policy statement for the real role', () => {
    const plan = planRemediation(
      diagnosis('kms-decrypt-denied', { fixInputs: { kmsKeyIds: ['arn:aws:kms:us-east-1:111122223333:key/abcd'] } }),
    );
    expect(step(plan, 'key-policy-arn:aws:kms:us-east-1:111122223333:key/abcd').document).toMatchObject({
      Principal: { AWS: ROLE_ARN },
      Action: 'kms:Decrypt',
    });
  });

  it('security-group-blocks and network-acl-blocks: rule commands on the blocking ids', () => {
    const sg = planRemediation(
      diagnosis('security-group-blocks', { fixInputs: { blockingSecurityGroupIds: [TASK_SG] } }),
    );
    expect(step(sg, `allow-egress-${TASK_SG}`).command).toContain(
      `aws ec2 authorize-security-group-egress --region ${REGION} --group-id ${TASK_SG}`,
    );
    const acl = planRemediation(
      diagnosis('network-acl-blocks', { fixInputs: { blockingNetworkAclIds: ['acl-0123'] } }),
    );
    expect(step(acl, 'allow-nacl-acl-0123').command).toContain('--network-acl-id acl-0123 --egress');
  });

  it('registry-credentials-invalid: updates the referenced secret', () => {
    const plan = planRemediation(
      diagnosis('registry-credentials-invalid', {
        fixInputs: { registryCredentialsSecret: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:ghcr-abc' },
      }),
    );
    expect(step(plan, 'update-registry-secret').command).toContain(
      '--secret-id arn:aws:secretsmanager:us-east-1:111122223333:secret:ghcr-abc',
    );
  });
});

// Type-level guard: a new CauseId must get a planner (PLANNERS is a Record<CauseId, …>).
const _everyCause: CauseId[] = CAUSE_IDS;
void _everyCause;

describe('endpoints in China Regions', () => {
  it('proposes only, with cn.com.amazonaws names for ECR/S3 and a command to list the exact names', () => {
    const plan = planRemediation(
      diagnosis('vpc-endpoint-missing', {
        resources: { region: 'cn-north-1', taskArn: 'arn:aws-cn:ecs:cn-north-1:111122223333:task/prod/x' },
      }),
    );
    expect(plan.refusal).toEqual({ textKey: 'plan.refusal.china-region', textArgs: { region: 'cn-north-1' } });
    expect(automaticIds(plan)).toEqual([]);
    expect(step(plan, 'create-endpoint-ecr.dkr').params.ServiceName).toBe('cn.com.amazonaws.cn-north-1.ecr.dkr');
    expect(step(plan, 'list-endpoint-service-names').command).toContain(
      'aws ec2 describe-vpc-endpoint-services --region cn-north-1',
    );
  });
});

describe('step ids', () => {
  it('never carry <PLACEHOLDER> tokens, even when ids are unknown', () => {
    for (const cause of CAUSE_IDS) {
      const plan = planRemediation(
        diagnosis(cause, { resources: { securityGroupIds: [], vpcId: undefined, executionRoleArn: undefined } }),
      );
      for (const s of plan.steps) expect(s.id).not.toMatch(/[<>]/);
    }
  });

  it('security-group-blocks falls back to the task security groups', () => {
    const plan = planRemediation(diagnosis('security-group-blocks'));
    expect(plan.steps.map((s) => s.id)).toContain(`allow-egress-${TASK_SG}`);
  });
});
