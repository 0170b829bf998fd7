#!/usr/bin/env node
// The `parapet` command. Parapet's TypeScript runs through tsx's loader; no build step for the server.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
