// A worker thread of the Markdown renderer (render.ts): renders one text per message with render-core.ts.
// Plain JavaScript so that it starts the same way under `parapet start`, the tests and the benchmarks: it
// registers tsx's loader itself, then loads the TypeScript renderer.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderMarkdownSync } = await import('./render-core.ts');

parentPort.on('message', ({ id, source }) => {
  try {
    parentPort.postMessage({ id, html: renderMarkdownSync(source) });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
// The first rendering creates the sanitiser's window and compiles the code paths: do it before taking work.
renderMarkdownSync('*Warm-up* [link](/x)\n\n- item\n\n| a |\n|---|\n| b |');
parentPort.postMessage({ ready: true });
