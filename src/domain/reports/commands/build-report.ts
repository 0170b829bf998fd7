// The second phase of intake: a stored submission (an inbox row) becomes a report in the caller's change — its
// participants group (the product's staff group nested inside: its current security team and incident
// managers), the securable object with the id drawn at submission, the report row, the reporter's membership
// or secret link, the timeline event, in-app alerts, the receipt and team alert mails, the audit event — and
// the inbox row is deleted in the same transaction. Everything is dated at the submission's receipt; the
// acting session (System in the worker, the submitter when built before the answer or on their read) signs
// the audit event of the build, dated when it ran (the change's time).
import { addClosureRow, closureAddEdge, lockNestingShared } from '../../../access/read-keys-repository.ts';
import { recordAudit } from '../../audit/repository.ts';
import type { ChangeContext } from '../../change.ts';
import { insertGroup, insertGroupMember, insertUserMember, setGroupOwner } from '../../groups/repository.ts';
import * as objects from '../../objects/repository.ts';
import { defaultProduct, findProduct } from '../../products/repository.ts';
import { deleteInboxRow, type InboxRow } from '../inbox-repository.ts';
import { enqueueReportMail } from '../mail-jobs.ts';
import { notifyGroup } from '../notifications-repository.ts';
import { insertReport, REPORT_TYPE } from '../repository.ts';
import { insertEvent } from '../timeline-repository.ts';
import { insertLink } from '../links-repository.ts';
import { insertReportMember } from '../members-repository.ts';

/** Builds the report of an inbox row taken (locked) in ctx's transaction. */
export async function buildReport(ctx: ChangeContext, row: InboxRow): Promise<void> {
  const { session: s, tx, at: builtAt } = ctx;
  const at = row.received_at;
  const v = row.submission;
  const id = row.object_id;
  const trackingId = row.tracking_id;
  // A product deleted since the submission: its report goes to the default triage team.
  const product = (await findProduct(s, tx, row.product_id)) ?? (await defaultProduct(s, tx));

  await lockNestingShared(tx);
  const groupName = `Participants of ${trackingId}`;
  const groupId = await insertGroup(s, tx, at, {
    kind: 'object',
    name: groupName,
    nameKey: groupName.toLowerCase(),
    description: `The reporter, co-reporters and invited collaborators of report ${trackingId}, with the product's staff (security team and incident managers).`,
  });
  await addClosureRow(tx, groupId);
  await insertGroupMember(s, tx, at, groupId, product.staff_group_id);
  await closureAddEdge(tx, groupId, product.staff_group_id);

  await objects.insertObject(s, tx, at, {
    id,
    createdBy: row.user_id,
    type: REPORT_TYPE,
    title: v.title,
    searchText: [v.description, v.steps, v.impact, v.component, v.affectedVersionsText].join('\n'),
    readGroupId: groupId,
    editGroupId: product.staff_group_id,
    publishGroupId: product.staff_group_id,
  });
  await setGroupOwner(s, tx, groupId, id);
  await insertReport(s, tx, at, {
    objectId: id,
    trackingId,
    productId: product.id,
    participantsGroupId: groupId,
    description: v.description,
    affectedVersionsText: v.affectedVersionsText,
    steps: v.steps,
    impact: v.impact,
    component: v.component,
    cvss: v.cvss,
    cweId: v.cweId,
    foundBy: v.foundBy,
    reporterUserId: row.user_id,
    contactName: v.contactName,
    contactEmail: v.contactEmail,
    reporterPgpKey: v.pgpKey,
    creditName: v.creditName,
    creditConsent: v.creditConsent,
    preferredDisclosureOn: v.preferredDisclosureOn,
    disclosureDays: product.disclosure_days,
    submittedIp: row.ip,
  });
  if (row.user_id !== null) {
    await insertReportMember(s, tx, at, id, row.user_id, 'reporter');
    await insertUserMember(s, tx, at, groupId, row.user_id);
  }
  if (row.link_hash) await insertLink(s, tx, at, id, row.link_hash);
  await insertEvent(s, tx, at, id, {
    actorUserId: row.user_id,
    actorName: row.username ?? (v.contactName || 'Reporter'),
    actorSide: 'reporter',
    kind: 'submitted',
    internal: false,
    data: { product: product.name },
  });
  await notifyGroup(s, tx, at, product.staff_group_id, id, 'new_report', `New report ${trackingId}: ${v.title}`);
  if (product.board_group_id) {
    await notifyGroup(s, tx, at, product.board_group_id, id, 'new_report', `New report ${trackingId} for ${product.name}`);
  }
  await enqueueReportMail(ctx, { kind: 'receipt', reportId: id });
  await enqueueReportMail(ctx, { kind: 'team_alert', reportId: id });
  await recordAudit(s, tx, builtAt, {
    action: 'report.created',
    targetType: 'report',
    targetId: id,
    after: { trackingId, productId: product.id, participantsGroupId: groupId },
  });
  await deleteInboxRow(s, tx, id);
}
