// Reading a raw upload body (src/http/upload-body.ts): the whole body within the limit, a refusal as soon as it
// passes the limit, and a refusal (never a wait without end) when the client is already gone; the process-wide
// budget of bytes in flight.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/catalog.ts';
import { readBoundedBody, reserveUpload, UPLOAD_BYTES_IN_FLIGHT, uploadBytesReserved } from '../../src/http/upload-body.ts';

const body = (chunks: string[]) => Readable.from(chunks.map((c) => Buffer.from(c))) as unknown as IncomingMessage;
const tooLarge = () => new Error('too large');

describe('readBoundedBody', () => {
  it('reads a body within the limit', async () => {
    expect((await readBoundedBody(body(['ab', 'cd']), 4, tooLarge)).toString()).toBe('abcd');
  });

  it('refuses once the body passes the limit, and reads no further', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push(Buffer.alloc(1024));
      },
    }) as unknown as IncomingMessage;
    await expect(readBoundedBody(endless, 4096, tooLarge)).rejects.toThrow('too large');
    const after = pulled;
    await new Promise((r) => setTimeout(r, 50));
    expect(pulled).toBeLessThanOrEqual(after + 1);
  });

  it('refuses at once when the client went away before the reading began', async () => {
    const gone = new Readable({ read() {} });
    gone.destroy();
    await new Promise((r) => gone.once('close', r));
    const result = await Promise.race([
      readBoundedBody(gone as unknown as IncomingMessage, 4096, tooLarge).then(
        () => 'read',
        (err: unknown) => (err instanceof AppError ? err.fields : err),
      ),
      new Promise((r) => setTimeout(() => r('still waiting'), 5_000)),
    ]);
    expect(result).toEqual([{ field: 'file', message: 'arrived incomplete.' }]);
  });
});

describe('the upload budget', () => {
  it('refuses a reservation beyond the budget with 503, and takes back what is released once', () => {
    const release = reserveUpload(UPLOAD_BYTES_IN_FLIGHT - 10);
    expect(uploadBytesReserved()).toBe(UPLOAD_BYTES_IN_FLIGHT - 10);
    expect(() => reserveUpload(11)).toThrow(expect.objectContaining({ id: 'unavailable', details: { retryAfterSeconds: 5 } }));
    const small = reserveUpload(10);
    release();
    release();
    small();
    expect(uploadBytesReserved()).toBe(0);
  });
});
