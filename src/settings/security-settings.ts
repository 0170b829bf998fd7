// Installation-wide security settings (seed 004 defaults), stored in the settings table and read when needed,
// so every instance sees a change at once. Administrators change them through the API.
import type { Session } from '../access/session.ts';
import { authorizeSession } from '../domain/installation/policy.ts';
import { parseCidr } from '../http/client-ip.ts';
import { sql, type Queryable, type Tx } from '../db/database.ts';
import { fieldError } from '../errors/catalog.ts';

export interface SecuritySettings {
  passwordMinLength: number;
  /** Seed 004's composition rules (upper and lower case, digits and letters); off by default. */
  passwordComposition: boolean;
  /** Consecutive failed sign-ins that lock an account. */
  lockoutThreshold: number;
  /** 'admin': only an administrator unlocks; 'timed': unlocks after a wait that doubles with each lock. */
  lockoutMode: 'admin' | 'timed';
  lockoutBaseMinutes: number;
  ipFailureLimit: number;
  ipWindowMinutes: number;
  ipBlockMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  bindSessionIpForAdmins: boolean;
  bindSessionIpForEveryone: boolean;
  /** CIDRs allowed to reach the staff console and its API; empty = anywhere. */
  staffNetworks: string[];
  requireHttps: boolean;
  requireMfaForStaff: boolean;
}

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  passwordMinLength: 12,
  passwordComposition: false,
  lockoutThreshold: 10,
  lockoutMode: 'admin',
  lockoutBaseMinutes: 15,
  ipFailureLimit: 30,
  ipWindowMinutes: 5,
  ipBlockMinutes: 15,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  bindSessionIpForAdmins: true,
  bindSessionIpForEveryone: false,
  staffNetworks: [],
  requireHttps: false,
  requireMfaForStaff: false,
};

const KEY = 'security';

const INTEGER_BOUNDS: Partial<Record<keyof SecuritySettings, [number, number]>> = {
  passwordMinLength: [8, 128],
  lockoutThreshold: [3, 100],
  lockoutBaseMinutes: [1, 1440],
  ipFailureLimit: [5, 10000],
  ipWindowMinutes: [1, 1440],
  ipBlockMinutes: [1, 10080],
  sessionIdleMinutes: [5, 1440],
  sessionAbsoluteHours: [1, 720],
};

/**
 * Every request needs the settings, and attackers can send many requests: each process keeps what it read for
 * one second (real time). A change made through this process is seen at once; another instance's change
 * within a second.
 */
const CACHE_MS = 1000;
let cache = new WeakMap<Queryable, { value: SecuritySettings; readAt: number }>();

/** Reads the settings, defaults filled in. Reading is not a data access of any session: every check needs it. */
export async function readSecuritySettings(_s: Session, q: Queryable): Promise<SecuritySettings> {
  // Only reads outside a transaction are cached (a transaction must see its own writes).
  const cacheable = !('inTransaction' in q);
  const cached = cacheable ? cache.get(q) : undefined;
  if (cached && performance.now() - cached.readAt < CACHE_MS) return cached.value;
  const rows = await q.query<{ value: Partial<SecuritySettings> }>(sql`SELECT value FROM settings WHERE key = ${KEY}`);
  const value = Object.freeze({ ...DEFAULT_SECURITY_SETTINGS, ...(rows[0]?.value ?? {}) }) as SecuritySettings;
  if (cacheable) cache.set(q, { value, readAt: performance.now() });
  return value;
}

/** Forgets everything this process read (on every change). */
export function forgetSecuritySettings(): void {
  cache = new WeakMap();
}

export function validateSecuritySettings(patch: Partial<SecuritySettings>): Partial<SecuritySettings> {
  for (const [key, [min, max]] of Object.entries(INTEGER_BOUNDS) as [keyof SecuritySettings, [number, number]][]) {
    const v = patch[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)) {
      throw fieldError(key, `must be a whole number from ${min} to ${max}.`);
    }
  }
  if (patch.staffNetworks) {
    patch.staffNetworks.forEach((n, i) => {
      try {
        parseCidr(n);
      } catch {
        throw fieldError(`staffNetworks.${i}`, `"${n}" is not an IP address or CIDR range.`);
      }
    });
  }
  return patch;
}

export async function writeSecuritySettings(s: Session, tx: Tx, at: Date, patch: Partial<SecuritySettings>): Promise<SecuritySettings> {
  authorizeSession(s, 'manageSettings');
  const next = { ...(await readSecuritySettings(s, tx)), ...validateSecuritySettings(patch) };
  forgetSecuritySettings();
  await tx.query(sql`
    INSERT INTO settings (key, value, updated_at) VALUES (${KEY}, ${JSON.stringify(next)}::jsonb, ${at})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`);
  return next;
}
