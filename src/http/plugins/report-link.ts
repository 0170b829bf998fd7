// A secret reporter link presented in the X-Report-Link header gives the request a guest membership of that
// one report (Session.grants): its participants group joins the session's access keys for this request only.
// A revoked or unknown link is refused with 401, so the reporter view can say the link no longer works.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tokenHash } from '../../auth/tokens.ts';
import type { Services } from '../../services.ts';
import { REPORT_LINK_HEADER } from '../../domain/reports/links.ts';
import { AppError } from '../../errors/catalog.ts';

export function registerReportLink(app: FastifyInstance, services: Services): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers[REPORT_LINK_HEADER];
    if (header === undefined) return;
    const token = Array.isArray(header) ? header[0] : header;
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) {
      throw new AppError('unauthenticated', 'The reporter link is not valid; use the whole link from your receipt.');
    }
    const session = request.session;
    if (session.kind === 'system') return;
    const hash = tokenHash(token);
    let grant = await services.reports.query.linkGrant(session, hash);
    if (!grant) {
      // The link of a submission still waiting in the inbox: build its report now, then look again.
      await services.reports.intake.buildFor(session, { linkHash: hash });
      grant = await services.reports.query.linkGrant(session, hash);
    }
    if (!grant && (await services.reports.intake.linkIsPending(session, hash))) {
      throw new AppError('unavailable', 'Your report was received and is still being processed. Try again in a minute.');
    }
    if (!grant)
      throw new AppError(
        'unauthenticated',
        'This reporter link no longer works (it was revoked). Ask the security team for a new one, or sign in.',
      );
    request.session = { ...session, grants: [grant] };
  });
}
