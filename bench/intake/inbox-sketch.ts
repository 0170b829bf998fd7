// An experiment (`--inbox-sketch`), not Parapet: what acknowledging a report would cost if `POST /api/reports`
// only stored the submission durably — the same validation and rate-limit admission, then one INSERT of the
// submission with its report id and tracking id drawn from Parapet's own sequences — and a background worker
// built the report (participants group, object, read keys, notifications, mail jobs, audit) afterwards.
// Served by the benchmark's server at `POST /bench/inbox`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemClock } from '../../src/clock.ts';
import { raw, sql } from '../../src/db/database.ts';
import { newLinkToken, reporterLinkUrl } from '../../src/domain/reports/links.ts';
import { REPORT_TEXT_MAX, REPORT_TITLE_MAX } from '../../src/domain/reports/intake-service.ts';
import { cleanEmail, cleanText } from '../../src/domain/reports/validation.ts';
import { cleanName } from '../../src/domain/names.ts';
import { SubmissionBody } from '../../src/http/routes/report-intake.ts';
import { admitSubmission, checkReportLimits, readIntakeSettings } from '../../src/intake/index.ts';
import type { Services } from '../../src/services.ts';

export const INBOX_TABLE = 'bench_intake_inbox';

export const INBOX_DDL = `
  CREATE TABLE IF NOT EXISTS ${INBOX_TABLE} (
    object_id integer PRIMARY KEY,
    tracking_id text NOT NULL UNIQUE,
    submission jsonb NOT NULL,
    link_hash text NOT NULL,
    ip text NOT NULL,
    at timestamptz NOT NULL
  )`;

export function inboxSketchRoute(app: FastifyInstance, services: Services, publicUrl: URL): void {
  app.post('/bench/inbox', { schema: { body: SubmissionBody } }, async (request: FastifyRequest, reply: FastifyReply) => {
    const input = request.body as { title: string; description: string; productId: number; contactEmail?: string };
    const db = services.deps.db;
    const settings = await readIntakeSettings(request.session, db);
    checkReportLimits(settings, { texts: { description: input.description } });
    const submission = {
      title: cleanName('title', input.title, REPORT_TITLE_MAX).name,
      description: cleanText('description', input.description, REPORT_TEXT_MAX, { required: true }),
      productId: input.productId,
      contactEmail: input.contactEmail ? cleanEmail('contactEmail', input.contactEmail) : null,
    };
    const link = newLinkToken();
    const at = systemClock.now();
    const row = await db.transaction(async (tx) => {
      await admitSubmission(request.session, tx, at, settings);
      const rows = await tx.query<{ object_id: number; tracking_id: string }>(sql`
        INSERT INTO ${raw(INBOX_TABLE)} (object_id, tracking_id, submission, link_hash, ip, at)
        SELECT nextval(pg_get_serial_sequence('objects', 'id')),
               ${`PR-${at.getUTCFullYear()}-`} || lpad(nextval('report_tracking_seq')::text, 5, '0'),
               ${JSON.stringify(submission)}::jsonb, ${link.hash}, ${request.session.ip}, ${at}
          FROM products WHERE id = ${submission.productId}
        RETURNING object_id, tracking_id`);
      return rows[0]!;
    });
    return reply.code(201).send({ id: row.object_id, trackingId: row.tracking_id, reporterLink: reporterLinkUrl(publicUrl, row.object_id, link.token) });
  });
}
