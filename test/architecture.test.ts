// Structural rules of the code base, checked on the TypeScript syntax tree:
// 1. Every exported function that takes a database handle (Queryable, Tx, Database) takes the acting
//    Session as its FIRST parameter — so no data access can be written without a session. A command takes
//    the ChangeContext (src/domain/change.ts: session, transaction, time) first instead, never later; a read of an
//    object's child rows takes the object's Readable proof first (src/access/readable.ts). Exceptions:
//    the INFRASTRUCTURE below the session layer, each module named with its reason, whose exported functions take
//    a session only when they use it (the few still waiting for callers are named in WAITING_FOR_CALLERS); and
//    reading the installation's settings to apply them (SESSIONLESS_READS).
// 2. No HTTP module imports the System session.
// 3. Routes contain no SQL and import no repository.
// 4. Administrator checks live only in policy files: outside them no call of assertAdministrator or
//    isUnrestricted, and no isAdmin / is_admin flag read as a condition. Everything else asks a policy
//    (authorize / can / abilities of src/domain/*/policy.ts).
// 5. SQL (sql`…` tags, rawQuery, exec of a statement) is written only in repositories and src/db, and in the
//    few data-layer homes named in SQL_HOMES with their reason.
// 6. No new `as unknown as` casts: the ones there are, each explained where it stands, are counted per file.
// 7. No exported function in src/ has a parameter `_s` (a session it does not use), beyond the per-file budget
//    of the files that still have them (UNUSED_SESSION_BUDGET): the counts match exactly, so it only shrinks.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/paths.ts';

const SRC = path.join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

// Infrastructure below the session layer (rule 1), by file or folder (ending in /), with the reason: what these
// modules hold is nobody's securable data, so their exported functions take a database handle without a session,
// and take a session only when they use it (its IP or kind, an audit event, an authorization).
const INFRASTRUCTURE: Record<string, string> = {
  'src/db/': 'the database adapters, the migrator and readiness',
  'src/jobs/': "the job queue adapter and the server's timers",
  'src/access/read-keys-repository.ts': 'derived access data (group closure, read keys), kept by repositories in their transactions',
  'src/domain/objects/planner-statistics.ts': "the planner's statistics of `objects` (estimates, no rows; read by the objects repository)",
  'src/cli/backup.ts': 'whole-database backup and restore',
  'src/cli/serve.ts': 'the server process: it receives the database start.ts opened and makes the System session of each job',
  'src/auth/session-store.ts': 'the sessions table: looking a cookie up is how a request gets its session',
  'src/auth/api-token-repository.ts': 'API tokens: looking one up is how a request gets its session (services check who manages them)',
  'src/auth/throttle-repository.ts': 'sign-in throttling (IP windows and blocks, account failures and locks), before anyone is signed in',
  'src/auth/known-device-repository.ts': 'the device cookies of sign-in throttling',
  'src/auth/account-repository.ts': 'account-security fields of users; the account and user services decide who may change them',
  'src/auth/mfa-repository.ts': "second factors' secrets and recovery codes; the account services decide whose",
  'src/auth/email-token-repository.ts': 'single-use mailed links (verification, reset, invitation), stored hashed',
  'src/auth/recovery-limit-repository.ts': 'limits on password-reset requests and on codes given with a reset link',
  'src/auth/second-factor.ts': "a sign-in's second-factor step: a code checked against the account before a signed-in session exists",
  'src/intake/challenge-repository.ts': "the report form's proof-of-work challenges",
  'src/intake/rate-limit-repository.ts': "the report intake's rate-limit counts and their sweep",
  'src/intake/admission.ts': 'a submission admitted against the rate limits (the session says only who is counted)',
  'src/intake/proof-of-work.ts': 'proof-of-work challenges issued and checked',
  'src/mail/mailer.ts': 'mail jobs: queued with ids only, built by the System session when they run',
  'src/domain/users/registration-repository.ts': 'self-registration requests, made before there is an account',
};
const isInfrastructure = (rel: string) => Object.keys(INFRASTRUCTURE).some((e) => rel.startsWith(e));

