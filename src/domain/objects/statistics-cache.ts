// The planner statistics of `objects` that searchObjects chooses its plan from, kept in the process per
// database handle. Reading them (pg_stats at statistics target 1000: thousands of lexemes and keys) costs a
// few milliseconds of server time and a parse on the event loop, so they are read again only when ANALYZE
// may have changed them. Once a minute a one-row statement reads the table's analyze counters: unchanged,
// the copy is kept for another minute; changed, the statistics are read again (in the background, except
// inside a transaction). See docs/adr/0002-read-access-filter.md, "The statistics the plan reads".

/** What the cheap check reads; any change of it means the statistics may have changed. */
export type StatisticsFingerprint = string;

export interface StatisticsSource<S> {
  /** The statistics themselves (the expensive read). */
  load(): Promise<S>;
  /** A fingerprint of the table's analyze state; undefined when the server cannot tell (then `load` is used). */
  fingerprint(): Promise<StatisticsFingerprint | undefined>;
}

export interface StatisticsCacheOptions {
  /** How long a copy is used before its fingerprint is checked again. */
  maxAgeMs: number;
  /** A monotonic clock in milliseconds (performance.now in the application). */
  now(): number;
}

interface Entry<S> {
  stats: S;
  /** When the copy was last confirmed current (loaded, or its fingerprint found unchanged). */
  at: number;
  fingerprint: StatisticsFingerprint | undefined;
  /**
   * False after the first load and after a load that followed a change: ANALYZE counts itself before its
   * transaction commits, so that load may have read the previous statistics. The next check then loads
   * again, whatever the fingerprint says, so a copy is never stale for longer than about two ages.
   */
  settled: boolean;
  checking?: Promise<unknown>;
}

/**
 * One cache of statistics per key (a database handle). `get` answers from the copy while it is young; when
 * it is old, the first caller checks the fingerprint (one small statement, awaited: it never opens a second
 * connection next to the caller's query), and concurrent callers use the copy meanwhile.
 */
export class StatisticsCache<K extends object, S> {
  readonly #entries = new WeakMap<K, Entry<S>>();
  readonly #first = new WeakMap<K, Promise<S>>();
  readonly #options: StatisticsCacheOptions;

  constructor(options: StatisticsCacheOptions) {
    this.#options = options;
  }

  /**
   * The statistics for `key`. `background` says whether a load may outlive the call (false inside a
   * transaction, whose handle ends with it): then a needed load is awaited instead.
   */
  async get(key: K, source: StatisticsSource<S>, background: boolean): Promise<S> {
    const entry = this.#entries.get(key);
    if (!entry) {
      // Callers that arrive during the first load wait for it rather than load again.
      let first = this.#first.get(key);
      if (!first) {
        first = (async () => this.#load(key, source, await this.#fingerprintOf(source), false))();
        this.#first.set(key, first);
        first.then(
          () => this.#first.delete(key),
          () => this.#first.delete(key),
        );
      }
      return first;
    }
    if (this.#options.now() - entry.at <= this.#options.maxAgeMs || entry.checking) return entry.stats;
    const check = this.#check(key, entry, source, background);
    entry.checking = check;
    try {
      return await check;
    } finally {
      entry.checking = undefined;
    }
  }

  async #check(key: K, entry: Entry<S>, source: StatisticsSource<S>, background: boolean): Promise<S> {
    let fingerprint: StatisticsFingerprint | undefined;
    try {
      fingerprint = await source.fingerprint();
    } catch {
      // The check failed (a dropped connection, say): the copy serves another age, as after a failed load.
      entry.at = this.#options.now();
      return entry.stats;
    }
    const same = fingerprint !== undefined && fingerprint === entry.fingerprint;
    if (same && entry.settled) {
      entry.at = this.#options.now();
      return entry.stats;
    }
    // Changed, unsettled or unknown: load again. The load settles the copy only if nothing changed since
    // the previous one.
    const load = this.#load(key, source, fingerprint, same);
    if (!background) return load;
    // The old copy serves while the load runs, and for another age if it fails.
    load.catch(() => {});
    entry.at = this.#options.now();
    return entry.stats;
  }

  async #load(key: K, source: StatisticsSource<S>, fingerprint: StatisticsFingerprint | undefined, settled: boolean): Promise<S> {
    const stats = await source.load();
    this.#entries.set(key, { stats, at: this.#options.now(), fingerprint, settled });
    return stats;
  }

  async #fingerprintOf(source: StatisticsSource<S>): Promise<StatisticsFingerprint | undefined> {
    try {
      return await source.fingerprint();
    } catch {
      return undefined;
    }
  }
}
