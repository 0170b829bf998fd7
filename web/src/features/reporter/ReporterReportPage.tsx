// The reporter view of one report (/reporter/:id): reached through the secret link (/reporter/12#link=TOKEN;
// the token is then kept for this tab and sent as X-Report-Link on every call) or by a signed-in reporter.
// Status, tracking id, product, severity, disclosure date and days left, the report as sent, the timeline
// (never internal notes), attachments, a reply form, co-reporters, secret links and withdrawal. A revoked
// link is told so.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { CoReporterInvite } from './CoReporterInvite.tsx';
import { ReplyForm } from './ReplyForm.tsx';
import { ReportAttachments } from './ReportAttachments.tsx';
import { ReporterLinksSection } from './ReporterLinksSection.tsx';
import { ReportFacts } from './ReportFacts.tsx';
import { ReportTimeline } from './ReportTimeline.tsx';
import { WithdrawSection } from './WithdrawSection.tsx';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useIdParam } from '../../hooks/useIdParam.ts';
import { storeReportLink, useReportLink } from './useReportLink.ts';
import { reporterApi, type ReporterReport } from './reporterApi.ts';
import { useSession } from '../../session.tsx';
import './report.css';

function LinkProblem({ revoked, signedIn }: { revoked: boolean; signedIn: boolean }) {
  return (
    <>
      <PageHeading title={revoked ? 'This link no longer works' : 'Report not found'} />
      <div className="alert alert-error" role="alert">
        {revoked ? (
          <p className="alert-message">
            This link no longer works: it was revoked. Ask the security team for a new link (reply to any mail about the report, quoting its
            tracking id), or sign in if the report belongs to your account.
          </p>
        ) : (
          <p className="alert-message">
            There is no report here that you may read.{' '}
            {signedIn
              ? 'Open it through its secret link, or check that you are signed in with the right account.'
              : 'Open it through the secret link from your receipt, or sign in.'}
          </p>
        )}
      </div>
      <p>
        {signedIn ? (
          <Link to="/reporter">My reports</Link>
        ) : (
          <Link to={`/sign-in?returnTo=${encodeURIComponent(window.location.pathname)}`}>Sign in</Link>
        )}
        {' · '}
        <Link to="/report">Report a vulnerability</Link>
      </p>
    </>
  );
}

function Markdown({ title, html, id }: { title: string; html: string; id: string }) {
  return (
    <section aria-labelledby={id} className="report-text">
      <h3 id={id}>{title}</h3>
      <div className="report-markdown" dangerouslySetInnerHTML={{ __html: html }} />
    </section>
  );
}

export function ReporterReportPage() {
  const id = useIdParam();
  const { user } = useSession();
  const signedIn = Boolean(user);
  const { token } = useReportLink(id);
  const loaded = useApiQuery(['reporterApi.get', id, token], () => reporterApi.get(id, token));
  // The report as shown: each answer loaded, then what a change on this page answers (adjusted while
  // rendering, as React advises for state that follows an input).
  const [report, setReport] = useState<ReporterReport | undefined>(loaded.data);
  const [loadedReport, setLoadedReport] = useState(loaded.data);
  if (loaded.data !== loadedReport) {
    setLoadedReport(loaded.data);
    if (loaded.data) setReport(loaded.data);
  }

  // A revoked link is forgotten by this tab (the page still says why it stopped working).
  const revokedLink = loaded.error?.status === 401 && token !== undefined;
  useEffect(() => {
    if (revokedLink) storeReportLink(id, undefined);
  }, [revokedLink, id]);

  const current = report && report.id === id ? report : undefined;
  if (loaded.error && (loaded.error.status === 401 || loaded.error.status === 404)) {
    return <LinkProblem revoked={revokedLink} signedIn={signedIn} />;
  }
  if (!current) {
    return loaded.error ? (
      <>
        <PageHeading title="Report" />
        <ErrorAlert error={loaded.error} />
      </>
    ) : (
      <Loading what="Loading the report" />
    );
  }

  const { abilities } = current;
  const reporterSide = current.viewer.side === 'reporter';
  return (
    <div className="reporter-view">
      <p className="breadcrumb">{signedIn ? <Link to="/reporter">My reports</Link> : null}</p>
      <PageHeading title={`${current.trackingId}: ${current.title}`} />
      {!reporterSide ? (
        <p className="alert alert-warning">
          You see the reporter's page as a member of the report's security team.{' '}
          <Link to={`/reports/${current.id}`}>Open the team view</Link>
        </p>
      ) : null}
      <ReportFacts report={current} />

      <div className="columns">
        <div className="stack">
          <section className="card" aria-labelledby="report-heading">
            <h2 id="report-heading">Your report</h2>
            <Markdown id="description-heading" title="Description" html={current.description.html} />
            {current.steps.markdown.trim() ? <Markdown id="steps-heading" title="Steps to reproduce" html={current.steps.html} /> : null}
            {current.impact.markdown.trim() ? <Markdown id="impact-heading" title="Impact" html={current.impact.html} /> : null}
            {current.affectedVersions || current.component ? (
              <dl className="details details-compact">
                {current.affectedVersions ? (
                  <div>
                    <dt>Affected versions</dt>
                    <dd>{current.affectedVersions}</dd>
                  </div>
                ) : null}
                {current.component ? (
                  <div>
                    <dt>Component</dt>
                    <dd>{current.component}</dd>
                  </div>
                ) : null}
              </dl>
            ) : null}
          </section>

          <section className="card" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            <ReportTimeline events={current.timeline} />
          </section>

          <section className="card" aria-labelledby="reply-heading">
            <h2 id="reply-heading">Reply</h2>
            <ReplyForm reportId={id} token={token} onReport={setReport} />
          </section>
        </div>

        <div className="stack">
          <section className="card" aria-labelledby="attachments-heading">
            <h2 id="attachments-heading">Attachments</h2>
            <ReportAttachments
              reportId={id}
              token={token}
              attachments={current.attachments}
              mayAttach={abilities.attach}
              onAttached={loaded.reload}
            />
          </section>

          {reporterSide ? (
            <section className="card" aria-labelledby="people-heading">
              <h2 id="people-heading">Co-reporters</h2>
              <CoReporterInvite report={current} token={token} onReport={setReport} />
            </section>
          ) : null}

          <section className="card" aria-labelledby="links-heading">
            <h2 id="links-heading">Secret links</h2>
            <ReporterLinksSection
              audience="reporter"
              reportId={id}
              token={token}
              liveLinks={current.liveLinks}
              signedIn={signedIn}
              mayCreate={abilities.createLink}
              mayRevoke={abilities.revokeLinks}
              onChanged={loaded.reload}
            />
          </section>

          {abilities.withdraw ? (
            <section className="card card-danger" aria-labelledby="withdraw-heading">
              <h2 id="withdraw-heading">Withdraw</h2>
              <WithdrawSection reportId={id} trackingId={current.trackingId} token={token} onReport={setReport} />
            </section>
          ) : null}
        </div>
      </div>
    </div>
  );
}
