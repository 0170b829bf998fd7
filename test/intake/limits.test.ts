// Size and type limits of a submitted report: text length per field, number and size of attachments, and
// the extension allowlist deciding the stored media type.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/catalog.ts';
import { DEFAULT_INTAKE_SETTINGS } from '../../src/intake/intake-settings.ts';
import { attachmentMediaType, checkReportLimits } from '../../src/intake/limits.ts';

const settings = DEFAULT_INTAKE_SETTINGS;
const MiB = 1024 * 1024;

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('report size and type limits', () => {
  it('gives each allowed extension its media type, case-insensitively, and nothing else', () => {
    expect(attachmentMediaType(settings, 'crash.LOG')).toBe('text/plain');
    expect(attachmentMediaType(settings, 'poc.tar.zip')).toBe('application/zip');
    expect(attachmentMediaType(settings, 'shot.JPEG')).toBe('image/jpeg');
    expect(attachmentMediaType(settings, 'exploit.html')).toBeUndefined();
    expect(attachmentMediaType(settings, 'image.svg')).toBeUndefined();
    expect(attachmentMediaType(settings, 'payload.pdf.exe')).toBeUndefined();
    expect(attachmentMediaType(settings, '.txt')).toBeUndefined();
    expect(attachmentMediaType(settings, 'README')).toBeUndefined();
    expect(attachmentMediaType(settings, 'trailing.')).toBeUndefined();
  });

  it('accepts a report within every limit and returns the media types', () => {
    const ok = checkReportLimits(settings, {
      texts: { description: 'x'.repeat(100_000), steps: '' },
      attachments: [
        { filename: 'poc.zip', size: 10 * MiB },
        { filename: 'trace.txt', size: 1 },
      ],
    });
    expect(ok.mediaTypes).toEqual(['application/zip', 'text/plain']);
  });

  it('names every field over a limit in one validation error', () => {
    const err = refusal(() =>
      checkReportLimits(settings, {
        texts: { description: 'x'.repeat(100_001), impact: 'fine', steps: '🦊'.repeat(100_001) },
        attachments: [
          { filename: 'big.pdf', size: 10 * MiB + 1 },
          { filename: 'page.html', size: 10 },
          { filename: '../../etc/passwd.txt', size: 10 },
          { filename: 'empty.txt', size: 0 },
          { filename: 'a.png', size: 5 },
          { filename: 'b.png', size: 5 },
        ],
      }),
    );
    expect(err.id).toBe('validation');
    expect(err.status).toBe(400);
    expect(err.fields).toEqual([
      { field: 'description', message: 'must be at most 100000 characters long (it has 100001).' },
      { field: 'steps', message: 'must be at most 100000 characters long (it has 100001).' },
      { field: 'attachments', message: 'must be at most 5 files.' },
      { field: 'attachments.0.content', message: 'is larger than 10 MiB (10,485,761 bytes).' },
      {
        field: 'attachments.1.filename',
        message:
          '"page.html" is not a type of file accepted here (allowed: .txt, .log, .md, .patch, .diff, .csv, .json, .pdf, .png, .jpg, .jpeg, .gif, .webp, .zip, .mp4).',
      },
      { field: 'attachments.2.filename', message: 'must be a file name of 1 to 255 characters without "/", "\\" or control characters.' },
      { field: 'attachments.3.content', message: 'is empty.' },
    ]);
  });

  it('counts characters, not UTF-16 units: 100,000 emoji are within the limit', () => {
    expect(() => checkReportLimits(settings, { texts: { description: '🦊'.repeat(100_000) } })).not.toThrow();
  });

  it('follows the settings: no attachments at all, a smaller size', () => {
    const strict = { ...settings, maxAttachments: 0, maxAttachmentBytes: 2048, maxReportChars: 1000 };
    expect(refusal(() => checkReportLimits(strict, { texts: {}, attachments: [{ filename: 'a.txt', size: 1 }] })).fields[0]).toEqual({
      field: 'attachments',
      message: 'are not accepted.',
    });
    const small = { ...settings, maxAttachmentBytes: 2048 };
    expect(refusal(() => checkReportLimits(small, { texts: {}, attachments: [{ filename: 'a.txt', size: 3000 }] })).fields).toEqual([
      { field: 'attachments.0.content', message: 'is larger than 2 KiB (3,000 bytes).' },
    ]);
  });
});
