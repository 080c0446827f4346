/**
 * The probes cause modules bring along (facts/image-probe.ts): every declared probe has its SDK half, its actions
 * are granted, and its calls are planned only when a candidate cause lists it.
 */
import { CAUSE_PROBES, callPlanFor } from '../../../lambda/causes/call-plan';
import { classifyText } from '../../../lambda/causes/classify';
import { allReadActions, PROBE_READ_ACTIONS } from '../../../lambda/causes/read-actions';
import { IMAGE_PROBE_RUNNERS, runnerOf } from '../../../lambda/facts/probes/runners';
import { PULL_THROUGH_CACHE } from '../../../lambda/facts/pull-through-cache';
import { ACCOUNT, REGION, failure } from '../../helpers/facts';
import { mockScenario } from '../../helpers/scenarios';
import { CallContext } from '../../../lambda/aws/call';
import { createClients } from '../../../lambda/aws/clients';
import { gatherFacts } from '../../../lambda/facts/gather';
import { findPullFailure } from '../../../lambda/event/pull-failure';
import { parseTaskStateChange } from '../../../lambda/event/schema';

const PTC_IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/docker-hub/library/nginx:1.27`;
const planFor = (reason: string, image: string) => {
  const f = failure(reason, { image });
  return callPlanFor(classifyText(reason, image, 'FARGATE'), f);
};

describe('image probes', () => {
  it('has one runner for every probe a cause module lists, and no runner without a declaration', () => {
    expect(CAUSE_PROBES).toContain(PULL_THROUGH_CACHE);
    for (const p of CAUSE_PROBES) expect([p.check, runnerOf(p)?.probe]).toEqual([p.check, p]);
    expect(IMAGE_PROBE_RUNNERS.map((r) => r.probe)).toEqual(CAUSE_PROBES);
  });

  it("grants every probe's actions to the Lambda, once", () => {
    expect(PROBE_READ_ACTIONS).toEqual(['ecr:DescribePullThroughCacheRules', 'ecr:ValidatePullThroughCacheRule']);
    const all = allReadActions();
    expect(new Set(all).size).toBe(all.length);
    for (const a of PULL_THROUGH_CACHE.actions) expect(all).toContain(a);
  });

  it('plans the pull-through cache calls for a not-found image under a cache prefix, before the image lookup rests', () => {
    const plan = planFor(`CannotPullContainerError: failed to resolve ref ${PTC_IMAGE}: not found`, PTC_IMAGE);
    expect(plan.needs.probes).toEqual([PULL_THROUGH_CACHE]);
    const slots = plan.calls.map((c) => c.slot);
    expect(slots).toEqual(expect.arrayContaining([...PULL_THROUGH_CACHE.slots, 'ecr:BatchGetImage']));
  });

  it('does not plan them for the same text about an image outside every cache prefix', () => {
    const image = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:1.4.2`;
    const plan = planFor(`CannotPullContainerError: failed to resolve ref ${image}: not found`, image);
    expect(plan.needs.probes).toEqual([]);
    expect(plan.calls.map((c) => c.slot)).not.toContain('ecr:DescribePullThroughCacheRules');
  });

  it("plans them for ECR's upstream-authentication wording whatever the prefix", () => {
    const image = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/hub/bitnami/redis:7`;
    const plan = planFor('denied: The authentication to the upstream registry failed. Verify …', image);
    expect(plan.needs.probes).toEqual([PULL_THROUGH_CACHE]);
  });

  it('applies to a private ECR repository of the task account under a prefix only', () => {
    const ref = (repository: string, accountId = ACCOUNT) =>
      ({ raw: '', registry: '', repository, registryType: 'ecr', accountId, region: REGION }) as never;
    expect(PULL_THROUGH_CACHE.applies(ref('docker-hub/library/nginx'), ACCOUNT)).toBe(true);
    expect(PULL_THROUGH_CACHE.applies(ref('web'), ACCOUNT)).toBe(false);
    expect(PULL_THROUGH_CACHE.applies(ref('docker-hub/library/nginx', '999988887777'), ACCOUNT)).toBe(false);
  });
});

describe('image probes in gatherFacts (the pull-through cache scenario)', () => {
  const gatherFor = async (
    edit: (detail: any) => void,
    cause: 'pull-through-cache-rule-missing' | 'pull-through-cache-upstream-auth' = 'pull-through-cache-rule-missing',
  ) => {
    const s = mockScenario(cause);
    const event = s.event as any;
    edit(event.detail);
    const parsed = parseTaskStateChange(event);
    if (!parsed.ok) throw new Error(parsed.reason);
    const found = findPullFailure(parsed.task);
    if (!found.ok) throw new Error(found.reason);
    const f = found.failure;
    const ctx = new CallContext();
    const plan = callPlanFor(classifyText(f.reason, f.image, f.task.launchType), f);
    const facts = await gatherFacts(f, plan, { clients: createClients(s.region), ctx });
    return { facts, apis: ctx.calls.map((c) => c.api) };
  };

  it("runs the probe once, from the event's image", async () => {
    const { facts, apis } = await gatherFor(() => {});
    expect(facts.probed?.['pull-through-cache-rules']).toMatchObject({ ok: true, value: { match: null } });
    expect(apis.filter((a) => a === 'ecr:DescribePullThroughCacheRules')).toHaveLength(1);
  });

  it("runs it from the task definition's image when the event names none (ECR's own words need no image)", async () => {
    const { facts, apis } = await gatherFor((d) => {
      for (const c of d.containers) delete c.image;
    }, 'pull-through-cache-upstream-auth');
    expect(facts.probed?.['pull-through-cache-rules']).toMatchObject({
      ok: true,
      value: { match: { prefix: 'docker-hub' } },
    });
    expect(apis.filter((a) => a.includes('PullThroughCache'))).toEqual([
      'ecr:DescribePullThroughCacheRules',
      'ecr:ValidatePullThroughCacheRule',
    ]);
  });
});
