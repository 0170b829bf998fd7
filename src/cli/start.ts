// `parapet start`: checks the transport, opens the database and hands it to serve.ts, whose modules (nearly all of
// Parapet) load while the database opens: opening the embedded database is mostly waiting for its files and
// WebAssembly, loading the modules mostly work on the main thread.
import { ConfigError, type Config } from '../config.ts';
import type { PermissionRepair } from '../db/private-files.ts';
import { openConfigured } from './open.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i;

/** Plain HTTP is for loopback only, unless TLS ends at a proxy (https public URL) or the operator insists. */
export function assertTransportSecurity(config: Config): void {
  if (LOOPBACK.test(config.host) || config.publicUrl.protocol === 'https:' || config.allowInsecureHttp) return;
  throw new ConfigError([
    {
      variable: 'HOST',
      message:
        `${config.host} is not a loopback address, and Parapet would serve plain HTTP there (passwords and session cookies in clear). ` +
        'Put Parapet behind a TLS proxy and set PARAPET_PUBLIC_URL=https://..., or set PARAPET_ALLOW_INSECURE_HTTP=true to accept the risk.',
    },
  ]);
}

export async function startServer(config: Config): Promise<void> {
  assertTransportSecurity(config);
  const serving = import('./serve.ts');
  serving.catch(() => {}); // awaited below; a failure to open the database is the one to report first
  let repair: PermissionRepair | undefined; // logged by serve.ts once the logger exists
  const db = await openConfigured(config, { onRepair: (_dir, r) => (repair = r) });
  let serve: Awaited<typeof serving>['serve'];
  try {
    ({ serve } = await serving);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  await serve(config, db, repair);
}
