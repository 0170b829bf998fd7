// The report policy, table-driven: the viewer's facts from its standing (one rule for list and page), and
// what each kind of viewer may do with an open and a finished report.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/catalog.ts';
import {
  abilities,
  authorize,
  authorizeMember,
  can,
  canMember,
  REPORT_ACTIONS,
  transitionsFor,
  viewerFrom,
  type ReportAction,
  type ReportViewer,
} from '../../src/domain/reports/policy.ts';
import type { ReportState } from '../../src/domain/reports/states.ts';

const none = { role: undefined, inEditGroup: false, inPublishGroup: false };
const actor = { unrestricted: false, grants: undefined };

const viewers: Record<string, ReportViewer> = {
  admin: viewerFrom({ unrestricted: true, grants: undefined }, 1, none),
  team: viewerFrom(actor, 1, { ...none, inEditGroup: true }),
  publisher: viewerFrom(actor, 1, { ...none, inEditGroup: true, inPublishGroup: true }),
  collaborator: viewerFrom(actor, 1, { ...none, role: 'collaborator' }),
  reporter: viewerFrom(actor, 1, { ...none, role: 'reporter' }),
  coReporter: viewerFrom(actor, 1, { ...none, role: 'co_reporter' }),
  guest: viewerFrom({ unrestricted: false, grants: [{ reportId: 1, groupId: 99 }] }, 1, none),
  /** Reads the report (e.g. a public one) with no standing on it. */
  reader: viewerFrom(actor, 1, none),
};

// Expected abilities for each viewer: on an open report (new) / on a finished one (closed). 'x' = both.
const T = true;
const F = false;
type Row = Partial<Record<ReportAction, [boolean, boolean]>>;
const teamRow: Row = {
  read: [T, T],
  readInternal: [T, T],
  comment: [T, T],
  commentInternal: [T, T],
  triage: [T, T],
  transition: [T, T],
  assign: [T, T],
  score: [T, T],
  publish: [F, F],
  attach: [T, T],
  attachInternal: [T, T],
  invite: [T, T],
  manageMembers: [T, T],
  createLink: [T, T],
  revokeLinks: [T, T],
  withdraw: [F, F],
};
const reporterRow: Row = {
  read: [T, T],
  readInternal: [F, F],
  comment: [T, T],
  commentInternal: [F, F],
  triage: [F, F],
  transition: [F, F],
  assign: [F, F],
  score: [F, F],
  publish: [F, F],
  attach: [T, F],
  attachInternal: [F, F],
  invite: [T, T],
  manageMembers: [F, F],
  createLink: [T, T],
  revokeLinks: [T, T],
  withdraw: [T, F],
};
const EXPECTED: Record<string, Row> = {
  admin: { ...teamRow, publish: [T, T] },
  team: teamRow,
  publisher: { ...teamRow, publish: [T, T] },
  collaborator: {
    ...teamRow,
    triage: [F, F],
    transition: [F, F],
    assign: [F, F],
    score: [F, F],
    invite: [F, F],
    manageMembers: [F, F],
    createLink: [F, F],
    revokeLinks: [F, F],
  },
  reporter: reporterRow,
  coReporter: reporterRow,
  guest: { ...reporterRow, invite: [F, F] },
  reader: { ...reporterRow, comment: [F, F], attach: [F, F], invite: [F, F], createLink: [F, F], revokeLinks: [F, F], withdraw: [F, F] },
};

function refusal(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as AppError).id;
  }
}

describe('report policy', () => {
  it('derives the side from the standing, the same for every caller', () => {
    expect(viewers.team).toEqual({ side: 'team', role: undefined, mayTriage: true, mayPublish: false });
    expect(viewers.collaborator).toEqual({ side: 'team', role: 'collaborator', mayTriage: false, mayPublish: false });
    expect(viewers.reporter).toEqual({ side: 'reporter', role: 'reporter', mayTriage: false, mayPublish: false });
    expect(viewers.guest).toEqual({ side: 'reporter', role: 'guest', mayTriage: false, mayPublish: false });
    // A link for another report grants nothing here.
    expect(viewerFrom({ unrestricted: false, grants: [{ reportId: 2, groupId: 99 }] }, 1, none).role).toBeUndefined();
  });

  for (const [name, viewer] of Object.entries(viewers)) {
    it.each(REPORT_ACTIONS.map((a) => [a]))(`${name}: %s`, (action) => {
      const [open, done] = EXPECTED[name]![action]!;
      const states: [ReportState, boolean][] = [
        ['new', open],
        ['closed', done],
      ];
      for (const [state, allowed] of states) {
        const report = { state };
        expect(can(viewer, action, report), state).toBe(allowed);
        expect(abilities(viewer, report)[action]).toBe(allowed);
        const error = refusal(() => authorize(viewer, action, report));
        if (allowed) expect(error).toBeUndefined();
        else expect(error, state).toMatch(/^(forbidden_triage|forbidden_reporter|forbidden_publish|report_finished|illegal_transition)$/);
      }
    });
  }

  it('refuses with typed errors: a finished report takes no reporter attachments, a finished one cannot be withdrawn', () => {
    expect(refusal(() => authorize(viewers.reporter!, 'attach', { state: 'closed' }))).toBe('report_finished');
    expect(refusal(() => authorize(viewers.reporter!, 'attach', { state: 'withdrawn' }))).toBe('report_finished');
    expect(refusal(() => authorize(viewers.reader!, 'attach', { state: 'new' }))).toBe('forbidden_reporter');
    expect(refusal(() => authorize(viewers.reporter!, 'withdraw', { state: 'disclosed' }))).toBe('illegal_transition');
    expect(refusal(() => authorize(viewers.collaborator!, 'triage', { state: 'new' }))).toBe('forbidden_triage');
    expect(refusal(() => authorize(viewers.team!, 'publish', { state: 'new' }))).toBe('forbidden_publish');
  });

  it('transitions: none for a withdrawn report, none for those who may not triage', () => {
    expect(transitionsFor(viewers.team!, { state: 'new' })).toContain('triaged');
    expect(transitionsFor(viewers.team!, { state: 'withdrawn' })).toEqual([]);
    expect(can(viewers.team!, 'transition', { state: 'withdrawn' })).toBe(false);
    expect(transitionsFor(viewers.collaborator!, { state: 'new' })).toEqual([]);
  });

  it.each([
    ['team', 'reporter', false, 'reporter_not_removable'],
    ['team', 'co_reporter', true, undefined],
    ['team', 'collaborator', true, undefined],
    ['admin', 'reporter', false, 'reporter_not_removable'],
    ['collaborator', 'co_reporter', false, 'forbidden_triage'],
    ['reporter', 'co_reporter', false, 'forbidden_triage'],
  ] as const)('%s removing a %s: %s', (who, role, allowed, error) => {
    expect(canMember(viewers[who]!, 'remove', { role })).toBe(allowed);
    expect(refusal(() => authorizeMember(viewers[who]!, 'remove', { role }))).toBe(error);
  });
});
