#!/usr/bin/env node
// The `parapet` command. It runs the JavaScript build of src/ (bin/server-build.mjs), made again when the sources
// changed; without esbuild (or with PARAPET_FROM_SOURCE=1) it runs the TypeScript through tsx's loader instead.
// It also makes the embedded database's empty-cluster template when it is missing (once per PGlite version), and
// `start` in a source checkout builds the web UI first when its sources changed.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BuildUnavailable, ensurePgliteTemplate, ensureServerBuild } from './server-build.mjs';

// In a source checkout, `start` first brings the web UI's build up to date with its sources (web/build.mjs).
if (process.argv[2] === 'start' && existsSync(fileURLToPath(new URL('../web/src', import.meta.url)))) {
  const { ensureWebBuild } = await import('../web/build.mjs');
  const status = ensureWebBuild({ quiet: true });
  if (status !== 0) process.exit(status);
}

let main;
if (process.env.PARAPET_FROM_SOURCE !== '1') {
  try {
    main = await ensureServerBuild();
  } catch (err) {
    if (!(err instanceof BuildUnavailable)) {
      process.stderr.write(`parapet: the server could not be built from src/: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
  }
}
// A new embedded database starts from the empty-cluster template; without it, it runs initdb (slower, same result).
await ensurePgliteTemplate().catch((err) => {
  process.stderr.write(
    `parapet: the embedded database's cluster template could not be made (${err instanceof Error ? err.message : String(err)}); a new database runs initdb instead\n`,
  );
});
if (main) {
  await import(pathToFileURL(main).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
