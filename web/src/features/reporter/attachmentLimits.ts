// What the server accepts as attachments (GET /api/intake/limits), said before sending: the allowed file name
// extensions, how many files and how large, and which chosen file would be refused and why. The server decides
// again on upload; these checks only spare the reporter a refusal after the report is sent.
import type { IntakeLimits } from '../../contract.ts';
import { formatBytes } from '../../lib/formatBytes.ts';

export type { IntakeLimits } from '../../contract.ts';

/** Image types the team sees inline (the server's fixed list: never SVG). */
export const PREVIEW_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function allowedExtensions(limits: IntakeLimits): string[] {
  return limits.attachmentTypes.flatMap((t) => t.extensions);
}

/** "Up to 5 files, at most 10.0 MiB each, ending in .txt, .log, …" — or that none are accepted. */
export function limitsText(limits: IntakeLimits): string {
  if (limits.maxAttachments === 0) return 'This installation does not accept attachments.';
  const files = limits.maxAttachments === 1 ? 'One file' : `Up to ${limits.maxAttachments} files`;
  return `${files}, at most ${formatBytes(limits.maxAttachmentBytes)} each, ending in ${allowedExtensions(limits).join(', ')}.`;
}

/** Why the server would refuse this file, or undefined. */
export function fileProblem(file: { name: string; size: number }, limits: IntakeLimits): string | undefined {
  const dot = file.name.lastIndexOf('.');
  const ext = dot > 0 ? file.name.slice(dot).toLowerCase() : '';
  if (!allowedExtensions(limits).includes(ext))
    return `“${file.name}” cannot be attached: only files ending in ${allowedExtensions(limits).join(', ')} can.`;
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > limits.maxAttachmentBytes)
    return `“${file.name}” is larger than ${formatBytes(limits.maxAttachmentBytes)} (${formatBytes(file.size)}).`;
  return undefined;
}

/** The `accept` attribute of a file input for these limits. */
export function acceptOf(limits: IntakeLimits | undefined): string | undefined {
  return limits ? allowedExtensions(limits).join(',') : undefined;
}
