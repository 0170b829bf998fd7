// Sign-in timing, by the work done rather than by the clock: an unknown username costs one real password hash
// verification (against a dummy hash with the same parameters as real ones), exactly like a wrong password for a
// known user; a locked or disabled account costs no hash but the equalising delay; and the equalising delay
// really waits about as long as a hash takes. Comparing answers alone cannot see either of these go missing.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { anonymousSession } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { HashGate } from '../../src/auth/hash-gate.ts';
import { signInService } from '../../src/auth/sign-in.ts';
import { ManualClock } from '../../src/clock.ts';
import { sql } from '../../src/db/database.ts';
import { AppError } from '../../src/errors/catalog.ts';
import { openJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { createServices } from '../../src/services.ts';
import { backendName, createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const work = vi.hoisted(() => ({ verified: [] as string[], delays: 0 }));

vi.mock('../../src/auth/passwords.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/auth/passwords.ts')>();
  return {
    ...real,
    verifyPassword: async (stored: string, password: string) => {
      work.verified.push(stored);
      return real.verifyPassword(stored, password);
    },
  };
});

vi.mock('../../src/auth/hash-gate.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/auth/hash-gate.ts')>();
  return {
    ...real,
    equalisingDelay: async (gate: InstanceType<typeof real.HashGate>) => {
      work.delays += 1;
      return real.equalisingDelay(gate);
    },
  };
});

const PASSWORD = 'a long and unusual passphrase 7';
const WRONG = 'definitely not the password';
/** The parameter part of an argon2id PHC string ($argon2id$v=19$m=...,t=...,p=...$). */
const params = (phc: string) => /^\$argon2id\$v=\d+\$m=\d+,t=\d+,p=\d+\$/.exec(phc)?.[0];

describe(`sign-in work done (${backendName})`, () => {
  let t: TestDatabase;
  let jobs: JobQueue;
  let service: ReturnType<typeof signInService>;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    jobs = await openJobQueue(t.db);
    jobs.handle('mail', () => Promise.resolve());
  });
  afterAll(async () => {
    await jobs?.stop();
    await t?.close();
  });
  beforeEach(() => {
    service = signInService({ db: t.db, clock: new ManualClock('2026-03-02T10:00:00Z'), jobs, gate: new HashGate(2, 64) });
    work.verified.length = 0;
    work.delays = 0;
  });

  async function newUser(): Promise<{ id: number; username: string; hash: string }> {
    n += 1;
    const services = createServices({ db: t.db, clock: new ManualClock('2026-03-02T09:00:00Z') });
    const u = await services.users.create(systemSession('test'), { username: `worker${n}`, password: PASSWORD });
    const rows = await t.db.query<{ password_hash: string }>(sql`SELECT password_hash FROM users WHERE id = ${u.id}`);
    return { id: u.id, username: u.username, hash: rows[0]!.password_hash };
  }

  async function attempt(ip: string, username: string, password: string): Promise<string> {
    try {
      await service.signIn(anonymousSession(ip, 'test'), { username, password, userAgent: 'test' });
      return 'ok';
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return err.id;
    }
  }

  it('an unknown username verifies against a dummy hash with the real parameters, once, like a wrong password', async () => {
    const known = await newUser();
    expect(await attempt('10.0.0.1', known.username, WRONG)).toBe('sign_in_failed');
    expect(work.verified).toEqual([known.hash]);

    work.verified.length = 0;
    expect(await attempt('10.0.0.2', 'nobody-by-this-name', WRONG)).toBe('sign_in_failed');
    expect(work.verified).toHaveLength(1);
    const dummy = work.verified[0]!;
    expect(dummy).not.toBe(known.hash);
    expect(params(dummy)).toBeDefined();
    expect(params(dummy)).toBe(params(known.hash));
    expect(work.delays).toBe(0);
  });

  it('a locked account costs no hash but the equalising delay', async () => {
    const u = await newUser();
    for (let i = 0; i < 10; i++) await attempt(`10.1.${i}.1`, u.username, WRONG);
    work.verified.length = 0;
    work.delays = 0;
    expect(await attempt('10.1.20.1', u.username, PASSWORD)).toBe('sign_in_failed');
    expect(work.verified).toEqual([]);
    expect(work.delays).toBe(1);
  });

  it('a disabled account costs no hash but the equalising delay', async () => {
    const u = await newUser();
    await t.db.query(sql`UPDATE users SET disabled = true WHERE id = ${u.id}`);
    expect(await attempt('10.2.0.1', u.username, PASSWORD)).toBe('sign_in_failed');
    expect(work.verified).toEqual([]);
    expect(work.delays).toBe(1);
  });

  describe('the equalising delay itself', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('waits between 85% and 115% of the time a hash typically takes (whole milliseconds)', async () => {
      const { equalisingDelay: delay, HashGate: Gate } =
        await vi.importActual<typeof import('../../src/auth/hash-gate.ts')>('../../src/auth/hash-gate.ts');
      const gate = new Gate(2, 64);
      const typical = gate.typicalMs;
      expect(typical).toBeGreaterThan(0);
      for (let i = 0; i < 20; i++) {
        let done = false;
        void delay(gate).then(() => {
          done = true;
        });
        // Whole milliseconds (timers do not keep fractions): just under 85%, then just over 115%.
        const early = Math.floor(typical * 0.85) - 1;
        await vi.advanceTimersByTimeAsync(early);
        expect(done, 'resolved before 85% of a hash').toBe(false);
        await vi.advanceTimersByTimeAsync(Math.ceil(typical * 1.15) + 1 - early);
        expect(done, 'still waiting after 115% of a hash').toBe(true);
      }
    });
  });
});
