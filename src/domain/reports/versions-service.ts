// Affected products and version ranges of a report and, once known, the versions that fix it (seed 001:
// "Identifies all versions affected by the vulnerability").
import type { Session } from '../../access/session.ts';
import type { Deps } from '../../deps.ts';
import { fieldError, notFound } from '../../errors/catalog.ts';
import { recordAudit } from '../audit/repository.ts';
import { findProduct } from '../products/repository.ts';
import { eventActor, loadForChange } from './context.ts';
import { assertMayTriage } from './policy.ts';
import { updateReport } from './repository.ts';
import { deleteReportVersion, insertReportVersion, updateReportVersion } from './report-versions-repository.ts';
import { insertEvent } from './timeline-repository.ts';
import { cleanText } from './validation.ts';

function cleanRange(field: string, value: string, required: boolean): string {
  const text = cleanText(field, value, 200, { required });
  if (/\n/.test(text)) throw fieldError(field, 'must be one line, such as ">= 2.0, < 2.4.1".');
  return text.trim();
}

export function versionsService({ db, clock }: Deps) {
  return {
    async add(s: Session, id: number, input: { productId: number; affected: string; fixedIn?: string }): Promise<number> {
      const affected = cleanRange('affected', input.affected, true);
      const fixedIn = cleanRange('fixedIn', input.fixedIn ?? '', false);
      const at = clock.now();
      return db.transaction(async (tx) => {
        const { report, viewer } = await loadForChange(s, tx, id);
        assertMayTriage(viewer);
        const product = await findProduct(s, tx, input.productId);
        if (!product) throw fieldError('productId', `there is no product with id ${input.productId}.`);
        const versionId = await insertReportVersion(s, tx, at, id, { productId: product.id, affected, fixedIn });
        if (!report.checklist.versions_identified) {
          await updateReport(s, tx, at, id, {
            checklist: {
              ...report.checklist,
              versions_identified: { at: at.toISOString(), by: s.kind === 'user' ? s.username : 'Parapet' },
            },
          });
        }
        await insertEvent(s, tx, at, id, {
          ...eventActor(s, viewer),
          kind: 'versions_changed',
          internal: false,
          data: { product: product.name, affected, fixedIn },
        });
        await recordAudit(s, tx, at, {
          action: 'report.version_added',
          targetType: 'report',
          targetId: id,
          after: { versionId, productId: product.id, affected, fixedIn },
        });
        return versionId;
      });
    },

    async update(s: Session, id: number, versionId: number, input: { affected?: string; fixedIn?: string }): Promise<void> {
      const affected = input.affected === undefined ? undefined : cleanRange('affected', input.affected, true);
      const fixedIn = input.fixedIn === undefined ? undefined : cleanRange('fixedIn', input.fixedIn, false);
      const at = clock.now();
      await db.transaction(async (tx) => {
        const { viewer } = await loadForChange(s, tx, id);
        assertMayTriage(viewer);
        if (!(await updateReportVersion(s, tx, id, versionId, { affected, fixedIn })))
          throw notFound('The report has no such version entry.');
        await insertEvent(s, tx, at, id, {
          ...eventActor(s, viewer),
          kind: 'versions_changed',
          internal: false,
          data: { affected, fixedIn },
        });
        await recordAudit(s, tx, at, {
          action: 'report.version_changed',
          targetType: 'report',
          targetId: id,
          after: { versionId, affected, fixedIn },
        });
      });
    },

    async remove(s: Session, id: number, versionId: number): Promise<void> {
      const at = clock.now();
      await db.transaction(async (tx) => {
        const { viewer } = await loadForChange(s, tx, id);
        assertMayTriage(viewer);
        if (!(await deleteReportVersion(s, tx, id, versionId))) throw notFound('The report has no such version entry.');
        await recordAudit(s, tx, at, { action: 'report.version_removed', targetType: 'report', targetId: id, before: { versionId } });
      });
    },
  };
}
