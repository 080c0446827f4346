/**
 * Builds the test App the way `cdk synth` builds the real one: same context as cdk.json (feature flags),
 * because `new App()` in a test does not read cdk.json and would synthesize with old defaults.
 *
 * Bundling is skipped unless asked for ('aws:cdk:bundling-stacks': []): esbuild costs ~0.5 s per
 * synthesis and only the bundling test looks at the asset.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { configureApp } from '../../lib/app';
import type { PullDoctorStack } from '../../lib/pull-doctor-stack';

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');

/** The "context" block of cdk.json. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> };
  return { ...cdkJson.context };
}

export interface TestAppOptions {
  /** Run esbuild for the function (default false). */
  readonly bundle?: boolean;
  /** Extra context, applied over cdk.json's. */
  readonly context?: Record<string, unknown>;
}

export function testApp(options: TestAppOptions = {}): App {
  return new App({
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
}

export interface SynthesizedStack {
  readonly app: App;
  readonly stack: PullDoctorStack;
  readonly template: Template;
}

/** The stack as lib/app.ts builds it (same id, same cdk-nag plugin), synthesized to a Template. */
export function synthPullDoctor(options: TestAppOptions = {}): SynthesizedStack {
  const app = testApp(options);
  const stack = configureApp(app);
  return { app, stack, template: Template.fromStack(stack) };
}

let shared: SynthesizedStack | undefined;

/** One unbundled synthesis shared by the tests of a file (the stack is deterministic; tests only read). */
export function sharedPullDoctor(): SynthesizedStack {
  shared ??= synthPullDoctor();
  return shared;
}
