// Two-phase intake: a submission answered with 2xx is stored whole in the report inbox (with its audit event
// and rate-limit record), and its report is built at once when the server is idle, or later by the inbox
// worker; a reporter who opens a report that still waits gets it built first. Failed builds are kept and
// tried again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousSession, userSession, type Session } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { raw, sql, type Tx } from '../../src/db/database.ts';
import { startInboxWorker } from '../../src/domain/reports/inbox-worker.ts';
import { reportIntakeService, retryDelayMs } from '../../src/domain/reports/intake-service.ts';
import { DEFAULT_INTAKE_SETTINGS } from '../../src/intake/intake-settings.ts';
import { anonymous, type Actor, type TestApp, createTestApp } from '../helpers/app.ts';
import { createProduct, memberOf, submission, submitAnonymously, type ProductFixture } from '../helpers/reports.ts';
import { waitUntil } from '../helpers/wait.ts';

let t: TestApp;
let product: ProductFixture;
let teamMember: Actor;
/** A second intake service on the same database that never builds before answering (as under a burst). */
let deferring: ReturnType<typeof reportIntakeService>;

const settings = { ...DEFAULT_INTAKE_SETTINGS, proofOfWork: false };
const count = async (table: string) => (await t.database.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${raw(table)}`))[0]!.n;

beforeAll(async () => {
  t = await createTestApp();
  product = await createProduct(t, 'Inbox Product');
  teamMember = await memberOf(t, 'tina', product.teamGroupId);
  deferring = reportIntakeService(t.services.deps);
});
afterAll(() => t.close());

/**
 * Submits two at once through the second service: the first to be stored sees the other in flight and leaves
 * its build for later, and from then on that service knows it has a backlog and leaves every build.
 */
async function submitDeferred(s: Session = anonymousSession('203.0.113.9'), overrides: Record<string, unknown> = {}) {
  const body = submission(product.id, overrides) as unknown as Parameters<typeof deferring.submit>[1];
  const [a, b] = await Promise.all([
    deferring.submit(s, body, { settings }),
    deferring.submit(s, { ...body, title: `${body.title} (2)` }, { settings }),
  ]);
  expect([a.built, b.built]).toEqual([false, false]);
  return [a, b];
}

describe('the report inbox', () => {
  it('answers an idle server after building the report', async () => {
    const before = await count('report_inbox');
    const report = await submitAnonymously(t, submission(product.id));
    expect(await count('report_inbox')).toBe(before);
    const res = await t.request(teamMember, { url: `/api/reports/${report.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().trackingId).toBe(report.trackingId);
  });

  it('stores a submission whole, counted and audited, when the build is left for later', async () => {
    const [waiting] = await submitDeferred(anonymousSession('203.0.113.10'));
    expect(waiting!.built).toBe(false);
    const rows = await t.database.db.query<{
      tracking_id: string;
      submission: { title: string; contactEmail: string };
      link_hash: string | null;
    }>(sql`SELECT tracking_id, submission, link_hash FROM report_inbox WHERE object_id = ${waiting!.id}`);
    expect(rows[0]).toMatchObject({
      tracking_id: waiting!.trackingId,
      submission: { title: 'Stored XSS in the comment preview', contactEmail: 'rita@example.net' },
    });
    expect(rows[0]!.link_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.database.db.query(sql`SELECT 1 FROM reports WHERE object_id = ${waiting!.id}`)).toHaveLength(0);
    const audit = await t.database.db.query<{ actor_kind: string; ip: string; after: { trackingId: string } }>(
      sql`SELECT actor_kind, ip, after FROM audit_events WHERE action = 'report.submitted' AND target_id = ${String(waiting!.id)}`,
    );
    expect(audit).toEqual([
      expect.objectContaining({
        actor_kind: 'anonymous',
        ip: '203.0.113.10',
        after: expect.objectContaining({ trackingId: waiting!.trackingId }),
      }),
    ]);
    const counted = await t.database.db.query(sql`SELECT 1 FROM intake_submissions WHERE ip = '203.0.113.10'`);
    expect(counted).toHaveLength(2);
    // The team does not see it yet; the worker's build makes it a report with its receipt and alerts.
    const inbox = await t.request(teamMember, { url: '/api/reports' });
    expect(inbox.json().items.map((i: { id: number }) => i.id)).not.toContain(waiting!.id);
    expect(await t.buildInbox()).toBeGreaterThanOrEqual(1);
    const after = await t.request(teamMember, { url: `/api/reports/${waiting!.id}` });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ trackingId: waiting!.trackingId, state: 'new', receivedAt: t.clock.now().toISOString() });
    const mails = await t.mails();
    expect(mails.some((m) => m.subject === `Report received: ${waiting!.trackingId}`)).toBe(true);
  });

  it('builds a waiting report when its reporter opens it through the secret link', async () => {
    const [waiting] = await submitDeferred(anonymousSession('203.0.113.11'));
    expect(waiting!.built).toBe(false);
    const res = await t.request(
      { ...anonymous, ip: '203.0.113.11' },
      { url: `/api/reports/${waiting!.id}`, headers: { 'x-report-link': waiting!.linkToken! } },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ trackingId: waiting!.trackingId, viewer: { side: 'reporter' } });
    expect(await t.database.db.query(sql`SELECT 1 FROM report_inbox WHERE object_id = ${waiting!.id}`)).toHaveLength(0);
    await t.buildInbox();
  });

  it("lists a signed-in reporter's waiting report under My reports", async () => {
    const rita = await t.actor('rita-inbox');
    const s = userSession({ id: rita.userId!, username: 'rita-inbox', isAdmin: false }, '203.0.113.12');
    const [waiting] = await submitDeferred(s, { contactEmail: undefined });
    expect(waiting!.built).toBe(false);
    const mine = await t.request(rita, { url: '/api/reports?mine=true' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((i: { id: number }) => i.id)).toContain(waiting!.id);
    const [other] = await submitDeferred(s, { contactEmail: undefined });
    const byId = await t.request(rita, { url: `/api/reports/${other!.id}` });
    expect(byId.statusCode).toBe(200);
    expect(byId.json().viewer.side).toBe('reporter');
    await t.buildInbox();
  });

  it('answers a stranger asking for a waiting report with 404, as for any report they may not read', async () => {
    const [waiting] = await submitDeferred(anonymousSession('203.0.113.13'));
    const stranger = await t.actor('stranger-inbox');
    const res = await t.request(stranger, { url: `/api/reports/${waiting!.id}` });
    expect(res.statusCode).toBe(404);
    // Not theirs: left to the worker (a read by a stranger builds nothing and so takes no longer).
    expect(await t.database.db.query(sql`SELECT 1 FROM report_inbox WHERE object_id = ${waiting!.id}`)).toHaveLength(1);
    expect((await t.request(stranger, { url: `/api/reports/999999` })).statusCode).toBe(404);
    await t.buildInbox();
  });

  it('keeps a submission whose build fails, records why, and builds it once it can', async () => {
    const [waiting] = await submitDeferred(anonymousSession('203.0.113.14'));
    const id = waiting!.id;
    const saved = await t.database.db.query<{ submission: unknown }>(sql`SELECT submission FROM report_inbox WHERE object_id = ${id}`);
    // Only this row can fail: the other one of the pair is built first.
    await t.database.db.query(
      sql`UPDATE report_inbox SET submission = submission - 'title', next_attempt_at = next_attempt_at + interval '1 second' WHERE object_id = ${id}`,
    );
    await t.buildInbox();
    t.clock.advance(1_000);
    const system = systemSession('test');
    await expect(t.services.reports.intake.buildNext(system)).rejects.toThrow();
    const failed = await t.database.db.query<{ attempts: number; last_error: string; next_attempt_at: Date }>(
      sql`SELECT attempts, last_error, next_attempt_at FROM report_inbox WHERE object_id = ${id}`,
    );
    expect(failed[0]).toMatchObject({ attempts: 1 });
    expect(failed[0]!.last_error).toMatch(/title/);
    expect(failed[0]!.next_attempt_at.getTime()).toBe(t.clock.now().getTime() + retryDelayMs(0));
    // Not due yet: nothing to build, and nothing lost.
    expect(await t.services.reports.intake.buildNext(system)).toBe(false);
    expect((await t.services.reports.intake.backlog(system)).failing).toBe(1);
    // Administrators see it with its error; others may not look.
    const admin = await t.actor('inbox-admin', { isAdmin: true });
    const status = await t.request(admin, { url: '/api/admin/report-inbox' });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ pending: 1, failing: 1, failingItems: [{ id, trackingId: waiting!.trackingId, attempts: 1 }] });
    expect(status.json().failingItems[0].lastError).toMatch(/title/);
    expect((await t.request(teamMember, { url: '/api/admin/report-inbox' })).statusCode).toBe(403);
    await t.database.db.query(
      sql`UPDATE report_inbox SET submission = ${JSON.stringify(saved[0]!.submission)}::jsonb WHERE object_id = ${id}`,
    );
    t.clock.advance(retryDelayMs(0));
    expect(await t.services.reports.intake.buildNext(system)).toBe(true);
    expect((await t.request(teamMember, { url: `/api/reports/${id}` })).statusCode).toBe(200);
  });

  it('has the worker build what waits, in the order received', async () => {
    const pairs = [await submitDeferred(anonymousSession('203.0.113.15')), await submitDeferred(anonymousSession('203.0.113.16'))];
    const ids = pairs
      .flat()
      .filter((p) => !p.built)
      .map((p) => p.id);
    expect(ids.length).toBeGreaterThan(0);
    const worker = startInboxWorker(systemSession('test-worker'), t.services.reports.intake, { error() {}, info() {} }, { pollMs: 20 });
    try {
      await waitUntil(
        () => count('report_inbox'),
        (n) => n === 0,
        {
          timeoutMs: 60_000,
          message: (n) => `the inbox worker left ${n} submission(s) of ${ids.length} unbuilt`,
        },
      );
    } finally {
      await worker.stop();
    }
    expect(await count('report_inbox')).toBe(0);
    const built = await t.database.db.query<{ object_id: number }>(
      sql`SELECT object_id FROM reports WHERE object_id = ANY(${ids}::int[]) ORDER BY object_id`,
    );
    expect(built.map((r) => r.object_id)).toEqual([...ids].sort((a, b) => a - b));
  });

  it('refuses an unknown product and an over-limit submitter without storing anything', async () => {
    const before = await count('report_inbox');
    const unknown = await t.request(
      { ...anonymous, ip: '203.0.113.17' },
      { method: 'POST', url: '/api/reports', payload: submission(987654) },
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toEqual([expect.objectContaining({ field: 'productId' })]);
    const tight = { ...settings, perIpPerHour: 1 };
    const s = anonymousSession('203.0.113.18');
    const body = submission(product.id) as unknown as Parameters<typeof deferring.submit>[1];
    await deferring.submit(s, body, { settings: tight });
    await expect(deferring.submit(s, body, { settings: tight })).rejects.toMatchObject({ id: 'rate_limited' });
    expect(await count('report_inbox')).toBe(before + 1);
    await t.buildInbox();
  });

  it('counts parallel submissions exactly, one submitter across two instances and many submitters in one batch', async () => {
    const tight = { ...settings, perIpPerHour: 7 };
    const body = submission(product.id) as unknown as Parameters<typeof deferring.submit>[1];
    const one = anonymousSession('203.0.113.40');
    // 24 at once from one address through two intake services (two instances sharing the database).
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) => (i % 2 ? deferring : t.services.reports.intake).submit(one, body, { settings: tight })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(7);
    expect(refused.map((r) => (r.reason as { id: string }).id)).toEqual(Array(17).fill('rate_limited'));
    // 30 addresses at once, two submissions each, limit 1 an hour: exactly one of each pair is stored.
    const once = { ...settings, perIpPerHour: 1 };
    const pairs = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        t.services.reports.intake.submit(anonymousSession(`203.0.114.${i % 30}`), body, { settings: once }),
      ),
    );
    expect(pairs.filter((r) => r.status === 'fulfilled')).toHaveLength(30);
    const stored = await t.database.db.query<{ ip: string; n: number }>(
      sql`SELECT ip, count(*)::int AS n FROM intake_submissions WHERE ip LIKE '203.0.114.%' GROUP BY ip`,
    );
    expect(stored).toHaveLength(30);
    expect(stored.every((r) => r.n === 1)).toBe(true);
    const inInbox = await t.database.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM report_inbox WHERE ip LIKE '203.0.114.%'`);
    const built = await t.database.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM reports WHERE submitted_ip LIKE '203.0.114.%'`,
    );
    expect(inInbox[0]!.n + built[0]!.n).toBe(30);
    await t.buildInbox();
    const ids = await t.database.db.query<{ n: number; d: number }>(
      sql`SELECT count(*)::int AS n, count(DISTINCT tracking_id)::int AS d FROM reports WHERE submitted_ip LIKE '203.0.114.%' OR submitted_ip = '203.0.113.40'`,
    );
    expect(ids[0]).toEqual({ n: 37, d: 37 });
  });

  it('answers a reporter link whose report could not be built yet with 503, not as a revoked link', async () => {
    const [waiting] = await submitDeferred(anonymousSession('203.0.113.50'));
    await t.database.db.query(sql`UPDATE report_inbox SET submission = submission - 'title' WHERE object_id = ${waiting!.id}`);
    const res = await t.request(
      { ...anonymous, ip: '203.0.113.50' },
      { url: `/api/reports/${waiting!.id}`, headers: { 'x-report-link': waiting!.linkToken! } },
    );
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatchObject({ id: 'unavailable', message: expect.stringContaining('still being processed') });
    const row = await t.database.db.query<{ attempts: number }>(sql`SELECT attempts FROM report_inbox WHERE object_id = ${waiting!.id}`);
    expect(row[0]!.attempts).toBe(1);
    await t.database.db.query(sql`DELETE FROM report_inbox WHERE object_id = ${waiting!.id}`);
    await t.buildInbox();
  });

  it('stores text with unpaired surrogates, in a batch with others, as U+FFFD', async () => {
    const body = submission(product.id) as unknown as Parameters<typeof deferring.submit>[1];
    const results = await Promise.all([
      deferring.submit(
        anonymousSession('203.0.113.60'),
        { ...body, title: 'Broken \ud800 title', description: 'tail \udc00' },
        { settings },
      ),
      deferring.submit(anonymousSession('203.0.113.61'), body, { settings }),
      deferring.submit(anonymousSession('203.0.113.62'), body, { settings }),
    ]);
    expect(results.every((r) => r.trackingId)).toBe(true);
    await t.buildInbox();
    const rows = await t.database.db.query<{ title: string; description: string }>(
      sql`SELECT o.title, r.description FROM reports r JOIN objects o ON o.id = r.object_id WHERE r.object_id = ${results[0].id}`,
    );
    expect(rows[0]).toEqual({ title: 'Broken \ufffd title', description: 'tail \ufffd' });
  });

  it('rolls back what the storing transaction did (a spent proof of work) when the submission is refused', async () => {
    const verify = async (_s: Session, tx: Tx) => {
      await tx.query(sql`INSERT INTO intake_challenges (id, difficulty, expires_at, used_at) VALUES ('spent-marker', 1, now(), now())`);
    };
    const body = submission(987654) as unknown as Parameters<typeof deferring.submit>[1];
    await expect(deferring.submit(anonymousSession('203.0.113.70'), body, { settings, verify })).rejects.toMatchObject({
      id: 'validation',
    });
    const tight = { ...settings, perIpPerHour: 1 };
    const ok = submission(product.id) as unknown as Parameters<typeof deferring.submit>[1];
    await deferring.submit(anonymousSession('203.0.113.71'), ok, { settings: tight });
    await expect(deferring.submit(anonymousSession('203.0.113.71'), ok, { settings: tight, verify })).rejects.toMatchObject({
      id: 'rate_limited',
    });
    expect(await t.database.db.query(sql`SELECT 1 FROM intake_challenges WHERE id = 'spent-marker'`)).toHaveLength(0);
    await t.buildInbox();
  });

  it('keeps tracking ids whole past 99,999', async () => {
    await t.database.db.query(sql`SELECT setval('report_tracking_seq', 123456)`);
    const body = submission(product.id) as unknown as Parameters<typeof deferring.submit>[1];
    const [a, b] = await Promise.all([
      deferring.submit(anonymousSession('203.0.113.80'), body, { settings }),
      deferring.submit(anonymousSession('203.0.113.81'), body, { settings }),
    ]);
    expect([a.trackingId, b.trackingId].sort()).toEqual([
      `PR-${t.clock.now().getUTCFullYear()}-123457`,
      `PR-${t.clock.now().getUTCFullYear()}-123458`,
    ]);
    expect(await t.buildInbox()).toBeGreaterThanOrEqual(2);
  });

  it('answers a stored submission with 201 even when the housekeeping sweep after the commit fails', async () => {
    // The sweep of old rate-limit rows runs after the submission has committed, at most every 10 minutes:
    // move the clock past that, and make its DELETE fail.
    t.clock.advance(11 * 60 * 1000);
    await t.database.db.exec(`
      CREATE FUNCTION test_fail_sweep() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'sweep broken for the test'; END $$;
      CREATE TRIGGER test_fail_sweep BEFORE DELETE ON intake_submissions FOR EACH STATEMENT EXECUTE FUNCTION test_fail_sweep();`);
    try {
      const before = await count('intake_submissions');
      const report = await submitAnonymously(t, submission(product.id), '203.0.113.90');
      expect(await count('intake_submissions')).toBe(before + 1);
      await t.buildInbox();
      const res = await t.request(teamMember, { url: `/api/reports/${report.id}` });
      expect(res.statusCode).toBe(200);
      expect(res.json().trackingId).toBe(report.trackingId);
    } finally {
      await t.database.db.exec(`DROP TRIGGER IF EXISTS test_fail_sweep ON intake_submissions; DROP FUNCTION IF EXISTS test_fail_sweep();`);
    }
  });
});