// Exported functions of INFRASTRUCTURE modules that still take a session they do not use, until their callers
// (in code another change is rewriting now) stop passing one. An entry goes when its function drops the session.
const WAITING_FOR_CALLERS: Record<string, Record<string, string>> = {
  'src/intake/rate-limit-repository.ts': { lockSubmitters: 'called by src/domain/reports/intake-batcher.ts' },
  'src/intake/admission.ts': {
    rateLimitedError: 'called by src/domain/reports/intake-service.ts',
    sweepIntakeIfDue: 'called by src/domain/reports/intake-service.ts',
  },
};

const DB_TYPES = /\b(Queryable|Tx|Database)\b/;
const CHANGE_CONTEXT = /^ChangeContext\b/;
const SESSION_TYPE = /\bSession\b|Session$|^ChangeContext\b/;

/** Whether parameters of these types break rule 1: a database handle without the session (or change) first. */
function breaksSessionFirst(types: string[]): boolean {
  if (types.slice(1).some((t) => CHANGE_CONTEXT.test(t))) return true;
  if (!types.some((t) => DB_TYPES.test(t))) return false;
  const first = types[0] ?? '';
  // A read of an object's child rows takes the object as read through the session's filter instead
  // (src/access/readable.ts): the proof stands for the session that read it.
  if (/\bReadable(Id)?\b/.test(first)) return false;
  return !/\bSession\b|Session$/.test(first) && !CHANGE_CONTEXT.test(first);
}

// Exported functions that take a database handle and no session, by file. Reading a setting to apply it (the
// request session reading the security settings, the report form its limits) is no data access of any
// session, so it does not pretend to take one; writing a setting takes the session (src/settings/repository.ts).
const SESSIONLESS_READS: Record<string, readonly string[]> = {
  'src/settings/repository.ts': ['readSetting'],
};

interface ExportedFunction {
  name: string;
  params: ts.NodeArray<ts.ParameterDeclaration>;
  body: ts.Node | undefined;
  source: ts.SourceFile;
}

/** The exported functions of one source text: function declarations and consts holding a function. */
function exportedFunctionsIn(rel: string, text: string): ExportedFunction[] {
  const source = ts.createSourceFile(rel, text, ts.ScriptTarget.ES2022, true);
  const out: ExportedFunction[] = [];
  source.forEachChild((node) => {
    const exported = ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) return;
    if (ts.isFunctionDeclaration(node) && node.name) out.push({ name: node.name.text, params: node.parameters, body: node.body, source });
    if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) {
        if (d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) {
          out.push({ name: d.name.getText(source), params: d.initializer.parameters, body: d.initializer.body, source });
        }
      }
    }
  });
  return out;
}

interface Violation {
  file: string;
  name: string;
  first: string;
}

/** The exported functions of one file that take a database handle without taking a session first. */
function sessionFirstViolationsIn(rel: string, text: string): Violation[] {
  if (isInfrastructure(rel)) return [];
  const allowed = SESSIONLESS_READS[rel] ?? [];
  return exportedFunctionsIn(rel, text).flatMap(({ name, params, source }) => {
    const types = params.map((p) => p.type?.getText(source) ?? '');
    if (!breaksSessionFirst(types) || allowed.includes(name)) return [];
    return [{ file: rel, name, first: types[0] ?? '(none)' }];
  });
}

function sessionFirstViolations(): Violation[] {
  return files(SRC).flatMap((file) => sessionFirstViolationsIn(path.relative(ROOT, file), readFileSync(file, 'utf8')));
}

/** `function(param)` for each session (or change) parameter of an exported function that its body never names. */
function unusedSessionsIn(rel: string, text: string): string[] {
  return exportedFunctionsIn(rel, text).flatMap(({ name, params, body, source }) =>
    params
      .filter((p) => SESSION_TYPE.test(p.type?.getText(source) ?? ''))
      .filter((p) => {
        const param = p.name.getText(source);
        let named = false;
        const visit = (n: ts.Node) => {
          if (ts.isIdentifier(n) && n.text === param) named = true;
          else n.forEachChild(visit);
        };
        if (body) visit(body);
        return !named;
      })
      .map((p) => `${name}(${p.name.getText(source)})`),
  );
}

/** Rule 1 for INFRASTRUCTURE: the sessions its modules' exported functions take and never use, beyond those waiting. */
function infrastructureUnusedSessions(): string[] {
  return files(SRC)
    .map((f) => path.relative(ROOT, f))
    .filter(isInfrastructure)
    .flatMap((rel) => {
      const waiting = WAITING_FOR_CALLERS[rel] ?? {};
      return unusedSessionsIn(rel, readFileSync(path.join(ROOT, rel), 'utf8'))
        .filter((v) => !(v.slice(0, v.indexOf('(')) in waiting))
        .map((v) => `${rel}: ${v}`);
    });
}

