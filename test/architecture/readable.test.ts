// Read access as a type (src/access/readable.ts), checked on the TypeScript syntax tree:
// 1. Every exported data-layer function that reads rows of a securable table (an object, a report, or a row
//    that belongs to one) either applies the read filter itself — readableBy / accessKeysSql, directly or
//    through a function of its own file that does — or takes a `Readable<…>` proof of the object it reads
//    under, or takes the System session (SystemSession: only jobs can hold it, and System reads everything).
//    The few that do none of these are named in UNFILTERED with the reason.
// 2. `readable(...)`, which marks rows as read through the filter, is called only in functions that apply it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';

const SRC = path.join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Tables whose rows are securable: the object core, reports, pages, and the rows that belong to a report. */
export const SECURABLE_TABLES = [
  'objects',
  'reports',
  'pages',
  'report_events',
  'report_attachments',
  'report_members',
  'report_links',
  'report_versions',
  'report_invitations',
  'report_inbox',
  'notifications',
];
const READS_SECURABLE = new RegExp(`(?<!DELETE\\s+)\\b(FROM|JOIN)\\s+(${SECURABLE_TABLES.join('|')})\\b`, 'i');
const FILTER_PRIMITIVES = ['readableBy', 'accessKeysSql'];
const PROOF_TYPE = /\bReadable(Id)?\b/;
const SYSTEM_TYPE = /^SystemSession$/;

const ADMIN = 'administrators only: the service authorizes with the installation policy first';
// Functions that read securable rows with neither the filter nor a proof, and why that is right.
export const UNFILTERED: Record<string, Record<string, string>> = {
  'src/domain/groups/repository.ts': { groupUses: `what uses a group before it is deleted; ${ADMIN}` },
  'src/domain/products/repository.ts': { productReportCounts: 'a count per product, no report rows; products policy authorizes first' },
  'src/domain/reports/cve-pool-repository.ts': { listCvePool: ADMIN, cvesOnReports: ADMIN, findPoolEntry: ADMIN },
  'src/domain/reports/inbox-repository.ts': {
    takeInboxRow: 'the intake queue of accepted submissions, taken by id to build them (the report does not exist yet)',
    pendingIdsOf: "the reader's own waiting submissions: by their user id or the secret link they hold",
    linkIsPending: 'whether a presented secret link belongs to a submission still being built (the secret is the access)',
    inboxBacklog: ADMIN,
    failingInboxRows: ADMIN,
  },
  'src/domain/reports/invitations-repository.ts': {
    myInvitations: "the invitee's own invitations (invitee_user_id = the session's user)",
    myInvitationForAnswer: "the invitee's own invitation (invitee_user_id = the session's user)",
  },
  'src/domain/reports/links-repository.ts': { linkGrant: 'turns a presented secret link into the grant the read filter then uses' },
  'src/domain/reports/repository.ts': { teamSide: 'a WHERE fragment used inside the filtered finders, not a read' },
  'src/domain/reports/team-readers-repository.ts': {
    readsTeamSideReports: 'a yes/no for the second-factor rule about one user, no report rows',
  },
};

interface Fn {
  name: string;
  exported: boolean;
  params: string[];
  body: string;
  calls: Set<string>;
}

/** The functions of one source text, with their parameter types, SQL text (module fragments inlined) and calls. */
function functionsIn(rel: string, text: string): Fn[] {
  const source = ts.createSourceFile(rel, text, ts.ScriptTarget.ES2022, true);
  const fragments = new Map<string, string>();
  const out: Fn[] = [];
  const take = (name: string, exported: boolean, node: ts.SignatureDeclaration & { body?: ts.Node | undefined }) => {
    const calls = new Set<string>();
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) calls.add(n.expression.text);
      if (ts.isIdentifier(n)) calls.add(n.text);
      ts.forEachChild(n, visit);
    };
    if (node.body) visit(node.body);
    out.push({
      name,
      exported,
      params: node.parameters.map((p) => p.type?.getText(source) ?? ''),
      body: node.body?.getText(source) ?? '',
      calls,
    });
  };
  source.forEachChild((node) => {
    const exported = ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
    if (ts.isFunctionDeclaration(node) && node.name) take(node.name.text, exported, node);
    if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) {
        if (!d.initializer) continue;
        if (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
          take(d.name.getText(source), exported, d.initializer);
        else fragments.set(d.name.getText(source), d.initializer.getText(source));
      }
    }
  });
  // A function's SQL includes the module-level fragments it names (e.g. a shared FROM clause).
  for (const fn of out) for (const [name, fragment] of fragments) if (fn.calls.has(name)) fn.body += `\n${fragment}`;
  return out;
}

