// The Parapet API as the UI uses it. Every call is same-origin with the session cookie; the browser adds
// the Origin header the server requires on state-changing requests. Failures become ApiError, carrying the
// server's error shape: { error: { id, message, fields, details }, requestId }.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly id: string;
  readonly fields: FieldError[];
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(status: number, id: string, message: string, fields: FieldError[] = [], details?: unknown, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.id = id;
    this.fields = fields;
    this.details = details;
    this.requestId = requestId;
  }
}

export interface SessionUser {
  id: number;
  username: string;
  isAdmin: boolean;
}

export interface Me {
  userType: 'anonymous' | 'user' | 'administrator';
  user: SessionUser | null;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type GroupKind = 'builtin' | 'custom' | 'object';

export interface Group {
  id: number;
  kind: GroupKind;
  name: string;
  description: string;
  ownerObjectId: number | null;
  userMemberCount: number;
  groupMemberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface UserMember {
  id: number;
  username: string;
  displayName: string;
  addedAt: string;
}

export interface GroupMember {
  id: number;
  kind: GroupKind;
  name: string;
  addedAt: string;
}

export interface GroupUse {
  kind: 'object' | 'group';
  id: number;
  name: string;
  role: string;
}

export interface EffectiveGroup {
  id: number;
  kind: GroupKind;
  name: string;
  via: 'direct' | 'nested' | 'implicit';
  /** From the group the user is a direct member of, up to this group. */
  path: { id: number; name: string }[];
}

export interface EffectiveGroups {
  user: User;
  groups: EffectiveGroup[];
  objectGroupCount: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface NewUser {
  username: string;
  password: string;
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

function isErrorBody(value: unknown): value is { error: { id: string; message: string; fields?: FieldError[]; details?: unknown }; requestId?: string } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const e = (value as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (response.ok) return parsed as T;
  if (response.status === 401 && !(method === 'POST' && path === '/api/session')) onUnauthenticated?.();
  if (isErrorBody(parsed)) {
    const e = parsed.error;
    throw new ApiError(response.status, e.id, e.message, e.fields ?? [], e.details, parsed.requestId);
  }
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

export const api = {
  session: {
    current: () => call<Me>('GET', '/api/session'),
    signIn: (username: string, password: string) => call<Me>('POST', '/api/session', { username, password }),
    signOut: () => call<{ ok: true }>('DELETE', '/api/session'),
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
