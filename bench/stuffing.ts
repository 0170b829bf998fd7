// Credential-stuffing benchmark (issue 3): 50,000 sign-in attempts from 64 concurrent attackers against
// 1,000 accounts from 200 client IPs (through a trusted proxy header), while a legitimate user on a clean IP
// signs in once a second. Parapet runs as a real server process (`parapet start`) on PGlite or PostgreSQL.
//
//   npm run bench -- stuffing [--backend pglite|postgres|both] [--attempts 50000] [--json]
//
// Prints attempts accepted (2xx) and refused (401) and throttled (429), argon2 computations (from the
// server's security events: every hashed attempt writes signin.failed/succeeded, a refusal without hashing
// writes signin.refused_locked or nothing for a blocked IP), refusal times for unknown users, wrong
// passwords and locked accounts, the legitimate user's sign-in times (measured by a separate process, as
// the user would be a different machine), and the number of 5xx.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../src/auth/passwords.ts';
import { sql, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { choice, flag, integer, parseArgs, rejectUnknown } from './lib/args.ts';
import { createPostgresBenchDatabase } from './lib/databases.ts';
import { progress } from './lib/log.ts';
import { Samples, round } from './lib/stats.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ACCOUNTS = 1000;
const IPS = 200;
const ATTACKERS = 64;
const LEGIT_USER = 'legitimate-user';
const LEGIT_PASSWORD = 'the real owner knows this passphrase 2026';
const LEGIT_IP = '10.250.0.1';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Accounts all share one hash (created once): the attackers never know any password anyway. */
async function seed(db: Database): Promise<void> {
  await migrate(db);
  const shared = await hashPassword('an account password nobody will guess 77');
  const legit = await hashPassword(LEGIT_PASSWORD);
  const at = new Date();
  await db.query(sql`
    INSERT INTO users (username, username_key, display_name, email, password_hash, created_at, updated_at)
    SELECT 'account' || n, 'account' || n, 'Account ' || n, 'account' || n || '@example.org', ${shared}, ${at}, ${at}
      FROM generate_series(0, ${ACCOUNTS - 1}) AS n`);
  await db.query(sql`
    INSERT INTO users (username, username_key, display_name, email, password_hash, created_at, updated_at)
    VALUES (${LEGIT_USER}, ${LEGIT_USER}, 'Legitimate user', 'legit@example.org', ${legit}, ${at}, ${at})`);
}

interface Server {
  child: ChildProcess;
  base: string;
  stop(): Promise<number | null>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/parapet.js'), 'start'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', TRUST_PROXY: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    base,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

type Kind = 'unknown' | 'wrong' | 'locked';

interface AttackResult {
  statuses: Record<string, number>;
  wrongPasswordSuccesses: number;
  refusal: Record<Kind, Samples>;
  throttled: Samples;
  legit: Samples;
  legitFailures: number;
  fiveHundreds: number;
  seconds: number;
}

async function attack(base: string, attempts: number): Promise<AttackResult> {
  const statuses: Record<string, number> = {};
  const refusal: Record<Kind, Samples> = { unknown: new Samples(), wrong: new Samples(), locked: new Samples() };
  const throttled = new Samples();
  const legit = new Samples();
  const failures401 = new Map<string, number>();
  let next = 0;
  let wrongPasswordSuccesses = 0;
  let fiveHundreds = 0;
  let legitFailures = 0;
  const started = performance.now();

  const signIn = async (username: string, password: string, ip: string) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ username, password }),
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0 };
  };

  const attacker = async (w: number) => {
    for (let i = next++; i < attempts; i = next++) {
      const ip = `198.18.${Math.floor((i % IPS) / 100)}.${((i % IPS) % 100) + 1}`;
      const unknown = i % 10 === 9;
      const username = unknown ? `ghost${i % 5000}` : `account${(i * 7 + w) % ACCOUNTS}`;
      const kind: Kind = unknown ? 'unknown' : (failures401.get(username) ?? 0) >= 10 ? 'locked' : 'wrong';
      const r = await signIn(username, `guess-${i}-${w}`, ip);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status >= 500) fiveHundreds++;
      if (r.status === 200) wrongPasswordSuccesses++;
      if (r.status === 429) throttled.add(r.ms);
      if (r.status === 401) {
        refusal[kind].add(r.ms);
        if (!unknown) failures401.set(username, (failures401.get(username) ?? 0) + 1);
      }
      if (i % 5000 === 0) progress(`  ${i} attempts, ${Math.round((performance.now() - started) / 1000)} s`);
    }
  };

  // The legitimate user runs in a process of its own, so the attackers' load on this process does not
  // slow down its measurements.
  const owner = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/stuffing-user.ts'), base, LEGIT_USER, LEGIT_PASSWORD, LEGIT_IP],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let ownerOut = '';
  owner.stdout.on('data', (d: Buffer) => {
    ownerOut += d.toString();
  });
  const ownerDone = new Promise<void>((resolve) => owner.once('exit', () => resolve()));
  await Promise.all(Array.from({ length: ATTACKERS }, (_, w) => attacker(w)));
  owner.stdin.end();
  await ownerDone;
  const report = JSON.parse(ownerOut) as { times: number[]; failures: number; fiveHundreds: number };
  for (const ms of report.times) legit.add(ms);
  legitFailures += report.failures;
  fiveHundreds += report.fiveHundreds;
  return {
    statuses,
    wrongPasswordSuccesses,
    refusal,
    throttled,
    legit,
    legitFailures,
    fiveHundreds,
    seconds: (performance.now() - started) / 1000,
  };
}

