// Helpers for the operational tests: running the `parapet` command as a child process, and databases it
// can be pointed at (a PGlite data directory, or a PostgreSQL database) that are removed afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { pgliteDir } from '../../src/db/open.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { onPostgres } from '../helpers/db.ts';
import { ROOT, withDatabaseName } from '../helpers/paths.ts';

export const BIN = path.join(ROOT, 'bin', 'parapet.js');

/** A stack trace line ("    at fn (file:line:col)") anywhere in the text. */
export const STACK_LINE = /^\s+at .+[:(]/m;

/** The environment for a child process: this one's, minus every Parapet setting, plus `extra`. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const parapet = new Set([
    'PORT',
    'HOST',
    'PARAPET_DATA_DIR',
    'DATABASE_URL',
    'PARAPET_PUBLIC_URL',
    'TRUST_PROXY',
    'LOG_LEVEL',
    'PARAPET_DEVELOPER_IPS',
  ]);
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !parapet.has(k)));
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();

/** Runs `node bin/parapet.js ...args` to completion. */
export function runCli(args: string[], options: { env: Record<string, string>; input?: string }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(options.env), stdio: 'pipe' });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Kills (by pid) any child this file started that is still running. */
export function killChildren(): void {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  running.clear();
}

export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.on('close', () => running.delete(child));
  return child;
}

/** Where the `parapet` command keeps its data in a test: env for the child, and how to open it here. */
export interface Target {
  env: Record<string, string>;
  /** The data directory (PGlite) — also set on PostgreSQL, where it stays unused. */
  dataDir: string;
  url: string | undefined;
  /** Opens the database in this process (PGlite: only while no child has it open). */
  open(): Promise<Database>;
  remove(): Promise<void>;
}

async function postgresDatabase(name: string, template: string | undefined): Promise<string> {
  const base = process.env.TEST_DATABASE_URL!;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
  return withDatabaseName(base, name);
}

async function dropPostgresDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL! });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * A target for the command. `migrated`: a copy of the run's migrated template (fast); otherwise empty — a
 * new data directory, or a PostgreSQL database with no Parapet schema (named after the run's template, so
 * the run's teardown drops it even if this file crashes).
 */
export async function createTarget(options: { migrated: boolean }): Promise<Target> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parapet-ops-'));
  if (onPostgres) {
    const name = `${inject('pgTemplate')}_ops_${randomBytes(4).toString('hex')}`;
    const url = await postgresDatabase(name, options.migrated ? inject('pgTemplate') : undefined);
    return {
      env: { PARAPET_DATA_DIR: dataDir, DATABASE_URL: url },
      dataDir,
      url,
      open: () => openPostgres(url, { max: 3 }),
      async remove() {
        await dropPostgresDatabase(name);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (options.migrated) {
    const dump = new Blob([await readFile(inject('pgliteDump'))]);
    const pglite = await PGlite.create({ dataDir: pgliteDir(dataDir), loadDataDir: dump });
    await pglite.close();
  }
  return {
    env: { PARAPET_DATA_DIR: dataDir },
    dataDir,
    url: undefined,
    open: () => openPglite(pgliteDir(dataDir)),
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}
