import { defineConfig } from 'vitest/config';

// Database-backed tests run on PGlite by default and on PostgreSQL when TEST_DATABASE_URL is set.
// Browser tests (test/browser) run only in the PGlite pass; tests of several instances sharing one database
// (test/ops/instances.test.ts) only in the PostgreSQL pass (an embedded database belongs to one process), as is
// the test of `npm run test:db` (test/ops/test-db-script.test.ts), which needs a PostgreSQL server.
// Tests that use no database (CVSS, OpenPGP, Markdown, report rules, timers, web-side units) run once, in the PGlite pass.
const browser = process.env.TEST_DATABASE_URL ? [] : ['test/browser/**/*.test.ts'];
const noDatabase = [
  'test/tooling/**',
  'test/policy/**',
  'test/cvss/**',
  'test/jobs/**',
  'test/reports/**',
  'test/pgp/**',
  'test/markdown/**',
  'test/web/**',
  'test/auth/password-policy.test.ts',
  'test/auth/common-passwords-warm.test.ts',
];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', ...browser],
    exclude: process.env.TEST_DATABASE_URL
      ? ['test/browser/**', ...noDatabase, 'node_modules/**']
      : ['test/ops/instances.test.ts', 'test/ops/test-db-script.test.ts', 'node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    // .ci/run sets PARAPET_TEST_REPORT to collect pass/fail counts from Vitest's JSON reporter.
    ...(process.env.PARAPET_TEST_REPORT ? { reporters: ['default', 'json'], outputFile: { json: process.env.PARAPET_TEST_REPORT } } : {}),
  },
});
