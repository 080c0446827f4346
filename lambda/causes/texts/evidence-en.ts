/**
 * English texts of every Evidence.textKey the diagnosis uses (lambda/diagnose/**), with the values of
 * Evidence.textArgs as {placeholders}. Rendered with its args, an entry gives the evidence's English
 * `detail` exactly (a test checks it). "evidence.part.*" are parts of a sentence: list items, joined by
 * "evidence.join.*", and "what" phrases. Keep the key set identical to evidence-ja.ts (a test checks it);
 * merged into the main catalogue by `catalogue()` in ../render.ts.
 */
export const evidenceTextsEn: Record<string, string> = {
  // Parts of sentences
  'evidence.join.comma': ', ',
  'evidence.join.semicolon': '; ',
  'evidence.part.value': '{value}',
  'evidence.part.none': 'none',
  'evidence.part.nothing': 'nothing',
  'evidence.cannot-check': '{what} could not be checked: {reason}',
  // The task read back (diagnose/confirm-task.ts)
  'evidence.task-confirmed.confirmed':
    'Task {task} was read back from the account (ecs:DescribeTasks) and matches the event: ' +
    'cluster, task definition, service, subnets, image and an image-pull stop reason of the ' +
    'same kind.',
  'evidence.task-confirmed.not-a-pull-failure':
    "Task {task} did not stop for an image-pull failure in the account's record ({stopCode}: " +
    '{reason}), although the event says so. No change is made for it.',
  'evidence.task-confirmed.not-read': 'Task {task} was not read back from the account, so no change is made for it.',
  'evidence.task-confirmed.failed':
    'Task {task} could not be read back from the account ({api}: {reason}), so no change is made for it.',
  'evidence.task-confirmed.missing':
    'Cluster {cluster} does not return task {task} (ecs:DescribeTasks): the event may not come ' +
    'from ECS, or the task stopped more than about an hour ago. No change is made for it.',
  'evidence.task-confirmed.not-stopped':
    'Task {task} is {status} in the account, not STOPPED as the event says. No change is made for it.',
  'evidence.task-confirmed.differs':
    'Task {task} as the account describes it differs from the event: {differences}. No change is made for it.',
  'evidence.part.task-differs': '{what} {actual} (the event says {claimed})',
  'evidence.part.what.subnets': 'Subnets {subnets}',
  'evidence.part.what.route-tables': 'The route tables of subnets {subnets}',
  'evidence.part.what.assign-public-ip': 'assignPublicIp of service {service}',
  'evidence.part.what.dns-support': 'enableDnsSupport of {vpcId}',
  'evidence.part.what.dns-hostnames': 'enableDnsHostnames of {vpcId}',
  'evidence.part.what.dhcp-options': 'DHCP options of {vpcId}',
  'evidence.part.what.service-network': 'The network configuration of service {service}',
  'evidence.part.what.security-groups': 'The security groups of {vpcId}',
  'evidence.part.what.network-acls': 'The network ACLs of subnets {subnets}',
  'evidence.part.what.private-hosted-zones': 'The private hosted zones of VPC {vpcId}',
  'evidence.part.route': '{subnet} (route table {routeTable}: default route {destination} → {target})',
  'evidence.part.route.blackhole':
    '{subnet} (route table {routeTable}: default route {destination} → {target} [blackhole])',
  'evidence.part.route.absent': '{subnet} (route table {routeTable}: default route absent)',
  'evidence.part.route.no-table': '{subnet} (route table none: default route absent)',
  'evidence.part.s3-gateway-on': 'the S3 gateway endpoint on {routeTables}',
  'evidence.part.route.other': '{subnet} (route table {routeTable}: route {destination} → {target})',
  'evidence.part.zone': '{name} ({id}, account {account})',
  'evidence.part.sg.no-egress-internet': 'egress of {groups} allows no TCP 443 to 0.0.0.0/0',
  'evidence.part.sg.no-egress-endpoint': 'egress of {groups} allows no TCP 443 to endpoint {endpoint} ({service})',
  'evidence.part.sg.no-endpoint-ingress':
    'endpoint {endpoint} ({service}) security group(s) {endpointGroups} allow no TCP 443 in from the task',
  'evidence.part.sg.no-egress-s3':
    'egress of {groups} allows TCP 443 neither to 0.0.0.0/0 nor to the S3 prefix list ' +
    '{prefixLists} (ECR layers come from S3)',
  'evidence.part.nacl.deny-out-rule': '{acl} (subnet {subnet}) denies outbound TCP 443 by rule {rule}',
  'evidence.part.nacl.deny-out': '{acl} (subnet {subnet}) denies outbound TCP 443 (no rule allows it)',
  'evidence.part.nacl.deny-return':
    '{acl} (subnet {subnet}) denies inbound return traffic on ephemeral port(s) {ports}',

  // Network (shared)
  'evidence.network.instance-network':
    "The task uses the container instance's network ({mode}); the instance {instance} was not examined.",
  'evidence.network.instance-network.no-instance':
    "The task uses the container instance's network ({mode}); the instance was not examined.",
  'evidence.network.subnets-unknown':
    'The task subnets are not known (no ENI attachment in the event and no service network configuration).',
  'evidence.network.private-zone':
    'VPC {vpcId} answers {zones} from its own private hosted zone(s), so the pull goes where ' +
    'those records point (typically central endpoints in another VPC), which cannot be ' +
    'followed from here. Check the central VPC: its ECR (ecr.api, ecr.dkr) and S3 endpoints, ' +
    'their security groups and its routes back to subnet(s) {subnets}; and the Route 53 ' +
    'Resolver rules of VPC {vpcId}.',
  'evidence.network.private-zones-unread':
    'Without that list, central ECR/S3 endpoints reached through a private hosted zone of VPC ' +
    '{vpcId} cannot be ruled out, so this cause is likely but not proven.',

  // network-no-route
  'evidence.network-no-route.all-routed':
    'Every task subnet has a 0.0.0.0/0 route to an internet or NAT gateway: {routes}.',
  'evidence.network-no-route.undecidable':
    'The way out of {routes} goes to a transit gateway, firewall endpoint, peering connection, ' +
    'VPN gateway or appliance, which cannot be followed from here. Check the central or ' +
    'inspection VPC behind it: its ECR (ecr.api, ecr.dkr) and S3 endpoints or NAT, and its ' +
    'routes back to these subnets; and the Route 53 Resolver rules and private hosted zones of ' +
    'VPC {vpcId}.',
  'evidence.network-no-route.no-route-registry': 'No usable 0.0.0.0/0 route for {registry}: {routes}.',
  'evidence.network-no-route.no-route': 'No usable 0.0.0.0/0 route: {routes}.',
  'evidence.network-no-route.no-endpoints': 'VPC {vpcId} has no usable ecr.api, ecr.dkr or S3 gateway endpoint.',
  'evidence.network-no-route.some-endpoints':
    'No default route ({routes}), but some ECR endpoints exist (see vpc-endpoint-missing).',

  // public-ip-disabled
  'evidence.public-ip-disabled.no-igw': 'No task subnet routes 0.0.0.0/0 to an internet gateway.',
  'evidence.public-ip-disabled.ec2': 'EC2 awsvpc tasks never get a public IP; they need a NAT route or endpoints.',
  'evidence.public-ip-disabled.endpoints-exist': 'Every needed endpoint exists, so the pull does not need a public IP.',
  'evidence.public-ip-disabled.disabled':
    'Service {service} runs tasks with assignPublicIp DISABLED in subnet(s) {subnets} whose ' +
    'default route is internet gateway {igw}: the task has no public address to use it.',
  'evidence.public-ip-disabled.enabled': 'Service {service} assigns public IPs.',
  'evidence.public-ip-disabled.standalone':
    'Subnet(s) {subnets} route to an internet gateway; assignPublicIp of a standalone task is not in the event.',
  'evidence.public-ip-disabled.detours':
    'Besides 0.0.0.0/0 to the internet gateway, public addresses leave another way: {routes}. ' +
    'The pull may not use the internet gateway; check where those routes lead.',

  // vpc-endpoint-missing
  'evidence.vpc-endpoint-missing.not-available': 'Endpoint(s) not available yet: {endpoints}.',
  'evidence.vpc-endpoint-missing.all-present': 'VPC {vpcId} has every endpoint this task needs: {needed}.',
  'evidence.vpc-endpoint-missing.optional':
    'Endpoints {missing} are missing, but every subnet has an internet/NAT route, so they are optional.',
  'evidence.vpc-endpoint-missing.lacks': 'VPC {vpcId} lacks {missing}; present: {present}.',
  'evidence.vpc-endpoint-missing.lacks.undecidable':
    'VPC {vpcId} lacks {missing}; present: {present}. The way out ({routes}) cannot be ' +
    'followed from here: the pull may use central endpoints. Check the central or inspection ' +
    'VPC — its ECR and S3 endpoints and its routes back — and the Route 53 Resolver rules and ' +
    'private hosted zones of VPC {vpcId} before creating endpoints here.',
  'evidence.vpc-endpoint-missing.lacks.see-no-route':
    'VPC {vpcId} lacks {missing}; present: {present}. (see network-no-route)',

  // vpc-dns-disabled
  'evidence.vpc-dns-disabled.support-off':
    'VPC {vpcId} has enableDnsSupport off: the Amazon DNS server does not answer, so registry ' +
    'and endpoint names do not resolve.',
  'evidence.vpc-dns-disabled.hostnames-off':
    'VPC {vpcId} has enableDnsHostnames off; private DNS of its interface endpoints needs both DNS attributes on.',
  'evidence.vpc-dns-disabled.private-dns-off':
    'Interface endpoint(s) {endpoints} have private DNS off: the service names resolve to ' +
    'public addresses the subnet cannot reach.',
  'evidence.vpc-dns-disabled.custom-dns':
    'DHCP options {dhcpOptions} use custom DNS servers ({servers}); endpoint private DNS works ' +
    'only with Amazon-provided DNS unless the resolvers forward to it.',
  'evidence.vpc-dns-disabled.on': 'VPC {vpcId} has DNS support on.',
  'evidence.vpc-dns-disabled.on.hostnames': 'VPC {vpcId} has DNS support and DNS hostnames on.',
  'evidence.vpc-dns-disabled.on.private-dns':
    'VPC {vpcId} has DNS support on, and its interface endpoints use private DNS.',
  'evidence.vpc-dns-disabled.on.hostnames.private-dns':
    'VPC {vpcId} has DNS support and DNS hostnames on, and its interface endpoints use private DNS.',

  // security-group-blocks
  'evidence.security-group-blocks.groups-unknown':
    'The task security groups are not in the event (standalone task, or service without network configuration).',
  'evidence.security-group-blocks.groups-not-found': 'Security group(s) {groups} were not found in {vpcId}.',
  'evidence.security-group-blocks.blocked': '{problems}.',
  'evidence.security-group-blocks.allowed': 'Security groups {groups} allow TCP 443 egress to the paths the pull uses.',
  'evidence.security-group-blocks.allowed.endpoints':
    'Security groups {groups} allow TCP 443 egress to the paths the pull uses, and the endpoint groups allow it in.',

  // network-acl-blocks
  'evidence.network-acl-blocks.no-association': 'No network ACL association found for {subnet}.',
  'evidence.network-acl-blocks.blocked': '{problems}.',
  'evidence.network-acl-blocks.allowed':
    'The network ACLs of {subnets} allow outbound 443 and the ephemeral return ports.',

  // vpc-endpoint-policy-denies
  'evidence.vpc-endpoint-policy-denies.not-ecr': 'The image is not in ECR.',
  'evidence.vpc-endpoint-policy-denies.no-endpoint': 'The pull uses no ECR/S3 endpoint.',
  'evidence.vpc-endpoint-policy-denies.explicit-deny':
    'The policy of endpoint {endpoint} ({service}) explicitly denies ({statements}) {action} on {resource}.',
  'evidence.vpc-endpoint-policy-denies.not-allowed':
    'The policy of endpoint {endpoint} ({service}) does not allow {action} on {resource}.',
  'evidence.vpc-endpoint-policy-denies.undecided-deny':
    'The policy of endpoint {endpoint} ({service}) may deny {action} on {resource}: the ' +
    'condition of statement {statements} on {keys} cannot be evaluated here.',
  'evidence.vpc-endpoint-policy-denies.undecided-allow':
    'The policy of endpoint {endpoint} ({service}) allows {action} on {resource} only under ' +
    'the condition of statement {statements} on {keys}, which cannot be evaluated here.',
  'evidence.vpc-endpoint-policy-denies.allowed': 'The policies of {endpoints} allow the pull.',
  // Unknown facts, stop reason, check failures (diagnose.ts)
  'evidence.check-failed': 'The {cause} check failed: {error}',
  'evidence.stop-reason-text': 'The stop reason matches the {family} family; candidates from the text: {candidates}.',
  'evidence.stop-reason-text.alone':
    'The stop reason matches the {family} family; candidates from the text alone: {candidates}.',
  'evidence.summary.unknown': 'No cause proven. Ruled out: {ruledOut}. Could not check: {unchecked}.',
  'evidence.part.what.ecr-image': 'The image {image} in ECR',
  'evidence.part.what.repository-tags': 'The tags of repository {repository}',
  'evidence.part.what.lifecycle-policy': 'The lifecycle policy of repository {repository}',
  'evidence.part.what.task-definition': 'Task definition {taskDefinition}',
  'evidence.part.what.role-permissions': 'The permissions of execution role {role}',
  'evidence.part.what.repository-policy': 'The repository policy of {repository}',
  'evidence.part.what.repository-policy.other-account': 'The repository policy of {repository} (account {account})',
  'evidence.part.what.parameter': 'Parameter {id}',
  'evidence.part.what.secret': 'Secret {id}',
  'evidence.part.what.kms-decrypt': 'kms:Decrypt for execution role {role}',

  // Image reference parse errors (image-ref.ts)
  'evidence.part.image-ref.none': 'no image reference',
  'evidence.part.image-ref.empty': 'image reference is empty',
  'evidence.part.image-ref.too-long': 'image reference is longer than 1024 characters',
  'evidence.part.image-ref.whitespace': 'image reference contains whitespace',
  'evidence.part.image-ref.url-scheme': 'image reference must not contain a URL scheme',
  'evidence.part.image-ref.no-repository': 'image reference has no repository name',
  'evidence.part.image-ref.repository-too-long': 'repository name is longer than 255 characters',
  'evidence.part.image-ref.invalid-digest': 'invalid digest "{value}"',
  'evidence.part.image-ref.invalid-tag': 'invalid tag "{value}"',
  'evidence.part.image-ref.invalid-host': 'invalid registry host "{value}"',
  'evidence.part.image-ref.uppercase': 'repository name "{value}" must be lowercase',
  'evidence.part.image-ref.invalid-component': 'invalid repository name component "{value}"',

  // Image family
  'evidence.image.no-reference': 'No parsable image reference.',
  'evidence.image.recent-tags': 'Most recent tags in the repository: {tags}.',
  'evidence.image.no-tags': 'The repository has no tagged images.',
  'evidence.image.lifecycle-policy':
    'The repository has a lifecycle policy ({rules} rule(s)) that could have expired the image.',
  'evidence.image.no-lifecycle-policy': 'The repository has no lifecycle policy.',
  'evidence.repository-not-found.not-ecr': '{repository} is not in ECR; its existence cannot be checked from AWS.',
  'evidence.repository-not-found.exists': 'Repository {repository} exists.',
  'evidence.repository-not-found.missing':
    'ECR says repository {repository} does not exist in account {account}, {region}.',
  'evidence.repository-not-found.missing.other-account':
    'ECR says repository {repository} does not exist in account {account}, {region} (another ' +
    'account: ECR may also answer so when its policy hides it).',
  'evidence.image-not-found.not-ecr': '{image} is not in ECR; tag existence cannot be checked from AWS.',
  'evidence.image-not-found.no-repository': 'Repository {repository} does not exist (see repository-not-found).',
  'evidence.image-not-found.no-digest': 'Digest {digest} does not exist in {repository}.',
  'evidence.image-not-found.no-tag': 'Tag {tag} does not exist in {repository}.',
  'evidence.image-not-found.tag-not-looked-up': 'Tag {tag} was not looked up.',
  'evidence.image-not-found.tag-exists': 'Tag {tag} exists in {repository}.',
  'evidence.image-not-found.digest-exists': 'Digest {digest} exists in {repository}.',
  'evidence.stale-image-digest.not-ecr-tag': 'The image is not an ECR image referenced by tag.',
  'evidence.stale-image-digest.no-pinned': 'The event names no resolved image digest for the container.',
  'evidence.stale-image-digest.tag-gone': 'Tag {tag} no longer exists (see image-not-found).',
  'evidence.stale-image-digest.not-looked-up': 'The tag and the pinned digest were not both looked up.',
  'evidence.stale-image-digest.moved':
    'Tag {tag} now points to {digest}, but the task was pinned to {pinned}, which no longer exists in {repository}.',
  'evidence.stale-image-digest.gone': 'The pinned digest {pinned} no longer exists in {repository}.',
  'evidence.stale-image-digest.exists': 'The pinned digest {pinned} still exists in {repository}.',
  'evidence.platform-mismatch.mismatch': 'The image {image} offers {platforms}, not {platform} which the task needs.',
  'evidence.platform-mismatch.no-platform':
    'The image {image} offers no platform, not {platform} which the task needs.',
  'evidence.platform-mismatch.offers': 'The image offers {platform}.',
  'evidence.platform-mismatch.single-platform':
    'The image manifest ({mediaType}) is single-platform; its architecture is in the config blob, which was not read.',
  'evidence.platform-mismatch.single-platform.unknown-type':
    'The image manifest (unknown type) is single-platform; its architecture is in the config blob, which was not read.',
  'evidence.platform-mismatch.stop-reason': 'The stop reason names a platform mismatch; the task needs {platform}.',
  'evidence.invalid-image-reference.unparsable': 'The image "{image}" cannot be parsed: {reason}.',
  'evidence.invalid-image-reference.stop-reason':
    'The stop reason says the image reference could not be normalised ("{image}").',
  'evidence.invalid-image-reference.stop-reason.no-image':
    'The stop reason says the image reference could not be normalised.',
  'evidence.invalid-image-reference.valid-as-is': 'The image reference {image} is valid.',
  'evidence.invalid-image-reference.valid': 'The image reference {image} is valid ({normalized}).',

  // Permissions family
  'evidence.part.need.ecr-image': 'pulls the private ECR image {image}',
  'evidence.part.need.repository-credentials': 'uses repositoryCredentials',
  'evidence.part.need.secrets': 'uses secrets',
  'evidence.part.need.awslogs': 'uses the awslogs log driver',
  'evidence.part.permission': '{action} on {resource}: {decision}',
  'evidence.part.permission.by': '{action} on {resource}: {decision} (by {deniedBy})',
  'evidence.execution-role-missing.present': 'Task definition {taskDefinition} has execution role {role}.',
  'evidence.execution-role-missing.not-needed':
    'Task definition {taskDefinition} has no execution role, and this task needs none.',
  'evidence.execution-role-missing.missing':
    'Task definition {taskDefinition} has no executionRoleArn, but the task {needs}.',
  'evidence.execution-role-ecr-permissions.not-ecr': 'The image {image} is not in a private ECR registry.',
  'evidence.execution-role-ecr-permissions.not-ecr.unknown-image':
    'The image (unknown) is not in a private ECR registry.',
  'evidence.execution-role-ecr-permissions.ec2':
    'On the EC2 launch type the container instance role pulls from ECR; the instance role was not examined.',
  'evidence.execution-role-ecr-permissions.no-role':
    'The task definition has no execution role (see execution-role-missing).',
  'evidence.execution-role-ecr-permissions.not-evaluated':
    'The ECR pull actions were not all evaluated for {role} on {repository}.',
  'evidence.execution-role-ecr-permissions.allowed.simulation':
    'By iam:SimulatePrincipalPolicy, {role} is allowed {checks}.',
  'evidence.execution-role-ecr-permissions.allowed.documents':
    "By the role's own policy documents, {role} is allowed {checks}.",
  'evidence.execution-role-ecr-permissions.allowed-unsure.simulation':
    'By iam:SimulatePrincipalPolicy, {role} is allowed the ECR pull actions on {repository}; ' +
    'service control policies and permissions boundaries were not visible, so a deny there is ' +
    'not excluded.',
  'evidence.execution-role-ecr-permissions.allowed-unsure.documents':
    "By the role's own policy documents, {role} is allowed the ECR pull actions on " +
    '{repository}; service control policies and permissions boundaries were not visible, so a ' +
    'deny there is not excluded.',
  'evidence.execution-role-ecr-permissions.denied.simulation.explicit':
    'By iam:SimulatePrincipalPolicy, {role} is not allowed: {checks} (explicit deny).',
  'evidence.execution-role-ecr-permissions.denied.simulation.implicit':
    'By iam:SimulatePrincipalPolicy, {role} is not allowed: {checks} (implicit deny: no statement allows it).',
  'evidence.execution-role-ecr-permissions.denied.documents.explicit':
    "By the role's own policy documents, {role} is not allowed: {checks} (explicit deny).",
  'evidence.execution-role-ecr-permissions.denied.documents.implicit':
    "By the role's own policy documents, {role} is not allowed: {checks} (implicit deny: no statement allows it).",
  'evidence.execution-role-ecr-permissions.denied.documents.implicit.scp':
    "By the role's own policy documents, {role} is not allowed: {checks} (implicit deny: no " +
    'statement allows it). A service control policy could also deny; attaching a policy is ' +
    'necessary either way.',
  'evidence.execution-role-ecr-permissions.denied.documents.explicit.unread':
    "By the role's own policy documents, {role} is not allowed: {checks} (explicit deny). " +
    "{unread} of the role's policies could not be read.",
  'evidence.execution-role-ecr-permissions.denied.documents.implicit.unread':
    "By the role's own policy documents, {role} is not allowed: {checks} (implicit deny: no " +
    "statement allows it). {unread} of the role's policies could not be read.",
  'evidence.execution-role-ecr-permissions.allowed-undecided.simulation':
    'By iam:SimulatePrincipalPolicy, {role} is allowed {checks}, but IAM decided without ' +
    '{keys}: a conditional deny was not evaluated.',
  'evidence.execution-role-ecr-permissions.denied.simulation.organizations':
    'A service control policy of the organization denies {role} the ECR pull, so attaching a ' +
    'policy to the role cannot help. By iam:SimulatePrincipalPolicy: {checks}.',
  'evidence.execution-role-ecr-permissions.denied.simulation.permissions-boundary':
    'The permissions boundary of {role} denies it the ECR pull, so attaching a policy to the ' +
    'role cannot help. By iam:SimulatePrincipalPolicy: {checks}.',
  'evidence.execution-role-ecr-permissions.denied.documents.organizations':
    'A service control policy of the organization denies {role} the ECR pull, so attaching a ' +
    "policy to the role cannot help. By the role's own policy documents: {checks}.",
  'evidence.execution-role-ecr-permissions.denied.documents.permissions-boundary':
    'The permissions boundary of {role} denies it the ECR pull, so attaching a policy to the ' +
    "role cannot help. By the role's own policy documents: {checks}.",
  'evidence.execution-role-ecr-permissions.undecided.simulation':
    'IAM could not decide without {keys}: the grant is conditional. By ' +
    'iam:SimulatePrincipalPolicy, {role} is not allowed without them: {checks}.',
  'evidence.execution-role-ecr-permissions.undecided.documents':
    "The role's own policy documents could not be decided without {keys}: the grant is " +
    'conditional. Without them, {role} is not allowed: {checks}.',
  'evidence.execution-role-ecr-permissions.repository-policy.denies.simulation':
    'The repository policy of {repository} explicitly denies {role} {actions} (statement ' +
    '{statements}), so attaching a policy to the role cannot help. By ' +
    'iam:SimulatePrincipalPolicy: {checks}.',
  'evidence.execution-role-ecr-permissions.repository-policy.denies.documents':
    'The repository policy of {repository} explicitly denies {role} {actions} (statement ' +
    "{statements}), so attaching a policy to the role cannot help. By the role's own policy " +
    'documents: {checks}.',
  'evidence.execution-role-ecr-permissions.repository-policy.may-deny.simulation':
    'The repository policy of {repository} may deny {role} {actions} (statement {statements}, ' +
    'a condition not evaluable here), so attaching a policy to the role may not help. By ' +
    'iam:SimulatePrincipalPolicy: {checks}.',
  'evidence.execution-role-ecr-permissions.repository-policy.may-deny.documents':
    'The repository policy of {repository} may deny {role} {actions} (statement {statements}, ' +
    'a condition not evaluable here), so attaching a policy to the role may not help. By the ' +
    "role's own policy documents: {checks}.",
  'evidence.execution-role-ecr-permissions.repository-policy.not-read':
    "The repository policy of {repository} was not read: in the task's account it can grant " +
    '{role} the pull without any identity policy, so the implicit deny is not proof.',
  'evidence.execution-role-ecr-permissions.repository-policy.unread':
    "The repository policy of {repository} could not be read ({reason}): in the task's account " +
    'it can grant {role} the pull without any identity policy, so the implicit deny is not ' +
    'proof.',
  'evidence.execution-role-ecr-permissions.repository-policy.conditional':
    'The repository policy of {repository} grants {role} {actions} under conditions that ' +
    "cannot be evaluated here: in the task's account such a grant needs no identity policy, so " +
    'the implicit deny is not proof.',
  'evidence.execution-role-ecr-permissions.repository-policy.grants':
    "The repository policy of {repository} grants {role} {actions}: in the task's account that " +
    "is enough without any identity policy, so the identity policies' implicit deny does not " +
    'stop the pull.',
  'evidence.repository-policy-denies.not-ecr': 'The image is not in a private ECR registry.',
  'evidence.repository-policy-denies.not-read': 'The policy of {repository} was not read.',
  'evidence.repository-policy-denies.no-policy.other-account':
    '{repository} is in account {owner} and has no repository policy, so account {account} cannot pull from it.',
  'evidence.repository-policy-denies.no-policy':
    '{repository} has no repository policy (same account: identity policies decide).',
  'evidence.repository-policy-denies.explicit-deny.statement':
    'The policy of {repository} explicitly denies {actions} (statement {statements}).',
  'evidence.repository-policy-denies.explicit-deny.condition':
    'The policy of {repository} explicitly denies {actions}: the condition of statement ' +
    '{statements} on {keys} holds for this pull.',
  'evidence.repository-policy-denies.not-allowed':
    'The policy of {repository} does not allow (account {account}): {actions}.',
  'evidence.repository-policy-denies.not-allowed.role':
    'The policy of {repository} does not allow (account {account}, role {role}): {actions}.',
  'evidence.repository-policy-denies.undecided-deny':
    'The policy of {repository} may deny {actions}: the condition of statement {statements} on ' +
    '{keys} cannot be evaluated here.',
  'evidence.repository-policy-denies.undecided-allow':
    'The policy of {repository} allows {actions} only under the condition of statement ' +
    '{statements} on {keys}, which cannot be evaluated here.',
  'evidence.repository-policy-denies.allowed.role': 'The policy of {repository} allows {actions} for {principal}.',
  'evidence.repository-policy-denies.allowed.role.same-account':
    'The policy of {repository} allows {actions} for {principal} (or does not deny them).',
  'evidence.repository-policy-denies.allowed.account':
    'The policy of {repository} allows {actions} for account {principal}.',
  'evidence.repository-policy-denies.allowed.account.same-account':
    'The policy of {repository} allows {actions} for account {principal} (or does not deny them).',

  // Registry-auth family
  'evidence.part.secret.missing': '{id} does not exist in {region}',
  'evidence.part.secret.deleting': '{id} is scheduled for deletion ({date})',
  'evidence.part.secret.not-allowed': 'the execution role is not allowed {action} on {resource} ({decision})',
  'evidence.registry-credentials-invalid.none': 'Container {container} has no repositoryCredentials.',
  'evidence.registry-credentials-invalid.not-examined': 'Secret {secret} was not examined.',
  'evidence.registry-credentials-invalid.other-region':
    "The credentials secret {secret} is in {region}, not in the task's region {taskRegion}.",
  'evidence.registry-credentials-invalid.problem': 'The credentials secret: {problem}.',
  'evidence.registry-credentials-invalid.shape':
    'The stop reason points at the content of {secret} (expected JSON {"username","password"}); values are never read.',
  'evidence.registry-credentials-invalid.readable':
    'Secret {secret} exists and is readable by the execution role; its JSON shape ' +
    '({"username","password"}) cannot be checked without reading the value.',
  'evidence.secret-or-parameter-unavailable.none': 'The task definition has no secrets.',
  'evidence.secret-or-parameter-unavailable.not-examined': '{count} secret reference(s) were not examined.',
  'evidence.secret-or-parameter-unavailable.problem': '{ref}: {problem}.',
  'evidence.secret-or-parameter-unavailable.malformed':
    'The referenced secrets exist, but the stop reason says a valueFrom is malformed (JSON key ' +
    '/ version stage / version id part).',
  'evidence.secret-or-parameter-unavailable.readable':
    'All {count} secret reference(s) exist and are readable by the execution role.',
  'evidence.kms-decrypt-denied.no-key': 'No secret or parameter uses a customer managed KMS key.',
  'evidence.kms-decrypt-denied.denied':
    'The execution role is not allowed kms:Decrypt on {key} ({decision}), the key of {id}.',
  'evidence.kms-decrypt-denied.not-evaluated': 'kms:Decrypt was not evaluated for {keys}.',
  'evidence.kms-decrypt-denied.allowed': 'The execution role is allowed kms:Decrypt on {keys}.',
  'evidence.kms-decrypt-denied.allowed.documents':
    'The execution role is allowed kms:Decrypt on {keys} by its own policies (the key policy was not read).',

  // Rate-limit and host families
  'evidence.dockerhub-rate-limit.no-rate-limit': 'The stop reason does not name a rate limit.',
  'evidence.dockerhub-rate-limit.other-registry':
    'The image {image} is not on Docker Hub; the registry throttled the pull.',
  'evidence.dockerhub-rate-limit.other-registry.unknown-image':
    'The image (unknown) is not on Docker Hub; the registry throttled the pull.',
  'evidence.dockerhub-rate-limit.with-credentials':
    'Docker Hub image {image} is pulled with credentials ({secret}); authenticated pulls have ' +
    'a higher limit that can still be reached.',
  'evidence.dockerhub-rate-limit.rate-limited':
    'The stop reason names a rate limit (toomanyrequests/429) for Docker Hub image {image}.',
  'evidence.dockerhub-rate-limit.credentials-not-checked':
    'Whether the container uses repositoryCredentials was not checked.',
  'evidence.dockerhub-rate-limit.anonymous': 'Container {container} pulls anonymously (no repositoryCredentials).',
};
