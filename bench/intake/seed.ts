// Setup of the intake benchmark's database before the server starts: Parapet's migrations, the bare route's
// table (the benchmark's own, not migrations), intake settings with the highest limits and no proof of work,
// and one product whose security team has three members with e-mail addresses.
import { systemSession } from '../../src/access/system.ts';
import { systemClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { INTAKE_INTEGER_BOUNDS } from '../../src/intake/intake-settings.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { createServices } from '../../src/services.ts';

export const BARE_TABLE = 'bench_intake_insert';
export const TEAM_SIZE = 3;

export async function seedIntakeBench(db: Database): Promise<{ productId: number }> {
  await migrate(db);
  await db.exec(`
    CREATE TABLE IF NOT EXISTS ${BARE_TABLE} (
      id bigserial PRIMARY KEY,
      title text NOT NULL,
      description text NOT NULL,
      product_id integer NOT NULL,
      contact_email text,
      ip text NOT NULL,
      at timestamptz NOT NULL
    )`);
  const system = systemSession('bench-intake');
  // Rate limits cannot be switched off: the highest limits are set, and every submission comes from an
  // address of its own (X-Forwarded-For through TRUST_PROXY), so no limit is ever reached.
  await db.transaction((tx) =>
    changeSetting(system, tx, systemClock.now(), 'intake', {
      perIpPerHour: INTAKE_INTEGER_BOUNDS.perIpPerHour[1],
      perIpPerDay: INTAKE_INTEGER_BOUNDS.perIpPerDay[1],
      signedInPerHour: INTAKE_INTEGER_BOUNDS.signedInPerHour[1],
      signedInPerDay: INTAKE_INTEGER_BOUNDS.signedInPerDay[1],
      proofOfWork: false,
    }),
  );
  const services = createServices({ db, clock: systemClock });
  try {
    const product = await services.products.create(system, { name: 'Bench product' });
    for (let i = 1; i <= TEAM_SIZE; i++) {
      const user = await services.users.create(system, {
        username: `team${i}`,
        password: `a long bench password number ${i} 2026`,
        email: `team${i}@example.org`,
      });
      await services.groups.addUser(system, product.row.team_group_id, user.id);
    }
    return { productId: product.row.id };
  } finally {
    await services.deps.jobs.stop();
  }
}
