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

  // permissions
  'plan.execution-role-missing.create-role':
    'The task definition has no execution role, so ECS cannot get an ECR token. Create role ' +
    '{roleName} that ECS tasks can assume (trust policy in the JSON).',
  'plan.execution-role-missing.attach-policy': 'Attach the AWS managed policy {policyArn} to {roleName}.',
  'plan.execution-role-ecr-permissions.attach-policy':
    'The execution role {roleName} is not allowed to pull from ECR. Attach the AWS managed ' +
    'policy {policyArn} (ECR pull and CloudWatch Logs only).',
  'plan.execution-role-ecr-permissions.inline-policy':
    'Or, for least privilege, add this inline policy to {roleName} instead (ECR token, pull ' +
    'from this repository only, logs).',
  'plan.execution-role-ecr-permissions.find-deny':
    'Find what denies the pull for {roleName}: the simulation lists the matching statements; ' +
    "also check the permissions boundary and your organization's SCPs.",
  'plan.execution-role-ecr-permissions.scp-note':
    "Permissions were read from the role's policy documents (simulation was not available): a " +
    'service control policy could still deny the pull after the fix.',
  'plan.execution-role-ecr-permissions.review-condition':
    'Check the conditions of the grant for {roleName} (IAM needs {keys} to decide): simulate ' +
    "with the values the task's requests carry, then correct the condition or the network path " +
    'rather than widening the grant.',
  'plan.repository-policy-denies.read-policy':
    'Read the current policy of repository {repository}: set-repository-policy replaces it ' +
    'entirely, so merge, do not overwrite.',
  'plan.repository-policy-denies.set-policy':
    'Allow the execution role {principal} to pull from repository {repository} (registry ' +
    'account {registryAccount}) by adding this statement to the repository policy.',
  'plan.repository-policy-denies.role-side':
    'The repository is in another account: the execution role {principal} also needs ECR pull ' +
    'permissions on it in its own account (policy in the JSON).',

  // image
  'plan.image.list-recent': 'List the most recent images in repository {repository} to see which tags exist.',
  'plan.image.review-lifecycle':
    'Repository {repository} has a lifecycle policy that may have expired the image: review its rules.',
  'plan.repository-not-found.check-name':
    'Repository {repository} (image {image}) does not exist in this registry. Check the name ' +
    'and Region against the repositories listed.',
  'plan.repository-not-found.create-and-push':
    'If it should exist, create repository {repository} and push image {image}.',
  'plan.image-not-found.push-tag': 'The tag {tag} of {image} does not exist. Push it (from your build pipeline).',
  'plan.image-not-found.use-existing-tag': 'Or point task definition {family} at a tag that exists: {tags}.',
  'plan.stale-image-digest.redeploy':
    'The tag was moved to a new image and the digest the service was deployed with is gone. ' +
    'Start a new deployment of service {service} (cluster {cluster}) so the tag is resolved ' +
    'again.',
  'plan.stale-image-digest.immutable-tags':
    'Make tags in repository {repository} immutable so a deployed tag always names the same ' +
    'image (push a new tag per build).',
  'plan.stale-image-digest.lifecycle-advice':
    'Keep images that are still deployed: in the lifecycle policy of {repository}, keep enough ' +
    'images (countMoreThan) or exclude the release tag prefixes from expiry.',
  'plan.platform-mismatch.multi-arch-build':
    'Image {image} offers {offered} but the task needs {needed}. Build and push a multi-architecture image.',
  'plan.platform-mismatch.runtime-platform':
    "Or run the task on the image's architecture: set runtimePlatform.cpuArchitecture to {cpu} " +
    'in task definition {family}.',
  'plan.invalid-image-reference.fix':
    'The image reference "{image}" cannot be parsed. Write it as [registry/]repository[:tag] ' +
    'or repository@sha256:digest in task definition {family}.',

  // network: endpoints
  'plan.endpoints.check-central':
    'The way from {vpcId} to ECR and S3 goes through {targets}, which this tool cannot follow. ' +
    'Check the routes and the private hosted zones and Resolver rules of {vpcId}, then the ' +
    'central or inspection VPC they lead to: its ECR (ecr.api, ecr.dkr) and S3 endpoints, ' +
    'their endpoint policies and security groups, and its routes back. Create local endpoints ' +
    'only if no central ones are meant to serve this VPC.',
  'plan.endpoints.find-vpc':
    'The VPC or the subnets per Availability Zone are not known; find them with this command ' +
    'and replace the <PLACEHOLDERS> below.',
  'plan.endpoints.create-security-group':
    'Create security group {groupName} in {vpcId} for the endpoints (reused when it already exists).',
  'plan.endpoints.allow-https': 'Allow HTTPS (TCP 443) to the endpoints from the VPC ({cidrs}).',
  'plan.endpoints.create-interface':
    'Create the interface endpoint {serviceName} with private DNS in subnets {subnets} (one per Availability Zone).',
  'plan.endpoints.create-s3-gateway':
    'Create the S3 gateway endpoint {serviceName} on route tables {routeTables} (image layers ' +
    'are downloaded from S3; free of charge).',
  'plan.endpoints.create-s3-gateway.account':
    'Create the S3 gateway endpoint {serviceName} on route tables {routeTables} (image layers ' +
    'are downloaded from S3; free of charge), with a policy that allows principals of account ' +
    "{account}, and anyone reading ECR's layer bucket {layerBucket}: ECR presigns the layer " +
    'downloads with its own credentials, so they carry no principal of this account. Through ' +
    'it, anonymous requests and requests of other accounts (public buckets, package mirrors) ' +
    'fail from these route tables; it is only put on route tables that have no NAT or internet ' +
    'route.',
  'plan.endpoints.create-s3-gateway.ecr-only':
    'Create the S3 gateway endpoint {serviceName} on route tables {routeTables} (free of ' +
    "charge), with a policy that allows nothing but reading ECR's layer bucket {layerBucket} " +
    '(EndpointPolicy=ecr-only). Warning: every other S3 request from the subnets using these ' +
    'route tables then fails — your own buckets, package repositories, agents and AWS services ' +
    'that download from S3.',
  'plan.endpoints.extend-interface':
    'Extend interface endpoint {endpointId} ({serviceName}, created by ecs-pull-doctor) to ' +
    'subnet(s) {subnets}, so that it also serves Availability Zone(s) {azs} of the service ' +
    '(one subnet per AZ; each AZ is charged per hour).',
  'plan.endpoints.extend-foreign-interface':
    'Interface endpoint {endpointId} ({serviceName}) serves no subnet in Availability Zone(s) ' +
    '{azs} of the service. It was not created by ecs-pull-doctor (no ' +
    'ecs-pull-doctor:created-by tag), so it is never changed automatically. If the tasks there ' +
    'should reach it in their own AZ, add one subnet per missing AZ ({subnets}) yourself, ' +
    'after checking that it has none there yet (each AZ is charged per hour).',
  'plan.endpoints.list-service-names':
    'List the exact endpoint service names of this Region (in China Regions some start with ' +
    'cn.com.amazonaws) and use them in the commands below.',
  'plan.network-no-route.nat-alternative':
    'Alternative: a NAT gateway in a public subnet and a default route to it (replace ' +
    '<PUBLIC_SUBNET_ID>). Costs about USD 0.045 per hour (≈ 33 per month) plus USD 0.045 per ' +
    'GB processed, per NAT gateway.',
  'plan.vpc-dns.enable-support': 'Turn on DNS resolution (enableDnsSupport) for VPC {vpcId}.',
  'plan.vpc-dns.enable-hostnames':
    'Turn on DNS hostnames (enableDnsHostnames) for VPC {vpcId}; private DNS of interface endpoints needs both.',
  'plan.vpc-dns.custom-dns':
    'VPC {vpcId} uses its own DNS servers (DHCP options): endpoint private DNS names only ' +
    'resolve through the Amazon-provided resolver. Forward amazonaws.com queries to it, or ' +
    'switch back to the default DHCP options.',

  // network: other
  'plan.public-ip-disabled.update-service':
    'The subnets route to an internet gateway but tasks get no public IP. Turn on ' +
    'assignPublicIp for service {service} (cluster {cluster}).',
  'plan.public-ip-disabled.run-task':
    'The subnet routes to an internet gateway but the task got no public IP. Run it with ' +
    'assignPublicIp=ENABLED in cluster {cluster}.',
  'plan.public-ip-disabled.alternative':
    'Alternative without public IPs: run the tasks in private subnets with a NAT gateway or ' +
    'with the ECR/S3 VPC endpoints.',
  'plan.security-group-blocks.s3-prefix-list': 'Look up the S3 prefix list of {region} (image layers come from S3).',
  'plan.security-group-blocks.egress':
    'Allow outbound HTTPS (TCP 443) from security group {groupId}: to anywhere, or to the VPC ' +
    'and the S3 prefix list when only endpoints are used.',
  'plan.security-group-blocks.endpoint-ingress':
    "If {groupId} is an endpoint's security group: allow inbound HTTPS (TCP 443) from {cidrs}.",
  'plan.network-acl-blocks.find':
    'Find the network ACLs of subnets {subnets} and their rules: look for the rule that denies ' +
    'outbound TCP 443 or inbound TCP 1024-65535, and use the ACL id in place of ' +
    '<NETWORK_ACL_ID> below.',
  'plan.network-acl-blocks.allow':
    'In network ACL {aclId}, allow outbound TCP 443 and inbound TCP 1024-65535 (replies). Pick ' +
    'rule numbers below the deny rules (<FREE_RULE_NUMBER_…>).',
  'plan.vpc-endpoint-policy-denies.read': 'Read the policy of endpoint {endpointId}.',
  'plan.vpc-endpoint-policy-denies.update':
    'Let endpoint {endpointId} allow the pull: ECR actions for {principal} and reading the ECR ' +
    'layer bucket (policy in the JSON; merge with your statements).',

  // registry auth / secrets / kms / docker hub
  'plan.registry-credentials.update-secret':
    'Store valid registry credentials in secret {secret} (replace the <PLACEHOLDERS>).',
  'plan.registry-credentials.create-secret':
    'Create a Secrets Manager secret with the registry credentials (choose <SECRET_NAME>, replace the <PLACEHOLDERS>).',
  'plan.registry-credentials.set-in-task-definition':
    "Reference the secret in the container's repositoryCredentials in task definition {family}.",
  'plan.registry-credentials.grant-read':
    'Allow execution role {roleName} to read the secret (and kms:Decrypt if it uses a customer managed key).',
  'plan.secret.check-secret': 'Check that secret {ref} exists in this Region and is not scheduled for deletion.',
  'plan.secret.check-parameter': 'Check that parameter {ref} exists in this Region.',
  'plan.secret.grant-read': 'Allow execution role {roleName} to read the secrets and parameters the task references.',
  'plan.secret.network-path':
    'In private subnets without NAT, tasks also need the secretsmanager / ssm interface endpoints in {vpcId}.',
  'plan.kms.key-policy':
    'Let {principal} decrypt with KMS key {keyId} through Secrets Manager / SSM: add this statement to the key policy.',
  'plan.kms.role-policy': 'And allow kms:Decrypt on the key in the policy of execution role {roleName}.',
  'plan.dockerhub.cache-secret':
    'Pull Docker Hub images through ECR instead (pull-through cache): store your Docker Hub ' +
    'user and access token in a secret whose name starts with ecr-pullthroughcache/.',
  'plan.dockerhub.cache-rule': "Create the pull-through cache rule for Docker Hub with that secret's ARN.",
  'plan.dockerhub.use-cached-image': 'Use the cached image {image} in task definition {family}.',
  'plan.dockerhub.authenticated-pulls':
    'Or authenticate the pulls: add repositoryCredentials with a Docker Hub account to the ' +
    'container (authenticated pulls have a higher limit).',

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
  'plan.refusal.vpc-unknown':
    'Not applied automatically: the VPC of task {task} (cluster {cluster}) is not known. Find it with the first step.',
  'plan.refusal.china-region':
    'Not applied automatically: in {region} the endpoint service names differ per service ' +
    '(some start with cn.com.amazonaws); check them with the listed command before creating ' +
    'endpoints.',
  'plan.refusal.region-unknown': 'Not applied automatically: the Region is not known.',
  'plan.refusal.network-undecidable':
    'Not applied automatically: the way from VPC {vpcId} to ECR and S3 leaves what this tool ' +
    'can see ({targets}: a route to a transit gateway, firewall endpoint, peering connection ' +
    'or VPN gateway, or a private hosted zone for the ECR/S3 names). Endpoints created here ' +
    'could conflict with central ones (a private hosted zone for the same names keeps an ' +
    'endpoint from using private DNS). Check the central or inspection VPC — its ECR and S3 ' +
    'endpoints and its routes back — and the Route 53 Resolver rules and private hosted zones ' +
    'of {vpcId} first.',
  'plan.refusal.vpc-dns-disabled':
    'Not applied automatically: DNS is off in VPC {vpcId} (enableDnsSupport={dnsSupport}, ' +
    'enableDnsHostnames={dnsHostnames}); endpoints with private DNS would not work. Turn it on ' +
    'first.',
  'plan.refusal.vpc-custom-dns':
    'Not applied automatically: VPC {vpcId} uses custom DNS servers, so endpoint private DNS names may not resolve.',
  'plan.refusal.vpc-dns-unknown': 'Not applied automatically: the DNS settings of VPC {vpcId} could not be checked.',
  'plan.refusal.nothing-missing': 'Not applied automatically: no missing endpoint was identified in VPC {vpcId}.',
  'plan.refusal.endpoint-subnets-unknown':
    'Not applied automatically: the subnets (one per Availability Zone) for the endpoints in {vpcId} are not known.',
  'plan.refusal.vpc-cidr-unknown':
    'Not applied automatically: the CIDR of VPC {vpcId} is not known, so the endpoint security ' +
    'group rule cannot be written.',
  'plan.refusal.route-tables-unknown':
    'Not applied automatically: the route tables for the S3 gateway endpoint in {vpcId} are not known.',
  'plan.refusal.s3-main-route-table':
    'Not applied automatically: subnet(s) {subnets} have no route table of their own and use ' +
    'the main route table {routeTable} of {vpcId}. An S3 gateway on the main table changes how ' +
    "every subnet without its own route table reaches S3, not only this service's, so it is " +
    'only proposed: run the steps by hand if that is intended, or give the task subnets their ' +
    'own route table (aws ec2 create-route-table, then associate-route-table) so that the next ' +
    'failure can be fixed automatically.',

  // cost
  'plan.cost.interface-endpoints':
    'Cost: {endpoints} interface endpoint(s) × {azs} Availability Zone(s) ≈ USD {monthlyUsd} ' +
    'per month (USD 0.01 per endpoint per AZ-hour in most Regions) plus USD 0.01 per GB ' +
    'processed. A NAT gateway instead costs about USD 0.045 per hour plus USD 0.045 per GB.',
  'plan.cost.interface-endpoints-extended':
    'Cost: {endpoints} new interface endpoint(s) × {azs} Availability Zone(s), plus {extraAzs} ' +
    'Availability Zone(s) added to existing endpoints ≈ USD {monthlyUsd} per month (USD 0.01 ' +
    'per endpoint per AZ-hour in most Regions) plus USD 0.01 per GB processed.',
  'plan.cost.gateway-endpoint-free': 'Cost: the S3 gateway endpoint is free.',
  'plan.cost.public-ipv4': 'Cost: each public IPv4 address is charged USD 0.005 per hour (≈ 3.6 per month per task).',
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
  'plan.risk.endpoints.account':
    'Risk: private DNS is VPC-wide. Once the interface endpoints exist, every resource in ' +
    '{vpcId}, not only this service, resolves {services} to them and reaches those services ' +
    'through them. Endpoint policy "account" (EndpointPolicy): only principals of account ' +
    "{account} may use the endpoints, so a request signed with another account's credentials " +
    'fails through them.',
  'plan.risk.endpoints.ecr-only':
    'Risk: private DNS is VPC-wide. Once the interface endpoints exist, every resource in ' +
    '{vpcId}, not only this service, resolves {services} to them and reaches those services ' +
    'through them. Endpoint policy "ecr-only" (EndpointPolicy): only principals of account ' +
    '{account} may use the interface endpoints, and an S3 gateway this plan creates reaches ' +
    "nothing but ECR's layer bucket: every other S3 request from its route tables fails (see " +
    'its step).',
  'plan.risk.endpoints.full':
    'Risk: private DNS is VPC-wide. Once the interface endpoints exist, every resource in ' +
    '{vpcId}, not only this service, resolves {services} to them and reaches those services ' +
    'through them. Endpoint policy "full" (EndpointPolicy): the AWS default, which lets every ' +
    "request through, also those signed with other accounts' credentials.",
  'plan.risk.s3-gateway':
    'Risk: the S3 gateway changes how every subnet associated with route tables {routeTables} ' +
    "reaches S3, not only this service's (open S3 connections may be interrupted briefly). " +
    'Endpoint policy "{policy}" (EndpointPolicy): see the step.',
  'plan.risk.public-ip':
    'Risk: tasks become reachable from the internet as far as security groups {securityGroups} ' +
    'allow; check their inbound rules.',
  'plan.risk.vpc-dns': 'Risk: low; changing DHCP options affects name resolution of every instance in {vpcId}.',
  'plan.risk.security-group':
    'Risk: low; the rules only open outbound HTTPS (and HTTPS to endpoints from inside the VPC).',
  'plan.risk.network-acl':
    'Risk: network ACL rules apply to every resource in the subnets; place them carefully ' +
    'relative to existing deny rules.',
  'plan.risk.endpoint-policy': 'Risk: the endpoint policy applies to everything in the VPC that uses the endpoint.',
  'plan.risk.secret-value':
    'Risk: never paste credentials into tickets or chat; the command line may be kept in shell history.',
  'plan.risk.key-policy': 'Risk: a wrong key policy can lock everyone out of the key; keep the existing statements.',
  'plan.risk.agent-restart':
    'Risk: restarting the ECS agent does not stop running tasks; image pruning removes only unused images.',
};
