// The report services, assembled: intake, reading, triage and the conversation around a report.
import type { Deps } from '../../deps.ts';
import { conversationService } from './conversation-service.ts';
import { reportIntakeService } from './intake-service.ts';
import { reportQueryService } from './query-service.ts';
import { triageService } from './triage-service.ts';
import { versionsService } from './versions-service.ts';

export function reportServices(deps: Deps) {
  const intake = reportIntakeService(deps);
  return {
    intake,
    query: reportQueryService(deps, intake.buildFor),
    triage: triageService(deps),
    conversation: conversationService(deps),
    versions: versionsService(deps),
  };
}
