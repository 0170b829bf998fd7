// One report as its security team sees it: the summary (state, severity, risk level and guidance, SLA clocks,
// disclosure date), what was reported, the seed 001 stages as a checklist, the timeline and the comment box;
// beside it the triage actions (acknowledge, state, assignee, severity, classification, disclosure date),
// members, reporter links, attachments and similar reports. Reporters are sent to their own view.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { asApiError, type ApiError } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { AcknowledgeSection } from './AcknowledgeSection.tsx';
import { AssigneeForm } from './AssigneeForm.tsx';
import { AttachmentsSection } from './AttachmentsSection.tsx';
import { ClassificationForm } from './ClassificationForm.tsx';
import { CommentForm } from './CommentForm.tsx';
import { DisclosureForm } from './DisclosureForm.tsx';
import { MembersSection } from './MembersSection.tsx';
import { ReportHeader } from './ReportHeader.tsx';
import { ReporterLinksSection } from '../reporter/ReporterLinksSection.tsx';
import { SeverityForm } from './SeverityForm.tsx';
import { SimilarReports } from './SimilarReports.tsx';
import { StageChecklist } from './StageChecklist.tsx';
import { Timeline } from './Timeline.tsx';
import { TransitionForm } from './TransitionForm.tsx';
import { VersionsSection } from './VersionsSection.tsx';
import { useIdParam } from '../../hooks/useIdParam.ts';
import type { ReportDetail } from './reportsApi.ts';
import { reportsApi } from './reportsApi.ts';
import './triage.css';

/** The report, replaced by each action's answer; a newer load wins over an older one that answers late. */
function useReport(id: number) {
  const [report, setReport] = useState<ReportDetail | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const latest = useRef(0);
  const load = useCallback(() => {
    const ticket = ++latest.current;
    return reportsApi.get(id).then(
      (r) => {
        if (ticket === latest.current) {
          setReport(r);
          setError(undefined);
        }
      },
      (err: unknown) => {
        if (ticket === latest.current) setError(asApiError(err));
      },
    );
  }, [id]);
  // Another report starts from nothing (adjusted while rendering, as React advises for state that follows an input).
  const [reportId, setReportId] = useState(id);
  if (id !== reportId) {
    setReportId(id);
    setReport(undefined);
  }
  useEffect(() => {
    void load();
  }, [load]);
  const replace = useCallback((r: ReportDetail) => {
    latest.current += 1;
    setReport(r);
    setError(undefined);
  }, []);
  return { report: report?.id === id ? report : undefined, error, reload: load, replace };
}

function ReportText({ report }: { report: ReportDetail }) {
  const parts = [
    { key: 'description', title: 'Description', body: report.description },
    { key: 'steps', title: 'Steps to reproduce', body: report.steps },
    { key: 'impact', title: 'Impact', body: report.impact },
  ];
  return (
    <section aria-labelledby="reported-heading" className="card">
      <h2 id="reported-heading">What was reported</h2>
      {parts.map((p) => (
        <div key={p.key} className="triage-report-text">
          <h3>{p.title}</h3>
          {p.body.markdown.trim() ? (
            // Sanitised on the server: the only form of reporter text a page inserts as HTML.
            <div className="triage-markdown" dangerouslySetInnerHTML={{ __html: p.body.html }} />
          ) : (
            <p className="muted">Not given.</p>
          )}
        </div>
      ))}
      <h3>Reporter</h3>
      <dl className="details details-compact">
        <div>
          <dt>Contact</dt>
          <dd>
            {report.contact ? (
              <>
                {report.contact.name || <span className="muted">No name</span>}
                {report.contact.email ? <span className="row-note">{report.contact.email}</span> : null}
                {report.contact.hasPgpKey ? (
                  <span className="row-note">Mail to the reporter is encrypted to their OpenPGP key.</span>
                ) : null}
              </>
            ) : (
              <span className="muted">Not shown</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Credit</dt>
          <dd>
            {report.credit.name || <span className="muted">No name given</span>}
            <span className="row-note">{report.credit.consent ? 'Agrees to public credit' : 'No consent to public credit'}</span>
          </dd>
        </div>
        <div>
          <dt>Component</dt>
          <dd>{report.component || <span className="muted">Not given</span>}</dd>
        </div>
      </dl>
    </section>
  );
}

export function ReportPage() {
  const id = useIdParam();
  const { report, error, reload, replace } = useReport(id);
  const breadcrumb = (
    <p className="breadcrumb">
      <Link to="/reports">All reports</Link>
    </p>
  );

  if (!report) {
    return (
      <>
        {breadcrumb}
        {error ? (
          <>
            <PageHeading title="Report not available" />
            <ErrorAlert error={error} />
          </>
        ) : (
          <Loading what="Loading the report" />
        )}
      </>
    );
  }

  if (report.viewer.side === 'reporter') return <Navigate to={`/reporter/${report.id}`} replace />;

  const { abilities } = report;
  const triage = abilities.triage;
  // The similar reports depend on the CWE, the component and the product.
  const similarKey = `${report.cwe?.id ?? ''}:${report.component}:${report.product.id}`;
  return (
    <>
      {breadcrumb}
      <PageHeading title={`${report.trackingId}: ${report.title}`}>
        <span className="triage-tracking-id">{report.trackingId}</span> {report.title}
      </PageHeading>
      <ReportHeader report={report} />
      <div className="columns section-gap">
        <div className="column-main stack">
          <ReportText report={report} />
          <StageChecklist report={report} onChanged={replace} />
          {abilities.score ? <SeverityForm key={`severity-${report.id}`} report={report} onChanged={replace} /> : null}
          <Timeline report={report} />
          <CommentForm report={report} onChanged={replace} />
        </div>
        <div className="column-side stack">
          {triage ? (
            <>
              <AcknowledgeSection report={report} onChanged={replace} />
              <TransitionForm report={report} onChanged={replace} />
              {abilities.assign ? <AssigneeForm report={report} onChanged={replace} /> : null}
              <ClassificationForm key={`classification-${report.id}`} report={report} onChanged={replace} />
              <DisclosureForm key={`disclosure-${report.id}`} report={report} onChanged={replace} />
              <VersionsSection key={`versions-${report.id}`} report={report} onChanged={replace} />
            </>
          ) : (
            <p className="card muted">You follow this report as a collaborator: the security team triages it.</p>
          )}
          <MembersSection report={report} onChanged={replace} />
          {abilities.createLink || abilities.revokeLinks ? (
            <section aria-labelledby="links-heading" className="card">
              <h2 id="links-heading">Reporter links</h2>
              <ReporterLinksSection
                audience="team"
                reportId={report.id}
                liveLinks={report.liveLinks}
                mayCreate={abilities.createLink}
                mayRevoke={abilities.revokeLinks}
                onChanged={() => void reload()}
              />
            </section>
          ) : null}
          <AttachmentsSection report={report} />
          <SimilarReports reportId={report.id} version={similarKey} />
        </div>
      </div>
    </>
  );
}
