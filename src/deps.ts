// What services need from the outside world. Built once at start (src/http/app.ts, src/cli) and in tests.
import type { Clock } from './clock.ts';
import type { Database } from './db/database.ts';

export interface Deps {
  db: Database;
  clock: Clock;
}
