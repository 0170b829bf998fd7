// Command-line flags of the benchmarks: `--name value`, `--name=value` and bare `--flag` switches.

export interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
}

export function parseArgs(argv: string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      flags.set(arg.slice(2), next);
      i++;
    } else {
      flags.set(arg.slice(2), true);
    }
  }
  return { flags, positional };
}

export class UsageError extends Error {}

/** A flag restricted to a fixed set of values; `fallback` when absent. */
export function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const v = args.flags.get(name);
  if (v === undefined) return fallback;
  if (v === true || !(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  }
  return v as T;
}

export function integer(args: ParsedArgs, name: string, fallback: number, min = 1): number {
  const v = args.flags.get(name);
  if (v === undefined) return fallback;
  const n = v === true ? NaN : Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return n;
}

export function text(args: ParsedArgs, name: string, fallback: string): string {
  const v = args.flags.get(name);
  if (v === undefined) return fallback;
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

/** A comma-separated subset of `allowed` (all of them when absent), in the order of `allowed`. */
export function list<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T[] {
  const v = args.flags.get(name);
  if (v === undefined) return [...allowed];
  const wanted = v === true ? [] : v.split(',').map((x) => x.trim());
  for (const w of wanted) {
    if (!(allowed as readonly string[]).includes(w))
      throw new UsageError(`--${name} takes a comma-separated list of ${allowed.join(', ')}`);
  }
  if (wanted.length === 0) throw new UsageError(`--${name} needs a value`);
  return allowed.filter((a) => wanted.includes(a));
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true || args.flags.get(name) === 'true';
}

/** Refuses flags the benchmark does not know, so a typo does not silently measure the wrong thing. */
export function rejectUnknown(args: ParsedArgs, known: readonly string[]): void {
  for (const name of args.flags.keys()) {
    if (!known.includes(name)) throw new UsageError(`unknown flag --${name} (known: ${known.map((k) => `--${k}`).join(' ')})`);
  }
}
