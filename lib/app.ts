/**
 * CDK app entry (cdk.json: "npx tsx lib/app.ts"). cdk-nag's AwsSolutions pack runs as a validation
 * plugin: `cdk synth` fails on any finding that is not acknowledged in the stack with a reason.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PullDoctorStack } from './pull-doctor-stack';

export const STACK_NAME = 'EcsPullDoctor';

/** Adds the stack and the checks to an app; the tests call this with an App built like cdk.json's. */
export function configureApp(app: App): PullDoctorStack {
  const stack = new PullDoctorStack(app, STACK_NAME, {
    // `cdk deploy -c mode=organization`: the central stack of organization mode (README "Organization mode").
    organization: app.node.tryGetContext('mode') === 'organization',
    // Environment-agnostic when the CLI has no credentials (synth in CI); concrete when it has.
    env: {
      ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
      ...(process.env.CDK_DEFAULT_REGION ? { region: process.env.CDK_DEFAULT_REGION } : {}),
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

if (require.main === module) {
  configureApp(new App());
}