// Rule 7: the files whose exported functions still have a parameter `_s` (a session they do not use), and how
// many. Lower a count (or drop the file) when a function stops taking the session it ignores; never raise one.
const UNUSED_SESSION_BUDGET: Record<string, number> = {
  'src/access/read-access.ts': 1,
  'src/domain/groups/repository.ts': 13,
  'src/domain/objects/repository.ts': 3,
  'src/domain/pages/repository.ts': 2,
  'src/domain/products/repository.ts': 17,
  'src/domain/reports/attachments-repository.ts': 1,
  'src/domain/reports/canned-repository.ts': 7,
  'src/domain/reports/cve-pool-repository.ts': 9,
  'src/domain/reports/inbox-repository.ts': 7,
  'src/domain/reports/invitations-repository.ts': 5,
  'src/domain/reports/links-repository.ts': 3,
  'src/domain/reports/members-repository.ts': 2,
  'src/domain/reports/notifications-repository.ts': 2,
  'src/domain/reports/recipients-repository.ts': 4,
  'src/domain/reports/report-versions-repository.ts': 3,
  'src/domain/reports/repository.ts': 3,
  'src/domain/reports/team-readers-repository.ts': 1,
  'src/domain/reports/timeline-repository.ts': 1,
  'src/domain/reports/timers-repository.ts': 5,
  'src/domain/users/repository.ts': 5,
  'src/intake/admission.ts': 2,
  'src/intake/rate-limit-repository.ts': 1,
};

/** How many exported functions of a source text have a parameter named `_s`. */
function underscoreSessionCount(rel: string, text: string): number {
  return exportedFunctionsIn(rel, text).filter(({ params }) => params.some((p) => ts.isIdentifier(p.name) && p.name.text === '_s')).length;
}

/** Files whose count differs from the budget: `file: n (budget m)`. */
function underscoreSessionsOffBudget(): string[] {
  const counts = new Map(
    files(SRC).map((f) => {
      const rel = path.relative(ROOT, f);
      return [rel, underscoreSessionCount(rel, readFileSync(f, 'utf8'))] as const;
    }),
  );
  const rels = new Set([...counts.keys(), ...Object.keys(UNUSED_SESSION_BUDGET)]);
  return [...rels].flatMap((rel) => {
    const n = counts.get(rel) ?? 0;
    const budget = UNUSED_SESSION_BUDGET[rel] ?? 0;
    return n === budget ? [] : [`${rel}: ${n} (budget ${budget})`];
  });
}

// Where administrator checks may be written: the policy files, and src/access/ which defines the session
// (what an administrator is) and the data layer's read filter (administrators read unfiltered).
const ADMIN_CHECK_HOMES = [/^src\/access\//, /(^|\/)policy\.ts$/];
const ADMIN_CALLS = new Set(['assertAdministrator', 'isUnrestricted']);
const ADMIN_FLAGS = new Set(['isAdmin', 'is_admin']);

/** True when `node` is read as a condition: if/while/ternary test, an operand of !, &&, || or a comparison. */
function isCondition(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isParenthesizedExpression(parent)) return isCondition(parent);
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent)) return parent.expression === node;
  if (ts.isConditionalExpression(parent)) return parent.condition === node;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  if (ts.isBinaryExpression(parent)) {
    return [
      ts.SyntaxKind.AmpersandAmpersandToken,
      ts.SyntaxKind.BarBarToken,
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
    ].includes(parent.operatorToken.kind);
  }
  return false;
}

/** Administrator checks in one source text: `name (line)` for each. */
function adminChecksIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const line = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ADMIN_CALLS.has(node.expression.text)) {
      found.push(`${node.expression.text}() (line ${line(node)})`);
    }
    if (ts.isPropertyAccessExpression(node) && ADMIN_FLAGS.has(node.name.text) && isCondition(node)) {
      found.push(`.${node.name.text} as a condition (line ${line(node)})`);
    }
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

