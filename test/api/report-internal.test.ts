// What the team keeps internal never reaches the reporter side. Internal attachments: not in the reporter's
// view of the report, not downloadable by a reporter (404, as if it did not exist), and their timeline entry
// hidden; a reporter cannot make an attachment internal. Internal notes: not mailed to the reporters (no
// mail job is even queued for them, and a mail job naming one sends nothing), while a visible comment is.
// Each reporter kind is checked: the reporter's account, an invited co-reporter and a secret-link guest.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { createProduct, memberOf, submission } from '../helpers/reports.ts';

let t: TestApp;
let team: Actor;
let reporter: Actor;
let coReporter: Actor;
let reportId: number;
let linkToken: string;

interface ReportJson {
  viewer: { side: string };
  attachments: { id: number; filename: string; internal: boolean }[];
  timeline: { kind: string; internal: boolean; body: { markdown: string }; data: Record<string, unknown> }[];
}

/** The three kinds of reporter-side readers: each sends its requests through `as`. */
const READERS = ['reporter account', 'co-reporter', 'secret-link guest'] as const;
type Reader = (typeof READERS)[number];

function as(reader: Reader, options: Parameters<TestApp['request']>[1]) {
  if (reader === 'reporter account') return t.request(reporter, options);
  if (reader === 'co-reporter') return t.request(coReporter, options);
  return t.request(
    { ...anonymous, ip: '198.51.100.61' },
    { ...options, headers: { ...(options.headers as Record<string, string>), 'x-report-link': linkToken } },
  );
}

