// Attachment types and serving (issue 10, item 22): the type the browser declares decides nothing (a .json file
// sent as application/json is stored as JSON), a multipart form is not a file; images (PNG, JPEG, GIF, WebP —
// never SVG) have an inline preview with their checked media type, nosniff and the attachment's own sandbox
// CSP (which the global header hook used to overwrite); internal attachments stay hidden from the reporter;
// the limits are public before sending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { DEFAULT_ATTACHMENT_TYPES } from '../../src/intake/intake-settings.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { reserveUpload, UPLOAD_BYTES_IN_FLIGHT, uploadBytesReserved } from '../../src/http/upload-body.ts';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { PNG } from '../helpers/images.ts';
import { createProduct, memberOf, submission, submitAnonymously } from '../helpers/reports.ts';

const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([26, 0, 0, 0]),
  Buffer.from('WEBPVP8L'),
  Buffer.from([13, 0, 0, 0, 0x2f, 0, 0, 0, 0, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0]),
]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
const FILE_CSP = "default-src 'none'; sandbox";

describe(`attachment types and serving (${backendName})`, () => {
  let t: TestApp;
  let member: Actor;
  let admin: Actor;
  let report: { id: number; token: string };

  beforeAll(async () => {
    t = await createTestApp();
    const product = await createProduct(t, 'Files Product');
    member = await memberOf(t, 'files-member', product.teamGroupId);
    admin = await t.actor('files-admin', { isAdmin: true });
    report = await submitAnonymously(t, submission(product.id));
    await t.buildInbox();
    await t.database.db.transaction((tx) =>
      changeSetting(systemSession('test'), tx, t.clock.now(), 'intake', {
        maxAttachments: 20,
        attachmentTypes: [...DEFAULT_ATTACHMENT_TYPES, { mediaType: 'image/svg+xml', extensions: ['.svg'] }],
      }),
    );
  });
  afterAll(async () => t?.close());

  const asReporter = (headers: Record<string, string> = {}) => ({ ...headers, 'x-report-link': report.token });
  const attach = (
    actor: Actor,
    filename: string,
    content: Buffer,
    contentType: string | undefined,
    extra: { internal?: boolean; link?: boolean } = {},
  ) =>
    t.request(actor, {
      method: 'POST',
      url: `/api/reports/${report.id}/attachments?${new URLSearchParams({ filename, ...(extra.internal ? { internal: 'true' } : {}) })}`,
      headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(extra.link ? { 'x-report-link': report.token } : {}) },
      payload: content,
    });
  const stored = async () =>
    (await t.request(member, { url: `/api/reports/${report.id}` })).json().attachments as {
      id: number;
      filename: string;
      mediaType: string;
      internal: boolean;
    }[];

  it.each([
    ['report.json', 'application/json', '{"poc": true}', 'application/json'],
    ['data.csv', 'application/vnd.ms-excel', 'a,b\n1,2\n', 'text/csv'],
    ['crash.log', undefined, 'segfault at 0x0\n', 'text/plain'],
    ['notes.md', 'text/markdown', '# PoC\n', 'text/plain'],
    ['notes.txt', 'text/plain; charset=utf-8', 'plain\n', 'text/plain'],
  ])('stores %s sent as %s by its extension', async (filename, declared, content, mediaType) => {
    const res = await attach(anonymous, filename, Buffer.from(content), declared, { link: true });
    expect(res.statusCode, res.body).toBe(201);
    const file = (await stored()).find((a) => a.id === res.json().id);
    expect(file).toMatchObject({ filename, mediaType });
    const download = await t.request(member, { url: `/api/reports/${report.id}/attachments/${res.json().id}` });
    expect(download.body).toBe(content);
  });

  it('refuses a multipart form instead of storing its envelope', async () => {
    const res = await attach(anonymous, 'poc.txt', Buffer.from('--x\r\n\r\nhello\r\n--x--'), 'multipart/form-data; boundary=x', {
      link: true,
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.fields).toEqual([
      { field: 'file', message: 'must be sent as the request body itself (not multipart/form-data).' },
    ]);
  });

  it('downloads keep the attachment CSP (sandbox), not the application CSP', async () => {
    const id = (await attach(member, 'proof.txt', Buffer.from('x\n'), 'text/plain')).json().id;
    const res = await t.request(member, { url: `/api/reports/${report.id}/attachments/${id}` });
    expect(res.headers['content-security-policy']).toBe(FILE_CSP);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // Every other answer still has the application's policy.
    expect((await t.request(member, { url: `/api/reports/${report.id}` })).headers['content-security-policy']).toContain(
      "default-src 'self'",
    );
  });

  it.each([
    ['shot.png', PNG, 'image/png'],
    ['shot.webp', WEBP, 'image/webp'],
  ])('previews the image %s inline, safely', async (filename, content, mediaType) => {
    const id = (await attach(member, filename, content, 'application/octet-stream')).json().id;
    const res = await t.request(member, { url: `/api/reports/${report.id}/attachments/${id}/preview` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(mediaType);
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^inline; filename="${filename}"`));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe(FILE_CSP);
    expect(res.rawPayload.equals(content)).toBe(true);
  });

  it('never previews SVG or other types, even when the allowlist accepts them', async () => {
    const svg = (await attach(member, 'logo.svg', SVG, 'image/svg+xml')).json().id;
    const text = (await attach(member, 'page.txt', Buffer.from('<b>x</b>'), 'text/plain')).json().id;
    for (const id of [svg, text]) {
      const res = await t.request(member, { url: `/api/reports/${report.id}/attachments/${id}/preview` });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/json');
    }
    const download = await t.request(member, { url: `/api/reports/${report.id}/attachments/${svg}` });
    expect(download.headers['content-type']).toBe('application/octet-stream');
  });

  it('hides internal attachments from the reporter: not listed, not downloadable, no preview', async () => {
    const res = await attach(member, 'internal.png', PNG, 'image/png', { internal: true });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    expect((await stored()).find((a) => a.id === id)).toMatchObject({ internal: true });
    const view = await t.request(anonymous, { url: `/api/reports/${report.id}`, headers: asReporter() });
    expect(view.json().attachments.map((a: { id: number }) => a.id)).not.toContain(id);
    expect(view.json().attachments.length).toBeGreaterThan(0);
    for (const path of [`${id}`, `${id}/preview`]) {
      const reporterRes = await t.request(anonymous, { url: `/api/reports/${report.id}/attachments/${path}`, headers: asReporter() });
      expect(reporterRes.statusCode).toBe(404);
      expect((await t.request(member, { url: `/api/reports/${report.id}/attachments/${path}` })).statusCode).toBe(200);
    }
    // A reporter cannot make an attachment internal.
    const mine = await attach(anonymous, 'mine.txt', Buffer.from('x\n'), 'text/plain', { internal: true, link: true });
    expect((await stored()).find((a) => a.id === mine.json().id)).toMatchObject({ internal: false });
  });

  it('refuses an upload with 503 and Retry-After while the process holds its whole upload budget', async () => {
    const release = reserveUpload(UPLOAD_BYTES_IN_FLIGHT);
    try {
      const res = await attach(anonymous, 'later.txt', Buffer.from('x\n'), 'text/plain', { link: true });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json().error.id).toBe('unavailable');
    } finally {
      release();
    }
    expect((await attach(anonymous, 'later.txt', Buffer.from('x\n'), 'text/plain', { link: true })).statusCode).toBe(201);
  });

  it('tells anyone the limits before sending, as the administrator set them', async () => {
    const res = await t.request(anonymous, { url: '/api/intake/limits' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      maxReportChars: 100_000,
      maxAttachments: 20,
      maxAttachmentBytes: 10 * 1024 * 1024,
      attachmentTypes: [...DEFAULT_ATTACHMENT_TYPES, { mediaType: 'image/svg+xml', extensions: ['.svg'] }],
    });
    await t.reauthenticate(admin);
    await t.request(admin, { method: 'PATCH', url: '/api/admin/intake-settings', payload: { maxAttachments: 3 } });
    expect((await t.request(anonymous, { url: '/api/intake/limits' })).json().maxAttachments).toBe(3);
    expect(uploadBytesReserved()).toBe(0);
  });
});
