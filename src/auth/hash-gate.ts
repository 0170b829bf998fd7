// Admission control for password hashing. Hashing is the expensive step of a sign-in, so it runs through a
// gate with a fixed number of slots: attempts from clean client IPs (no recent failures) go ahead of attempts
// from IPs that have been failing, and when too many suspect attempts already wait, a new one is refused
// (429) without hashing. An attacker's volume can therefore never starve a legitimate user.
import { AppError } from '../errors/catalog.ts';

export type HashPriority = 'clean' | 'suspect';

interface Waiter {
  start: () => void;
}

export class HashGate {
  private running = 0;
  private readonly clean: Waiter[] = [];
  private readonly suspect: Waiter[] = [];
  private averageMs = 40;
  /** How many hashes this process has computed (benchmarks report it). */
  computed = 0;

  constructor(
    private readonly slots = 2,
    private readonly maxSuspectWaiting = 16,
  ) {}

  /** Typical time one verification takes, for answering refusals without computing (no timing oracle). */
  get typicalMs(): number {
    return this.averageMs;
  }

  async run<T>(priority: HashPriority, fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      if (priority === 'suspect' && this.suspect.length >= this.maxSuspectWaiting) {
        throw new AppError('rate_limited', 'Too many sign-in attempts are in progress; try again in a moment.');
      }
      await new Promise<void>((resolve) => (priority === 'clean' ? this.clean : this.suspect).push({ start: resolve }));
    } else {
      this.running++;
    }
    const started = performance.now();
    try {
      this.computed++;
      return await fn();
    } finally {
      this.averageMs = this.averageMs * 0.9 + (performance.now() - started) * 0.1;
      const next = this.clean.shift() ?? this.suspect.shift();
      if (next) next.start();
      else this.running--;
    }
  }
}

/** Waits about as long as a hash would, without using the CPU. */
export function equalisingDelay(gate: HashGate): Promise<void> {
  const ms = gate.typicalMs * (0.85 + Math.random() * 0.3);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
