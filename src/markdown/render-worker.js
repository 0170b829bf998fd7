// A worker thread of the Markdown renderer (render.ts), as it starts from source (tests, benchmarks,
// PARAPET_FROM_SOURCE=1): registers tsx's loader, then loads the TypeScript worker. The built server has its own
// render-worker.js, bundled from render-worker-main.ts (bin/server-build.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./render-worker-main.ts');
