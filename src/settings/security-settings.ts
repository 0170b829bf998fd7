// Installation-wide security settings (seed 004 defaults): their shape, defaults and checks. Stored, cached and
// changed through the settings registry (registry.ts: kind 'security'); read with readSetting(db, 'security').
import { Type } from 'typebox';
import { parseCidr } from '../http/client-ip.ts';
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

const INTEGER_BOUNDS = {
  passwordMinLength: [8, 128],
  lockoutThreshold: [3, 100],
  lockoutBaseMinutes: [1, 1440],
  ipFailureLimit: [5, 10000],
  ipWindowMinutes: [1, 1440],
  ipBlockMinutes: [1, 10080],
  sessionIdleMinutes: [5, 1440],
  sessionAbsoluteHours: [1, 720],
} as const satisfies Partial<Record<keyof SecuritySettings, readonly [number, number]>>;

const int = (key: keyof typeof INTEGER_BOUNDS) => Type.Integer({ minimum: INTEGER_BOUNDS[key][0], maximum: INTEGER_BOUNDS[key][1] });

export const SecuritySettingsSchema = Type.Object({
  passwordMinLength: int('passwordMinLength'),
  passwordComposition: Type.Boolean(),
  lockoutThreshold: int('lockoutThreshold'),
  lockoutMode: Type.Union([Type.Literal('admin'), Type.Literal('timed')]),
  lockoutBaseMinutes: int('lockoutBaseMinutes'),
  ipFailureLimit: int('ipFailureLimit'),
  ipWindowMinutes: int('ipWindowMinutes'),
  ipBlockMinutes: int('ipBlockMinutes'),
  sessionIdleMinutes: int('sessionIdleMinutes'),
  sessionAbsoluteHours: int('sessionAbsoluteHours'),
  bindSessionIpForAdmins: Type.Boolean(),
  bindSessionIpForEveryone: Type.Boolean(),
  staffNetworks: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 100 }),
  requireHttps: Type.Boolean(),
  requireMfaForStaff: Type.Boolean(),
});

export function validateSecuritySettings(patch: Partial<SecuritySettings>): Partial<SecuritySettings> {
  for (const [key, [min, max]] of Object.entries(INTEGER_BOUNDS) as [keyof typeof INTEGER_BOUNDS, readonly [number, number]][]) {
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
