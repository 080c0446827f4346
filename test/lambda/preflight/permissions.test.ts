/**
 * Issue 19: the read policy a CI job needs for `preflight` is derived from the function's own read list, and the
 * README shows exactly it (the block tagged `json preflight-policy`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allReadActions } from '../../../lambda/causes/read-actions';
import {
  NOT_CALLED_BY_PREFLIGHT,
  PREFLIGHT_ONLY,
  preflightPolicy,
  preflightReadActions,
} from '../../../lambda/preflight/permissions';

describe('preflight read policy', () => {
  it('is the function read list less what preflight never calls, read-only', () => {
    expect(NOT_CALLED_BY_PREFLIGHT.filter((a) => !allReadActions().includes(a))).toEqual([]);
    const actions = preflightReadActions();
    expect(actions).toEqual(expect.arrayContaining(['ecs:DescribeTaskDefinition', 'iam:SimulatePrincipalPolicy']));
    expect(actions).not.toContain('ecs:DescribeTasks');
    expect(actions).toHaveLength(allReadActions().length - NOT_CALLED_BY_PREFLIGHT.length + PREFLIGHT_ONLY.length);
    expect(allReadActions()).not.toContain('ecr:GetDownloadUrlForLayer');
    expect(actions.filter((a) => !/^[a-z0-9]+:(Describe|Get|List|BatchGet|Simulate|Validate)/.test(a))).toEqual([]);
  });

  it('is the policy the README gives CI, word for word', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const block = /```json preflight-policy\n([\s\S]*?)\n```/.exec(readme);
    expect(block).not.toBeNull();
    expect(JSON.parse(block![1]!)).toEqual(preflightPolicy());
  });
});
