// The report lifecycle: the transitions allowed between states, and the seed 001 stage each belongs to. The
// states, the finished ones and their labels are shared with the web UI (src/shared/report-states.ts).
import { AppError } from '../../errors/catalog.ts';
import { FINISHED, STATE_LABELS, type ReportState } from '../../shared/report-states.ts';

export {
  FINISHED,
  OPEN_STATES,
  REPORT_STATES,
  SIDE_EXITS,
  STATE_LABELS,
  isFinished,
  type ReportState,
} from '../../shared/report-states.ts';

const OPEN_EXITS: ReportState[] = ['needs_more_info', 'duplicate', 'informative', 'not_applicable', 'spam'];

/** What the team may move a report to from each state. `withdrawn` is the reporter's own act. */
const TEAM_TRANSITIONS: Record<ReportState, readonly ReportState[]> = {
  new: ['triaged', ...OPEN_EXITS],
  triaged: ['in_remediation', 'fixed', ...OPEN_EXITS],
  in_remediation: ['fixed', 'triaged', 'needs_more_info', 'duplicate', 'informative', 'not_applicable'],
  fixed: ['disclosed', 'closed', 'in_remediation'],
  disclosed: ['closed'],
  closed: ['triaged'],
  // Answered requests go back to where they came from (see resumeState); the team may also decide at once.
  needs_more_info: ['new', 'triaged', 'in_remediation', 'duplicate', 'informative', 'not_applicable', 'spam'],
  duplicate: ['new', 'triaged'],
  informative: ['new', 'triaged'],
  not_applicable: ['new', 'triaged'],
  spam: ['new'],
  withdrawn: [],
};

export function allowedTransitions(from: ReportState): readonly ReportState[] {
  return TEAM_TRANSITIONS[from];
}

export function assertTransition(from: ReportState, to: ReportState): void {
  if (from === to) throw new AppError('illegal_transition', `The report is already ${STATE_LABELS[to].toLowerCase()}.`);
  if (!TEAM_TRANSITIONS[from].includes(to)) {
    const allowed = TEAM_TRANSITIONS[from].map((s) => STATE_LABELS[s].toLowerCase());
    throw new AppError(
      'illegal_transition',
      `A report that is ${STATE_LABELS[from].toLowerCase()} cannot become ${STATE_LABELS[to].toLowerCase()}` +
        (allowed.length ? `; it can become: ${allowed.join(', ')}.` : '; it is final.'),
    );
  }
}

/** The reporter may withdraw a report that is not finished yet. */
export function assertReporterMayWithdraw(from: ReportState): void {
  if (FINISHED.includes(from)) {
    throw new AppError('illegal_transition', `A report that is ${STATE_LABELS[from].toLowerCase()} cannot be withdrawn.`);
  }
}

export type Stage = 'discovery' | 'assessment' | 'disclosure' | 'post_mortem';

export function stageOf(state: ReportState): Stage {
  switch (state) {
    case 'new':
    case 'needs_more_info':
      return 'discovery';
    case 'triaged':
    case 'in_remediation':
      return 'assessment';
    case 'fixed':
      return 'disclosure';
    default:
      return 'post_mortem';
  }
}
