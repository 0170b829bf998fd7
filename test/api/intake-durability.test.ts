// Intake durability (docs/adr/0006-two-phase-intake.md): a submission is answered 2xx only after the COMMIT
// that stores it. The test makes the COMMIT itself fail: a deferred constraint trigger, created here, raises
// at commit time for submissions whose title carries a marker. The statements all succeed and only the
// commit fails, so an intake that answered before its commit returned (or swallowed the failure) would
// answer 201 for a submission that is not stored. Checked on every storing path: the group-commit batch (alone,
// and in a batch with good submissions, which must still be stored and answered), and the transaction that
// spends a proof of work (whose proof must not be spent either).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { systemSession } from '../../src/access/system.ts';
import { sql } from '../../src/db/database.ts';
import { leadingZeroBits } from '../../src/intake/proof-of-work.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { anonymous, createTestApp, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { createProduct, submission } from '../helpers/reports.ts';

const MARKER = 'FAIL-AT-COMMIT';

let t: TestApp;
let productId: number;
let nextIp = 1;

beforeAll(async () => {
  t = await createTestApp();
  productId = (await createProduct(t, 'Durable Product')).id;
  await t.mails(); // opens the job queue before any transaction
  await t.database.db.exec(`
    CREATE FUNCTION test_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.submission->>'title' LIKE '%${MARKER}%' THEN RAISE EXCEPTION 'injected failure at commit'; END IF;
      RETURN NULL;
    END $$;
    CREATE CONSTRAINT TRIGGER test_fail_at_commit AFTER INSERT ON report_inbox
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_at_commit();`);
});
afterAll(() => t?.close());

const submit = (title: string, extra: Record<string, unknown> = {}) =>
  t.request(
    { ...anonymous, ip: `192.0.2.${nextIp++}` },
    { method: 'POST', url: '/api/reports', payload: { ...submission(productId, { title }), ...extra } },
  );

/** Everything a stored submission leaves: inbox rows, reports, audit events, rate-limit records. */
async function stored() {
  const [row] = await t.database.db.query<{ inbox: number; reports: number; audited: number; counted: number }>(sql`
    SELECT (SELECT count(*)::int FROM report_inbox) AS inbox, (SELECT count(*)::int FROM reports) AS reports,
           (SELECT count(*)::int FROM audit_events WHERE action = 'report.submitted') AS audited,
           (SELECT count(*)::int FROM intake_submissions) AS counted`);
  return row!;
}

async function titlesStored(): Promise<string[]> {
  await t.buildInbox();
  const rows = await t.database.db.query<{ title: string }>(
    sql`SELECT title FROM objects o JOIN reports r ON r.object_id = o.id ORDER BY o.id`,
  );
  return rows.map((r) => r.title);
}

describe(`a submission whose COMMIT fails is never answered 2xx (${backendName})`, () => {
  it('the trigger fails the commit only: a statement alone succeeds inside a transaction, its COMMIT fails', async () => {
    // The premise of this file: the failure comes at COMMIT, after every statement succeeded.
    let statementDone = false;
    await expect(
      t.database.db.transaction(async (tx) => {
        await tx.query(sql`
        INSERT INTO report_inbox (object_id, tracking_id, submission, product_id, ip, received_at, next_attempt_at)
        VALUES (-1, 'PREMISE', ${JSON.stringify({ title: MARKER })}::jsonb, ${productId}, '192.0.2.250', ${t.clock.now()}, ${t.clock.now()})`);
        statementDone = true;
      }),
    ).rejects.toThrow(/injected failure at commit/);
    expect(statementDone).toBe(true);
    expect((await stored()).inbox).toBe(0);
  });

  it('a lone submission: 500, and nothing stored or counted', async () => {
    const before = await stored();
    const res = await submit(`Lone ${MARKER}`);
    expectError(res, 500, 'internal');
    await t.buildInbox();
    expect(await stored()).toEqual(before);
    expect(await titlesStored()).not.toContain(`Lone ${MARKER}`);
  });

  it('in a batch with good submissions: only the failing one is refused; every 201 names a stored report', async () => {
    const before = await stored();
    const titles = ['Batch good 1', 'Batch good 2', `Batch ${MARKER}`, 'Batch good 3', 'Batch good 4'];
    const answers = await Promise.all(titles.map((title) => submit(title)));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 500, 201, 201]);
    const ids = answers.filter((a) => a.statusCode === 201).map((a) => a.json().id as number);
    await t.buildInbox();
    const built = await t.database.db.query<{ object_id: number; title: string }>(
      sql`SELECT r.object_id, o.title FROM reports r JOIN objects o ON o.id = r.object_id WHERE r.object_id = ANY(${ids}::int[]) ORDER BY r.object_id`,
    );
    expect(built.map((r) => r.title).sort()).toEqual(['Batch good 1', 'Batch good 2', 'Batch good 3', 'Batch good 4']);
    const after = await stored();
    expect(after).toEqual({ inbox: 0, reports: before.reports + 4, audited: before.audited + 4, counted: before.counted + 4 });
  });

  it('with proof of work (stored in the transaction that spends the proof): 500, nothing stored, the proof not spent', async () => {
    await t.database.db.transaction((tx) =>
      changeSetting(systemSession('test'), tx, t.clock.now(), 'intake', { proofOfWork: true, powDifficulty: 8 }),
    );
    try {
      const ip = '192.0.2.200';
      const c = (await t.request({ ...anonymous, ip }, { url: '/api/intake/challenge' })).json<{ id: string }>();
      let n = 0;
      while (leadingZeroBits(createHash('sha256').update(`${c.id}:${n}`).digest()) < 8) n++;
      const proofOfWork = { challengeId: c.id, nonce: String(n) };
      const before = await stored();
      const res = await submit(`Proof ${MARKER}`, { proofOfWork });
      expectError(res, 500, 'internal');
      await t.buildInbox();
      expect(await stored()).toEqual(before);
      const [challenge] = await t.database.db.query<{ used_at: Date | null }>(
        sql`SELECT used_at FROM intake_challenges WHERE id = ${c.id}`,
      );
      expect(challenge!.used_at).toBeNull();
      // The same proof then carries a submission whose commit succeeds.
      const ok = await submit('Proof good', { proofOfWork });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(await titlesStored()).toContain('Proof good');
    } finally {
      await t.database.db.transaction((tx) => changeSetting(systemSession('test'), tx, t.clock.now(), 'intake', { proofOfWork: false }));
    }
  });

  it('a signed-in reporter: 500 and nothing stored', async () => {
    const user = await t.actor('durable-reporter');
    const before = await stored();
    const res = await t.request(user, {
      method: 'POST',
      url: '/api/reports',
      payload: submission(productId, { title: `Signed in ${MARKER}`, contactEmail: undefined }),
    });
    expectError(res, 500, 'internal');
    await t.buildInbox();
    expect(await stored()).toEqual(before);
  });
});
