/**
 * Issue 20, IPv6 and dual-stack networks, as the function runs (runPipeline over the scenario accounts of
 * test/helpers/scenarios.ts, strict SDK mocks; the same network decisions against moto: address-family-moto.test.ts):
 * what is decided, what the message says was checked and what to do, and that the endpoint auto-fix, switched on,
 * changes nothing where endpoints cannot help.
 */
import { writeCommands } from '../../helpers/aws-mocks';
import { runScenario } from '../../helpers/run-scenario';
import { IPV6_SCENARIOS, type Scenario } from '../../helpers/scenarios';

async function run(s: Scenario, lang = 'en') {
  const { published, result } = await runScenario(s, { AUTO_FIX_VPC_ENDPOINTS: 'true', NOTIFICATION_LANGUAGE: lang });
  expect(published).toHaveLength(1);
  return { d: result.diagnosis, body: published[0]!.body };
}

const PRIVATE_A = 'subnet-0a1b2c3d4e5f60718';

describe('IPv6 and dual-stack scenarios, with AutoFixVpcEndpoints on', () => {
  it.each(Object.entries(IPV6_SCENARIOS))('%s: the scenario’s cause and confidence, nothing written', async (_n, s) => {
    const { d } = await run(s);
    expect({ cause: d.cause, confidence: d.confidence }).toEqual({ cause: s.cause, confidence: s.confidence });
    expect(writeCommands()).toEqual([]);
  });

  it('IPv6-only subnets, classic name: the message names the subnets, the IPv4-only name and the dual-stack one to use', async () => {
    const { d, body } = await run(IPV6_SCENARIOS.ipv6OnlyClassicName);
    expect(d.fixInputs.addressFamily).toMatchObject({ stack: 'ipv6-only' });
    expect(body).toContain('are IPv6-only, and 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com resolves to IPv4');
    expect(body).toContain('123456789012.dkr-ecr.ap-northeast-1.on.aws/api:2026.11.24-3');
    expect(body).toContain('--enable-dns64');
    expect(body).toContain('Not applied automatically');
    expect(body).not.toContain('create-vpc-endpoint');
  });

  it('IPv6-only subnets, dual-stack name, registry auth: “cannot be decided”, citing what users report', async () => {
    const { body } = await run(IPV6_SCENARIOS.ipv6OnlyDualNameAuth);
    expect(body).toContain('is not documented, so the routes cannot decide it');
    expect(body).toContain('aws/containers-roadmap#2287');
    expect(body).toContain('eigw-0a1b2c3d4e5f60718');
  });

  it('dual-stack name behind every ECR endpoint: the endpoints are named as not serving it, the classic name comes first', async () => {
    const { d, body } = await run(IPV6_SCENARIOS.dualStackNameBehindEndpoints);
    expect(d.resources.subnetIds).toContain(PRIVATE_A);
    expect(body).toContain('is ECR’s dual-stack name, which VPC endpoints do not serve');
    expect(body).toContain('123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:2026.11.24-3');
    expect(body.indexOf('register-task-definition')).toBeGreaterThan(-1);
    expect(body).toContain('Not applied automatically: the image uses ECR’s dual-stack name');
    expect(body).toContain(`Endpoints help subnet(s) ${PRIVATE_A}`);
  });

  it('in Japanese, the same decisions in Japanese sentences', async () => {
    const { body } = await run(IPV6_SCENARIOS.dualStackNameBehindEndpoints, 'ja');
    expect(body).toContain('ECR のデュアルスタック名');
    expect(body).toContain('自動では適用しません');
  });
});
