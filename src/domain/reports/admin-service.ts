// Administration of report handling: the message templates (seed 001 Appendix A, with a preview filled with
// sample values), the SLA targets and the needs-more-info wait, the pool of reserved CVE IDs, and canned
// responses (which every member of a product's security team may read). Changes are for administrators only
// and audited in the same transaction; templates also need a recent sign-in (they go to every reporter).
import type { Session } from '../../access/session.ts';
import { authorize, authorizeSession, installationFacts } from '../installation/policy.ts';
import type { Deps } from '../../deps.ts';
import { AppError, fieldError, notFound, throwFields, type FieldError } from '../../errors/catalog.ts';
import { securityEmailOf } from '../../settings/disclosure-settings.ts';
import { authorizeSettings } from '../../settings/policy.ts';
import { SETTINGS } from '../../settings/registry.ts';
import { readSetting } from '../../settings/repository.ts';
import { settingsService } from '../../settings/service.ts';
import { recordAudit } from '../audit/repository.ts';
import {
  cannedTitleTaken,
  deleteCannedResponse,
  findCannedResponse,
  insertCannedResponse,
  isOnSomeProductTeam,
  listCannedResponses,
  updateCannedResponse,
  type CannedResponseRow,
} from './canned-repository.ts';
import {
  cvePoolCounts,
  cvesInPool,
  cvesOnReports,
  findPoolEntry,
  listCvePool,
  removeUnusedCve,
  type PoolEntryRow,
} from './cve-pool-repository.ts';
import type { SlaSettings } from './deadlines.ts';
import type { NeedsInfoSettings } from './needs-info-settings.ts';
import type { SlaSettingsPatch } from './sla-settings.ts';
import { addPooledCves } from './cve-pool-repository.ts';
import { DEFAULT_TEMPLATES, fillTemplate, TEMPLATE_PLACEHOLDERS, unknownPlaceholders, type ReportTemplates } from './templates.ts';
import { cleanCve, cleanText } from './validation.ts';

type Placeholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

const PLACEHOLDER_DESCRIPTIONS: Record<Placeholder, string> = {
  reporter: 'The name the reporter gave (or “reporter”).',
  tracking_id: 'The tracking id of the report.',
  title: 'The title of the report.',
  product: 'The product the report is about.',
  report_link: 'Where the reporter follows the report: their report page, or a fresh secret link for reporters without an account.',
  policy_link: 'The disclosure policy page.',
  security_monitor: 'Who signs: the security team and its contact address.',
  disclosure_date: 'The planned disclosure date (YYYY-MM-DD).',
};

export interface PlaceholderInfo {
  name: Placeholder;
  description: string;
  sample: string;
}

export interface TemplatesView {
  templates: ReportTemplates;
  defaults: ReportTemplates;
  placeholders: PlaceholderInfo[];
  /** The saved templates filled with the sample values. */
  preview: ReportTemplates;
}

export interface SlaView extends SlaSettings {
  needsInfo: NeedsInfoSettings;
}

export type SlaPatch = SlaSettingsPatch & { needsInfo?: Partial<NeedsInfoSettings> };

export interface CvePoolView {
  available: number;
  taken: number;
  items: PoolEntryRow[];
}

const TITLE_MAX = 200;
const CANNED_BODY_MAX = 20_000;
const POOL_LIST_MAX = 1000;

function cleanCanned(input: { title: string; body: string }): { title: string; body: string } {
  const title = cleanText('title', input.title, TITLE_MAX, { required: true }).trim();
  if (/\n/.test(title)) throw fieldError('title', 'must be one line.');
  const body = cleanText('body', input.body, CANNED_BODY_MAX, { required: true });
  return { title, body };
}

