// Markdown → sanitised HTML for responses, bounded in time for any input and never on the event loop.
// render-core.ts does the work (markdown-it, then DOMPurify over jsdom); here it runs in worker threads:
// - Each text may use a worker for at most `runLimitMs`; a worker still busy then is terminated and replaced.
// - Each call answers within `waitLimitMs` once a worker is running (queue and rendering together). Starting a
//   worker (loading jsdom) takes about a second on a quiet machine; one not ready within `startLimitMs` is ended
//   and the texts waiting for it are answered in plain text.
// - A text that is not rendered in time (or crashes or exhausts its worker) is shown as escaped plain text in a
//   <pre> (fallback.ts), so the page holding it still opens; a text that ran out of time is remembered as
//   such for `fallbackTtlMs`, so repeated views of it cost nothing.
// - Rendered texts are kept in a cache bounded by characters (a rendering depends only on its source): the
//   same report viewed again costs no rendering. Concurrent calls with the same text share one rendering.
// Workers start on the first call and do not keep the process alive while idle.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MARKDOWN_MAX, plainTextHtml } from './fallback.ts';

export { MARKDOWN_MAX } from './fallback.ts';

export interface RendererOptions {
  /** Worker threads (default: one per core beyond the first, at least 1, at most 2; each holds about 100 MB). */
  workers?: number;
  /** How long one text may occupy a worker (default 5 s: see docs/BENCHMARKS.md, render). */
  runLimitMs?: number;
  /** How long a call may take from start to answer, waiting included, once a worker is running (default 15 s). */
  waitLimitMs?: number;
  /** How long a worker may take to start (default 60 s). */
  startLimitMs?: number;
  /** Cache size in characters of sources and HTML (default 16 million; 0: no cache). */
  cacheChars?: number;
  /** How long a text that ran out of time is answered with its plain-text form without a new try (default 5 min). */
  fallbackTtlMs?: number;
  /** Heap limit of each worker in MiB (default 512). */
  workerHeapMb?: number;
  /** The worker's module (tests use stand-ins that hang or crash). */
  workerUrl?: URL;
}

export interface RendererStats {
  rendered: number;
  cacheHits: number;
  /** Answers in plain text, by reason. */
  fallbacks: { time: number; wait: number; failed: number };
  workersStarted: number;
}

interface Job {
  id: number;
  source: string;
  resolve: (html: string) => void;
  done: boolean;
  waiting: boolean;
  timers: NodeJS.Timeout[];
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  runTimer?: NodeJS.Timeout;
}

type FallbackReason = keyof RendererStats['fallbacks'];

export class MarkdownRenderer {
  private readonly workers: number;
  private readonly runLimitMs: number;
  private readonly waitLimitMs: number;
  private readonly startLimitMs: number;
  private readonly cacheChars: number;
  private readonly fallbackTtlMs: number;
  private readonly workerHeapMb: number;
  private readonly workerUrl: URL;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly cache = new Map<string, { html: string; expires: number }>();
  private cachedChars = 0;
  private nextId = 1;
  private closed = false;
  private readonly counts: RendererStats = { rendered: 0, cacheHits: 0, fallbacks: { time: 0, wait: 0, failed: 0 }, workersStarted: 0 };

  constructor(options: RendererOptions = {}) {
    this.workers = options.workers ?? Math.max(1, Math.min(2, availableParallelism() - 1));
    this.runLimitMs = options.runLimitMs ?? 5_000;
    this.waitLimitMs = options.waitLimitMs ?? 15_000;
    this.startLimitMs = options.startLimitMs ?? 60_000;
    this.cacheChars = options.cacheChars ?? 16_000_000;
    this.fallbackTtlMs = options.fallbackTtlMs ?? 5 * 60_000;
    this.workerHeapMb = options.workerHeapMb ?? 512;
    this.workerUrl = options.workerUrl ?? new URL('./render-worker.js', import.meta.url);
  }

  render(text: string): Promise<string> {
    const source = text.slice(0, MARKDOWN_MAX);
    const cached = this.cache.get(source);
    if (cached && cached.expires > Date.now()) {
      this.counts.cacheHits++;
      this.cache.delete(source); // most recently used last
      this.cache.set(source, cached);
      return Promise.resolve(cached.html);
    }
    if (cached) this.uncache(source);
    const running = this.inflight.get(source);
    if (running) return running;
    const promise = new Promise<string>((resolve) => {
      const job: Job = { id: this.nextId++, source, resolve, done: false, waiting: false, timers: [] };
      this.queue.push(job);
      this.dispatch();
    }).finally(() => this.inflight.delete(source));
    this.inflight.set(source, promise);
    return promise;
  }

  /** Starts a worker now, so that the first rendering does not wait for it. */
  warmUp(): void {
    if (this.closed || this.slots.size > 0) return;
    this.start();
    this.dispatch();
  }

