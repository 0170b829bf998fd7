// The report access matrix over time: after every change of group membership, product role groups, assignment,
// report membership, link revocation and account state, the whole matrix (every actor × every report × read,
// list, triage, team side and dashboard) is computed again from a small model written here and compared with
// what the API answers. Access is derived, never copied: nothing granted for a reason may outlive the reason.
//
// The model: a report is readable by administrators, by the product's current security team and incident
// managers (through nesting), by the people with a role on it (reporter, co-reporter, collaborator) and by
// the holder of a live secret link of it. The team and incident managers triage it; collaborators are on the
// team side without triage; everyone else who reads it is on the reporter side. Assignment grants nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestApp, TEST_PASSWORD, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { submission, submitAnonymously } from '../helpers/reports.ts';

type ReportKey = 'r1' | 'r2' | 'r3' | 'r4';
type ActorKey = 'tess' | 'tom' | 'ivan' | 'nora' | 'alice' | 'carol' | 'vera' | 'root' | 'guest' | 'outsider';
type GroupKey = 'T1' | 'I1' | 'T2';

interface Model {
  products: Record<'P' | 'Q', { team: GroupKey; im: GroupKey | null }>;
  reports: Partial<
    Record<
      ReportKey,
      { product: 'P' | 'Q'; members: Partial<Record<ActorKey, 'reporter' | 'co_reporter' | 'collaborator'>>; link: boolean }
    >
  >;
  groups: Record<GroupKey, Set<ActorKey>>;
  admins: Set<ActorKey>;
  disabled: Set<ActorKey>;
}

interface Cell {
  read: boolean;
  side: 'team' | 'reporter' | null;
  triage: boolean;
}

function expected(m: Model, actor: ActorKey, report: ReportKey): Cell {
  const r = m.reports[report];
  if (!r || m.disabled.has(actor)) return { read: false, side: null, triage: false };
  if (m.admins.has(actor)) return { read: true, side: 'team', triage: true };
  const p = m.products[r.product];
  const staff = m.groups[p.team].has(actor) || (p.im !== null && m.groups[p.im].has(actor));
  const role = r.members[actor];
  const guest = actor === 'guest' && r.link;
  if (staff) return { read: true, side: 'team', triage: true };
  if (role === 'collaborator') return { read: true, side: 'team', triage: false };
  if (role || guest) return { read: true, side: 'reporter', triage: false };
  return { read: false, side: null, triage: false };
}

let t: TestApp;
let admin: Actor;
const actors = {} as Record<ActorKey, Actor>;
const ids = {} as Record<ReportKey, number>;
const groupIds = {} as Record<GroupKey, number>;
const productIds = {} as Record<'P' | 'Q', number>;
let guestToken = '';
let model: Model;

const headersOf = (a: ActorKey): Record<string, string> => (a === 'guest' ? { 'x-report-link': guestToken } : {});

async function observe(actor: ActorKey, report: ReportKey): Promise<Cell> {
  const res = await t.request(actors[actor], { url: `/api/reports/${ids[report]}`, headers: headersOf(actor) });
  if (res.statusCode !== 200) {
    // A revoked link or a disabled account is refused outright; both mean "reads nothing".
    expect([401, 404], `${actor} GET ${report}: ${res.body}`).toContain(res.statusCode);
    return { read: false, side: null, triage: false };
  }
  const viewer = res.json().viewer as { side: 'team' | 'reporter'; mayTriage: boolean };
  return { read: true, side: viewer.side, triage: viewer.mayTriage };
}

/** Every cell of the matrix, compared at once so a failure lists all the differences. */
async function checkMatrix(step: string): Promise<void> {
  const differences: string[] = [];
  const show = (c: Cell) => (c.read ? `${c.side}${c.triage ? '+triage' : ''}` : 'none');
  for (const actor of Object.keys(actors) as ActorKey[]) {
    const list = await t.request(actors[actor], { url: '/api/reports?limit=200', headers: headersOf(actor) });
    const listed = new Set(list.statusCode === 200 ? (list.json().items as { id: number }[]).map((i) => i.id) : []);
    let teamOpen = 0;
    for (const report of Object.keys(model.reports) as ReportKey[]) {
      const want = expected(model, actor, report);
      const got = await observe(actor, report);
      if (want.read && want.side === 'team') teamOpen += 1;
      if (show(want) !== show(got)) differences.push(`${actor} on ${report}: expected ${show(want)}, got ${show(got)}`);
      if (listed.has(ids[report]) !== want.read)
        differences.push(`${actor} on ${report}: expected ${want.read ? 'listed' : 'not listed'} in the inbox`);
    }
    // The dashboard counts only reports seen from the team side (SLA state is the team's business); an
    // administrator's count includes the other tests' reports, so only its lower bound is known.
    const dash = await t.request(actors[actor], { url: '/api/reports/dashboard', headers: headersOf(actor) });
    const open = dash.statusCode === 200 ? (dash.json().open as number) : 0;
    const isAdmin = model.admins.has(actor) && !model.disabled.has(actor);
    if (isAdmin ? open < teamOpen : open !== teamOpen)
      differences.push(`${actor}: dashboard counts ${open} open reports, expected ${teamOpen}`);
  }
  expect(differences, `after: ${step}`).toEqual([]);
}

