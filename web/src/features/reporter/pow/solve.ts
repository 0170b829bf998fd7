// Solving the report form's proof-of-work challenge in the browser: SHA-256 through WebCrypto in module Web
// Workers (one nonce stride per worker, up to four), so the page stays responsive; in-page when workers are
// unavailable. The form calls solveChallenge() with the challenge from GET /api/intake/challenge.
import { intakeApi } from '../../admin/security/intakeApi.ts';
import { search, type SearchTask } from './search.ts';
import type { WorkerMessage } from './worker.ts';

export interface PowChallenge {
  id: string;
  difficulty: number;
}

export interface PowSolution {
  challengeId: string;
  nonce: string;
}

export interface PowProgress {
  /** Hashes tried so far. */
  hashes: number;
  /** Hashes a solution takes on average (2^difficulty). */
  expected: number;
  elapsedMs: number;
}

export interface SolveOptions {
  signal?: AbortSignal;
  /** Number of workers (default: the browser's hardware concurrency, 1 to 4). */
  workers?: number;
}

function workerCount(options: SolveOptions): number {
  // `|| 1` below also covers a browser that does not say (undefined, so NaN).
  const wanted = options.workers ?? (typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1);
  return Math.max(1, Math.min(4, Math.floor(wanted) || 1));
}

function abortError(): DOMException {
  return new DOMException('The proof-of-work was cancelled.', 'AbortError');
}

/**
 * Finds a nonce such that SHA-256(challenge.id + ':' + nonce) has challenge.difficulty leading zero bits.
 * onProgress is called about ten times a second. Rejects with an AbortError when options.signal aborts.
 */
export function solveChallenge(
  challenge: PowChallenge,
  onProgress?: (p: PowProgress) => void,
  options: SolveOptions = {},
): Promise<PowSolution> {
  const started = performance.now();
  const expected = 2 ** challenge.difficulty;
  let hashes = 0;
  const report = (n: number) => {
    hashes += n;
    onProgress?.({ hashes, expected, elapsedMs: performance.now() - started });
  };
  if (options.signal?.aborted) return Promise.reject(abortError());
  if (typeof Worker === 'undefined') return solveInPage(challenge, report, options.signal);

  const n = workerCount(options);
  return new Promise<PowSolution>((resolve, reject) => {
    const workers: Worker[] = [];
    let done = false;
    const finish = () => {
      done = true;
      for (const w of workers) w.terminate();
      options.signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      if (done) return;
      finish();
      reject(abortError());
    };
    options.signal?.addEventListener('abort', onAbort);
    for (let i = 0; i < n; i++) {
      let worker: Worker;
      try {
        worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `proof-of-work-${i}` });
      } catch {
        // Workers refused (e.g. by a policy): search on the page instead.
        finish();
        solveInPage(challenge, report, options.signal).then(resolve, reject);
        return;
      }
      workers.push(worker);
      worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
        if (done) return;
        const m = event.data;
        if (m.type === 'progress') report(m.hashes);
        else if (m.type === 'found') {
          finish();
          resolve({ challengeId: challenge.id, nonce: m.nonce });
        } else {
          finish();
          reject(new Error(`The proof-of-work failed: ${m.message}`));
        }
      };
      worker.onerror = (event) => {
        if (done) return;
        event.preventDefault();
        finish();
        solveInPage(challenge, report, options.signal).then(resolve, reject);
      };
      const task: SearchTask = { challengeId: challenge.id, difficulty: challenge.difficulty, start: i, step: n };
      worker.postMessage(task);
    }
  });
}

async function solveInPage(challenge: PowChallenge, report: (n: number) => void, signal: AbortSignal | undefined): Promise<PowSolution> {
  let last = performance.now();
  let pending = 0;
  const nonce = await search(
    { challengeId: challenge.id, difficulty: challenge.difficulty, start: 0, step: 1 },
    (n) => {
      pending += n;
      if (performance.now() - last >= 100) {
        report(pending);
        pending = 0;
        last = performance.now();
      }
    },
    () => signal?.aborted ?? false,
  );
  if (nonce === undefined) throw abortError();
  return { challengeId: challenge.id, nonce };
}

/**
 * For the report form: fetches a challenge and solves it. Resolves to the proofOfWork value to send with the
 * report, or undefined when the installation asks for none. Call it again after a proof_of_work_failed answer.
 */
export async function proveWork(onProgress?: (p: PowProgress) => void, options: SolveOptions = {}): Promise<PowSolution | undefined> {
  const challenge = await intakeApi.challenge();
  if (!challenge.enabled) return undefined;
  return solveChallenge(challenge, onProgress, options);
}
