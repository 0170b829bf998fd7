// CPU time spent by the intake benchmark's participants (Linux /proc): the server process, the PostgreSQL
// backends serving its database, and the client (this process), so that requests/s can be read against what
// each request costs, on a machine whose cores other work shares.
import { readFile } from 'node:fs/promises';
import { sql, type Database } from '../../src/db/database.ts';

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** utime + stime of a process in ms, or undefined once it is gone. */
async function processCpuMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // fields 14 and 15 of stat(5)
  } catch {
    return undefined;
  }
}

export interface CpuSample {
  server: number;
  postgres: Map<number, number>;
  client: number;
}

export interface CpuTotals {
  serverMs: number;
  postgresMs: number;
  clientMs: number;
}

/**
 * Samples the server's CPU and, when `pg` is given, that of every backend connected to `database` other than
 * the sampling connection itself.
 */
export async function sampleCpu(serverPid: number, pg?: { db: Database; database: string }): Promise<CpuSample> {
  const postgres = new Map<number, number>();
  if (pg) {
    const rows = await pg.db.query<{ pid: number }>(sql`
      SELECT pid FROM pg_stat_activity WHERE datname = ${pg.database} AND pid <> pg_backend_pid()`);
    for (const { pid } of rows) {
      const ms = await processCpuMs(pid);
      if (ms !== undefined) postgres.set(pid, ms);
    }
  }
  const u = process.cpuUsage();
  return { server: (await processCpuMs(serverPid)) ?? 0, postgres, client: (u.user + u.system) / 1000 };
}

/** CPU used between two samples (backends that appeared in between count from zero). */
export function cpuBetween(a: CpuSample, b: CpuSample): CpuTotals {
  let postgresMs = 0;
  for (const [pid, ms] of b.postgres) postgresMs += ms - (a.postgres.get(pid) ?? 0);
  return { serverMs: b.server - a.server, postgresMs, clientMs: b.client - a.client };
}

export function addCpu(a: CpuTotals, b: CpuTotals): CpuTotals {
  return { serverMs: a.serverMs + b.serverMs, postgresMs: a.postgresMs + b.postgresMs, clientMs: a.clientMs + b.clientMs };
}
