// Attachment uploads read no body before they are allowed (issue 10, item 15), over a real socket: an upload to
// a report the caller cannot read, or one declaring more than the installation's limit, is answered while the
// client is still sending, with the server having read almost nothing of it; a chunked upload is cut off at
// the limit; `Expect: 100-continue` is answered only when the upload may go ahead. Eight parallel 64 MiB
// uploads to an unreadable report cost neither memory nor bandwidth.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { uploadBytesReserved } from '../../src/http/upload-body.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { anonymous, createTestApp, ORIGIN, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { createProduct, submission, submitAnonymously } from '../helpers/reports.ts';

const MiB = 1024 * 1024;
const LIMIT = 256 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);

interface Upload {
  /** The answer, as soon as it arrives (the client may still be sending). */
  answer: Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; sentBeforeAnswer: number; continued: boolean }>;
  /** Bytes of body the client wrote so far. */
  sent(): number;
}

/**
 * Sends `total` bytes of body (declared with Content-Length unless chunked) as fast as the server takes them,
 * stopping as soon as an answer arrives.
 */
function upload(
  port: number,
  path: string,
  total: number,
  options: { headers?: Record<string, string>; chunked?: boolean; expectContinue?: boolean } = {},
): Upload {
  let sent = 0;
  let answered = false;
  let continued = false;
  const req = http.request({
    host: '127.0.0.1',
    port,
    path,
    method: 'POST',
    headers: {
      origin: ORIGIN,
      'content-type': 'text/plain',
      ...(options.chunked ? {} : { 'content-length': String(total) }),
      ...(options.expectContinue ? { expect: '100-continue' } : {}),
      ...options.headers,
    },
  });
  const answer = new Promise<Awaited<Upload['answer']>>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString(), sentBeforeAnswer, continued }),
      );
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
  });
  const send = async () => {
    while (sent < total && !answered && !req.destroyed) {
      const piece = CHUNK.subarray(0, Math.min(CHUNK.length, total - sent));
      sent += piece.length;
      if (!req.write(piece)) await Promise.race([once(req, 'drain'), once(req, 'close'), answer.catch(() => undefined)]);
    }
    if (!answered && !req.destroyed) req.end();
  };
  if (options.expectContinue) {
    req.on('continue', () => {
      continued = true;
      void send();
    });
    req.flushHeaders();
  } else {
    void send();
  }
  answer.catch(() => undefined).finally(() => setTimeout(() => req.destroy(), 100));
  return { answer, sent: () => sent };
}

