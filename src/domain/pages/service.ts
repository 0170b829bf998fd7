// Pages: a securable document with a live (published) state. The first domain type on the access core.
import { accessKeys, type AccessKeys } from '../../access/read-access.ts';
import type { Readable } from '../../access/readable.ts';
import type { Session } from '../../access/session.ts';
import type { Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { AppError, fieldError, notFound } from '../../errors/catalog.ts';
import { recordAudit } from '../audit/repository.ts';
import { findGroup } from '../groups/repository.ts';
import { cleanName } from '../names.ts';
import * as objects from '../objects/repository.ts';
import * as search from '../objects/search-repository.ts';
import { assertMayChangeAccess, assertMayCreatePage, assertMayEdit, assertMayPublish } from './policy.ts';
import { PAGE_TYPE, insertPageBody, pageBodies, updatePageBody } from './repository.ts';

export const PAGE_TITLE_MAX = 300;
export const PAGE_BODY_MAX = 200_000;

export interface AccessGroups {
  readGroupId: number;
  editGroupId: number;
  publishGroupId: number;
}

export interface PageListQuery {
  text?: string;
  published?: boolean;
  sort: search.SortKey;
  limit: number;
  offset: number;
}

const pageNotFound = () => notFound('There is no such page.');

function cleanBody(body: string): string {
  if (body.length > PAGE_BODY_MAX) throw fieldError('body', `must be at most ${PAGE_BODY_MAX} characters long.`);
  return body;
}

export function pageService({ db, clock }: Deps) {
  async function checkGroups(s: Session, tx: Tx, groups: AccessGroups): Promise<void> {
    const fields: { field: string; message: string }[] = [];
    for (const [field, id] of Object.entries(groups) as [keyof AccessGroups, number][]) {
      const g = await findGroup(s, tx, id);
      if (!g) fields.push({ field, message: `there is no group with id ${id}.` });
    }
    if (fields.length > 0) {
      throw new AppError('validation', fields.map((f) => `${f.field}: ${f.message}`).join(' '), { fields });
    }
  }

  /** `keys`: the session's access keys when the caller already loaded them for this request. */
  async function present(s: Session, rows: readonly Readable<objects.ObjectRow>[], keys?: AccessKeys) {
    const [bodies, abilities] = await Promise.all([pageBodies(rows, db), objects.objectAbilities(s, db, rows, keys)]);
    return rows.map((row) => ({
      row,
      body: bodies.get(row.id) ?? '',
      abilities: abilities.get(row.id) ?? { edit: false, publish: false },
    }));
  }

  async function loadForChange(s: Session, tx: Tx, id: number) {
    const page = await objects.findObject(s, tx, PAGE_TYPE, id, { forUpdate: true });
    if (!page) throw pageNotFound();
    return page;
  }

  return {
    async create(s: Session, input: { title: string; body: string; groups: AccessGroups }) {
      assertMayCreatePage(s);
      const { name: title } = cleanName('title', input.title, PAGE_TITLE_MAX);
      const body = cleanBody(input.body);
      const at = clock.now();
      const id = await db.transaction(async (tx) => {
        await checkGroups(s, tx, input.groups);
        const id = await objects.insertObject(s, tx, at, { type: PAGE_TYPE, title, searchText: body, ...input.groups });
        await insertPageBody(s, tx, id, body);
        await recordAudit(s, tx, at, { action: 'page.created', targetType: 'page', targetId: id, after: { title, ...input.groups } });
        return id;
      });
      return this.get(s, id);
    },

    // Each request reads the session's access keys once and passes them to every read it makes.
    async get(s: Session, id: number) {
      const keys = await accessKeys(s, db);
      const page = await objects.findObject(s, db, PAGE_TYPE, id, { keys });
      if (!page) throw pageNotFound();
      const [presented] = await present(s, [page], keys); // one for each row
      if (!presented) throw new Error('Internal error: a page row was not presented.');
      return presented;
    },

    /** Readable pages, searched, filtered and sorted (the newest first by default: a walk of the read keys). */
    async list(s: Session, query: PageListQuery) {
      const keys = await accessKeys(s, db);
      const rows = await search.searchObjects(s, db, { type: PAGE_TYPE, ...query }, keys);
      return present(s, rows, keys);
    },

    async count(s: Session, query: { text?: string; published?: boolean }) {
      return search.countObjects(s, db, { type: PAGE_TYPE, ...query });
    },

    async update(s: Session, id: number, patch: { title?: string; body?: string }) {
      const title = patch.title === undefined ? undefined : cleanName('title', patch.title, PAGE_TITLE_MAX).name;
      const body = patch.body === undefined ? undefined : cleanBody(patch.body);
      const at = clock.now();
      await db.transaction(async (tx) => {
        const page = await loadForChange(s, tx, id);
        await assertMayEdit(s, tx, page);
        await objects.updateObjectFields(s, tx, at, id, { title, searchText: body });
        if (body !== undefined) await updatePageBody(s, tx, id, body);
        await recordAudit(s, tx, at, {
          action: 'page.updated',
          targetType: 'page',
          targetId: id,
          before: { title: page.title },
          after: { title: title ?? page.title, bodyChanged: body !== undefined },
        });
      });
      return this.get(s, id);
    },

    async setPublished(s: Session, id: number, published: boolean) {
      const at = clock.now();
      await db.transaction(async (tx) => {
        const page = await loadForChange(s, tx, id);
        await assertMayPublish(s, tx, page);
        if (page.published === published) return;
        await objects.updateObjectFields(s, tx, at, id, { published });
        await recordAudit(s, tx, at, {
          action: published ? 'page.published' : 'page.unpublished',
          targetType: 'page',
          targetId: id,
          before: { published: page.published },
          after: { published },
        });
      });
      return this.get(s, id);
    },

    async setAccess(s: Session, id: number, groups: AccessGroups) {
      const at = clock.now();
      await db.transaction(async (tx) => {
        const page = await loadForChange(s, tx, id);
        assertMayChangeAccess(s);
        await checkGroups(s, tx, groups);
        await objects.updateObjectGroups(s, tx, at, id, groups);
        await recordAudit(s, tx, at, {
          action: 'object.access_changed',
          targetType: 'page',
          targetId: id,
          before: { readGroupId: page.read_group_id, editGroupId: page.edit_group_id, publishGroupId: page.publish_group_id },
          after: groups,
        });
      });
      return this.get(s, id);
    },
  };
}

export type PageService = ReturnType<typeof pageService>;
