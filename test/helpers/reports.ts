// Report fixtures for API tests: a product with its security team, team members, and submissions.
import { systemSession } from '../../src/access/system.ts';
import type { Actor, TestApp } from './app.ts';

const system = systemSession('test');

export interface ProductFixture {
  id: number;
  teamGroupId: number;
  boardGroupId: number;
}

/** Creates a product (as System) whose security team and board groups are created with it. */
export async function createProduct(t: TestApp, name: string, options: { disclosureDays?: number } = {}): Promise<ProductFixture> {
  const p = await t.services.products.create(system, { name, disclosureDays: options.disclosureDays });
  return { id: p.row.id, teamGroupId: p.row.team_group_id, boardGroupId: p.row.board_group_id! };
}

/** A signed-in user who is a member of the group, with an e-mail address. */
export async function memberOf(t: TestApp, username: string, groupId: number): Promise<Actor> {
  const actor = await t.actor(username);
  await t.services.users.update(system, actor.userId!, { email: `${username}@example.org` });
  await t.services.groups.addUser(system, groupId, actor.userId!);
  return actor;
}

export function submission(productId: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Stored XSS in the comment preview',
    description: 'The **preview** renders comment HTML without escaping.',
    productId,
    steps: '1. Post a comment\n2. Open the preview',
    impact: 'Session theft of any reader.',
    contactName: 'Rita Reporter',
    contactEmail: 'rita@example.net',
    ...overrides,
  };
}

/** Submits anonymously and returns the report id, tracking id and the secret link token. */
export async function submitAnonymously(t: TestApp, body: Record<string, unknown>, ip = '198.51.100.7') {
  const res = await t.request({ cookie: undefined, userId: undefined, username: undefined, ip }, { method: 'POST', url: '/api/reports', payload: body });
  if (res.statusCode !== 201) throw new Error(`submission failed: ${res.statusCode} ${res.body}`);
  const json = res.json() as { id: number; trackingId: string; reporterLink: string };
  const token = new URL(json.reporterLink).hash.replace(/^#link=/, '');
  return { id: json.id, trackingId: json.trackingId, token };
}
