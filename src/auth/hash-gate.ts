// Admission control. Work that attackers can trigger in volume (sign-in attempts; password hashing within
// them) runs through a gate with a fixed number of slots: work for clean client IPs (no recent failures) goes
// ahead of work for IPs that have been failing, and when too many suspect requests already wait, a new one is
// refused (429) before any work. An attacker's volume can therefore never starve a legitimate user.
import { AppError } from '../errors/catalog.ts';

/** trusted: an IP that recently signed in successfully; clean: no recent failures; suspect: recent failures. */
export type HashPriority = 'trusted' | 'clean' | 'suspect';

interface Waiter {
  start: () => void;
}

export class AdmissionGate {
  private running = 0;
  private readonly trusted: Waiter[] = [];
  private readonly clean: Waiter[] = [];
  private readonly suspect: Waiter[] = [];
  private averageMs = 40;
  /** How many tasks this gate has admitted (for the hash gate: how many hashes were computed). */
  computed = 0;

  constructor(
    private readonly slots = 2,
    private readonly maxSuspectWaiting = 16,
    private readonly refusal = 'Too many sign-in attempts are in progress; try again in a moment.',
  ) {}

  /** Typical time one verification takes, for answering refusals without computing (no timing oracle). */
  get typicalMs(): number {
    return this.averageMs;
  }

  async run<T>(priority: HashPriority, fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      if (priority === 'suspect' && this.suspect.length >= this.maxSuspectWaiting) {
        throw new AppError('rate_limited', this.refusal);
      }
      const queue = priority === 'trusted' ? this.trusted : priority === 'clean' ? this.clean : this.suspect;
      await new Promise<void>((resolve) => queue.push({ start: resolve }));
    } else {
      this.running++;
    }
    const started = performance.now();
    try {
      this.computed++;
      return await fn();
    } finally {
      this.averageMs = this.averageMs * 0.9 + (performance.now() - started) * 0.1;
      const next = this.trusted.shift() ?? this.clean.shift() ?? this.suspect.shift();
      if (next) next.start();
      else this.running--;
    }
  }
}

/** The gate for password hashing (two hashes at a time on two cores). */
export class HashGate extends AdmissionGate {}

/** Waits about as long as a hash would, without using the CPU. */
export function equalisingDelay(gate: HashGate): Promise<void> {
  const ms = gate.typicalMs * (0.85 + Math.random() * 0.3);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
