// Graceful shutdown of a real server process: SIGTERM in the middle of a stream of concurrent writes. The
// process exits 0; reopening its database (the embedded data directory, or the PostgreSQL database) shows
// every acknowledged write, each with its audit event, and a consistent database. The JSON log lines of each
// request carry the request id the client got in x-request-id.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/database.ts';
import { backendName, onPostgres } from '../helpers/db.ts';
import { firstRunPassword, signInOverHttp, startServerProcess, type LogLine, type ServerProcess } from './server-process.ts';
import { createTarget, killChildren, runCli, type Target } from './support.ts';

const WORKERS = 4;
/** Writes acknowledged before SIGTERM is sent. */
const BEFORE_SIGNAL = 24;
/** Upper bound per worker, so a server that ignored SIGTERM fails the test instead of looping forever. */
const MAX_PER_WORKER = 400;

interface Ack {
  name: string;
  requestId: string;
}

describe(`graceful shutdown (${backendName})`, () => {
  let target: Target;
  let server: ServerProcess;
  const acked: Ack[] = [];
  const attempted = new Set<string>();
  const afterSignal: string[] = [];
  let signInRequestId = '';
  let exitCode: number | null;

  beforeAll(async () => {
    target = await createTarget({ migrated: true });
  });
  afterAll(async () => {
    killChildren();
    await target?.remove();
  });

  it('SIGTERM during concurrent writes: in-flight requests finish and the process exits 0', async () => {
    server = await startServerProcess(target.env);
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', migrated: true });

    const password = firstRunPassword(server.stderr());
    const cookie = await signInOverHttp(server.baseUrl, 'admin', password);
    // First run: the one-time password must be replaced before anything else is reachable.
    const json = { cookie, origin: server.baseUrl, 'content-type': 'application/json' };
    const early = await fetch(`${server.baseUrl}/api/groups`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'Too early' }),
    });
    expect(early.status).toBe(403);
    expect(((await early.json()) as { error: { id: string } }).error.id).toBe('password_change_required');
    const changed = await fetch(`${server.baseUrl}/api/me/password`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ currentPassword: password, newPassword: 'a brand new passphrase for the ops test 9' }),
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    const check = await fetch(`${server.baseUrl}/api/session`, { headers: { cookie } });
    signInRequestId = check.headers.get('x-request-id') ?? '';
    expect((await check.json()) as unknown).toMatchObject({ user: { username: 'admin', isAdmin: true } });

    // A second process on the same database while the server runs: PostgreSQL serves both; the embedded
    // database is refused clearly (two PGlite instances on one data directory would corrupt it).
    const second = await runCli(['users', 'list', '--json'], { env: target.env });
    if (onPostgres) {
      expect(second.code).toBe(0);
      expect((JSON.parse(second.stdout) as { username: string }[]).map((u) => u.username)).toEqual(['admin']);
    } else {
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(
        new RegExp(
          `^parapet: the embedded database in .* is in use by another Parapet process \\(pid ${server.child.pid}\\)\\. Stop it first`,
        ),
      );
    }

    let signalled = false;
    const worker = async (w: number) => {
      for (let i = 0; i < MAX_PER_WORKER; i++) {
        const name = `Shutdown w${w} n${i}`;
        attempted.add(name);
        let res: Response;
        try {
          res = await fetch(`${server.baseUrl}/api/groups`, {
            method: 'POST',
            headers: { cookie, origin: server.baseUrl, 'content-type': 'application/json' },
            body: JSON.stringify({ name }),
          });
          await res.arrayBuffer();
        } catch (err) {
          // Connection refused or reset: only acceptable once the server was told to stop.
          if (!signalled) throw err;
          afterSignal.push(`${name}: ${(err as Error).message}`);
          return;
        }
        if (res.status === 201) {
          acked.push({ name, requestId: res.headers.get('x-request-id')! });
        } else {
          if (!signalled) throw new Error(`write refused before SIGTERM: ${res.status}`);
          afterSignal.push(`${name}: HTTP ${res.status}`);
          return;
        }
        if (!signalled && acked.length >= BEFORE_SIGNAL) {
          signalled = true;
          server.child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    exitCode = await server.exited;
    expect(signalled).toBe(true);
    expect(exitCode).toBe(0);
    expect(acked.length).toBeGreaterThanOrEqual(BEFORE_SIGNAL);
    // Every worker stopped because the server went away, not because it ran out of writes.
    expect(afterSignal).toHaveLength(WORKERS);
  });

  it('every acknowledged write is in the reopened database, with its audit event, and the database is consistent', async () => {
    expect(exitCode).toBe(0);
    // The embedded database's process lock was released with the database.
    expect(existsSync(path.join(target.dataDir, 'parapet.lock'))).toBe(false);
    const db = await target.open();
    try {
      // Custom groups the test created (the migrations seed one: the default product's "Triage team", id 10).
      const groups = await db.query<{ id: number; name: string }>(sql`SELECT id, name FROM groups WHERE kind = 'custom' AND id >= 100`);
      const byName = new Map(groups.map((g) => [g.name, g.id]));
      for (const a of acked) expect(byName.has(a.name), a.name).toBe(true);
      // Nothing appears that was never sent (writes in flight at SIGTERM may or may not have committed).
      for (const g of groups) expect(attempted.has(g.name), g.name).toBe(true);

      const audit = await db.query<{ target_id: string; request_id: string }>(sql`
        SELECT target_id, request_id FROM audit_events WHERE action = 'group.created'`);
      const auditByGroup = new Map(audit.map((e) => [e.target_id, e.request_id]));
      for (const a of acked) expect(auditByGroup.get(String(byName.get(a.name))), a.name).toBe(a.requestId);
      expect(audit).toHaveLength(groups.length);

      const missingReflexive = await db.query<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM groups g
         WHERE NOT EXISTS (SELECT 1 FROM group_closure c WHERE c.ancestor_id = g.id AND c.descendant_id = g.id)`);
      expect(missingReflexive[0]!.n).toBe(0);
      const counts = await db.query<{ groups: number; closure: number; audit: number }>(sql`
        SELECT (SELECT count(*)::int FROM groups) AS groups, (SELECT count(*)::int FROM group_closure) AS closure,
               (SELECT count(*)::int FROM audit_events) AS audit`);
      // The migrations' own groups: four, plus the default product's staff group.
      expect(counts[0]!.groups).toBe(5 + groups.length);
      // Each group contains itself; the one nesting is the default product's staff group holding its triage team.
      expect(counts[0]!.closure).toBe(counts[0]!.groups + 1);
      // The unique index on group names agrees with the table (an index scan finds every row).
      const viaIndex = await db.transaction(async (tx) => {
        await tx.exec('SET LOCAL enable_seqscan = off');
        return tx.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM groups WHERE kind IN ('builtin', 'custom') AND name_key > ''`);
      });
      const named = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM groups WHERE kind IN ('builtin', 'custom')`);
      expect(named[0]!.n).toBe(counts[0]!.groups - 1); // all but the staff group, which names no one can choose
      expect(viaIndex[0]!.n).toBe(named[0]!.n);
    } finally {
      await db.close();
    }
  });

  it('logs are JSON lines; every line of a request carries the request id its response had in x-request-id', () => {
    const lines = server.stdoutLines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as LogLine);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(typeof line.level).toBe('number');
      expect(typeof line.msg).toBe('string');
      if (line.req || line.res) expect(typeof line.requestId, JSON.stringify(line)).toBe('string');
    }
    const linesOf = (requestId: string) => lines.filter((l) => l.requestId === requestId);
    for (const a of [...acked, { name: 'GET /api/session', requestId: signInRequestId }]) {
      const mine = linesOf(a.requestId);
      expect(
        mine.filter((l) => l.msg === 'incoming request'),
        a.name,
      ).toHaveLength(1);
      expect(
        mine.filter((l) => l.msg === 'request completed'),
        a.name,
      ).toHaveLength(1);
    }
    for (const a of acked) {
      const mine = linesOf(a.requestId);
      expect(mine.find((l) => l.msg === 'incoming request')!.req).toMatchObject({ method: 'POST', url: '/api/groups' });
      expect(mine.find((l) => l.msg === 'request completed')!.res).toMatchObject({ statusCode: 201 });
    }
    // One request, one id: every request id in the log belongs to exactly one incoming request, except a
    // request that arrived on an open connection after shutdown began: it is refused (503) in one line.
    const ids = new Set(lines.filter((l) => l.requestId).map((l) => l.requestId!));
    for (const id of ids) {
      const mine = linesOf(id);
      const incoming = mine.filter((l) => l.msg === 'incoming request');
      if (incoming.length === 0) {
        expect(mine, id).toHaveLength(1);
        expect(mine[0]!.res, id).toMatchObject({ statusCode: 503 });
      } else {
        expect(incoming, id).toHaveLength(1);
      }
    }
    const shutdown = lines.find((l) => l.msg.startsWith('shutting down'));
    expect(shutdown).toMatchObject({ signal: 'SIGTERM' });
    const stopped = lines.findIndex((l) => l.msg === 'stopped; the database was closed cleanly');
    expect(stopped).toBeGreaterThan(lines.indexOf(shutdown!));
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});
