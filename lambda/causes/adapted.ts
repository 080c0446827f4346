/**
 * Transitional: the causes whose check, planner and texts still live in their family files, wrapped as
 * modules. Each entry goes away when its cause gets its own module file.
 */
import { CAUSES, type CauseId } from '../domain/diagnosis';
import type { CauseCheck } from './context';
import type { CallName, CauseModule, Planner, TextRule } from './module';
import { executionRoleEcrPermissions, executionRoleMissing, repositoryPolicyDenies } from './permissions/checks';
import {
  imageNotFound,
  invalidImageReference,
  platformMismatch,
  repositoryNotFound,
  staleImageDigest,
} from './image/checks';
import {
  networkAclBlocks,
  networkNoRoute,
  publicIpDisabled,
  securityGroupBlocks,
  vpcDnsDisabled,
  vpcEndpointMissing,
  vpcEndpointPolicyDenies,
} from './network/checks';
import { kmsDecryptDenied, registryCredentialsInvalid, secretOrParameterUnavailable } from './registry-auth/checks';
import { dockerhubRateLimit } from './host/checks';
import {
  planExecutionRoleEcrPermissions,
  planExecutionRoleMissing,
  planRepositoryPolicyDenies,
} from './permissions/plans';
import {
  planImageNotFound,
  planInvalidImageReference,
  planPlatformMismatch,
  planRepositoryNotFound,
  planStaleImageDigest,
} from './image/plans';
import { planVpcEndpoints } from './network/endpoint-plans';
import {
  planNetworkAclBlocks,
  planPublicIpDisabled,
  planSecurityGroupBlocks,
  planVpcDnsDisabled,
  planVpcEndpointPolicyDenies,
} from './network/plans';
import {
  planDockerHubRateLimit,
  planKmsDecryptDenied,
  planRegistryCredentialsInvalid,
  planSecretOrParameterUnavailable,
} from './registry-auth/plans';

type Calls = CauseModule['calls'];
const calls = (proves: CallName[], informs: CallName[] = []): Calls => ({ proves, informs });
const VIEW: CallName[] = ['subnets', 'routeTables'];
const DNS: CallName[] = ['dnsSupport', 'dnsHostnames', 'vpcs', 'dhcp'];

function wrap<Id extends CauseId>(
  c: CauseCheck & { id: Id },
  plan: Planner,
  needs: Calls,
  autoFix?: CauseModule['autoFix'],
): CauseModule<Id> {
  const m: CauseModule<Id> = {
    id: c.id,
    family: CAUSES[c.id],
    title: c.title,
    calls: needs,
    check: c.check,
    plan,
    texts: [],
  };
  if (autoFix) m.autoFix = autoFix;
  return m;
}

const INVALID_REFERENCE_TEXT = new RegExp(
  [
    /failed to normalize image reference|invalid reference format/.source,
    /repository name must be lowercase|failed to parse image reference/.source,
  ].join('|'),
  'i',
);
const PLATFORM_TEXT = new RegExp(
  [
    /descriptor (?:matching|for) platform|no matching manifest for/.source,
    /does not contain descriptor matching|exec format error|image platform .* does not match/.source,
  ].join('|'),
  'i',
);
const withText = <Id extends CauseId>(m: CauseModule<Id>, rule: TextRule): CauseModule<Id> => ({ ...m, text: [rule] });