export function reportAdminService(deps: Deps) {
  const { db, clock } = deps;
  const settings = settingsService(deps);
  async function samples(publicUrl: URL): Promise<Record<Placeholder, string>> {
    const disclosure = await readSetting(db, 'disclosure');
    const url = (path: string) => new URL(path, publicUrl).toString();
    const disclosureDate = new Date(clock.now().getTime() + disclosure.defaultDisclosureDays * 86_400_000).toISOString().slice(0, 10);
    return {
      reporter: 'Rita Reporter',
      tracking_id: `PR-${clock.now().getUTCFullYear()}-00042`,
      title: 'Stored XSS in the comment preview',
      product: 'Widget Server',
      report_link: `${url('/reporter/42')}#link=…`,
      policy_link: url('/disclosure-policy'),
      security_monitor: `The security team (${securityEmailOf(disclosure, publicUrl)})`,
      disclosure_date: disclosureDate,
    };
  }

  function fill(templates: ReportTemplates, values: Record<Placeholder, string>): ReportTemplates {
    return {
      acknowledgement: {
        subject: fillTemplate(templates.acknowledgement.subject, values),
        body: fillTemplate(templates.acknowledgement.body, values),
      },
    };
  }

  async function templatesView(publicUrl: URL): Promise<TemplatesView> {
    const [templates, values] = await Promise.all([readSetting(db, 'report_templates'), samples(publicUrl)]);
    return {
      templates,
      defaults: DEFAULT_TEMPLATES,
      placeholders: TEMPLATE_PLACEHOLDERS.map((name) => ({ name, description: PLACEHOLDER_DESCRIPTIONS[name], sample: values[name] })),
      preview: fill(templates, values),
    };
  }

  async function slaView(): Promise<SlaView> {
    const [sla, needsInfo] = await Promise.all([readSetting(db, 'report_sla'), readSetting(db, 'report_needs_info')]);
    return { ...sla, needsInfo };
  }

  async function poolView(s: Session): Promise<CvePoolView> {
    const [counts, items] = await Promise.all([cvePoolCounts(s, db), listCvePool(s, db, POOL_LIST_MAX)]);
    return { ...counts, items };
  }

  async function assertMayUseCanned(s: Session): Promise<void> {
    const productTeam = s.kind === 'user' && (await isOnSomeProductTeam(s, db, s.userId));
    authorize(installationFacts(s, { productTeam }), 'useCannedResponses');
  }

  return {
    // ---- templates -------------------------------------------------------------------------------------
    async templates(s: Session, publicUrl: URL): Promise<TemplatesView> {
      authorizeSettings(s, 'view', SETTINGS.report_templates, clock.now());
      return templatesView(publicUrl);
    },

    async updateTemplates(s: Session, publicUrl: URL, input: ReportTemplates): Promise<TemplatesView> {
      await settings.update(s, 'report_templates', input);
      return templatesView(publicUrl);
    },

    /** Fills draft templates with the sample values, without saving them. */
    async previewTemplates(
      s: Session,
      publicUrl: URL,
      draft: ReportTemplates,
    ): Promise<{ preview: ReportTemplates; problems: FieldError[] }> {
      authorizeSettings(s, 'view', SETTINGS.report_templates, clock.now());
      return { preview: fill(draft, await samples(publicUrl)), problems: unknownPlaceholders(draft) };
    },

    // ---- SLA targets and the needs-more-info wait --------------------------------------------------------
    async sla(s: Session): Promise<SlaView> {
      authorizeSettings(s, 'view', SETTINGS.report_sla, clock.now());
      return slaView();
    },

    /** The targets and the needs-more-info wait change together (one transaction, one audit event). */
    async updateSla(s: Session, patch: SlaPatch): Promise<SlaView> {
      const { needsInfo, ...targets } = patch;
      // The targets always take part (an empty change is still authorized, and changes nothing).
      const changes: { report_sla: SlaSettingsPatch; report_needs_info?: Partial<NeedsInfoSettings> } = { report_sla: targets };
      if (needsInfo && Object.keys(needsInfo).length > 0) changes.report_needs_info = needsInfo;
      await settings.updateMany(s, changes);
      return slaView();
    },

    // ---- the CVE pool ----------------------------------------------------------------------------------
    async cvePool(s: Session): Promise<CvePoolView> {
      authorizeSession(s, 'manageCvePool');
      return poolView(s);
    },

    /** Adds reserved ids; ids already in the pool are left as they are and named in `alreadyReserved`. */
    async addToCvePool(s: Session, rawIds: string[]): Promise<CvePoolView & { added: string[]; alreadyReserved: string[] }> {
      authorizeSession(s, 'manageCvePool');
      const problems: FieldError[] = [];
      const ids: string[] = [];
      rawIds.forEach((raw, i) => {
        try {
          const id = cleanCve(`ids.${i}`, raw);
          if (!ids.includes(id)) ids.push(id);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          problems.push(...err.fields);
        }
      });
      if (problems.length === 0 && ids.length === 0) problems.push({ field: 'ids', message: 'give at least one CVE ID.' });
      const at = clock.now();
      const result = await db.transaction(async (tx) => {
        for (const used of await cvesOnReports(s, tx, ids)) {
          problems.push({
            field: `ids.${rawIds.findIndex((r) => r.trim().toUpperCase() === used.cve_id)}`,
            message: `${used.cve_id} is already recorded on report ${used.tracking_id}.`,
          });
        }
        throwFields(problems);
        const already = await cvesInPool(s, tx, ids);
        const fresh = ids.filter((id) => !already.includes(id));
        await addPooledCves(s, tx, at, fresh);
        if (fresh.length > 0)
          await recordAudit(s, tx, at, { action: 'cve_pool.added', targetType: 'cve_pool', targetId: 'pool', after: { ids: fresh } });
        return { added: fresh, alreadyReserved: ids.filter((id) => already.includes(id)) };
      });
      return { ...(await poolView(s)), ...result };
    },

    /** Removes a reserved id that was not handed out (for instance one withdrawn by the CVE numbering authority). */
    async removeFromCvePool(s: Session, rawId: string): Promise<CvePoolView> {
      authorizeSession(s, 'manageCvePool');
      const id = cleanCve('cveId', rawId);
      const at = clock.now();
      await db.transaction(async (tx) => {
        const entry = await findPoolEntry(s, tx, id);
        if (!entry) throw notFound(`${id} is not in the pool.`);
        if (entry.taken_at || entry.report_id) {
          throw new AppError(
            'conflict',
            `${id} was handed out${entry.tracking_id ? ` to report ${entry.tracking_id}` : ''}, so it stays in the pool's record.`,
          );
        }
        await removeUnusedCve(s, tx, id);
        await recordAudit(s, tx, at, {
          action: 'cve_pool.removed',
          targetType: 'cve_pool',
          targetId: id,
          before: { reservedAt: entry.reserved_at.toISOString() },
        });
      });
      return poolView(s);
    },

    // ---- canned responses --------------------------------------------------------------------------------
    /** Administrators, and members of any product's security team (who use them on reports). */
    async cannedResponses(s: Session): Promise<CannedResponseRow[]> {
      await assertMayUseCanned(s);
      return listCannedResponses(s, db);
    },

    async createCannedResponse(s: Session, input: { title: string; body: string }): Promise<CannedResponseRow> {
      authorizeSession(s, 'manageCannedResponses');
      const clean = cleanCanned(input);
      const at = clock.now();
      return db.transaction(async (tx) => {
        if (await cannedTitleTaken(s, tx, clean.title, null)) throw fieldError('title', 'another canned response has this title.');
        const row = await insertCannedResponse(s, tx, at, clean);
        await recordAudit(s, tx, at, { action: 'canned_response.created', targetType: 'canned_response', targetId: row.id, after: clean });
        return row;
      });
    },

    async updateCannedResponse(s: Session, id: number, patch: { title?: string; body?: string }): Promise<CannedResponseRow> {
      authorizeSession(s, 'manageCannedResponses');
      const at = clock.now();
      return db.transaction(async (tx) => {
        const before = await findCannedResponse(s, tx, id, { forUpdate: true });
        if (!before) throw notFound('There is no such canned response.');
        const clean = cleanCanned({ title: patch.title ?? before.title, body: patch.body ?? before.body });
        if (await cannedTitleTaken(s, tx, clean.title, id)) throw fieldError('title', 'another canned response has this title.');
        const row = await updateCannedResponse(s, tx, at, id, clean);
        await recordAudit(s, tx, at, {
          action: 'canned_response.changed',
          targetType: 'canned_response',
          targetId: id,
          before: { title: before.title, body: before.body },
          after: clean,
        });
        return row;
      });
    },

    async deleteCannedResponse(s: Session, id: number): Promise<void> {
      authorizeSession(s, 'manageCannedResponses');
      const at = clock.now();
      await db.transaction(async (tx) => {
        const before = await findCannedResponse(s, tx, id, { forUpdate: true });
        if (!before) throw notFound('There is no such canned response.');
        await deleteCannedResponse(s, tx, id);
        await recordAudit(s, tx, at, {
          action: 'canned_response.deleted',
          targetType: 'canned_response',
          targetId: id,
          before: { title: before.title, body: before.body },
        });
      });
    },
  };
}

export type ReportAdminService = ReturnType<typeof reportAdminService>;
