// The System session, for background jobs and the command line only. No HTTP module may import this file
// (test/architecture.test.ts enforces it), so no request can ever act as System.
import type { SystemSession } from './session.ts';

export function systemSession(purpose: string): SystemSession {
  return { kind: 'system', ip: 'local', requestId: `system:${purpose}` } as SystemSession;
}
