// The proof-of-work Web Worker: runs one stride of the nonce search off the page's main thread and reports
// progress and the nonce it finds.
import { search, type SearchTask } from './search.ts';

export type WorkerMessage = { type: 'progress'; hashes: number } | { type: 'found'; nonce: string } | { type: 'error'; message: string };

interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: MessageEvent<SearchTask>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const REPORT_EVERY_MS = 100;

scope.onmessage = (event) => {
  let pending = 0;
  let reported = performance.now();
  search(
    event.data,
    (n) => {
      pending += n;
      const now = performance.now();
      if (now - reported >= REPORT_EVERY_MS) {
        scope.postMessage({ type: 'progress', hashes: pending });
        pending = 0;
        reported = now;
      }
    },
    () => false, // the page terminates the worker when it is no longer needed
  ).then(
    (nonce) => {
      if (nonce !== undefined) scope.postMessage({ type: 'found', nonce });
    },
    (err: unknown) => scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
};