async function view(reader: Reader | 'team'): Promise<ReportJson> {
  const res =
    reader === 'team' ? await t.request(team, { url: `/api/reports/${reportId}` }) : await as(reader, { url: `/api/reports/${reportId}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ReportJson>();
}

function upload(actor: Actor, filename: string, content: string, internal: boolean, headers: Record<string, string> = {}) {
  return t.request(actor, {
    method: 'POST',
    url: `/api/reports/${reportId}/attachments?filename=${encodeURIComponent(filename)}${internal ? '&internal=true' : ''}`,
    headers: { 'content-type': 'application/octet-stream', ...headers },
    payload: Buffer.from(content),
  });
}

/** A signed-in user outside every team, with an e-mail address. */
async function withEmail(username: string): Promise<Actor> {
  const actor = await t.actor(username);
  await t.services.users.update(systemSession('test'), actor.userId!, { email: `${username}@example.org` });
  return actor;
}

beforeAll(async () => {
  t = await createTestApp();
  const product = await createProduct(t, 'Widget');
  team = await memberOf(t, 'tess', product.teamGroupId);
  reporter = await withEmail('rhea');
  coReporter = await withEmail('cora');
  const submitted = await t.request(reporter, {
    method: 'POST',
    url: '/api/reports',
    payload: submission(product.id, { contactEmail: undefined }),
  });
  expect(submitted.statusCode, submitted.body).toBe(201);
  reportId = submitted.json().id;
  const invited = await t.request(reporter, { method: 'POST', url: `/api/reports/${reportId}/invitations`, payload: { username: 'cora' } });
  expect(invited.statusCode, invited.body).toBe(200);
  const invitation = (await t.request(coReporter, { url: '/api/me/invitations' })).json().items[0];
  const accepted = await t.request(coReporter, { method: 'POST', url: `/api/me/invitations/${invitation.id}/accept` });
  expect(accepted.statusCode, accepted.body).toBe(200);
  const link = await t.request(team, { method: 'POST', url: `/api/reports/${reportId}/links` });
  expect(link.statusCode, link.body).toBe(201);
  linkToken = new URL(link.json().reporterLink).hash.replace(/^#link=/, '');
  await t.mails(); // the receipt and the team alert, out of the way
});
afterAll(() => t?.close());

describe(`internal attachments (${backendName})`, () => {
  let internalId: number;
  let visibleId: number;

  beforeAll(async () => {
    const internal = await upload(team, 'triage-notes.txt', 'INTERNAL-ATTACHMENT-CONTENT', true);
    expect(internal.statusCode, internal.body).toBe(201);
    internalId = internal.json().id;
    const visible = await upload(team, 'patch.txt', 'VISIBLE-ATTACHMENT-CONTENT', false);
    expect(visible.statusCode, visible.body).toBe(201);
    visibleId = visible.json().id;
  });

  it('the team sees both, the internal one marked, and downloads both', async () => {
    const r = await view('team');
    expect(r.attachments.map((a) => [a.id, a.internal])).toEqual([
      [internalId, true],
      [visibleId, false],
    ]);
    const added = r.timeline.filter((e) => e.kind === 'attachment_added');
    expect(added.map((e) => [e.data.attachmentId, e.internal])).toEqual([
      [internalId, true],
      [visibleId, false],
    ]);
    const file = await t.request(team, { url: `/api/reports/${reportId}/attachments/${internalId}` });
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('INTERNAL-ATTACHMENT-CONTENT');
  });

  for (const reader of READERS) {
    it(`the ${reader} sees only the visible attachment, in the list and on the timeline`, async () => {
      const r = await view(reader);
      expect(r.viewer.side).toBe('reporter');
      expect(r.attachments.map((a) => a.id)).toEqual([visibleId]);
      const added = r.timeline.filter((e) => e.kind === 'attachment_added');
      expect(added.map((e) => e.data.attachmentId)).toEqual([visibleId]);
      expect(JSON.stringify(r)).not.toContain('triage-notes.txt');
    });

    it(`the ${reader} cannot download the internal attachment (404), but downloads the visible one`, async () => {
      const refused = await as(reader, { url: `/api/reports/${reportId}/attachments/${internalId}` });
      expectError(refused, 404, 'not_found');
      expect(refused.body).not.toContain('INTERNAL-ATTACHMENT-CONTENT');
      const visible = await as(reader, { url: `/api/reports/${reportId}/attachments/${visibleId}` });
      expect(visible.statusCode).toBe(200);
      expect(visible.body).toBe('VISIBLE-ATTACHMENT-CONTENT');
    });
  }

  it('a reporter asking for an internal upload gets a visible one (only the team keeps files internal)', async () => {
    const res = await upload(reporter, 'reporter-proof.txt', 'REPORTER-FILE', true);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    expect((await view('team')).attachments.find((a) => a.id === id)).toMatchObject({ internal: false });
    expect((await view('co-reporter')).attachments.map((a) => a.id)).toContain(id);
  });
});

describe(`internal notes are not mailed to the reporters (${backendName})`, () => {
  const send = () => vi.spyOn(t.services.deps.jobs, 'send');
  const reporterMails = async () => (await t.mails()).filter((m) => m.subject?.startsWith('Update on your report'));

  it('an internal note queues no reporter mail and sends none; a visible comment reaches the reporters', async () => {
    const before = (await reporterMails()).length;
    const spy = send();
    try {
      const note = await t.request(team, {
        method: 'POST',
        url: `/api/reports/${reportId}/comments`,
        payload: { body: 'INTERNAL-NOTE-7731', internal: true },
      });
      expect(note.statusCode, note.body).toBe(200);
      const noteEvent = note.json<ReportJson>().timeline.find((e) => e.body.markdown === 'INTERNAL-NOTE-7731')!;
      expect(noteEvent.internal).toBe(true);
      const queued = spy.mock.calls.map(([, data]) => data as { kind: string });
      expect(queued.filter((d) => d.kind === 'reporter_update')).toEqual([]);
      const afterNote = await reporterMails();
      expect(afterNote).toHaveLength(before);
      for (const m of await t.mails()) expect(m.text ?? '').not.toContain('INTERNAL-NOTE-7731');

      const visible = await t.request(team, {
        method: 'POST',
        url: `/api/reports/${reportId}/comments`,
        payload: { body: 'VISIBLE-COMMENT-7732' },
      });
      expect(visible.statusCode, visible.body).toBe(200);
      expect(spy.mock.calls.map(([, data]) => (data as { kind: string }).kind)).toContain('reporter_update');
      const afterComment = (await reporterMails()).slice(before);
      // The reporter's account and the co-reporter each get it.
      expect(afterComment.map((m) => (m.to as { text: string }).text).sort()).toEqual(['cora@example.org', 'rhea@example.org']);
      for (const m of afterComment) expect(m.text).toContain('VISIBLE-COMMENT-7732');
    } finally {
      spy.mockRestore();
    }
  });

  it('a mail job that names an internal note sends nothing (the mailer checks again at send time)', async () => {
    const note = await t.request(team, {
      method: 'POST',
      url: `/api/reports/${reportId}/comments`,
      payload: { body: 'INTERNAL-NOTE-7733', internal: true },
    });
    expect(note.statusCode, note.body).toBe(200);
    const event = note
      .json<{ timeline: { id: string; body: { markdown: string } }[] }>()
      .timeline.find((e) => e.body.markdown === 'INTERNAL-NOTE-7733')!;
    const before = (await t.mails()).length;
    await t.services.deps.jobs.send('report-mail', { kind: 'reporter_update', reportId, eventId: event.id });
    const mails = await t.mails();
    expect(mails).toHaveLength(before);
    for (const m of mails) expect(m.text ?? '').not.toContain('INTERNAL-NOTE-7733');
  });
});
