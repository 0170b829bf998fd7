// Issue 11, item 2: the installation abilities of GET /api/session are the server's rules. For a reporter, a
// product team member and an administrator, every ability with a read-only probe is checked against the
// answer of that endpoint: true is answered 200, false is refused (401/403).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallationAction } from '../../src/domain/installation/policy.ts';
import { createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { createProduct, memberOf } from '../helpers/reports.ts';

let t: TestApp;
const actors: Record<string, Actor> = {};

const PROBES: Partial<Record<InstallationAction, string>> = {
  manageUsers: '/api/users',
  manageGroups: '/api/groups/3/members',
  manageSettings: '/api/admin/security-settings',
  readAuditLog: '/api/audit',
  readSecurityLog: '/api/admin/security-events',
  readOutbox: '/api/admin/outbox',
  manageIpBlocks: '/api/admin/ip-blocks',
  readIntakeStatus: '/api/admin/report-inbox',
  manageCvePool: '/api/admin/cve-pool',
  useCannedResponses: '/api/canned-responses',
};

beforeAll(async () => {
  t = await createTestApp();
  const product = await createProduct(t, 'Installation Widget');
  actors.reporter = await t.actor('in-reporter');
  actors.member = await memberOf(t, 'in-member', product.teamGroupId);
  actors.admin = await t.actor('in-admin', { isAdmin: true });
});
afterAll(async () => t?.close());

describe(`installation abilities (${backendName})`, () => {
  it.each(['reporter', 'member', 'admin'])('%s: every probed ability is what the server does', async (who) => {
    const actor = actors[who]!;
    const session = await t.request(actor, { url: '/api/session' });
    const abilities = session.json<{ user: { abilities: Record<string, boolean> } }>().user.abilities;
    for (const [action, url] of Object.entries(PROBES)) {
      const res = await t.request(actor, { url });
      const label = `${who} ${action} ${url}: ${res.statusCode} ${res.body.slice(0, 160)}`;
      if (abilities[action]) expect(res.statusCode, label).toBe(200);
      else expect([401, 403], label).toContain(res.statusCode);
    }
  });
});