function adminCheckViolations(): string[] {
  return files(SRC).flatMap((file) => {
    const rel = path.relative(ROOT, file);
    if (ADMIN_CHECK_HOMES.some((re) => re.test(rel))) return [];
    return adminChecksIn(rel, readFileSync(file, 'utf8')).map((v) => `${rel}: ${v}`);
  });
}

/** The module specifiers of repository modules a source text imports. */
function repositoryImportsIn(text: string): string[] {
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true);
  return source.statements
    .filter(ts.isImportDeclaration)
    .map((d) => (d.moduleSpecifier as ts.StringLiteral).text)
    .filter((spec) => /(^|[/-])repository\.ts$/.test(spec));
}

// Where SQL may be written besides *repository.ts files and src/db/ (rule 5), with the reason.
const SQL_HOMES: Record<string, string> = {
  'src/access/read-access.ts': 'the read filter itself, composed into every repository query',
  'src/auth/session-store.ts': 'the sessions table (the repository of the request-session layer)',
  'src/domain/audit/security-log.ts': 'the security log filters, composed into the audit repository query',
  'src/domain/objects/planner-statistics.ts': 'planner statistics of the objects table (no rows)',
  'src/cli/backup.ts': 'whole-database backup and restore',
  'src/jobs/queue.ts': 'the job queue adapter (pg-boss on the same database)',
};

const isSqlHome = (rel: string) => /(^|[/-])repository\.ts$/.test(rel) || rel.startsWith('src/db/') || rel in SQL_HOMES;

/** The lines of `text` that write SQL: a sql`…` tag, a rawQuery call, or exec(`…`) of a statement. */
function sqlLinesIn(text: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line)) return; // comments may talk about SQL
    if (/\bsql`|\.rawQuery\(|\.exec\(\s*`/.test(line)) lines.push(i + 1);
  });
  return lines;
}

function sqlOutsideHomes(): string[] {
  return files(SRC)
    .map((f) => path.relative(ROOT, f))
    .filter((rel) => !isSqlHome(rel))
    .flatMap((rel) => sqlLinesIn(readFileSync(path.join(ROOT, rel), 'utf8')).map((line) => `${rel}:${line}`));
}

// The `as unknown as` casts there are (rule 6), by file: each works around a library's typing and says so.
const AS_UNKNOWN_AS: Record<string, number> = {
  'src/http/validators.ts': 1,
  'src/http/app.ts': 1,
  'src/cvss/v4-tables.ts': 1,
  'src/domain/reports/submission.ts': 1,
  'web/src/features/reporter/pow/worker.ts': 1,
};

const asUnknownAsCount = (text: string) => (text.match(/\bas unknown as\b/g) ?? []).length;

function castsAboveBudget(): string[] {
  const webFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? webFiles(full) : /\.tsx?$/.test(name) ? [full] : [];
    });
  return [...files(SRC), ...webFiles(path.join(ROOT, 'web', 'src'))]
    .map((f) => path.relative(ROOT, f))
    .flatMap((rel) => {
      const n = asUnknownAsCount(readFileSync(path.join(ROOT, rel), 'utf8'));
      const allowed = AS_UNKNOWN_AS[rel] ?? 0;
      return n > allowed ? [`${rel}: ${n} (allowed ${allowed})`] : [];
    });
}

