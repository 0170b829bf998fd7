// The report administration API as the UI uses it (administrators): message templates with their preview,
// SLA targets and the needs-more-info wait, the pool of reserved CVE IDs, canned responses.
import { call } from '../../../api.ts';

export interface MessageTemplate {
  subject: string;
  body: string;
}

export interface ReportTemplates {
  acknowledgement: MessageTemplate;
}

export interface Placeholder {
  name: string;
  description: string;
  sample: string;
}

export interface TemplatesView {
  templates: ReportTemplates;
  defaults: ReportTemplates;
  placeholders: Placeholder[];
  preview: ReportTemplates;
}

export interface TemplatesPreview {
  preview: ReportTemplates;
  problems: { field: string; message: string }[];
}

export interface FixDays {
  critical: number;
  high: number;
  medium: number;
  low: number;
}

export interface NeedsInfo {
  closeDays: number;
  warningDays: number;
}

export interface SlaSettings {
  acknowledgeBusinessDays: number;
  triageBusinessDays: number;
  triageCriticalBusinessDays: number;
  fixDays: FixDays;
  nearShare: number;
  needsInfo: NeedsInfo;
}

export type SlaPatch = Partial<Omit<SlaSettings, 'fixDays' | 'needsInfo'>> & { fixDays?: Partial<FixDays>; needsInfo?: Partial<NeedsInfo> };

export interface CvePoolEntry {
  cveId: string;
  reservedAt: string;
  takenAt: string | null;
  report: { id: number; trackingId: string } | null;
}

export interface CvePool {
  available: number;
  taken: number;
  items: CvePoolEntry[];
}

export interface CannedResponse {
  id: number;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

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
  updateCanned: (id: number, input: { title?: string; body?: string }) => call<CannedResponse>('PATCH', `/api/admin/canned-responses/${id}`, input),
  removeCanned: (id: number) => call<{ ok: true }>('DELETE', `/api/admin/canned-responses/${id}`),
};