async function adminCall(method: 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: object) {
  await t.reauthenticate(admin);
  const res = await t.request(admin, { method, url, ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res;
}

const addToGroup = async (g: GroupKey, a: ActorKey) => {
  await adminCall('POST', `/api/groups/${groupIds[g]}/members/users`, { userId: actors[a].userId });
  model.groups[g].add(a);
};
const removeFromGroup = async (g: GroupKey, a: ActorKey) => {
  await adminCall('DELETE', `/api/groups/${groupIds[g]}/members/users/${actors[a].userId}`);
  model.groups[g].delete(a);
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.actor('admin-over-time', { isAdmin: true });
  const created = async (name: string) => (await adminCall('POST', '/api/groups', { name })).json().id as number;
  groupIds.T1 = await created('Team one');
  groupIds.I1 = await created('Incident managers one');
  groupIds.T2 = await created('Team two');
  productIds.P = (
    await adminCall('POST', '/api/products', { name: 'Product P', teamGroupId: groupIds.T1, incidentManagerGroupId: groupIds.I1 })
  ).json().id;
  productIds.Q = (await adminCall('POST', '/api/products', { name: 'Product Q', teamGroupId: groupIds.T2 })).json().id;
  for (const name of ['tess', 'tom', 'ivan', 'nora', 'alice', 'carol', 'vera', 'outsider'] as const)
    actors[name] = await t.actor(`${name}-ot`);
  actors.root = await t.actor('root-ot');
  actors.guest = anonymous;
  model = {
    products: { P: { team: 'T1', im: 'I1' }, Q: { team: 'T2', im: null } },
    reports: {},
    groups: { T1: new Set(), I1: new Set(), T2: new Set() },
    admins: new Set(),
    disabled: new Set(),
  };
  await addToGroup('T1', 'tess');
  await addToGroup('T1', 'tom');
  await addToGroup('I1', 'ivan');
  await addToGroup('T2', 'nora');
  const r1 = await t.request(actors.alice, {
    method: 'POST',
    url: '/api/reports',
    payload: submission(productIds.P, { title: 'Alpha overflow' }),
  });
  expect(r1.statusCode, r1.body).toBe(201);
  ids.r1 = r1.json().id;
  model.reports.r1 = { product: 'P', members: { alice: 'reporter' }, link: false };
  const r2 = await submitAnonymously(t, submission(productIds.P, { title: 'Bravo bypass' }));
  ids.r2 = r2.id;
  guestToken = r2.token;
  model.reports.r2 = { product: 'P', members: {}, link: true };
  const r3 = await t.request(actors.outsider, {
    method: 'POST',
    url: '/api/reports',
    payload: submission(productIds.Q, { title: 'Charlie injection' }),
  });
  ids.r3 = r3.json().id;
  model.reports.r3 = { product: 'Q', members: { outsider: 'reporter' }, link: false };
  await t.buildInbox();
});
afterAll(() => t.close());

describe(`report access after every change (${backendName})`, () => {
  it('holds initially', async () => {
    await checkMatrix('the start');
  });

  it('assignment grants nothing: a removed or reassigned assignee reads no more', async () => {
    const assign = async (a: ActorKey | null) => {
      const res = await t.request(actors.tom, {
        method: 'PUT',
        url: `/api/reports/${ids.r1}/assignee`,
        payload: { assigneeId: a ? actors[a].userId : null },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await assign('tess');
    await checkMatrix('r1 assigned to tess');
    await removeFromGroup('T1', 'tess');
    await checkMatrix('tess (the assignee) removed from the team');
    await addToGroup('T1', 'tess');
    await assign('tom');
    await removeFromGroup('T1', 'tess');
    await checkMatrix('r1 reassigned to tom, then tess removed from the team');
  });

  it("follows the product's role groups: incident managers removed, the team moved, new reports too", async () => {
    await adminCall('PATCH', `/api/products/${productIds.P}`, { incidentManagerGroupId: null });
    model.products.P.im = null;
    await checkMatrix('product P without incident managers');
    await adminCall('PATCH', `/api/products/${productIds.P}`, { teamGroupId: groupIds.T2 });
    model.products.P.team = 'T2';
    await checkMatrix('product P moved to team two');
    const r4 = await t.request(actors.carol, {
      method: 'POST',
      url: '/api/reports',
      payload: submission(productIds.P, { title: 'Delta disclosure' }),
    });
    expect(r4.statusCode, r4.body).toBe(201);
    ids.r4 = r4.json().id;
    await t.buildInbox();
    model.reports.r4 = { product: 'P', members: { carol: 'reporter' }, link: false };
    await checkMatrix('a new report of product P');
    await adminCall('PATCH', `/api/products/${productIds.P}`, { teamGroupId: groupIds.T1, incidentManagerGroupId: groupIds.I1 });
    model.products.P = { team: 'T1', im: 'I1' };
    await checkMatrix('product P back to team one with its incident managers');
  });

  it('report members: a collaborator and a co-reporter lose access when removed', async () => {
    const tom = actors.tom;
    let res = await t.request(tom, {
      method: 'POST',
      url: `/api/reports/${ids.r1}/members`,
      payload: { username: 'vera-ot', role: 'collaborator' },
    });
    expect(res.statusCode, res.body).toBe(200);
    model.reports.r1!.members.vera = 'collaborator';
    await checkMatrix('vera a collaborator on r1');
    res = await t.request(actors.alice, { method: 'POST', url: `/api/reports/${ids.r1}/invitations`, payload: { username: 'carol-ot' } });
    expect(res.statusCode, res.body).toBe(200);
    await checkMatrix('carol invited to r1 (not yet accepted)');
    const mine = await t.request(actors.carol, { url: '/api/me/invitations' });
    const invitation = (mine.json().items as { id: number; reportId: number }[]).find((i) => i.reportId === ids.r1)!;
    res = await t.request(actors.carol, { method: 'POST', url: `/api/me/invitations/${invitation.id}/accept` });
    expect(res.statusCode, res.body).toBe(200);
    model.reports.r1!.members.carol = 'co_reporter';
    await checkMatrix('carol accepted: co-reporter of r1');
    for (const who of ['vera', 'carol'] as const) {
      res = await t.request(tom, { method: 'DELETE', url: `/api/reports/${ids.r1}/members/${actors[who].userId}` });
      expect(res.statusCode, res.body).toBe(200);
      const { [who]: _removed, ...others } = model.reports.r1!.members;
      model.reports.r1!.members = others;
    }
    await checkMatrix('vera and carol removed from r1');
  });

  it('a secret link: its guest may not invite anyone, and revoking every link ends its access', async () => {
    const asGuest = await t.request(anonymous, {
      method: 'POST',
      url: `/api/reports/${ids.r2}/invitations`,
      payload: { username: 'carol-ot' },
      headers: headersOf('guest'),
    });
    expect(asGuest.statusCode).toBe(403);
    expect(asGuest.json().error.id).toBe('forbidden_reporter');
    // A signed-in user presenting the link is a guest too: no membership for themselves or anyone.
    const signedInGuest = await t.request(actors.outsider, {
      method: 'POST',
      url: `/api/reports/${ids.r2}/invitations`,
      payload: { username: 'outsider-ot' },
      headers: headersOf('guest'),
    });
    expect(signedInGuest.statusCode).toBe(403);
    const direct = await t.request(actors.outsider, {
      method: 'POST',
      url: `/api/reports/${ids.r2}/members`,
      payload: { username: 'outsider-ot', role: 'co_reporter' },
      headers: headersOf('guest'),
    });
    expect(direct.statusCode).toBe(403);
    await checkMatrix('the guest tried to invite');
    const revoked = await t.request(actors.tom, { method: 'DELETE', url: `/api/reports/${ids.r2}/links` });
    expect(revoked.statusCode, revoked.body).toBe(200);
    model.reports.r2!.link = false;
    await checkMatrix('every link of r2 revoked');
  });

  it('account state: administrator rights and a disabled account', async () => {
    await adminCall('POST', '/api/groups/3/members/users', { userId: actors.root.userId });
    // Gaining administrator rights ends the user's sessions; sign in again.
    actors.root = await t.signIn('root-ot');
    model.admins.add('root');
    await checkMatrix('root made an administrator');
    await adminCall('DELETE', `/api/groups/3/members/users/${actors.root.userId}`);
    model.admins.delete('root');
    await checkMatrix('root no longer an administrator');
    await adminCall('PATCH', `/api/users/${actors.nora.userId}`, { disabled: true });
    model.disabled.add('nora');
    await checkMatrix('nora disabled');
    await adminCall('PATCH', `/api/users/${actors.nora.userId}`, { disabled: false });
    model.disabled.delete('nora');
    actors.nora = await t.signIn('nora-ot', TEST_PASSWORD);
    await checkMatrix('nora enabled again and signed in');
  });
});
