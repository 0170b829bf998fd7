// The installation policy, table-driven: who may do what with settings, logs, outbox, canned responses, the
// CVE pool and the administration of users, groups and products.
import { describe, expect, it } from 'vitest';
import { anonymousSession, userSession } from '../../src/access/session.ts';
import { AppError } from '../../src/errors/catalog.ts';
import {
  abilities,
  authorize,
  can,
  INSTALLATION_ACTIONS,
  installationFacts,
  type InstallationAction,
  type InstallationFacts,
} from '../../src/domain/installation/policy.ts';

const visitor = installationFacts(anonymousSession('10.0.0.1'));
const reporter = installationFacts(userSession({ id: 5, username: 'rita', isAdmin: false }, '10.0.0.1'), { productTeam: false });
const teamMember = installationFacts(userSession({ id: 6, username: 'tom', isAdmin: false }, '10.0.0.1'), { productTeam: true });
/** A team member checked without loading the team fact: team actions are refused, never granted. */
const teamUnloaded = installationFacts(userSession({ id: 6, username: 'tom', isAdmin: false }, '10.0.0.1'));
const admin = installationFacts(userSession({ id: 1, username: 'ada', isAdmin: true }, '10.0.0.1'));

const TEAM: InstallationAction[] = ['triage', 'useCannedResponses'];

function refusalOf(f: InstallationFacts, a: InstallationAction): string | undefined {
  try {
    authorize(f, a);
    return undefined;
  } catch (err) {
    return (err as AppError).id;
  }
}

describe('installation policy', () => {
  const cases: [string, InstallationFacts, (a: InstallationAction) => boolean, (a: InstallationAction) => string | undefined][] = [
    ['a visitor', visitor, () => false, () => 'unauthenticated'],
    ['a reporter', reporter, () => false, (a) => (TEAM.includes(a) ? 'forbidden_team' : 'forbidden_admin')],
    ['a product team member', teamMember, (a) => TEAM.includes(a), (a) => (TEAM.includes(a) ? undefined : 'forbidden_admin')],
    [
      'a team member whose team fact is not loaded',
      teamUnloaded,
      () => false,
      (a) => (TEAM.includes(a) ? 'forbidden_team' : 'forbidden_admin'),
    ],
    ['an administrator', admin, () => true, () => undefined],
  ];
  for (const [who, facts, expected, refusal] of cases) {
    it.each(INSTALLATION_ACTIONS.map((a) => [a]))(`${who}: %s`, (action) => {
      expect(can(facts, action)).toBe(expected(action));
      expect(refusalOf(facts, action)).toBe(refusal(action));
      expect(abilities(facts)[action]).toBe(expected(action));
    });
  }
});