/** Fails clearly when no answer arrives in time (the old server waited for the whole body). */
function within<T>(promise: Promise<T>, ms = 30_000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms: the server waits for the body`)), ms)),
  ]);
}

describe(`attachment uploads over a socket (${backendName})`, () => {
  let t: TestApp;
  let port: number;
  let report: { id: number; token: string };
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const product = await createProduct(t, 'Upload Product');
    report = await submitAnonymously(t, submission(product.id));
    await t.buildInbox();
    await t.database.db.transaction((tx) =>
      changeSetting(systemSession('test'), tx, t.clock.now(), 'intake', { maxAttachmentBytes: LIMIT }),
    );
    t.app.server.on('connection', (s: Socket) => sockets.push(s));
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => t?.close());

  const link = () => ({ 'x-report-link': report.token });
  const bytesReadSince = (from: number) => sockets.slice(from).reduce((sum, s) => sum + s.bytesRead, 0);

  it('refuses an upload to a report the caller cannot read before reading its body', async () => {
    const from = sockets.length;
    // 10 MiB declared, within any default limit; the client would send it all if the server read it.
    const u = upload(port, `/api/reports/${report.id}/attachments?filename=poc.txt`, 10 * MiB);
    const res = await within(u.answer);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).error.id).toBe('not_found');
    expect(res.headers.connection).toBe('close');
    expect(res.sentBeforeAnswer).toBeLessThan(10 * MiB);
    expect(bytesReadSince(from)).toBeLessThan(2 * MiB);
  });

  it('refuses a declared length over the limit with 413 at once', async () => {
    const from = sockets.length;
    const u = upload(port, `/api/reports/${report.id}/attachments?filename=poc.txt`, 10 * MiB, { headers: link() });
    const res = await within(u.answer);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toMatchObject({
      id: 'body_too_large',
      fields: [{ field: 'file', message: `at most ${LIMIT} bytes.` }],
    });
    expect(res.sentBeforeAnswer).toBeLessThan(10 * MiB);
    expect(bytesReadSince(from)).toBeLessThan(2 * MiB);
  });

  it('cuts a chunked upload off at the limit', async () => {
    const from = sockets.length;
    const u = upload(port, `/api/reports/${report.id}/attachments?filename=poc.txt`, 10 * MiB, { headers: link(), chunked: true });
    const res = await within(u.answer);
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(bytesReadSince(from)).toBeLessThan(LIMIT + 2 * MiB);
    const view = await t.request(anonymous, { url: `/api/reports/${report.id}`, headers: link() });
    expect(view.json().attachments).toEqual([]);
  });

  it('answers Expect: 100-continue only when the upload may go ahead', async () => {
    const refused = await within(
      upload(port, `/api/reports/${report.id}/attachments?filename=poc.txt`, 1000, { expectContinue: true }).answer,
    );
    expect(refused).toMatchObject({ status: 404, continued: false, sentBeforeAnswer: 0 });
    const tooLarge = await within(
      upload(port, `/api/reports/${report.id}/attachments?filename=poc.txt`, LIMIT + 1, { expectContinue: true, headers: link() }).answer,
    );
    expect(tooLarge).toMatchObject({ status: 413, continued: false, sentBeforeAnswer: 0 });
    const accepted = await within(
      upload(port, `/api/reports/${report.id}/attachments?filename=poc.txt`, 1000, { expectContinue: true, headers: link() }).answer,
    );
    expect(accepted).toMatchObject({ status: 201, continued: true });
  });

  it('gives the upload budget back when the client goes away during an upload', async () => {
    for (const when of ['at once', 'after 100 Continue'] as const) {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/reports/${report.id}/attachments?filename=gone.txt`,
        headers: {
          ...link(),
          'content-type': 'text/plain',
          'content-length': '100000',
          ...(when === 'at once' ? {} : { expect: '100-continue' }),
        },
      });
      req.on('error', () => undefined);
      const closed = new Promise((resolve) => req.on('close', resolve));
      if (when === 'at once') {
        req.write('partial');
        setImmediate(() => req.destroy());
      } else {
        req.on('continue', () => req.destroy());
        req.flushHeaders();
      }
      await closed;
    }
    // The server notices the closed connections on its own time: wait for it, generously.
    const deadline = Date.now() + 30_000;
    while (uploadBytesReserved() !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(uploadBytesReserved()).toBe(0);
    const view = await t.request(anonymous, { url: `/api/reports/${report.id}`, headers: link() });
    expect(view.json().attachments.filter((a: { filename: string }) => a.filename === 'gone.txt')).toEqual([]);
  });

  it('eight parallel 64 MiB uploads to an unreadable report cost neither memory nor bandwidth', async () => {
    const from = sockets.length;
    global.gc?.();
    const before = process.memoryUsage();
    const uploads = Array.from({ length: 8 }, () => upload(port, `/api/reports/${report.id}/attachments?filename=big.txt`, 64 * MiB));
    const answers = await within(Promise.all(uploads.map((u) => u.answer)));
    const after = process.memoryUsage();
    const growth = { rss: after.rss - before.rss, arrayBuffers: after.arrayBuffers - before.arrayBuffers, bytesRead: bytesReadSince(from) };
    console.log(`eight parallel 64 MiB uploads to an unreadable report: ${JSON.stringify(growth)}`);
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(404));
    expect(growth.bytesRead).toBeLessThan(8 * 2 * MiB);
    expect(growth.arrayBuffers).toBeLessThan(64 * MiB);
    expect(uploadBytesReserved()).toBe(0);
  });
});
