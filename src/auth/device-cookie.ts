// The known-device cookie (OWASP device cookies): its name and lifetime, shared by the sign-in route and the
// known-devices repository.
export const DEVICE_COOKIE = '__Host-parapet-device';
export const DEVICE_LIFETIME_MS = 180 * 24 * 3_600_000;
