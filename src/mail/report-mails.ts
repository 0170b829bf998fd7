// Mail about reports, built when the job runs (as System, from ids in the job). Mail to reporters is encrypted
// to their OpenPGP key when they gave one. Mail to the team names the report but carries none of its
// embargoed content: the details stay behind sign-in.
import { systemSession } from '../access/system.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { newLinkToken, reporterLinkUrl } from '../domain/reports/links.ts';
import { invitationRecipient } from '../domain/reports/invitations-repository.ts';
import { assigneeRecipient, groupRecipients, reporterRecipients, type Recipient } from '../domain/reports/recipients-repository.ts';
import { findReport, type ReportRow } from '../domain/reports/repository.ts';
import type { Readable } from '../access/readable.ts';
import { findEvent } from '../domain/reports/timeline-repository.ts';
import { insertLink } from '../domain/reports/links-repository.ts';
import { STATE_LABELS } from '../domain/reports/states.ts';
import { fillTemplate } from '../domain/reports/templates.ts';
import { disclosureDate } from '../domain/reports/deadlines.ts';
import type { ReportMailJob } from '../domain/reports/mail-jobs.ts';
import { findProduct } from '../domain/products/repository.ts';
import { readPublicKey, textForRecipient } from '../pgp/index.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { securityEmailOf } from '../settings/disclosure-settings.ts';
import type { MailTransport } from './transport.ts';
import { readSetting } from '../settings/repository.ts';

/** How a reporter gets back to the report: a sign-in address, or a secret link made for this message. */
interface WayBack {
  url: string;
  secret: boolean;
}

/**
 * One reporter's address. `submitter` is whoever sent the report (the reporter's account or the contact address
 * given with it): the OpenPGP key given with the report is theirs, so only their mail is encrypted to it.
 */
type ReporterRecipient = Recipient & { hasAccount: boolean; submitter: boolean };

export interface ReportMailerDeps {
  db: Database;
  clock: Clock;
  transport: MailTransport;
  publicUrl: URL;
}

