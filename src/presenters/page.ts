// Page responses, with the caller's abilities (the UI reads them; it never re-derives rules).
import { Type } from 'typebox';
import type { ObjectAbilities, ObjectRow } from '../domain/objects/repository.ts';
import { DateTime } from '../http/schemas.ts';
import { renderMarkdown } from '../markdown/render.ts';

export const PageSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  body: Type.String({ description: 'Markdown, as written.' }),
  bodyHtml: Type.String({ description: 'The Markdown rendered and sanitised: the only form of the body a page may insert as HTML.' }),
  published: Type.Boolean(),
  readGroupId: Type.Integer(),
  editGroupId: Type.Integer(),
  publishGroupId: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
  abilities: Type.Object({ edit: Type.Boolean(), publish: Type.Boolean() }),
});

export async function presentPage(p: { row: ObjectRow; body: string; abilities: ObjectAbilities }) {
  return {
    id: p.row.id,
    title: p.row.title,
    body: p.body,
    bodyHtml: await renderMarkdown(p.body),
    published: p.row.published,
    readGroupId: p.row.read_group_id,
    editGroupId: p.row.edit_group_id,
    publishGroupId: p.row.publish_group_id,
    createdAt: p.row.created_at.toISOString(),
    updatedAt: p.row.updated_at.toISOString(),
    abilities: { edit: p.abilities.edit, publish: p.abilities.publish },
  };
}
