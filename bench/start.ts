// Start-up benchmark: how long `npm start` takes until Parapet listens (its "Parapet is listening" log line),
// on the embedded database:
//   first start  a new data directory (the database is created and migrated, the first administrator made)
//   restart      the same data directory again (what an upgrade or a crash restart costs)
// The web UI and the server are built once beforehand (and their builds are timed separately): `npm start`
// rebuilds them only when their sources changed (web/build.mjs, bin/server-build.mjs), so neither case includes
// a build. The embedded database's empty-cluster template is made then too when missing (npm ci makes it).
// Baselines from the same run, for machines under other load: `node -e ''` (a bare Node.js start), and a bare
// Fastify server started with `node` until it listens. Ratios to both are printed.
//
//   npm run bench -- start [--runs 3] [--json]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { flag, integer, parseArgs, rejectUnknown } from './lib/args.ts';
import { progress } from './lib/log.ts';
import { round } from './lib/stats.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const BARE_FASTIFY = `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => 'ok');
await app.listen({ port: 0, host: '127.0.0.1' });
console.log('listening');
await app.close();
`;

interface Run {
  ms: number;
  code: number | null;
}

/**
 * Starts `command`, resolves when a stdout line matches `ready` (the time since spawn), then ends the whole
 * process group it started (npm runs the server as a child) and waits for it to exit.
 */
function timeUntil(command: string, args: string[], env: NodeJS.ProcessEnv, ready: (line: string) => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let ms: number | undefined;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (ms !== undefined || !ready(line)) return;
      ms = Number(process.hrtime.bigint() - started) / 1e6;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (ms === undefined) reject(new Error(`${command} ${args.join(' ')} exited (${String(code)}) before it was ready:\n${stderr}`));
      else resolve({ ms, code });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const stats = (xs: number[]) => ({
  median: round(median(xs), 0),
  min: round(Math.min(...xs), 0),
  max: round(Math.max(...xs), 0),
  runs: xs.map((x) => round(x, 0)),
});

export async function startBench(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  rejectUnknown(args, ['runs', 'json']);
  const runs = integer(args, 'runs', 3);
  const json = flag(args, 'json');
  const work = await mkdtemp(path.join(tmpdir(), 'parapet-bench-start-'));
  const env = (dataDir: string): NodeJS.ProcessEnv => ({
    ...process.env,
    PARAPET_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    DATABASE_URL: '',
  });
  const isListening = (line: string) => line.includes('"msg":"Parapet is listening"');
  try {
    progress('building the web UI once (timed; npm start builds only when its sources changed)');
    const buildMs = await timeUntilExit(process.execPath, ['web/build.mjs', '--force']);
    const check = await timeUntilExit(process.execPath, ['web/build.mjs']);
    progress('building the server once (timed; `parapet` builds it only when src/ changed) and the cluster template if missing');
    const serverBuildMs = await timeUntilExit(process.execPath, ['bin/server-build.mjs', '--force']);

    await mkdir(path.join(ROOT, '.tmp'), { recursive: true });
    const bareFile = path.join(ROOT, '.tmp', `bench-bare-fastify-${process.pid}.mjs`); // resolves fastify from here
    await writeFile(bareFile, BARE_FASTIFY);
    const node: number[] = [];
    const fastify: number[] = [];
    const first: number[] = [];
    const restart: number[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        progress(`run ${i + 1}/${runs}: baselines`);
        node.push(await timeUntilExit(process.execPath, ['-e', '']));
        fastify.push((await timeUntil(process.execPath, [bareFile], process.env, (l) => l === 'listening')).ms);
        const dataDir = path.join(work, `data-${i}`);
        progress(`run ${i + 1}/${runs}: first start (new data directory)`);
        first.push((await timeUntil('npm', ['start'], env(dataDir), isListening)).ms);
        await released(dataDir);
        progress(`run ${i + 1}/${runs}: restart`);
        restart.push((await timeUntil('npm', ['start'], env(dataDir), isListening)).ms);
        await released(dataDir);
      }
    } finally {
      await rm(bareFile, { force: true });
    }
    const result = {
      bench: 'start',
      runs,
      loadAverage: loadavg().map((l) => round(l, 2)),
      cpus: (await import('node:os')).cpus().length,
      webBuildMs: round(buildMs, 0),
      webBuildCheckMs: round(check, 0),
      serverBuildMs: round(serverBuildMs, 0),
      baseline: { nodeEmptyMs: stats(node), fastifyListenMs: stats(fastify) },
      firstStartMs: stats(first),
      restartMs: stats(restart),
      ratios: {
        firstStartToNode: round(median(first) / median(node), 1),
        restartToNode: round(median(restart) / median(node), 1),
        firstStartToFastify: round(median(first) / median(fastify), 1),
        restartToFastify: round(median(restart) / median(fastify), 1),
      },
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      process.stdout.write(
        [
          `load average ${result.loadAverage.join(' ')} on ${result.cpus} CPUs; ${runs} runs; medians (min–max)`,
          `web UI build ${result.webBuildMs} ms; check when unchanged ${result.webBuildCheckMs} ms; server build ${result.serverBuildMs} ms`,
          `node -e ''            ${result.baseline.nodeEmptyMs.median} ms (${result.baseline.nodeEmptyMs.min}–${result.baseline.nodeEmptyMs.max})`,
          `bare Fastify listen   ${result.baseline.fastifyListenMs.median} ms (${result.baseline.fastifyListenMs.min}–${result.baseline.fastifyListenMs.max})`,
          `npm start, first      ${result.firstStartMs.median} ms (${result.firstStartMs.min}–${result.firstStartMs.max}) = ${result.ratios.firstStartToNode}× node, ${result.ratios.firstStartToFastify}× Fastify`,
          `npm start, restart    ${result.restartMs.median} ms (${result.restartMs.min}–${result.restartMs.max}) = ${result.ratios.restartToNode}× node, ${result.ratios.restartToFastify}× Fastify`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Waits until the server of the last run has closed the database (its lock file is gone). */
async function released(dataDir: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (existsSync(path.join(dataDir, 'parapet.lock'))) {
    if (Date.now() > deadline) throw new Error(`the server on ${dataDir} did not stop within two minutes`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Milliseconds from spawn to exit of a command that exits by itself. */
function timeUntilExit(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: ROOT, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`${command} exited ${String(code)}`)),
    );
  });
}
