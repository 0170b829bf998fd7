// The Parapet API as the UI uses it. Every call is same-origin with the session cookie; the browser adds
// the Origin header the server requires on state-changing requests. Failures become ApiError, carrying the
// server's error shape: { error: { id, message, fields, details }, requestId }. Answers are typed with the
// server's response schemas (contract.ts); this is the one place an answer's JSON becomes a typed value.
import { ERRORS } from '../../src/shared/errors.ts';
import type {
  ApiToken,
  ApiTokenScope,
  EffectiveGroup,
  ErrorId,
  FieldError,
  Group,
  GroupMember,
  GroupUse,
  Me,
  OutboxMessage,
  Page,
  SecurityEvent,
  SecuritySettings,
  SessionInfo,
  User,
  UserMember,
} from './contract.ts';

/** Ids the client gives errors that never reached the server or that it could not read. */
export type ClientErrorId = 'network' | 'client' | 'unexpected';

export class ApiError extends Error {
  readonly status: number;
  readonly id: ErrorId | ClientErrorId;
  readonly fields: FieldError[];
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(
    status: number,
    id: ErrorId | ClientErrorId,
    message: string,
    fields: FieldError[] = [],
    details?: unknown,
    requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.id = id;
    this.fields = fields;
    this.details = details;
    this.requestId = requestId;
  }
}

export type {
  Abilities,
  FieldError,
  ApiToken,
  ApiTokenScope,
  EffectiveGroup,
  Group,
  GroupKind,
  GroupMember,
  GroupUse,
  Me,
  NextStep,
  OutboxMessage,
  Page,
  SecurityEvent,
  SecuritySettings,
  SessionInfo,
  SessionUser,
  User,
  UserMember,
  UserSecurity,
} from './contract.ts';

export interface MfaStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export interface TotpEnrolment {
  /** Base32 secret, shown once. */
  secret: string;
  /** otpauth:// URI for authenticator apps. */
  uri: string;
}

export interface SecurityEventFilter {
  q?: string;
  action?: string;
  userId?: number;
  ip?: string;
  /** ISO date-time. */
  from?: string;
  /** ISO date-time. */
  to?: string;
  limit?: number;
  offset?: number;
}

export interface EffectiveGroups {
  user: User;
  groups: EffectiveGroup[];
  objectGroupCount: number;
}

export interface NewUser {
  username: string;
  /** A one-time password; without it an invitation link goes to `email`. */
  password?: string;
  displayName?: string;
  email?: string | null;
  isAdmin?: boolean;
}

type UnauthenticatedListener = () => void;
let onUnauthenticated: UnauthenticatedListener | undefined;

/** Called when a request other than sign-in answers 401 (the session ended on the server). */
export function setUnauthenticatedListener(listener: UnauthenticatedListener | undefined): void {
  onUnauthenticated = listener;
}

type RestrictedListener = () => void;
let onRestricted: RestrictedListener | undefined;

/**
 * Called when a request answers 403 password_change_required or mfa_enrollment_required: the session may
 * take only one step, and the UI should find out which (GET /api/session) and show it.
 */
export function setRestrictedListener(listener: RestrictedListener | undefined): void {
  onRestricted = listener;
}

/** Resolves true once the user has confirmed their password again, false when they cancel. */
type ReauthenticationHandler = () => Promise<boolean>;
let reauthenticate: ReauthenticationHandler | undefined;

/**
 * Set by the re-authentication dialog. When a request answers 403 reauthentication_required, the handler
 * asks for the password (and second factor) and the request is sent again once confirmed.
 */
export function setReauthenticationHandler(handler: ReauthenticationHandler | undefined): void {
  reauthenticate = handler;
}

/** Requests that must never trigger the re-authentication dialog themselves. */
const NO_REAUTH_RETRY = new Set(['/api/session/reauthenticate', '/api/session', '/api/session/second-factor']);

function isErrorBody(
  value: unknown,
): value is { error: { id: string; message: string; fields?: FieldError[]; details?: unknown }; requestId?: string } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const e = value.error;
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}

function isErrorId(id: string): id is ErrorId {
  return Object.hasOwn(ERRORS, id);
}

/** Sign-in steps whose 401 means "wrong credentials", not "your session ended". */
const SIGN_IN_STEPS = new Set([
  '/api/session',
  '/api/session/second-factor',
  '/api/session/reauthenticate',
  '/api/password-reset/complete',
]);

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  try {
    return await send<T>(method, path, { json: body });
  } catch (err) {
    if (err instanceof ApiError && err.id === 'reauthentication_required' && reauthenticate && !NO_REAUTH_RETRY.has(path)) {
      if (await reauthenticate()) return send<T>(method, path, { json: body });
    }
    throw err;
  }
}

