/**
 * How the function's code is built (issue 21): two files from one esbuild configuration. `index.js` is the
 * handler with what every event needs (configuration, logger, metrics, the pure triage of lambda/triage.ts);
 * `handler-core.js` is the pipeline with the SDK clients, causes, catalogues and writers, which the handler
 * requires in the init phase (the stack's PIPELINE_LOAD=init) or on the first event that needs it (first-event:
 * an ignored event then loads nothing more). Node's compile time grows with the code it is given.
 */
import * as path from 'node:path';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import BUILD from './function-build.json';

/**
 * The module the handler requires (lambda/handler.ts `require('./handler-core')`, a literal the bundle test checks
 * against this), left out of index.js, and the file it is built to beside it. function-build.json holds both and
 * the esbuild options both files are built with; scripts/function-core-build.mjs reads the same file.
 */
export const CORE_MODULE = BUILD.coreModule;
export const CORE_FILE = `${CORE_MODULE.slice(2)}.js`;

export function functionBundling(): nodejs.BundlingOptions {
  return {
    minify: BUILD.minify,
    sourceMap: BUILD.sourceMap,
    sourcesContent: BUILD.sourcesContent,
    target: BUILD.target,
    // Ship the SDK version the tests ran against, not whatever the runtime provides.
    bundleAwsSDK: true,
    // The SDK's ES module builds tree-shake; its CommonJS builds do not (the bundle is 2.4 MB with them, 1.4 MB
    // with these). UTF-8 output keeps the Japanese catalogue at 3 bytes a character.
    mainFields: BUILD.mainFields,
    // `charset: Charset.UTF8` is not passed on to esbuild by this aws-cdk-lib version: say it directly.
    esbuildArgs: { '--charset': BUILD.charset },
    // The pipeline is its own file, built after index.js with the same options (function-build.json) and one more
    // minifier pass (scripts/function-core-build.mjs says why). The command runs the project's own esbuild and
    // @swc/core (dev dependencies): local bundling, which the CDK uses when esbuild is installed, as after `npm ci`.
    externalModules: [CORE_MODULE],
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => [
        `node ${quote(path.join(inputDir, 'scripts', 'function-core-build.mjs'))} ${quote(outputDir)}`,
      ],
    },
  };
}

const quote = (p: string) => `"${p}"`;