export function reportMailer({ db, clock, transport, publicUrl }: ReportMailerDeps) {
  const s = systemSession('report-mail');
  const url = (path: string) => new URL(path, publicUrl).toString();

  /**
   * The reporters' addresses: registered reporters and co-reporters (who sign in to follow the report), and the
   * contact address given with the report, which has an account behind it only when the reporter was signed in.
   */
  async function reporters(report: ReportRow): Promise<ReporterRecipient[]> {
    const list: ReporterRecipient[] = (await reporterRecipients(s, db, report.id)).map(({ role, ...r }) => ({
      ...r,
      hasAccount: true,
      submitter: role === 'reporter',
    }));
    const contact = report.contact_email?.toLowerCase();
    const same = list.find((r) => r.email.toLowerCase() === contact);
    if (same) same.submitter = true;
    else if (report.contact_email) {
      list.unshift({
        email: report.contact_email,
        name: report.contact_name || 'Reporter',
        hasAccount: report.reporter_user_id !== null,
        submitter: true,
      });
    }
    return list;
  }

  /**
   * The way back to the report for one recipient: people with an account sign in at /reporter/<id>; anyone else
   * gets a fresh secret link, made now (only its hash is stored, with an audit event naming the address it went
   * to), so it works in any browser. "Revoke every link" ends these links like any other.
   */
  async function wayBack(report: ReportRow, to: ReporterRecipient, at: Date): Promise<WayBack> {
    if (to.hasAccount) return { url: url(`/reporter/${report.id}`), secret: false };
    const link = newLinkToken();
    await db.transaction(async (tx) => {
      const linkId = await insertLink(s, tx, at, report.id, link.hash);
      await recordAudit(s, tx, at, {
        action: 'report.link_mailed',
        targetType: 'report',
        targetId: report.id,
        after: { linkId, to: to.email },
      });
    });
    return { url: reporterLinkUrl(publicUrl, report.id, link.token), secret: true };
  }

  /** Where to read the report, as the last lines of a message. */
  function followText(way: WayBack, verb = 'Reply in Parapet'): string {
    if (!way.secret) return `${verb} (sign in with your account): ${way.url}\n`;
    return `${verb}: ${way.url}\n\nThis link is secret: anyone who has it can read the report. Keep it to yourself. It keeps working until you or the security team revoke the report's links.\n`;
  }

  /**
   * Sends one message to each reporter, built for that recipient (each gets their own way back) and encrypted to
   * the reporter's OpenPGP key when they gave one. A key that became unusable never makes the text go out in
   * clear: the recipient hears that a message waits, with no secret link in the clear either. The key is the
   * submitter's: co-reporters cannot read mail encrypted to it, and the reporter asked for the report to travel
   * encrypted, so on such a report co-reporters hear only that a message waits for them behind their sign-in.
   */
  async function sendToReporters(report: ReportRow, subject: string, textFor: (way: WayBack) => string, at: Date): Promise<void> {
    const key = report.reporter_pgp_key?.trim() ? report.reporter_pgp_key : null;
    const usable =
      key === null ||
      (await readPublicKey(key, { now: at }).then(
        () => true,
        () => false,
      ));
    for (const to of await reporters(report)) {
      let body: string | undefined;
      if (key !== null && !to.submitter) {
        body = `A message about report ${report.tracking_id} is waiting for you. The reporter asked for mail about this report to be encrypted, so it is not included here.\nSign in to Parapet to read it: ${url(`/reporter/${report.id}`)}\n`;
      } else if (usable) {
        try {
          body = await textForRecipient(key, textFor(await wayBack(report, to, at)), at);
        } catch {
          body = undefined; // never fall back to clear text
        }
      }
      if (body === undefined) {
        const way = to.hasAccount
          ? `Sign in to Parapet to read it: ${url(`/reporter/${report.id}`)}`
          : 'Open the report with the secret link from an earlier message from us (it keeps working until it is revoked); if you no longer have one, reply to this message quoting the tracking id.';
        body = `A message about your report ${report.tracking_id} is waiting for you, but the OpenPGP key you gave can no longer be used, so it is not included here.\n${way}\n`;
      }
      await transport.send({ to: to.email, subject, text: body }, at);
    }
  }

  async function sendToTeam(report: ReportRow, to: Recipient[], subject: string, text: string, at: Date): Promise<void> {
    const seen = new Set<string>();
    for (const r of to) {
      if (seen.has(r.email.toLowerCase())) continue;
      seen.add(r.email.toLowerCase());
      await transport.send({ to: r.email, subject, text }, at);
    }
  }

  /** The assignee while they are on the report's team; otherwise (or without an address) the whole team. */
  async function assigneeOrTeam(report: ReportRow): Promise<Recipient[]> {
    const assignee = report.assignee_id === null ? undefined : await assigneeRecipient(s, db, report.assignee_id, report.edit_group_id);
    return assignee ? [assignee] : groupRecipients(s, db, report.edit_group_id);
  }

  async function build(job: ReportMailJob, report: Readable<ReportRow>, at: Date): Promise<void> {
    const teamLink = url(`/reports/${report.id}`);
    switch (job.kind) {
      case 'receipt': {
        const text = (way: WayBack) =>
          `Hello ${report.contact_name || 'and thank you'},\n\nWe received your vulnerability report "${report.title}".\nIts tracking id is ${report.tracking_id}; please quote it in any message about this report.\n\nA person from the team will acknowledge the report soon.\n\n${followText(way, 'Follow the report and talk with the security team here')}`;
        return sendToReporters(report, `Report received: ${report.tracking_id}`, text, at);
      }
      case 'team_alert': {
        const product = await findProduct(s, db, report.product_id);
        const text = `A new vulnerability report arrived for ${report.product_name}: ${report.tracking_id}.\n\nIt is embargoed; read and acknowledge it in Parapet:\n${teamLink}\n`;
        const team = await groupRecipients(s, db, report.edit_group_id);
        const board = product?.board_group_id ? await groupRecipients(s, db, product.board_group_id) : [];
        return sendToTeam(report, [...team, ...board], `New report ${report.tracking_id} (${report.product_name})`, text, at);
      }
      case 'acknowledgement': {
        const [templates, disclosure] = await Promise.all([readSetting(db, 'report_templates'), readSetting(db, 'disclosure')]);
        const t = templates.acknowledgement;
        const values = (way: WayBack) => ({
          reporter: report.contact_name || 'reporter',
          tracking_id: report.tracking_id,
          title: report.title,
          product: report.product_name,
          report_link: way.url,
          policy_link: url('/disclosure-policy'),
          security_monitor: `The security team (${securityEmailOf(disclosure, publicUrl)})`,
          disclosure_date: disclosureDate({
            receivedAt: report.received_at,
            disclosureDays: report.disclosure_days,
            preferredDisclosureOn: report.preferred_disclosure_on,
            extensionDays: report.extension_days,
          }),
        });
        // An edited template may leave out {report_link}: the way back is then added at the end.
        const text = (way: WayBack) => {
          const body = fillTemplate(t.body, values(way));
          if (!body.includes(way.url)) return `${body.replace(/\n*$/, '\n\n')}${followText(way, 'Follow the report here')}`;
          return way.secret
            ? `${body.replace(/\n*$/, '\n\n')}The link to the report is secret: anyone who has it can read the report. Keep it to yourself.\n`
            : body;
        };
        return sendToReporters(report, fillTemplate(t.subject, values({ url: '', secret: false })), text, at);
      }
      case 'reporter_update': {
        const event = await findEvent(report, db, job.eventId);
        if (!event || event.internal) return;
        let text: string;
        if (event.kind === 'state_changed') {
          // A state of an older version may have no label any more.
          const labels: Partial<Record<string, string>> = STATE_LABELS;
          const to = labels[String(event.data.to)] ?? String(event.data.to);
          text = `Your report ${report.tracking_id} is now: ${to}.\n\n${event.body}\n`;
        } else if (event.kind === 'comment') {
          text = `${event.actor_name} of the security team wrote about your report ${report.tracking_id}:\n\n${event.body}\n`;
        } else {
          text = `There is news about your report ${report.tracking_id}.\n\n${event.body}\n`;
        }
        return sendToReporters(report, `Update on your report ${report.tracking_id}`, (way) => `${text}\n${followText(way)}`, at);
      }
      case 'team_update': {
        const event = await findEvent(report, db, job.eventId);
        if (!event) return;
        const to = await assigneeOrTeam(report);
        const what = event.kind === 'state_changed' ? `changed the state of ${report.tracking_id}` : `wrote on ${report.tracking_id}`;
        return sendToTeam(
          report,
          to,
          `Reporter activity on ${report.tracking_id}`,
          `The reporter ${what}.\n\nRead it in Parapet: ${teamLink}\n`,
          at,
        );
      }
      case 'needs_info_warning': {
        const event = await findEvent(report, db, job.eventId);
        if (!event || report.state !== 'needs_more_info') return;
        const text = (way: WayBack) =>
          `Hello${report.contact_name ? ` ${report.contact_name}` : ''},\n\nThe security team asked for more information about your report ${report.tracking_id} ("${report.title}") and has not heard back from you yet.\n\n${event.body}\n\n${followText(way, 'Answer here')}`;
        return sendToReporters(report, `Reply needed: your report ${report.tracking_id}`, text, at);
      }
      case 'co_reporter_invitation': {
        const to = await invitationRecipient(s, db, job.invitationId);
        if (!to) return;
        const text = `Hello ${to.name},\n\n${to.invited_by_name || 'Someone'} invited you to follow the vulnerability report ${report.tracking_id} as a co-reporter.\nSign in to Parapet and accept or decline the invitation under My reports:\n${url('/reporter')}\n\nIf you do not expect this, decline it or let it expire.\n`;
        return transport.send({ to: to.email, subject: `Invitation to report ${report.tracking_id}`, text }, at);
      }
      case 'sla_alert': {
        const to = await assigneeOrTeam(report);
        const what = job.status === 'breached' ? 'has breached' : 'is close to breaching';
        return sendToTeam(
          report,
          to,
          `SLA ${job.status === 'breached' ? 'breach' : 'warning'}: ${report.tracking_id}`,
          `Report ${report.tracking_id} ${what} its ${job.clock} target.\n\n${teamLink}\n`,
          at,
        );
      }
    }
  }

  return {
    async deliver(job: ReportMailJob): Promise<void> {
      const report = await findReport(s, db, job.reportId);
      if (!report) return;
      await build(job, report, clock.now());
    },
  };
}