/** The header a reporter who is not signed in proves access to one report with (the secret link's token). */
export const REPORT_LINK_HEADER = 'X-Report-Link';

/**
 * A call for one report with a reporter link's token, or without one the ordinary call. With a token, a 401
 * is the link's (revoked), so it does not end the UI's session; `file` is sent as the raw body.
 */
export async function callWithLink<T>(
  method: string,
  path: string,
  token: string | undefined,
  body: { json?: unknown; file?: Blob } = {},
): Promise<T> {
  if (!token && body.file === undefined) return call<T>(method, path, body.json);
  return send<T>(method, path, { ...body, headers: token ? { [REPORT_LINK_HEADER]: token } : {}, ownAuth: true });
}

/** A file's bytes from a report, with the reporter link's token when there is one. */
export async function downloadWithLink(path: string, token: string | undefined): Promise<Blob> {
  return send<Blob>('GET', path, { headers: token ? { [REPORT_LINK_HEADER]: token } : {}, ownAuth: true, blob: true });
}

interface SendOptions {
  json?: unknown;
  /** Sent as the raw body (application/octet-stream). */
  file?: Blob;
  headers?: Record<string, string>;
  /** The request carries its own credentials: its 401 and 403 say nothing about the UI's session. */
  ownAuth?: boolean;
  /** The answer is a file: resolve with its bytes. */
  blob?: boolean;
}

async function send<T>(method: string, path: string, options: SendOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.file !== undefined) {
    headers['content-type'] = 'application/octet-stream';
    body = options.file;
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, credentials: 'same-origin', headers, body });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  if (response.ok && options.blob) return (await response.blob()) as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  // The one place an answer becomes typed: its shape is the route's response schema, which the server
  // serialises it with (contract.ts names the type of each).
  if (response.ok) return parsed as T;
  if (
    !options.ownAuth &&
    response.status === 401 &&
    !SIGN_IN_STEPS.has(path) &&
    !(isErrorBody(parsed) && parsed.error.id === 'mfa_failed')
  ) {
    onUnauthenticated?.();
  }
  if (isErrorBody(parsed) && isErrorId(parsed.error.id)) {
    const e = parsed.error;
    if (!options.ownAuth && response.status === 403 && (e.id === 'password_change_required' || e.id === 'mfa_enrollment_required'))
      onRestricted?.();
    throw new ApiError(response.status, parsed.error.id, e.message, e.fields ?? [], e.details, parsed.requestId);
  }
  if (isErrorBody(parsed))
    throw new ApiError(
      response.status,
      'unexpected',
      parsed.error.message,
      parsed.error.fields ?? [],
      parsed.error.details,
      parsed.requestId,
    );
  throw new ApiError(response.status, 'unexpected', `The server answered ${response.status} ${response.statusText}.`);
}

const q = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
};

type Ok = { ok: true };

