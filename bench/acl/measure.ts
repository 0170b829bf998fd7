// Interleaved timing: every round runs every (user, query, approach) cell once, in a shuffled order, so that
// drift (caches, autovacuum, other load on the machine) hits all cells alike. The contrast approaches (naive,
// rls) may run in fewer rounds (`contrastRuns`, spread evenly over the rounds); Parapet and the
// administrator run in every round.
import { Samples, round, seededRandom, shuffle, timed } from '../lib/stats.ts';
import { APPROACHES, type Approach, type QuerySpec, type Runner } from './approaches.ts';
import type { Density } from './model.ts';
import type { Subject } from './subjects.ts';

export interface CellResult {
  /** How Parapet's filter ran it: walk (object_read_keys), matches-first or filter (see searchObjects). */
  plan: string;
  /** Rows returned to the measured user (the same for parapet, naive and rls; checked). */
  rows: number;
  /** Rows the administrator gets for the same query. */
  adminRows: number;
  parapet: Summary;
  admin: Summary;
  naive: Summary & { runs: number };
  rls: Summary & { runs: number };
  /** Parapet's p99 ÷ the administrator's p99. */
  ratio: number;
}

type Summary = { p50: number; p90: number; p99: number; max: number };

export type Results = Partial<Record<Density, Record<string, CellResult>>>;

/** Runs each query once per approach and checks that the filtered approaches return the same rows. */
export async function checkAgreement(r: Runner, subjects: Subject[], queries: readonly QuerySpec[]) {
  const counts = new Map<string, { plan: string; rows: number; adminRows: number }>();
  for (const subject of subjects) {
    for (const query of queries) {
      const got = {} as Record<Approach, number[]>;
      for (const approach of APPROACHES) got[approach] = await r.run(approach, subject, query);
      for (const other of ['naive', 'rls'] as const) {
        if (JSON.stringify(got[other]) !== JSON.stringify(got.parapet)) {
          throw new Error(
            `${subject.density} ${query.name}: ${other} returned [${got[other].slice(0, 8).join(',')}…] (${got[other].length}), ` +
              `parapet [${got.parapet.slice(0, 8).join(',')}…] (${got.parapet.length})`,
          );
        }
      }
      counts.set(`${subject.density}/${query.name}`, {
        plan: await r.plan(subject, query),
        rows: got.parapet.length,
        adminRows: got.admin.length,
      });
    }
  }
  return counts;
}

export async function measure(
  r: Runner,
  subjects: Subject[],
  queries: readonly QuerySpec[],
  opts: { runs: number; contrastRuns: number; warmup: number; seed: number; onRound?: (round: number) => void },
): Promise<Results> {
  const counts = await checkAgreement(r, subjects, queries);
  const samples = new Map<string, Samples>();
  const cells: { subject: Subject; query: QuerySpec; approach: Approach; key: string }[] = [];
  for (const subject of subjects) {
    for (const query of queries) {
      for (const approach of APPROACHES) {
        const key = `${subject.density}/${query.name}/${approach}`;
        samples.set(key, new Samples());
        cells.push({ subject, query, approach, key });
      }
    }
  }
  const random = seededRandom(opts.seed);
  const everyCell = cells;
  const mainCells = cells.filter((c) => c.approach === 'parapet' || c.approach === 'admin');
  // Round r includes the contrast cells in contrastRuns of every `runs` rounds, spread evenly (warm-up rounds
  // at the same rate).
  const withContrast = (r: number) => opts.contrastRuns === opts.runs || (r * opts.contrastRuns) % opts.runs < opts.contrastRuns;
  for (let round = 0; round < opts.warmup + opts.runs; round++) {
    const contrast = withContrast(round < opts.warmup ? round : round - opts.warmup);
    for (const cell of shuffle([...(contrast ? everyCell : mainCells)], random)) {
      const ms = await timed(() => r.run(cell.approach, cell.subject, cell.query));
      if (round >= opts.warmup) samples.get(cell.key)!.add(ms);
    }
    opts.onRound?.(round - opts.warmup + 1);
  }
  const results = {} as Results;
  for (const subject of subjects) {
    const perQuery: Record<string, CellResult> = {};
    for (const query of queries) {
      const s = (a: Approach) => samples.get(`${subject.density}/${query.name}/${a}`)!.summary();
      const parapet = s('parapet');
      const admin = s('admin');
      perQuery[query.name] = {
        ...counts.get(`${subject.density}/${query.name}`)!,
        parapet,
        admin,
        naive: { ...s('naive'), runs: samples.get(`${subject.density}/${query.name}/naive`)!.count },
        rls: { ...s('rls'), runs: samples.get(`${subject.density}/${query.name}/rls`)!.count },
        ratio: round(parapet.p99 / admin.p99, 2),
      };
    }
    results[subject.density] = perQuery;
  }
  return results;
}
