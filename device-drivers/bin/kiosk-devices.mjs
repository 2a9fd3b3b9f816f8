#!/usr/bin/env node
// Runs the TypeScript sources directly: field machines get the same code the tests run.
import { register } from 'tsx/esm/api';

register();
await import('../src/node/cli/main.ts');
