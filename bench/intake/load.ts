// The intake benchmark's client: `n` JSON POSTs with `concurrency` in flight over keep-alive connections
// (node:http), each from an address of its own (X-Forwarded-For). Optionally a disruption (the server killed
// and restarted) once `after` requests have completed: requests in flight then fail and count as failed in
// the kill window; new requests wait until the server is back (a client would back off, not spin).
import http from 'node:http';
import { Samples } from '../lib/stats.ts';

export interface Disruption {
  /** Completed requests before the disruption starts. */
  after: number;
  /** Kills and restarts the server; resolves when it answers again. */
  run(): Promise<void>;
}

export interface PhaseOptions {
  base: string;
  path: string;
  n: number;
  concurrency: number;
  /** The JSON body of request i. */
  body(i: number): string;
  /** The client address of request i (sent as X-Forwarded-For). */
  ip(i: number): string;
  disruption?: Disruption;
  progress?(done: number): void;
}

export interface Accepted {
  index: number;
  body: Record<string, unknown>;
}

export interface PhaseResult {
  n: number;
  statuses: Record<string, number>;
  accepted: Accepted[];
  /** 2xx latencies outside the kill window. */
  latency: Samples;
  fiveXxOutsideKill: number;
  fiveXxInKillWindow: number;
  failedInKillWindow: number;
  connectionErrorsOutsideKill: number;
  errors: Record<string, number>;
  /** The first 100 connection errors outside the kill window: code, and start and end in seconds of the phase. */
  errorsOutsideKill: { code: string; startS: number; endS: number }[];
  /** Requests answered (any status) outside the kill window. */
  answeredOutsideKill: number;
  seconds: number;
  /** Requests answered outside the kill window per second of the phase without the kill window. */
  requestsPerSecond: number;
  kill?: {
    atSeconds: number;
    windowSeconds: number;
    completedBefore: number;
    requestsPerSecondBefore: number;
    requestsPerSecondAfter: number;
  };
}

interface Outcome {
  status?: number;
  text?: string;
  error?: string;
}

function post(agent: http.Agent, url: URL, path: string, body: string, ip: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': ip },
        timeout: 120_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
        res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(body);
  });
}

export async function runPhase(o: PhaseOptions): Promise<PhaseResult> {
  const url = new URL(o.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency, maxFreeSockets: o.concurrency });
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const accepted: Accepted[] = [];
  const latency = new Samples();
  let fiveXxOutsideKill = 0;
  let fiveXxInKillWindow = 0;
  let failedInKillWindow = 0;
  let connectionErrorsOutsideKill = 0;
  const errorsOutsideKill: PhaseResult['errorsOutsideKill'] = [];
  let next = 0;
  let done = 0;
  let answeredOutside = 0;
  let gate: Promise<void> | undefined;
  let killStart: number | undefined;
  let killEnd: number | undefined;
  let completedBefore = 0;
  let answeredAfter = 0;
  const started = performance.now();

  const inKillWindow = (t0: number, t1: number) => killStart !== undefined && t1 >= killStart && t0 <= (killEnd ?? Infinity);

  const worker = async () => {
    for (;;) {
      if (gate) await gate;
      const i = next++;
      if (i >= o.n) return;
      const t0 = performance.now();
      const r = await post(agent, url, o.path, o.body(i), o.ip(i));
      const t1 = performance.now();
      const windowed = inKillWindow(t0, t1);
      if (r.error !== undefined) {
        errors[r.error] = (errors[r.error] ?? 0) + 1;
        if (windowed) failedInKillWindow++;
        else {
          connectionErrorsOutsideKill++;
          if (errorsOutsideKill.length < 100)
            errorsOutsideKill.push({ code: r.error, startS: (t0 - started) / 1000, endS: (t1 - started) / 1000 });
        }
      } else {
        const status = r.status!;
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 500) {
          if (windowed) fiveXxInKillWindow++;
          else fiveXxOutsideKill++;
        }
        if (!windowed) {
          answeredOutside++;
          if (killEnd !== undefined) answeredAfter++;
        }
        if (status >= 200 && status < 300) {
          accepted.push({ index: i, body: JSON.parse(r.text!) as Record<string, unknown> });
          if (!windowed) latency.add(t1 - t0);
        }
      }
      done++;
      if (o.progress && done % 1000 === 0) o.progress(done);
      if (o.disruption && killStart === undefined && done >= o.disruption.after) {
        killStart = performance.now();
        completedBefore = done;
        gate = o.disruption.run().then(() => {
          killEnd = performance.now();
          gate = undefined;
        });
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, () => worker()));
  if (gate) await gate;
  agent.destroy();
  const ended = performance.now();
  const windowMs = killStart !== undefined ? (killEnd ?? ended) - killStart : 0;
  const seconds = (ended - started) / 1000;
  return {
    n: o.n,
    statuses,
    accepted,
    latency,
    fiveXxOutsideKill,
    fiveXxInKillWindow,
    failedInKillWindow,
    connectionErrorsOutsideKill,
    errors,
    errorsOutsideKill,
    answeredOutsideKill: answeredOutside,
    seconds,
    requestsPerSecond: answeredOutside / ((ended - started - windowMs) / 1000),
    kill:
      killStart === undefined
        ? undefined
        : {
            atSeconds: (killStart - started) / 1000,
            windowSeconds: windowMs / 1000,
            completedBefore,
            requestsPerSecondBefore: completedBefore / ((killStart - started) / 1000),
            requestsPerSecondAfter: answeredAfter / ((ended - (killEnd ?? ended)) / 1000),
          },
  };
}
