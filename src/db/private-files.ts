// Parapet's files are for the account that runs it: the data directory holds password hashes, TOTP secrets, the
// team's private OpenPGP key and every embargoed report (the embedded database), mail (the outbox), and backups
// hold the same. Directories are 0700 and files 0600:
// - the `parapet` process runs with umask 077, so whatever Node creates is owner-only (see src/cli/main.ts);
// - PGlite sets modes of its own (0666 and 0644 after initdb): src/db/pglite.ts strips group and other bits from
//   every mode it creates or sets;
// - files made by earlier versions are repaired at start (restrictToOwner), and the count is logged.
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { chmod, lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** The process umask of every `parapet` command: new files 0600, new directories 0700. */
export const OWNER_ONLY_UMASK = 0o077;

/** Group and other permission bits. */
const OTHERS = 0o077;

export interface PermissionRepair {
  /** Files and directories whose group/other bits were removed. */
  fixed: number;
  /** Entries whose mode could not be changed (another owner, a read-only file system), with the reason. */
  failed: { path: string; reason: string }[];
}

/**
 * Makes `root` and everything under it owner-only: directories 0700, files 0600, for every entry that any
 * other account could read, write or enter. Symbolic links are neither followed nor changed. A missing root is
 * no error (nothing to repair).
 */
export function restrictToOwner(root: string): PermissionRepair {
  // Synchronous on purpose: it runs once, before the database opens, and a walk of a data directory (about
  // 1,300 entries for a new one) takes milliseconds this way against about 100 ms of queued file-system calls.
  const repair: PermissionRepair = { fixed: 0, failed: [] };
  const failed = (entry: string, err: unknown) =>
    repair.failed.push({ path: entry, reason: (err as { code?: string }).code ?? (err as Error).message });
  const visit = (entry: string): void => {
    let mode: number;
    let isDir: boolean;
    try {
      const st = lstatSync(entry);
      if (st.isSymbolicLink()) return;
      mode = st.mode;
      isDir = st.isDirectory();
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return; // removed meanwhile
      throw err;
    }
    if (mode & OTHERS) {
      try {
        chmodSync(entry, isDir ? 0o700 : 0o600);
        repair.fixed++;
      } catch (err) {
        failed(entry, err);
      }
    }
    if (!isDir) return;
    let names: string[];
    try {
      names = readdirSync(entry);
    } catch (err) {
      failed(entry, err);
      return;
    }
    for (const name of names) visit(path.join(entry, name));
  };
  visit(root);
  return repair;
}

/** Creates `dir` (and missing parents) owner-only, and makes an existing `dir` itself 0700. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await lstat(dir);
  if (st.mode & OTHERS) await chmod(dir, 0o700);
}

/** Describes a repair for a person, or undefined when nothing needed doing. */
export function describeRepair(where: string, repair: PermissionRepair): string | undefined {
  const parts: string[] = [];
  if (repair.fixed > 0) {
    parts.push(
      `made ${repair.fixed} ${repair.fixed === 1 ? 'entry' : 'entries'} in ${where} owner-only (directories 0700, files 0600): other local accounts could read or change them`,
    );
  }
  if (repair.failed.length > 0) {
    const first = repair.failed
      .slice(0, 3)
      .map((f) => `${f.path} (${f.reason})`)
      .join(', ');
    parts.push(
      `could not make ${repair.failed.length} entr${repair.failed.length === 1 ? 'y' : 'ies'} owner-only: ${first}${repair.failed.length > 3 ? ', …' : ''}`,
    );
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}
