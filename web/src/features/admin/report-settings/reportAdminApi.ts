// The report administration API as the UI uses it (administrators): message templates with their preview,
// SLA targets and the needs-more-info wait, the pool of reserved CVE IDs, canned responses.
import { call } from '../../../api.ts';
import type {
  CannedResponse,
  CvePool,
  ReportTemplates,
  SlaPatch,
  SlaSettings,
  TemplatesPreview,
  TemplatesView,
} from '../../../contract.ts';

export type {
  CannedResponse,
  CvePool,
  CvePoolEntry,
  FixDays,
  MessageTemplate,
  NeedsInfo,
  Placeholder,
  ReportTemplates,
  SlaPatch,
  SlaSettings,
  TemplatesPreview,
  TemplatesView,
} from '../../../contract.ts';

export const reportAdminApi = {
  templates: () => call<TemplatesView>('GET', '/api/admin/report-templates'),
  saveTemplates: (templates: ReportTemplates) => call<TemplatesView>('PUT', '/api/admin/report-templates', templates),
  previewTemplates: (templates: ReportTemplates) => call<TemplatesPreview>('POST', '/api/admin/report-templates/preview', templates),
  sla: () => call<SlaSettings>('GET', '/api/admin/sla'),
  updateSla: (patch: SlaPatch) => call<SlaSettings>('PATCH', '/api/admin/sla', patch),
  cvePool: () => call<CvePool>('GET', '/api/admin/cve-pool'),
  addCves: (ids: string[]) => call<CvePool & { added: string[]; alreadyReserved: string[] }>('POST', '/api/admin/cve-pool', { ids }),
  removeCve: (cveId: string) => call<CvePool>('DELETE', `/api/admin/cve-pool/${encodeURIComponent(cveId)}`),
  cannedResponses: () => call<{ items: CannedResponse[] }>('GET', '/api/canned-responses'),
  createCanned: (input: { title: string; body: string }) => call<CannedResponse>('POST', '/api/admin/canned-responses', input),
  updateCanned: (id: number, input: { title?: string; body?: string }) =>
    call<CannedResponse>('PATCH', `/api/admin/canned-responses/${id}`, input),
  removeCanned: (id: number) => call<{ ok: true }>('DELETE', `/api/admin/canned-responses/${id}`),
};
