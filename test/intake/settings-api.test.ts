// The intake settings API (administrators, recent sign-in, audited as security events, a field error for
// each bad value), the settings taking effect on admission, and the 429 answer with Retry-After over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admitSubmission } from '../../src/intake/admission.ts';
import { DEFAULT_INTAKE_SETTINGS, type IntakeSettings } from '../../src/intake/intake-settings.ts';
import { readSetting } from '../../src/settings/repository.ts';
import { buildApp } from '../../src/http/app.ts';
import { anonymous, createTestApp, TEST_CONFIG, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';

const URL_ = '/api/admin/intake-settings';

interface ErrorJson {
  error: { id: string; message: string; fields: { field: string; message: string }[] };
}

describe(`intake settings API (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let user: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    await t.mails();
    admin = await t.actor('intake-admin', { isAdmin: true });
    user = await t.actor('intake-user');
  });
  afterAll(async () => {
    await t?.close();
  });

  const patch = (actor: Actor, payload: unknown) =>
    t.request(actor, { method: 'PATCH', url: URL_, payload: payload as Record<string, unknown> });
  const fieldsOf = (body: string) => (JSON.parse(body) as ErrorJson).error.fields;

  it('administrators read the defaults', async () => {
    const res = await t.request(admin, { url: URL_ });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<IntakeSettings>();
    expect(body).toEqual({
      perIpPerHour: 10,
      perIpPerDay: 30,
      signedInPerHour: 30,
      signedInPerDay: 100,
      proofOfWork: false,
      powDifficulty: DEFAULT_INTAKE_SETTINGS.powDifficulty,
      maxAttachmentBytes: 10 * 1024 * 1024,
      maxAttachments: 5,
      attachmentTypes: DEFAULT_INTAKE_SETTINGS.attachmentTypes,
      maxReportChars: 100_000,
    });
    expect(body.attachmentTypes.map((a) => a.mediaType)).toEqual([
      'text/plain',
      'text/csv',
      'application/json',
      'application/pdf',
      'image/png',
      'image/jpeg',
      'image/gif',
      'image/webp',
      'application/zip',
      'video/mp4',
    ]);
  });

  it('others may neither read nor change them', async () => {
    expect((await t.request(anonymous, { url: URL_ })).statusCode).toBe(401);
    const read = await t.request(user, { url: URL_ });
    expect(read.statusCode).toBe(403);
    const write = await patch(user, { perIpPerHour: 1000 });
    expect(write.statusCode).toBe(403);
    expect((await readSetting(t.database.db, 'intake')).perIpPerHour).toBe(10);
  });

  it('a change needs a sign-in within the last 10 minutes', async () => {
    const late = await t.actor('intake-admin-late', { isAdmin: true });
    t.clock.advance(11 * 60_000);
    const res = await patch(late, { perIpPerHour: 12 });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.id).toBe('reauthentication_required');
    await t.reauthenticate(late);
    const ok = await patch(late, { perIpPerHour: 12 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().perIpPerHour).toBe(12);
    await t.reauthenticate(admin);
  });

  it('names every bad value', async () => {
    const cases: [unknown, string[]][] = [
      [{ perIpPerHour: 0 }, ['perIpPerHour']],
      [{ perIpPerHour: 2.5 }, ['perIpPerHour']],
      [{ powDifficulty: 40 }, ['powDifficulty']],
      [{ powDifficulty: 4 }, ['powDifficulty']],
      [{ maxAttachments: -1, maxReportChars: 10 }, ['maxAttachments', 'maxReportChars']],
      [{ proofOfWork: 'yes' }, ['proofOfWork']],
      [{ somethingElse: 1 }, ['somethingElse']],
      [{ perIpPerHour: 50, perIpPerDay: 40 }, ['perIpPerDay']],
      [{ signedInPerDay: 5 }, ['signedInPerDay']],
      [
        {
          attachmentTypes: [
            { mediaType: 'text/plain', extensions: ['.txt'] },
            { mediaType: 'not a type', extensions: ['.x'] },
          ],
        },
        ['attachmentTypes.1.mediaType'],
      ],
      [
        {
          attachmentTypes: [
            { mediaType: 'text/plain', extensions: ['.txt'] },
            { mediaType: 'text/markdown', extensions: ['.md', '.TXT'] },
          ],
        },
        ['attachmentTypes.1.extensions.1'],
      ],
      [
        {
          attachmentTypes: [
            { mediaType: 'text/plain', extensions: ['.txt'] },
            { mediaType: 'text/plain', extensions: ['.log'] },
          ],
        },
        ['attachmentTypes.1.mediaType'],
      ],
      [{ attachmentTypes: [{ mediaType: 'image/png', extensions: ['.p n g'] }] }, ['attachmentTypes.0.extensions.0']],
      [{ attachmentTypes: [{ mediaType: 'image/png', extensions: [] }] }, ['attachmentTypes.0.extensions']],
    ];
    for (const [payload, fields] of cases) {
      const res = await patch(admin, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.id).toBe('validation');
      expect(
        fieldsOf(res.body).map((f) => f.field),
        JSON.stringify(payload),
      ).toEqual(fields);
    }
    const res = await patch(admin, { perIpPerHour: 50, perIpPerDay: 40 });
    expect(fieldsOf(res.body)).toEqual([{ field: 'perIpPerDay', message: 'must be at least the hourly limit (50).' }]);
    // Nothing was changed by any of them.
    const now = (await t.request(admin, { url: URL_ })).json<IntakeSettings>();
    expect(now.perIpPerDay).toBe(30);
    expect(now.attachmentTypes).toEqual(DEFAULT_INTAKE_SETTINGS.attachmentTypes);
  });

  it('a valid change is saved (extensions normalised), answered in full and audited as a security event', async () => {
    const res = await patch(admin, {
      proofOfWork: true,
      powDifficulty: 16,
      attachmentTypes: [
        { mediaType: 'Text/Plain', extensions: ['txt', '.LOG'] },
        { mediaType: 'application/pdf', extensions: ['.pdf'] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<IntakeSettings>();
    expect(body.proofOfWork).toBe(true);
    expect(body.powDifficulty).toBe(16);
    expect(body.attachmentTypes).toEqual([
      { mediaType: 'text/plain', extensions: ['.txt', '.log'] },
      { mediaType: 'application/pdf', extensions: ['.pdf'] },
    ]);
    expect(body.perIpPerHour).toBe(12);
    const events = await t.request(admin, { url: '/api/admin/security-events?action=settings.intake_changed' });
    expect(events.statusCode, events.body).toBe(200);
    const items = events.json().items as { action: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
    expect(items.length).toBe(2);
    // The event holds the fields that changed: powDifficulty was sent but is the default (16), so it is not among them.
    const last = items.find((e) => e.after.proofOfWork === true)!;
    expect(DEFAULT_INTAKE_SETTINGS.powDifficulty).toBe(16);
    expect(last.before).toEqual({ proofOfWork: false, attachmentTypes: DEFAULT_INTAKE_SETTINGS.attachmentTypes });
    expect(last.after).toEqual({ proofOfWork: true, attachmentTypes: body.attachmentTypes });
    // The public challenge follows at once.
    const c = await t.request(anonymous, { url: '/api/intake/challenge' });
    expect(c.json()).toMatchObject({ enabled: true, difficulty: 16 });
  });
});

describe(`rate-limited submissions over HTTP (${backendName})`, () => {
  let t: TestApp;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    await t.mails();
    // A stand-in for the report route: admission in a transaction, as POST /api/reports does it.
    app = await buildApp(TEST_CONFIG, t.services, { logger: false });
    app.post('/test/submit', async (request) => {
      const s = request.session;
      const settings = await readSetting(t.database.db, 'intake');
      await t.database.db.transaction((tx) => admitSubmission(s, tx, t.clock.now(), settings));
      return { ok: true };
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('answers 429 rate_limited with a Retry-After header and the time in the message', async () => {
    const send = () =>
      app.inject({ method: 'POST', url: '/test/submit', remoteAddress: '203.0.113.200', headers: { origin: 'http://127.0.0.1:8080' } });
    for (let i = 0; i < 10; i++) {
      const res = await send();
      expect(res.statusCode, res.body).toBe(200);
      t.clock.advance(60_000);
    }
    const res = await send();
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe(String(50 * 60));
    expect(res.json().error).toMatchObject({
      id: 'rate_limited',
      message: 'Too many reports from your address: at most 10 an hour. Try again in 50 minutes.',
      details: { retryAfterSeconds: 3000 },
    });
    // Other 4xx answers carry no Retry-After.
    const other = await app.inject({ method: 'GET', url: '/api/admin/intake-settings' });
    expect(other.statusCode).toBe(401);
    expect(other.headers['retry-after']).toBeUndefined();
  });
});
