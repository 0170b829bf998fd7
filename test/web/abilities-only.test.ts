// The web reads only abilities (issue 11, item 2): what the signed-in user may do comes from the server's
// `abilities` (GET /api/session for the installation, each report, member, user, group and product for
// itself), never from the viewer's administrator flag or the old per-report flags, and never from a
// report's state. A grep over web/src; the planted strings below show that each rule bites.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });

interface Rule {
  id: string;
  pattern: RegExp;
}

const RULES: Rule[] = [
  { id: 'administrator flag', pattern: /\bis_?admin\b/i },
  { id: 'old report flags', pattern: /\bmay(Triage|Invite)\b/ },
  // A report's state decides nothing the UI offers: abilities.attach, .withdraw, .transition do.
  { id: 'finished state', pattern: /\bisFinished\b|\bFINISHED\b/ },
  { id: 'state compared', pattern: /\.state\s*[!=]==?\s*['"]/ },
  { id: 'a may-prop from the state', pattern: /\bmay[A-Z]\w*=\{[^}]*\b(finished|state)\b/ },
  { id: 'reporter not removable', pattern: /\brole\s*!==?\s*['"]reporter['"]/ },
];

/**
 * Known uses that are not permissions, each pinned to the exact code line (a changed line fails, so does a new
 * one). The account's own administrator flag is data an administrator sees and sets on the user pages (its
 * role column, the create form's checkbox, "administrators always may use the staff console"); the finished
 * states only decide whether "(n days left)" or "Not acknowledged" is shown.
 */
const ALLOWED: Record<string, string[]> = {
  'web/src/api.ts': ['isAdmin?: boolean;'],
  'web/src/features/admin/users/UsersPage.tsx': ["{u.isAdmin ? 'Administrator' : 'User'}"],
  'web/src/features/admin/users/UserDetailPage.tsx': ["<dd>{user.isAdmin ? 'Administrator' : 'User'}</dd>"],
  'web/src/features/admin/users/UserCreateForm.tsx': [
    "const FIELDS = ['username', 'displayName', 'email', 'password', 'isAdmin'] as const;",
    'const [isAdmin, setIsAdmin] = useState(false);',
    'isAdmin,',
    '<CheckboxField label="Administrator" name="isAdmin" checked={isAdmin} onChange={setIsAdmin} error={fields.isAdmin} />',
  ],
  'web/src/features/admin/users/SignInPolicyForm.tsx': [
    'checked={user.isAdmin || staffConsole}',
    'disabled={user.isAdmin}',
    '{user.isAdmin ? <p className="hint">Administrators always may use the staff console.</p> : null}',
  ],
  'web/src/features/reporter/MyReportsPage.tsx': [
    "import { isFinished } from '../../../../src/shared/report-states.ts';",
    '{isFinished(r.state) ? null : <span className="muted"> ({daysLeftText(r.daysLeft)})</span>}',
  ],
  'web/src/features/reporter/ReportFacts.tsx': [
    "import { isFinished } from '../../../../src/shared/report-states.ts';",
    'const finished = isFinished(report.state);',
  ],
  'web/src/features/triage/ReportsInboxPage.tsx': [
    "import { isFinished } from '../../../../src/shared/report-states.ts';",
    'const waiting = !r.acknowledgedAt && !isFinished(r.state);',
  ],
};

/** The offending lines of the given files (comments are skipped). */
function violations(files: { file: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    const allowed = ALLOWED[file] ?? [];
    text.split('\n').forEach((raw, index) => {
      const line = raw.trim();
      if (line.startsWith('//') || line.startsWith('*') || line.startsWith('/*')) return;
      for (const rule of RULES) {
        if (rule.pattern.test(line) && !allowed.includes(line)) found.push(`${file}:${index + 1} (${rule.id}): ${line}`);
      }
    });
  }
  return found;
}

describe('the web reads only abilities', () => {
  const files = walk(path.join(ROOT, 'web', 'src')).map((full) => ({
    file: path.relative(ROOT, full).split(path.sep).join('/'),
    text: readFileSync(full, 'utf8'),
  }));

  it('web/src has no administrator flag, old report flag or state-derived permission', () => {
    expect(violations(files)).toEqual([]);
  });

  it('every allowed line still exists (the list does not outlive the code)', () => {
    const lines = new Map(files.map((f) => [f.file, new Set(f.text.split('\n').map((l) => l.trim()))]));
    const stale = Object.entries(ALLOWED).flatMap(([file, allowed]) =>
      allowed.filter((l) => !lines.get(file)?.has(l)).map((l) => `${file}: ${l}`),
    );
    expect(stale).toEqual([]);
  });

  describe('test of the test: each planted string is found', () => {
    const planted: [string, string][] = [
      ['administrator flag', '{user?.isAdmin ? <AdminLink /> : null}'],
      ['administrator flag', 'const admin = row.is_admin;'],
      ['old report flags', 'const editable = report.viewer.mayTriage;'],
      ['old report flags', '{report.viewer.mayInvite ? <InviteForm /> : null}'],
      ['finished state', 'const finished = isFinished(current.state);'],
      ['finished state', '{FINISHED.includes(r.state) ? null : <WithdrawSection />}'],
      ['state compared', "{report.state !== 'closed' ? <AttachForm /> : null}"],
      ['a may-prop from the state', '<ReportAttachments mayAttach={!finished} />'],
      ['reporter not removable', "{editable && m.role !== 'reporter' ? <RemoveButton /> : null}"],
    ];
    it.each(planted)('%s: %s', (rule, code) => {
      const found = violations([
        { file: 'web/src/features/planted/Planted.tsx', text: `// a comment naming isAdmin is fine\n  ${code}\n` },
      ]);
      expect(found.some((v) => v.includes(`(${rule})`) && v.startsWith('web/src/features/planted/Planted.tsx:2 '))).toBe(true);
    });

    it('an allowed line is allowed only in its own file', () => {
      const line = "{u.isAdmin ? 'Administrator' : 'User'}";
      expect(violations([{ file: 'web/src/features/admin/users/UsersPage.tsx', text: line }])).toEqual([]);
      expect(violations([{ file: 'web/src/shell/NavBar.tsx', text: line }])).toHaveLength(1);
    });

    it('the abilities themselves pass', () => {
      const code = [
        '{report.abilities.withdraw ? <WithdrawSection /> : null}',
        '<ReportAttachments mayAttach={abilities.attach} />',
        '{m.abilities.remove ? <RemoveButton /> : null}',
      ];
      expect(violations([{ file: 'web/src/features/planted/Planted.tsx', text: code.join('\n') }])).toEqual([]);
    });
  });
});