/** Names of the functions of a file that apply the read filter, directly or through another of its functions. */
function filteringFunctions(fns: Fn[]): Set<string> {
  const filtering = new Set(fns.filter((f) => FILTER_PRIMITIVES.some((p) => f.calls.has(p))).map((f) => f.name));
  for (let grew = true; grew;) {
    grew = false;
    for (const f of fns) {
      if (!filtering.has(f.name) && [...f.calls].some((c) => filtering.has(c))) {
        filtering.add(f.name);
        grew = true;
      }
    }
  }
  return filtering;
}

/** Rule 1 and 2 for one file: `name: problem` for each violation. */
export function readableViolationsIn(rel: string, text: string): string[] {
  const fns = functionsIn(rel, text);
  const filtering = filteringFunctions(fns);
  const allowed = UNFILTERED[rel] ?? {};
  const out: string[] = [];
  for (const f of fns) {
    const proven = f.params.some((p) => PROOF_TYPE.test(p)) || SYSTEM_TYPE.test(f.params[0] ?? '');
    if (f.exported && READS_SECURABLE.test(f.body) && !filtering.has(f.name) && !proven && !(f.name in allowed)) {
      out.push(`${rel} ${f.name}: reads a securable table without the read filter or a Readable proof`);
    }
    if (f.calls.has('readable') && /\breadable\(/.test(f.body) && !filtering.has(f.name)) {
      out.push(`${rel} ${f.name}: marks rows readable without applying the read filter`);
    }
  }
  return out;
}

const DATA_LAYER = (rel: string) => !rel.startsWith('src/db/') && !rel.startsWith('src/access/');

describe('read access as a type', () => {
  it('every data-layer read of a securable table applies the read filter or takes a Readable proof; readable() only where filtered', () => {
    const violations = files(SRC)
      .map((f) => path.relative(ROOT, f))
      .filter(DATA_LAYER)
      .flatMap((rel) => readableViolationsIn(rel, readFileSync(path.join(ROOT, rel), 'utf8')));
    expect(violations).toEqual([]);
  });

  it('the rule above is really checked (planted violations are found; filtered and proven reads pass)', () => {
    const file = 'src/domain/things/repository.ts';
    const leak =
      'export async function events(q: Queryable, reportId: number) { return q.query(sql`SELECT * FROM report_events WHERE report_id = ${reportId}`); }';
    expect(readableViolationsIn(file, leak)).toEqual([
      `${file} events: reads a securable table without the read filter or a Readable proof`,
    ]);
    // Through a shared fragment of the module.
    const fragment =
      'const from = sql`FROM reports r JOIN objects o ON o.id = r.object_id`;\nexport async function all(q: Queryable) { return q.query(sql`SELECT * ${from}`); }';
    expect(readableViolationsIn(file, fragment)).toHaveLength(1);
    const proven =
      'export async function events(report: ReadableId, q: Queryable) { return q.query(sql`SELECT * FROM report_events WHERE report_id = ${report.id}`); }';
    expect(readableViolationsIn(file, proven)).toEqual([]);
    const filtered =
      'function where(keys: AccessKeys) { return readableBy(keys); }\nexport async function find(s: Session, q: Queryable) { const k = await accessKeys(s, q); return readable(await q.query(sql`SELECT * FROM objects o WHERE ${where(k)}`)); }';
    expect(readableViolationsIn(file, filtered)).toEqual([]);
    const forged = 'export async function forge(q: Queryable) { return readable(await q.query(sql`SELECT * FROM users`)); }';
    expect(readableViolationsIn(file, forged)).toEqual([`${file} forge: marks rows readable without applying the read filter`]);
    // System reads everything; a plain Session does not count.
    expect(readableViolationsIn(file, leak.replace('q: Queryable', '_s: SystemSession, q: Queryable'))).toEqual([]);
    expect(readableViolationsIn(file, leak.replace('q: Queryable', '_s: Session, q: Queryable'))).toHaveLength(1);
    // A delete is a write, not a read.
    expect(
      readableViolationsIn(
        file,
        'export async function drop(tx: Tx, id: number) { await tx.query(sql`DELETE FROM report_members WHERE id = ${id}`); }',
      ),
    ).toEqual([]);
  });

  it('every exception names a function its file really exports', () => {
    for (const [file, names] of Object.entries(UNFILTERED)) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const name of Object.keys(names))
        expect(text, `${file} exports ${name}`).toMatch(new RegExp(`export (async )?function ${name}\\b`));
    }
  });
});
