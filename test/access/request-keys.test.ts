// The per-request actor: a session's access keys are read once per request (session object and database
// handle) and shared by every read of the request; keys read in a transaction serve only it; a membership
// write makes every session read them again; a failed read is not kept.
import { describe, expect, it } from 'vitest';
import { accessKeys, membershipsChanged } from '../../src/access/read-access.ts';
import { anonymousSession, userSession } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import type { Queryable, Tx } from '../../src/db/database.ts';
import { deleteUserMember, insertUserMember } from '../../src/domain/groups/repository.ts';

/** A database handle that answers the membership query with `groups` and counts the queries. */
function handle(groups: () => number[]) {
  const h = {
    reads: 0,
    fail: false,
    query: () => {
      h.reads += 1;
      if (h.fail) return Promise.reject(new Error('connection lost'));
      return Promise.resolve(groups().map((group_id) => ({ group_id })));
    },
  };
  return h;
}
const asQ = (h: ReturnType<typeof handle>) => h as unknown as Queryable;

describe('access keys of a request', () => {
  const alice = { id: 10, username: 'alice', isAdmin: false };

  it('are read once per session object and handle, and shared by parallel reads', async () => {
    const db = handle(() => [7]);
    const s = userSession(alice, '127.0.0.1', 'req-1');
    const all = await Promise.all([accessKeys(s, asQ(db)), accessKeys(s, asQ(db)), accessKeys(s, asQ(db))]);
    expect(db.reads).toBe(1);
    for (const k of all) expect(k).toEqual({ unrestricted: false, keys: [1, 2, 7] });
    // The next request has a new session object: its keys are read again.
    const next = userSession(alice, '127.0.0.1', 'req-2');
    await accessKeys(next, asQ(db));
    expect(db.reads).toBe(2);
  });

  it('read in a transaction serve only that transaction', async () => {
    const db = handle(() => [7]);
    const tx = handle(() => [7, 8]);
    const s = userSession(alice, '127.0.0.1', 'req-3');
    expect(await accessKeys(s, asQ(tx))).toEqual({ unrestricted: false, keys: [1, 2, 7, 8] });
    expect(await accessKeys(s, asQ(db))).toEqual({ unrestricted: false, keys: [1, 2, 7] });
    expect([db.reads, tx.reads]).toEqual([1, 1]);
  });

  it('are read again after a membership is added or removed (also within the same request)', async () => {
    let groups = [7];
    const db = handle(() => groups);
    const s = userSession(alice, '127.0.0.1', 'req-4');
    expect(await accessKeys(s, asQ(db))).toEqual({ unrestricted: false, keys: [1, 2, 7] });
    const tx = { query: () => Promise.resolve([{ group_id: 9 }]) } as unknown as Tx;
    groups = [7, 9];
    await insertUserMember(s, tx, new Date(), 9, alice.id);
    expect(await accessKeys(s, asQ(db))).toEqual({ unrestricted: false, keys: [1, 2, 7, 9] });
    groups = [7];
    await deleteUserMember(s, tx, 9, alice.id);
    expect(await accessKeys(s, asQ(db))).toEqual({ unrestricted: false, keys: [1, 2, 7] });
    membershipsChanged();
    await accessKeys(s, asQ(db));
    expect(db.reads).toBe(4);
  });

  it('a failed read is not kept', async () => {
    const db = handle(() => [7]);
    const s = userSession(alice, '127.0.0.1', 'req-5');
    db.fail = true;
    await expect(accessKeys(s, asQ(db))).rejects.toThrow('connection lost');
    db.fail = false;
    expect(await accessKeys(s, asQ(db))).toEqual({ unrestricted: false, keys: [1, 2, 7] });
  });

  it('anonymous sessions need no read; administrators and System read unfiltered', async () => {
    const db = handle(() => []);
    const grants = [{ reportId: 5, groupId: 50 }];
    expect(await accessKeys({ ...anonymousSession('127.0.0.1'), grants }, asQ(db))).toEqual({ unrestricted: false, keys: [1, 50] });
    expect(await accessKeys(userSession({ ...alice, isAdmin: true }, '127.0.0.1'), asQ(db))).toEqual({ unrestricted: true });
    expect(await accessKeys(systemSession('test'), asQ(db))).toEqual({ unrestricted: true });
    expect(db.reads).toBe(0);
  });
});