  stats(): RendererStats {
    return { ...this.counts, fallbacks: { ...this.counts.fallbacks } };
  }

  /** Ends the workers; calls after this answer in plain text. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.fallBack(job, 'failed');
    await Promise.all([...this.slots].map((slot) => this.drop(slot)));
  }

  private dispatch(): void {
    if (this.closed) {
      for (const job of this.queue.splice(0)) this.fallBack(job, 'failed');
      return;
    }
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]?.done) this.queue.splice(i, 1);
    if ([...this.slots].some((s) => s.ready)) for (const job of this.queue) this.startWaiting(job);
    for (const slot of this.slots) {
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift();
      if (!job) break;
      slot.job = job;
      slot.runTimer = unref(
        setTimeout(() => {
          void this.drop(slot); // the only way to stop a rendering that is still running
          this.fallBack(job, 'time');
        }, this.runLimitMs),
      );
      slot.worker.postMessage({ id: job.id, source: job.source });
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    const wanted = Math.min(this.workers - this.slots.size, this.queue.length - starting);
    for (let i = 0; i < wanted; i++) this.start();
    // Keep the process alive while someone waits for a rendering, not longer.
    for (const slot of this.slots) {
      if (slot.job || (!slot.ready && this.queue.length > 0)) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  private startWaiting(job: Job): void {
    if (job.waiting) return;
    job.waiting = true;
    job.timers.push(unref(setTimeout(() => this.fallBack(job, 'wait'), this.waitLimitMs)));
  }

  private start(): void {
    const worker = new Worker(this.workerUrl, {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.workerHeapMb },
    });
    this.counts.workersStarted++;
    const slot: Slot = { worker, ready: false, job: null };
    this.slots.add(slot);
    worker.on('message', (message: { ready?: true; id?: number; html?: string; error?: string }) => {
      if (message.ready) {
        slot.ready = true;
      } else if (slot.job && message.id === slot.job.id) {
        const job = slot.job;
        slot.job = null;
        clearTimeout(slot.runTimer);
        if (message.html !== undefined) this.finish(job, message.html);
        else this.fallBack(job, 'failed');
      }
      this.dispatch();
    });
    const gone = () => {
      if (!this.slots.delete(slot)) return;
      if (slot.job) this.fallBack(slot.job, 'failed');
      // A worker that could not even start would fail again: answer what waits in plain text; the next
      // call tries a new worker.
      if (!slot.ready) for (const job of this.queue.splice(0)) this.fallBack(job, 'failed');
      this.dispatch();
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    unref(
      setTimeout(() => {
        if (slot.ready || !this.slots.has(slot)) return;
        void this.drop(slot);
        for (const job of this.queue.splice(0)) this.fallBack(job, 'failed');
      }, this.startLimitMs),
    );
  }

  private async drop(slot: Slot): Promise<void> {
    this.slots.delete(slot);
    slot.job = null;
    clearTimeout(slot.runTimer);
    await slot.worker.terminate();
  }

  private finish(job: Job, html: string): void {
    if (!job.done) this.settle(job, html); // else answered in plain text while waiting: keep the result for next time
    this.counts.rendered++;
    this.remember(job.source, html, Number.POSITIVE_INFINITY);
  }

  private fallBack(job: Job, reason: FallbackReason): void {
    const html = plainTextHtml(job.source);
    if (!job.done) {
      this.settle(job, html);
      this.counts.fallbacks[reason]++;
    }
    // Waiting too long says something about the load, not about the text: try it again next time.
    if (reason !== 'wait') this.remember(job.source, html, Date.now() + this.fallbackTtlMs);
    this.dispatch();
  }

  private settle(job: Job, html: string): void {
    job.done = true;
    for (const t of job.timers) clearTimeout(t);
    job.resolve(html);
  }

  private remember(source: string, html: string, expires: number): void {
    const size = source.length + html.length;
    if (size > this.cacheChars / 8) return;
    this.uncache(source);
    this.cache.set(source, { html, expires });
    this.cachedChars += size;
    for (const [key] of this.cache) {
      if (this.cachedChars <= this.cacheChars) break;
      this.uncache(key);
    }
  }

  private uncache(source: string): void {
    const entry = this.cache.get(source);
    if (!entry) return;
    this.cache.delete(source);
    this.cachedChars -= source.length + entry.html.length;
  }
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}

const shared = new MarkdownRenderer();

/** Starts the shared renderer's worker (the server does, once listening). */
export function warmUpMarkdownRenderer(): void {
  shared.warmUp();
}

/** Markdown → sanitised HTML, off the event loop, within the renderer's time limits (else the text in a <pre>). */
export function renderMarkdown(source: string): Promise<string> {
  return shared.render(source);
}
