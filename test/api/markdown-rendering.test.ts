// Every place that renders Markdown opens for any text (issue 10, item 13): an anonymous report, a comment,
// the disclosure policy and a page holding the nested emphasis that used to block the server and then answer
// 500, or blocks nested deeper than the renderer keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { createProduct, memberOf, submission, submitAnonymously, type ProductFixture } from '../helpers/reports.ts';

const NESTED = '*'.repeat(12_000) + 'a' + '*'.repeat(12_000);
const DEEP = '> '.repeat(500) + 'deep';

/** The HTML a response holds for a nested text: bounded emphasis, the text still there. */
function expectBounded(html: string) {
  expect(html.split('<strong>').length - 1).toBe(16);
  expect(html).toContain('a');
}

describe(`Markdown in responses (${backendName})`, () => {
  let t: TestApp;
  let product: ProductFixture;
  let member: Actor;
  let admin: Actor;
  beforeAll(async () => {
    t = await createTestApp();
    product = await createProduct(t, 'Rendering Product');
    member = await memberOf(t, 'render-member', product.teamGroupId);
    admin = await t.actor('render-admin', { isAdmin: true });
  });
  afterAll(async () => t?.close());

  it('an anonymous report with nested emphasis and deep quotes opens for its reporter and its team', async () => {
    const report = await submitAnonymously(t, submission(product.id, { description: NESTED, steps: DEEP }));
    await t.buildInbox();
    const asReporter = await t.request(anonymous, { url: `/api/reports/${report.id}`, headers: { 'x-report-link': report.token } });
    expect(asReporter.statusCode).toBe(200);
    expectBounded(asReporter.json().description.html);
    expect(asReporter.json().steps.html).toBe(`<pre>${'&#62; '.repeat(500)}deep</pre>\n`);
    const asTeam = await t.request(member, { url: `/api/reports/${report.id}` });
    expect(asTeam.statusCode).toBe(200);
    expectBounded(asTeam.json().description.html);
    expect(asTeam.json().description.markdown).toBe(NESTED);

    const commented = await t.request(anonymous, {
      method: 'POST',
      url: `/api/reports/${report.id}/comments`,
      headers: { 'x-report-link': report.token },
      payload: { body: NESTED },
    });
    expect(commented.statusCode).toBe(200);
    const comment = commented.json().timeline.find((e: { kind: string }) => e.kind === 'comment');
    expectBounded(comment.body.html);
  });

  it('the disclosure policy and a page with nested emphasis open', async () => {
    await t.reauthenticate(admin);
    const patched = await t.request(admin, { method: 'PATCH', url: '/api/admin/disclosure-settings', payload: { policyMarkdown: NESTED } });
    expect(patched.statusCode).toBe(200);
    const policy = await t.request(anonymous, { url: '/api/disclosure-policy' });
    expect(policy.statusCode).toBe(200);
    expectBounded(policy.json().html);

    const page = await t.request(admin, {
      method: 'POST',
      url: '/api/pages',
      payload: {
        title: 'Nested',
        body: NESTED,
        readGroupId: product.teamGroupId,
        editGroupId: product.teamGroupId,
        publishGroupId: product.teamGroupId,
      },
    });
    expect(page.statusCode).toBe(201);
    expectBounded(page.json().bodyHtml);
    const read = await t.request(admin, { url: `/api/pages/${page.json().id}` });
    expectBounded(read.json().bodyHtml);
  });
});