export const adapted: { readonly [Id in Exclude<CauseId, 'disk-space' | 'unknown'>]: CauseModule<Id> } = {
  'invalid-image-reference': withText(
    wrap(invalidImageReference as CauseCheck & { id: 'invalid-image-reference' }, planInvalidImageReference, calls([])),
    {
      // An image string that cannot be parsed (Fargate reports it as an InternalError, not a pull error).
      order: 10,
      match: (s) =>
        INVALID_REFERENCE_TEXT.test(s.text) || s.unparsable ? ['invalid-image-reference', 'unknown'] : undefined,
    },
  ),
  'execution-role-missing': wrap(
    executionRoleMissing as CauseCheck & { id: 'execution-role-missing' },
    planExecutionRoleMissing,
    calls([]),
  ),
  'execution-role-ecr-permissions': wrap(
    executionRoleEcrPermissions as CauseCheck & { id: 'execution-role-ecr-permissions' },
    planExecutionRoleEcrPermissions,
    calls(['simulation'], ['image', 'attachedPolicies', 'role']),
    'AutoFixExecutionRolePolicy',
  ),
  'repository-policy-denies': wrap(
    repositoryPolicyDenies as CauseCheck & { id: 'repository-policy-denies' },
    planRepositoryPolicyDenies,
    calls(['repositoryPolicy'], ['image']),
  ),
  'repository-not-found': wrap(
    repositoryNotFound as CauseCheck & { id: 'repository-not-found' },
    planRepositoryNotFound,
    calls(['image']),
  ),
  'image-not-found': wrap(
    imageNotFound as CauseCheck & { id: 'image-not-found' },
    planImageNotFound,
    calls(['image'], ['tags', 'lifecyclePolicy']),
  ),
  'stale-image-digest': wrap(
    staleImageDigest as CauseCheck & { id: 'stale-image-digest' },
    planStaleImageDigest,
    calls(['image'], ['tags', 'lifecyclePolicy']),
  ),
  'platform-mismatch': withText(
    wrap(platformMismatch as CauseCheck & { id: 'platform-mismatch' }, planPlatformMismatch, calls(['image'])),
    { order: 40, match: (s) => (PLATFORM_TEXT.test(s.text) ? ['platform-mismatch', 'image-not-found'] : undefined) },
  ),
  'network-no-route': wrap(
    networkNoRoute as CauseCheck & { id: 'network-no-route' },
    planVpcEndpoints,
    calls([...VIEW, 'endpoints', 'hostedZones'], ['service', ...DNS]),
    'AutoFixVpcEndpoints',
  ),
  'public-ip-disabled': wrap(
    publicIpDisabled as CauseCheck & { id: 'public-ip-disabled' },
    planPublicIpDisabled,
    calls([...VIEW, 'endpoints', 'service'], ['hostedZones']),
  ),
  'vpc-endpoint-missing': wrap(
    vpcEndpointMissing as CauseCheck & { id: 'vpc-endpoint-missing' },
    planVpcEndpoints,
    calls([...VIEW, 'endpoints', 'hostedZones'], ['service', ...DNS]),
    'AutoFixVpcEndpoints',
  ),
  'vpc-dns-disabled': wrap(
    vpcDnsDisabled as CauseCheck & { id: 'vpc-dns-disabled' },
    planVpcDnsDisabled,
    calls([...VIEW, 'endpoints', ...DNS], ['service']),
  ),
  'security-group-blocks': wrap(
    securityGroupBlocks as CauseCheck & { id: 'security-group-blocks' },
    planSecurityGroupBlocks,
    calls([...VIEW, 'endpoints', 'service', 'securityGroups']),
  ),
  'network-acl-blocks': wrap(
    networkAclBlocks as CauseCheck & { id: 'network-acl-blocks' },
    planNetworkAclBlocks,
    calls([...VIEW, 'networkAcls'], ['service']),
  ),
  'vpc-endpoint-policy-denies': wrap(
    vpcEndpointPolicyDenies as CauseCheck & { id: 'vpc-endpoint-policy-denies' },
    planVpcEndpointPolicyDenies,
    calls([...VIEW, 'endpoints'], ['service']),
  ),
  'registry-credentials-invalid': wrap(
    registryCredentialsInvalid as CauseCheck & { id: 'registry-credentials-invalid' },
    planRegistryCredentialsInvalid,
    calls(['simulation', 'secrets'], ['attachedPolicies']),
  ),
  'secret-or-parameter-unavailable': wrap(
    secretOrParameterUnavailable as CauseCheck & { id: 'secret-or-parameter-unavailable' },
    planSecretOrParameterUnavailable,
    calls(['simulation', 'secrets'], ['attachedPolicies']),
  ),
  'kms-decrypt-denied': wrap(
    kmsDecryptDenied as CauseCheck & { id: 'kms-decrypt-denied' },
    planKmsDecryptDenied,
    calls(['secrets', 'kms'], ['simulation', 'attachedPolicies']),
  ),
  'dockerhub-rate-limit': withText(
    wrap(dockerhubRateLimit as CauseCheck & { id: 'dockerhub-rate-limit' }, planDockerHubRateLimit, calls([])),
    {
      // Docker Hub's wording, or a 429 from any registry.
      order: 30,
      match: (s) =>
        /toomanyrequests|pull rate limit|Too Many Requests|\b429\b/i.test(s.text)
          ? ['dockerhub-rate-limit', ...(s.registryType === 'dockerhub' ? [] : (['network-no-route'] as CauseId[]))]
          : undefined,
    },
  ),
};
