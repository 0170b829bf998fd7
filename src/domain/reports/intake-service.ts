// Intake: a report arrives from the public form or the API (anonymous or signed in). In one transaction it
// becomes a securable object with its own participants group (the product's security team nested inside),
// the reporter's receipt and the team's alerts are queued, and the audit event is written; so a 2xx answer
// means the report is stored.
import { lockNestingShared, addClosureRow, closureAddEdge } from '../../access/read-keys-repository.ts';
import type { Session } from '../../access/session.ts';
import type { Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { collectFieldErrorsAsync, fieldError } from '../../errors/catalog.ts';
import { recordAudit } from '../audit/repository.ts';
import { insertGroup, insertGroupMember, insertUserMember, setGroupOwner } from '../groups/repository.ts';
import { cleanName } from '../names.ts';
import * as objects from '../objects/repository.ts';
import { findProduct } from '../products/repository.ts';
import { enqueueReportMail } from './mail-jobs.ts';
import { notifyGroup } from './notifications-repository.ts';
import { insertEvent, insertLink, insertReport, insertReportMember, nextTrackingId, REPORT_TYPE } from './repository.ts';
import { cleanCwe, cleanDate, cleanEmail, cleanPgpKey, cleanText, FOUND_BY, scoreForReport } from './validation.ts';
import { newLinkToken } from './links.ts';

export const REPORT_TITLE_MAX = 300;
export const REPORT_TEXT_MAX = 100_000;

const unknownProduct = (id: number) =>
  fieldError('productId', `there is no product with id ${id}; choose one from the catalogue or "Other / not sure".`);

export interface ReportSubmission {
  title: string;
  description: string;
  productId: number;
  affectedVersions?: string;
  steps?: string;
  impact?: string;
  component?: string;
  cvssVector?: string;
  cweId?: number;
  foundBy?: string;
  contactName?: string;
  contactEmail?: string;
  pgpPublicKey?: string;
  creditName?: string;
  creditConsent?: boolean;
  preferredDisclosureDate?: string;
}

export interface SubmissionHooks {
  /** Anti-abuse checks run inside the intake transaction (rate limits, proof of work). */
  admit?: (s: Session, tx: Tx, at: Date) => Promise<void>;
}

export function reportIntakeService({ db, clock, jobs }: Deps) {
  return {
    /**
     * Stores a new report. Returns its id and tracking id, and for a reporter who is not signed in a secret
     * link to the reporter view (shown once; only its hash is stored).
     */
    async submit(s: Session, input: ReportSubmission, hooks: SubmissionHooks = {}) {
      const at = clock.now();
      const v = {
        title: '', description: '', steps: '', impact: '', affectedVersionsText: '', component: '', contactName: '', creditName: '',
        cvss: null as ReturnType<typeof scoreForReport> | null, cweId: null as number | null, foundBy: input.foundBy ?? 'responsible_disclosure',
        contactEmail: null as string | null, pgpKey: null as string | null, preferred: null as string | null,
      };
      // Every bad field is named in one answer, so a form can mark them all at once.
      await collectFieldErrorsAsync([
        () => { v.title = cleanName('title', input.title, REPORT_TITLE_MAX).name; },
        () => { v.description = cleanText('description', input.description, REPORT_TEXT_MAX, { required: true }); },
        () => { v.steps = cleanText('steps', input.steps ?? '', REPORT_TEXT_MAX); },
        () => { v.impact = cleanText('impact', input.impact ?? '', REPORT_TEXT_MAX); },
        () => { v.affectedVersionsText = cleanText('affectedVersions', input.affectedVersions ?? '', 2_000); },
        () => { v.component = cleanText('component', input.component ?? '', 200); },
        () => { v.cvss = input.cvssVector ? scoreForReport('cvssVector', input.cvssVector) : null; },
        () => { v.cweId = input.cweId === undefined ? null : cleanCwe('cweId', input.cweId); },
        () => {
          if (!(FOUND_BY as readonly string[]).includes(v.foundBy)) throw fieldError('foundBy', `must be one of: ${FOUND_BY.join(', ')}.`);
        },
        () => {
          v.contactEmail = input.contactEmail ? cleanEmail('contactEmail', input.contactEmail) : null;
          if (s.kind !== 'user' && !v.contactEmail) {
            throw fieldError('contactEmail', 'is needed when you are not signed in, so the team can reach you.');
          }
        },
        () => { v.contactName = cleanText('contactName', input.contactName ?? '', 200); },
        () => { v.creditName = cleanText('creditName', input.creditName ?? '', 200); },
        async () => { v.pgpKey = input.pgpPublicKey ? await cleanPgpKey('pgpPublicKey', input.pgpPublicKey, at) : null; },
        () => { v.preferred = input.preferredDisclosureDate ? cleanDate('preferredDisclosureDate', input.preferredDisclosureDate, at) : null; },
        async () => {
          if (!(await findProduct(s, db, input.productId))) throw unknownProduct(input.productId);
        },
      ]);
      const { title, description, steps, impact, affectedVersionsText, component, cvss, cweId, foundBy, contactEmail, contactName, creditName, pgpKey } = v;
      const preferred = v.preferred;
      await jobs?.ready();

      const linkToken = s.kind === 'user' ? undefined : newLinkToken();
      const result = await db.transaction(async (tx) => {
        await hooks.admit?.(s, tx, at);
        const product = await findProduct(s, tx, input.productId);
        if (!product) throw unknownProduct(input.productId);
        const trackingId = await nextTrackingId(s, tx, at);

        await lockNestingShared(tx);
        const groupName = `Participants of ${trackingId}`;
        const groupId = await insertGroup(s, tx, at, {
          kind: 'object',
          name: groupName,
          nameKey: groupName.toLowerCase(),
          description: `The reporter, assignee and invited collaborators of report ${trackingId}, with the product's security team.`,
        });
        await addClosureRow(tx, groupId);
        await insertGroupMember(s, tx, at, groupId, product.team_group_id);
        await closureAddEdge(tx, groupId, product.team_group_id);

        const id = await objects.insertObject(s, tx, at, {
          type: REPORT_TYPE,
          title,
          searchText: [description, steps, impact, component, affectedVersionsText].join('\n'),
          readGroupId: groupId,
          editGroupId: product.team_group_id,
          publishGroupId: product.team_group_id,
        });
        await setGroupOwner(s, tx, groupId, id);
        await insertReport(s, tx, at, {
          objectId: id,
          trackingId,
          productId: product.id,
          participantsGroupId: groupId,
          description,
          affectedVersionsText,
          steps,
          impact,
          component,
          cvss,
          cweId,
          foundBy,
          reporterUserId: s.kind === 'user' ? s.userId : null,
          contactName,
          contactEmail,
          reporterPgpKey: pgpKey,
          creditName,
          creditConsent: input.creditConsent ?? false,
          preferredDisclosureOn: preferred,
          disclosureDays: product.disclosure_days,
          submittedIp: s.ip,
        });
        if (s.kind === 'user') {
          await insertReportMember(s, tx, at, id, s.userId, 'reporter');
          await insertUserMember(s, tx, at, groupId, s.userId);
        }
        if (linkToken) await insertLink(s, tx, at, id, linkToken.hash);
        await insertEvent(s, tx, at, id, {
          actorUserId: s.kind === 'user' ? s.userId : null,
          actorName: s.kind === 'user' ? s.username : contactName || 'Reporter',
          actorSide: 'reporter',
          kind: 'submitted',
          internal: false,
          data: { product: product.name },
        });
        await notifyGroup(s, tx, at, product.team_group_id, id, 'new_report', `New report ${trackingId}: ${title}`);
        if (product.board_group_id) {
          await notifyGroup(s, tx, at, product.board_group_id, id, 'new_report', `New report ${trackingId} for ${product.name}`);
        }
        await enqueueReportMail(s, jobs, tx, { kind: 'receipt', reportId: id });
        await enqueueReportMail(s, jobs, tx, { kind: 'team_alert', reportId: id });
        await recordAudit(s, tx, at, {
          action: 'report.submitted',
          targetType: 'report',
          targetId: id,
          after: { trackingId, productId: product.id, title },
        });
        return { id, trackingId };
      });
      return { ...result, linkToken: linkToken?.token };
    },
  };
}

export type ReportIntakeService = ReturnType<typeof reportIntakeService>;
