// The population of the access-control benchmark: how many objects, users and groups, how the team groups
// nest, which team owns which share of the objects, and the three users whose reads are measured.
//
// Team groups form a forest of 8 levels (2,000 groups; level sizes below). A child team is a member of its
// parent team, so a member of a level-8 team is (indirectly) a member of its 7 ancestors too.
// Every object (a page) has a participants group of its own (kind 'object') as its read group, with the
// object's product team nested inside: the participants group's members are the object's reporter and,
// through nesting, the product team, its sub-teams at any depth... A member of team X can therefore read
// every object whose product team is X or one of X's ancestors.

export type Scale = 'small' | 'full';

export interface ScaleSpec {
  objects: number;
  users: number;
}

export const SCALES: Record<Scale, ScaleSpec> = {
  full: { objects: 1_000_000, users: 10_000 },
  small: { objects: 10_000, users: 10_000 },
};

/** Sizes of the 8 levels of the team forest (level 1 = roots). 2,000 teams in all. */
export const TEAM_LEVELS = [4, 8, 16, 32, 64, 128, 256, 1492] as const;
export const TEAM_BASE_ID = 1000;
/** Participants group of object n has id PARTICIPANTS_BASE_ID + n (above every team id). */
export const PARTICIPANTS_BASE_ID = 10_000;
export const PAGE = 'page';

export interface Team {
  id: number;
  level: number;
  parentId: number | undefined;
}

export function teamForest(): Team[] {
  const teams: Team[] = [];
  let offset = 0;
  let previousOffset = 0;
  TEAM_LEVELS.forEach((size, l) => {
    for (let j = 0; j < size; j++) {
      const parentIndex = l === 0 ? undefined : Math.floor((j * TEAM_LEVELS[l - 1]!) / size);
      teams.push({
        id: TEAM_BASE_ID + offset + j,
        level: l + 1,
        parentId: parentIndex === undefined ? undefined : TEAM_BASE_ID + previousOffset + parentIndex,
      });
    }
    previousOffset = offset;
    offset += size;
  });
  return teams;
}

/** A team and its ancestors, nearest first: [team, parent, grandparent, ...]. */
export function chainOf(teams: Team[], id: number): number[] {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const chain: number[] = [];
  for (let t = byId.get(id); t; t = t.parentId === undefined ? undefined : byId.get(t.parentId)) chain.push(t.id);
  return chain;
}

const LEAF_OFFSET = TEAM_LEVELS.slice(0, 7).reduce((a, b) => a + b, 0); // 508 teams above the leaves

/** The large team: the first leaf. Its chain owns about half of the objects. */
export const LARGE_TEAM_ID = TEAM_BASE_ID + LEAF_OFFSET;
/** The measured team: the last leaf (in another root's subtree). Its chain owns about 2.5% of the objects. */
export const TEAM_ID = TEAM_BASE_ID + LEAF_OFFSET + TEAM_LEVELS[7] - 1;
export const LEAF_COUNT = TEAM_LEVELS[7];
export const NON_LEAF_COUNT = LEAF_OFFSET;

/**
 * Shares of the objects (in 1/10,000) owned by a team of the large team's chain and of the measured team's
 * chain, by distance from the leaf (0 = the leaf itself). Everything else goes to a hashed team: a leaf for
 * 80% of those objects, a team of levels 1–7 for the other 20%.
 */
export const LARGE_CHAIN_SHARES: ReadonlyArray<readonly [distance: number, share: number]> = [
  [0, 4000],
  [1, 500],
  [2, 300],
  [3, 200],
];
export const TEAM_CHAIN_SHARES: ReadonlyArray<readonly [distance: number, share: number]> = [
  [0, 150],
  [1, 50],
  [2, 30],
  [4, 20],
];

/** Words searched for, by how many objects contain them. Filler words never include them. */
export const TERMS = {
  frequent: 'crash', // ~30% of objects
  medium: 'heap', // ~1%
  rare: 'kerberos', // ~0.01%; half of those objects also have each of the other two words
} as const;

export const FILLER_WORDS = [
  'buffer',
  'overflow',
  'parser',
  'token',
  'session',
  'cookie',
  'login',
  'upload',
  'image',
  'render',
  'request',
  'header',
  'redirect',
  'cache',
  'proxy',
  'socket',
  'timeout',
  'memory',
  'thread',
  'lock',
  'queue',
  'worker',
  'schema',
  'query',
  'index',
  'cursor',
  'export',
  'import',
  'archive',
  'backup',
  'restore',
  'config',
  'plugin',
  'module',
  'kernel',
  'driver',
  'firmware',
  'update',
  'signature',
  'hash',
  'cipher',
  'random',
  'entropy',
  'certificate',
  'chain',
  'revocation',
  'domain',
  'address',
  'route',
  'packet',
  'frame',
  'stream',
  'codec',
  'font',
  'script',
  'style',
  'template',
  'layout',
  'widget',
  'button',
  'form',
  'field',
  'input',
  'output',
  'encoding',
  'unicode',
  'escape',
  'filter',
  'sanitizer',
  'validator',
  'permission',
  'role',
  'grant',
  'policy',
  'audit',
  'event',
  'trigger',
  'handler',
  'callback',
  'promise',
  'regex',
  'pattern',
  'match',
  'search',
  'report',
  'advisory',
  'patch',
  'release',
  'version',
  'branch',
  'commit',
  'merge',
  'build',
  'deploy',
  'container',
  'sandbox',
  'volume',
  'mount',
  'path',
  'traversal',
] as const;

/** The measured users (ids at the end of the user range) and the administrator. */
export interface BenchUsers {
  admin: number;
  reporter: number;
  team: number;
  large: number;
}

export function benchUsers(spec: ScaleSpec): BenchUsers {
  return { admin: spec.users - 3, reporter: spec.users - 2, team: spec.users - 1, large: spec.users };
}

/** Users 1..ordinaryUsers are ordinary members: each in one team, and the reporter of many objects. */
export function ordinaryUsers(spec: ScaleSpec): number {
  return spec.users - 4;
}

/** The reporter is a direct member of the participants groups of these objects (spread over time). */
export function reporterObjects(spec: ScaleSpec): number[] {
  return Array.from({ length: 10 }, (_, k) => Math.max(1, Math.round(((k + 0.5) * spec.objects) / 10)));
}

export const DENSITIES = ['reporter', 'team', 'large'] as const;
export type Density = (typeof DENSITIES)[number];

export const DENSITY_LABEL: Record<Density, string> = {
  reporter: 'reporter: direct member of 10 participants groups (reads ~10 objects)',
  team: 'team member: member of a depth-8 team whose chain owns ~2.5% of the objects',
  large: 'large-team member: member of a depth-8 team whose chain owns ~half of the objects',
};
