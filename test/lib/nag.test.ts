/**
 * cdk-nag 3.x (AwsSolutions pack): no unacknowledged error or warning, and every acknowledgement is
 * specific (one finding, its own reason) and still needed. cdk-nag 3 runs as a validation plugin at
 * synthesis; `validateScope` runs the same checks directly.
 */
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, rules } from 'cdk-nag';
import { configureApp } from '../../lib/app';
import { testApp } from '../helpers/stack';

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning', () => {
    const app = testApp();
    const stack = configureApp(app);
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('lets the app synthesize with the plugin registered (what `cdk synth` runs)', () => {
    const app = testApp();
    configureApp(app);
    expect(() => app.synth()).not.toThrow();
  });

  it('acknowledges only single IAM5 wildcard-resource findings that exist, each with its own reason', () => {
    const app = testApp();
    const stack = configureApp(app);
    const acknowledged = stack.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>))
        .map(([id, reason]) => ({ construct, id: id.replace(/^annotation::/i, ''), reason })),
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { construct, id, reason } of acknowledged) {
      // Only "AwsSolutions-IAM5[Resource::…]": never IAM5 as a whole, never an action wildcard.
      expect(id).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
      expect(reason.length).toBeGreaterThan(60);
      // Not stale: the rule still reports exactly this finding on the acknowledged policy.
      const resource = construct.node.defaultChild;
      expect(CfnResource.isCfnResource(resource)).toBe(true);
      const findings = rules.iam.IAMNoWildcardPermissions(resource as CfnResource);
      expect(Array.isArray(findings) ? findings.map((f) => `AwsSolutions-IAM5[${f}]`) : []).toContain(id);
    }
  });

  it('is live: an unencrypted queue without TLS is reported (the check does not pass silently)', () => {
    const app = testApp();
    const stack = new Stack(app, 'Probe');
    new sqs.Queue(stack, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-SQS4']));
  });
});