async function hashesComputed(db: Database): Promise<Record<string, number>> {
  const rows = await db.query<{ action: string; n: number }>(sql`
    SELECT action, count(*)::int AS n FROM audit_events WHERE category = 'security' AND action LIKE 'signin.%' GROUP BY action`);
  return Object.fromEntries(rows.map((r) => [r.action, r.n]));
}

async function runBackend(backend: 'pglite' | 'postgres', attempts: number) {
  progress(`stuffing on ${backend}: seeding ${ACCOUNTS} accounts`);
  let env: Record<string, string>;
  let reopen: () => Promise<Database>;
  let cleanup: () => Promise<void>;
  if (backend === 'pglite') {
    const dir = await mkdtemp(path.join(tmpdir(), 'parapet-stuffing-'));
    const db = await openPglite(path.join(dir, 'pglite'));
    await seed(db);
    await db.close();
    env = { PARAPET_DATA_DIR: dir };
    reopen = () => openPglite(path.join(dir, 'pglite'));
    cleanup = () => rm(dir, { recursive: true, force: true });
  } else {
    const bench = await createPostgresBenchDatabase(
      process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      'parapet_stuffing',
    );
    await seed(bench.db);
    const url = new URL('postgres://postgres@127.0.0.1:5432/');
    url.pathname = `/${bench.name}`;
    env = { DATABASE_URL: url.toString() };
    reopen = () => Promise.resolve(bench.db);
    cleanup = () => bench.close();
  }
  const dataDir = env.PARAPET_DATA_DIR ?? (await mkdtemp(path.join(tmpdir(), 'parapet-stuffing-pg-')));
  const server = await startServer({ ...env, PARAPET_DATA_DIR: dataDir });
  try {
    progress(`  attacking: ${attempts} attempts, ${ATTACKERS} attackers, ${IPS} IPs`);
    const r = await attack(server.base, attempts);
    const exit = await server.stop();
    const db = await reopen();
    const events = await hashesComputed(db);
    if (backend === 'pglite') await db.close();
    const hashed = (events['signin.failed'] ?? 0) + (events['signin.succeeded'] ?? 0) + (events['signin.password_accepted'] ?? 0);
    const attackerAttempts = attempts;
    return {
      backend,
      attempts: attackerAttempts,
      seconds: round(r.seconds, 1),
      statuses: r.statuses,
      accepted: r.statuses['200'] ?? 0,
      refused401: r.statuses['401'] ?? 0,
      throttled429: r.statuses['429'] ?? 0,
      wrongPasswordSuccesses: r.wrongPasswordSuccesses,
      argon2Computations: hashed,
      argon2ForLegitimateUser: events['signin.succeeded'] ?? 0,
      securityEvents: events,
      refusalMs: {
        unknown: { n: r.refusal.unknown.count, ...r.refusal.unknown.summary() },
        wrong: { n: r.refusal.wrong.count, ...r.refusal.wrong.summary() },
        locked: { n: r.refusal.locked.count, ...r.refusal.locked.summary() },
        throttled: { n: r.throttled.count, ...r.throttled.summary() },
      },
      legitimate: { signIns: r.legit.count, failures: r.legitFailures, ...r.legit.summary() },
      fiveHundreds: r.fiveHundreds,
      serverExitCode: exit,
      targets: {
        zeroWrongPasswordSuccesses: r.wrongPasswordSuccesses === 0,
        zero5xx: r.fiveHundreds === 0,
        legitimateP99Under1s: r.legit.percentile(99) < 1000,
        // Each attempt is exactly one of: hashed, refused as locked without hashing, or throttled (429)
        // without hashing — so the counts add up only if no refused attempt was hashed.
        argon2OnlyForUnthrottled:
          hashed + (events['signin.refused_locked'] ?? 0) + (r.statuses['429'] ?? 0) === attempts + r.legit.count + r.legitFailures,
      },
    };
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    if (!env.PARAPET_DATA_DIR) await rm(dataDir, { recursive: true, force: true });
    await cleanup();
  }
}

export async function stuffingBench(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  rejectUnknown(args, ['backend', 'attempts', 'json']);
  const backend = choice(args, 'backend', ['pglite', 'postgres', 'both'] as const, 'both');
  const attempts = integer(args, 'attempts', 50_000);
  const json = flag(args, 'json');
  const results = [];
  for (const b of backend === 'both' ? (['pglite', 'postgres'] as const) : [backend]) results.push(await runBackend(b, attempts));
  const out = { benchmark: 'stuffing', accounts: ACCOUNTS, ips: IPS, attackers: ATTACKERS, results };
  process.stdout.write(json ? `${JSON.stringify(out)}\n` : `${JSON.stringify(out, null, 2)}\n`);
}
