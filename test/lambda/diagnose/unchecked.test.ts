/** What could not be checked: every unknown fact is said, under its check name, and none is silently dropped. */
import { unknownFacts } from '../../../lambda/diagnose/unchecked';
import type { Facts } from '../../../lambda/facts/types';
import { denied, ecr, facts, iam, known, net } from '../../helpers/facts';

describe('unknownFacts', () => {
  it('names every unknown fact by its check, in the listed order', () => {
    const f: Facts = facts({
      taskDefinition: denied('ecs:DescribeTaskDefinition'),
      network: { ...net(), routeTables: denied('ec2:DescribeRouteTables') },
      iam: known({ ...iam(), role: denied('iam:GetRole') }),
      ecr: ecr({ tags: denied('ecr:DescribeImages') }),
      probed: { 'pull-through-cache-rules': denied('ecr:DescribePullThroughCacheRules') },
    });
    expect(unknownFacts(f).map((u) => [u.check, u.api])).toEqual([
      ['task-definition', 'ecs:DescribeTaskDefinition'],
      ['route-tables', 'ec2:DescribeRouteTables'],
      ['execution-role', 'iam:GetRole'],
      ['recent-tags', 'ecr:DescribeImages'],
      ['pull-through-cache-rules', 'ecr:DescribePullThroughCacheRules'],
    ]);
  });

  it('says an unknown fact it has no name for under its path, rather than dropping it', () => {
    const f = facts({ probed: { 'a-probe-nobody-lists': denied('ecr:DescribeSomething') } });
    expect(unknownFacts(f)).toEqual([
      {
        check: 'probed.a-probe-nobody-lists',
        api: 'ecr:DescribeSomething',
        reason: 'ecr:DescribeSomething: AccessDeniedException',
      },
    ]);
  });

  it('says nothing when every fact was read (skipped calls are listed elsewhere)', () => {
    const f = facts({ network: net(), ecr: ecr(), iam: known(iam()) });
    f.skipped.push({ check: 'secrets', api: 'secrets', reason: 'skipped: call budget' });
    expect(unknownFacts(f)).toEqual([]);
  });
});