describe('architecture', () => {
  it('SQL is written only in repositories, src/db and the named data-layer homes', () => {
    expect(sqlOutsideHomes()).toEqual([]);
  });

  it('the rule above is really checked (planted SQL in a service or route is found; a repository may hold it)', () => {
    const planted =
      "const a = 1;\nawait db.query(sql`SELECT 1`);\n// sql`in a comment` is fine\nawait tx.exec(`DELETE FROM x`);\nawait db.rawQuery('SELECT 2');";
    expect(sqlLinesIn(planted)).toEqual([2, 4, 5]);
    expect(isSqlHome('src/domain/reports/service.ts')).toBe(false);
    expect(isSqlHome('src/http/routes/reports.ts')).toBe(false);
    expect(isSqlHome('src/domain/reports/list-repository.ts')).toBe(true);
    expect(isSqlHome('src/db/migrate.ts')).toBe(true);
    for (const home of Object.keys(SQL_HOMES))
      expect(sqlLinesIn(readFileSync(path.join(ROOT, home), 'utf8')).length, home).toBeGreaterThan(0);
  });

  it('no new `as unknown as` casts', () => {
    expect(castsAboveBudget()).toEqual([]);
  });

  it('the rule above is really checked (a planted cast is counted; the budget lists only files that have one)', () => {
    expect(asUnknownAsCount('const x = y as unknown as Z;\nconst w = v as unknown as Q;')).toBe(2);
    expect(asUnknownAsCount('const x = y as Z;')).toBe(0);
    for (const [rel, n] of Object.entries(AS_UNKNOWN_AS)) expect(asUnknownAsCount(readFileSync(path.join(ROOT, rel), 'utf8')), rel).toBe(n);
  });

  it('every exported data-access function takes the acting session first', () => {
    expect(sessionFirstViolations()).toEqual([]);
  });

  it('the rule above is really checked (a function without a session is found)', () => {
    const source = ts.createSourceFile('x.ts', 'export async function leak(q: Queryable, id: number) {}', ts.ScriptTarget.ES2022, true);
    const fn = source.statements[0] as ts.FunctionDeclaration;
    const types = fn.parameters.map((p) => p.type?.getText(source) ?? '');
    expect(breaksSessionFirst(types)).toBe(true);
    expect(breaksSessionFirst(['Session', 'Tx', 'number'])).toBe(false);
    expect(breaksSessionFirst(['ChangeContext', 'number'])).toBe(false);
    expect(breaksSessionFirst(['ReadableId', 'Queryable', 'boolean'])).toBe(false);
    expect(breaksSessionFirst(['readonly Readable<ObjectRow>[]', 'Queryable'])).toBe(false);
    expect(breaksSessionFirst(['number', 'Queryable'])).toBe(true);
    expect(breaksSessionFirst(['ChangeContext', 'Tx'])).toBe(false);
    expect(breaksSessionFirst(['number', 'ChangeContext'])).toBe(true);
    expect(breaksSessionFirst(['Session', 'ChangeDeps', '(ctx: ChangeContext) => Promise<T>'])).toBe(false);
    const leak = 'export async function leak(q: Queryable, id: number) {}';
    expect(sessionFirstViolationsIn('src/domain/things/repository.ts', leak)).toEqual([
      { file: 'src/domain/things/repository.ts', name: 'leak', first: 'Queryable' },
    ]);
    // The settings exception is that one function in that one file: not the same name elsewhere...
    const read = 'export async function readSetting(q: Queryable, kind: string) {}';
    expect(sessionFirstViolationsIn('src/settings/other.ts', read).map((v) => v.name)).toEqual(['readSetting']);
    expect(sessionFirstViolationsIn('src/domain/things/repository.ts', read).map((v) => v.name)).toEqual(['readSetting']);
    // ...nor another function of that file (a write without the session that authorizes it).
    const write = 'export const writeSetting = async (tx: Tx, kind: string, value: unknown) => {};';
    expect(sessionFirstViolationsIn('src/settings/repository.ts', write).map((v) => v.name)).toEqual(['writeSetting']);
    expect(sessionFirstViolationsIn('src/settings/repository.ts', read)).toEqual([]);
    // An infrastructure module is not held to it (it takes a session only when it uses one: the next rule).
    expect(sessionFirstViolationsIn('src/auth/session-store.ts', leak)).toEqual([]);
    expect(sessionFirstViolationsIn('src/db/other.ts', leak)).toEqual([]);
  });

  it('every exception names a function its file really exports (a rename does not leave a stale exception)', () => {
    for (const [file, names] of Object.entries(SESSIONLESS_READS)) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const name of names) expect(text, `${file} exports ${name}`).toMatch(new RegExp(`export (async )?function ${name}\\b`));
    }
  });

  it('infrastructure modules take no session they do not use', () => {
    expect(infrastructureUnusedSessions()).toEqual([]);
  });

  it('the rule above is really checked (a planted unused session is found; a used one is not)', () => {
    const planted = [
      'export async function ignores(_s: Session, q: Queryable) { return q; }',
      'export const named = async (s: UserSession, tx: Tx) => tx.query(sql`SELECT 1`);',
      'export function usesIp(s: Session, q: Queryable) { return q.query(sql`SELECT ${s.ip}`); }',
      'export const audits = async (s: Session, tx: Tx) => { await recordAudit(s, tx); };',
      'export function ctx(c: ChangeContext, id: number) { return id; }',
      'function notExported(_s: Session, q: Queryable) { return q; }',
    ].join('\n');
    expect(unusedSessionsIn('src/auth/session-store.ts', planted)).toEqual(['ignores(_s)', 'named(s)', 'ctx(c)']);
    expect(isInfrastructure('src/auth/session-store.ts')).toBe(true);
    expect(isInfrastructure('src/db/pglite.ts')).toBe(true);
    expect(isInfrastructure('src/auth/account-service.ts')).toBe(false);
    expect(isInfrastructure('src/domain/reports/repository.ts')).toBe(false);
  });

  it('every infrastructure entry names a module there is, and every waiting function still ignores its session', () => {
    for (const entry of Object.keys(INFRASTRUCTURE)) expect(existsSync(path.join(ROOT, entry)), entry).toBe(true);
    for (const [file, waiting] of Object.entries(WAITING_FOR_CALLERS)) {
      expect(isInfrastructure(file), file).toBe(true);
      const unused = unusedSessionsIn(file, readFileSync(path.join(ROOT, file), 'utf8')).map((v) => v.slice(0, v.indexOf('(')));
      for (const name of Object.keys(waiting)) expect(unused, `${file}: ${name} still takes a session it does not use`).toContain(name);
    }
  });

  it('no exported function takes `_s` (a session it does not use) beyond the budget', () => {
    expect(underscoreSessionsOffBudget()).toEqual([]);
  });

  it('the rule above is really checked (planted `_s` parameters are counted; the budget lists only files that have one)', () => {
    const planted = [
      'export async function a(_s: Session, q: Queryable) {}',
      'export const b = async (_s: SystemSession, tx: Tx, id: number) => id;',
      'export function c(q: Queryable, _s: Session) {}',
      'export async function d(s: Session, q: Queryable) { return s; }',
      'async function e(_s: Session, q: Queryable) {}',
    ].join('\n');
    expect(underscoreSessionCount('src/x.ts', planted)).toBe(3);
    for (const [rel, n] of Object.entries(UNUSED_SESSION_BUDGET)) {
      expect(n, rel).toBeGreaterThan(0);
      expect(underscoreSessionCount(rel, readFileSync(path.join(ROOT, rel), 'utf8')), rel).toBe(n);
    }
  });

  it('no HTTP module can act as the System user', () => {
    const offenders = files(path.join(SRC, 'http')).filter((f) => /access\/system(\.ts)?['"]/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('routes contain no SQL', () => {
    const offenders = files(path.join(SRC, 'http', 'routes')).filter((f) =>
      /\bsql`|\bSELECT\b|\bINSERT\b|\bUPDATE\b|\bDELETE FROM\b/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('routes import no repositories (validate, call a service, present)', () => {
    const offenders = files(path.join(SRC, 'http', 'routes')).flatMap((f) =>
      repositoryImportsIn(readFileSync(f, 'utf8')).map((spec) => `${path.relative(ROOT, f)}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the rule above is really checked (a planted repository import is found, a service import is not)', () => {
    expect(repositoryImportsIn("import { listAudit } from '../../domain/audit/repository.ts';")).toEqual([
      '../../domain/audit/repository.ts',
    ]);
    expect(repositoryImportsIn("import type { X } from '../../auth/known-device-repository.ts';")).toEqual([
      '../../auth/known-device-repository.ts',
    ]);
    expect(repositoryImportsIn("import type { Services } from '../../services.ts';")).toEqual([]);
  });

  it('administrator checks appear only in policy files', () => {
    expect(adminCheckViolations()).toEqual([]);
  });

  it('the rule above is really checked (planted administrator checks are found, policy calls are not)', () => {
    const planted = readFileSync(path.join(ROOT, 'test', 'fixtures', 'architecture', 'admin-check-violation.ts.txt'), 'utf8');
    expect(adminChecksIn('src/domain/reports/planted.ts', planted)).toEqual([
      'assertAdministrator() (line 5)',
      'isUnrestricted() (line 9)',
      '.isAdmin as a condition (line 13)',
      '.is_admin as a condition (line 17)',
      '.isAdmin as a condition (line 21)',
    ]);
    const allowed = "authorizeSession(s, 'manageSettings');\nconst row = { isAdmin: u.is_admin };\nif (can(f, 'manageUsers')) go();";
    expect(adminChecksIn('src/x.ts', allowed)).toEqual([]);
  });
});
