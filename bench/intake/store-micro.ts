// Experiment (not a benchmark of record): CPU per submission of the intake's storing statement, alone and in
// batches, against a bare INSERT, on PGlite (or PostgreSQL with PGURL). node --import tsx bench/intake/store-micro.ts
import { anonymousSession } from '../../src/access/session.ts';
import { sql } from '../../src/db/database.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { migrate } from '../../src/db/migrate.ts';
import { storeSubmissions, type StoreItem } from '../../src/domain/reports/inbox-repository.ts';
import { admissionWindows } from '../../src/intake/admission.ts';
import { DEFAULT_INTAKE_SETTINGS } from '../../src/intake/intake-settings.ts';

const db = process.env.PGURL ? await openPostgres(process.env.PGURL) : await openPglite(undefined);
await migrate(db);
const sub = {
  title: 'Stored XSS in the comment preview',
  description: 'x'.repeat(600),
  steps: '',
  impact: '',
  affectedVersionsText: '',
  component: '',
  cvss: null,
  cweId: null,
  foundBy: 'responsible_disclosure',
  contactName: '',
  contactEmail: 'a@example.org',
  pgpKey: null,
  creditName: '',
  creditConsent: false,
  preferredDisclosureOn: null,
};
await db.exec(
  `CREATE TABLE IF NOT EXISTS bare (id bigint generated always as identity primary key, title text, description text, product_id int, contact_email text, ip text, at timestamptz)`,
);
const N = Number(process.env.N ?? 2000);
async function time(name: string, per: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await fn(i + 1_000_000);
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  const rounds = Math.ceil(N / per);
  for (let i = 0; i < rounds; i++) await fn(i);
  const c = process.cpuUsage(t0);
  const n = rounds * per;
  console.log(
    name.padEnd(30),
    ((performance.now() - w0) / n).toFixed(3),
    'ms wall',
    ((c.user + c.system) / 1000 / n).toFixed(3),
    'ms cpu per submission',
  );
}
let k = 0;
const one = (): [ReturnType<typeof anonymousSession>, StoreItem] => {
  const i = k++;
  const s = anonymousSession(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  const at = new Date();
  return [
    s,
    { at, windows: admissionWindows(s, at, DEFAULT_INTAKE_SETTINGS), submissionJson: JSON.stringify(sub), productId: 1, linkHash: `h${i}` },
  ];
};
const batch = (n: number) => {
  const xs = Array.from({ length: n }, one);
  return storeSubmissions(
    xs.map((x) => x[0]),
    db,
    xs.map((x) => x[1]),
  );
};
await time('bare insert', 1, () =>
  db.query(
    sql`INSERT INTO bare (title, description, product_id, contact_email, ip, at) VALUES (${sub.title}, ${sub.description}, 1, ${sub.contactEmail}, ${'1.2.3.4'}, ${new Date()}) RETURNING id`,
  ),
);
for (const n of [1, 10, 50, 100]) await time(`store, batches of ${n}`, n, () => batch(n));
await db.close();
