// Embedded backend: PGlite (PostgreSQL in WebAssembly) with its data in a directory, or in memory.
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import type { Sql } from 'sql-template-tag';
import type { Database, Queryable, Tx } from './database.ts';
import { templateFor } from './pglite-template.ts';
import { ensurePrivateDir } from './private-files.ts';

interface EmscriptenNode {
  mode: number;
}
type SetAttr = (node: EmscriptenNode, attr: { mode?: number }) => unknown;
type MkNod = (parent: EmscriptenNode, name: string, mode: number, dev: number) => unknown;
interface NodeFsOps {
  node_ops: { setattr: SetAttr; mknod: MkNod };
  stream_ops: { setattr?: SetAttr };
}

const ownerOnly = (mode: number) => mode & ~0o077;

/**
 * PGlite's Node file system with owner-only modes. PGlite's Emscripten layer creates files 0777 and then sets
 * 0666 (data files after initdb) or 0644 (pg_internal.init) with chmod, which the process umask does not
 * limit: every mode it creates or sets here loses its group and other bits, so the database's files are 0600
 * and its directories 0700 at every moment, not only after a repair.
 */
class OwnerOnlyNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const result = await super.init(pg, opts);
    const restrict = (mod: unknown) => {
      const fs = (mod as { NODEFS: NodeFsOps }).NODEFS;
      const { node_ops: nodeOps, stream_ops: streamOps } = fs;
      const mknod = nodeOps.mknod;
      nodeOps.mknod = function (parent, name, mode, dev) {
        return mknod.call(this, parent, name, ownerOnly(mode), dev);
      };
      for (const ops of [nodeOps, streamOps]) {
        const setattr = ops.setattr;
        if (!setattr) continue;
        ops.setattr = function (node, attr) {
          return setattr.call(this, node, attr.mode === undefined ? attr : { ...attr, mode: ownerOnly(attr.mode) });
        };
      }
    };
    result.emscriptenOpts.preRun = [restrict, ...(result.emscriptenOpts.preRun ?? [])];
    return result;
  }
}

/**
 * PostgreSQL's buffer cache inside PGlite. Its default, 128 MB, costs about 0.5 s of every open (the WebAssembly
 * heap is set up for it at start); 32 MB keeps a small team's working set (a year of reports is a few MB) while
 * pages beyond it come from the operating system's file cache. Measured in docs/BENCHMARKS.md ("start").
 */
export const EMBEDDED_SHARED_BUFFERS = '32MB';
const START_PARAMS = [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`];

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<T>(statement: Sql): Promise<T[]> {
      const result = await target.query<T>(statement.text, statement.values);
      return result.rows;
    },
    async exec(script: string): Promise<void> {
      await target.exec(script);
    },
    async rawQuery(text: string, values?: unknown[]) {
      if (values && values.length > 0) return { rows: (await target.query<Record<string, unknown>>(text, values)).rows };
      const results = await target.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

/** Wraps an open PGlite instance as a Database. */
export function wrapPglite(pg: PGlite): Database {
  const self = wrap(pg);
  let closed = false;
  return {
    ...self,
    kind: 'pglite',
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return pg.transaction(async (t) => {
        // PGlite runs queued transactions back to back on this thread; yielding once per transaction lets the
        // event loop accept and read other requests in between (bench/intake: p99 28 s → 3.8 s under load).
        await new Promise<void>((resolve) => setImmediate(resolve));
        return fn({ ...wrap(t), inTransaction: true });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await pg.close();
    },
  };
}

/**
 * Opens the embedded database in `dataDir` (in memory without one). A new cluster is unpacked from the template
 * (pglite-template.ts) when one is built, otherwise created by initdb.
 */
export async function openPglite(dataDir: string | undefined, options: { templateFile?: string } = {}): Promise<Database> {
  if (!dataDir) return wrapPglite(await PGlite.create({ startParams: START_PARAMS }));
  await ensurePrivateDir(dataDir);
  const template = templateFor(dataDir, options.templateFile);
  return wrapPglite(
    await PGlite.create({ fs: new OwnerOnlyNodeFS(dataDir), startParams: START_PARAMS, ...(template ? { loadDataDir: template } : {}) }),
  );
}

/** A fresh in-memory PGlite loaded from a dump (tests share one migrated template this way). */
export async function openPgliteFromDump(dump: Blob): Promise<Database> {
  return wrapPglite(await PGlite.create({ loadDataDir: dump, startParams: START_PARAMS }));
}
