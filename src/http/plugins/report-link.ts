// A secret reporter link presented in the X-Report-Link header gives the request a guest membership of that
// one report (Session.grants): its participants group joins the session's access keys for this request only.
// A revoked or unknown link is refused with 401, so the reporter view can say the link no longer works.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tokenHash } from '../../auth/tokens.ts';
import type { Deps } from '../../deps.ts';
import { linkGrant } from '../../domain/reports/repository.ts';
import { REPORT_LINK_HEADER } from '../../domain/reports/links.ts';
import { AppError } from '../../errors/catalog.ts';

export function registerReportLink(app: FastifyInstance, deps: Deps): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers[REPORT_LINK_HEADER];
    if (header === undefined) return;
    const token = Array.isArray(header) ? header[0] : header;
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) {
      throw new AppError('unauthenticated', 'The reporter link is not valid; use the whole link from your receipt.');
    }
    const session = request.session;
    if (session.kind === 'system') return;
    const grant = await linkGrant(session, deps.db, tokenHash(token));
    if (!grant) throw new AppError('unauthenticated', 'This reporter link no longer works (it was revoked). Ask the security team for a new one, or sign in.');
    request.session = { ...session, grants: [grant] };
  });
}
