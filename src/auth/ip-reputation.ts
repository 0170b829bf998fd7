// A per-process memory of client IPs that recently failed to sign in. It is only a scheduling hint and a
// shortcut: the limits themselves live in the database (every instance enforces them from there). Here it
// lets a sign-in from an IP that recently succeeded, then from a clean IP, go ahead of attackers' attempts,
// and answers an IP this process already saw blocked without touching the database (for at most
// BLOCK_MEMORY_MS after it last read the block there, so a block an administrator lifted on any instance ends
// within that time everywhere).
export const BLOCK_MEMORY_MS = 30_000;

export class IpReputation {
  private readonly entries = new Map<
    string,
    { failures: number; lastFailure: number; blockedUntil: number; blockSeenAt: number; lastSuccess: number }
  >();

  constructor(private readonly capacity = 50_000) {}

  private entry(ip: string) {
    let e = this.entries.get(ip);
    if (!e) {
      e = { failures: 0, lastFailure: 0, blockedUntil: 0, blockSeenAt: 0, lastSuccess: 0 };
      if (this.entries.size >= this.capacity) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    } else {
      this.entries.delete(ip); // re-insert: the map's order is the least-recently-used order
    }
    this.entries.set(ip, e);
    return e;
  }

  /** True when the IP failed within the window (its attempts wait behind clean ones). */
  isSuspect(ip: string, now: Date, windowMs: number): boolean {
    const e = this.entries.get(ip);
    return Boolean(e && e.failures > 0 && now.getTime() - e.lastFailure < windowMs);
  }

  /** True when someone signed in successfully from the IP within the window, with no failure since. */
  isTrusted(ip: string, now: Date, windowMs: number): boolean {
    const e = this.entries.get(ip);
    return Boolean(e && e.failures === 0 && e.lastSuccess > 0 && now.getTime() - e.lastSuccess < windowMs);
  }

  /** When this process saw the IP blocked in the database within BLOCK_MEMORY_MS, until when. */
  blockedUntil(ip: string, now: Date): Date | undefined {
    const e = this.entries.get(ip);
    const t = now.getTime();
    return e && e.blockedUntil > t && t - e.blockSeenAt < BLOCK_MEMORY_MS ? new Date(e.blockedUntil) : undefined;
  }

  failed(ip: string, now: Date): void {
    const e = this.entry(ip);
    e.failures += 1;
    e.lastFailure = now.getTime();
  }

  /** The database holds a block of the IP until `until` (read or written at `now`). */
  blocked(ip: string, until: Date, now: Date): void {
    const e = this.entry(ip);
    e.blockedUntil = until.getTime();
    e.blockSeenAt = now.getTime();
  }

  /** An administrator lifted the IP's block: forget it and the IP's failures. */
  unblocked(ip: string): void {
    this.entries.delete(ip);
  }

  succeeded(ip: string, now: Date): void {
    const e = this.entry(ip);
    e.failures = 0;
    e.lastSuccess = now.getTime();
  }
}
