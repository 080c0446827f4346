/**
 * Issue 20: each 2026 failure class decided from a real message of the cited public corpus
 * (test/fixtures/corpus/public-messages.json, each entry with its source) and the account's facts — the text alone
 * never decides, and none of them is ever fixed automatically.
 *
 * - Archived image: ECR answers a pull of an archived image with 404 (docs.aws.amazon.com/AmazonECR/latest/userguide/
 *   archive-image.html), so the task reads as the 404 of a missing tag — the corpus' "API error (404): manifest for …
 *   not found" (awslabs/ecs-refarch-continuous-deployment#33). DescribeImages' imageStatus tells them apart.
 * - Throttling: "TOOMANYREQUESTS: Rate exceeded" (AmazonECR/latest/userguide/common-errors.html).
 * - Registry outage: "Could not reach any registry endpoint" (aws/amazon-ecs-agent#719, Docker Hub down).
 * - Slow pull: "inactivity time exceeded timeout while pulling image" (amazon-ecs-agent docker_client.go).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planRemediation } from '../../../lambda/causes/plan';
import { diagnose } from '../../../lambda/diagnose/diagnose';
import { ecr, facts, failure, iam, known } from '../../helpers/facts';

interface Entry {
  message: string;
  cause: string;
  image?: string;
  source: string;
}
const corpus = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/corpus/public-messages.json'), 'utf8'),
) as Entry[];
const entry = (part: string) => {
  const e = corpus.find((x) => x.message.includes(part));
  if (!e) throw new Error(`no corpus message with "${part}"`);
  return e;
};

describe('the 2026 failure classes, from cited messages and the facts', () => {
  it('archived: the 404 of a missing tag is an archived image when DescribeImages says ARCHIVED', () => {
    const e = entry('API error (404): manifest for');
    // The task's image (its task definition's): web:1.4.2, archived by a lifecycle rule.
    const archived = known({
      recentTags: ['1.5.0'],
      imageCount: 1,
      inactive: [{ digest: `sha256:${'9'.repeat(64)}`, tags: ['1.4.2'], status: 'ARCHIVED' as const }],
    });
    const f = failure(e.message);
    const d = diagnose(
      f,
      facts({ ecr: ecr({ image: known({ repositoryExists: true, tagDigest: null }), tags: archived }) }),
    );
    expect([d.cause, d.confidence]).toEqual(['image-archived', 'proven']);
    const missing = diagnose(f, facts({ ecr: ecr({ image: known({ repositoryExists: true, tagDigest: null }) }) }));
    expect(missing.cause).toBe('image-not-found');
    const plan = planRemediation(d);
    expect(plan.steps[0]!.command).toMatch(/update-image-storage-class .*--target-storage-class STANDARD/);
    expect(plan.autoFix).toBeUndefined();
  });

  it('throttling: "Rate exceeded" while the image exists and the role may pull is AWS throttling, likely', () => {
    const e = entry('TOOMANYREQUESTS: Rate exceeded');
    expect(e.cause).toBe('aws-api-throttled');
    const d = diagnose(failure(e.message), facts({ ecr: ecr(), iam: known(iam()) }));
    expect([d.cause, d.confidence]).toEqual(['aws-api-throttled', 'likely']);
    expect(planRemediation(d).steps.every((s) => !s.automatic)).toBe(true);
  });

  it('outage: no registry endpoint answered while the image exists and the role may pull is the registry, likely', () => {
    const e = entry('Could not reach any registry endpoint');
    const d = diagnose(failure(e.message), facts({ ecr: ecr(), iam: known(iam()) }));
    expect([d.cause, d.confidence]).toEqual(['registry-unavailable', 'likely']);
    expect(planRemediation(d).steps.map((s) => s.id)).toContain('check-registry-status');
  });

  it('slow pull: the inactivity timeout of a 3 GiB image that ran 13 minutes is a slow pull, with its levers', () => {
    const e = entry('inactivity time exceeded timeout');
    const sized = known({ recentTags: ['1.4.2'], imageCount: 1, imageSizeBytes: 3 * 1024 ** 3 });
    const d = diagnose(
      failure(e.message, {
        task: { launchType: 'EC2', pullStartedAt: '2026-11-25T05:28:40Z', pullStoppedAt: '2026-11-25T05:41:58Z' },
      }),
      facts({ ecr: ecr({ tags: sized }) }),
    );
    expect([d.cause, d.confidence]).toEqual(['pull-timeout', 'likely']);
    expect(d.evidence.map((x) => x.detail).join(' ')).toMatch(/ran 13 min .*3\.0 GiB in ECR/);
    expect(planRemediation(d).steps.map((s) => s.id)).toEqual(['smaller-image', 'agent-pull-timeouts']);
  });
});
