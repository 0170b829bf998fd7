// The report services, assembled: intake, reading, triage, the conversation around a report and co-reporter
// invitations.
import type { Deps } from '../../deps.ts';
import { conversationService } from './conversation-service.ts';
import { reportIntakeService } from './intake-service.ts';
import { invitationService } from './invitation-service.ts';
import { reportQueryService } from './query-service.ts';
import { triageService } from './triage-service.ts';
import { versionsService } from './versions-service.ts';

export function reportServices(deps: Deps) {
  const intake = reportIntakeService(deps);
  return {
    intake,
    query: reportQueryService(deps, (s, which) => intake.buildFor(s, which)),
    triage: triageService(deps),
    conversation: conversationService(deps),
    invitations: invitationService(deps),
    versions: versionsService(deps),
  };
}