export const api = {
  session: {
    current: () => call<Me>('GET', '/api/session'),
    signIn: (username: string, password: string) => call<Me>('POST', '/api/session', { username, password }),
    secondFactor: (code: string) => call<Me>('POST', '/api/session/second-factor', { code }),
    reauthenticate: (password: string, code?: string) =>
      call<Ok>('POST', '/api/session/reauthenticate', code ? { password, code } : { password }),
    signOut: () => call<Ok>('DELETE', '/api/session'),
  },
  me: {
    changePassword: (currentPassword: string, newPassword: string) =>
      call<Ok>('POST', '/api/me/password', { currentPassword, newPassword }),
    mfa: () => call<MfaStatus>('GET', '/api/me/mfa'),
    beginTotp: () => call<TotpEnrolment>('POST', '/api/me/mfa/totp'),
    confirmTotp: (code: string) => call<{ recoveryCodes: string[] }>('POST', '/api/me/mfa/totp/confirm', { code }),
    disableMfa: () => call<Ok>('DELETE', '/api/me/mfa'),
    replaceRecoveryCodes: () => call<{ recoveryCodes: string[] }>('POST', '/api/me/mfa/recovery-codes'),
    sessions: () => call<{ items: SessionInfo[] }>('GET', '/api/me/sessions'),
    revokeSession: (sessionId: string) => call<Ok>('DELETE', `/api/me/sessions/${encodeURIComponent(sessionId)}`),
    revokeOtherSessions: () => call<{ ended: number }>('DELETE', '/api/me/sessions'),
    tokens: () => call<{ items: ApiToken[] }>('GET', '/api/me/tokens'),
    createToken: (input: { name: string; scopes: ApiTokenScope[]; expiresInDays: number }) =>
      call<{ token: string; info: ApiToken }>('POST', '/api/me/tokens', input),
    revokeToken: (id: number) => call<Ok>('DELETE', `/api/me/tokens/${id}`),
    changeEmail: (email: string) => call<Ok>('PUT', '/api/me/email', { email }),
    resendVerification: () => call<Ok>('POST', '/api/me/email/verification'),
  },
  recovery: {
    requestReset: (login: string) => call<{ message: string }>('POST', '/api/password-reset', { login }),
    checkReset: (token: string) => call<{ secondFactorRequired: boolean }>('POST', '/api/password-reset/check', { token }),
    completeReset: (input: { token: string; newPassword: string; code?: string }) =>
      call<Ok>('POST', '/api/password-reset/complete', input),
    verifyEmail: (token: string) => call<Ok>('POST', '/api/email/verify', { token }),
  },
  security: {
    unlock: (userId: number) => call<Ok>('POST', `/api/users/${userId}/unlock`),
    sessions: (userId: number) => call<{ items: SessionInfo[] }>('GET', `/api/users/${userId}/sessions`),
    revokeSession: (userId: number, sessionId: string) =>
      call<Ok>('DELETE', `/api/users/${userId}/sessions/${encodeURIComponent(sessionId)}`),
    revokeAllSessions: (userId: number) => call<{ ended: number }>('DELETE', `/api/users/${userId}/sessions`),
    setSignInPolicy: (userId: number, input: { allowedNetworks?: string[]; staffConsole?: boolean }) =>
      call<Ok>('PUT', `/api/users/${userId}/sign-in-policy`, input),
    settings: () => call<SecuritySettings>('GET', '/api/admin/security-settings'),
    updateSettings: (patch: Partial<SecuritySettings>) => call<SecuritySettings>('PATCH', '/api/admin/security-settings', patch),
    events: (filter: SecurityEventFilter) => call<Page<SecurityEvent>>('GET', `/api/admin/security-events${q({ ...filter })}`),
    outbox: (limit = 100) => call<{ items: OutboxMessage[] }>('GET', `/api/admin/outbox${q({ limit })}`),
  },
  users: {
    list: (opts: { q?: string; limit?: number; offset?: number } = {}) => call<Page<User>>('GET', `/api/users${q(opts)}`),
    get: (id: number) => call<User>('GET', `/api/users/${id}`),
    create: (input: NewUser) => call<User>('POST', '/api/users', input),
    effectiveGroups: (id: number) => call<EffectiveGroups>('GET', `/api/users/${id}/effective-groups`),
  },
  groups: {
    list: (opts: { q?: string; kind?: 'builtin' | 'custom' | 'all'; limit?: number; offset?: number } = {}) =>
      call<Page<Group>>('GET', `/api/groups${q(opts)}`),
    get: (id: number) => call<Group>('GET', `/api/groups/${id}`),
    create: (input: { name: string; description?: string }) => call<Group>('POST', '/api/groups', input),
    update: (id: number, input: { name?: string; description?: string }) => call<Group>('PATCH', `/api/groups/${id}`, input),
    remove: (id: number) => call<{ ok: true }>('DELETE', `/api/groups/${id}`),
    uses: (id: number) => call<{ items: GroupUse[] }>('GET', `/api/groups/${id}/uses`),
    members: (id: number) =>
      call<{ group: Group; users: UserMember[]; groups: GroupMember[] }>('GET', `/api/groups/${id}/members${q({ limit: 200 })}`),
    addUser: (id: number, userId: number) => call<{ ok: true }>('POST', `/api/groups/${id}/members/users`, { userId }),
    removeUser: (id: number, userId: number) => call<{ ok: true }>('DELETE', `/api/groups/${id}/members/users/${userId}`),
    addGroup: (id: number, groupId: number) => call<{ ok: true }>('POST', `/api/groups/${id}/members/groups`, { groupId }),
    removeGroup: (id: number, groupId: number) => call<{ ok: true }>('DELETE', `/api/groups/${id}/members/groups/${groupId}`),
  },
};

/** Any thrown value as an ApiError, so the UI always has a message to show. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, 'client', err instanceof Error ? err.message : 'Something went wrong.');
}

/** The uses listed in a group_in_use error, if the server sent them. */
export function groupUsesOf(err: ApiError): GroupUse[] {
  const details = err.details as { uses?: unknown } | undefined;
  return Array.isArray(details?.uses) ? (details.uses as GroupUse[]) : [];
}

/** A refused second-factor code (mfa_failed) marked at the form's `code` input, which the server does not name. */
export function withRefusedCode(error: ApiError): ApiError {
  if (error.id !== 'mfa_failed') return error;
  return new ApiError(
    error.status,
    error.id,
    error.message,
    [{ field: 'code', message: 'is not a valid code.' }],
    undefined,
    error.requestId,
  );
}
