// The Markdown renderer's worker thread (render.ts starts it): renders one text per message with render-core.ts.
// From source it is loaded by render-worker.js (which registers tsx's loader first); in the built server
// (bin/server-build.mjs) it is the entry dist/server-*/render-worker.js, next to the code that starts it.
import { parentPort } from 'node:worker_threads';
import { renderMarkdownSync } from './render-core.ts';

if (!parentPort) throw new Error('render-worker-main.ts runs only as a worker thread');
const port = parentPort;

port.on('message', ({ id, source }: { id: number; source: string }) => {
  try {
    port.postMessage({ id, html: renderMarkdownSync(source) });
  } catch (err) {
    port.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
// The first rendering creates the sanitiser's window and compiles the code paths: do it before taking work.
renderMarkdownSync('*Warm-up* [link](/x)\n\n- item\n\n| a |\n|---|\n| b |');
port.postMessage({ ready: true });
