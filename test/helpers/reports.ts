// Report fixtures for API tests: a product with its security team, team members, and submissions.
import { anonymousSession, userSession } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { sql } from '../../src/db/database.ts';
import type { ReportSubmission } from '../../src/domain/reports/intake-service.ts';
import type { ReportState } from '../../src/domain/reports/states.ts';
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
  const res = await t.request(
    { cookie: undefined, userId: undefined, username: undefined, ip },
    { method: 'POST', url: '/api/reports', payload: body },
  );
  if (res.statusCode !== 201) throw new Error(`submission failed: ${res.statusCode} ${res.body}`);
  const json = res.json<{ id: number; trackingId: string; reporterLink: string }>();
  const token = new URL(json.reporterLink).hash.replace(/^#link=/, '');
  return { id: json.id, trackingId: json.trackingId, token };
}

export interface CreatedReport {
  id: number;
  trackingId: string;
  /** The secret link token, for a report created anonymously. */
  token: string | undefined;
}

/**
 * Creates a report directly through the intake service (no HTTP, no rate limits), built at once: as `reporter`
 * (a signed-in user, who becomes its reporter) or anonymously (then it has a secret link). With `state`, the
 * report is then put in that state directly, as if the transitions to it had happened: a needs-more-info
 * report remembers `resumeState` (default triaged), a duplicate names `duplicateOf`.
 */
export async function createReport(
  t: TestApp,
  productId: number,
  options: { reporter?: Actor; state?: ReportState; resumeState?: ReportState; duplicateOf?: number; title?: string } = {},
): Promise<CreatedReport> {
  const r = options.reporter;
  const session = r
    ? userSession({ id: r.userId!, username: r.username!, isAdmin: false }, r.ip ?? '127.0.0.1')
    : anonymousSession('198.51.100.250');
  const body = submission(productId, { title: options.title ?? 'A report made for a test', ...(r ? { contactEmail: undefined } : {}) });
  const result = await t.services.reports.intake.submit(session, body as unknown as ReportSubmission);
  if (!result.built) await t.buildInbox();
  const state = options.state;
  if (state && state !== 'new') {
    if (state === 'duplicate' && options.duplicateOf === undefined) throw new Error('createReport: a duplicate needs duplicateOf');
    const at = t.clock.now();
    await t.database.db.query(sql`
      UPDATE reports SET state = ${state}, state_changed_at = ${at},
             resume_state = ${state === 'needs_more_info' ? (options.resumeState ?? 'triaged') : null},
             needs_info_since = ${state === 'needs_more_info' ? at : null},
             duplicate_of = ${state === 'duplicate' ? options.duplicateOf! : null}
       WHERE object_id = ${result.id}`);
  }
  return { id: result.id, trackingId: result.trackingId, token: result.linkToken };
}
