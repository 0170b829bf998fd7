// Shared steps of report services: loading a report (access-filtered; locked for a change) with the viewer's
// facts on it — the session's access keys are read once and serve both — and naming the actor on the timeline.
import { accessKeys, readsUnfiltered, type AccessKeys } from '../../access/read-access.ts';
import type { Readable } from '../../access/readable.ts';
import { actorName, type Session } from '../../access/session.ts';
import type { Queryable, Tx } from '../../db/database.ts';
import { notFound } from '../../errors/catalog.ts';
import { viewerFrom, type ReportActor, type ReportViewer } from './policy.ts';
import { findReport, type ReportRow } from './repository.ts';
import { type NewEvent } from './timeline-repository.ts';
import { reportStandings } from './standing-repository.ts';

export const reportNotFound = () => notFound('There is no such report.');

export const reportActor = (s: Session): ReportActor => ({ unrestricted: readsUnfiltered(s), grants: s.grants });

/** The viewer's facts on each of the (readable) reports: the same rule for a list and for one report. */
export async function viewersOf(s: Session, q: Queryable, keys: AccessKeys, ids: readonly number[]): Promise<Map<number, ReportViewer>> {
  const actor = reportActor(s);
  const standings = await reportStandings(s, q, keys, ids);
  return new Map([...standings].map(([id, standing]) => [id, viewerFrom(actor, id, standing)]));
}

async function load(
  s: Session,
  q: Queryable,
  id: number,
  forUpdate: boolean,
): Promise<{ report: Readable<ReportRow>; viewer: ReportViewer }> {
  const keys = await accessKeys(s, q);
  const report = await findReport(s, q, id, { forUpdate, keys });
  if (!report) throw reportNotFound();
  const viewer = (await viewersOf(s, q, keys, [report.id])).get(report.id);
  if (!viewer) throw reportNotFound();
  return { report, viewer };
}

export async function loadReport(s: Session, q: Queryable, id: number): Promise<{ report: Readable<ReportRow>; viewer: ReportViewer }> {
  return load(s, q, id, false);
}

export async function loadForChange(s: Session, tx: Tx, id: number): Promise<{ report: Readable<ReportRow>; viewer: ReportViewer }> {
  return load(s, tx, id, true);
}

/** Who a timeline entry is by. */
export function eventActor(
  s: Session,
  viewer: Pick<ReportViewer, 'side'> | undefined,
  report?: { contact_name?: string },
): Pick<NewEvent, 'actorUserId' | 'actorName' | 'actorSide'> {
  if (s.kind === 'system') return { actorUserId: null, actorName: 'Parapet', actorSide: 'system' };
  const side = viewer?.side ?? 'team';
  if (s.kind === 'user') return { actorUserId: s.userId, actorName: actorName(s), actorSide: side };
  return { actorUserId: null, actorName: report?.contact_name || 'Reporter', actorSide: side };
}
