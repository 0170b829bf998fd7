// The legality of a state change depends on its cause (src/domain/reports/commands/transition-report.ts): the
// team follows the lifecycle, the reporter's answer only resumes a needs-more-info report where it was, a
// withdrawal only withdraws an open report, the timer only closes a needs-more-info report as informative.
// An illegal move is refused before anything is written, so a change context without a database suffices.
import { describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import type { Tx } from '../../src/db/database.ts';
import type { ChangeContext } from '../../src/domain/change.ts';
import { transitionReport, type TransitionCause } from '../../src/domain/reports/commands/transition-report.ts';
import type { ReportRow } from '../../src/domain/reports/repository.ts';
import type { ReportState } from '../../src/domain/reports/states.ts';
import { AppError } from '../../src/errors/catalog.ts';

const noDatabase = new Proxy(
  {},
  {
    get: () => {
      throw new Error('the database was used');
    },
  },
) as Tx;
const ctx: ChangeContext = {
  session: systemSession('test'),
  tx: noDatabase,
  at: new Date('2026-03-01T10:00:00Z'),
  requestId: undefined,
  jobs: undefined,
};

const report = (state: ReportState, resume: ReportState | null = null) => ({ id: 1, state, resume_state: resume }) as ReportRow;

async function refusal(r: ReportRow, to: ReportState, cause: TransitionCause): Promise<string | undefined> {
  try {
    await transitionReport(ctx, r, to, cause);
  } catch (err) {
    if (err instanceof AppError) return err.id;
    if (err instanceof Error && err.message === 'the database was used') return undefined;
    throw err;
  }
  return undefined;
}

describe('transition legality per cause', () => {
  it("the reporter's answer resumes only a needs-more-info report, only to where it was", async () => {
    expect(await refusal(report('triaged'), 'new', { kind: 'reporter_reply' })).toBe('illegal_transition');
    expect(await refusal(report('needs_more_info', 'in_remediation'), 'triaged', { kind: 'reporter_reply' })).toBe('illegal_transition');
    expect(await refusal(report('needs_more_info', null), 'triaged', { kind: 'reporter_reply' })).toBe('illegal_transition');
    expect(await refusal(report('needs_more_info', 'in_remediation'), 'in_remediation', { kind: 'reporter_reply' })).toBeUndefined();
    expect(await refusal(report('needs_more_info', null), 'new', { kind: 'reporter_reply' })).toBeUndefined();
  });

  it('a withdrawal only withdraws, and only an open report', async () => {
    expect(await refusal(report('triaged'), 'closed', { kind: 'withdrawal', reason: '' })).toBe('illegal_transition');
    expect(await refusal(report('closed'), 'withdrawn', { kind: 'withdrawal', reason: '' })).toBe('illegal_transition');
    expect(await refusal(report('fixed'), 'withdrawn', { kind: 'withdrawal', reason: '' })).toBeUndefined();
  });

  it('the timer only closes a needs-more-info report as informative', async () => {
    expect(await refusal(report('triaged'), 'informative', { kind: 'timer', reason: 'late' })).toBe('illegal_transition');
    expect(await refusal(report('needs_more_info', 'triaged'), 'closed', { kind: 'timer', reason: 'late' })).toBe('illegal_transition');
    expect(await refusal(report('needs_more_info', 'triaged'), 'informative', { kind: 'timer', reason: 'late' })).toBeUndefined();
  });

  it('the team, alone or in bulk, follows the lifecycle and never withdraws', async () => {
    for (const kind of ['team', 'bulk'] as const) {
      expect(await refusal(report('new'), 'withdrawn', { kind, reason: 'x' })).toBe('illegal_transition');
      expect(await refusal(report('new'), 'fixed', { kind, reason: 'x' })).toBe('illegal_transition');
      expect(await refusal(report('new'), 'triaged', { kind, reason: 'x' })).toBeUndefined();
    }
  });
});
