/**
 * The S3 gateway goes only where S3 is not reached otherwise (issue 13, a narrow endpoint fix): of the task's
 * subnets, only the route tables whose default route reaches no NAT or internet gateway. Adding the gateway to
 * a table with a working NAT route would move that table's S3 traffic onto the gateway and its endpoint policy.
 * Pure: facts in (test/helpers/facts.ts), diagnosis out.
 */
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { facts, failure, known, natRoute, net, routeTable } from '../../helpers/facts';

const AUTH =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth';

it('puts the S3 gateway on the isolated subnet’s table only, never on the table of a subnet with a NAT route', () => {
  const isolated = routeTable([], { id: 'rtb-0isolated', subnetIds: ['subnet-0a1'] });
  const natted = routeTable([natRoute()], { id: 'rtb-0natted', subnetIds: ['subnet-0b2'] });
  const n = {
    ...net({ tables: [isolated, natted] }),
    subnets: known([
      {
        id: 'subnet-0a1',
        vpcId: 'vpc-0a',
        availabilityZone: 'us-east-1a',
        cidr: '10.0.1.0/24',
        mapPublicIpOnLaunch: false,
      },
      {
        id: 'subnet-0b2',
        vpcId: 'vpc-0a',
        availabilityZone: 'us-east-1b',
        cidr: '10.0.2.0/24',
        mapPublicIpOnLaunch: false,
      },
    ]),
  };
  const d = diagnose(failure(AUTH, { task: { subnetIds: ['subnet-0a1', 'subnet-0b2'] } }), facts({ network: n }));
  expect(d.fixInputs.routeTablesWithoutS3).toEqual(['rtb-0isolated']);
});
