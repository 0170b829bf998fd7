// Shared steps of report services: loading a report for a change (locked, access-filtered, with the
// session's role on it) and naming the actor on the timeline.
import { actorName, type Session } from '../../access/session.ts';
import type { Queryable, Tx } from '../../db/database.ts';
import { notFound } from '../../errors/catalog.ts';
import { viewerOf, type ReportViewer } from './policy.ts';
import { findReport, type NewEvent, type ReportRow } from './repository.ts';

export const reportNotFound = () => notFound('There is no such report.');

export async function loadReport(s: Session, q: Queryable, id: number): Promise<{ report: ReportRow; viewer: ReportViewer }> {
  const report = await findReport(s, q, id);
  if (!report) throw reportNotFound();
  return { report, viewer: await viewerOf(s, q, report) };
}

export async function loadForChange(s: Session, tx: Tx, id: number): Promise<{ report: ReportRow; viewer: ReportViewer }> {
  const report = await findReport(s, tx, id, { forUpdate: true });
  if (!report) throw reportNotFound();
  return { report, viewer: await viewerOf(s, tx, report) };
}

/** Who a timeline entry is by. */
export function eventActor(s: Session, viewer: Pick<ReportViewer, 'side'> | undefined, report?: { contact_name?: string }): Pick<NewEvent, 'actorUserId' | 'actorName' | 'actorSide'> {
  if (s.kind === 'system') return { actorUserId: null, actorName: 'Parapet', actorSide: 'system' };
  const side = viewer?.side ?? 'team';
  if (s.kind === 'user') return { actorUserId: s.userId, actorName: actorName(s), actorSide: side };
  return { actorUserId: null, actorName: report?.contact_name || 'Reporter', actorSide: side };
}
