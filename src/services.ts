// The service layer, assembled from its dependencies. Routes, the command line and tests use this.
import { accountService } from './auth/account-service.ts';
import { HashGate } from './auth/hash-gate.ts';
import { authService } from './auth/service.ts';
import { invitationService } from './auth/invitation-service.ts';
import { signInService } from './auth/sign-in.ts';
import type { Deps } from './deps.ts';
import { auditService } from './domain/audit/service.ts';
import { groupService } from './domain/groups/service.ts';
import { intakeService } from './intake/service.ts';
import { pageService } from './domain/pages/service.ts';
import { productService } from './domain/products/service.ts';
import { reportServices } from './domain/reports/services.ts';
import { reportAdminService } from './domain/reports/admin-service.ts';
import { reportMailer } from './mail/report-mails.ts';
import { registrationService } from './domain/users/registration-service.ts';
import { userService } from './domain/users/service.ts';
import { lazyJobQueue } from './jobs/queue.ts';
import { mailer } from './mail/mailer.ts';
import { outboxReader } from './mail/outbox.ts';
import { addressedTransport, mailSender } from './mail/sender.ts';
import { disclosureService } from './settings/disclosure-service.ts';
import { settingsService } from './settings/service.ts';

export function createServices(input: Deps) {
  const jobs = input.jobs ?? lazyJobQueue(input.db);
  const gate = input.gate ?? new HashGate();
  const deps = { ...input, jobs, gate };
  const signIn = signInService(deps);
  if (input.mail) {
    // Every message goes out from the installation's contact address (or PARAPET_MAIL_FROM).
    const transport = addressedTransport(
      input.mail.transport,
      mailSender({ db: input.db, publicUrl: input.mail.publicUrl, override: input.mail.from }),
    );
    const mail = mailer({ db: input.db, clock: input.clock, transport, publicUrl: input.mail.publicUrl });
    jobs.handle('mail', (data) => mail.deliver(data));
    const reportMail = reportMailer({ db: input.db, clock: input.clock, transport, publicUrl: input.mail.publicUrl });
    jobs.handle('report-mail', (data) => reportMail.deliver(data));
  }
  return {
    deps,
    auth: { ...authService(deps), signIn: signIn.signIn.bind(signIn) },
    signIn,
    account: accountService(deps),
    users: userService(deps),
    registration: registrationService(deps),
    invitations: invitationService(deps),
    audit: auditService(deps),
    groups: groupService(deps),
    pages: pageService(deps),
    products: productService(deps),
    reports: reportServices(deps),
    reportAdmin: reportAdminService(deps),
    settings: settingsService(deps),
    disclosure: disclosureService(deps),
    intake: intakeService(deps),
    outbox: outboxReader(input.mail?.outboxDir ?? ''),
  };
}

export type Services = ReturnType<typeof createServices>;
