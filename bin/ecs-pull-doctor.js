#!/usr/bin/env node
// Runs the TypeScript CLI (lambda/cli.ts) through tsx, so a clone works right after `npm ci`.
'use strict';
require('tsx/cjs');
require('../lambda/cli.ts').runAsProcess();
