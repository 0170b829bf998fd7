// Reading a raw upload body without trusting it: at most `limit` bytes are kept (beyond that the reading stops
// with 413), and all uploads of this process together hold at most UPLOAD_BYTES_IN_FLIGHT bytes (a reservation
// is taken before reading; when none is left the upload is refused with 503 and Retry-After).
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/catalog.ts';

export const UPLOAD_BYTES_IN_FLIGHT = 128 * 1024 * 1024;

let reserved = 0;

/** Bytes reserved by uploads being read now (tests check that every reservation is returned). */
export function uploadBytesReserved(): number {
  return reserved;
}

/** Reserves `bytes` of the process's upload budget; the returned function gives them back. */
export function reserveUpload(bytes: number): () => void {
  if (reserved + bytes > UPLOAD_BYTES_IN_FLIGHT) {
    throw new AppError('unavailable', 'Too many files are being uploaded right now; try again in a few seconds.', {
      details: { retryAfterSeconds: 5 },
    });
  }
  reserved += bytes;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    reserved -= bytes;
  };
}

/** The whole body, or a rejection once it passes `limit` bytes (`tooLarge()`) or the client goes away. */
export function readBoundedBody(raw: IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('error', onError);
      raw.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        raw.pause(); // read no further; the answer closes the connection
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => {
      done();
      reject(
        new AppError('validation', 'The upload ended before the whole file arrived.', {
          fields: [{ field: 'file', message: 'arrived incomplete.' }],
        }),
      );
    };
    // The client may have gone while the upload was being checked: then no event will come.
    if (raw.destroyed) {
      onClose();
      return;
    }
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('error', onError);
    raw.on('close', onClose);
  });
}
